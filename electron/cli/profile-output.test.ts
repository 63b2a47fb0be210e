/** `profiles list` and `show` for people and scripts (issue #10): a row per profile fitted to the terminal, sections, PascalCase JSON. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../e2e/fixtures/unwrap.js';
import { ProfileStore, type CheckRecord, type ProfileMeta } from '../core/vault/profiles.js';
import { main } from './index.js';

const home = mkdtempSync(join(tmpdir(), 'keyscope-output-'));
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const MIN = 60_000;
const LONG_ARN = 'arn:aws:iam::123456789012:user/engineering/platform/deployments/continuous-delivery/pipeline-bot';

function profile(i: number, history: CheckRecord[]): ProfileMeta {
  return {
    id: `00000000-0000-4000-8000-00000000000${i}`,
    name: `profile-${i}`,
    accessKeyId: `AKIAY34FZKBOKMUTVV${String(i).padStart(2, '0')}`.replace(/\d(?=\d$)/, 'A'),
    keyType: 'long-term',
    derivedAccount: '609629065308',
    partition: 'aws',
    source: 'manual',
    createdAt: ago(60 * MIN),
    updatedAt: ago(60 * MIN),
    history,
  };
}

const valid = (at: string, arn: string, lastUsed: string | null): CheckRecord => ({ at, valid: true, account: '123456789012', arn, userId: 'AIDAEXAMPLE', userName: arn.split('/').pop() as string, lastUsed: { LastUsedDate: lastUsed, ServiceName: lastUsed ? 'sts' : 'N/A', Region: lastUsed ? 'us-east-1' : 'N/A' }, lastUsedError: null });
const error = { Code: 'InvalidClientTokenId', Message: 'The security token included in the request is invalid.', HttpStatus: 403, Category: 'invalid-key' as const, Hint: 'AWS does not know this access key id.' };

beforeAll(() => {
  const profiles = [
    profile(1, [valid(ago(3 * MIN), 'arn:aws:iam::123456789012:user/alice', ago(3 * 24 * 60 * MIN))]),
    profile(2, [valid(ago(2_000), LONG_ARN, null)]),
    profile(3, [{ at: ago(10 * MIN), valid: false, error }]),
    profile(4, []),
    profile(5, [{ at: ago(5 * MIN), valid: null, error: { ...error, Code: 'ECONNREFUSED', Category: 'offline', HttpStatus: null } }, valid(ago(2 * 60 * MIN), 'arn:aws:iam::123456789012:user/eve', null)]),
    profile(6, []),
    profile(7, [valid(ago(30 * MIN), 'arn:aws:iam::123456789012:user/gina', null)]),
    profile(8, []),
  ];
  unwrap(new ProfileStore(home).update((doc) => ({ doc: { ...doc, profiles }, value: undefined })));
});

async function run(argv: string[], columns?: number) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { env: { HOME: home, KEYSCOPE_HOME: home }, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '', ...(columns ? { stdoutColumns: columns } : {}) });
  return { code, stdout, stderr };
}

describe('profiles list', () => {
  it('--output table: one row per profile under a header, fitted to the terminal (was 64 vertical rows for 8)', async () => {
    const r = await run(['profiles', 'list', '--output', 'table'], 130);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    // top, title, rule, header, rule, 8 rows, rule, counts
    expect(lines).toHaveLength(15);
    expect(lines[3]).toMatch(/^\| Name +\| Key id +\| Whose +\| Status +\| Last checked +\| Last used +\|$/);
    for (const line of lines.slice(0, -1)) expect([...line].length).toBe(130);
    expect(new Set(lines.slice(0, -1).map((l) => [...l].length)).size).toBe(1);
    const row = (n: number) => lines.find((l) => l.startsWith(`| profile-${n} `)) as string;
    expect(row(1)).toMatch(/\| arn:aws:iam::123456789012:user\/alice +\| valid +\| 3 minutes ago +\| 3 days ago +\|$/);
    expect(row(2)).toMatch(/\| arn:aws:iam::123456789012:user\/engineering\S*… \| valid +\| just now +\| never +\|$/);
    expect(row(3)).toMatch(/\| account 609629065308 \(derived\) +\| invalid +\| 10 minutes ago +\| - +\|$/);
    expect(row(4)).toMatch(/\| never checked +\| never +\| - +\|$/);
    // Last checked is the last check that decided (2 hours ago), as in the app and the JSON; the failed one 5 minutes
    // ago is the status.
    expect(row(5)).toMatch(/\| arn:aws:iam::123456789012:user\/eve +\| could not check +\| 2 hours ago +\| never +\|$/);
    expect(lines.at(-1)).toBe('8 profiles: 3 valid, 1 invalid, 1 could not check, 3 never checked');
    expect(r.stdout).not.toMatch(/in 0 seconds|Profiles\[/);
  });

  it('fits an 80-column terminal: each profile on one row, the times left out and said so', async () => {
    const r = await run(['profiles', 'list', '--output', 'table'], 80);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(16);
    for (const line of lines.slice(0, 14)) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines[3]).toMatch(/^\| Name +\| Key id +\| Whose +\| Status +\|$/);
    expect(lines.find((l) => l.startsWith('| profile-3 '))).toMatch(/^\| profile-3 +\| AKIA\*{12}VVA3 \| account 609629065308 \(… \| invalid +\|$/);
    expect(lines[14]).toBe('(Last used and Last checked left out to fit 80 columns: a wider terminal, --output text or json shows every column)');
  });

  it('with no terminal width, nothing is cut', async () => {
    const r = await run(['profiles', 'list', '--output', 'table']);
    expect(r.stdout).toContain(LONG_ARN);
  });

  it('--output text: tab-separated, a line per profile, for scripts', async () => {
    const r = await run(['profiles', 'list', '--output', 'text']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    for (const line of lines) expect(line.split('\t')).toHaveLength(7);
    expect(lines[0]?.split('\t').slice(0, 5)).toEqual(['profile-1', 'AKIA************VVA1', '123456789012', 'arn:aws:iam::123456789012:user/alice', 'valid']);
  });

  it('key ids masked by default, whole with --unmask (global, before or after the command)', async () => {
    const masked = JSON.parse((await run(['profiles', 'list'])).stdout);
    expect(masked.Profiles[0].AccessKeyId).toBe('AKIA************VVA1');
    expect(JSON.parse((await run(['profiles', 'list', '--unmask'])).stdout).Profiles[0].AccessKeyId).toBe('AKIAY34FZKBOKMUTVVA1');
    expect((await run(['--unmask', 'profiles', 'list', '--output', 'table'])).stdout).toContain('AKIAY34FZKBOKMUTVVA1');
  });
});

describe('profiles show', () => {
  it('text and table: labelled sections, no None, no line of tab-separated fields', async () => {
    for (const output of ['text', 'table']) {
      const r = await run(['profiles', 'show', 'profile-5', '--output', output]);
      expect(r.code).toBe(0);
      const s = r.stdout;
      for (const heading of ['Identity', 'Key', 'Status', 'Last use', 'History (newest first)', 'Saved']) expect(s).toMatch(new RegExp(`^${heading.replace(/[()]/g, '\\$&')}$`, 'm'));
      expect(s).toMatch(/^ {2}Status +could not check$/m);
      expect(s).toMatch(/^ {2}Last decided +valid 2 hours ago \(\d{4}-/m);
      expect(s).toMatch(/^ {2}Could not check +5 minutes ago \(.*\): ECONNREFUSED: /m);
      expect(s).toMatch(/^ {2}ARN +arn:aws:iam::123456789012:user\/eve$/m);
      expect(s).not.toMatch(/None|\t/);
    }
  });

  it('json: PascalCase members all through, the stored checks mapped (was LastCheck.at, valid, lastUsed)', async () => {
    const r = await run(['profiles', 'show', 'profile-1']);
    const shown = JSON.parse(r.stdout);
    expect(shown.LastCheck).toMatchObject({ At: expect.any(String), Valid: true, Arn: 'arn:aws:iam::123456789012:user/alice', LastUsed: { ServiceName: 'sts' } });
    const camel: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (/^[A-Z]/.test(k)) walk(x, `${path}.${k}`);
          else camel.push(`${path}.${k}`);
        }
      }
    };
    walk(shown, '');
    expect(camel).toEqual([]);
  });
});
