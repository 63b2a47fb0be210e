/** Where saved profiles live: KEYSCOPE_HOME, else the Electron app's userData folder for the name "keyscope". */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The folder for profile metadata; the app and the CLI resolve the same one. */
export function keyscopeHome(env: Readonly<Record<string, string | undefined>> = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.KEYSCOPE_HOME) return env.KEYSCOPE_HOME;
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'keyscope');
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'keyscope');
    default:
      return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'keyscope');
  }
}
