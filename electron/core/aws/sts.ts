/** STS operations: parameters checked against the API reference, then sent, and answered with typed results. */
import { err, type Result } from '../../../shared/result.js';
import type { Failure } from '../../../shared/failure.js';
import { ACCESS_KEY_ID_PATTERN } from '../keys/key-id.js';
import type { QueryClient } from './client.js';
import type { QueryAnswer } from './model.js';
import type { QueryValue } from './query.js';
import { readStruct, type ReadResult } from './shapes.js';
import type { AssumeRoleInput, AssumeRoleWithSamlInput, AssumeRoleWithWebIdentityInput, GetFederationTokenInput, GetSessionTokenInput } from './sts-inputs.js';
import { checkMfa, checkSessionPolicies, checkTags, checkTransitiveTagKeys, roleArnRule, sessionNameRule, sessionPolicyParams, tagsParam } from './sts-params.js';
import { STS_RESULTS } from './sts-results.js';
import type {
  AssumeRoleOutput,
  AssumeRoleWithSamlOutput,
  AssumeRoleWithWebIdentityOutput,
  CallerIdentity,
  DecodeAuthorizationMessageOutput,
  GetAccessKeyInfoOutput,
  GetFederationTokenOutput,
  GetSessionTokenOutput,
} from './sts-results.js';
import { checkDuration, checkString, firstFailure, PATTERNS } from './validate.js';

export type * from './sts-inputs.js';
export type * from './sts-results.js';
export { STS_RESULTS };

type Outcome<T> = Promise<Result<QueryAnswer<T>, Failure>>;
type StsAction = keyof typeof STS_RESULTS;

/** Sends one STS action and reads its result with the action's spec; unsigned when `signed` is false. */
function callSts<A extends StsAction>(client: QueryClient, action: A, params: Readonly<Record<string, QueryValue>>, signed = true): Outcome<ReadResult<(typeof STS_RESULTS)[A]>> {
  return client.call('sts', action, params, (r) => readStruct(r, STS_RESULTS[action]), signed);
}

/** STS GetCallerIdentity: who this credential is. */
export function getCallerIdentity(client: QueryClient): Outcome<CallerIdentity> {
  return callSts(client, 'GetCallerIdentity', {});
}

/** STS GetAccessKeyInfo: the account that owns a key id. */
export function getAccessKeyInfo(client: QueryClient, accessKeyId: string): Outcome<GetAccessKeyInfoOutput> {
  const bad = checkString('AccessKeyId', accessKeyId, { required: true, min: 16, max: 128, pattern: ACCESS_KEY_ID_PATTERN, allowed: 'upper-case letters and digits' });
  if (bad) return Promise.resolve(err(bad));
  return callSts(client, 'GetAccessKeyInfo', { AccessKeyId: accessKeyId });
}

/** STS AssumeRole. */
export function assumeRole(client: QueryClient, input: AssumeRoleInput): Outcome<AssumeRoleOutput> {
  const bad = firstFailure(
    checkString('RoleArn', input.RoleArn, roleArnRule),
    checkString('RoleSessionName', input.RoleSessionName, sessionNameRule),
    checkSessionPolicies(input, 43200),
    checkString('ExternalId', input.ExternalId, { min: 2, max: 1224, ...PATTERNS.externalId }),
    checkMfa(input.SerialNumber, input.TokenCode),
    checkTags(input.Tags),
    checkTransitiveTagKeys(input.TransitiveTagKeys),
    checkString('SourceIdentity', input.SourceIdentity, { min: 2, max: 64, ...PATTERNS.sessionName }),
  );
  if (bad) return Promise.resolve(err(bad));
  return callSts(client, 'AssumeRole', {
    RoleArn: input.RoleArn,
    RoleSessionName: input.RoleSessionName,
    ...sessionPolicyParams(input),
    Tags: tagsParam(input.Tags),
    TransitiveTagKeys: input.TransitiveTagKeys,
    ExternalId: input.ExternalId,
    SerialNumber: input.SerialNumber,
    TokenCode: input.TokenCode,
    SourceIdentity: input.SourceIdentity,
  });
}

/** STS GetSessionToken, optionally with MFA. */
export function getSessionToken(client: QueryClient, input: GetSessionTokenInput = {}): Outcome<GetSessionTokenOutput> {
  const bad = firstFailure(checkDuration('DurationSeconds', input.DurationSeconds, 900, 129600), checkMfa(input.SerialNumber, input.TokenCode));
  if (bad) return Promise.resolve(err(bad));
  return callSts(client, 'GetSessionToken', { DurationSeconds: input.DurationSeconds, SerialNumber: input.SerialNumber, TokenCode: input.TokenCode });
}

/** STS GetFederationToken. */
export function getFederationToken(client: QueryClient, input: GetFederationTokenInput): Outcome<GetFederationTokenOutput> {
  const bad = firstFailure(
    checkString('Name', input.Name, { required: true, min: 2, max: 32, ...PATTERNS.sessionName }),
    checkSessionPolicies(input, 129600),
    checkTags(input.Tags),
  );
  if (bad) return Promise.resolve(err(bad));
  return callSts(client, 'GetFederationToken', { Name: input.Name, ...sessionPolicyParams(input), Tags: tagsParam(input.Tags) });
}

/** STS AssumeRoleWithWebIdentity: sent unsigned. */
export function assumeRoleWithWebIdentity(client: QueryClient, input: AssumeRoleWithWebIdentityInput): Outcome<AssumeRoleWithWebIdentityOutput> {
  const bad = firstFailure(
    checkString('RoleArn', input.RoleArn, roleArnRule),
    checkString('RoleSessionName', input.RoleSessionName, sessionNameRule),
    checkString('WebIdentityToken', input.WebIdentityToken, { required: true, min: 4, max: 20000 }),
    checkString('ProviderId', input.ProviderId, { min: 4, max: 2048 }),
    checkSessionPolicies(input, 43200),
  );
  if (bad) return Promise.resolve(err(bad));
  return callSts(client, 'AssumeRoleWithWebIdentity', {
    RoleArn: input.RoleArn,
    RoleSessionName: input.RoleSessionName,
    WebIdentityToken: input.WebIdentityToken,
    ProviderId: input.ProviderId,
    ...sessionPolicyParams(input),
  }, false);
}

/** STS AssumeRoleWithSAML: sent unsigned. */
export function assumeRoleWithSaml(client: QueryClient, input: AssumeRoleWithSamlInput): Outcome<AssumeRoleWithSamlOutput> {
  const bad = firstFailure(
    checkString('RoleArn', input.RoleArn, roleArnRule),
    checkString('PrincipalArn', input.PrincipalArn, { required: true, min: 20, max: 2048, ...PATTERNS.arn }),
    checkString('SAMLAssertion', input.SAMLAssertion, { required: true, min: 4, max: 100000 }),
    checkSessionPolicies(input, 43200),
  );
  if (bad) return Promise.resolve(err(bad));
  return callSts(client, 'AssumeRoleWithSAML', {
    RoleArn: input.RoleArn,
    PrincipalArn: input.PrincipalArn,
    SAMLAssertion: input.SAMLAssertion,
    ...sessionPolicyParams(input),
  }, false);
}

/** STS DecodeAuthorizationMessage. */
export function decodeAuthorizationMessage(client: QueryClient, encodedMessage: string): Outcome<DecodeAuthorizationMessageOutput> {
  const bad = checkString('EncodedMessage', encodedMessage, { required: true, min: 1, max: 10240, ...PATTERNS.encodedMessage });
  if (bad) return Promise.resolve(err(bad));
  return callSts(client, 'DecodeAuthorizationMessage', { EncodedMessage: encodedMessage });
}
