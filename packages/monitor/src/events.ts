/**
 * The events the monitor emits: one discriminated union on `type`. Every event carries the instance
 * name, a stable `id` (the same real-world event always gets the same id, so a consumer can
 * de-duplicate across restarts) and the facts a notification needs.
 */

/** What a download or an event is about: a movie, or episodes of a series. */
export interface MediaFacts {
  /** A movie (Radarr), a whole series, or episodes of a series (Sonarr). */
  mediaType: 'movie' | 'series' | 'episode';
  /** Movie title or series title. */
  title: string;
  /** Release year of the movie or first-air year of the series, when known. */
  year?: number;
  /** Radarr's movie id (movies only). */
  movieId?: number;
  /** Sonarr's series id (series and episodes only). */
  seriesId?: number;
  /** The Movie Database id, when the app knows it. */
  tmdbId?: number;
  /** TheTVDB id of the series, when the app knows it. */
  tvdbId?: number;
  /** IMDb id (`tt0111161`), when the app knows it. */
  imdbId?: string;
  /** Episodes concerned (one for an episode, several for a season pack). */
  episodes?: {
    /** Sonarr's episode id, when known. */
    id?: number;
    /** Season number (0 for specials). */
    seasonNumber: number;
    /** Episode number within its season. */
    episodeNumber: number;
    /** Episode title, when known. */
    title?: string;
  }[];
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
  /** The release name as the indexer listed it. */
  releaseTitle?: string;
  /** Quality name, e.g. `Bluray-1080p`. */
  quality?: string;
  /** Bytes. */
  size?: number;
  /** Name of the indexer the release came from. */
  indexer?: string;
  /** Name of the download client that holds the download. */
  downloadClient?: string;
  /** Download protocol as the app reports it (`torrent`, `usenet`). */
  protocol?: string;
  /** Release group parsed from the release title. */
  releaseGroup?: string;
}

/** Progress of a download, from the queue. */
export interface ProgressFacts {
  /** 0 to 100. */
  percent: number;
  /** Total size in bytes. */
  size: number;
  /** Bytes still to download. */
  sizeleft: number;
  /** Smoothed from the change of `sizeleft` over time; undefined until two readings exist. */
  speedBytesPerSecond?: number;
  /** Milliseconds left, from the speed (or the app's `timeleft` when no speed is known yet). */
  etaMs?: number;
  /** The download's state now. */
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

/** One item of the app's health check list (System > Status > Health). */
export interface HealthFacts {
  /** The check that raised it (`IndexerStatusCheck`). */
  source: string;
  /** Severity as the app reports it. */
  level: 'notice' | 'warning' | 'error';
  /** The app's message, as shown in its UI. */
  message: string;
  /** The app's wiki page about this check, when it gives one. */
  wikiUrl?: string;
}

/** Space of one disk (mount point) the app reports. */
export interface DiskFacts {
  /** Mount point path as the app reports it. */
  path: string;
  /** Volume label, when the app reports one. */
  label?: string;
  /** Free space in bytes. */
  freeSpace: number;
  /** Total space in bytes. */
  totalSpace: number;
  /** 0 to 100. */
  percentFree: number;
}

/** How the monitor learned of the event. */
export type EventSource = 'poll' | 'push' | 'webhook' | 'history';

/** The fields every event has; `T` is its `type`. */
export interface EventBase<T extends string> {
  /** What happened (`download.imported`): the discriminant of `MonitorEvent`. */
  type: T;
  /** Stable id: the same real-world event always gets the same id. */
  id: string;
  /** The instance's configured name (`radarr-4k`). */
  instance: string;
  /** The app of the instance. */
  kind: 'radarr' | 'sonarr';
  /** ISO time the event happened (or was observed). */
  at: string;
  /** How the monitor learned of it. */
  source: EventSource;
}

/**
 * A release was grabbed: the app sent it to a download client. Also a new download the app did not
 * grab (`notGrabbed`), found in its queue.
 */
export interface DownloadGrabbedEvent extends EventBase<'download.grabbed'> {
  /** The movie or the episodes it is about. */
  media: MediaFacts;
  /** The download. */
  download: DownloadFacts;
  /**
   * The app did not grab it: it was put in the download client directly (in the app's category), so
   * the queue shows it with no indexer and no grab date. The app imports it when it completes, but
   * leaves a failure to the user and cannot blocklist it.
   */
  notGrabbed?: true;
}
/** A download progressed; at most one per download every `progressThrottleMs`. */
export interface DownloadProgressEvent extends EventBase<'download.progress'> {
  /** The movie or the episodes it is about. */
  media: MediaFacts;
  /** The download. */
  download: DownloadFacts;
  /** Progress from the latest queue read. */
  progress: ProgressFacts;
}
/** A download stalled: the app says so, or it made no progress for `stalledAfterMs`. */
export interface DownloadStalledEvent extends EventBase<'download.stalled'> {
  /** The movie or the episodes it is about. */
  media: MediaFacts;
  /** The download. */
  download: DownloadFacts;
  /** Progress from the latest queue read. */
  progress: ProgressFacts;
  /** The app's status messages about it (may be empty). */
  messages: string[];
}
/** The download client finished the download; the import comes next. */
export interface DownloadCompletedEvent extends EventBase<'download.completed'> {
  /** The movie or the episodes it is about. */
  media: MediaFacts;
  /** The download. */
  download: DownloadFacts;
}
/** The app imported the download into the library: the media is ready to watch. */
export interface DownloadImportedEvent extends EventBase<'download.imported'> {
  /** The movie or the episodes it is about. */
  media: MediaFacts;
  /** The download. */
  download: DownloadFacts;
  /** True when it replaced an existing file of lower quality. */
  isUpgrade: boolean;
}
/** The download failed (the app marked it failed in its history). */
export interface DownloadFailedEvent extends EventBase<'download.failed'> {
  /** The movie or the episodes it is about. */
  media: MediaFacts;
  /** The download. */
  download: DownloadFacts;
  /** The app's failure message (`download failed` when it gives none). */
  reason: string;
  /**
   * The app did not grab it (put in the download client directly, see
   * {@link DownloadGrabbedEvent.notGrabbed}): it leaves the failure to the user and has no release
   * to blocklist.
   */
  notGrabbed?: true;
}
/** The app cannot import the finished download and waits for a manual import. */
export interface DownloadImportBlockedEvent extends EventBase<'download.importBlocked'> {
  /** The movie or the episodes it is about. */
  media: MediaFacts;
  /** The download. */
  download: DownloadFacts;
  /** The app's status messages saying why. */
  messages: string[];
}
/**
 * The download left the queue with neither an import nor a failure in history: removed by hand or
 * by the client, or (`mediaDeleted`) its movie or series was deleted.
 */
export interface DownloadRemovedEvent extends EventBase<'download.removed'> {
  /** The movie or the episodes it is about. */
  media: MediaFacts;
  /** The download. */
  download: DownloadFacts;
  /**
   * True when its movie or series was deleted from the library: the app deleted the download's
   * history with it, so whether it had been imported or had failed is unknown. Absent otherwise.
   */
  mediaDeleted?: boolean;
}
/** The app raised a health check item (after the flap suppression of `MonitorOptions.health`). */
export interface HealthRaisedEvent extends EventBase<'health.raised'> {
  /** The health item. */
  health: HealthFacts;
}
/** A health check item the monitor reported raised is gone. */
export interface HealthClearedEvent extends EventBase<'health.cleared'> {
  /** The health item as it was last seen. */
  health: HealthFacts;
}
/** The instance stopped answering: `downAfterFailures` status reads in a row failed. */
export interface InstanceDownEvent extends EventBase<'instance.down'> {
  /** The last error, redacted. */
  error: string;
}
/** The instance answers again after `instance.down` or `instance.authFailed`. */
export interface InstanceUpEvent extends EventBase<'instance.up'> {
  /** The app version it reports (empty when not known yet). */
  version: string;
  /** How long it was down or refusing the key, in milliseconds. */
  downForMs?: number;
}
/** The instance refused the API key (401): fix the key in the config. */
export interface InstanceAuthFailedEvent extends EventBase<'instance.authFailed'> {
  /** The error, redacted. */
  error: string;
}
/** A disk fell below the free-space thresholds of `InstanceConfig.disk`. */
export interface DiskLowEvent extends EventBase<'disk.low'> {
  /** The disk at the read that found it low. */
  disk: DiskFacts;
}
/** A low disk has enough free space again (above the threshold plus the hysteresis). */
export interface DiskOkEvent extends EventBase<'disk.ok'> {
  /** The disk at the read that found it ok. */
  disk: DiskFacts;
}
/** The app runs a new version; one event per version, whichever way it was learnt. */
export interface AppUpdatedEvent extends EventBase<'app.updated'> {
  /** The version before the update, when known. */
  previousVersion?: string;
  /** The version it runs now. */
  newVersion: string;
}
/** A movie or series was added to the library. */
export interface MediaAddedEvent extends EventBase<'media.added'> {
  /** The movie or series added. */
  media: MediaFacts;
}
/** A movie or series was deleted from the library. */
export interface MediaDeletedEvent extends EventBase<'media.deleted'> {
  /** The movie or series deleted. */
  media: MediaFacts;
  /** True when its files were deleted from disk too, when the app says. */
  deletedFiles?: boolean;
}

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

/** The `type` of any event (`download.imported`, `disk.low`, ...). */
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
