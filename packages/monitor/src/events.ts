/**
 * The events the monitor emits: one discriminated union on `type`. Every event carries the instance
 * name, a stable `id` (the same real-world event always gets the same id, so a consumer can
 * de-duplicate across restarts) and the facts a notification needs.
 */

/** What a download or an event is about: a movie, or episodes of a series. */
export interface MediaFacts {
  mediaType: 'movie' | 'series' | 'episode';
  /** Movie title or series title. */
  title: string;
  year?: number;
  movieId?: number;
  seriesId?: number;
  tmdbId?: number;
  tvdbId?: number;
  imdbId?: string;
  /** Episodes concerned (one for an episode, several for a season pack). */
  episodes?: { id?: number; seasonNumber: number; episodeNumber: number; title?: string }[];
  /** Set when every episode belongs to one season. */
  seasonNumber?: number;
  /** Absolute poster URL (remote URL as the app reports it), when known. */
  posterUrl?: string;
  /**
   * Tag labels of the movie or series (`["4k"]`), for routing filters: the same form whether the
   * event was learnt from a webhook (labels) or from REST reads (ids, resolved through the tag list).
   */
  tags?: string[];
}

/** The facts of one download (a season pack is one download with several episodes). */
export interface DownloadFacts {
  /** The download client's id of the download: the stable key, shared by every record of a pack. */
  downloadId: string;
  releaseTitle?: string;
  /** Quality name, e.g. `Bluray-1080p`. */
  quality?: string;
  /** Bytes. */
  size?: number;
  indexer?: string;
  downloadClient?: string;
  protocol?: string;
  releaseGroup?: string;
}

/** Progress of a download, from the queue. */
export interface ProgressFacts {
  /** 0 to 100. */
  percent: number;
  size: number;
  sizeleft: number;
  /** Smoothed from the change of `sizeleft` over time; undefined until two readings exist. */
  speedBytesPerSecond?: number;
  /** Milliseconds left, from the speed (or the app's `timeleft` when no speed is known yet). */
  etaMs?: number;
  state: DownloadState;
}

/** The monitor's view of a queue record's state. */
export type DownloadState =
  | 'queued'
  | 'paused'
  | 'downloading'
  | 'stalled'
  | 'completed'
  | 'importPending'
  | 'importing'
  | 'importBlocked'
  | 'failed'
  | 'delay'
  | 'warning'
  | 'unknown';

export interface HealthFacts {
  /** The check that raised it (`IndexerStatusCheck`). */
  source: string;
  level: 'notice' | 'warning' | 'error';
  message: string;
  wikiUrl?: string;
}

export interface DiskFacts {
  path: string;
  label?: string;
  freeSpace: number;
  totalSpace: number;
  /** 0 to 100. */
  percentFree: number;
}

/** How the monitor learned of the event. */
export type EventSource = 'poll' | 'push' | 'webhook' | 'history';

export interface EventBase<T extends string> {
  type: T;
  /** Stable id: the same real-world event always gets the same id. */
  id: string;
  /** The instance's configured name (`radarr-4k`). */
  instance: string;
  kind: 'radarr' | 'sonarr';
  /** ISO time the event happened (or was observed). */
  at: string;
  source: EventSource;
}

export interface DownloadGrabbedEvent extends EventBase<'download.grabbed'> { media: MediaFacts; download: DownloadFacts }
export interface DownloadProgressEvent extends EventBase<'download.progress'> { media: MediaFacts; download: DownloadFacts; progress: ProgressFacts }
export interface DownloadStalledEvent extends EventBase<'download.stalled'> { media: MediaFacts; download: DownloadFacts; progress: ProgressFacts; messages: string[] }
export interface DownloadCompletedEvent extends EventBase<'download.completed'> { media: MediaFacts; download: DownloadFacts }
export interface DownloadImportedEvent extends EventBase<'download.imported'> { media: MediaFacts; download: DownloadFacts; isUpgrade: boolean }
export interface DownloadFailedEvent extends EventBase<'download.failed'> { media: MediaFacts; download: DownloadFacts; reason: string }
export interface DownloadImportBlockedEvent extends EventBase<'download.importBlocked'> { media: MediaFacts; download: DownloadFacts; messages: string[] }
export interface DownloadRemovedEvent extends EventBase<'download.removed'> { media: MediaFacts; download: DownloadFacts }
export interface HealthRaisedEvent extends EventBase<'health.raised'> { health: HealthFacts }
export interface HealthClearedEvent extends EventBase<'health.cleared'> { health: HealthFacts }
export interface InstanceDownEvent extends EventBase<'instance.down'> { error: string }
export interface InstanceUpEvent extends EventBase<'instance.up'> { version: string; downForMs?: number }
export interface InstanceAuthFailedEvent extends EventBase<'instance.authFailed'> { error: string }
export interface DiskLowEvent extends EventBase<'disk.low'> { disk: DiskFacts }
export interface DiskOkEvent extends EventBase<'disk.ok'> { disk: DiskFacts }
export interface AppUpdatedEvent extends EventBase<'app.updated'> { previousVersion?: string; newVersion: string }
export interface MediaAddedEvent extends EventBase<'media.added'> { media: MediaFacts }
export interface MediaDeletedEvent extends EventBase<'media.deleted'> { media: MediaFacts; deletedFiles?: boolean }

/** Every event the monitor emits. */
export type MonitorEvent =
  | DownloadGrabbedEvent
  | DownloadProgressEvent
  | DownloadStalledEvent
  | DownloadCompletedEvent
  | DownloadImportedEvent
  | DownloadFailedEvent
  | DownloadImportBlockedEvent
  | DownloadRemovedEvent
  | HealthRaisedEvent
  | HealthClearedEvent
  | InstanceDownEvent
  | InstanceUpEvent
  | InstanceAuthFailedEvent
  | DiskLowEvent
  | DiskOkEvent
  | AppUpdatedEvent
  | MediaAddedEvent
  | MediaDeletedEvent;

export type MonitorEventType = MonitorEvent['type'];

/** The event of a given type. */
export type EventOf<T extends MonitorEventType> = Extract<MonitorEvent, { type: T }>;

/** Every event type, in a stable order (for routing config validation and metrics). */
export const MONITOR_EVENT_TYPES: readonly MonitorEventType[] = [
  'download.grabbed',
  'download.progress',
  'download.stalled',
  'download.completed',
  'download.imported',
  'download.failed',
  'download.importBlocked',
  'download.removed',
  'health.raised',
  'health.cleared',
  'instance.down',
  'instance.up',
  'instance.authFailed',
  'disk.low',
  'disk.ok',
  'app.updated',
  'media.added',
  'media.deleted',
];
