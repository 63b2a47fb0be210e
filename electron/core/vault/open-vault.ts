/** The vault every front opens: the store in a folder, the OS keychain behind it (keytar-era entries read too, a recheck's many reads in bulk). */
import { KeychainStore } from './keychain-store.js';
import { legacyKeychain } from './legacy-keychain.js';
import { ProfileStore } from './profiles.js';
import { bulkReader } from './secret-service-read.js';
import { Vault } from './vault.js';

/** The vault for the store in `home` (keyscopeHome() for the app and the CLI). */
export function openVaultAt(home: string): Vault {
  return new Vault(new ProfileStore(home), new KeychainStore(legacyKeychain(), bulkReader()));
}
