/**
 * The review channels against a real profile store, real files under a temporary KEYSCOPE_HOME and a loopback
 * server that counts requests: an offline review of saved profiles and an imported credential report, mutes, every
 * export format, new and resolved findings, and the canary guard lifted only by allowCanary.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPayload, type Emitted } from '../../e2e/fixtures/events.js';
import type { ReviewFindingView, ReviewView } from '../../shared/model.js';
import { createTransport, type Transport } from '../core/aws/transport.js';
import { formatJson } from '../core/review/format-json.js';
import { reportTextSource } from '../core/review/gather.js';
import { runReview } from '../core/review/report.js';
import { AS_OF, keyIdForAccount, readReport, reviewWorkerBundle } from '../core/review/test-kit.js';
import { KeychainStore } from '../core/vault/keychain-store.js';
import { ProfileStore, type ProfileMeta } from '../core/vault/profiles.js';
import { Vault } from '../core/vault/vault.js';
import { createHandlers, type HandlerDeps } from './handlers.js';

const STALE = keyIdForAccount('111122223333', 1, 1);
const CANARY = keyIdForAccount('052310077262', 2, 2); // a Thinkst Canarytokens account
const LATER = keyIdForAccount('111122223333', 3, 3);

let transport: Transport;
let server: http.Server;
let endpoint: string;
let requests = 0;

beforeAll(async () => {
  const t = createTransport({ env: {} });
  if (!t.ok) throw new Error('transport');
  transport = t.value;
  // Counts what reaches "AWS"; any answer will do, the count is what the canary guard is judged by.
  server = http.createServer((req, res) => {
    requests += 1;
    req.resume();
    res.writeHead(403, { 'content-type': 'text/xml' }).end('<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>no</Message></Error></ErrorResponse>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  transport?.close();
  await new Promise((r) => server.close(r));
});

function profile(name: string, accessKeyId: string, checkedAt: string | null): ProfileMeta {
  const at = '2025-01-01T00:00:00.000Z';
  return {
    id: `id-${name}`,
    name,
    accessKeyId,
    keyType: 'long-term',
    derivedAccount: null,
    partition: 'aws',
    source: 'manual',
    createdAt: at,
    updatedAt: at,
    history: checkedAt ? [{ at: checkedAt, valid: true, account: '111122223333', arn: `arn:aws:iam::111122223333:user/${name}`, userId: 'AIDAEXAMPLE', userName: name, lastUsed: null }] : [],
  };
}

function world(profiles: ProfileMeta[], overrides: Partial<HandlerDeps> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'keyscope-review-handlers-'));
  const store = new ProfileStore(home);
  const written = store.update((doc) => ({ doc: { ...doc, profiles }, value: undefined }));
  if (!written.ok) throw new Error(written.error.message);
  const events: Emitted[] = [];
  const handlers = createHandlers({ vault: new Vault(store, new KeychainStore()), env: { AWS_ENDPOINT_URL: endpoint, HOME: '/nonexistent' }, transport, emit: (event, payload) => void events.push({ event, payload }), reviewWorker: reviewWorkerBundle(), ...overrides });
  const review = async (req: Parameters<(typeof handlers)['review:run']>[0]): Promise<ReviewView> => {
    const started = await handlers['review:run'](req);
    if (!started.ok) throw new Error(started.error.message);
    // Event-driven: every review ends with exactly one review:done for its job.
    const done = await eventPayload(events, 'review:done', 10_000, (d) => d.jobId === started.value.jobId);
    if (!done.review) throw new Error(`review failed: ${JSON.stringify(done.error)}`);
    return done.review;
  };
  return { home, store, handlers, events, review };
}

const value = <T>(r: { ok: boolean; value?: T; error?: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value as T;
};

type Handlers = ReturnType<typeof world>['handlers'];
type FindingsQuery = Omit<Parameters<Handlers['review:findings']>[0], 'reviewId' | 'offset' | 'limit'>;

/** Every finding of a held review under `query`, page by page, as the Review view lists them. */
async function allFindings(handlers: Handlers, reviewId: string, query: FindingsQuery = { sort: 'severity' }): Promise<ReviewFindingView[]> {
  const out: ReviewFindingView[] = [];
  for (;;) {
    const page = value(await handlers['review:findings']({ reviewId, ...query, offset: out.length, limit: 500 }));
    out.push(...page.findings);
    if (page.findings.length === 0 || out.length >= page.matching) return out;
  }
}

describe('an offline review of saved profiles and an imported credential report', () => {
  it('finds, masks, mutes, exports in every format, and says what is new and resolved', async () => {
    const w = world([profile('stale', STALE, '2025-01-01T00:00:00.000Z'), profile('canary', CANARY, null)]);
    const before = requests;
    const imported = value(await w.handlers['review:import-report']({ name: 'thresholds.csv', text: readReport('thresholds.csv') }));
    expect(imported.keys).toBeGreaterThan(5);

    const first = await w.review({ offline: true, allProfiles: true, importedReports: [imported.handle], asOf: AS_OF });
    expect(requests).toBe(before); // offline: nothing sent
    const firstFindings = await allFindings(w.handlers, first.reviewId);
    expect(firstFindings).toHaveLength(first.findingCount);
    expect(first.checks).toEqual([...new Set(firstFindings.map((f) => f.Check))].sort());
    for (const c of ['stale-check', 'canary-key', 'root-access-key', 'access-key-unused', 'multiple-active-keys']) expect(first.checks).toContain(c);
    expect(firstFindings.find((f) => f.Check === 'stale-check' && f.Resource.Profile === 'stale')).toBeDefined();
    expect(first.comparedWith).toBeNull();
    expect(firstFindings.every((f) => f.Status === 'new')).toBe(true);
    expect(first.newCount).toBe(first.findingCount);
    const live = firstFindings.filter((f) => f.Muted === null);
    expect(first.summary.Critical + first.summary.High + first.summary.Medium + first.summary.Low + first.summary.Info).toBe(live.length);
    // The renderer sees key ids masked, as in every report.
    expect(JSON.stringify([first, firstFindings])).not.toContain(CANARY);
    expect(first.savedAs && existsSync(first.savedAs)).toBe(true);
    const counts = value(await w.handlers['review:profile-findings']({}));
    expect(counts.counts['id-canary']).toBeGreaterThan(0);

    const canary = firstFindings.find((f) => f.Check === 'canary-key') as ReviewFindingView;
    const muted = value(await w.handlers['review:mute']({ reviewId: first.reviewId, findingId: canary.Id, scope: 'finding', reason: 'our own honeytoken', expires: '2999-12-31' }));
    expect(muted.finding.Muted).toEqual({ Reason: 'our own honeytoken', Expires: '2999-12-31' });
    expect(value(await w.handlers['review:finding']({ reviewId: first.reviewId, findingId: canary.Id })).Muted).toEqual({ Reason: 'our own honeytoken', Expires: '2999-12-31' });
    expect(muted.summary.Muted).toBe(first.summary.Muted + 1);
    expect(JSON.parse(readFileSync(join(w.home, 'reviews', 'suppressions.json'), 'utf8'))).toEqual({ Suppressions: [{ Check: 'canary-key', Resource: `finding:${canary.Id}`, Reason: 'our own honeytoken', Expires: '2999-12-31' }] });
    const after = value(await w.handlers['review:profile-findings']({}));
    expect(after.counts['id-canary'] ?? 0).toBe((counts.counts['id-canary'] ?? 0) - 1);
    const past = await w.handlers['review:mute']({ reviewId: first.reviewId, findingId: canary.Id, scope: 'finding', reason: 'x', expires: '2001-01-01' });
    expect(past.ok ? null : past.error.message).toMatch(/already past/);

    const exported: Record<string, string> = {};
    for (const format of ['json', 'csv', 'markdown', 'sarif', 'ocsf'] as const) {
      const r = value(await w.handlers['review:export']({ reviewId: first.reviewId, format }));
      if (r.kind !== 'download') throw new Error('expected a download');
      expect(r.text).not.toContain(CANARY);
      exported[format] = r.text;
    }
    expect(JSON.parse(exported.json as string).Summary.Muted).toBe(muted.summary.Muted);
    expect(JSON.parse(exported.sarif as string).version).toBe('2.1.0');
    expect(JSON.parse(exported.ocsf as string)[0].class_uid).toBe(2004);
    expect(exported.csv?.split('\r\n')[0]).toMatch(/^Id,/);
    expect(exported.markdown).toContain('Remediation');
    const whole = value(await w.handlers['review:export']({ reviewId: first.reviewId, format: 'csv', unmask: true }));
    expect(whole.kind === 'download' && whole.text).toContain(CANARY);

    // A second review after a change: the stale profile is gone, a new one came; the canary stays muted.
    const changed = w.store.update((doc) => ({ doc: { ...doc, profiles: [profile('canary', CANARY, null), profile('later', LATER, null)] }, value: undefined }));
    expect(changed.ok).toBe(true);
    const second = await w.review({ offline: true, allProfiles: true, importedReports: [imported.handle], asOf: AS_OF });
    expect(second.comparedWith).toMatch(/previous review/);
    expect(second.resolved.map((r) => `${r.Check} ${r.Resource.Profile}`)).toContain('stale-check stale');
    expect(second.resolvedCount).toBe(second.resolved.length);
    const secondFindings = await allFindings(w.handlers, second.reviewId);
    expect(secondFindings.find((f) => f.Resource.Profile === 'later')?.Status).toBe('new');
    expect(second.newCount).toBe(secondFindings.filter((f) => f.Status === 'new').length);
    expect(secondFindings.find((f) => f.Id === canary.Id)).toMatchObject({ Status: 'unchanged', Muted: { Reason: 'our own honeytoken' } });
  });

  it('resolves nothing of the profiles a review of chosen profiles left out, and says they were not reviewed', async () => {
    const w = world([profile('stale', STALE, '2025-01-01T00:00:00.000Z'), profile('canary', CANARY, null)]);
    const all = await w.review({ offline: true, allProfiles: true });
    expect(all.findingCount).toBeGreaterThanOrEqual(2);
    const one = await w.review({ offline: true, profileIds: ['id-canary'] });
    // Before: the stale profile's stale-check was listed as resolved, though this review never looked at it.
    expect(one.resolvedCount).toBe(0);
    expect(one.notes.join('\n')).toMatch(/1 finding of the previous review \(.*\) is about what this review did not read/);
  });

  it('refuses two imported reports of one account as of the same time, which cannot be told apart', async () => {
    const w = world([]);
    const a = value(await w.handlers['review:import-report']({ name: 'old.csv', text: readReport('thresholds.csv') }));
    const b = value(await w.handlers['review:import-report']({ name: 'new.csv', text: readReport('thresholds.csv') }));
    const started = value(await w.handlers['review:run']({ offline: true, importedReports: [a.handle, b.handle], asOf: AS_OF }));
    const done = await eventPayload(w.events, 'review:done', 10_000, (d) => d.jobId === started.jobId);
    // Before: both read, an older report's findings beside the newer one's.
    expect(done.review).toBeFalsy();
    expect(JSON.stringify(done.error)).toContain('are both credential reports of account 111122223333');
  });

  it('exports through main\'s save dialog when there is one, written whole', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'keyscope-export-')), 'review.sarif');
    const asked: string[] = [];
    const w = world([profile('stale', STALE, '2025-01-01T00:00:00.000Z')], {
      dialogs: { openFile: async () => null, saveFile: async ({ defaultName }) => (asked.push(defaultName), target) },
    });
    const r = await w.review({ offline: true, allProfiles: true });
    expect(value(await w.handlers['review:export']({ reviewId: r.reviewId, format: 'sarif' }))).toEqual({ kind: 'saved', path: target });
    expect(asked[0]).toMatch(/^keyscope-review-\d{8}T\d{6}\.sarif$/);
    expect(JSON.parse(readFileSync(target, 'utf8')).version).toBe('2.1.0');
    expect(value(await w.handlers['review:open-report']({}))).toBeNull();
  });

  it('exports through a symbolic link the save dialog chose to its target, keeping the link and the permission bits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyscope-export-'));
    writeFileSync(join(dir, 'shared.sarif'), 'old\n', { mode: 0o644 });
    symlinkSync('shared.sarif', join(dir, 'review.sarif'));
    const w = world([profile('stale', STALE, '2025-01-01T00:00:00.000Z')], { dialogs: { openFile: async () => null, saveFile: async () => join(dir, 'review.sarif') } });
    const r = await w.review({ offline: true, allProfiles: true });
    expect(value(await w.handlers['review:export']({ reviewId: r.reviewId, format: 'sarif' }))).toEqual({ kind: 'saved', path: join(dir, 'review.sarif') });
    // Before: the link was replaced by an owner-only file, and the file it named stayed old.
    expect(lstatSync(join(dir, 'review.sarif')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'shared.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(statSync(join(dir, 'shared.sarif')).mode & 0o777).toBe(0o644);
  });

  it("does not take keyscope's own check of a saved key for its owner's use in an imported report's row", async () => {
    // alice's saved key was checked on 2025-06-20 10:05 (sts, her account and name); her own last use was 2025-04-01.
    const alice = profile('alice', STALE, '2025-06-20T10:05:00.000Z');
    const checked = { ...alice, history: alice.history.map((h) => ({ ...h, lastUsed: { LastUsedDate: '2025-04-01T00:00:00Z', ServiceName: 's3', Region: 'us-east-1' } })) } as ProfileMeta;
    const header = readReport('thresholds.csv').split('\n')[0] as string;
    const row = 'alice,arn:aws:iam::111122223333:user/alice,2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-01-01T00:00:00+00:00,2025-06-20T10:05:00+00:00,us-east-1,sts,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';
    const w = world([checked]);
    const imported = value(await w.handlers['review:import-report']({ name: 'report.csv', text: `${header}\n${row}\n` }));
    // Reviewing the report alone: the saved keys' checks are still read.
    const r = await w.review({ offline: true, importedReports: [imported.handle], asOf: AS_OF });
    const unused = (await allFindings(w.handlers, r.reviewId)).find((f) => f.Check === 'access-key-unused' && f.Source === 'credential-report');
    // Before: the check was taken for alice's use 10 days before, and no finding was raised.
    expect(unused?.Evidence).toMatchObject({ KeyscopeOwnUse: true, LastUsedService: 's3' });
  });

  it('refuses what cannot run before starting: the network while offline, nothing to review, a report over 20 MiB', async () => {
    const w = world([profile('stale', STALE, null)]);
    const online = await w.handlers['review:run']({ offline: true, auditWith: 'id-stale' });
    expect(online.ok ? null : online.error.message).toMatch(/Offline promises that nothing is sent/);
    const nothing = await w.handlers['review:run']({ offline: true });
    expect(nothing.ok ? null : nothing.error.message).toBe('Nothing to review.');
    const big = await w.handlers['review:import-report']({ name: 'big.csv', text: 'x'.repeat(20 * 1024 * 1024 + 1) });
    expect(big.ok ? null : big.error.message).toMatch(/larger than 20 MiB/);
    const foreign = await w.handlers['review:import-report']({ name: 'notes.csv', text: 'a,b\n1,2\n' });
    expect(foreign.ok ? null : foreign.error.message).toMatch(/^notes\.csv: /);
    // "As of" is ISO 8601: Date.parse took "45" as 2045 and a time without zone as the machine's.
    const year = await w.handlers['review:run']({ offline: true, allProfiles: true, asOf: '45' });
    expect(year.ok ? null : year.error.message).toMatch(/not an ISO 8601 date/);
    const local = await w.handlers['review:run']({ offline: true, allProfiles: true, asOf: '2025-06-30T12:00:00' });
    expect(local.ok ? null : local.error.message).toMatch(/gives no time zone/);
    expect(w.events.filter((e) => e.event === 'review:done')).toEqual([]);
  });
});

/** A credential report of `users` users, each with one active key unused for 60 days and not rotated for 120. */
function largeReport(users: number): string {
  const header = readReport('thresholds.csv').split('\n')[0] as string;
  const rows = Array.from({ length: users }, (_, i) => `u${i},arn:aws:iam::111122223333:user/u${i},2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-03-02T00:00:00+00:00,2025-05-01T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`);
  return [header, ...rows, ''].join('\n');
}

describe('a large review in the app', () => {
  it('leaves this process free while it runs: other requests and timers are answered before review:done, and progress comes from the long steps', async () => {
    const w = world([]);
    const imported = value(await w.handlers['review:import-report']({ name: 'large.csv', text: largeReport(20_000) }));
    expect(imported.keys).toBe(20_000);
    const order: string[] = [];
    const started = value(await w.handlers['review:run']({ offline: true, importedReports: [imported.handle], asOf: AS_OF }));
    // The first turn of the event loop after the request, and another request made in it: before, the whole review
    // ran in this turn, and review:done was out before either.
    setImmediate(() => {
      order.push('timer');
      void w.handlers['review:sources']({}).then((r) => order.push(r.ok ? 'review:sources' : 'review:sources failed'));
    });
    const done = await eventPayload(w.events, 'review:done', 60_000, (d) => d.jobId === started.jobId);
    const doneAt = w.events.findIndex((e) => e.event === 'review:done');
    order.push('review:done');
    expect(order.slice(0, 3)).toEqual(['timer', 'review:sources', 'review:done']);
    const progress = w.events.slice(0, doneAt).filter((e) => e.event === 'review:progress').map((e) => (e.payload as { message: string }).message);
    expect(progress).toEqual(['Reading the sources…', 'Reading the credential report…', 'Finding and comparing with the previous review…', 'Saving the review for the next comparison…']);
    expect(done.review?.findingCount).toBe(40_000);
  });

  it('sends the page the summary and the findings it lists, never every finding: review:done, a page of findings, a finding, Mute…', async () => {
    const w = world([]);
    const imported = value(await w.handlers['review:import-report']({ name: 'large.csv', text: largeReport(3_000) }));
    const review = await w.review({ offline: true, importedReports: [imported.handle], asOf: AS_OF });
    // review:done carried all 6,000 findings (about 5 MB as JSON; 180 MB for a report of 100,000 users).
    const done = w.events.find((e) => e.event === 'review:done');
    expect(JSON.stringify(done).length).toBeLessThan(10_000);
    expect(review).toMatchObject({ findingCount: 6_000, newCount: 6_000, checks: ['access-key-not-rotated', 'access-key-unused'], summary: { Medium: 6_000, High: 0, Muted: 0 } });

    // A page sorted by resource is the first 500 of all 6,000 in that order, and the next page goes on from it.
    const page = value(await w.handlers['review:findings']({ reviewId: review.reviewId, sort: 'resource', offset: 0, limit: 500 }));
    expect(page.matching).toBe(6_000);
    expect(page.findings).toHaveLength(500);
    const resource = (f: ReviewFindingView) => `user ${f.Resource.User}, ${f.Resource.KeySlot}, account ${f.Resource.Account}`;
    const byResource = await allFindings(w.handlers, review.reviewId, { sort: 'resource' });
    expect(byResource).toHaveLength(6_000);
    const texts = byResource.map(resource);
    expect(texts).toEqual([...texts].sort(new Intl.Collator().compare));
    expect(page.findings).toEqual(byResource.slice(0, 500));
    expect(texts[0]).toBe('user u0, access_key_1, account 111122223333');
    expect(texts[2]).toBe('user u1, access_key_1, account 111122223333');
    // Filters cover every finding too; most severe first keeps the engine's order.
    const unused = value(await w.handlers['review:findings']({ reviewId: review.reviewId, sort: 'severity', check: 'access-key-unused', offset: 2_900, limit: 500 }));
    expect(unused.matching).toBe(3_000);
    expect(unused.findings.map((f) => f.Check)).toEqual(Array(100).fill('access-key-unused'));
    const medium = value(await w.handlers['review:findings']({ reviewId: review.reviewId, sort: 'check', severity: 'medium', offset: 0, limit: 10 }));
    expect(medium).toMatchObject({ matching: 6_000, findings: Array(10).fill(expect.objectContaining({ Severity: 'medium', Check: 'access-key-not-rotated' })) });
    expect(value(await w.handlers['review:findings']({ reviewId: review.reviewId, sort: 'check', severity: 'high', offset: 0, limit: 10 }))).toEqual({ matching: 0, findings: [] });

    // A finding's page asks for that finding alone.
    const one = page.findings[7] as ReviewFindingView;
    expect(value(await w.handlers['review:finding']({ reviewId: review.reviewId, findingId: one.Id }))).toEqual(one);
    const missing = await w.handlers['review:finding']({ reviewId: review.reviewId, findingId: '0'.repeat(32) });
    expect(missing.ok ? null : missing.error.message).toBe('That finding is not in this review.');

    // Mute… answers the new counts and the muted finding; it resent every finding (another 5 MB here).
    const muted = value(await w.handlers['review:mute']({ reviewId: review.reviewId, findingId: one.Id, scope: 'check', reason: 'accepted for now' }));
    expect(JSON.stringify(muted).length).toBeLessThan(10_000);
    expect(muted.summary).toMatchObject({ Muted: 3_000 });
    expect(muted.finding).toMatchObject({ Id: one.Id, Muted: { Reason: 'accepted for now', Expires: null } });
    const unmuted = value(await w.handlers['review:findings']({ reviewId: review.reviewId, sort: 'severity', muted: false, offset: 0, limit: 500 }));
    expect(unmuted.matching).toBe(3_000);
    expect(unmuted.findings.every((f) => f.Muted === null && f.Check !== one.Check)).toBe(true);
  });

  it('refuses a request for findings that is not one the view makes, naming the field', async () => {
    const w = world([]);
    const r = await w.review({ offline: true, keys: STALE });
    const refused = async (req: Record<string, unknown>) => {
      const a = await w.handlers['review:findings']({ reviewId: r.reviewId, sort: 'severity', offset: 0, limit: 500, ...req } as never);
      return a.ok ? null : `${(a.error as { field?: string }).field}: ${a.error.message}`;
    };
    expect(await refused({ sort: 'random' })).toMatch(/^sort: /);
    expect(await refused({ offset: -1 })).toMatch(/^offset: /);
    expect(await refused({ limit: 501 })).toMatch(/^limit: /);
    expect(await refused({ limit: 0 })).toMatch(/^limit: /);
    expect(await refused({ severity: 'severe' })).toMatch(/^severity: /);
    expect(await refused({ reviewId: 'gone' })).toMatch(/^reviewId: That review is no longer held/);
    expect(await refused({})).toBeNull();
    // Five reviews are held, each in its worker; the oldest goes (its worker stopped) when a sixth comes.
    for (let i = 0; i < 5; i += 1) await w.review({ offline: true, keys: STALE });
    expect(await refused({})).toMatch(/^reviewId: That review is no longer held/);
  });

  it('saves what the review found byte for byte as the engine writes it, and the next review compares with it', async () => {
    const w = world([]);
    const text = largeReport(2_000);
    const imported = value(await w.handlers['review:import-report']({ name: 'large.csv', text }));
    const first = await w.review({ offline: true, importedReports: [imported.handle], asOf: AS_OF });
    const saved = readFileSync(first.savedAs as string, 'utf8');
    const source = reportTextSource(text, { label: 'large.csv', asOf: new Date(AS_OF).toISOString(), now: first.generatedAt });
    if (!source.ok) throw new Error(source.error.message);
    const idKey = readFileSync(join(w.home, 'reviews', '.id-key'), 'utf8').trim();
    const expected = runReview({ sources: [source.value], idKey, generatedAt: first.generatedAt, offline: true, thresholds: {}, previous: null, suppressions: [] });
    expect(saved).toBe(formatJson(expected, { unmask: true }));
    const second = await w.review({ offline: true, importedReports: [imported.handle], asOf: AS_OF });
    expect(second.comparedWith).toBe(`the previous review (${first.generatedAt})`);
    expect(second.newCount).toBe(0);
    expect((await allFindings(w.handlers, second.reviewId)).every((f) => f.Status === 'unchanged')).toBe(true);
  });

  it('stops on an internal failure, saving nothing, when its worker cannot start', async () => {
    const w = world([profile('stale', STALE, null)], { reviewWorker: join(tmpdir(), 'no-such-review-worker.js') });
    const started = value(await w.handlers['review:run']({ offline: true, allProfiles: true }));
    const done = await eventPayload(w.events, 'review:done', 10_000, (d) => d.jobId === started.jobId);
    expect(done.review).toBeNull();
    expect(done.error?.Message).toMatch(/internal error in keyscope; nothing was saved/);
    expect(readdirSync(join(w.home, 'reviews')).filter((n) => n.startsWith('review-'))).toEqual([]);
  });
});

/**
 * The real review worker, with `prelude` run first in each of its threads (a wrapper: the worker's messages reach the
 * prelude's listeners before its own). `log` is a file the prelude may append to.
 */
function wrappedWorker(prelude: string): { file: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-review-wrapped-'));
  const file = join(dir, 'review-worker.js');
  const log = join(dir, 'log');
  writeFileSync(file, `const { appendFileSync } = require('node:fs');\nconst { parentPort, threadId } = require('node:worker_threads');\nconst LOG = ${JSON.stringify(log)};\n${prelude}\nrequire(${JSON.stringify(reviewWorkerBundle())});\n`);
  return { file, log };
}

describe('a finished review held in its worker', () => {
  it('is held by a thread that holds nothing of the run: the worker that read the sources and found is let go', async () => {
    // The run's thread kept everything it had made (the parsed report, the intermediate lists, the saved JSON): V8
    // collects nothing in a thread that has gone idle, 470 MB of heap for a review of 100,000 findings, of which 100 MB
    // were the review.
    const { file, log } = wrappedWorker("parentPort.on('message', (s) => appendFileSync(LOG, `${threadId} ${s.op}\\n`));");
    const w = world([], { reviewWorker: file });
    const imported = value(await w.handlers['review:import-report']({ name: 'large.csv', text: largeReport(200) }));
    const review = await w.review({ offline: true, importedReports: [imported.handle], asOf: AS_OF });
    const page = value(await w.handlers['review:findings']({ reviewId: review.reviewId, sort: 'resource', offset: 0, limit: 500 }));
    expect(page).toMatchObject({ matching: 400, findings: expect.arrayContaining([expect.objectContaining({ Check: 'access-key-unused' })]) });
    const opsOf = new Map<string, string[]>();
    for (const [thread, op] of readFileSync(log, 'utf8').trim().split('\n').map((l) => l.split(' '))) opsOf.set(thread as string, [...(opsOf.get(thread as string) ?? []), op as string]);
    expect([...opsOf.values()]).toEqual([['report-keys'], ['imported-report', 'finish'], ['hold', 'findings']]);
  });
});

describe('a finished review whose holding thread fails', () => {
  it('is said to be saved (it is, and the next review compares with it), not "nothing was saved"', async () => {
    // A fake: the thread that would hold the review exits as it is handed over (a crash, its memory limit).
    const { file } = wrappedWorker("parentPort.on('message', (s) => { if (s.op === 'hold') process.exit(7); });");
    const w = world([], { reviewWorker: file });
    const imported = value(await w.handlers['review:import-report']({ name: 'large.csv', text: largeReport(5) }));
    const started = value(await w.handlers['review:run']({ offline: true, importedReports: [imported.handle], asOf: AS_OF }));
    const done = await eventPayload(w.events, 'review:done', 20_000, (d) => d.jobId === started.jobId);
    const saved = readdirSync(join(w.home, 'reviews')).filter((n) => n.startsWith('review-'));
    expect(saved).toHaveLength(1);
    expect(done.review).toBeNull();
    expect(done.error).toMatchObject({
      Message: `The review was made and saved as ${join(w.home, 'reviews', saved[0] as string)}, but the thread that would hold it for this window stopped, so it cannot be shown here.`,
      Hint: 'Run the review again to see it: it compares with the one saved, so the findings they share read "unchanged", not "new".',
    });
  });
});

describe('a request a held review fails on', () => {
  // A fake, as no real report reaches V8's longest string (about 512 MiB; a report of 100,000 users makes 290 MB of
  // JSON, two such reports would): JSON.stringify throws as V8 does there while the worker makes a JSON export.
  const tooLong = "let exporting = false;\nparentPort.on('message', (s) => { exporting = (s.op === 'export' || s.op === 'export-to') && s.format === 'json'; });\nconst stringify = JSON.stringify;\nJSON.stringify = function (...a) { if (exporting) throw new RangeError('Invalid string length'); return stringify.apply(this, a); };";

  it('an export that throws in the worker (fake: JSON past V8\'s longest string) is refused in words, and the review stays held', async () => {
    const { file } = wrappedWorker(tooLong);
    const w = world([], { reviewWorker: file });
    const imported = value(await w.handlers['review:import-report']({ name: 'large.csv', text: largeReport(200) }));
    const review = await w.review({ offline: true, importedReports: [imported.handle], asOf: AS_OF });
    const exported = await w.handlers['review:export']({ reviewId: review.reviewId, format: 'json' });
    // It was "That review is no longer held … Run the review again.": the review and its worker were let go, and
    // running it again failed the same way.
    expect(exported.ok ? null : exported.error).toMatchObject({ message: 'The review is too large to export as JSON review: its text would be longer than V8 allows (about 512 MiB). The review is still here.', hint: expect.stringMatching(/CSV/) });
    expect(value(await w.handlers['review:findings']({ reviewId: review.reviewId, sort: 'severity', offset: 0, limit: 10 })).matching).toBe(400);
    const csv = value(await w.handlers['review:export']({ reviewId: review.reviewId, format: 'csv' }));
    expect(csv.kind === 'download' && csv.text.split('\r\n').length).toBeGreaterThan(400);
  });

  it('Mute… whose review is let go as the mute is applied says the mute was saved, and that this review could not show it', async () => {
    const { file } = wrappedWorker("parentPort.on('message', (s) => { if (s.op === 'suppress') process.exit(7); });");
    const w = world([], { reviewWorker: file });
    const imported = value(await w.handlers['review:import-report']({ name: 'large.csv', text: largeReport(5) }));
    const review = await w.review({ offline: true, importedReports: [imported.handle], asOf: AS_OF });
    const finding = (await allFindings(w.handlers, review.reviewId))[0] as ReviewFindingView;
    const muted = await w.handlers['review:mute']({ reviewId: review.reviewId, findingId: finding.Id, scope: 'finding', reason: 'accepted' });
    const mutes = join(w.home, 'reviews', 'suppressions.json');
    expect(JSON.parse(readFileSync(mutes, 'utf8')).Suppressions).toEqual([{ Check: finding.Check, Resource: `finding:${finding.Id}`, Reason: 'accepted', Expires: null }]);
    // It was "That review is no longer held …", which the page titled "The finding was not muted".
    expect(muted.ok ? null : muted.error).toMatchObject({
      message: `The mute was saved in ${mutes}, but this review is no longer held (several reviews ran since, or the thread holding it stopped), so it could not show the finding muted.`,
      hint: 'The mute applies from the next review: run the review again to see it.',
    });
  });

  it('a worker that exits lets its review go, said so', async () => {
    const { file } = wrappedWorker("parentPort.on('message', (s) => { if (s.op === 'findings') process.exit(7); });");
    const w = world([], { reviewWorker: file });
    const review = await w.review({ offline: true, keys: STALE });
    const page = await w.handlers['review:findings']({ reviewId: review.reviewId, sort: 'severity', offset: 0, limit: 10 });
    expect(page.ok ? null : page.error.message).toMatch(/^That review is no longer held/);
    const again = await w.handlers['review:finding']({ reviewId: review.reviewId, findingId: '0'.repeat(32) });
    expect(again.ok ? null : again.error.message).toMatch(/^That review is no longer held/);
  });
});

describe('importing a credential report in the app', () => {
  /** A file the open dialog answers: a stand-in for Electron's native dialog, which cannot run here. */
  const dialogFor = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'keyscope-open-report-')), 'large.csv');
    writeFileSync(path, text);
    return { openFile: async () => path, saveFile: async () => null };
  };

  // review:import-report: the report's text, pasted or chosen in the page; review:open-report: a file the open dialog
  // answered (a stand-in for Electron's).
  it.each(['review:import-report', 'review:open-report'] as const)('reads a large report off this process (%s): a timer and another request are answered before the import', async (channel) => {
    const text = largeReport(20_000);
    const w = world([], { dialogs: dialogFor(text) });
    const order: string[] = [];
    const asked = channel === 'review:import-report' ? w.handlers['review:import-report']({ name: 'large.csv', text }) : w.handlers['review:open-report']({});
    // The first turn of the event loop after the request, and another request made in it: before, the whole report
    // was parsed in this turn (2-3 s for 100,000 users), and the import answered before either.
    setImmediate(() => {
      order.push('timer');
      void w.handlers['review:sources']({}).then((r) => order.push(r.ok ? 'review:sources' : 'review:sources failed'));
    });
    const imported = value(await asked.then((r) => (order.push(channel), r)));
    expect(order).toEqual(['timer', 'review:sources', channel]);
    expect(imported).toMatchObject({ label: 'large.csv', keys: 20_000 });
    // The handle is the report's, for the review as before.
    const review = await w.review({ offline: true, importedReports: [(imported as { handle: string }).handle], asOf: AS_OF });
    expect(review.findingCount).toBe(40_000);
  });

  it('says what is wrong with a report in the same words as before, field and all', async () => {
    const w = world([]);
    const header = readReport('thresholds.csv').split('\n')[0] as string;
    const cases: Record<string, string> = {
      'empty.csv': '',
      'notes.csv': 'a,b\n1,2\n',
      'quote.csv': `${header}\n"u0,broken`,
      'twice.csv': largeReport(2).replace(/\nu1,arn:aws:iam::111122223333:user\/u1,/, '\nu0,arn:aws:iam::111122223333:user/u0,'),
    };
    for (const [name, text] of Object.entries(cases)) {
      const expected = reportTextSource(text, { label: name, now: new Date().toISOString() });
      if (expected.ok) throw new Error(`${name} was read`);
      const answer = await w.handlers['review:import-report']({ name, text });
      expect(answer.ok ? null : answer.error).toEqual({ kind: 'input', category: 'input', field: 'text', message: `${name}: ${expected.error.message}`, hint: expected.error.hint });
    }
    const blank = await w.handlers['review:import-report']({ name: '  ', text: '' });
    expect(blank.ok ? null : blank.error.message).toBe('imported credential report: The credential report is empty.');
    const folder = world([], { dialogs: { openFile: async () => tmpdir(), saveFile: async () => null } });
    const opened = await folder.handlers['review:open-report']({});
    expect(opened.ok ? null : opened.error.message).toBe(`The file ${tmpdir()} is a folder, not a regular file.`);
  });

  it('answers an internal failure when the worker that reads it cannot start', async () => {
    const w = world([], { reviewWorker: join(tmpdir(), 'no-such-review-worker.js') });
    const answer = await w.handlers['review:import-report']({ name: 'thresholds.csv', text: readReport('thresholds.csv') });
    expect(answer.ok ? null : answer.error).toMatchObject({ kind: 'internal', message: 'keyscope hit an internal error while handling review:import-report; nothing was decided or changed.' });
  });
});

describe('a review and its export on a full disk (a real 256 KiB tmpfs, filled)', () => {
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts) spawnSync('umount', [m]);
  });
  /** Mounts a 256 KiB tmpfs on `dir`, puts `keep` in it, then fills it. */
  function fullDisk(dir: string, keep: Record<string, string> = {}): void {
    if (process.getuid?.() !== 0) throw new Error('this test needs root: it mounts a tmpfs');
    mkdirSync(dir, { recursive: true });
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir], { encoding: 'utf8' });
    if (mounted.status !== 0) throw new Error(`mount: ${mounted.stderr}`);
    mounts.push(dir);
    for (const [name, text] of Object.entries(keep)) writeFileSync(join(dir, name), text, { mode: 0o600 });
    spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'fill')}`, 'bs=512', 'count=1000']); // stops at "no space left"
  }

  it('the review is shown with a note that says why it was not kept and what to do; the export is refused in words; nothing half-written is left', async () => {
    const exports = mkdtempSync(join(tmpdir(), 'keyscope-export-full-'));
    const target = join(exports, 'review.json');
    const w = world([profile('stale', STALE, '2025-01-01T00:00:00.000Z')], {
      dialogs: { openFile: async () => null, saveFile: async () => target },
    });
    // The first review makes the finding-id key; then the reviews' folder fills up.
    const first = await w.review({ offline: true, allProfiles: true, asOf: AS_OF });
    expect(first.savedAs).not.toBeNull();
    const reviews = join(w.home, 'reviews');
    const idKey = readFileSync(join(reviews, '.id-key'), 'utf8');
    fullDisk(reviews, { '.id-key': idKey }); // mounted over the folder: the key is put back, then the disk fills

    const second = await w.review({ offline: true, allProfiles: true, asOf: AS_OF });
    expect(second.findingCount).toBe(first.findingCount); // the review itself is whole
    expect(second.savedAs).toBeNull();
    const note = second.notes.find((n) => n.includes('could not be saved')) ?? '';
    // Before, the note gave the code alone ("(ENOSPC).") and no hint.
    expect(note).toContain(`The review could not be saved in ${reviews} (ENOSPC: the disk is full). The next review will compare with an older one.`);
    expect(note).toContain(`Check that ${reviews} is writable and the disk has room`);
    expect(readdirSync(reviews).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    fullDisk(exports);
    const refused = await w.handlers['review:export']({ reviewId: second.reviewId, format: 'json' });
    expect(refused.ok ? null : refused.error.message).toBe(`The report could not be written to ${target} (ENOSPC: the disk is full); nothing was changed there.`);
    expect(readdirSync(exports).sort()).toEqual(['fill']);
  });
});

describe('the canary guard in the app', () => {
  it('sends nothing for a canary key unless the request says allowCanary', async () => {
    const w = world([]);
    const before = requests;
    const refused = value(await w.handlers['creds:check']({ accessKeyId: CANARY, secretAccessKey: 'x'.repeat(40) }));
    expect(refused.report).toMatchObject({ Valid: null, Error: { Category: 'canary' } });
    expect(requests).toBe(before);
    const sent = value(await w.handlers['creds:check']({ accessKeyId: CANARY, secretAccessKey: 'x'.repeat(40), allowCanary: true }));
    expect(sent.report.Valid).toBe(false);
    expect(requests).toBeGreaterThan(before);
  });

  it('asks first even when KEYSCOPE_ALLOW_CANARY=1 is in the environment it was started from (that variable is the command line\'s)', async () => {
    // A user who exported it for the CLI and then ran `keyscope ui` had a canary key checked without the confirmation.
    const w = world([], { env: { AWS_ENDPOINT_URL: endpoint, HOME: '/nonexistent', KEYSCOPE_ALLOW_CANARY: '1' } });
    const before = requests;
    const refused = value(await w.handlers['creds:check']({ accessKeyId: CANARY, secretAccessKey: 'x'.repeat(40) }));
    expect(refused.report).toMatchObject({ Valid: null, Error: { Category: 'canary' } });
    expect(requests).toBe(before);
  });
});
