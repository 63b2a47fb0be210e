/**
 * Whether the AWS files hold anything to read, asked on the CLI's hot path before the files' reader (aws-config.ts
 * and the INI parser, a piece of their own) is loaded: one stat for each file, which throws nothing when it is missing.
 */
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { awsFilePaths } from '../vault/aws-files.js';

/**
 * HOME, else the home folder the system knows for this user; undefined when neither says (HOME unset and a user id
 * with no entry, as in a container run with --user): Node's homedir() throws there.
 */
function homeFolder(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.HOME) return env.HOME;
  try {
    return homedir();
  } catch {
    return undefined;
  }
}

/** Stands for the home folder where none is known: no path holds a NUL, so none can be taken for a real one. */
const NO_HOME = '\0';

/**
 * The AWS files' paths as awsFilePaths finds them, with the home folder they are under. Where there is none (see
 * homeFolder), a path that needs it (~/.aws's, or a variable's `~/…`) is undefined: the AWS CLI then leaves ~
 * unexpanded, and finds no file there.
 */
export function locateAwsFiles(env: Readonly<Record<string, string | undefined>>): { readonly home?: string; readonly credentialsFile?: string; readonly configFile?: string } {
  const home = homeFolder(env);
  const paths = awsFilePaths({ ...env, HOME: home ?? NO_HOME });
  const located = (path: string) => (home === undefined && path.startsWith(NO_HOME) ? undefined : path);
  const credentialsFile = located(paths.credentialsFile);
  const configFile = located(paths.configFile);
  return { ...(home !== undefined ? { home } : {}), ...(credentialsFile !== undefined ? { credentialsFile } : {}), ...(configFile !== undefined ? { configFile } : {}) };
}

/**
 * True when ~/.aws/credentials or ~/.aws/config (or the files AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name)
 * is a regular file. What is not one (missing, a folder, /dev/null, a path through a file, or under a home folder
 * that cannot be found) the reader would pass over too, with no variable naming a profile, as the AWS CLI does.
 */
export function awsFilesPresent(env: Readonly<Record<string, string | undefined>>): boolean {
  const { credentialsFile, configFile } = locateAwsFiles(env);
  return [credentialsFile, configFile].some((path) => {
    if (!path) return false; // none to read: its variable is set but empty, or no home folder to look in
    try {
      return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
    } catch {
      return false; // ENOTDIR, EACCES, ELOOP: the reader could not open it either, and would pass it over
    }
  });
}
