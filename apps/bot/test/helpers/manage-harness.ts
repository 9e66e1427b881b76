/**
 * The management tests' setup: a simulated Radarr and Sonarr on a fast real-time clock, the real
 * monitor over the real SDK, the bot with the real discord.js, and the fake Discord with a guild
 * that has roles. Members: alice (no role, no Manage Server), an admin (Manage Server) and a mod
 * (the Mods role).
 */
import { startRadarrSimulator, startSonarrSimulator, type RadarrSimulator, type ScenarioName, type SonarrSimulator } from '@discarr/arr-simulator';
import { createMemoryStore, createMonitor, type Clock, type InstanceConfig, type Monitor, type StateStore } from '@discarr/monitor';
import type { PermissionsConfig } from '../../src/config/permissions.ts';
import { startDiscordBot, type DiscordBot } from '../../src/discord/discord-bot.ts';
import { createMetrics } from '../../src/metrics.ts';
import { expect } from 'vitest';
import { startFakeDiscord, type FakeCommandOption, type FakeDiscord, type FakeMember, type InteractionRecord } from '../fake-discord/fake-discord.ts';
import { BOARD, GUILD, NOTIFY, TEST_TOKEN, testConfig } from './bot-config.ts';
import { captureLogger, type CapturedLogger } from './capture-logger.ts';

export const API_KEY = 'b1b2c3d4e5f60718293a4b5c6d7e8f90';
export const AUDIT = '400000000000000009';
export const MODS_ROLE = '500000000000000011';
/** Discord's Manage Server bit on top of the fake's default member permissions. */
const WITH_MANAGE_GUILD = String(1071698660929n | 32n);

export const ALICE: FakeMember = { id: '900000000000000002', username: 'alice' };
export const ADMIN: FakeMember = { id: '900000000000000003', username: 'admin', permissions: WITH_MANAGE_GUILD };
export const MOD: FakeMember = { id: '900000000000000004', username: 'mod', roles: [MODS_ROLE] };

export interface Harness {
  discord: FakeDiscord;
  radarr: RadarrSimulator;
  sonarr: SonarrSimulator;
  monitor: Monitor;
  bot: DiscordBot;
  store: StateStore;
  logs: CapturedLogger;
  /** Stops the bot and the monitor (the simulators and Discord stay). */
  stopBot(): Promise<void>;
  /** Starts a new bot and monitor on the same store, simulators and Discord (a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  permissions?: PermissionsConfig;
  /** The bot's clock (the monitor keeps real time). */
  clock?: Clock;
  /** Simulated time per real time. Default 30. */
  speed?: number;
  /** The simulators' scenario. Default idle. */
  scenario?: ScenarioName;
  /** No push and reads ten minutes apart: every request the simulators see during a command is the command's (benchmarks). */
  quietMonitor?: boolean;
}

export const DEFAULT_PERMISSIONS: PermissionsConfig = {
  everyone: ['read'],
  grants: [{ roles: [MODS_ROLE], instances: ['radarr'], capabilities: ['manage', 'request', 'search'] }],
  auditChannel: AUDIT,
  subscribeOnAdd: true,
};

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const discord = await startFakeDiscord({
    guilds: [{ id: GUILD, channels: [{ id: BOARD, name: 'status' }, { id: NOTIFY, name: 'notifications' }, { id: AUDIT, name: 'audit' }], roles: [{ id: MODS_ROLE, name: 'Mods' }] }],
  });
  const speed = options.speed ?? 30;
  const scenario = options.scenario ?? 'idle';
  const radarr = await startRadarrSimulator({ apiKey: API_KEY, seed: 1, speed, scenario });
  const sonarr = await startSonarrSimulator({ apiKey: API_KEY, seed: 1, speed, scenario });
  const store = createMemoryStore();
  const quiet = options.quietMonitor === true ? { push: { signalr: false }, intervals: { queueActiveMs: 600_000, queueIdleMs: 600_000, healthMs: 600_000, statusMs: 600_000, diskMs: 600_000 } } : { push: { signalr: true } };
  const instances: InstanceConfig[] = [
    { name: 'radarr', kind: 'radarr', baseUrl: radarr.url, apiKey: API_KEY, ...quiet },
    { name: 'sonarr', kind: 'sonarr', baseUrl: sonarr.url, apiKey: API_KEY, ...quiet },
  ];
  const config = testConfig({ discord: { ...testConfig().discord, token: TEST_TOKEN }, instances, permissions: options.permissions ?? DEFAULT_PERMISSIONS });
  const logs = captureLogger('debug');
  let monitor!: Monitor;
  let bot!: DiscordBot;
  async function boot(): Promise<void> {
    monitor = createMonitor({ instances, store, logger: logs.logger });
    bot = await startDiscordBot({ config, monitor, store, logger: logs.logger, metrics: createMetrics({ defaultMetrics: false }), restApi: discord.restApi, stopFlushMs: 2000, ...(options.clock === undefined ? {} : { clock: options.clock }) });
    await monitor.start();
    await monitor.refresh();
  }
  await boot();
  const harness: Harness = {
    discord,
    radarr,
    sonarr,
    get monitor() {
      return monitor;
    },
    get bot() {
      return bot;
    },
    store,
    logs,
    async stopBot() {
      await bot.stop();
      await monitor.stop();
    },
    async restart() {
      await boot();
    },
    async close() {
      await bot.stop();
      await monitor.stop();
      await radarr.close();
      await sonarr.close();
      await discord.close();
    },
  };
  return harness;
}

/** Milliseconds between the dispatch of an interaction and Discord's acceptance of its first callback. */
export function acknowledgedAfter(discord: FakeDiscord, record: InteractionRecord): number {
  const callback = discord.requests.find((request) => request.path === `/interactions/${record.id}/${record.token}/callback` && request.status === 204);
  return callback === undefined ? Number.POSITIVE_INFINITY : callback.at - record.dispatchedAt;
}

/** Every custom id in an interaction's last answer (callback or edit). */
export function customIds(record: InteractionRecord): string[] {
  const last = record.edits.at(-1) ?? record.callbacks.at(-1)?.data ?? {};
  return [...JSON.stringify(last).matchAll(/"custom_id":"([^"]+)"/g)].map((match) => match[1] ?? '');
}

/** The text of an interaction's last answer (content and embeds). */
export function answerText(record: InteractionRecord): string {
  return JSON.stringify(record.edits.at(-1) ?? record.callbacks.at(-1)?.data ?? {});
}

/** Discord's option types the tests use: a subcommand, a string, an integer. */
export const SUB = 1;
export const STRING = 3;
export const INTEGER = 4;

/** A command option `name` with `value` (a string unless `type` says otherwise). */
export const option = (name: string, value: string | number, type = STRING): FakeCommandOption => ({ name, type, value });

/** A subcommand `name` with its options. */
export const sub = (name: string, options: FakeCommandOption[] = []): FakeCommandOption => ({ name, type: SUB, options });

/** Runs slash command `name` as `member`, waits for its answer (its last edit when `edited`), and checks it was acknowledged within Discord's 3 s. */
export async function command(h: Harness, name: string, options: FakeCommandOption[], member = ADMIN, edited = true): Promise<InteractionRecord> {
  const record = await h.discord.waitForResponse(h.discord.dispatchInteraction({ type: 'command', name, options, member }), { edited, timeoutMs: 20_000 });
  expect(acknowledgedAfter(h.discord, record)).toBeLessThan(3000);
  return record;
}

/** Clicks button `customId` as `member`; as {@link command}. */
export async function click(h: Harness, customId: string, member = ADMIN, edited = false): Promise<InteractionRecord> {
  const record = await h.discord.waitForResponse(h.discord.dispatchInteraction({ type: 'button', customId, member }), { edited, timeoutMs: 20_000 });
  expect(acknowledgedAfter(h.discord, record)).toBeLessThan(3000);
  return record;
}

/** Picks `values` in select `customId` as `member`; as {@link command}. */
export async function choose(h: Harness, customId: string, values: string[], member = ADMIN): Promise<InteractionRecord> {
  const record = await h.discord.waitForResponse(h.discord.dispatchInteraction({ type: 'select', customId, values, member }), { timeoutMs: 20_000 });
  expect(acknowledgedAfter(h.discord, record)).toBeLessThan(3000);
  return record;
}
