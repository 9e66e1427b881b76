/**
 * One SDK client per instance, behind the few reads the monitor makes. Each client owns its
 * request queue and cache, so a slow instance never holds up another.
 */
import { ArrNotFoundError, createRadarrClient, createSonarrClient, type ArrClientOptions, type Logger, type RadarrClient, type SonarrClient } from '@discarr/arr-sdk';
import type { DiskRecord, HealthRecord, HistoryRecord, MovieRecord, QueueRecord, SeriesRecord, StatusRecord, TagRecord } from './arr-records.ts';
import type { InstanceConfig } from './monitor-options.ts';

/** The SDK client of a Radarr or a Sonarr instance. */
export type ArrClient = RadarrClient | SonarrClient;

/**
 * The SDK client of one instance, tagged with its app so that `app` narrows `client` to the app's
 * own client. It is the client the monitor reads with: calls through it share the instance's
 * request queue (its concurrency limit) and cache, so commands never open a second connection pool.
 */
export type InstanceClient =
  | {
      /** The instance is a Radarr. */
      readonly app: 'radarr';
      /** Its Radarr client. */
      readonly client: RadarrClient;
    }
  | {
      /** The instance is a Sonarr. */
      readonly app: 'sonarr';
      /** Its Sonarr client. */
      readonly client: SonarrClient;
    };

export interface ArrReader {
  /** The instance's client with its app (shared with `monitor.client(name)`). */
  readonly client: InstanceClient;
  status(): Promise<StatusRecord>;
  health(): Promise<HealthRecord[]>;
  diskSpace(): Promise<DiskRecord[]>;
  /** Every queue record in as few requests as the queue allows (1000 a page, include flags on). */
  queue(): Promise<QueueRecord[]>;
  /** Every history record since `date` (inclusive), oldest first, with the media embedded. */
  historySince(date: Date): Promise<HistoryRecord[]>;
  /**
   * The whole library (`GET /movie` or `GET /series`): one request, but a large one (a few KB per
   * item), so the watcher reads it rarely, as reconciliation of the `movie`/`series` push signals.
   */
  library(): Promise<(MovieRecord | SeriesRecord)[]>;
  /** The tag list (`GET /tag`): ids and labels. */
  tags(): Promise<TagRecord[]>;
  /** Whether the movie or series `id` is still in the library (`GET /movie/{id}` or `/series/{id}`: 404 means no). */
  mediaExists(id: number): Promise<boolean>;
}

async function exists(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (error) {
    if (error instanceof ArrNotFoundError) return false;
    throw error;
  }
}

/**
 * The SDK options of an instance: its own `client` options over the monitor's needs. `monitorLogger`
 * receives the client's lines unless the instance gives its own `client.logger`.
 */
export function clientOptions(config: InstanceConfig, monitorLogger?: Logger): ArrClientOptions {
  return {
    // The monitor must see every change: no cached status, and no cache of what it polls.
    cache: { ttlMs: { 'system/status': 0, api: 0 } },
    ...config.client,
    logger: config.client?.logger ?? monitorLogger,
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    name: config.name,
  };
}

type KindReads = Pick<ArrReader, 'client' | 'queue' | 'historySince' | 'library' | 'mediaExists'>;

function radarrReads(client: RadarrClient): KindReads {
  return {
    client: { app: 'radarr', client },
    queue: () => client.queue.list({ includeMovie: true, includeUnknownMovieItems: false }),
    historySince: (date) => client.history.since(date, { includeMovie: true }),
    library: () => client.movies.list(),
    mediaExists: (id) => exists(() => client.movies.get(id)),
  };
}

function sonarrReads(client: SonarrClient): KindReads {
  return {
    client: { app: 'sonarr', client },
    queue: () => client.queue.list({ includeSeries: true, includeEpisode: true, includeUnknownSeriesItems: false }),
    historySince: (date) => client.history.since(date, { includeSeries: true, includeEpisode: true }),
    library: () => client.series.list(),
    mediaExists: (id) => exists(() => client.series.get(id)),
  };
}

/** The reader of one instance, over a new SDK client (`monitorLogger` as in `clientOptions`). */
export function createArrReader(config: InstanceConfig, monitorLogger?: Logger): ArrReader {
  const options = clientOptions(config, monitorLogger);
  const reads = config.kind === 'radarr' ? radarrReads(createRadarrClient(options)) : sonarrReads(createSonarrClient(options));
  const { client } = reads.client;
  return {
    ...reads,
    status: () => client.status(),
    health: () => client.health(),
    diskSpace: () => client.diskSpace(),
    tags: () => client.tags(),
  };
}
