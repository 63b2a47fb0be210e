// npm run bench: keyscope against the AWS SDK v3 and the aws CLI, on one moto server, in one run; prints ratios.
// Targets (issue 2): cold verify wall time vs `aws sts get-caller-identity` <= 0.3; CPU per check vs SDK <= 0.65;
// bundled core size vs SDK <= 0.45. Issue 7: the store at 1,000 profiles with full histories.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 300);
const out = mkdtempSync(join(tmpdir(), 'keyscope-bench-'));
const bundle = (entry, file, minify = true) =>
  build({ entryPoints: [entry], outfile: join(out, file), bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify, mainFields: ['module', 'main'], external: ['@napi-rs/keyring'], nodePaths: [join(process.cwd(), 'node_modules')], logLevel: 'error' });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, d = 3) => n.toFixed(d);

execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
await Promise.all([
  bundle('scripts/bench/setup-moto.ts', 'setup-moto.js', false),
  bundle('scripts/bench/cpu-keyscope.ts', 'cpu-keyscope.js'),
  bundle('scripts/bench/cpu-sdk.ts', 'cpu-sdk.js'),
  bundle('scripts/bench/size-keyscope.ts', 'size-keyscope.js'),
  bundle('scripts/bench/size-sdk.ts', 'size-sdk.js'),
  bundle('scripts/bench/recheck.ts', 'recheck.js', false),
  bundle('scripts/bench/store-scale.ts', 'store-scale.js', false),
]);

// moto_server.py is found next to the fixture source, not the bundle.
const moto = spawn('node', [join(out, 'setup-moto.js')], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, KEYSCOPE_FIXTURES: join(process.cwd(), 'e2e/fixtures') } });
const first = await new Promise((resolve) => createInterface({ input: moto.stdout }).once('line', resolve));
const { url, id, secret } = JSON.parse(first);
const env = { ...process.env, AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret, AWS_ENDPOINT_URL: url, AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '' };

function wall(cmd, args) {
  const times = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  }
  return median(times);
}

const results = [];
const hasAws = spawnSync('aws', ['--version']).status === 0;
const ksVerify = wall('node', ['bin/keyscope.js', 'verify']);
const ksGci = wall('node', ['bin/keyscope.js', 'sts', 'get-caller-identity']);
const nodeNothing = wall('node', ['-e', '0']);
if (hasAws) {
  const awsGci = wall('aws', ['sts', 'get-caller-identity']);
  results.push(['cold `keyscope verify` (2 calls) / `aws sts get-caller-identity`', ksVerify, awsGci, 0.3, 's']);
  results.push(['cold `keyscope sts get-caller-identity` / `aws sts get-caller-identity`', ksGci, awsGci, null, 's']);
} else {
  console.log('aws CLI not found: the cold-start ratio is not measured');
}

const cpu = (file) => JSON.parse(execFileSync('node', [join(out, file), url, id, secret, String(CHECKS)], { encoding: 'utf8' }));
// Alternate the two, several rounds, and keep each one's median: one noisy round does not decide.
const rounds = { ks: [], sdk: [] };
for (let i = 0; i < Number(process.env.BENCH_ROUNDS ?? 5); i += 1) {
  rounds.ks.push(cpu('cpu-keyscope.js'));
  rounds.sdk.push(cpu('cpu-sdk.js'));
}
const pick = (list, key) => median(list.map((r) => r[key]));
const ks = { cpuMsPerCheck: pick(rounds.ks, 'cpuMsPerCheck'), wallMsPerCheck: pick(rounds.ks, 'wallMsPerCheck') };
const sdk = { cpuMsPerCheck: pick(rounds.sdk, 'cpuMsPerCheck'), wallMsPerCheck: pick(rounds.sdk, 'wallMsPerCheck') };
results.push(['CPU per check in process, keyscope / SDK v3', ks.cpuMsPerCheck, sdk.cpuMsPerCheck, 0.65, 'ms']);
results.push(['wall per check in process, keyscope / SDK v3', ks.wallMsPerCheck, sdk.wallMsPerCheck, null, 'ms']);

const size = (f) => statSync(join(out, f)).size / 1024;
results.push(['bundled size (minified), core / SDK v3 STS+IAM', size('size-keyscope.js'), size('size-sdk.js'), 0.45, 'KiB']);

moto.stdin.end();

// Recheck of saved profiles (issue 3): a keyring and a moto of its own.
const PROFILES = Number(process.env.BENCH_PROFILES ?? 200);
const recheck = JSON.parse(
  execFileSync('node', [join(out, 'recheck.js'), String(PROFILES), '4'], {
    encoding: 'utf8',
    env: { ...process.env, KEYSCOPE_FIXTURES: join(process.cwd(), 'e2e/fixtures'), NODE_PATH: join(process.cwd(), 'node_modules') },
  }),
);
results.push([`recheck ${recheck.profiles} saved profiles (verify + last used, concurrency ${recheck.concurrency}) / same checks with SDK v3`, recheck.keyscopeMs / 1000, recheck.sdkMs / 1000, 1.3, 's']);
// The store at scale (issue 7): 1,000 profiles with 50-check histories against a fresh store, alternating, each
// run on a copy so the histories do not grow between rounds.
const SCALE = Number(process.env.BENCH_SCALE_PROFILES ?? 1000);
const scaleSetup = spawn('node', [join(out, 'store-scale.js'), 'setup', String(SCALE)], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NODE_PATH: join(process.cwd(), 'node_modules') } });
const scale = JSON.parse(await new Promise((resolve) => createInterface({ input: scaleSetup.stdout }).once('line', resolve)));
const scaleRun = (dir) => {
  const copy = mkdtempSync(join(tmpdir(), 'keyscope-scale-run-'));
  cpSync(dir, copy, { recursive: true });
  return JSON.parse(execFileSync('node', [join(out, 'store-scale.js'), 'run', copy], { encoding: 'utf8', env: { ...process.env, ...scale.env, NODE_PATH: join(process.cwd(), 'node_modules') } }));
};
const scaleRounds = { fresh: [], full: [] };
for (let i = 0; i < Number(process.env.BENCH_SCALE_ROUNDS ?? 3); i += 1) {
  scaleRounds.fresh.push(scaleRun(scale.fresh));
  scaleRounds.full.push(scaleRun(scale.full));
}
scaleSetup.stdin.end();
const fullMs = median(scaleRounds.full.map((r) => r.ms));
const freshMs = median(scaleRounds.fresh.map((r) => r.ms));
results.push([`recheck --all of ${SCALE} profiles with 50-check histories / the same on a fresh store`, fullMs / 1000, freshMs / 1000, 1.3, 's']);
const absolute = [
  [`peak RSS of that recheck (${SCALE} profiles, full histories)`, Math.max(...scaleRounds.full.map((r) => r.maxRssMB)), 150, 'MB'],
  [`bytes written by that recheck (store, journal)`, Math.max(...scaleRounds.full.map((r) => r.bytesWritten)) / 1e6, 10, 'MB'],
];

console.log(`\nkeyscope bench: ${RUNS} cold runs (median), ${CHECKS} in-process checks x ${rounds.ks.length} rounds (median), against moto at ${url}`);
console.log(`(node -e 0 takes ${fmt(nodeNothing)} s here)\n`);
let missed = 0;
for (const [name, ours, theirs, target, unit] of results) {
  const ratio = ours / theirs;
  const verdict = target === null ? '' : ratio <= target ? `  target <= ${target}: met` : `  target <= ${target}: MISSED`;
  if (target !== null && ratio > target) missed += 1;
  console.log(`${name}: ${fmt(ours)} ${unit} vs ${fmt(theirs)} ${unit} = ratio ${fmt(ratio, 2)}${verdict}`);
}
for (const [name, value, limit, unit] of absolute) {
  if (value > limit) missed += 1;
  console.log(`${name}: ${fmt(value, 1)} ${unit}  target <= ${limit} ${unit}: ${value <= limit ? 'met' : 'MISSED'}`);
}
process.exitCode = missed ? 1 : 0;
