/**
 * Every default of the bot's configuration, in one place. The schema fills these in; the README's
 * config reference is written from this file.
 */
export const CONFIG_DEFAULTS = {
  /** Looked up in the working directory when neither `--config` nor `DISCARR_CONFIG` is given. */
  configFiles: ['discarr.yml', 'discarr.yaml', 'discarr.json'],
  discord: { guildIds: [] as string[], globalCommands: false, boardChannels: [] as string[] },
  notifications: { burstWindowMs: 10_000, seasonPackWindowMs: 600_000 },
  board: { minEditIntervalMs: 5_000, itemsPerPage: 10 },
  http: { host: '0.0.0.0', port: 8080 },
  state: { path: './data/discarr-state.json' },
  log: { level: 'info' as const },
} as const;
