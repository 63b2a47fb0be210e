/**
 * The AWS files as the credential chain reads them, compared with botocore itself (the AWS CLI's reader, installed
 * with moto): the same profiles, each with the same settings, for files where a reader could easily differ.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanAwsFiles } from '../vault/aws-files.js';
import { readAwsConfig } from './aws-config.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A HOME holding the two files at the AWS CLI's own paths (~/.aws/credentials, ~/.aws/config). */
function home(credentials: string, config: string): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-aws-config-'));
  dirs.push(dir);
  execFileSync('mkdir', [join(dir, '.aws')]);
  writeFileSync(join(dir, '.aws', 'credentials'), credentials);
  writeFileSync(join(dir, '.aws', 'config'), config);
  return { HOME: dir };
}

// botocore's profiles (Session.full_config: the config file's, then the credentials file's settings over them), a
// nested block (`s3 =` and indented settings, a dict there) as null.
const BOTOCORE = `import json, botocore.session
profiles = botocore.session.Session().full_config['profiles']
print(json.dumps({p: {k: v if isinstance(v, str) else None for k, v in s.items()} for p, s in profiles.items()}))`;

function byBotocore(env: Record<string, string>): Record<string, Record<string, string | null>> {
  return JSON.parse(execFileSync('python3', ['-c', BOTOCORE], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' })) as Record<string, Record<string, string | null>>;
}

/** keyscope's profiles, a setting botocore reads as a nested block left out of both. */
function byKeyscope(env: Record<string, string>, botocore: Record<string, Record<string, string | null>>): Record<string, Record<string, string>> {
  const read = readAwsConfig(env);
  if (!read.ok) throw new Error(read.error.message);
  return Object.fromEntries([...read.value.profiles].map(([name, p]) => [name, Object.fromEntries([...p.settings].filter(([k]) => botocore[name]?.[k] !== null))]));
}

const withoutNested = (profiles: Record<string, Record<string, string | null>>) => Object.fromEntries(Object.entries(profiles).map(([name, s]) => [name, Object.fromEntries(Object.entries(s).filter(([, v]) => v !== null))]));

const KEYS = (n: string) => `aws_access_key_id = AKIAY34FZKBOKMUTVV${n}A\naws_secret_access_key = secret${n}\n`;

// Each: what differed, the credentials file, the config file.
const SAME_AS_BOTOCORE: ReadonlyArray<readonly [string, string, string]> = [
  // Section names are kept whole, spaces too: AWS_PROFILE=a is not "[ a ]", and "[ default ]" is not the default.
  ['[ a ] is the profile " a ", not a (was: trimmed)', `[ a ]\n${KEYS('B')}[ ]\n${KEYS('C')}`, `[ default ]\n${KEYS('D')}[ profile e]\n${KEYS('E')}`],
  // botocore splits a config section's name as a shell would (shlex): two words, the first starting "profile".
  ['[profile "quoted name"] is the profile quoted name (was: with its quotes)', '', `[profile "quoted name"]\n${KEYS('F')}[profile 'single']\nregion = eu-west-1\n[profile  spaced  ]\nregion = eu-west-2\n`],
  ['[profile a b] is no profile, nor is [profile "open]; [profiles c] is c', '', `[profile a b]\n${KEYS('G')}[profile a # c]\nregion = eu-west-1\n[profile "open]\nregion = eu-west-1\n[profiles c]\n${KEYS('H')}[profile]\nregion = eu-west-1\n`],
  // A later section for the same profile replaces the earlier whole (was: their settings merged).
  ['[profile a] then [profile "a"], [default] then [profile default]: the later one', '', `[profile a]\nregion = eu-west-1\nrole_arn = arn:aws:iam::123456789012:role/r\n[profile "a"]\n${KEYS('J')}[default]\n${KEYS('K')}[profile default]\nregion = eu-west-3\n`],
  // configparser gives every section [DEFAULT]'s settings it does not set itself; [DEFAULT] is no profile (was: a
  // profile named DEFAULT, and the others without its settings: another key, token, region or role).
  ['[DEFAULT] settings are in every section', `[DEFAULT]\n${KEYS('L')}aws_session_token = token\n[dev]\nregion = eu-west-1\n[own]\n${KEYS('M')}`, `[DEFAULT]\nregion = eu-west-2\nrole_arn = arn:aws:iam::123456789012:role/r\n[profile cfg]\n${KEYS('N')}[default]\nregion = eu-west-3\n[sso-session s]\nsso_region = us-east-1\n`],
  // Python's whitespace, not JavaScript's: U+0085 and U+001C–U+001F are whitespace, U+FEFF is not (was: a line of
  // U+0085 alone refused the file, and a value kept or lost a character the AWS CLI reads the other way).
  ['a line of U+0085 alone is blank; U+0085 and U+001C are stripped from a value, U+FEFF is not', `[a]\n\u0085\n${KEYS('Q')}region = eu-west-1\u0085\n[b]\nregion = eu-west-2\ufeff\n`, `[profile c]\nregion = eu-west-1\u001c\noutput = json\n\u001ctext\n[profile d]\nregion = \u3000eu-west-3\n\u0085\n[profile e]\nk = v\n\u0085more\n`],
  ['[DEFAULT] given twice is one', `[DEFAULT]\nregion = eu-west-1\n[a]\n${KEYS('P')}[DEFAULT]\noutput = json\n`, ''],
];

describe('the AWS files, read as botocore reads them', () => {
  it.each(SAME_AS_BOTOCORE)('%s', (_what, credentials, config) => {
    const env = home(credentials, config);
    const expected = byBotocore(env);
    expect(byKeyscope(env, expected)).toEqual(withoutNested(expected));
    // The import reads the same profiles (those botocore has at all; it offers each with or without a key).
    expect(scanAwsFiles(env).profiles.map((p) => p.name).sort()).toEqual(Object.keys(expected).sort());
  });
});
