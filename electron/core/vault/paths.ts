/** Where saved profiles live: KEYSCOPE_HOME, else the Electron app's userData folder for the name "keyscope". */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * No home folder to put keyscope's folder in: HOME unset and a user id the system has no entry for (a container run
 * with --user), where Node's homedir() throws. Said in words, with what to do.
 */
export class HomeUnknown extends Error {
  readonly hint = "Set KEYSCOPE_HOME to a folder for keyscope's profiles and reviews (keyscope makes it, owner-only), or set HOME.";
  constructor(why = 'HOME is not set, and the system knows no home folder for this user') {
    super(`keyscope cannot find its own folder: ${why}.`);
  }
}

/** The system's home folder for this user; never '' (a relative path would put the store in the current folder). */
function systemHome(): string {
  let home = '';
  try {
    home = homedir();
  } catch {
    // none known: said below
  }
  if (!home) throw new HomeUnknown();
  return home;
}

/**
 * The folder for profile metadata; the app and the CLI resolve the same one. Throws HomeUnknown where it needs the
 * home folder and there is none. XDG_CONFIG_HOME counts only as an absolute path, as the XDG spec says (a relative
 * one put the store in the current folder).
 */
export function keyscopeHome(env: Readonly<Record<string, string | undefined>> = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.KEYSCOPE_HOME) return env.KEYSCOPE_HOME;
  const home = (): string => {
    if (env.HOME === '' && !env.USERPROFILE) throw new HomeUnknown('HOME is set but empty');
    return env.HOME || env.USERPROFILE || systemHome();
  };
  switch (platform) {
    case 'darwin':
      return join(home(), 'Library', 'Application Support', 'keyscope');
    case 'win32':
      return join(env.APPDATA || join(home(), 'AppData', 'Roaming'), 'keyscope');
    default: {
      const xdg = env.XDG_CONFIG_HOME;
      return join(xdg && isAbsolute(xdg) ? xdg : join(home(), '.config'), 'keyscope');
    }
  }
}
