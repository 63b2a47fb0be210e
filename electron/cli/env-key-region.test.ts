/**
 * With keys in the environment and no --profile, the AWS CLI still loads a profile of the AWS files (AWS_DEFAULT_PROFILE,
 * else AWS_PROFILE, else [default]): it takes that profile's region, and fails on a file it cannot parse. verify, sts
 * and iam do the same, compared here with the `aws` installed on this machine. Nothing leaves this computer: the URL a
 * tool tried goes through a proxy on a closed loopback port and is read from --debug; what was signed reaches the
 * fault server on loopback.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS_CLI } from '../../e2e/fixtures/aws-cli.js';
import { startFaultServer, type FaultServer } from '../../e2e/fixtures/fault-server.js';
import { assertBuilt, ENV_KEY } from '../../e2e/fixtures/keyscope-process.js';
import { publicCli } from '../../e2e/fixtures/public-cli.js';
import { main } from './index.js';

let faults: FaultServer;
beforeAll(async () => {
  faults = await startFaultServer();
});
afterAll(async () => {
  await faults?.stop();
});

/** A home folder holding `files` under .aws (credentials, config). */
function homeWith(files: { credentials?: string; config?: string }): string {
  const home = mkdtempSync(join(tmpdir(), 'keyscope-env-region-'));
  mkdirSync(join(home, '.aws'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(home, '.aws', name), text);
  return home;
}

async function run(argv: readonly string[], env: Record<string, string | undefined>) {
  let stdout = '';
  let stderr = '';
  const code = await main([...argv], { env: { PATH: process.env.PATH, ...ENV_KEY, ...env }, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '' });
  return { code, stdout, stderr };
}

/** The AWS CLI's run, asynchronous (the fault server answers in this process): its standard error when it fails, else 'ok'. */
async function awsCli(argv: readonly string[], env: Record<string, string>): Promise<string> {
  try {
    await promisify(execFile)('aws', [...argv], { env: { PATH: process.env.PATH ?? '', ...ENV_KEY, AWS_EC2_METADATA_DISABLED: 'true', AWS_MAX_ATTEMPTS: '1', ...env } });
    return 'ok';
  } catch (e) {
    return String((e as { stderr?: string }).stderr);
  }
}

// Nothing answers: both go through a proxy on a closed loopback port, and the URL each tried is read from --debug.
const NOWHERE = { HTTPS_PROXY: 'http://127.0.0.1:9', AWS_MAX_ATTEMPTS: '1' };
const awsCliUrl = async (argv: readonly string[], env: Record<string, string>) => /'url': '(https:\/\/[^']+)'/.exec(await awsCli([...argv, '--debug', '--cli-connect-timeout', '1'], { ...NOWHERE, ...env }))?.[1];
/** The URL of keyscope's first attempt at `operation`. */
const oursUrl = async (argv: readonly string[], operation: string, env: Record<string, string>) =>
  new RegExp(`debug: ${operation} attempt 1 (https://\\S+) -> `).exec((await run([...argv, '--debug', '--cli-connect-timeout', '1'], { ...NOWHERE, ...env })).stderr)?.[1];

const GCI = ['sts', 'get-caller-identity'];
const LAST_USED = ['iam', 'get-access-key-last-used', '--access-key-id', ENV_KEY.AWS_ACCESS_KEY_ID];
const WEB = ['sts', 'assume-role-with-web-identity', '--role-arn', 'arn:aws:iam::123456789012:role/reader', '--role-session-name', 'web', '--web-identity-token', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0ZXN0In0.'];
/** Each keyscope command line, with the AWS CLI's that makes its first call (verify's is GetCallerIdentity), and that call. */
const COMMANDS: ReadonlyArray<readonly [readonly string[], readonly string[], string]> = [
  [['verify'], GCI, 'GetCallerIdentity'],
  [GCI, GCI, 'GetCallerIdentity'],
  [LAST_USED, LAST_USED, 'GetAccessKeyLastUsed'],
];

describe.skipIf(!AWS_CLI)(`with keys in the environment and no profile named, as the AWS CLI${AWS_CLI ? '' : ' (skipped: no `aws` command on this machine)'}`, () => {
  it("verify, sts and iam take the region of [default] (the credentials file's ahead of the config file's), or of the profile AWS_PROFILE names, after the region variables (was: the global endpoint)", async () => {
    const config = homeWith({ config: '[default]\nregion = eu-central-1\n[profile dev]\nregion = ap-south-1\n' });
    const both = homeWith({ config: '[default]\nregion = eu-central-1\n', credentials: '[default]\nregion = eu-west-3\n' });
    const china = homeWith({ config: '[default]\nregion = cn-north-1\n' });
    const elsewhere = join(config, '.aws', 'config');
    const cases: Record<string, string>[] = [
      { HOME: config },
      { HOME: both },
      { HOME: china },
      { HOME: config, AWS_PROFILE: 'dev' },
      { HOME: config, AWS_DEFAULT_REGION: 'ca-central-1' },
      { HOME: '/nonexistent', AWS_CONFIG_FILE: elsewhere },
      { HOME: config, AWS_CONFIG_FILE: '/dev/null' },
      { HOME: '/nonexistent' },
    ];
    for (const [ours, theirs, operation] of COMMANDS) {
      for (const env of cases) expect(await oursUrl(ours, operation, env), `${ours.join(' ')} ${JSON.stringify(env)}`).toBe(await awsCliUrl(theirs, env));
    }
    // What the comparison holds, so that an AWS CLI that changed is seen.
    expect(await awsCliUrl(GCI, { HOME: config })).toBe('https://sts.eu-central-1.amazonaws.com/');
    expect(await awsCliUrl(GCI, { HOME: both })).toBe('https://sts.eu-west-3.amazonaws.com/');
    expect(await awsCliUrl(LAST_USED, { HOME: china })).toBe('https://iam.cn-north-1.amazonaws.com.cn/');
    expect(await awsCliUrl(GCI, { HOME: config, AWS_PROFILE: 'dev' })).toBe('https://sts.ap-south-1.amazonaws.com/');
    expect(await awsCliUrl(GCI, { HOME: '/nonexistent' })).toBe('https://sts.amazonaws.com/');
  }, 120_000);

  it('at an endpoint URL, STS is signed for that region, as the AWS CLI signs it (was: us-east-1)', async () => {
    const home = homeWith({ config: '[default]\nregion = eu-central-1\n' });
    const endpoint = { HOME: home, AWS_ENDPOINT_URL: `${faults.url}/ok/` };
    // The credential scope (region and service) each request of `operation` was signed for, from request `from` on.
    const scope = (from: number, operation: string) => faults.requests.slice(from).filter((r) => r.params.Action === operation).map((r) => /Credential=\w+\/\d+\/([\w-]+\/\w+)\//.exec(r.headers.authorization ?? '')?.[1]);
    // STS only: at an endpoint URL the AWS CLI signs IAM for that region too, where keyscope signs it for us-east-1, as
    // IAM's one endpoint takes it (a difference of its own, whatever the region's source).
    for (const [ours, theirs, operation] of COMMANDS.filter(([, , op]) => op === 'GetCallerIdentity')) {
      const before = faults.requests.length;
      expect(await awsCli(theirs, endpoint)).toBe('ok');
      const signed = scope(before, operation);
      const mine = faults.requests.length;
      const r = await run(ours, endpoint);
      expect(r.code, r.stderr).toBe(0);
      expect(scope(mine, operation), ours.join(' ')).toEqual(signed);
    }
    expect(scope(0, 'GetCallerIdentity')[0]).toBe('eu-central-1/sts');
  }, 60_000);

  it.each(['config', 'credentials'] as const)('a malformed %s file is refused, naming the file and line, exit 2, nothing sent, by verify, sts (signed or not) and iam, region given or not, as the AWS CLI fails (was: the key checked)', async (role) => {
    const home = homeWith({ [role]: '[default]\nregion = eu-central-1\nnot a setting\n' });
    const env = { HOME: home, AWS_ENDPOINT_URL: `${faults.url}/ok/` };
    expect(await awsCli(GCI, env)).toContain(`ConfigParseError: Unable to parse config file: ${home}/.aws/${role}`);
    expect(await awsCli(GCI, { ...env, AWS_DEFAULT_REGION: 'us-west-2' })).toContain('ConfigParseError');
    const before = faults.requests.length;
    for (const argv of [['verify'], GCI, LAST_USED, WEB, ['verify', '--region', 'us-west-2']]) {
      for (const more of [{}, { AWS_DEFAULT_REGION: 'us-west-2' }]) {
        const r = await run(argv, { ...env, ...more });
        expect([r.code, r.stdout], argv.join(' ')).toEqual([2, '']);
        expect(r.stderr, argv.join(' ')).toMatch(new RegExp(`^keyscope: The AWS ${role} file ~/\\.aws/${role} line 3: .+\\.\\nhint: The AWS CLI refuses the whole file for this too: fix that line\\.\\n$`));
      }
    }
    expect(faults.requests.length).toBe(before);
  }, 60_000);

  it('a file it cannot read (a folder, /dev/null) is passed over, as the AWS CLI passes over it: no new refusal', async () => {
    const home = homeWith({});
    for (const files of [{ AWS_CONFIG_FILE: home }, { AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' }] as Record<string, string>[]) {
      const env = { HOME: home, AWS_ENDPOINT_URL: `${faults.url}/ok/`, AWS_DEFAULT_REGION: 'us-east-1', ...files };
      expect(await awsCli(GCI, env)).toBe('ok');
      for (const [ours] of COMMANDS) expect((await run(ours, env)).code, `${ours.join(' ')} ${JSON.stringify(files)}`).toBe(0);
    }
  }, 60_000);

  it('a region with a comment after it, when it is the region used, is refused in the same words whether the call signs or not (was: "is not a region name", with a hint about the region variables)', async () => {
    const home = homeWith({ config: '[default]\nregion = us-east-1 # mine\n' });
    const env = { HOME: home, AWS_ENDPOINT_URL: `${faults.url}/ok/` };
    // The AWS CLI fails on it: "Provided region_name 'us-east-1 # mine' doesn't match a supported format."
    expect(await awsCli(GCI, env)).toMatch(/Provided region_name 'us-east-1 # mine' doesn't match a supported format/);
    const said = 'keyscope: ~/.aws profile default: region has a comment after its value (a space, then # or ;), which the AWS CLI reads as part of the value.\nhint: Put the comment on a line of its own in ~/.aws/config.\n';
    for (const argv of [['verify'], GCI, LAST_USED, WEB]) {
      let before = faults.requests.length;
      const r = await run(argv, env);
      expect([r.code, r.stdout, r.stderr], argv.join(' ')).toEqual([2, '', said]);
      expect(faults.requests.length, argv.join(' ')).toBe(before);
      // Behind a region the AWS CLI reads ahead of it, it is never read: no reason to refuse, and the call is made.
      for (const [more, flags] of [[{ AWS_DEFAULT_REGION: 'us-east-1' }, []], [{}, ['--region', 'us-east-1']]] as const) {
        before = faults.requests.length;
        const behind = await run([...argv, ...flags], { ...env, ...more });
        expect(behind.stderr, argv.join(' ')).not.toMatch(/comment|region name/);
        expect(faults.requests.length, argv.join(' ')).toBeGreaterThan(before);
      }
    }
    expect(await awsCli(GCI, { ...env, AWS_DEFAULT_REGION: 'us-east-1' })).toBe('ok');
  }, 60_000);
  // The AWS CLI takes any host-name-like region ("local") and sends to sts.local.amazonaws.com; keyscope sends only to
  // region names, and said '"local" is not a region name', hinting at --region and the region variables, with no word
  // of the file it came from: someone with keys in the environment and no region set could not tell where it was.
  it('a region of the AWS files that is not a region name, when it is the region used, is refused naming the profile and its file, exit 2, nothing sent; the environment\'s key or the profile\'s alike', async () => {
    const home = homeWith({ config: '[default]\nregion = local\n[profile dev]\nregion = local\n', credentials: `[dev]\naws_access_key_id = ${ENV_KEY.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${ENV_KEY.AWS_SECRET_ACCESS_KEY}\n` });
    const env = { HOME: home, AWS_ENDPOINT_URL: `${faults.url}/ok/` };
    const said = (name: string) => `keyscope: ~/.aws profile ${name}: its region "local" is not a region name (such as us-east-1): nothing was sent.\nhint: Correct region in ~/.aws/config, or pass --region or set AWS_REGION, which come ahead of it.\n`;
    for (const [argv, more, name] of [
      [['verify'], {}, 'default'],
      [GCI, {}, 'default'],
      [LAST_USED, {}, 'default'],
      [WEB, {}, 'default'],
      [['verify', '--profile', 'dev'], {}, 'dev'],
      [GCI, { AWS_PROFILE: 'dev', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' }, 'dev'],
    ] as const) {
      const before = faults.requests.length;
      const r = await run(argv, { ...env, ...more });
      expect([r.code, r.stdout, r.stderr], argv.join(' ')).toEqual([2, '', said(name)]);
      expect(faults.requests.length, argv.join(' ')).toBe(before);
      // Behind a region the AWS CLI reads ahead of it, it is never read.
      expect((await run(argv, { ...env, ...more, AWS_REGION: 'us-east-1' })).stderr, argv.join(' ')).not.toMatch(/region name/);
    }
  }, 60_000);
});

/** Whether this test process may run a command as a user the system does not know (root, with setpriv). */
function canRunAsStranger(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// A container run with `--user 12345` and no HOME: Node's os.homedir() throws there (uv_os_homedir ENOENT), where
// Python's expanduser leaves `~` as it is, so the AWS CLI finds no AWS files and goes on with the environment's key.
describe.skipIf(!canRunAsStranger())('with no home folder (HOME unset, a user id the system does not know)', () => {
  /** The built CLI run as user id 65533 with `env` alone (no HOME), against the fault server. */
  const asStranger = async (argv: readonly string[], env: Record<string, string>) => {
    assertBuilt();
    try {
      const r = await promisify(execFile)('setpriv', ['--reuid=65533', '--regid=65533', '--clear-groups', process.execPath, publicCli(), ...argv], { env: { PATH: process.env.PATH ?? '', AWS_ENDPOINT_URL: `${faults.url}/ok/`, ...env } });
      return { code: 0, ...r };
    } catch (e) {
      const failed = e as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it("the environment's key is checked, as the AWS CLI checks it (was: \"internal error: … uv_os_homedir returned ENOENT\", the key not checked)", async () => {
    for (const argv of [['verify'], GCI, LAST_USED]) {
      const r = await asStranger(argv, ENV_KEY);
      expect([r.code, r.stderr], argv.join(' ')).toEqual([0, '']);
    }
  });

  it('a profile named, which only the AWS files could hold, is refused saying there is no home folder and what to do, exit 2 (was: "internal error")', async () => {
    for (const [argv, env] of [
      [['verify'], { AWS_PROFILE: 'dev' }],
      [GCI, { ...ENV_KEY, AWS_PROFILE: 'dev' }],
      [GCI, {}],
    ] as const) {
      const r = await asStranger(argv, env);
      expect([r.code, r.stdout], argv.join(' ')).toEqual([2, '']);
      expect(r.stderr, argv.join(' ')).toBe('keyscope: keyscope cannot find the AWS files: HOME is not set, and the system knows no home folder for this user.\nhint: Set HOME (the AWS files are ~/.aws/credentials and ~/.aws/config), or set AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE to their paths.\n');
    }
  });

  it('a credentials file given by path is read though ~/.aws cannot be found, as the AWS CLI reads it (was: refused, saying to set the variable already set)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-homeless-'));
    execFileSync('chmod', ['755', dir]);
    const file = join(dir, 'creds');
    writeFileSync(file, `[default]\naws_access_key_id = ${ENV_KEY.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${ENV_KEY.AWS_SECRET_ACCESS_KEY}\n`, { mode: 0o644 });
    const r = await asStranger(GCI, { AWS_SHARED_CREDENTIALS_FILE: file });
    expect([r.code, r.stderr]).toEqual([0, '']);
    // A profile neither file holds is still refused, as one the AWS files do not define.
    const named = await asStranger(GCI, { AWS_SHARED_CREDENTIALS_FILE: file, AWS_PROFILE: 'dev' });
    expect(named.code).toBe(2);
  });

  it('a command that needs keyscope\'s own folder, with no KEYSCOPE_HOME, says there is no home folder and what to do, exit 2 (was: "internal error")', async () => {
    for (const argv of [['profiles', 'list'], ['verify', '--profile', 'prod'], ['review', '--offline']]) {
      const r = await asStranger(argv, {});
      expect([r.code, r.stdout], argv.join(' ')).toEqual([2, '']);
      expect(r.stderr, argv.join(' ')).toBe(
        "keyscope: keyscope cannot find its own folder: HOME is not set, and the system knows no home folder for this user.\nhint: Set KEYSCOPE_HOME to a folder for keyscope's profiles and reviews (keyscope makes it, owner-only), or set HOME.\n",
      );
    }
  });
});
