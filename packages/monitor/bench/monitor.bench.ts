/**
 * Benchmarks of @discarr/monitor, each reported next to its goal:
 * - requests per instance per idle hour, push connected and polling only;
 * - requests of the first cycle with 2 instances x 250 queue items;
 * - latency from a simulator change to the emitted event, push (real time) and polling (virtual);
 * - queue diff throughput on one core, and memory with 20 instances x 1000 items.
 *
 * Run: `pnpm --filter @discarr/monitor bench` (node --conditions=@discarr/source bench/monitor.bench.ts)
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createVirtualClock, startRadarrSimulator, type RadarrSimulator } from '@discarr/arr-simulator';
import { systemClock } from '../src/clock.ts';
import type { MonitorEvent } from '../src/events.ts';
import { createMemoryStore } from '../src/memory-store.ts';
import { createMonitor, createMonitorWith, type Monitor } from '../src/monitor.ts';
import type { InstanceConfig } from '../src/monitor-options.ts';
import { ProgressTracker } from '../src/progress-tracker.ts';
import { diffQueue, type TrackedDownload } from '../src/queue-diff.ts';
import { groupQueue, toQueueItem } from '../src/queue-item.ts';
import { FakeClock } from '../test/support/fake-clock.ts';
import { createFakeSource, movieRecord, type FakeSource } from '../test/support/fake-source.ts';
import { FakePush } from '../test/support/fake-push.ts';

const MB = 1024 * 1024;
const API_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const rows: { measure: string; value: string; goal: string; ok: string }[] = [];
const report = (measure: string, value: string, goal = '', ok?: boolean) => {
  rows.push({ measure, value, goal, ok: ok === undefined ? '' : ok ? 'yes' : 'NO' });
  console.log(`${measure}: ${value}${goal ? ` (goal ${goal})` : ''}`);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const total = (counts: Record<string, number>, match: (route: string) => boolean = () => true) =>
  Object.entries(counts).reduce((sum, [route, n]) => (match(route) ? sum + n : sum), 0);

/** A simulator and a monitor on one virtual time. */
function virtualWorld(librarySize = 60) {
  const simClock = createVirtualClock();
  const clock = new FakeClock(simClock.now(), (now) => simClock.set(now));
  const sims: RadarrSimulator[] = [];
  const monitors: Monitor[] = [];
  const settle = async () => {
    await sleep(3);
    await Promise.all(monitors.map((m) => m.idle()));
  };
  return {
    clock,
    async sim() {
      const sim = await startRadarrSimulator({ port: 0, apiKey: API_KEY, clock: simClock, librarySize });
      sims.push(sim);
      return sim;
    },
    monitor(instances: InstanceConfig[]) {
      const monitor = createMonitor({ instances, clock, store: createMemoryStore(), random: () => 0.5, signalrRetryDelaysMs: [0, 100] });
      monitors.push(monitor);
      return monitor;
    },
    run: (ms: number, step: number) => clock.advanceBy(ms, step, settle),
    settle,
    async close() {
      await Promise.allSettled(monitors.map((m) => m.stop()));
      await Promise.allSettled(sims.map((s) => s.close()));
    },
  };
}

async function idleRequests(push: boolean): Promise<number> {
  const world = virtualWorld();
  const sim = await world.sim();
  const monitor = world.monitor([{ name: 'radarr', kind: 'radarr', baseUrl: sim.url, apiKey: sim.apiKey, push: { signalr: push } }]);
  await monitor.start();
  // Let start-up reads and the push connection settle, then count one idle hour.
  await world.run(5 * 60_000, 5000);
  sim.control.resetRequestCounts();
  // One-second steps: the app's queue/status follows its queue sync by 5 s, and the monitor waits
  // 6 s for it; coarser steps would deliver the two in an order real time never does.
  await world.run(3_600_000, 1000);
  const count = total(sim.control.requestCounts());
  await world.close();
  return count;
}

/**
 * Push connected to an app that behaves like Radarr/Sonarr while idle: RefreshMonitoredDownloads
 * every minute, each time a `queue` sync and, 5 s later, `queue/status` with the (zero) counts.
 */
async function idleRequestsWithRefreshes(): Promise<{ total: number; perTask: Record<string, number> }> {
  const clock = new FakeClock();
  let source: FakeSource | undefined;
  let push: FakePush | undefined;
  const monitor = createMonitorWith(
    { instances: [{ name: 'radarr', kind: 'radarr', baseUrl: 'http://127.0.0.1:7878', apiKey: 'k' }], clock, store: createMemoryStore(), random: () => 0.5 },
    () => (source = createFakeSource('radarr')),
    (_config, options) => (push = new FakePush(options)),
  );
  const settle = () => monitor.idle();
  await monitor.start();
  push?.connect();
  await clock.advanceBy(10 * 60_000, 1000, settle);
  if (!source || !push) throw new Error('no source');
  for (const key of Object.keys(source.requests)) source.requests[key] = 0;
  for (let minute = 0; minute < 60; minute++) {
    push.send('queue', { action: 'sync' });
    push.send('command', { action: 'updated', resource: { name: 'RefreshMonitoredDownloads', status: 'completed' } });
    await clock.advanceBy(5000, 1000, settle);
    push.send('queue/status', { action: 'updated', resource: { id: 0, totalCount: 0, count: 0, unknownCount: 0, errors: false, warnings: false, unknownErrors: false, unknownWarnings: false } });
    await clock.advanceBy(55_000, 1000, settle);
  }
  await monitor.stop();
  return { total: total(source.requests), perTask: { ...source.requests } };
}

async function firstCycle(): Promise<{ total: number; queue: number; perRoute: Record<string, number> }> {
  const world = virtualWorld(300);
  const sims = [await world.sim(), await world.sim()];
  for (const sim of sims) {
    const movies = sim.control.movies() as { id: number }[];
    for (const movie of movies.slice(0, 250)) sim.control.grab({ movieId: movie.id, size: 1000 * MB, bytesPerSecond: MB });
  }
  // The apps take a grab into the queue at the refresh 5 s after it: let that refresh happen first.
  await world.run(10_000, 1000);
  for (const sim of sims) sim.control.resetRequestCounts();
  const monitor = world.monitor(sims.map((sim, i) => ({ name: `radarr-${i}`, kind: 'radarr', baseUrl: sim.url, apiKey: sim.apiKey, push: { signalr: false } })));
  await monitor.start();
  await world.settle();
  const perRoute: Record<string, number> = {};
  for (const sim of sims) for (const [route, n] of Object.entries(sim.control.requestCounts())) perRoute[route] = (perRoute[route] ?? 0) + n;
  const items = monitor.snapshot().instances.reduce((sum, i) => sum + i.queue.length, 0);
  if (items !== 500) throw new Error(`expected 500 queue items in the snapshot, got ${items}`);
  await world.close();
  return { total: total(perRoute), queue: total(perRoute, (r) => r.includes('/queue')), perRoute };
}

/**
 * Queue reads in one hour, push connected, against the simulator's default refresh cadence, which is
 * the apps' (RefreshMonitoredDownloads about every 90 s, another 5 s after a grab or an import, two
 * queue syncs per refresh), while downloads are active (three downloads lasting past the hour) or
 * idle. Also counts the app's refreshes in that hour, read from the simulator's refresh schedule.
 */
async function queueReadsPerHour(active: boolean): Promise<{ reads: number; refreshes: number; all: number }> {
  const world = virtualWorld(30);
  const sim = await world.sim();
  const monitor = world.monitor([{ name: 'radarr', kind: 'radarr', baseUrl: sim.url, apiKey: sim.apiKey }]);
  await monitor.start();
  await world.run(5 * 60_000, 1000);
  if (active) {
    const movies = sim.control.movies() as { id: number }[];
    for (const movie of movies.slice(0, 3)) sim.control.grab({ movieId: movie.id, size: 4000 * MB, bytesPerSecond: MB / 2 });
    await world.run(60_000, 1000);
  }
  sim.control.resetRequestCounts();
  let refreshes = 0;
  let lastAt = sim.control.instance.refreshes.lastAt;
  for (let second = 0; second < 3600; second++) {
    await world.run(1000, 1000);
    const at = sim.control.instance.refreshes.lastAt;
    if (at !== lastAt) refreshes += 1;
    lastAt = at;
  }
  const counts = sim.control.requestCounts();
  if (active && (monitor.snapshot().instances[0]?.queue.length ?? 0) !== 3) throw new Error('expected 3 active downloads after the hour');
  await world.close();
  return { reads: total(counts, (route) => /^GET \/api\/v3\/queue(\?|$)/.test(route)), refreshes, all: total(counts) };
}

/**
 * Push latency in real time: the monitor on the system clock, a grab on the simulator, until the
 * event. The simulator refreshes at once here (`fixed` cadence), so the figure is the engine's, from
 * the app's queue change to the event; with the apps' cadence a grab reaches the queue at the
 * refresh 5 s after it.
 */
async function pushLatency(samples: number): Promise<number[]> {
  const simClock = createVirtualClock();
  const sim = await startRadarrSimulator({ port: 0, apiKey: API_KEY, clock: simClock, librarySize: samples + 10, refreshCadence: 'fixed' });
  const monitor = createMonitor({ instances: [{ name: 'radarr', kind: 'radarr', baseUrl: sim.url, apiKey: sim.apiKey }], clock: systemClock, store: createMemoryStore() });
  const seen = new Map<string, number>();
  monitor.on('download.grabbed', (e) => {
    seen.set(e.download.downloadId, performance.now());
  });
  await monitor.start();
  for (let i = 0; i < 50 && monitor.snapshot().instances[0]?.push !== 'connected'; i++) await sleep(100);
  await monitor.idle();
  const latencies: number[] = [];
  const movies = sim.control.movies() as { id: number }[];
  for (const movie of movies.slice(0, samples)) {
    const started = performance.now();
    const { downloadId } = sim.control.grab({ movieId: movie.id, size: 1000 * MB, bytesPerSecond: MB });
    while (!seen.has(downloadId) && performance.now() - started < 5000) await sleep(2);
    latencies.push((seen.get(downloadId) ?? Number.POSITIVE_INFINITY) - started);
    // The next grab in another refresh of the app (the monitor reads a refresh's syncs once).
    await sleep(1200);
  }
  await monitor.stop();
  await sim.close();
  return latencies;
}

/** Polling latency in virtual time with the default intervals (a grab at a random moment of an idle instance). */
async function pollLatency(samples: number): Promise<number[]> {
  const world = virtualWorld(samples + 10);
  const sim = await world.sim();
  const monitor = world.monitor([{ name: 'radarr', kind: 'radarr', baseUrl: sim.url, apiKey: sim.apiKey, push: { signalr: false } }]);
  const seen = new Map<string, number>();
  monitor.on('download.grabbed', (e: MonitorEvent & { type: 'download.grabbed' }) => {
    seen.set(e.download.downloadId, world.clock.now());
  });
  await monitor.start();
  await world.run(60_000, 5000);
  const latencies: number[] = [];
  const movies = sim.control.movies() as { id: number }[];
  let seed = 7;
  for (const movie of movies.slice(0, samples)) {
    seed = (seed * 16807) % 2147483647;
    await world.run(1000 + (seed % 60_000), 1000);
    const started = world.clock.now();
    // Short downloads, so the instance is idle again before the next sample.
    const { downloadId } = sim.control.grab({ movieId: movie.id, size: 10 * MB, bytesPerSecond: 10 * MB });
    while (!seen.has(downloadId) && world.clock.now() - started < 300_000) await world.run(1000, 1000);
    latencies.push((seen.get(downloadId) ?? Number.POSITIVE_INFINITY) - started);
  }
  await world.close();
  return latencies;
}

function diffThroughput(): { diffOnly: number; fullPipeline: number } {
  const N = 10_000;
  const records = Array.from({ length: N }, (_, i) => movieRecord(`dl${i}`, i + 1, { sizeleft: 1000 - (i % 1000) }));
  const groups = groupQueue(records.map((r) => toQueueItem(r, 'radarr')));
  let previous: Record<string, TrackedDownload> = diffQueue({ previous: {}, groups, now: 0 }).next;
  const rounds = 200;
  let started = performance.now();
  for (let round = 1; round <= rounds; round++) previous = diffQueue({ previous, groups, now: round }).next;
  const diffOnly = (N * rounds) / ((performance.now() - started) / 1000);
  const tracker = new ProgressTracker({ stalledAfterMs: 600_000, throttleMs: 30_000 });
  const fullRounds = 30;
  started = performance.now();
  for (let round = 1; round <= fullRounds; round++) {
    const g = groupQueue(records.map((r) => toQueueItem(r, 'radarr')));
    const progress = tracker.update(g, round * 1000);
    previous = diffQueue({ previous, groups: g, now: round * 1000, stalledWithoutProgress: progress.stalled }).next;
  }
  const fullPipeline = (N * fullRounds) / ((performance.now() - started) / 1000);
  return { diffOnly, fullPipeline };
}

async function memory(): Promise<number> {
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  const clock = new FakeClock();
  const instances: InstanceConfig[] = Array.from({ length: 20 }, (_, i) => ({ name: `radarr-${i}`, kind: 'radarr', baseUrl: `http://127.0.0.1:${7000 + i}`, apiKey: 'k', push: { signalr: false } }));
  const monitor = createMonitorWith({ instances, clock, store: createMemoryStore(), random: () => 0.5 }, (config) => {
    const source = createFakeSource('radarr');
    source.queueRecords = Array.from({ length: 1000 }, (_, i) => movieRecord(`${config.name}-${i}`, i + 1, { sizeleft: 500 }));
    return source;
  });
  await monitor.start();
  for (let i = 0; i < 10; i++) await clock.advance(5000, () => monitor.idle());
  gc();
  const after = process.memoryUsage().heapUsed;
  if (monitor.snapshot().instances.reduce((s, i) => s + i.queue.length, 0) !== 20_000) throw new Error('expected 20 000 items');
  await monitor.stop();
  return after - before;
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

const pushIdle = await idleRequests(true);
report('idle requests per instance per hour, push connected', String(pushIdle), '<= 12', pushIdle <= 12);
const pollIdle = await idleRequests(false);
report('idle requests per instance per hour, polling only', String(pollIdle), '', undefined);
report('idle request ratio, polling / push', `${(pollIdle / Math.max(1, pushIdle)).toFixed(1)}x`);
const refreshing = await idleRequestsWithRefreshes();
report(
  'idle requests per instance per hour, push connected, a queue sync + queue/status every minute (as the real apps)',
  `${refreshing.total} (${Object.entries(refreshing.perTask).map(([t, n]) => `${t} ${n}`).join(', ')})`,
  '<= 12',
  refreshing.total <= 12,
);

const activeHour = await queueReadsPerHour(true);
report('queue reads per active hour (3 downloads), push connected, apps refresh cadence', `${activeHour.reads} for ${activeHour.refreshes} refreshes (${activeHour.all} requests in all)`, '<= 1 per refresh', activeHour.reads <= activeHour.refreshes);
const idleHour = await queueReadsPerHour(false);
report('queue reads per idle hour, push connected, apps refresh cadence', `${idleHour.reads} for ${idleHour.refreshes} refreshes (${idleHour.all} requests in all)`, '<= 6', idleHour.reads <= 6);

const first = await firstCycle();
report('first cycle, 2 instances x 250 queue items: all requests', `${first.total} (${Object.entries(first.perRoute).map(([r, n]) => `${r} ${n}`).join(', ')})`, '<= 6', first.total <= 6);
report('first cycle, 2 instances x 250 queue items: queue requests', String(first.queue), 'pages only');

const push = await pushLatency(30);
report('latency change -> event, push (real ms) p50 / p95', `${pct(push, 50).toFixed(0)} / ${pct(push, 95).toFixed(0)}`, 'p95 < 1000', pct(push, 95) < 1000);
const poll = await pollLatency(15);
report('latency change -> event, polling only (virtual ms, default intervals) p50 / p95', `${pct(poll, 50).toFixed(0)} / ${pct(poll, 95).toFixed(0)}`);
report('latency ratio p95, polling / push', `${(pct(poll, 95) / pct(push, 95)).toFixed(0)}x`);

const throughput = diffThroughput();
report('queue diff throughput, one core (items/s)', Math.round(throughput.diffOnly).toLocaleString('en-US'), '>= 1 000 000', throughput.diffOnly >= 1_000_000);
report('full read pipeline (normalise + group + progress + diff, items/s)', Math.round(throughput.fullPipeline).toLocaleString('en-US'));

const heap = await memory();
report('heap with 20 instances x 1000 queue items', `${(heap / MB).toFixed(1)} MiB (${((heap / 20_000) / 1024).toFixed(2)} KiB per item)`);

console.log('\n| Measure | Value | Goal | Met |\n|---|---|---|---|');
for (const row of rows) console.log(`| ${row.measure} | ${row.value} | ${row.goal} | ${row.ok} |`);
process.exit(0);
