/**
 * One SDK client per instance, behind the few reads the monitor makes. Each client owns its
 * request queue and cache, so a slow instance never holds up another.
 */
import { createRadarrClient, createSonarrClient, type ArrClientOptions, type RadarrClient, type SonarrClient } from '@discarr/arr-sdk';
import type { DiskRecord, HealthRecord, HistoryRecord, QueueRecord, StatusRecord } from './arr-records.ts';
import type { InstanceConfig } from './monitor-options.ts';

export type ArrClient = RadarrClient | SonarrClient;

export interface ArrSource {
  readonly client: ArrClient;
  status(): Promise<StatusRecord>;
  health(): Promise<HealthRecord[]>;
  diskSpace(): Promise<DiskRecord[]>;
  /** Every queue record in as few requests as the queue allows (1000 a page, include flags on). */
  queue(): Promise<QueueRecord[]>;
  /** Every history record since `date` (inclusive), oldest first, with the media embedded. */
  historySince(date: Date): Promise<HistoryRecord[]>;
}

export function clientOptions(config: InstanceConfig, extra: Partial<ArrClientOptions> = {}): ArrClientOptions {
  return {
    // The monitor must see every change: no cached status, and no cache of what it polls.
    cache: { ttlMs: { 'system/status': 0, api: 0 } },
    ...config.client,
    ...extra,
    baseUrl: config.url,
    apiKey: config.apiKey,
    name: config.name,
  };
}

export function createArrSource(config: InstanceConfig, extra: Partial<ArrClientOptions> = {}): ArrSource {
  const options = clientOptions(config, extra);
  if (config.kind === 'radarr') {
    const client = createRadarrClient(options);
    return {
      client,
      status: () => client.status(),
      health: () => client.health(),
      diskSpace: () => client.diskSpace(),
      queue: () => client.queue.list({ includeMovie: true, includeUnknownMovieItems: false }),
      historySince: (date) => client.history.since(date, { includeMovie: true }),
    };
  }
  const client = createSonarrClient(options);
  return {
    client,
    status: () => client.status(),
    health: () => client.health(),
    diskSpace: () => client.diskSpace(),
    queue: () => client.queue.list({ includeSeries: true, includeEpisode: true, includeUnknownSeriesItems: false }),
    historySince: (date) => client.history.since(date, { includeSeries: true, includeEpisode: true }),
  };
}
