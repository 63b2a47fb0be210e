/** The saved-profile side of the CLI: the vault in KEYSCOPE_HOME with the OS keychain behind it. */
import { openVaultAt } from '../core/vault/open-vault.js';
import type { Vault } from '../core/vault/vault.js';
import { savedRegionProblem, type VerifyProfile } from '../core/checks.js';
import { failedCheck, verifyCredential } from '../core/verify.js';
import { keyscopeHome } from '../core/vault/paths.js';
import { makeContext, type GlobalOptions } from './context.js';
import type { CliIo } from './io.js';

/** Opens the vault the app and the CLI share. */
export function openVault(io: CliIo): Vault {
  return openVaultAt(keyscopeHome(io.env));
}

/**
 * How the CLI verifies saved profiles: one transport and one client factory for all of them (connections reused,
 * the CA bundle read once), each profile's region after the flags and the environment. close() when done. A saved
 * region that is not a region name makes that profile's check undecided, not the whole recheck fail.
 */
export function verifierFor(options: GlobalOptions, io: CliIo, lastUsed: boolean): { verify: VerifyProfile; close(): void } {
  const context = makeContext(options, io, undefined);
  return {
    verify: async (credentials, profile) => {
      const badRegion = savedRegionProblem(profile, io.env, options.region);
      if (badRegion) return failedCheck(credentials.accessKeyId, badRegion);
      return verifyCredential(context.clientFor(credentials, profile.region), credentials, { lastUsed });
    },
    close: () => context.close(),
  };
}
