/** What the credential chain hands back: the credential, and where it came from in words people can check. */
import type { Credentials } from '../aws/model.js';

/**
 * Where a credential came from. `description` is what the CLI prints: "keyscope profile alice", "environment",
 * "~/.aws profile dev (credentials file)", "~/.aws profile admin (role arn:… via source_profile dev)",
 * "credential_process of profile x".
 */
export interface CredentialSource {
  readonly kind: 'keyscope' | 'environment' | 'aws-profile' | 'role' | 'credential-process';
  /** The profile named, for every kind but the environment. */
  readonly profile?: string;
  readonly description: string;
}

/** A credential found by the chain. */
export interface ResolvedCredential {
  readonly credentials: Credentials;
  readonly source: CredentialSource;
  /** The profile's `region`, used after --region and the environment's. */
  readonly region?: string;
  /** When a temporary credential (a role's session, a process's answer) expires. */
  readonly expiration?: string;
}

/** The source of a profile saved in keyscope. */
export function keyscopeSource(name: string): CredentialSource {
  return { kind: 'keyscope', profile: name, description: `keyscope profile ${name}` };
}

/** The source of the environment's keys. */
export const ENVIRONMENT_SOURCE: CredentialSource = { kind: 'environment', description: 'environment' };
