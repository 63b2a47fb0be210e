/**
 * Key ids pasted into the app's Review view, as the README has them ("key ids pasted one per line (any secret after
 * an id is dropped)", analysed as `keyscope review --keys` analyses a list): through the preload's runReview and
 * ipcMain's `review:run` into the real handlers, with main and the preload run on the recorded stand-in of Electron
 * (no Electron binary here). A loopback server as AWS_ENDPOINT_URL counts what is sent: the review is run online,
 * and still nothing goes out, since the secrets are dropped, never used.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KeyscopeApi } from '../../shared/api-names.js';
import type { ReviewDoneView, ReviewRunRequest } from '../../shared/model.js';
import { maskKeyId } from '../core/keys/key-id.js';
import { keyIdForAccount } from '../core/review/test-kit.js';
import { recordedElectron, type RecordedElectron } from './recorded-electron.js';
import { placeBuiltPage, runBundled } from './run-bundled.js';

const EXPECTED = '111122223333';
const CANARY = keyIdForAccount('052310077262', 3, 3); // a Thinkst Canarytokens account
const OTHER = keyIdForAccount('999988887777', 4, 4);
const OURS = keyIdForAccount(EXPECTED, 5, 5);
const SECRETS = ['wJalrXUtnFEMIK7MDENGbPxRfiCYpastedONE0001', 'wJalrXUtnFEMIK7MDENGbPxRfiCYpastedTWO0002', 'wJalrXUtnFEMIK7MDENGbPxRfiCYpastedTRE0003'] as const;

let electron: RecordedElectron;
let api: KeyscopeApi;
let home: string;
let server: http.Server;
let requests = 0;
const done: ReviewDoneView[] = [];
let saveTo = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests += 1;
    req.resume();
    res.writeHead(403, { 'content-type': 'text/xml' }).end('<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>no</Message></Error></ErrorResponse>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  home = mkdtempSync(join(tmpdir(), 'keyscope-pasted-home-'));
  vi.stubEnv('KEYSCOPE_HOME', home);
  vi.stubEnv('AWS_ENDPOINT_URL', `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  vi.stubEnv('AWS_CA_BUNDLE', undefined);
  const out = join(mkdtempSync(join(tmpdir(), 'keyscope-pasted-')), 'out');
  placeBuiltPage(out);
  electron = recordedElectron({ singleInstanceLock: true });
  // Main's save dialog, answered as a person choosing `saveTo` would (the stand-in records no dialog of its own).
  Object.assign(electron.module.dialog as object, { showSaveDialog: async () => ({ canceled: false, filePath: saveTo }) });
  await runBundled('electron/main/index.ts', electron.module, join(out, 'main'));
  electron.ready();
  await new Promise((resolve) => setImmediate(resolve));
  await runBundled('electron/preload/index.ts', electron.module, join(out, 'preload'));
  api = electron.mainWorld.get('keyscope') as KeyscopeApi;
  api.on('review:done', (payload) => void done.push(payload));
});
afterAll(async () => {
  electron?.emit('app', 'before-quit');
  vi.unstubAllEnvs();
  await new Promise((r) => server?.close(r));
});

/** Runs a review as the page does and waits for its review:done (which may come before runReview's answer). */
async function review(req: ReviewRunRequest): Promise<ReviewDoneView> {
  const started = await api.runReview(req);
  if (!started.ok) throw new Error(started.error.message);
  for (let waited = 0; waited < 10_000; waited += 20) {
    const found = done.find((d) => d.jobId === started.value.jobId);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no review:done within 10 s');
}

const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true }).map((f) => join(dir, String(f))).filter((f) => statSync(f).isFile());
/** Everything main sent the page (events) so far. */
const sentToPage = () => JSON.stringify(electron.callsOn('webContents').filter((c) => c.method === 'send').map((c) => c.args));

describe('key ids pasted in the Review view (main on the recorded stand-in of Electron)', () => {
  it('reviews each id once as --keys would, drops every secret after an id, sends nothing, and shows the ids masked', async () => {
    const pasted = [
      '# from a leak scan',
      `${OTHER} ${SECRETS[0]}`,
      '',
      `${CANARY},${SECRETS[1]}`,
      `  "${OURS}"\t"${SECRETS[2]}"  `,
      OTHER,
    ].join('\r\n');
    const r = await review({ offline: false, keys: pasted, accounts: EXPECTED });
    expect(r.error).toBeNull();
    const view = r.review;
    if (!view) throw new Error('no review');

    // Analysed offline as a key list: one source of three ids (the repeated one once), each by its derived account.
    expect(view.sources).toEqual([expect.objectContaining({ Kind: 'key-list', Label: 'pasted key ids', Keys: 3 })]);
    expect(view.notes).toContain('pasted key ids: 3 key ids (3 long-term), 1 repeated; 3 secrets ignored (never kept, never sent).');
    const listed = await api.reviewFindings({ reviewId: view.reviewId, sort: 'severity', offset: 0, limit: 500 });
    if (!listed.ok) throw new Error(listed.error.message);
    const found = listed.value.findings.map((f) => `${f.Check} ${f.Resource.Account} ${f.Resource.AccessKeyId}`).sort();
    expect(found).toEqual([`canary-key 052310077262 ${maskKeyId(CANARY)}`, `unexpected-account 052310077262 ${maskKeyId(CANARY)}`, `unexpected-account 999988887777 ${maskKeyId(OTHER)}`]);

    // Online, and yet nothing was sent: a secret after an id is dropped, never used to check it.
    expect(requests).toBe(0);

    // The page learns ids masked, and no secret: in the review, its findings and every event main sent it.
    const page = sentToPage() + JSON.stringify(listed);
    for (const id of [CANARY, OTHER, OURS]) expect(page).not.toContain(id);
    for (const secret of SECRETS) expect(page).not.toContain(secret);

    // Never kept: no file under KEYSCOPE_HOME holds a secret (the review itself was saved there).
    expect(view.savedAs && filesUnder(home)).toContain(view.savedAs);
    for (const file of filesUnder(home)) for (const secret of SECRETS) expect(readFileSync(file, 'utf8'), file).not.toContain(secret);

    // Exported through main's save dialog: ids masked unless asked for whole; a secret in neither.
    for (const unmask of [false, true]) {
      saveTo = join(home, `export-${unmask}.csv`);
      expect(await api.exportReview({ reviewId: view.reviewId, format: 'csv', unmask })).toEqual({ ok: true, value: { kind: 'saved', path: saveTo } });
      const text = readFileSync(saveTo, 'utf8');
      if (unmask) expect(text).toContain(OTHER);
      else expect(text).not.toContain(OTHER);
      for (const secret of SECRETS) expect(text).not.toContain(secret);
    }
    expect(requests).toBe(0);
  });

  it('refuses a paste whose line does not start with a key id, naming the line and quoting nothing of it', async () => {
    const reviewsBefore = readdirSync(join(home, 'reviews')).length;
    const r = await review({ offline: true, keys: `${OTHER}\n${SECRETS[0]} ${OURS}\n` });
    expect(r.review).toBeNull();
    expect(r.error).toMatchObject({ Category: 'input', Message: 'Line 2 of pasted key ids does not start with a key id (16 to 128 upper-case letters and digits).' });
    expect(JSON.stringify(r)).not.toContain(SECRETS[0]);
    expect(sentToPage()).not.toContain(SECRETS[0]);
    // Nothing reviewed, nothing saved.
    expect(readdirSync(join(home, 'reviews'))).toHaveLength(reviewsBefore);
  });
});
