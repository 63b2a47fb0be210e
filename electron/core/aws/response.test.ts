/** The recorded and composed STS/IAM XML samples (test-vectors/xml, see SOURCES.md), walked in one loop each. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServiceName } from './constants.js';
import { scrubSecrets } from './errors.js';
import { IAM_RESULTS } from './iam.js';
import { interpretResponse } from './response.js';
import { readStruct, type StructSpec } from './shapes.js';
import { STS_RESULTS } from './sts.js';
import { parseXml } from './xml.js';

const DIR = join(__dirname, '../../../test-vectors/xml');
interface Entry {
  readonly name: string;
  readonly service: string;
  readonly operation?: string;
  readonly kind: 'response' | 'error';
  readonly http_status: number | null;
}
const entries = (JSON.parse(readFileSync(join(DIR, 'INDEX.json'), 'utf8')) as { entries: Entry[] }).entries;
const SPECS: Record<string, StructSpec> = { ...STS_RESULTS, ...IAM_RESULTS };
const read = (name: string, ext: string) => readFileSync(join(DIR, `${name}.${ext}`), 'utf8');
const hasXml = (name: string) => {
  try {
    read(name, 'xml');
    return true;
  } catch {
    return false;
  }
};

/** botocore fixtures are the expected object itself; the others wrap it in `expected`. */
function expectedOf(name: string): Record<string, unknown> {
  const json = JSON.parse(read(name, 'json')) as Record<string, unknown>;
  return (json.expected as Record<string, unknown> | undefined) ?? json;
}

describe('XML samples', () => {
  it('has the samples', () => expect(entries.length).toBeGreaterThanOrEqual(80));

  for (const e of entries.filter((x) => hasXml(x.name))) {
    it(`parses ${e.name} as XML`, () => expect(parseXml(read(e.name, 'xml')).ok).toBe(true));
  }

  const ours = entries.filter((e) => e.kind === 'response' && e.operation !== undefined && e.operation in SPECS && (e.service === 'sts' || e.service === 'iam'));
  it('covers every STS operation and GetAccessKeyLastUsed', () => expect(new Set(ours.map((e) => e.operation)).size).toBe(Object.keys(SPECS).length));
  for (const e of ours) {
    it(`reads ${e.name} into the ${e.operation} result`, () => {
      const expected = expectedOf(e.name);
      const answer = interpretResponse(e.operation as string, e.service as ServiceName, { status: 200, headers: {}, body: read(e.name, 'xml') }, (r) =>
        readStruct(r, SPECS[e.operation as string] as StructSpec),
      );
      expect(answer.ok).toBe(true);
      if (!answer.ok) return;
      const { ResponseMetadata, ...result } = expected as { ResponseMetadata?: { RequestId?: string } };
      expect(answer.value.value).toEqual(result);
      expect(answer.value.requestId).toBe(ResponseMetadata?.RequestId);
    });
  }

  for (const e of entries.filter((x) => x.kind === 'error' && hasXml(x.name))) {
    it(`reads the error in ${e.name}`, () => {
      const json = JSON.parse(read(e.name, 'json')) as Record<string, unknown>;
      const smithy = json.vendorParams as { code: string } | undefined;
      const code = smithy?.code ?? (expectedOf(e.name).Error as { Code: string }).Code;
      const message = smithy ? (json.params as { Message?: string }).Message : (expectedOf(e.name).Error as { Message: string }).Message;
      const status = e.http_status ?? (json.code as number | undefined) ?? 400;
      const answer = interpretResponse(e.operation ?? 'Operation', (e.service === 'iam' ? 'iam' : 'sts') as ServiceName, { status, headers: {}, body: read(e.name, 'xml') }, () => null);
      expect(answer.ok).toBe(false);
      if (answer.ok) return;
      expect(answer.error).toMatchObject({ kind: 'aws', code, httpStatus: status });
      // Key ids in messages are masked on purpose: compare with the masked text.
      if (message !== undefined && answer.error.kind === 'aws') expect(answer.error.message).toBe(scrubSecrets(message));
    });
  }

  it('keeps an account id with a leading zero as a string', () => {
    const body = '<GetAccessKeyInfoResponse><GetAccessKeyInfoResult><Account>012345678901</Account></GetAccessKeyInfoResult></GetAccessKeyInfoResponse>';
    const answer = interpretResponse('GetAccessKeyInfo', 'sts', { status: 200, headers: {}, body }, (r) => readStruct(r, STS_RESULTS.GetAccessKeyInfo));
    expect(answer.ok && answer.value.value).toEqual({ Account: '012345678901' });
  });

  it('calls a success document for another action unexpected, with the status', () => {
    const body = '<GetCallerIdentityResponse><GetCallerIdentityResult/></GetCallerIdentityResponse>';
    const answer = interpretResponse('AssumeRole', 'sts', { status: 200, headers: {}, body }, () => null);
    expect(!answer.ok && answer.error).toMatchObject({ kind: 'parse', httpStatus: 200 });
  });
});

describe('bodies that are not whole XML', () => {
  const gci = (body: string) => interpretResponse('GetCallerIdentity', 'sts', { status: 200, headers: {}, body }, (r) => readStruct(r, STS_RESULTS.GetCallerIdentity));
  const whole = '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/a</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>\n';
  it('accepts the whole document', () => expect(gci(whole).ok).toBe(true));
  for (let cut = 10; cut < whole.length - 3; cut += 23) {
    it(`refuses the document cut at ${cut} characters`, () => {
      const r = gci(whole.slice(0, cut));
      expect(!r.ok && r.error.kind).toBe('parse');
    });
  }
  it('refuses text that is not XML at all', () => expect(!gci('Service Unavailable').ok && gci('Service Unavailable')).toMatchObject({ error: { kind: 'parse' } }));
});
