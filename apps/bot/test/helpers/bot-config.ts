/** A valid BotConfig for tests, with overrides, and the ids of the fake Discord it points at. */
import type { BotConfig } from '../../src/contracts.ts';

/** A Discord-shaped bot token (the fake Discord takes any), to look for in logs and state. */
export const TEST_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';
/** The fake Discord's default guild and its two channels: the board's and the notifications'. */
export const GUILD = '200000000000000001';
export const BOARD = '300000000000000001';
export const NOTIFY = '400000000000000001';

export function testConfig(overrides: Partial<BotConfig> = {}): BotConfig {
  return {
    discord: { token: undefined, applicationId: '100000000000000001', guildIds: [GUILD], globalCommands: false, boardChannels: [BOARD] },
    instances: [],
    routes: [{ channel: NOTIFY }],
    notifications: { burstWindowMs: 0, seasonPackWindowMs: 600_000 },
    board: { minEditIntervalMs: 5000, itemsPerPage: 10 },
    http: { host: '127.0.0.1', port: 0 },
    state: { path: ':memory:' },
    log: { level: 'info', pretty: false },
    monitor: {},
    ...overrides,
  };
}
