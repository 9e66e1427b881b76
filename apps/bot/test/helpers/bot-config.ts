/** A valid BotConfig for tests, with overrides. */
import type { BotConfig } from '../../src/contracts.ts';

export function testConfig(overrides: Partial<BotConfig> = {}): BotConfig {
  return {
    discord: { token: undefined, applicationId: '100000000000000001', guildIds: ['200000000000000001'], globalCommands: false, boardChannels: ['300000000000000001'] },
    instances: [],
    routes: [{ channel: '400000000000000001' }],
    notifications: { burstWindowMs: 0, seasonPackWindowMs: 600_000 },
    board: { minEditIntervalMs: 5000, itemsPerPage: 10 },
    http: { host: '127.0.0.1', port: 0 },
    state: { path: ':memory:' },
    log: { level: 'info', pretty: false },
    monitor: {},
    ...overrides,
  };
}
