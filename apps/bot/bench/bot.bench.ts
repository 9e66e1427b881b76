/**
 * The bot's figures, measured end to end with the real discord.js client against the fake Discord
 * of the tests (REST and gateway on 127.0.0.1) and simulated Radarr and Sonarr:
 *
 * 1. Latency from a simulator change (a grab) to the Discord REST call, with push (SignalR) and
 *    with polling only.
 * 2. Resident memory of the bot watching 10 instances × 500 queue items (simulators in another process).
 * 3. A storm: a Radarr finishing and importing 1000 movies within a simulated minute, against a Discord
 *    that limits each channel to 5 messages per 5 s and adds 429s: 429s seen and delivery completeness.
 * 4. Busy: Radarr and Sonarr in the busy scenario at 5× speed, Discord's per-channel limit: latency
 *    from a change in the simulator to its Discord message, p50 and p95 (./busy-latency.ts).
 *
 * Run: pnpm --filter @discarr/bot bench   (figures go in apps/bot/README.md)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRadarrSimulator } from '@discarr/arr-simulator';
import type { MonitorEvent } from '@discarr/monitor';
import { startBot } from '../src/app.ts';
import type { BotConfig } from '../src/contracts.ts';
import { createLogger } from '../src/logging.ts';
import { startFakeDiscord, type FakeDiscord } from '../test/fake-discord/fake-discord.ts';
import { BOARD, NOTIFY, TEST_TOKEN, testConfig } from '../test/helpers/bot-config.ts';
import { busyLatency } from './busy-latency.ts';

const TOKEN = TEST_TOKEN;
const logger = createLogger({ level: 'silent', pretty: false, secrets: [] });
const here = dirname(fileURLToPath(import.meta.url));

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** The tests' config (routes to NOTIFY, board edits every 5 s, HTTP on a free port), with no board, no grouping, a state file. */
function baseConfig(dir: string, overrides: Partial<BotConfig>): BotConfig {
  return testConfig({
    discord: { token: TOKEN, guildIds: [], globalCommands: false, boardChannels: [] },
    notifications: { burstWindowMs: 0, seasonPackWindowMs: 0 },
    state: { path: join(dir, 'state.json') },
    log: { level: 'error', pretty: false },
    ...overrides,
  });
}

/** Grabs one movie at a time; the latency is from the grab to the POST that announces it. */
async function latency(mode: 'push' | 'polling', samples: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'discarr-bench-'));
  const discord = await startFakeDiscord();
  const radarr = await startRadarrSimulator({ seed: 11, speed: 1, librarySize: samples + 10 });
  const intervals = mode === 'push' ? { queueActiveMs: 60_000, queueIdleMs: 60_000 } : { queueActiveMs: 1_000, queueIdleMs: 1_000 };
  const bot = await startBot({
    config: baseConfig(dir, { instances: [{ name: 'radarr', kind: 'radarr', baseUrl: radarr.url, apiKey: radarr.apiKey, push: { signalr: mode === 'push' }, intervals }], routes: [{ channel: NOTIFY, events: ['download.grabbed'] }] }),
    logger,
    restApi: discord.restApi,
  });
  await until(() => bot.monitor.snapshot().instances[0]?.state === 'up' && (mode === 'polling' || bot.monitor.snapshot().instances[0]?.push === 'connected'), 10_000);
  await sleep(1_500);
  const results: number[] = [];
  for (let index = 1; index <= samples; index++) {
    const before = discord.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${NOTIFY}/messages`).length;
    const grabbedAt = Date.now();
    radarr.control.grab({ movieId: index, bytesPerSecond: 1024, startDelayMs: 0 });
    const ok = await until(() => discord.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${NOTIFY}/messages`).length > before, 10_000);
    const posted = discord.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${NOTIFY}/messages`).at(-1);
    if (ok && posted) results.push(posted.at - grabbedAt);
    // Spread the samples over the poll cycle.
    await sleep(mode === 'polling' ? 137 : 50);
  }
  await bot.stop();
  await Promise.all([radarr.close(), discord.close()]);
  rmSync(dir, { recursive: true, force: true });
  return results;
}

async function memory(instances: number, items: number): Promise<{ rssMb: number; heapMb: number; baselineMb: number; queued: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'discarr-bench-'));
  const fleet = spawn(process.execPath, ['--conditions=@discarr/source', join(here, 'sim-fleet.ts'), String(instances), String(items)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => {
    let buffer = '';
    fleet.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('\n')) resolve(buffer.split('\n')[0] ?? '[]');
    });
  });
  const sims = JSON.parse(line) as { url: string; apiKey: string }[];
  globalThis.gc?.();
  const baselineMb = process.memoryUsage().rss / 1024 ** 2;
  const discord = await startFakeDiscord();
  const bot = await startBot({
    config: baseConfig(dir, {
      instances: sims.map((sim, index) => ({ name: `radarr-${index + 1}`, kind: 'radarr' as const, baseUrl: sim.url, apiKey: sim.apiKey, push: { signalr: true }, intervals: { queueActiveMs: 2_000 } })),
      discord: { token: TOKEN, guildIds: [], globalCommands: false, boardChannels: [BOARD] },
    }),
    logger,
    restApi: discord.restApi,
  });
  const queued = () => bot.monitor.snapshot().instances.reduce((sum, instance) => sum + instance.queue.length, 0);
  await until(() => queued() >= instances * items, 120_000);
  // A few more poll and board cycles, then measure.
  await sleep(8_000);
  globalThis.gc?.();
  const usage = process.memoryUsage();
  const result = { rssMb: usage.rss / 1024 ** 2, heapMb: usage.heapUsed / 1024 ** 2, baselineMb, queued: queued() };
  await bot.stop();
  await discord.close();
  fleet.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  return result;
}

async function storm(): Promise<{ events: number; delivered: number; messages: number; served429: number; counted429: number; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'discarr-bench-'));
  const discord: FakeDiscord = await startFakeDiscord({ channelLimit: { limit: 5, windowMs: 5_000 } });
  const radarr = await startRadarrSimulator({ scenario: 'storm', speed: 10, seed: 5 });
  const config = baseConfig(dir, {
    instances: [{ name: 'radarr', kind: 'radarr', baseUrl: radarr.url, apiKey: radarr.apiKey, intervals: { queueActiveMs: 1_000 } }],
    notifications: { burstWindowMs: 10_000, seasonPackWindowMs: 600_000 },
    routes: [{ channel: NOTIFY }],
  });
  const bot = await startBot({ config, logger, restApi: discord.restApi });
  const emitted = new Set<string>();
  bot.monitor.on('*', (event: MonitorEvent) => {
    if (event.type !== 'download.progress') emitted.add(event.id);
  });
  const started = Date.now();
  // Extra 429s on top of the channel limit, now and then, like a busy Discord.
  const extra = setInterval(() => {
    discord.rateLimitNext(3, { retryAfterSeconds: 1, method: 'POST' });
  }, 5_000);
  // The storm lasts about a simulated minute (6 s at ×10); wait for the queue to empty and the outbox to drain.
  await until(() => Date.now() - started > 15_000 && bot.monitor.snapshot().instances[0]?.queue.length === 0 && bot.discord.notifier.pending() === 0, 300_000);
  clearInterval(extra);
  const seconds = (Date.now() - started) / 1000;
  const sent = new Map((await bot.store.get<[string, number][]>('bot:sent')) ?? []);
  // An event leaves the outbox only once Discord accepted its message: with the outbox empty,
  // every event the notifier took was delivered.
  const pending = bot.discord.notifier.pending();
  const delivered = pending === 0 ? [...emitted].filter((id) => sent.has(id)).length : 0;
  const metrics = await bot.metrics.registry.getSingleMetricAsString('discarr_discord_rate_limited_total');
  const counted429 = [...metrics.matchAll(/ (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  const messages = discord.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/messages') && request.status < 300).length;
  const result = { events: emitted.size, delivered, messages, served429: discord.rateLimitedCount(), counted429, seconds };
  await bot.stop();
  await Promise.all([radarr.close(), discord.close()]);
  rmSync(dir, { recursive: true, force: true });
  return result;
}

const round = (value: number) => Math.round(value);
/** `node bot.bench.ts [latency|memory|storm|busy]` runs one part; none runs all. */
const only = process.argv[2];
console.log('Discarr bot bench (Node', process.version, ')\n');

if (only === undefined || only === 'latency') {
  const push = await latency('push', 20);
  console.log(`latency push (SignalR): median ${round(percentile(push, 50))} ms, p95 ${round(percentile(push, 95))} ms (${push.length} samples)`);
  const polling = await latency('polling', 20);
  console.log(`latency polling (1 s interval): median ${round(percentile(polling, 50))} ms, p95 ${round(percentile(polling, 95))} ms (${polling.length} samples)`);
}

if (only === undefined || only === 'memory') {
  const mem = await memory(10, 500);
  console.log(`memory: ${mem.queued} queue items over 10 instances: RSS ${round(mem.rssMb)} MB (${round(mem.rssMb - mem.baselineMb)} MB over the idle process), heap ${round(mem.heapMb)} MB`);
}

if (only === undefined || only === 'storm') {
  const result = await storm();
  console.log(
    `storm: ${result.events} events in ${round(result.seconds)} s, ${result.delivered}/${result.events} delivered (${((100 * result.delivered) / Math.max(1, result.events)).toFixed(1)}%), ` +
      `${result.messages} messages, 429s served ${result.served429}, counted by the bot ${result.counted429}`,
  );
}
if (only === undefined || only === 'busy') {
  const seconds = Number(process.argv[3] ?? 120);
  const busy = await busyLatency(seconds);
  console.log(
    `busy (Radarr + Sonarr, ×5, ${seconds} s, Discord 5 messages / 5 s per channel): change → Discord median ${round(percentile(busy.latencies, 50))} ms, ` +
      `p95 ${round(percentile(busy.latencies, 95))} ms, max ${round(Math.max(...busy.latencies))} ms (${busy.latencies.length} timed of ${busy.events} events; ` +
      `${busy.messages} messages, ${busy.served429} 429s, ${busy.pendingAtEnd} pending at the end)`,
  );
  console.log(
    `  of which change → event (the monitor): median ${round(percentile(busy.detection, 50))} ms, p95 ${round(percentile(busy.detection, 95))} ms; ` +
      `event → Discord (the notifier): median ${round(percentile(busy.delivery, 50))} ms, p95 ${round(percentile(busy.delivery, 95))} ms; ${busy.requests} requests to the channel`,
  );
  console.log(`  events by type: ${JSON.stringify(busy.types)}`);
}
process.exit(0);
