/** The inputs and outputs of the STS calls, with the member names of the API reference. */
export interface TemporaryCredentials {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly SessionToken: string;
  readonly Expiration: string;
}
export interface AssumedRoleUser {
  readonly AssumedRoleId: string;
  readonly Arn: string;
}
export interface CallerIdentity {
  readonly UserId: string;
  readonly Account: string;
  readonly Arn: string;
}
export interface AssumeRoleOutput {
  readonly Credentials: TemporaryCredentials;
  readonly AssumedRoleUser: AssumedRoleUser;
  readonly PackedPolicySize?: number;
  readonly SourceIdentity?: string;
}
export interface GetSessionTokenOutput {
  readonly Credentials: TemporaryCredentials;
}
export interface GetFederationTokenOutput {
  readonly Credentials: TemporaryCredentials;
  readonly FederatedUser: { readonly FederatedUserId: string; readonly Arn: string };
  readonly PackedPolicySize?: number;
}
export interface AssumeRoleWithWebIdentityOutput extends AssumeRoleOutput {
  readonly SubjectFromWebIdentityToken?: string;
  readonly Provider?: string;
  readonly Audience?: string;
}
export interface AssumeRoleWithSamlOutput extends AssumeRoleOutput {
  readonly Subject?: string;
  readonly SubjectType?: string;
  readonly Issuer?: string;
  readonly Audience?: string;
  readonly NameQualifier?: string;
}
export interface DecodeAuthorizationMessageOutput {
  readonly DecodedMessage: string;
}
export interface GetAccessKeyInfoOutput {
  readonly Account: string;
}

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

export interface AssumeRoleInput {
  readonly RoleArn: string;
  readonly RoleSessionName: string;
  readonly DurationSeconds?: number;
  readonly ExternalId?: string;
  readonly Policy?: string;
  readonly PolicyArns?: readonly string[];
  readonly SerialNumber?: string;
  readonly TokenCode?: string;
  readonly Tags?: readonly Tag[];
  readonly TransitiveTagKeys?: readonly string[];
  readonly SourceIdentity?: string;
}
export interface GetSessionTokenInput {
  readonly DurationSeconds?: number;
  readonly SerialNumber?: string;
  readonly TokenCode?: string;
}
export interface GetFederationTokenInput {
  readonly Name: string;
  readonly Policy?: string;
  readonly PolicyArns?: readonly string[];
  readonly DurationSeconds?: number;
  readonly Tags?: readonly Tag[];
}
export interface AssumeRoleWithWebIdentityInput {
  readonly RoleArn: string;
  readonly RoleSessionName: string;
  readonly WebIdentityToken: string;
  readonly ProviderId?: string;
  readonly Policy?: string;
  readonly PolicyArns?: readonly string[];
  readonly DurationSeconds?: number;
}
export interface AssumeRoleWithSamlInput {
  readonly RoleArn: string;
  readonly PrincipalArn: string;
  readonly SAMLAssertion: string;
  readonly Policy?: string;
  readonly PolicyArns?: readonly string[];
  readonly DurationSeconds?: number;
}
