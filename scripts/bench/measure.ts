/** Runs `check` after a warm-up and prints CPU and wall time per check as JSON. */
export async function measure(check: () => Promise<void>, count: number): Promise<void> {
  for (let i = 0; i < 30; i += 1) await check();
  const before = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) await check();
  const cpu = process.cpuUsage(before);
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ cpuMsPerCheck: (cpu.user + cpu.system) / 1000 / count, wallMsPerCheck: wall / count }));
}
