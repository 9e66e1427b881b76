/** Validation of `createMonitor` options at the boundary, and the merge with the defaults. */
import { DEFAULTS, POLL_INTERVALS, PUSH_POLL_INTERVALS } from './defaults.ts';
import { MonitorConfigError } from './errors.ts';
import type { WatcherSettings } from './watcher-context.ts';
import type { InstanceConfig, MonitorOptions, PollIntervals } from './monitor-options.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function positive(field: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) {
    throw new MonitorConfigError(field, `must be a positive number of milliseconds, got ${JSON.stringify(value)}`);
  }
}

function nonNegative(field: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
    throw new MonitorConfigError(field, `must be a number of at least 0, got ${JSON.stringify(value)}`);
  }
}

/** Checks one instance; throws a `MonitorConfigError` naming the field. */
export function validateInstance(config: InstanceConfig, index: number): void {
  const at = `instances[${index}]`;
  if (typeof config !== 'object' || (config as unknown) === null) throw new MonitorConfigError(at, 'must be an object');
  if (typeof config.name !== 'string' || !NAME.test(config.name)) {
    throw new MonitorConfigError(`${at}.name`, `must be 1-64 letters, digits, dots, dashes or underscores (e.g. "radarr-4k"), got ${JSON.stringify(config.name)}`);
  }
  if ((config.kind as string) !== 'radarr' && (config.kind as string) !== 'sonarr') {
    throw new MonitorConfigError(`${at}.kind`, `must be "radarr" or "sonarr", got ${JSON.stringify(config.kind)}`);
  }
  // `url` is this field's former name: a caller still passing it is told to rename it, not that baseUrl is not a URL.
  if ('url' in config) throw new MonitorConfigError(`${at}.url`, `is the old name of baseUrl; rename instances[${index}].url to baseUrl`);
  let url: URL;
  try {
    url = new URL(config.baseUrl);
  } catch {
    throw new MonitorConfigError(`${at}.baseUrl`, `is not a URL: ${JSON.stringify(config.baseUrl)}; use e.g. http://localhost:${config.kind === 'radarr' ? 7878 : 8989}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new MonitorConfigError(`${at}.baseUrl`, `must start with http:// or https://, got ${url.protocol}`);
  if (url.username || url.password || url.search) throw new MonitorConfigError(`${at}.baseUrl`, 'must not hold credentials or a query string; give the key as apiKey');
  if (typeof config.apiKey !== 'string' || config.apiKey.trim() === '') {
    throw new MonitorConfigError(`${at}.apiKey`, `is missing; copy it from ${config.kind === 'radarr' ? 'Radarr' : 'Sonarr'}'s Settings > General > Security`);
  }
  const secret = config.push?.webhook?.secret;
  if (config.push?.webhook && (typeof secret !== 'string' || secret.length < 8)) {
    throw new MonitorConfigError(`${at}.push.webhook.secret`, 'must be a string of at least 8 characters');
  }
  for (const [key, value] of Object.entries(config.intervals ?? {})) positive(`${at}.intervals.${key}`, value);
  for (const [key, value] of Object.entries(config.disk ?? {})) nonNegative(`${at}.disk.${key}`, value);
}

/** Validates the options and resolves each instance's settings. */
export function resolveSettings(options: MonitorOptions): WatcherSettings[] {
  if (!Array.isArray(options.instances)) throw new MonitorConfigError('instances', 'must be an array of instances');
  positive('progressThrottleMs', options.progressThrottleMs);
  positive('stalledAfterMs', options.stalledAfterMs);
  positive('bufferSize', options.bufferSize);
  for (const [key, value] of Object.entries(options.health ?? {})) nonNegative(`health.${key}`, value);
  const seen = new Map<string, number>();
  options.instances.forEach((config, index) => {
    validateInstance(config, index);
    const other = seen.get(config.name.toLowerCase());
    if (other !== undefined) throw new MonitorConfigError(`instances[${index}].name`, `"${config.name}" is already the name of instances[${other}]; names must be unique`);
    seen.set(config.name.toLowerCase(), index);
  });
  const health = { ...DEFAULTS.health, ...options.health };
  return options.instances.map((config) => {
    const own: Partial<PollIntervals> = config.intervals ?? {};
    return {
      config,
      intervals: { ...POLL_INTERVALS, ...own },
      pushIntervals: { ...PUSH_POLL_INTERVALS, ...own },
      disk: { ...DEFAULTS.disk, ...config.disk },
      health,
      progressThrottleMs: options.progressThrottleMs ?? DEFAULTS.progressThrottleMs,
      stalledAfterMs: options.stalledAfterMs ?? DEFAULTS.stalledAfterMs,
      signalr: config.push?.signalr ?? true,
      signalrRetryDelaysMs: options.signalrRetryDelaysMs ?? DEFAULTS.signalrRetryDelaysMs,
      pushDebounceMs: DEFAULTS.pushDebounceMs,
      pushStatusWaitMs: DEFAULTS.pushStatusWaitMs,
      activeSyncSettleMs: DEFAULTS.activeSyncSettleMs,
      firstDiskDelayMs: DEFAULTS.firstDiskDelayMs,
      firstLibraryDelayMs: DEFAULTS.firstLibraryDelayMs,
      backoffBaseMs: DEFAULTS.backoffBaseMs,
      downAfterFailures: options.downAfterFailures ?? DEFAULTS.downAfterFailures,
      removedGraceMs: options.removedGraceMs ?? DEFAULTS.removedGraceMs,
      emittedRetentionMs: DEFAULTS.emittedRetentionMs,
      historyOverlapMs: DEFAULTS.historyOverlapMs,
      packSettleMs: DEFAULTS.packSettleMs,
      jitter: DEFAULTS.jitter,
    };
  });
}
