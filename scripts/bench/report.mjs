// How npm run bench measures cold processes (paired, interleaved) and prints its table.
import { spawnSync } from 'node:child_process';

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall time of one process run, in ms; throws with its stderr when it fails. */
function once(cmd, args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

/**
 * The order `count` measures run in, in round `round` (from 0): one of each, turned by one each round, so that the
 * machine's pace drifting weighs on all alike and none is always first or last (for two: a, b, then b, a).
 */
export const turnedOrder = (count, round) => Array.from({ length: count }, (_, j) => (round + j) % count);

/**
 * Medians of `runs` runs of each command, interleaved one of each in turn (turnedOrder) so that drift in the machine
 * hits all alike; one run of each first, so that disk caches are warm for all.
 */
export function interleaved(runs, ...commands) {
  const times = commands.map(() => []);
  for (const c of commands) once(...c);
  for (let i = 0; i < runs; i += 1) for (const k of turnedOrder(commands.length, i)) times[k].push(once(...commands[k]));
  return times.map(median);
}

/** Medians of `runs` runs of a and b, alternated (a, b, b, a, …). */
export function paired(runs, a, b) {
  const [ma, mb] = interleaved(runs, a, b);
  return { a: ma, b: mb };
}

/**
 * One row: keyscope's measure against its floor, a ratio, and the target. `better: 'higher'` for throughput rows.
 * A row without a target is information (no verdict).
 */
export function row(measure, ours, floorName, floor, unit, target, better = 'lower') {
  return { measure, ours, floorName, floor, unit, target, better };
}

const num = (n, unit) => (unit === 'ms' || unit === 'µs' ? n.toFixed(n < 10 ? 2 : 1) : unit === '/s' ? n.toFixed(0) : n.toFixed(1));

/** Prints the rows as a Markdown table (the README's); returns how many targets were missed. */
export function printTable(rows) {
  let missed = 0;
  console.log('| measure | keyscope | floor (what) | ratio | target | result |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const ratio = r.floor === null ? null : r.ours / r.floor;
    const value = ratio ?? r.ours;
    const met = r.target === null ? null : r.better === 'higher' ? value >= r.target : value <= r.target;
    if (met === false) missed += 1;
    const target = r.target === null ? '—' : `${r.better === 'higher' ? '≥' : '≤'} ${r.target}${ratio === null ? ` ${r.unit}` : ''}`;
    const floor = r.floor === null ? '—' : `${num(r.floor, r.unit)} ${r.unit} (${r.floorName})`;
    console.log(`| ${r.measure} | ${num(r.ours, r.unit)} ${r.unit} | ${floor} | ${ratio === null ? '—' : ratio.toFixed(2)} | ${target} | ${met === null ? 'information' : met ? 'met' : 'MISSED'} |`);
  }
  return missed;
}
