/** STS operations: parameters checked against the API reference, then sent, and answered with typed results. */
import { inputFailure, type Failure } from '../../../shared/failure.js';
import { err, type Result } from '../../../shared/result.js';
import { ACCESS_KEY_ID_PATTERN } from '../keys/key-id.js';
import type { Answer, QueryClient } from './client.js';
import type { QueryValue } from './query.js';
import { ASSUMED_ROLE_USER_SPEC, CREDENTIALS_SPEC, readStruct, type Spec } from './shapes.js';
import { checkDuration, checkPolicy, checkString, firstFailure, PATTERNS } from './validate.js';
import type {
  AssumeRoleInput,
  AssumeRoleOutput,
  AssumeRoleWithSamlInput,
  AssumeRoleWithSamlOutput,
  AssumeRoleWithWebIdentityInput,
  AssumeRoleWithWebIdentityOutput,
  CallerIdentity,
  DecodeAuthorizationMessageOutput,
  GetAccessKeyInfoOutput,
  GetFederationTokenInput,
  GetFederationTokenOutput,
  GetSessionTokenInput,
  GetSessionTokenOutput,
  Tag,
} from './sts-types.js';

export type * from './sts-types.js';

type Outcome<T> = Promise<Result<Answer<T>, Failure>>;

const ROLE_RESULT: Spec = { Credentials: CREDENTIALS_SPEC, AssumedRoleUser: ASSUMED_ROLE_USER_SPEC, PackedPolicySize: 'integer?', SourceIdentity: 'string?' };

/** The members of each STS result, by action; required ones are those keyscope and its users rely on. */
export const STS_RESULTS = {
  GetCallerIdentity: { UserId: 'string', Account: 'string', Arn: 'string' },
  GetAccessKeyInfo: { Account: 'string' },
  AssumeRole: ROLE_RESULT,
  GetSessionToken: { Credentials: CREDENTIALS_SPEC },
  GetFederationToken: { Credentials: CREDENTIALS_SPEC, FederatedUser: { FederatedUserId: 'string', Arn: 'string' }, PackedPolicySize: 'integer?' },
  AssumeRoleWithWebIdentity: { ...ROLE_RESULT, SubjectFromWebIdentityToken: 'string?', Provider: 'string?', Audience: 'string?' },
  AssumeRoleWithSAML: { ...ROLE_RESULT, Subject: 'string?', SubjectType: 'string?', Issuer: 'string?', Audience: 'string?', NameQualifier: 'string?' },
  DecodeAuthorizationMessage: { DecodedMessage: 'string' },
} as const satisfies Record<string, Spec>;

const sessionNameRule = { required: true, min: 2, max: 64, ...PATTERNS.sessionName };
const roleArnRule = { required: true, min: 20, max: 2048, ...PATTERNS.roleArn };

function checkPolicyArns(arns: readonly string[] | undefined) {
  if (!arns) return undefined;
  if (arns.length > 10) return inputFailure('PolicyArns', `PolicyArns holds ${arns.length} ARNs; at most 10 are allowed.`, 'Pass 10 managed policy ARNs or fewer.');
  return firstFailure(...arns.map((arn, i) => checkString(`PolicyArns[${i + 1}]`, arn, { min: 20, max: 2048, ...PATTERNS.arn })));
}

function checkTags(tags: readonly Tag[] | undefined) {
  if (!tags) return undefined;
  if (tags.length > 50) return inputFailure('Tags', `Tags holds ${tags.length} tags; at most 50 are allowed.`, 'Pass 50 session tags or fewer.');
  return firstFailure(
    ...tags.flatMap((t, i) => [
      checkString(`Tags[${i + 1}].Key`, t.Key, { required: true, min: 1, max: 128, ...PATTERNS.tag }),
      checkString(`Tags[${i + 1}].Value`, t.Value, { required: true, min: 0, max: 256, ...PATTERNS.tag }),
    ]),
  );
}

function checkTransitiveTagKeys(keys: readonly string[] | undefined) {
  if (!keys) return undefined;
  if (keys.length > 50) return inputFailure('TransitiveTagKeys', `TransitiveTagKeys holds ${keys.length} keys; at most 50 are allowed.`, 'Pass 50 transitive tag keys or fewer.');
  return firstFailure(...keys.map((k, i) => checkString(`TransitiveTagKeys[${i + 1}]`, k, { required: true, min: 1, max: 128, ...PATTERNS.tag })));
}

function checkMfa(serial: string | undefined, code: string | undefined) {
  return firstFailure(
    checkString('SerialNumber', serial, { min: 9, max: 256, ...PATTERNS.serialNumber }),
    checkString('TokenCode', code, { ...PATTERNS.tokenCode }),
    serial !== undefined && code === undefined ? checkString('TokenCode', undefined, { required: true }) : undefined,
  );
}

const policyArnsParam = (arns: readonly string[] | undefined): QueryValue => arns?.map((arn) => ({ arn }));

/** The session policy members several calls share. */
interface SessionPolicies {
  readonly Policy?: string;
  readonly PolicyArns?: readonly string[];
  readonly DurationSeconds?: number;
}

function checkSessionPolicies(input: SessionPolicies, maxDuration: number) {
  return firstFailure(checkPolicy('Policy', input.Policy), checkPolicyArns(input.PolicyArns), checkDuration('DurationSeconds', input.DurationSeconds, 900, maxDuration));
}

function sessionPolicyParams(input: SessionPolicies): Record<string, QueryValue> {
  return { PolicyArns: policyArnsParam(input.PolicyArns), Policy: input.Policy, DurationSeconds: input.DurationSeconds };
}
const tagsParam = (tags: readonly Tag[] | undefined): QueryValue => tags?.map((t) => ({ Key: t.Key, Value: t.Value }));

/** STS GetCallerIdentity: who this credential is. */
export function getCallerIdentity(client: QueryClient): Outcome<CallerIdentity> {
  return client.call('sts', 'GetCallerIdentity', {}, (r) => readStruct(r, STS_RESULTS.GetCallerIdentity) as unknown as CallerIdentity);
}

/** STS GetAccessKeyInfo: the account that owns a key id. */
export function getAccessKeyInfo(client: QueryClient, accessKeyId: string): Outcome<GetAccessKeyInfoOutput> {
  const bad = checkString('AccessKeyId', accessKeyId, { required: true, min: 16, max: 128, pattern: ACCESS_KEY_ID_PATTERN, allowed: 'upper-case letters and digits' });
  if (bad) return Promise.resolve(err(bad));
  return client.call('sts', 'GetAccessKeyInfo', { AccessKeyId: accessKeyId }, (r) => readStruct(r, STS_RESULTS.GetAccessKeyInfo) as unknown as GetAccessKeyInfoOutput);
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
  return client.call(
    'sts',
    'AssumeRole',
    {
      RoleArn: input.RoleArn,
      RoleSessionName: input.RoleSessionName,
      ...sessionPolicyParams(input),
      Tags: tagsParam(input.Tags),
      TransitiveTagKeys: input.TransitiveTagKeys,
      ExternalId: input.ExternalId,
      SerialNumber: input.SerialNumber,
      TokenCode: input.TokenCode,
      SourceIdentity: input.SourceIdentity,
    },
    (r) => readStruct(r, STS_RESULTS.AssumeRole) as unknown as AssumeRoleOutput,
  );
}

/** STS GetSessionToken, optionally with MFA. */
export function getSessionToken(client: QueryClient, input: GetSessionTokenInput = {}): Outcome<GetSessionTokenOutput> {
  const bad = firstFailure(checkDuration('DurationSeconds', input.DurationSeconds, 900, 129600), checkMfa(input.SerialNumber, input.TokenCode));
  if (bad) return Promise.resolve(err(bad));
  return client.call(
    'sts',
    'GetSessionToken',
    { DurationSeconds: input.DurationSeconds, SerialNumber: input.SerialNumber, TokenCode: input.TokenCode },
    (r) => readStruct(r, STS_RESULTS.GetSessionToken) as unknown as GetSessionTokenOutput,
  );
}

/** STS GetFederationToken. */
export function getFederationToken(client: QueryClient, input: GetFederationTokenInput): Outcome<GetFederationTokenOutput> {
  const bad = firstFailure(
    checkString('Name', input.Name, { required: true, min: 2, max: 32, ...PATTERNS.sessionName }),
    checkSessionPolicies(input, 129600),
    checkTags(input.Tags),
  );
  if (bad) return Promise.resolve(err(bad));
  return client.call(
    'sts',
    'GetFederationToken',
    { Name: input.Name, ...sessionPolicyParams(input), Tags: tagsParam(input.Tags) },
    (r) => readStruct(r, STS_RESULTS.GetFederationToken) as unknown as GetFederationTokenOutput,
  );
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
  return client.call(
    'sts',
    'AssumeRoleWithWebIdentity',
    {
      RoleArn: input.RoleArn,
      RoleSessionName: input.RoleSessionName,
      WebIdentityToken: input.WebIdentityToken,
      ProviderId: input.ProviderId,
      ...sessionPolicyParams(input),
    },
    (r) => readStruct(r, STS_RESULTS.AssumeRoleWithWebIdentity) as unknown as AssumeRoleWithWebIdentityOutput,
    false,
  );
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
  return client.call(
    'sts',
    'AssumeRoleWithSAML',
    {
      RoleArn: input.RoleArn,
      PrincipalArn: input.PrincipalArn,
      SAMLAssertion: input.SAMLAssertion,
      ...sessionPolicyParams(input),
    },
    (r) => readStruct(r, STS_RESULTS.AssumeRoleWithSAML) as unknown as AssumeRoleWithSamlOutput,
    false,
  );
}

/** STS DecodeAuthorizationMessage. */
export function decodeAuthorizationMessage(client: QueryClient, encodedMessage: string): Outcome<DecodeAuthorizationMessageOutput> {
  const bad = checkString('EncodedMessage', encodedMessage, { required: true, min: 1, max: 10240, ...PATTERNS.encodedMessage });
  if (bad) return Promise.resolve(err(bad));
  return client.call('sts', 'DecodeAuthorizationMessage', { EncodedMessage: encodedMessage }, (r) => readStruct(r, STS_RESULTS.DecodeAuthorizationMessage) as unknown as DecodeAuthorizationMessageOutput);
}
