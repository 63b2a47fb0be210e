/**
 * Reads ~/.aws/credentials and ~/.aws/config (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE) to import profiles.
 * Read only: keyscope never writes these files. Each is read only if it is a regular file of at most 1 MiB (a FIFO
 * would block, /dev/zero would never end). A file the AWS CLI would refuse (a malformed line) is refused whole, as
 * the AWS CLI refuses it: none of the profiles it names is offered, and each problem is reported with its line (the
 * first ten, then how many more). A file that is not text (NUL bytes, bytes that are not UTF-8) is refused whole, in
 * one sentence, before it is parsed.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { assertNever } from '../../../shared/result.js';
import { validateRegion } from '../aws/endpoints.js';
import { MIB, readBoundedFile } from '../aws/read-bounded.js';
import { commentedSettingUsed, hiddenCredential, profileProvider, type ProfileFiles, type ProfileProvider } from '../credentials/profile-provider.js';
import { splitCommandLine } from '../credentials/split-command.js';
import { parseAwsIni, type IniSection } from './aws-ini.js';

/** A profile found in the AWS files, with a static key or the reason it cannot be imported. */
export interface AwsFileProfile {
  readonly name: string;
  readonly region?: string;
  /** Present when the profile holds a static key. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** Why it is skipped, when it is. */
  readonly skipped?: string;
  /** When it is skipped because a refused file defines it: that file (the credentials file, when both are refused). */
  readonly refusedFile?: string;
  /** Which file(s) it came from. */
  readonly sources: readonly string[];
}

/** What became of one of the two files. */
export interface AwsFileStatus {
  readonly path: string;
  readonly role: 'credentials' | 'config';
  /** read: its profiles are offered; missing: it does not exist; refused: nothing in it is used (see problems). */
  readonly state: 'read' | 'missing' | 'refused';
  /** Why it was refused: malformed lines (with their number), or why it could not be read at all (no line). */
  readonly problems: readonly AwsFileProblem[];
}

/** One reason a file was refused. */
export interface AwsFileProblem {
  readonly line?: number;
  readonly message: string;
}

/** Both files, what became of each, and the profiles of those that were read. */
export interface AwsFilesScan {
  readonly credentialsFile: string;
  readonly configFile: string;
  readonly files: readonly [AwsFileStatus, AwsFileStatus];
  readonly profiles: readonly AwsFileProfile[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** The variable that moves each file. */
export const FILE_VARIABLE = { credentials: 'AWS_SHARED_CREDENTIALS_FILE', config: 'AWS_CONFIG_FILE' } as const;

/**
 * `$NAME` and `${NAME}` replaced by the variable's value where `env` has it set, as Python's os.path.expandvars does;
 * a variable that is not set stays as written. Only the environment's own names are read, never Object's own members
 * (`$constructor`).
 */
export function expandVariables(value: string, env: Env): string {
  return value.replace(/\$(\w+|\{[^}]*\})/g, (whole, name: string) => {
    const bare = name.startsWith('{') ? name.slice(1, -1) : name;
    return (Object.hasOwn(env, bare) ? env[bare] : undefined) ?? whole;
  });
}

/**
 * The two paths, as the AWS CLI finds them: the variables if set, else ~/.aws. As botocore, `$NAME` and `${NAME}` are
 * replaced by the variable's value where it is set (os.path.expandvars), then a leading ~ by the home folder: a value
 * written where no shell expands it (a systemd unit, an .env file) names the same file for both. A variable set but
 * empty is '': no file, as botocore reads none then (it read ~/.aws's, so verify checked a key the AWS CLI does not see).
 */
export function awsFilePaths(env: Env): { credentialsFile: string; configFile: string } {
  // HOME set but empty makes ~ the root folder, as Python's expanduser does (join would make it the current folder).
  const home = (env.HOME ?? homedir()) || '/';
  const path = (value: string | undefined, fallback: string) => {
    if (value === '') return '';
    if (value === undefined) return join(home, '.aws', fallback);
    const p = expandVariables(value, env);
    return p === '~' || p.startsWith('~/') ? join(home, p.slice(1)) : p;
  };
  return { credentialsFile: path(env.AWS_SHARED_CREDENTIALS_FILE, 'credentials'), configFile: path(env.AWS_CONFIG_FILE, 'config') };
}

/** A file's path as a message shows it (`shown` makes the home folder ~), or what an empty variable means. */
export function fileShown(path: string, role: AwsFileStatus['role'], shown: (path: string) => string = (p) => p): string {
  return path === '' ? `the ${role} file (${FILE_VARIABLE[role]} is set but empty: none is read, as by the AWS CLI)` : shown(path);
}

function readOne(path: string, role: AwsFileStatus['role']): { status: AwsFileStatus; sections: ReadonlyMap<string, IniSection> } {
  const none = new Map<string, IniSection>();
  if (path === '') return { status: { path, role, state: 'missing', problems: [] }, sections: none };
  const read = readBoundedFile(path, MIB);
  if (!read.ok) {
    if (read.error.reason === 'not-found') return { status: { path, role, state: 'missing', problems: [] }, sections: none };
    return { status: { path, role, state: 'refused', problems: [{ message: `${path} ${read.error.detail}` }] }, sections: none };
  }
  // A binary file parsed line by line made hundreds of problems and profiles named with its bytes: one sentence instead.
  const binary = notTextFile(path, read.value);
  if (binary) return { status: { path, role, state: 'refused', problems: [{ message: binary }] }, sections: none };
  const parsed = parseAwsIni(read.value);
  return { status: { path, role, state: parsed.problems.length ? 'refused' : 'read', problems: parsed.problems }, sections: parsed.sections };
}

/**
 * "PATH is not a text file: why", when what was read of it (as UTF-8: a byte that is not UTF-8 is U+FFFD) is not
 * text; else undefined. The import and the credential chain (verify, sts, iam) both refuse such a file whole with it.
 */
export function notTextFile(path: string, text: string): string | undefined {
  const why = text.includes('\0') ? 'it holds NUL bytes (a binary file, or text saved as UTF-16: save it as UTF-8)' : text.includes('\ufffd') ? 'it holds bytes that are not UTF-8 (save it as UTF-8)' : undefined;
  return why && `${path} is not a text file: ${why}`;
}

/** Completes "<setting> …" for a setting that commentedSettingUsed finds. */
export const COMMENTED = 'has a comment after its value (a space, then # or ;), which the AWS CLI reads as part of the value';

const SSO_REASON = 'SSO profile: its credentials come from AWS IAM Identity Center, not a saved key';

/** The skip reason of a web identity profile with no role, which the AWS CLI refuses; `notKey` for one holding a key. */
const webIdentityNoRole = (notKey = '') => `web identity profile with no role_arn: the AWS CLI refuses this name${notKey}; add role_arn, or remove web_identity_token_file, then import again`;

/** Why a profile without a whole static key cannot be imported, by the provider the AWS CLI takes for it. */
function skipReason(provider: ProfileProvider, settings: ReadonlyMap<string, string>, files: ProfileFiles): string {
  if (provider.kind === 'web-identity') return provider.roleArn === undefined ? webIdentityNoRole() : 'web identity profile: its credentials come from a token file';
  if (provider.kind === 'role') return `role profile (assumes ${provider.roleArn}): it holds no key of its own`;
  if (provider.kind === 'login') return 'aws login profile: its credentials come from the AWS CLI\'s login session';
  if (provider.kind === 'process') return 'credential_process profile: its credentials come from a program';
  if (provider.kind === 'sso') return SSO_REASON;
  const hidden = hiddenCredential(provider, files);
  if (hidden === 'empty-key-id') return 'its aws_access_key_id is set but empty in the credentials file, which the AWS CLI reads ahead of the key of the config file: it takes that empty key, and refuses this name; remove that line, or give it the key id, then import again';
  if (hidden === 'empty-token-file') return 'role_arn beside an empty web_identity_token_file: the AWS CLI then takes this name for web identity, not a role, and the empty token file gives it no credential; remove that line, or name the token file, then import again';
  // A partial key is what the AWS CLI refuses, whatever SSO settings are beside it.
  if (settings.has('aws_access_key_id') && !settings.has('aws_secret_access_key')) return 'has a key id but no aws_secret_access_key';
  if (settings.has('aws_secret_access_key') && !settings.has('aws_access_key_id')) return 'has an aws_secret_access_key but no key id';
  // An SSO session or start URL without an account or role gives the AWS CLI no credential: said as SSO, the likelier intent.
  if (settings.has('sso_session') || settings.has('sso_start_url')) return SSO_REASON;
  return 'holds no static access key';
}

/**
 * Why the AWS CLI, given a profile that holds a static key, uses something else for its name (undefined when it uses
 * the key), by the provider it takes (profileProvider): a web identity (refused with no role_arn), a role (assumed,
 * or refused without a source; never the key), SSO, `aws login` or credential_process ahead of a key the config file
 * holds, or a key whose id and secret are in different files (refused). Saved under that name, the key was checked by
 * `verify --profile NAME` where the AWS CLI uses another credential, or none.
 */
function keyNotUsedReason(provider: ProfileProvider): string | undefined {
  const notKey = 'not the key the profile holds';
  switch (provider.kind) {
    case 'web-identity':
      if (provider.roleArn === undefined) return webIdentityNoRole(`, ${notKey}`);
      return `web identity profile: the AWS CLI assumes ${provider.roleArn} with its token file for this name, ${notKey}`;
    case 'role':
      return `role profile (assumes ${provider.roleArn}): the AWS CLI uses the role for this name, ${notKey} (to check that key, add it with \`keyscope profiles add\`)`;
    case 'sso':
      return `SSO profile: the AWS CLI signs in through IAM Identity Center for this name, ${notKey}`;
    case 'login':
      return `aws login profile: the AWS CLI uses its login session for this name, ${notKey} in the config file`;
    case 'process':
      return `credential_process profile: the AWS CLI runs its program for this name, ${notKey} in the config file`;
    case 'key': {
      if (provider.id && provider.secret) return undefined;
      const other = provider.file === 'credentials' ? 'config' : 'credentials';
      return `its aws_access_key_id is in the ${provider.file} file but its aws_secret_access_key only in the ${other} file: the AWS CLI takes both from one file, and refuses this name; put them in one file, then import again`;
    }
    case 'none':
      return undefined;
    default:
      return assertNever(provider);
  }
}

/**
 * The profile a config section stands for, as botocore maps it: `[default]`, and a name starting "profile" that
 * splits (as a shell would, shlex) into two words, the second being the profile: `[profile "a b"]` is `a b`,
 * `[profile a b]` none. Other sections (`[sso-session x]`, `[ default ]`) stand for none.
 */
function configProfileName(section: string): string | undefined {
  if (!section.startsWith('profile')) return section === 'default' ? 'default' : undefined;
  const words = splitCommandLine(section);
  return words.ok && words.value.length === 2 ? words.value[1] : undefined;
}

/**
 * The profiles a file's sections stand for: every section of the credentials file; in the config file, those
 * configProfileName names, a later section for the same profile replacing an earlier one whole, as in botocore.
 */
export function profileSections(sections: ReadonlyMap<string, IniSection>, role: AwsFileStatus['role']): Map<string, IniSection> {
  if (role === 'credentials') return new Map(sections);
  const profiles = new Map<string, IniSection>();
  for (const [section, s] of sections) {
    const name = configProfileName(section);
    if (name !== undefined) profiles.set(name, s);
  }
  return profiles;
}

/** Lists the profiles of the AWS files; reads, never writes. */
export function scanAwsFiles(env: Env = process.env): AwsFilesScan {
  const { credentialsFile, configFile } = awsFilePaths(env);
  const creds = readOne(credentialsFile, 'credentials');
  const config = readOne(configFile, 'config');

  const merged = new Map<string, { settings: Map<string, string>; sources: string[]; refusedIn: AwsFileStatus[]; files: Partial<Record<AwsFileStatus['role'], ReadonlyMap<string, string>>> }>();
  for (const file of [creds, config]) {
    for (const [name, section] of profileSections(file.sections, file.status.role)) {
      const entry = merged.get(name) ?? { settings: new Map<string, string>(), sources: [] as string[], refusedIn: [] as AwsFileStatus[], files: {} };
      merged.set(name, entry);
      if (file.status.state === 'refused') {
        if (!entry.refusedIn.includes(file.status)) entry.refusedIn.push(file.status);
        continue;
      }
      // The credentials file (read first) wins over the config file for the same setting, as in the AWS CLI.
      for (const [k, v] of section.settings) if (!entry.settings.has(k)) entry.settings.set(k, v);
      entry.files[file.status.role] = section.settings;
      if (!entry.sources.includes(file.status.path)) entry.sources.push(file.status.path);
    }
  }

  // One reason for all the profiles of the same refused file(s), made once: a 1 MiB file can define 100,000.
  const notRead = new Map<string, string>();
  const notReadReason = (refusedIn: readonly AwsFileStatus[]) => {
    const key = refusedIn.map((f) => f.role).join();
    const reason = notRead.get(key) ?? `not read: ${refusedIn.map((f) => `${f.path} (${problemText(f.problems[0] as AwsFileProblem)})`).join(' and ')}, where it is defined, cannot be used`;
    notRead.set(key, reason);
    return reason;
  };
  const profiles = [...merged.entries()].map(([name, { settings, sources, refusedIn, files }]): AwsFileProfile => {
    const region = settings.get('region');
    const base = { name, sources, ...(region ? { region } : {}) };
    // Half a profile is not the profile: one that a refused file defines is not offered at all.
    if (refusedIn.length) return { ...base, skipped: notReadReason(refusedIn), refusedFile: (refusedIn[0] as AwsFileStatus).path };
    const provider = profileProvider(files);
    const holdsKey = settings.get('aws_access_key_id') && settings.get('aws_secret_access_key');
    const notUsed = holdsKey ? keyNotUsedReason(provider) : undefined;
    if (notUsed) return { ...base, skipped: notUsed };
    if (provider.kind !== 'key' || !provider.id || !provider.secret) return { ...base, skipped: skipReason(provider, settings, files) };
    const commented = commentedSettingUsed(provider, files);
    if (commented) return { name, sources, skipped: `${commented.name} ${COMMENTED}: put the comment on a line of its own, then import again` };
    // Saved, a region `profiles add --region` refuses made every check of the profile fail.
    if (region && !validateRegion(region).ok) return { name, sources, skipped: `its region ${valueShown(region)}is not a region name (such as us-east-1): keyscope could not check the profile with it; correct it in the AWS files, then import again` };
    const { id, secret, token } = provider;
    return { ...base, credentials: { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) } };
  });
  return { credentialsFile, configFile, files: [creds.status, config.status], profiles };
}

/**
 * A value of the AWS files quoted (JSON-escaped) with a space after it when it is short with no run of 16 letters and
 * digits, else nothing: it may be a secret pasted on the wrong line.
 */
export const valueShown = (value: string) => (value.length <= 32 && !/[A-Za-z0-9+/]{16}/.test(value) ? `${JSON.stringify(value)} ` : '');

const problemText = (p: AwsFileProblem) => (p.line === undefined ? p.message : `line ${p.line}: ${p.message}`);

/** How many of a file's problems are listed: a 1 MiB file can hold 260,000 (a section given again on each line). */
export const PROBLEMS_SHOWN = 10;

/**
 * A file's problems, one line each: "FILE line N: what is wrong", or "FILE is …" when it could not be read at all;
 * the first PROBLEMS_SHOWN of them, then "and N more problems in this file".
 */
export function describeProblems(file: AwsFileStatus): string[] {
  const lines = file.problems.slice(0, PROBLEMS_SHOWN).map((p) => (p.line === undefined ? p.message : `${file.path} ${problemText(p)}`));
  const more = file.problems.length - lines.length;
  return more > 0 ? [...lines, `${andMore(more, 'problem')} in this file`] : lines;
}

/** "and N more profiles defined in FILE, …": the profiles of a refused file past the first PROBLEMS_SHOWN, which are listed. */
export function describeNotListed(notListed: { readonly file: string; readonly count: number }): string {
  return `${andMore(notListed.count, 'profile')} defined in ${notListed.file}, not read for the same reason`;
}

const andMore = (n: number, what: string) => `and ${n.toLocaleString('en-US')} more ${what}${n === 1 ? '' : 's'}`;

/** Whether a refused file was refused for its lines (the AWS CLI refuses it too), not because it could not be read. */
export function isMalformed(file: AwsFileStatus): boolean {
  return file.problems.some((p) => p.line !== undefined);
}

/** When neither file exists: a sentence naming both paths and the variables that move them; else null. */
export function missingFilesMessage(scan: AwsFilesScan): string | null {
  if (scan.files.some((f) => f.state !== 'missing')) return null;
  return `No AWS files to import from: neither ${fileShown(scan.credentialsFile, 'credentials')} nor ${fileShown(scan.configFile, 'config')} exists (AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name other paths).`;
}
