/**
 * What each STS call answers: one spec per action, and the output types derived from it, so that what is read and
 * what the type promises cannot drift apart.
 */
import { ASSUMED_ROLE_USER_SPEC, CREDENTIALS_SPEC, type ReadResult, type StructSpec } from './shapes.js';

const FEDERATED_USER_SPEC = { FederatedUserId: 'string', Arn: 'string' } as const satisfies StructSpec;
const ROLE_RESULT = { Credentials: CREDENTIALS_SPEC, AssumedRoleUser: ASSUMED_ROLE_USER_SPEC, PackedPolicySize: 'integer?', SourceIdentity: 'string?' } as const satisfies StructSpec;

/** The members of each STS result, by action; required ones are those keyscope and its users rely on. */
export const STS_RESULTS = {
  GetCallerIdentity: { UserId: 'string', Account: 'string', Arn: 'string' },
  GetAccessKeyInfo: { Account: 'string' },
  AssumeRole: ROLE_RESULT,
  GetSessionToken: { Credentials: CREDENTIALS_SPEC },
  GetFederationToken: { Credentials: CREDENTIALS_SPEC, FederatedUser: FEDERATED_USER_SPEC, PackedPolicySize: 'integer?' },
  AssumeRoleWithWebIdentity: { ...ROLE_RESULT, SubjectFromWebIdentityToken: 'string?', Provider: 'string?', Audience: 'string?' },
  AssumeRoleWithSAML: { ...ROLE_RESULT, Subject: 'string?', SubjectType: 'string?', Issuer: 'string?', Audience: 'string?', NameQualifier: 'string?' },
  DecodeAuthorizationMessage: { DecodedMessage: 'string' },
} as const satisfies Record<string, StructSpec>;

/** Temporary credentials as STS returns them. */
export type TemporaryCredentials = ReadResult<typeof CREDENTIALS_SPEC>;
/** The role session an AssumeRole* call started. */
export type AssumedRoleUser = ReadResult<typeof ASSUMED_ROLE_USER_SPEC>;
/** GetCallerIdentity's answer: who the credential is. */
export type CallerIdentity = ReadResult<typeof STS_RESULTS.GetCallerIdentity>;
/** GetAccessKeyInfo's answer. */
export type GetAccessKeyInfoOutput = ReadResult<typeof STS_RESULTS.GetAccessKeyInfo>;
/** AssumeRole's answer. */
export type AssumeRoleOutput = ReadResult<typeof STS_RESULTS.AssumeRole>;
/** GetSessionToken's answer. */
export type GetSessionTokenOutput = ReadResult<typeof STS_RESULTS.GetSessionToken>;
/** GetFederationToken's answer. */
export type GetFederationTokenOutput = ReadResult<typeof STS_RESULTS.GetFederationToken>;
/** AssumeRoleWithWebIdentity's answer. */
export type AssumeRoleWithWebIdentityOutput = ReadResult<typeof STS_RESULTS.AssumeRoleWithWebIdentity>;
/** AssumeRoleWithSAML's answer. */
export type AssumeRoleWithSamlOutput = ReadResult<typeof STS_RESULTS.AssumeRoleWithSAML>;
/** DecodeAuthorizationMessage's answer. */
export type DecodeAuthorizationMessageOutput = ReadResult<typeof STS_RESULTS.DecodeAuthorizationMessage>;
