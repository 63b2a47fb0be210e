/** The saved-profile side of the CLI: the vault in KEYSCOPE_HOME with the OS keychain behind it. */
import { openVaultAt } from '../core/vault/open-vault.js';
import type { Vault } from '../core/vault/vault.js';
import type { CheckView } from '../../shared/model.js';
import type { VerifyProfile } from '../core/checks.js';
import { verifyCredential } from '../core/verify.js';
import { keyscopeHome } from '../core/vault/paths.js';
import type { ProfileMeta } from '../core/vault/profiles.js';
import type { Credentials } from '../core/aws/sign.js';
import { makeContext, type GlobalOptions } from './context.js';
import type { CliIo } from './io.js';

/** Opens the vault the app and the CLI share. */
export function openVault(io: CliIo): Vault {
  return openVaultAt(keyscopeHome(io.env));
}

/** A profile's region, unless the command line or environment names one. */
export function optionsFor(options: GlobalOptions, io: CliIo, profile: ProfileMeta): GlobalOptions {
  const region = options.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? profile.region;
  return { ...options, ...(region ? { region } : {}) };
}

/** Verifies one credential with its own client (the clock correction stays per credential). */
export async function checkWith(options: GlobalOptions, io: CliIo, credentials: Credentials, lastUsed = true): Promise<CheckView> {
  const context = makeContext(options, io, credentials);
  try {
    return await verifyCredential(context.client, credentials, { lastUsed });
  } finally {
    context.close();
  }
}


/** How the CLI verifies a saved profile: the command line's flags, the profile's region after them. */
export function verifyWith(options: GlobalOptions, io: CliIo, lastUsed: boolean): VerifyProfile {
  return (credentials, profile) => checkWith(optionsFor(options, io, profile), io, credentials, lastUsed);
}
