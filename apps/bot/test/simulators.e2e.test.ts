/**
 * The whole chain with nothing faked but Discord: simulated Radarr and Sonarr, the real monitor over
 * the real SDK, the bot, the real discord.js, and the fake Discord.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVirtualClock as createSimulatorClock, startRadarrSimulator, startSonarrSimulator, type RadarrSimulator, type SonarrSimulator, type VirtualClock as SimulatorClock } from '@discarr/arr-simulator';
import { createVirtualClock, type VirtualClock } from './helpers/virtual-clock.ts';
import { createMemoryStore, createMonitor, type InstanceConfig, type Monitor, type StateStore } from '@discarr/monitor';
import { startDiscordBot, type DiscordBot } from '../src/discord/discord-bot.ts';
import { createMetrics } from '../src/metrics.ts';
import { BOARD, NOTIFY, testConfig } from './helpers/bot-config.ts';
import { captureLogger } from './helpers/capture-logger.ts';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/fake-discord.ts';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GhIjKl.simulatorsTokenPartThatIsLongEnough00';
const API_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

let discord: FakeDiscord;
let simClock: SimulatorClock;
let clock: VirtualClock;
let radarr: RadarrSimulator;
let sonarr: SonarrSimulator;
const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  discord = await startFakeDiscord();
  simClock = createSimulatorClock();
  // One virtual time for the simulators, the monitor and the bot; real time only for sockets.
  clock = createVirtualClock(simClock.now(), {
    onMove: (now) => {
      if (now > simClock.now()) simClock.set(now);
    },
    settle: () => new Promise((resolve) => setTimeout(resolve, 15)),
  });
  radarr = await startRadarrSimulator({ port: 0, apiKey: API_KEY, seed: 1, clock: simClock });
  sonarr = await startSonarrSimulator({ port: 0, apiKey: API_KEY, seed: 1, clock: simClock });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await radarr.close();
  await sonarr.close();
  await discord.close();
});

function instances(): InstanceConfig[] {
  const fast = { queueActiveMs: 2000, queueIdleMs: 5000, healthMs: 10_000, statusMs: 10_000, diskMs: 10_000, maxBackoffMs: 10_000 };
  return [
    { name: 'radarr', kind: 'radarr', baseUrl: radarr.url, apiKey: API_KEY, push: { signalr: false }, intervals: fast },
    { name: 'sonarr', kind: 'sonarr', baseUrl: sonarr.url, apiKey: API_KEY, push: { signalr: false }, intervals: fast },
  ];
}

async function startAll(store: StateStore): Promise<{ monitor: Monitor; bot: DiscordBot; logs: ReturnType<typeof captureLogger> }> {
  const logs = captureLogger('debug');
  const config = testConfig({
    discord: { ...testConfig().discord, token: TOKEN },
    instances: instances(),
    board: { minEditIntervalMs: 5000, itemsPerPage: 10 },
    notifications: { burstWindowMs: 0, seasonPackWindowMs: 600_000 },
  });
  const monitor = createMonitor({ instances: config.instances, store, clock, random: () => 0.5, progressThrottleMs: 10_000 });
  const bot = await startDiscordBot({ config, monitor, store, clock, logger: logs.logger, metrics: createMetrics({ defaultMetrics: false }), restApi: discord.restApi, stopFlushMs: 2000 });
  const started = monitor.start();
  await clock.advance(0);
  await started;
  cleanups.push(async () => {
    await bot.stop();
    await monitor.stop();
  });
  return { monitor, bot, logs };
}

/** Moves the shared virtual time in steps until `done` (or `totalMs` passed). */
async function runSimulated(totalMs: number, done: () => boolean = () => false, stepMs = 1000): Promise<void> {
  for (let elapsed = 0; elapsed < totalMs && !done(); elapsed += stepMs) {
    await clock.advance(stepMs);
  }
}

function titles(channelId: string): string[] {
  return discord.channelMessages(channelId).map((message) => (message.embeds[0] as { title?: string } | undefined)?.title ?? '');
}

describe('bot with simulators, the real monitor and the fake Discord', () => {
  it('posts the board with both instances and notifies a movie from grab to import', async () => {
    const store = createMemoryStore();
    const { logs } = await startAll(store);
    await runSimulated(30_000, () => JSON.stringify(discord.channelMessages(BOARD)[0]?.embeds ?? []).includes('v6.0.3'));
    expect(JSON.stringify(discord.channelMessages(BOARD)[0]?.embeds ?? [])).toContain('v6.0.3');
    const movieId = radarr.control.missingMovieIds()[0] ?? 1;
    radarr.control.grab({ movieId, size: 2_000_000_000, bytesPerSecond: 100_000_000 });
    await runSimulated(30_000, () => titles(NOTIFY).some((title) => title.startsWith('📥 Grabbed')));
    await runSimulated(30_000, () => JSON.stringify(discord.channelMessages(BOARD)[0]?.embeds ?? []).includes('▱'));
    await runSimulated(120_000, () => titles(NOTIFY).some((title) => title.startsWith('🎬 Imported')));
    expect(titles(NOTIFY).filter((title) => !title.startsWith('⬆️'))).toEqual(expect.arrayContaining([expect.stringMatching(/^📥 Grabbed/), expect.stringMatching(/^🎬 Imported/)]));
    const board = discord.channelMessages(BOARD);
    expect(board).toHaveLength(1);
    expect(JSON.stringify(board[0]?.embeds)).toContain('🟢 sonarr');
    expect(logs.text()).not.toContain(TOKEN);
    expect(logs.text()).not.toContain(API_KEY);
  }, 40_000);

  it('turns a Sonarr season pack into one message, edited as its episodes import', async () => {
    const store = createMemoryStore();
    await startAll(store);
    const series = sonarr.control.series()[0] as { id: number };
    const episodes = (sonarr.control.episodes(series.id) as { id: number; seasonNumber: number }[]).filter((episode) => episode.seasonNumber === 1).slice(0, 6);
    sonarr.control.grab({ seriesId: series.id, episodeIds: episodes.map((episode) => episode.id), size: 6_000_000_000, bytesPerSecond: 200_000_000 });
    await runSimulated(180_000, () => sonarr.control.queue().length === 0 && titles(NOTIFY).some((title) => title.startsWith('🎬 Imported')));
    await runSimulated(20_000);
    const imports = discord.channelMessages(NOTIFY).filter((message) => ((message.embeds[0] as { title?: string } | undefined)?.title ?? '').startsWith('🎬'));
    expect(imports).toHaveLength(1);
    expect(JSON.stringify(imports[0]?.embeds)).toMatch(/Season 1 \(6 episodes\)/);
  }, 40_000);
});
