import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAwsIni } from './aws-ini.js';
import { awsFilePaths, describeProblems, missingFilesMessage, scanAwsFiles } from './aws-files.js';

const CREDENTIALS = `# my keys
[default]
aws_access_key_id = AKIAY34FZKBOKMUTVV7A
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY

[temp]
aws_access_key_id=ASIAY34FZKBOKMUTVV7A
aws_secret_access_key=secretsecret
aws_session_token=FwoGZXIvYXdzEXAMPLE

[half]
aws_access_key_id = AKIAY34FZKBOKMUTVV7B
`;

const CONFIG = `[default]
region = eu-west-1
s3 =
  max_concurrent_requests = 20
[profile deploy]
role_arn = arn:aws:iam::123456789012:role/deploy
source_profile = default
[profile sso-dev]
sso_session = corp
sso_account_id = 123456789012
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
[profile tool]
credential_process = /usr/local/bin/get-creds
[profile inline]
; the config file can hold keys too
aws_access_key_id = AKIAY34FZKBOKMUTVV7C
aws_secret_access_key = inlinesecret
region = us-gov-west-1
`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function files(credentials = CREDENTIALS, config = CONFIG) {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-aws-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'credentials'), credentials);
  writeFileSync(join(dir, 'config'), config);
  return { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config'), HOME: '/nonexistent' };
}

// Each: a file, and the problems (line and the start of the message) keyscope reports for it. `[]`: well formed.
const MALFORMED: ReadonlyArray<readonly [string, string, ReadonlyArray<readonly [number, string]>]> = [
  ['a stray line', '[a]\naws_access_key_id = AKIAY34FZKBOKMUTVV7A\nwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n', [[3, 'is neither a [section] header']]],
  ['an unclosed header', '[a]\nk = v\n[b\nk = v\n', [[3, 'a section header is not closed']]],
  ['a setting before any section', 'region = us-east-1\n[a]\nk = v\n', [[1, 'a line comes before any [section] header']]],
  ['a section twice', '[a]\nk = v\n[a]\nj = w\n', [[3, 'the section [a] appears a second time (first on line 1)']]],
  ['a setting twice (names ignore case)', '[a]\nK = v\nk = w\n', [[3, '"k" is set a second time in [a] (first on line 2)']]],
  ['a setting with no name', '[a]\n= v\n', [[2, 'a setting has no name']]],
  ['a header with no name', '[]\nk = v\n', [[1, 'a section header has no name']]],
  ['a byte order mark', '\ufeff[a]\nk = v\n', [[1, 'the file starts with a byte order mark']]],
  ['a name with no value', '[a]\nk\n', [[2, 'is neither']]],
  ['colons, continuations, indented lines, comments, CRLF', '[a]\r\nk: v\r\n  more\r\n\r\n  still more\r\n  # note\r\n  j = w\r\n; c\r\n  [b]\r\nx = y\r\n', []],
  ['a comment after a header', '[a] # prod\nk = v\n', []],
  // botocore reads a setting with no value on its line as a nested block, each line "name = value" (was: read as the value).
  ['an empty setting continued by a line that is not "name = value"', '[a]\naws_access_key_id =\n  AKIAY34FZKBOKMUTVV7A\n', [[3, 'continues "aws_access_key_id", which has no value on its own line']]],
  ['a nested block, then a line of it with no "="', '[a]\ns3 =\n  x = y\n\n  z: w\n', [[5, 'continues "s3", which has no value on its own line']]],
  ['a nested block', '[a]\ns3 =\n\n  x = y\n  z = \n', []],
  ['[DEFAULT] twice, another setting in each', '[DEFAULT]\nk = v\n[a]\nj = w\n[DEFAULT]\nl = x\n', []],
  ['one setting in two [DEFAULT]s', '[DEFAULT]\nk = v\n[a]\nj = w\n[DEFAULT]\nk = x\n', [[6, '"k" is set a second time in [DEFAULT] (first on line 2)']]],
];

describe('AWS files', () => {
  it('parses sections, comments, continuations and nested blocks', () => {
    const ini = parseAwsIni(CONFIG);
    expect(ini.problems).toEqual([]);
    expect(ini.sections.get('default')?.settings).toEqual(new Map([['region', 'eu-west-1'], ['s3', '\nmax_concurrent_requests = 20']]));
    expect(ini.sections.get('profile inline')?.settings.get('aws_access_key_id')).toBe('AKIAY34FZKBOKMUTVV7C');
    expect(parseAwsIni('[a]\nk: v\n  more\n\n  still\n').sections.get('a')?.settings.get('k')).toBe('v\nmore\n\nstill');
  });

  it('reads a 1 MiB line of spaces between two words at once (was: minutes, each pattern trying the spaces from each place)', () => {
    const spaces = (c: string) => `x${c.repeat((1 << 20) - 16)}y`;
    const started = Date.now();
    expect(parseAwsIni(`[a]\n${spaces(' ')}\n`).problems.map((p) => p.line)).toEqual([2]);
    expect(parseAwsIni(`[a]\nk = ${spaces('\u0085')}\u0085\n`).sections.get('a')?.settings.get('k')).toHaveLength((1 << 20) - 14);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each(MALFORMED)('reports %s with its line', (_what, text, expected) => {
    const problems = parseAwsIni(text).problems;
    expect(problems.map((p) => p.line)).toEqual(expected.map(([line]) => line));
    problems.forEach((p, i) => expect(p.message.startsWith(expected[i]?.[1] as string), p.message).toBe(true));
  });

  it('refuses what the AWS CLI refuses, and only that (botocore reads the same files)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-ini-'));
    dirs.push(dir);
    MALFORMED.forEach(([, text], i) => writeFileSync(join(dir, String(i)), text));
    const script = `import json, sys\nfrom botocore.configloader import raw_config_parse\nout = []\nfor p in sys.argv[1:]:\n    try:\n        raw_config_parse(p); out.append(False)\n    except Exception:\n        out.append(True)\nprint(json.dumps(out))`;
    const refusedByAwsCli = JSON.parse(execFileSync('python3', ['-c', script, ...MALFORMED.map((_, i) => join(dir, String(i)))], { encoding: 'utf8' })) as boolean[];
    expect(MALFORMED.map(([, text]) => parseAwsIni(text).problems.length > 0)).toEqual(refusedByAwsCli);
  });

  it('reads each value as botocore does: a comment after a value is part of it (was: dropped, so keyscope used a key, region or command the AWS CLI does not)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-ini-values-'));
    dirs.push(dir);
    const text = '[a] # prod\nk = v ; old\nj = x #y\np = sh -c "a ;b"\nq = a;b\nr = a=b: c\n  more # not a comment either\n';
    writeFileSync(join(dir, 'f'), text);
    const script = 'import json, sys\nfrom botocore.configloader import raw_config_parse\nprint(json.dumps(raw_config_parse(sys.argv[1])))';
    const byAwsCli = JSON.parse(execFileSync('python3', ['-c', script, join(dir, 'f')], { encoding: 'utf8' })) as Record<string, Record<string, string>>;
    expect(byAwsCli.a?.k).toBe('v ; old');
    expect(Object.fromEntries(parseAwsIni(text).sections.get('a')?.settings ?? [])).toEqual(byAwsCli.a);
  });

  it('skips a key with a comment after a value it needs, naming the setting and never the value', () => {
    const secret = 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYab';
    const keys = (name: string, lines: string) => `[${name}]\n${lines}\n`;
    const scan = scanAwsFiles(
      files(
        keys('id', 'aws_access_key_id = AKIAY34FZKBOKMUTVV7A ; old key\naws_secret_access_key = s') +
          keys('secret', `aws_access_key_id = AKIAY34FZKBOKMUTVV7B\naws_secret_access_key = ${secret}  # rotated in May`) +
          keys('region', 'aws_access_key_id = AKIAY34FZKBOKMUTVV7C\naws_secret_access_key = s\nregion = eu-west-1 # home'),
        '',
      ),
    );
    const byName = Object.fromEntries(scan.profiles.map((p) => [p.name, p.skipped]));
    const why = (setting: string) => `${setting} has a comment after its value (a space, then # or ;), which the AWS CLI reads as part of the value: put the comment on a line of its own, then import again`;
    expect(byName).toEqual({ id: why('aws_access_key_id'), secret: why('aws_secret_access_key'), region: why('region') });
    expect(JSON.stringify(scan)).not.toContain(secret);
  });

  it('never quotes a malformed line: it may be a secret pasted in the wrong place', () => {
    const scan = scanAwsFiles(files(MALFORMED[0]?.[1]));
    expect(JSON.stringify(scan.files)).not.toContain('wJalrXUtnFEMI');
    expect(describeProblems(scan.files[0])).toEqual([`${scan.credentialsFile} line 3: is neither a [section] header, a "name = value" setting, an indented continuation of a setting, nor a # or ; comment`]);
  });

  it('never quotes a secret or token that parses as a setting name: a pasted line ending in "=", twice', () => {
    const token = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDlongsessiontokenbody0123456789abcdef=';
    const secret = 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYab';
    for (const pasted of [token, `${secret}=`]) {
      const problems = parseAwsIni(`[a]\n${pasted}\n${pasted}\n`).problems;
      expect(problems.map((p) => p.message)).toEqual(['a setting is set a second time in [a] (first on line 2)']);
    }
    expect(parseAwsIni('[a]\nAKIAY34FZKBOKMUTVV7A = x\nakiay34fzkbokmutvv7a = y\n').problems[0]?.message).toBe('a setting is set a second time in [a] (first on line 2)');
    expect(parseAwsIni('[a]\nec2_metadata_service_endpoint_mode = x\nec2_metadata_service_endpoint_mode = y\n').problems[0]?.message).toBe('"ec2_metadata_service_endpoint_mode" is set a second time in [a] (first on line 2)');
  });

  it('refuses a malformed file whole: none of its profiles is offered, those of the other file are', () => {
    const scan = scanAwsFiles(files('[a]\naws_access_key_id = AKIAY34FZKBOKMUTVV7A\naws_secret_access_key = s\n[default]\naws_access_key_id = AKIAY34FZKBOKMUTVV7D\naws_secret_access_key = s\n[b\n', CONFIG));
    expect(scan.files.map((f) => f.state)).toEqual(['refused', 'read']);
    const byName = Object.fromEntries(scan.profiles.map((p) => [p.name, p]));
    expect(byName.a?.credentials).toBeUndefined();
    expect(byName.a?.skipped).toBe(`not read: ${scan.credentialsFile} (line 7: a section header is not closed with "]"), where it is defined, cannot be used`);
    expect(byName.inline?.credentials?.accessKeyId).toBe('AKIAY34FZKBOKMUTVV7C');
    // default is in both files: half of it is not offered as if it were all of it.
    expect(byName.default?.skipped).toMatch(/^not read: /);
  });

  it('finds static keys in both files, honouring AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE', () => {
    const scan = scanAwsFiles(files());
    const byName = Object.fromEntries(scan.profiles.map((p) => [p.name, p]));
    expect(byName.default).toMatchObject({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIAY34FZKBOKMUTVV7A' } });
    expect(byName.temp?.credentials).toMatchObject({ sessionToken: 'FwoGZXIvYXdzEXAMPLE' });
    expect(byName.inline).toMatchObject({ region: 'us-gov-west-1', credentials: { secretAccessKey: 'inlinesecret' } });
    expect(scan.files.map((f) => f.state)).toEqual(['read', 'read']);
  });

  it('lists role, SSO, process and incomplete profiles with the reason they are skipped', () => {
    const byName = Object.fromEntries(scanAwsFiles(files()).profiles.map((p) => [p.name, p.skipped]));
    expect(byName.deploy).toMatch(/role profile/);
    expect(byName['sso-dev']).toMatch(/SSO profile/);
    expect(byName.tool).toMatch(/credential_process/);
    expect(byName.half).toMatch(/no aws_secret_access_key/);
    expect(Object.keys(byName)).not.toContain('sso-session corp');
  });

  it('skips a profile whose region is not a region name, saying so (it was imported, and every check of it then failed)', () => {
    const keys = (name: string, region: string) => `[${name}]\naws_access_key_id = AKIAY34FZKBOKMUTVV7A\naws_secret_access_key = s\nregion = ${region}\n`;
    const secret = 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYab';
    const scan = scanAwsFiles(files(keys('eu', 'Europe') + keys('pasted', secret) + keys('fine', 'eu-west-1'), '[profile in-config]\nregion = us_east_1\naws_access_key_id = AKIAY34FZKBOKMUTVV7B\naws_secret_access_key = s\n'));
    const byName = Object.fromEntries(scan.profiles.map((p) => [p.name, p]));
    expect(byName.eu).toEqual({ name: 'eu', sources: [scan.credentialsFile], skipped: 'its region "Europe" is not a region name (such as us-east-1): keyscope could not check the profile with it; correct it in the AWS files, then import again' });
    expect(byName['in-config']?.skipped).toBe('its region "us_east_1" is not a region name (such as us-east-1): keyscope could not check the profile with it; correct it in the AWS files, then import again');
    // A value that may be a secret pasted on the wrong line is not quoted.
    expect(byName.pasted?.skipped).toBe('its region is not a region name (such as us-east-1): keyscope could not check the profile with it; correct it in the AWS files, then import again');
    expect(JSON.stringify(scan)).not.toContain(`"${secret}"`);
    expect(byName.fine).toMatchObject({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIAY34FZKBOKMUTVV7A' } });
  });

  it('says which paths it looked at when neither file exists', () => {
    const scan = scanAwsFiles({ HOME: '/nonexistent' });
    expect(scan).toMatchObject({ profiles: [], files: [{ state: 'missing' }, { state: 'missing' }] });
    expect(missingFilesMessage(scan)).toBe(
      'No AWS files to import from: neither /nonexistent/.aws/credentials nor /nonexistent/.aws/config exists (AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name other paths).',
    );
    expect(missingFilesMessage(scanAwsFiles({ ...files(), AWS_CONFIG_FILE: '/nonexistent/config' }))).toBeNull();
    // Set but empty, a variable names no file ('': read as missing), as botocore reads none; unset, ~/.aws's. It was read
    // as unset, so keyscope used ~/.aws/config where the AWS CLI reads no config file (aws-profile.test.ts compares).
    expect(awsFilePaths({ HOME: '/h', AWS_SHARED_CREDENTIALS_FILE: '~/creds', AWS_CONFIG_FILE: '' })).toEqual({ credentialsFile: '/h/creds', configFile: '' });
    expect(awsFilePaths({ HOME: '/h' })).toEqual({ credentialsFile: '/h/.aws/credentials', configFile: '/h/.aws/config' });
  });

  it('expands $VAR and ${VAR} in AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE, then ~, as botocore does (was: "$HOME/creds" read as a folder named $HOME, so the AWS CLI\'s file was not read)', () => {
    const env = { HOME: '/h', X: '/x', EMPTY: '', TILDE: '~/t' };
    const paths = ['$HOME/creds', '${HOME}/c', '$X$X', '$NOPE/c', '${}/c', '${HOME', 'a$', '$EMPTY/c', '$TILDE/c', '~', '~/c', '$X-c', '/x~/c', '$constructor/c'];
    const script = 'import json, os, sys\nprint(json.dumps([os.path.expanduser(os.path.expandvars(p)) for p in sys.argv[1:]]))';
    const byBotocore = JSON.parse(execFileSync('python3', ['-c', script, ...paths], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' })) as string[];
    expect(byBotocore[0]).toBe('/h/creds');
    expect(paths.map((p) => awsFilePaths({ ...env, AWS_SHARED_CREDENTIALS_FILE: p }).credentialsFile)).toEqual(byBotocore);
    expect(paths.map((p) => awsFilePaths({ ...env, AWS_CONFIG_FILE: p }).configFile)).toEqual(byBotocore);
  });

  it("with HOME set but empty, ~ is the root folder, as Python's expanduser makes it (was: the current folder's .aws/, so a checked-out repo's .aws/config steered the region)", () => {
    const script = 'import json, os\nprint(json.dumps([os.path.expanduser(p) for p in ["~/.aws/credentials", "~/.aws/config", "~/c"]]))';
    const byBotocore = JSON.parse(execFileSync('python3', ['-c', script], { env: { PATH: process.env.PATH ?? '', HOME: '' }, encoding: 'utf8' })) as string[];
    expect(byBotocore[1]).toBe('/.aws/config');
    expect(awsFilePaths({ HOME: '' })).toEqual({ credentialsFile: byBotocore[0], configFile: byBotocore[1] });
    expect(awsFilePaths({ HOME: '', AWS_CONFIG_FILE: '~/c' }).configFile).toBe(byBotocore[2]);
  });

  it('reads only regular files of at most 1 MiB: a FIFO does not hang, a large file is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-aws-odd-'));
    dirs.push(dir);
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    writeFileSync(join(dir, 'big'), `[a]\nk = ${'x'.repeat(1 << 20)}\n`);
    const scan = scanAwsFiles({ HOME: dir, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'fifo'), AWS_CONFIG_FILE: join(dir, 'big') });
    expect(scan.files.map((f) => [f.state, describeProblems(f)])).toEqual([
      ['refused', [`${join(dir, 'fifo')} is a FIFO (named pipe), not a regular file`]],
      ['refused', [`${join(dir, 'big')} is larger than 1 MiB`]],
    ]);
    expect(scanAwsFiles({ HOME: dir, AWS_SHARED_CREDENTIALS_FILE: '/dev/zero', AWS_CONFIG_FILE: dir }).files.map((f) => f.state)).toEqual(['refused', 'refused']);
  });
});

describe('AWS files: what a file reports is bounded', () => {
  it('a binary file is refused whole with one sentence, never parsed into profiles named with its bytes (was: ~400 problems and garbage profiles listed as skipped)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-aws-binary-'));
    dirs.push(dir);
    // Random bytes (NUL bytes and bytes that are not UTF-8), with headers among them; text with NUL bytes (UTF-16); bytes that are not UTF-8 alone.
    const random = Buffer.concat(Array.from({ length: 200 }, (_, i) => Buffer.concat([Buffer.from(`[p${i}\u0001]\n`), Buffer.from(Array.from({ length: 500 }, (_, j) => (i * 7919 + j * 104729) % 256))])));
    const cases = [
      ['random', random, 'is not a text file: it holds NUL bytes (a binary file, or text saved as UTF-16: save it as UTF-8)'],
      ['utf16', Buffer.from('\ufeff[a]\naws_access_key_id = AKIAY34FZKBOKMUTVV7A\naws_secret_access_key = s\n', 'utf16le'), 'is not a text file: it holds NUL bytes (a binary file, or text saved as UTF-16: save it as UTF-8)'],
      ['latin1', Buffer.from('[caf\xe9]\naws_access_key_id = AKIAY34FZKBOKMUTVV7A\naws_secret_access_key = s\n', 'latin1'), 'is not a text file: it holds bytes that are not UTF-8 (save it as UTF-8)'],
    ] as const;
    for (const [name, bytes, why] of cases) {
      writeFileSync(join(dir, name), bytes);
      const scan = scanAwsFiles({ HOME: dir, AWS_SHARED_CREDENTIALS_FILE: join(dir, name), AWS_CONFIG_FILE: join(dir, 'none') });
      expect(scan.files[0].state, name).toBe('refused');
      expect(describeProblems(scan.files[0]), name).toEqual([`${join(dir, name)} ${why}`]);
      expect(scan.profiles, name).toEqual([]);
    }
  });

  it('a file with 260,000 problems reports the first 10 and how many more (was: every one, 22 MB)', () => {
    const scan = scanAwsFiles(files('[a]\n'.repeat(260_000), '[profile b]\nregion = us-east-1\nx\n'));
    const shown = describeProblems(scan.files[0]);
    expect(shown).toHaveLength(11);
    expect(shown[0]).toBe(`${scan.credentialsFile} line 2: the section [a] appears a second time (first on line 1)`);
    expect(shown[9]).toBe(`${scan.credentialsFile} line 11: the section [a] appears a second time (first on line 1)`);
    expect(shown[10]).toBe('and 259,989 more problems in this file');
    expect(scan.files[0].problems).toHaveLength(259_999); // all counted
    // Ten problems or fewer: all of them, with no count after them.
    expect(describeProblems(scanAwsFiles(files('[a]\n'.repeat(11), '')).files[0])).toHaveLength(10);
    expect(describeProblems(scanAwsFiles(files('[a]\n'.repeat(12), '')).files[0])[10]).toBe('and 1 more problem in this file');
  });
});
