/** Reads an HTTP answer as a Query response: the result, an AWS error document (either shape), or not AWS XML. */
import type { AwsFailure, ParseFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { HEADER_REQUEST_ID, type ServiceName } from './constants.js';
import { awsFailure, parseFailure } from './errors.js';
import type { QueryAnswer } from './model.js';
import { MissingMemberError } from './shapes.js';
import type { HttpResponse } from './transport.js';
import { parseXml, path, root, text, type XmlNode } from './xml.js';

/** Interprets one answer to `action`; `read` turns the `<action>Result` element into a typed value. */
export function interpretResponse<T>(
  action: string,
  service: ServiceName,
  response: HttpResponse,
  read: (result: XmlNode | undefined) => T,
  accessKeyId?: string,
): Result<QueryAnswer<T>, AwsFailure | ParseFailure> {
  const contentType = response.headers['content-type'];
  const parsed = parseXml(response.body);
  if (!parsed.ok) return err(parseFailure(parsed.reason, response.status, response.body, contentType, action, response.headers.location));
  const top = root(parsed.doc);
  const headerRequestId = response.headers[HEADER_REQUEST_ID];
  // AWS: <ErrorResponse><Error>…</Error><RequestId/>; moto and others: <ErrorResponse><Errors><Error>…
  const errorNode = top && (top.name === 'ErrorResponse' || top.name === 'Response') ? (path(top.node, 'Error') ?? path(top.node, 'Errors', 'Error')) : undefined;
  if (errorNode !== undefined) {
    const code = (text(errorNode, 'Code') ?? 'Unknown').trim();
    const requestId = text(top?.node, 'RequestId') ?? text(top?.node, 'RequestID') ?? text(errorNode, 'RequestId') ?? headerRequestId;
    return err(awsFailure(action, { code, message: text(errorNode, 'Message') ?? '', ...(requestId ? { requestId } : {}) }, response.status, { service, accessKeyId }));
  }
  if (response.status < 200 || response.status >= 300 || !top || top.name !== `${action}Response`) {
    const what = top ? `<${top.name}> where <${action}Response> was expected` : 'no root element';
    return err(parseFailure(what, response.status, response.body, contentType, action, response.headers.location));
  }
  const requestId = text(top.node, 'ResponseMetadata', 'RequestId') ?? headerRequestId;
  try {
    const value = read(path(top.node, `${action}Result`));
    return ok(requestId ? { value, requestId } : { value });
  } catch (e) {
    // Well-formed, but without what AWS always sends: not AWS's answer (a stand-in, a proxy), or AWS changed.
    if (!(e instanceof MissingMemberError)) throw e;
    return err({
      ...parseFailure(e.message, response.status, response.body, contentType, action),
      message: `The answer to ${action} lacks what AWS always sends: ${e.message}.`,
      hint: 'It did not come from AWS as expected: check the endpoint URL and any proxy, then try again.',
    });
  }
}
