/**
 * Whether the AWS files hold anything to read, asked on the CLI's hot path before the files' reader (aws-config.ts
 * and the INI parser, a piece of their own) is loaded: one stat for each file, which throws nothing when it is missing.
 */
import { statSync } from 'node:fs';
import { awsFilePaths } from '../vault/aws-files.js';

/**
 * True when ~/.aws/credentials or ~/.aws/config (or the files AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name)
 * is a regular file. What is not one (missing, a folder, /dev/null, a path through a file) the reader would pass over
 * too, with no variable naming a profile, as the AWS CLI does.
 */
export function awsFilesPresent(env: Readonly<Record<string, string | undefined>>): boolean {
  const { credentialsFile, configFile } = awsFilePaths(env);
  return [credentialsFile, configFile].some((path) => {
    if (path === '') return false; // its variable is set but empty: the AWS CLI reads no file
    try {
      return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
    } catch {
      return false; // ENOTDIR, EACCES, ELOOP: the reader could not open it either, and would pass it over
    }
  });
}
