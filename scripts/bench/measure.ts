/**
 * Runs `count` checks, `concurrency` at a time, after a warm-up, and prints CPU and wall time per check and checks
 * per second as JSON. The warm-up is BENCH_WARMUP checks when set (a process in its steady state, V8 done compiling
 * the code of a check and Node's HTTP client), else 30; at least 4 a connection.
 */
export async function measure(check: () => Promise<void>, count: number, concurrency = 1): Promise<void> {
  const warmUp = Math.max(process.env.BENCH_WARMUP === undefined ? 30 : Number(process.env.BENCH_WARMUP), concurrency * 4);
  const run = async (n: number) => {
    let left = n;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (left > 0) {
          left -= 1;
          await check();
        }
      }),
    );
  };
  await run(warmUp);
  const before = process.cpuUsage();
  const started = process.hrtime.bigint();
  await run(count);
  const cpu = process.cpuUsage(before);
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ cpuMsPerCheck: (cpu.user + cpu.system) / 1000 / count, wallMsPerCheck: wall / count, checksPerSecond: (count * 1000) / wall }));
}
