/**
 * One process, 20 simulated Radarr instances with 1000 queue items each (the `large` scenario:
 * 5000 movies per instance). Measures the latency of `GET /api/v3/queue?pageSize=1000` and the
 * memory each instance costs. Run with `pnpm bench` (node bench/simulator.bench.ts).
 */
import { performance } from 'node:perf_hooks';
import { startRadarrSimulator, type RadarrSimulator } from '../src/index.ts';

const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2 : (sorted[middle] ?? 0);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function timeGet(sim: RadarrSimulator, path: string): Promise<{ ms: number; records: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(`${sim.url}${path}`, { headers: { 'X-Api-Key': sim.apiKey } });
  const text = await response.text();
  const ms = performance.now() - started;
  const body = JSON.parse(text) as { records: unknown[] };
  return { ms, records: body.records.length, bytes: text.length };
}

async function main(): Promise<void> {
  globalThis.gc?.();
  const before = process.memoryUsage();
  const startedAt = performance.now();
  const sims: RadarrSimulator[] = [];
  for (let index = 0; index < INSTANCES; index++) sims.push(await startRadarrSimulator({ seed: index + 1, scenario: 'large' }));
  const startupMs = performance.now() - startedAt;
  globalThis.gc?.();
  const after = process.memoryUsage();

  const plain: number[] = [];
  const withMovie: number[] = [];
  let records = 0;
  let bytesPlain = 0;
  let bytesMovie = 0;
  for (const sim of sims) await timeGet(sim, '/api/v3/queue?pageSize=1000');
  for (let round = 0; round < ROUNDS; round++) {
    for (const sim of sims) {
      const result = await timeGet(sim, '/api/v3/queue?pageSize=1000');
      plain.push(result.ms);
      records = result.records;
      bytesPlain = result.bytes;
      const embedded = await timeGet(sim, '/api/v3/queue?pageSize=1000&includeMovie=true');
      withMovie.push(embedded.ms);
      bytesMovie = embedded.bytes;
    }
  }
  // 20 clients at once, one request each: the latency a burst of pollers sees.
  const burst = await Promise.all(sims.map((sim) => timeGet(sim, '/api/v3/queue?pageSize=1000')));
  await Promise.all(sims.map((sim) => sim.close()));

  const rows: [string, string][] = [
    ['instances', String(INSTANCES)],
    ['queue records per instance', String(records)],
    ['startup of all instances', `${(startupMs / 1000).toFixed(2)} s`],
    ['GET /queue?pageSize=1000 median', `${median(plain).toFixed(1)} ms (p95 ${percentile(plain, 95).toFixed(1)} ms, ${(bytesPlain / 1024).toFixed(0)} KiB)`],
    ['  … with includeMovie=true median', `${median(withMovie).toFixed(1)} ms (p95 ${percentile(withMovie, 95).toFixed(1)} ms, ${(bytesMovie / 1024).toFixed(0)} KiB)`],
    [`  … ${INSTANCES} concurrent, median`, `${median(burst.map((entry) => entry.ms)).toFixed(1)} ms`],
    ['RSS per instance', mb((after.rss - before.rss) / INSTANCES)],
    ['heap used per instance', mb((after.heapUsed - before.heapUsed) / INSTANCES)],
    ['process RSS total', mb(after.rss)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  process.stdout.write(`\n@discarr/arr-simulator bench (Node ${process.version}, ${ROUNDS} rounds)\n\n`);
  for (const [label, value] of rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
  const goal = median(plain) < 50;
  process.stdout.write(`\ngoal: median < 50 ms: ${goal ? 'met' : 'MISSED'}\n`);
  if (!goal) process.exitCode = 1;
}

await main();
