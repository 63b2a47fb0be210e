/** The inputs of the STS calls, with the member names of the API reference (the outputs: sts-results.ts). */
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
