// npm run bench: keyscope against the floor any Node client must spend (issue 11) and against its peers (the AWS SDK
// v3, the aws CLI; issues 2, 3 and 7), every row in ONE run, printed as a Markdown table with the floor, the ratio,
// the target and met/MISSED. A report, not a gate: it exits 0 when every row was measured, even with misses (timings
// on a shared machine are not a pass/fail test); BENCH_STRICT=1 makes a miss exit 1. It exits 1 when a measure fails.
// Cold runs are paired and interleaved, with this workplace's NODE_EXTRA_CA_CERTS and AWS_CA_BUNDLE UNSET (a 220 KB
// bundle in every environment here; it alone takes `node -e 0` from ~22 ms to ~54 ms) unless a row sets one itself.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { measureRenderer } from './bench/renderer.mjs';
import { interleaved, median, paired, printTable, row, turnedOrder } from './bench/report.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const out = mkdtempSync(join(tmpdir(), 'keyscope-bench-'));
const nodePath = join(process.cwd(), 'node_modules');
const bundle = (entry, minify = true, outName = entry.replace(/^.*\//, '').replace(/\.ts$/, '.js'), plugins = []) =>
  build({ entryPoints: [entry], outfile: join(out, outName), bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify, mainFields: ['module', 'main'], external: ['@napi-rs/keyring'], nodePaths: [nodePath], logLevel: 'error', plugins });
// keyscope with the least signer there is (sign-minimal.ts: node:crypto, no smithy, no sha256-js) where build-request.ts
// imports sign.ts: a bench-only build, to show what the card's signer costs on the rows it weighs on. Should that
// import move, the build would be keyscope itself under another name: the bench stops instead of printing its rows.
let leastSignerPlaced = false;
const leastSigner = {
  name: 'least-signer',
  setup: (b) =>
    b.onResolve({ filter: /\/sign\.js$/ }, (a) => {
      if (!a.importer.endsWith('build-request.ts')) return undefined;
      leastSignerPlaced = true;
      return { path: resolve('scripts/bench/sign-minimal.ts') };
    }),
};
// A helper's first line (where it listens, what it set up); its end before that line fails the bench, saying so,
// instead of leaving the run to stop silently with Node's exit 13 (a top-level await that never settles).
const firstLine = (child, what) =>
  new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (l) => resolve(JSON.parse(l)));
    child.once('exit', (code, signal) => reject(new Error(`${what} ended (${signal ?? `exit ${code}`}) before its first line; its own words, if any, are above`)));
  });
// NODE_NO_WARNINGS: the SDK warns about Node 20 on every run; the warning is no measure.
const node = (file, args, env = process.env) => JSON.parse(execFileSync('node', [join(out, file), ...args.map(String)], { encoding: 'utf8', env: { ...env, NODE_PATH: nodePath, NODE_NO_WARNINGS: '1' } }));

execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
await Promise.all([
  ...['setup-moto', 'recheck', 'store-scale', 'stub-server'].map((f) => bundle(`scripts/bench/${f}.ts`, false)),
  ...['cpu-keyscope', 'cpu-sdk', 'cpu-transport', 'size-keyscope', 'size-sdk', 'floor-http', 'sha256-cost', 'cold-minimal', 'cpu-canned', 'least-check'].map((f) => bundle(`scripts/bench/${f}.ts`)),
  bundle('scripts/bench/cpu-keyscope.ts', true, 'cpu-keyscope-least.js', [leastSigner]),
]);
if (!leastSignerPlaced) throw new Error("the least-signer build found no import of sign.js in build-request.ts: update the plugin in scripts/bench.mjs");

// A throwaway CA and a certificate for 127.0.0.1 signed by it, for the HTTPS stub.
const openssl = (...args) => execFileSync('openssl', args, { stdio: 'ignore', cwd: out });
openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=keyscope bench CA');
openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'stub.key', '-out', 'stub.csr', '-subj', '/CN=127.0.0.1');
writeFileSync(join(out, 'ext'), 'subjectAltName=IP:127.0.0.1\n');
openssl('x509', '-req', '-in', 'stub.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'stub.pem', '-days', '1', '-extfile', 'ext');

const stub = spawn('node', [join(out, 'stub-server.js'), join(out, 'stub.pem'), join(out, 'stub.key')], { stdio: ['pipe', 'pipe', 'inherit'] });
const moto = spawn('node', [join(out, 'setup-moto.js')], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, KEYSCOPE_FIXTURES: join(process.cwd(), 'e2e/fixtures') } });
const [ports, motoKey] = await Promise.all([firstLine(stub, 'the stub server'), firstLine(moto, 'the moto setup')]);
const stubUrl = `http://127.0.0.1:${ports.http}/`;
const slowUrl = `http://127.0.0.1:${ports.slow}/`;
const httpsUrl = `https://127.0.0.1:${ports.https}/`;

const clean = { ...process.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '', AWS_DEFAULT_REGION: 'us-east-1' };
delete clean.NODE_EXTRA_CA_CERTS;
delete clean.AWS_CA_BUNDLE;
delete clean.BENCH_WARMUP; // measure.ts's warm-up: set only for the steady-state rows
const STUB_KEY = { AWS_ACCESS_KEY_ID: 'AKIAY34FZKBOKMUTVV7A', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const at = (url, extra = {}) => ({ ...clean, ...STUB_KEY, AWS_ENDPOINT_URL: url, ...extra });
const motoEnv = { ...clean, AWS_ACCESS_KEY_ID: motoKey.id, AWS_SECRET_ACCESS_KEY: motoKey.secret, AWS_ENDPOINT_URL: motoKey.url };
const verify = (env) => ['node', ['bin/keyscope.js', 'verify'], env];
const rows = [];

// Cold start against the loopback stub and against node doing nothing.
const cold = paired(RUNS, verify(at(stubUrl)), ['node', ['-e', '0'], clean]);
rows.push(row('cold `verify` (loopback stub, AWS_CA_BUNDLE unset)', cold.a, '`node -e 0`', cold.b, 'ms', 2.0));
// Twice the pairs: two ~90 ms processes whose TLS start moves with the machine; in 15 pairs one stretch of a slowed
// machine moved this row 1.03-1.19 between runs where 15 pairs by hand, three times, read 0.98-1.03.
const tlsPair = paired(RUNS * 2, verify(at(httpsUrl, { AWS_CA_BUNDLE: join(out, 'ca.pem') })), verify(at(httpsUrl, { NODE_EXTRA_CA_CERTS: join(out, 'ca.pem') })));
rows.push(row('cold `verify` over HTTPS, stub CA in AWS_CA_BUNDLE', tlsPair.a, 'same CA in NODE_EXTRA_CA_CERTS', tlsPair.b, 'ms', 1.1));
const hasAws = execFileSync('sh', ['-c', 'command -v aws || true'], { encoding: 'utf8' }).trim() !== '';
if (hasAws) {
  const awsCli = paired(RUNS, verify(motoEnv), ['aws', ['sts', 'get-caller-identity'], motoEnv]);
  rows.push(row('cold `verify` (2 calls, moto)', awsCli.a, '`aws sts get-caller-identity`', awsCli.b, 'ms', 0.15));
  const gci = paired(RUNS, ['node', ['bin/keyscope.js', 'sts', 'get-caller-identity'], motoEnv], ['aws', ['sts', 'get-caller-identity'], motoEnv]);
  rows.push(row('cold `keyscope sts get-caller-identity` (moto)', gci.a, '`aws sts get-caller-identity`', gci.b, 'ms', null));
} else console.log('aws CLI not found: the rows against it are not measured');
// Against the least cold client there is (cold-minimal.ts: the same two requests, unsigned) and the least that signs
// (cold-minimal.ts signed: node:crypto SigV4, as any client of AWS must): where the floor of a cold run lies at
// 100 ms. The three are interleaved, so one median of keyscope's runs stands against both (they had been two
// pairings, whose two medians of keyscope differed by up to 2% in runs p to s); twice the runs, its ratio being the one
// closest to its target.
const [slowKs, slowLeast, slowSigned] = interleaved(RUNS * 2, verify(at(slowUrl)), ['node', [join(out, 'cold-minimal.js')], at(slowUrl)], ['node', [join(out, 'cold-minimal.js'), 'signed'], at(slowUrl)]);
const roundTrip = node('floor-http.js', [slowUrl, 10], clean).wallMsPerCheck;
rows.push(row('cold `verify`, stub answering after 100 ms', slowKs, 'one round trip to it (bare node:http)', roundTrip, 'ms', 1.4));
rows.push(row('cold least client (bare node:http, the same two requests unsigned), stub answering after 100 ms', slowLeast, 'one round trip to it (bare node:http)', roundTrip, 'ms', null));
rows.push(row('cold least signing client (the same, each request signed with node:crypto SigV4), stub answering after 100 ms', slowSigned, 'one round trip to it (bare node:http)', roundTrip, 'ms', null));
rows.push(row('cold `verify`, stub answering after 100 ms', slowKs, 'that least cold client', slowLeast, 'ms', null));
rows.push(row('cold `verify`, stub answering after 100 ms', slowKs, 'that least cold signing client', slowSigned, 'ms', null));

// In process: CPU per check and checks per second, each the median of ROUNDS rounds, keyscope's and its floor's
// alternated (one of each in turn, so that the machine's pace drifting over the minute weighs on both alike), in an
// order that turns by one each round (turnedOrder), so that none is always first or always after the same one.
const alternated = (...runs) => {
  const out = runs.map(() => []);
  for (let i = 0; i < ROUNDS; i += 1) for (const k of turnedOrder(runs.length, i)) out[k].push(node(...runs[k]));
  return out;
};
const stubKey = { id: STUB_KEY.AWS_ACCESS_KEY_ID, secret: STUB_KEY.AWS_SECRET_ACCESS_KEY };
const checkRun = (file, url, key, count, concurrency, env = clean) => [file, [url, key.id, key.secret, count, concurrency], env];
const pick = (list, k) => median(list.map((r) => r[k]));
// CPU per check is a process's steady state: STEADY checks after BENCH_WARMUP_CHECKS of warm-up. The issue's floor,
// 114 µs, is what a warmed process reads here (94-131 µs in five runs by hand). A process's first CHECKS * 3 after 30
// of warm-up follow as information (what a recheck of a few hundred profiles pays): there V8 is still compiling
// Node's HTTP client and keyscope's code, both sides read 2.3-2.5 times their steady cost, and the floor moved
// 187-390 µs from run to run.
const STEADY = Number(process.env.BENCH_STEADY_CHECKS ?? 10_000);
const WARM_UP = Number(process.env.BENCH_WARMUP_CHECKS ?? 2_000);
const warmed = { ...clean, BENCH_WARMUP: String(WARM_UP) };
const [ksSteady, bareSteady] = alternated(checkRun('cpu-keyscope.js', stubUrl, stubKey, STEADY, 1, warmed), ['floor-http.js', [stubUrl, STEADY, 1], warmed]);
rows.push(row(`CPU per check in process, steady state: ${STEADY} checks after ${WARM_UP} (GetCallerIdentity, stub)`, pick(ksSteady, 'cpuMsPerCheck') * 1000, 'bare node:http keep-alive request, steady state', pick(bareSteady, 'cpuMsPerCheck') * 1000, 'µs', 2.2));
const [ksStub, bare] = alternated(checkRun('cpu-keyscope.js', stubUrl, stubKey, CHECKS * 3, 1), ['floor-http.js', [stubUrl, CHECKS * 3, 1], clean]);
rows.push(row(`CPU per check in process, a process's first ${CHECKS * 3} checks after 30 (GetCallerIdentity, stub)`, pick(ksStub, 'cpuMsPerCheck') * 1000, 'bare node:http keep-alive request, the same', pick(bare, 'cpuMsPerCheck') * 1000, 'µs', null));
const [ksMoto, sdkMoto] = alternated(checkRun('cpu-keyscope.js', motoKey.url, motoKey, CHECKS, 1), checkRun('cpu-sdk.js', motoKey.url, motoKey, CHECKS, 1));
rows.push(row('CPU per check in process (moto)', pick(ksMoto, 'cpuMsPerCheck') * 1000, 'SDK v3', pick(sdkMoto, 'cpuMsPerCheck') * 1000, 'µs', 0.65));
rows.push(row('wall per check in process (moto)', pick(ksMoto, 'wallMsPerCheck'), 'SDK v3', pick(sdkMoto, 'wallMsPerCheck'), 'ms', null));
// In the same rounds, four runs that say what bounds the row: keyscope's transport alone (one signed request sent
// again: what any check on it can reach), keyscope with the least signer in place of the card's, the least signing
// client (least-check.ts), the floor of a check signed afresh in process, and the same client signing with the card's
// signer, the floor of any client that keeps the card's libraries.
const at16 = (file, ...more) => {
  const [f, args, env] = checkRun(file, stubUrl, stubKey, CHECKS * 10, 16);
  return [f, [...args, ...more], env];
};
const [ks16, sdk16, transport16, least16, leastClient16, leastCard16] = alternated(at16('cpu-keyscope.js'), at16('cpu-sdk.js'), at16('cpu-transport.js'), at16('cpu-keyscope-least.js'), at16('least-check.js'), at16('least-check.js', 'card'));
rows.push(row('checks per second, 16 at once (GetCallerIdentity, stub)', pick(ks16, 'checksPerSecond'), 'SDK v3', pick(sdk16, 'checksPerSecond'), '/s', 3, 'higher'));
rows.push(row("checks per second, 16 at once: keyscope's transport alone (one signed request sent again, answer not read)", pick(transport16, 'checksPerSecond'), 'SDK v3', pick(sdk16, 'checksPerSecond'), '/s', null, 'higher'));
rows.push(row('checks per second, 16 at once: keyscope with the least signer (node:crypto; bench-only) for smithy + sha256-js', pick(least16, 'checksPerSecond'), 'SDK v3', pick(sdk16, 'checksPerSecond'), '/s', null, 'higher'));
// The floor of a signed check (least-check.ts): signed afresh, sent on bare node:http, the Arn read by a regex.
rows.push(row('checks per second, 16 at once: the least signing client (bench-only: node:crypto SigV4, bare node:http, the Arn by a regex)', pick(leastClient16, 'checksPerSecond'), 'SDK v3', pick(sdk16, 'checksPerSecond'), '/s', null, 'higher'));
rows.push(row('checks per second, 16 at once', pick(ks16, 'checksPerSecond'), 'that least signing client', pick(leastClient16, 'checksPerSecond'), '/s', null, 'higher'));
// The same least client with the card's signer (smithy + sha256-js through sign.ts): what keeping the card costs a
// client that does nothing else, and how far keyscope's own work (deadlines, reading failures, clock correction,
// retries, the whole answer read) is from that floor.
rows.push(row("checks per second, 16 at once: the least signing client with the card's signer (bench-only: smithy + sha256-js as keyscope calls them, bare node:http, the Arn by a regex)", pick(leastCard16, 'checksPerSecond'), 'SDK v3', pick(sdk16, 'checksPerSecond'), '/s', null, 'higher'));
rows.push(row('checks per second, 16 at once', pick(ks16, 'checksPerSecond'), "that least client with the card's signer", pick(leastCard16, 'checksPerSecond'), '/s', null, 'higher'));
// The same 16 at once with no network (cpu-canned.ts: the stub's answer handed back on the next turn of the event
// loop): what each client spends itself, and what is left of a check through the stub, the network part both pay.
const [ksCanned, sdkCanned] = alternated(['cpu-canned.js', ['keyscope', CHECKS * 10, 16], clean], ['cpu-canned.js', ['sdk', CHECKS * 10, 16], clean]);
const cpuUs = (list) => pick(list, 'cpuMsPerCheck') * 1000;
rows.push(row('CPU per check, 16 at once, through the stub', cpuUs(ks16), 'SDK v3', cpuUs(sdk16), 'µs', null));
rows.push(row("CPU per check, 16 at once, no network (a canned answer): the client's own work", cpuUs(ksCanned), 'SDK v3', cpuUs(sdkCanned), 'µs', null));
rows.push(row('CPU per check, 16 at once: the network part (through the stub less no network)', cpuUs(ks16) - cpuUs(ksCanned), 'SDK v3', cpuUs(sdk16) - cpuUs(sdkCanned), 'µs', null));
const sha = node('sha256-cost.js', [5000], clean);
rows.push(row('one SigV4 signature with @aws-crypto/sha256-js as it comes (the card keeps the library)', sha.sha256JsUs, 'the same with node:crypto', sha.nodeCryptoUs, 'µs', null));
rows.push(row('one SigV4 signature with sha256-js as keyscope calls it (its block hasher reused: sha256-pool.ts)', sha.pooledUs, 'the same with node:crypto', sha.nodeCryptoUs, 'µs', null));
stub.stdin.end();
moto.stdin.end();

const size = (f) => statSync(join(out, f)).size / 1024;
rows.push(row('bundled size (minified), core', size('size-keyscope.js'), 'SDK v3 STS+IAM', size('size-sdk.js'), 'KiB', 0.45));

// Recheck of saved profiles (issue 3): a keyring and a moto of its own.
const recheck = node('recheck.js', [Number(process.env.BENCH_PROFILES ?? 200), 4], { ...process.env, KEYSCOPE_FIXTURES: join(process.cwd(), 'e2e/fixtures') });
rows.push(row(`recheck ${recheck.profiles} saved profiles (verify + last used, 4 at once, moto)`, recheck.keyscopeMs, 'same checks with SDK v3', recheck.sdkMs, 'ms', 1.3));

// The store at scale (issue 7, issue 11): 1,000 profiles, a keyring of their own; stand-in checks (5 ms, no AWS).
const SCALE = Number(process.env.BENCH_SCALE_PROFILES ?? 1000);
const scaleSetup = spawn('node', [join(out, 'store-scale.js'), 'setup', String(SCALE)], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NODE_PATH: nodePath } });
const scale = await firstLine(scaleSetup, 'the setup of the store at scale');
const scaleEnv = { ...process.env, ...scale.env };
const onCopy = (mode, dir) => {
  const copy = mkdtempSync(join(tmpdir(), 'keyscope-scale-run-'));
  cpSync(dir, copy, { recursive: true });
  return node('store-scale.js', [mode, copy], scaleEnv);
};
const scaleRounds = { fresh: [], full: [], keychain: [], checks: [] };
for (let i = 0; i < Number(process.env.BENCH_SCALE_ROUNDS ?? 3); i += 1) {
  scaleRounds.fresh.push(onCopy('run', scale.fresh));
  scaleRounds.full.push(onCopy('run', scale.full));
  scaleRounds.keychain.push(onCopy('keychain', scale.fresh));
  scaleRounds.checks.push(node('store-scale.js', ['checks', SCALE], scaleEnv));
}
const ms = (list) => median(list.map((r) => r.ms));
const floor = Math.max(ms(scaleRounds.keychain), ms(scaleRounds.checks));
rows.push(row(`\`recheck --all\`, ${SCALE} profiles (fresh store)`, ms(scaleRounds.fresh), `max(keychain read alone ${ms(scaleRounds.keychain).toFixed(0)} ms, checks alone ${ms(scaleRounds.checks).toFixed(0)} ms)`, floor, 'ms', 1.2));
rows.push(row(`\`recheck --all\`, ${SCALE} profiles with 50-check histories`, ms(scaleRounds.full), 'the same on a fresh store', ms(scaleRounds.fresh), 'ms', 1.3));
rows.push(row(`peak RSS of that recheck`, Math.max(...scaleRounds.full.map((r) => r.maxRssMB)), '', null, 'MB', 150));
rows.push(row(`bytes written by that recheck (store, journal)`, Math.max(...scaleRounds.full.map((r) => r.bytesWritten)) / 1e6, '', null, 'MB', 10));

// The renderer, served by `keyscope ui` on the same keyring: the 1,000-profile store and an empty one. 21 rounds over
// three browsers: a page load varies by tens of ms here; with 7 rounds in one browser the list row's median moved by
// up to 0.3 between runs, and with 11 by up to 0.45 (1.14-1.59 in four runs of the same build).
const ui = await measureRenderer({ runs: Number(process.env.BENCH_UI_RUNS ?? 21), env: scale.env, fullHome: scale.fresh, screenHome: scale.screen, oneHome: scale.one, emptyHome: mkdtempSync(join(tmpdir(), 'keyscope-empty-')) });
scaleSetup.stdin.end();
rows.push(row('renderer first contentful paint (headless Chromium)', ui.fcpApp, 'a static page', ui.fcpStatic, 'ms', 1.6));
rows.push(row(`list of ${SCALE} profiles visible`, ui.listFull, 'empty list visible', ui.listEmpty, 'ms', 1.15));
// Where that goes: the list page itself (its controls' and fonts' first layout, which the empty state has none of),
// what the other rows add to it, and, against a list that fills the window, what the rows never drawn cost (what the
// virtualised list keeps small): the least any list of a screenful or more can do is draw the rows in view.
rows.push(row('list of 1 profile visible', ui.listOne, 'empty list visible', ui.listEmpty, 'ms', null));
rows.push(row(`list of ${SCALE} profiles visible`, ui.listFull, 'list of 1 profile visible', ui.listOne, 'ms', null));
rows.push(row(`list of ${scale.screenful} profiles visible (a window's worth and more)`, ui.listScreen, 'empty list visible', ui.listEmpty, 'ms', null));
rows.push(row(`list of ${SCALE} profiles visible`, ui.listFull, `list of ${scale.screenful} profiles visible`, ui.listScreen, 'ms', null));
// The floor of the list row: the two pages as the app drew them, served as static markup (no script, the same style
// sheet inline), marked as the app's lists are from the moment their markup is parsed. What the rows cost there (the
// median of the two copies' difference in each round) is the least any page showing them spends.
rows.push(row(`list of ${SCALE} profiles' page as static markup visible (no script; the rows in view)`, ui.staticFull, "empty list's page as static markup visible", ui.staticEmpty, 'ms', null));
const leastList = ui.listEmpty + ui.staticRows;
rows.push(row('the least the list row can read: empty list visible + what the rows cost as static markup', leastList, 'empty list visible', ui.listEmpty, 'ms', null));
rows.push(row(`list of ${SCALE} profiles visible`, ui.listFull, 'that least', leastList, 'ms', null));
// The floor of a list made by script: the list pages' static copies with their view taken out (the list's section, or
// the empty state) and made again by a few DOM calls once the page has the answer it asked for as it started (read
// whole and passed over once, as the summary counts it), from the view as the app drew it; no framework, nothing
// formatted. The full list's made from the whole answer (as the app reads it) and from one holding only the rows in
// view (what a list sent in two parts would make first), each less the empty list made the same way in its round.
const leastBuilt = ui.listEmpty + ui.builtRows;
rows.push(row(`the least a list made by script can read: empty list visible + what its view costs made from the whole answer (${SCALE} profiles)`, leastBuilt, 'empty list visible', ui.listEmpty, 'ms', null));
rows.push(row('the same made from an answer holding only the rows in view', ui.listEmpty + ui.builtScreenRows, 'empty list visible', ui.listEmpty, 'ms', null));
rows.push(row(`list of ${SCALE} profiles visible`, ui.listFull, 'that least made from the whole answer', leastBuilt, 'ms', null));
rows.push(row('renderer JS gzipped (out/renderer/assets/app.js)', gzipSync(readFileSync('out/renderer/assets/app.js')).length / 1024, '', null, 'KiB', 35));

console.log(`\nkeyscope bench: ${RUNS} paired cold runs (median; ${RUNS * 2} for the HTTPS pair and for each of the three interleaved at 100 ms), in-process rounds x ${ROUNDS} (median); node ${process.version}.`);
console.log('Every cold run with NODE_EXTRA_CA_CERTS and AWS_CA_BUNDLE unset, except where a row sets one. Stub: keep-alive loopback, one write per answer, TCP_NODELAY.\n');
const missed = printTable(rows);
console.log(`\n${missed === 0 ? 'every target met' : `${missed} target(s) MISSED`}${missed && !process.env.BENCH_STRICT ? ' (exit 0: the bench reports; BENCH_STRICT=1 fails on a miss)' : ''}`);
process.exitCode = missed && process.env.BENCH_STRICT ? 1 : 0;
