/**
 * The credential a signing command (verify, sts, iam) uses, found in the AWS CLI's order: --profile as a keyscope
 * profile, else as an AWS profile; then the environment; then AWS_DEFAULT_PROFILE, else AWS_PROFILE (else `default`) in the AWS files.
 */
import type { Failure } from '../../shared/failure.js';
import { err, ok, type Result } from '../../shared/result.js';
import { savedRegionProblem } from '../core/checks.js';
import { keyscopeSource, type CredentialSource } from '../core/credentials/source.js';
import { resolveCredentials } from '../core/credentials/resolve.js';
import type { Credentials } from '../core/aws/model.js';
import type { ProfileMeta } from '../core/vault/profiles.js';
import type { Vault } from '../core/vault/vault.js';
import { makeContext, type CommandContext, type GlobalOptions } from './context.js';
import type { CliIo } from './io.js';
import { openVault } from './vault-context.js';

/** A credential found, where it came from, and the keyscope profile when it is one (its checks are recorded). */
export interface FoundCredential {
  readonly credentials: Credentials;
  readonly source: CredentialSource;
  readonly region?: string;
  readonly saved?: { readonly vault: Vault; readonly profile: ProfileMeta };
}

/** The keyscope profile `name`, undefined when none is saved by that name; a store that cannot be read fails. */
export function savedProfile(io: CliIo, name: string): Result<{ vault: Vault; profile: ProfileMeta } | undefined, Failure> {
  const vault = openVault(io);
  const all = vault.list();
  if (!all.ok) return all;
  const profile = all.value.find((p) => p.name === name);
  return ok(profile ? { vault, profile } : undefined);
}

/** Finds the credential to sign with; `profile` is --profile's value. A role profile's role is assumed here. */
export async function findCredential(profile: string | undefined, options: GlobalOptions, io: CliIo): Promise<Result<FoundCredential, Failure>> {
  if (profile !== undefined) {
    const saved = savedProfile(io, profile);
    if (!saved.ok) return saved;
    if (saved.value) {
      const badRegion = savedRegionProblem(saved.value.profile, io.env, options.region);
      if (badRegion) return err(badRegion);
      const credentials = await saved.value.vault.credentials(saved.value.profile);
      if (!credentials.ok) return credentials;
      const region = saved.value.profile.region;
      return ok({ credentials: credentials.value, source: keyscopeSource(profile), ...(region ? { region } : {}), saved: saved.value });
    }
  }
  // A role profile signs AssumeRole with its source's key: one context for that, made only if needed.
  let context: CommandContext | undefined;
  try {
    const found = await resolveCredentials(profile, {
      env: io.env,
      ...(options.region ? { region: options.region } : {}),
      clientFor: (credentials, region) => {
        context ??= makeContext(options, io, undefined);
        return context.clientFor(credentials, region);
      },
      ...(io.prompt ? { mfaCode: (serial: string) => (io.prompt as NonNullable<CliIo['prompt']>)(`MFA code for ${serial}: `, false) } : {}),
      // A credential process speaks to the person through standard error (a sign-in link, a prompt): passed on as is.
      onProcessStderr: io.stderr,
    });
    return found;
  } finally {
    context?.close();
  }
}
