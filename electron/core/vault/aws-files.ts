/**
 * Reads ~/.aws/credentials and ~/.aws/config (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE) to import profiles.
 * Read only: keyscope never writes these files.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A profile found in the AWS files, with a static key or the reason it cannot be imported. */
export interface AwsFileProfile {
  readonly name: string;
  readonly region?: string;
  /** Present when the profile holds a static key. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** Why it is skipped, when it is. */
  readonly skipped?: string;
  /** Which file(s) it came from. */
  readonly sources: readonly string[];
}

export interface AwsFilesScan {
  readonly credentialsFile: string;
  readonly configFile: string;
  readonly profiles: readonly AwsFileProfile[];
  /** Files that could not be read, other than "not there". */
  readonly problems: readonly string[];
}

type Sections = Map<string, Map<string, string>>;

/** Parses the AWS INI dialect: [section], key = value, # and ; comments, indented lines continue a nested block. */
export function parseIni(text: string): Sections {
  const sections: Sections = new Map();
  let current: Map<string, string> | undefined;
  let nested = false;
  for (const rawLine of text.split(/\r?\n/)) {
    if (/^\s*([#;].*)?$/.test(rawLine)) continue;
    const section = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(rawLine);
    if (section) {
      current = sections.get(section[1] as string) ?? new Map();
      sections.set(section[1] as string, current);
      nested = false;
      continue;
    }
    if (!current) continue;
    if (/^\s/.test(rawLine) && nested) continue; // a nested block (s3 = …) holds no credentials
    const kv = /^\s*([^=]+?)\s*=\s*(.*?)\s*$/.exec(rawLine);
    if (!kv) continue;
    const key = (kv[1] as string).toLowerCase();
    const value = (kv[2] as string).replace(/\s+[#;].*$/, '');
    nested = value === '';
    if (!nested) current.set(key, value);
  }
  return sections;
}

function readIfThere(file: string, problems: string[]): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') problems.push(`${file}: ${code ?? 'unreadable'}`);
    return '';
  }
}

/** Why a profile without a static key cannot be imported. */
function skipReason(settings: Map<string, string>): string {
  if (settings.has('sso_session') || settings.has('sso_start_url')) return 'SSO profile: its credentials come from AWS IAM Identity Center, not a saved key';
  if (settings.has('role_arn')) return `role profile (assumes ${settings.get('role_arn')}): it holds no key of its own`;
  if (settings.has('credential_process')) return 'credential_process profile: its credentials come from a program';
  if (settings.has('web_identity_token_file')) return 'web identity profile: its credentials come from a token file';
  if (settings.has('aws_access_key_id') && !settings.has('aws_secret_access_key')) return 'has a key id but no aws_secret_access_key';
  return 'holds no static access key';
}

/** Lists the profiles of the AWS files; reads, never writes. */
export function scanAwsFiles(env: Readonly<Record<string, string | undefined>> = process.env): AwsFilesScan {
  const home = env.HOME ?? homedir();
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials');
  const configFile = env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config');
  const problems: string[] = [];
  const creds = parseIni(readIfThere(credentialsFile, problems));
  const config = parseIni(readIfThere(configFile, problems));

  const merged = new Map<string, { settings: Map<string, string>; sources: string[] }>();
  const add = (name: string, settings: Map<string, string>, source: string) => {
    const entry = merged.get(name) ?? { settings: new Map<string, string>(), sources: [] as string[] };
    // The credentials file wins over the config file for the same setting, as in the AWS CLI.
    for (const [k, v] of settings) if (source === credentialsFile || !entry.settings.has(k)) entry.settings.set(k, v);
    entry.sources.push(source);
    merged.set(name, entry);
  };
  for (const [name, settings] of creds) add(name, settings, credentialsFile);
  for (const [section, settings] of config) {
    const m = /^profile\s+(.+)$/.exec(section);
    if (section === 'default') add('default', settings, configFile);
    else if (m) add((m[1] as string).trim(), settings, configFile);
  }

  const profiles = [...merged.entries()].map(([name, { settings, sources }]): AwsFileProfile => {
    const region = settings.get('region');
    const id = settings.get('aws_access_key_id');
    const secret = settings.get('aws_secret_access_key');
    const token = settings.get('aws_session_token') ?? settings.get('aws_security_token');
    const base = { name, sources, ...(region ? { region } : {}) };
    if (id && secret) return { ...base, credentials: { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) } };
    return { ...base, skipped: skipReason(settings) };
  });
  return { credentialsFile, configFile, profiles, problems };
}
