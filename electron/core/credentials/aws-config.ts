/**
 * The AWS files as the credential chain reads them: every setting of each profile, and which file it came from.
 * The same reader and parser as `profiles import` (vault/aws-files.ts, vault/aws-ini.ts); read only, never written.
 * A file the AWS CLI would refuse (a malformed line) is refused whole here too, with its first problem named.
 */
import { inputFailure, type InputFailure } from '../../../shared/failure.js';
import { err, ok, type Result } from '../../../shared/result.js';
import { MIB, readBoundedFile } from '../aws/read-bounded.js';
import { parseAwsIni, pyStrip } from '../vault/aws-ini.js';
import { FILE_VARIABLE, fileShown, notTextFile, profileSections } from '../vault/aws-files.js';
import { locateAwsFiles } from './aws-files-present.js';
import type { ProfileFiles } from './profile-provider.js';

/** Which of the two files a setting came from. */
export type AwsFileRole = 'credentials' | 'config';

/** One profile: its settings (names in lower case), the credentials file's winning over the config file's. */
export interface AwsProfileSettings {
  readonly name: string;
  readonly settings: ReadonlyMap<string, string>;
  /** The file each setting came from. */
  readonly origin: ReadonlyMap<string, AwsFileRole>;
  /** Its settings as each file holds them: the AWS CLI reads a key from one file alone. */
  readonly files: ProfileFiles;
}

/** Both files, read. */
export interface AwsConfig {
  readonly profiles: ReadonlyMap<string, AwsProfileSettings>;
  readonly credentialsFile: string;
  readonly configFile: string;
  /** Shows a path as people know it: the home folder as ~. */
  readonly shown: (path: string) => string;
  /** Shows one of the two files: its path as `shown` does, or that an empty variable names none. */
  readonly shownFile: (role: AwsFileRole) => string;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads ~/.aws/credentials and ~/.aws/config (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE); missing files, or one
 * whose variable is empty, are empty. `passOverUnreadable`: a file that cannot be read (not a regular file, too large,
 * not allowed) is empty too, as the AWS CLI passes over it, where it is otherwise refused; one that cannot be parsed
 * is refused either way.
 */
export function readAwsConfig(env: Env, { passOverUnreadable = false }: { readonly passOverUnreadable?: boolean } = {}): Result<AwsConfig, InputFailure> {
  const located = locateAwsFiles(env);
  // No home folder to find either file in: refused, as the profile looked for could be there; a check that only looks
  // for a region passes over it, as the AWS CLI (it leaves ~ unexpanded, and finds no file). One file given by path is
  // read, the other taken as missing, as the AWS CLI does.
  if (located.credentialsFile === undefined && located.configFile === undefined && !passOverUnreadable) {
    return err(
      inputFailure(
        'HOME',
        'keyscope cannot find the AWS files: HOME is not set, and the system knows no home folder for this user.',
        'Set HOME (the AWS files are ~/.aws/credentials and ~/.aws/config), or set AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE to their paths.',
      ),
    );
  }
  const { home } = located;
  const shown = (path: string) => (home !== undefined && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path);
  const credentialsFile = located.credentialsFile ?? '~/.aws/credentials';
  const configFile = located.configFile ?? '~/.aws/config';
  const profiles = new Map<string, { name: string; settings: Map<string, string>; origin: Map<string, AwsFileRole>; files: Partial<Record<AwsFileRole, Map<string, string>>> }>();
  for (const [path, role] of [
    [located.credentialsFile, 'credentials'],
    [located.configFile, 'config'],
  ] as const) {
    if (!path) continue; // its variable is set but empty, or there is no home folder to find it in: the AWS CLI reads no file
    const variable = FILE_VARIABLE[role];
    const read = readBoundedFile(path, MIB);
    if (!read.ok) {
      if (read.error.reason === 'not-found' || passOverUnreadable) continue;
      // Not "the AWS CLI cannot read it either": it passes over what is not a file, or is unreadable, and reads large files.
      return err(
        inputFailure(
          role,
          `The AWS ${role} file cannot be read: ${shown(path)} ${read.error.detail}.`,
          `keyscope reads only a regular file of at most 1 MiB that it may read (the AWS CLI passes over a FIFO, a folder or an unreadable file as if it were missing): point ${variable} at one, or move this one away.`,
        ),
      );
    }
    // Parsed, a binary file made a line-level problem to fix (or none: its NULs read as parts of names).
    const binary = notTextFile(shown(path), read.value);
    if (binary) return err(inputFailure(role, `The AWS ${role} file ${binary}.`, `keyscope reads the AWS files as UTF-8 text: save this one as UTF-8, or point ${variable} at one that is.`));
    const parsed = parseAwsIni(read.value);
    const first = parsed.problems[0];
    if (first) {
      return err(inputFailure(role, `The AWS ${role} file ${shown(path)} line ${first.line}: ${first.message}.`, 'The AWS CLI refuses the whole file for this too: fix that line.'));
    }
    for (const [name, section] of profileSections(parsed.sections, role)) {
      const entry = profiles.get(name) ?? { name, settings: new Map<string, string>(), origin: new Map<string, AwsFileRole>(), files: {} };
      profiles.set(name, entry);
      const own = new Map([...section.settings].map(([k, v]) => [k, pyStrip(v)]));
      entry.files[role] = own;
      // The credentials file is read first and wins for a setting both files hold, as in the AWS CLI.
      for (const [k, v] of own) {
        if (entry.settings.has(k)) continue;
        entry.settings.set(k, v);
        entry.origin.set(k, role);
      }
    }
  }
  return ok({ profiles, credentialsFile, configFile, shown, shownFile: (role) => fileShown(role === 'credentials' ? credentialsFile : configFile, role, shown) });
}
