/** A download tracked by the queue, and how its phase maps to the fields the apps report. */
import type { QualityDefinition } from '../library/qualities.ts';
import { formatTimeSpan } from '@discarr/arr-sdk';
import { isoDate } from '../time-format.ts';

/**
 * What a download is for: one movie, one or more episodes of a series (a season pack), or nothing of
 * the library (`unknown`: a download the app could not match, listed only with `includeUnknown…Items`).
 */
export type DownloadTarget =
  | {
      /** A movie (Radarr). */
      kind: 'movie';
      /** The movie's id. */
      movieId: number;
    }
  | {
      /** Episodes of one season (Sonarr); several make a season pack. */
      kind: 'episodes';
      /** The series' id. */
      seriesId: number;
      /** The season of every episode. */
      seasonNumber: number;
      /** The episodes' ids. */
      episodeIds: number[];
    }
  | {
      /** Nothing of the library: the app cannot match the download. */
      kind: 'unknown';
    };

/**
 * Where a download is. `queued`, `downloading`, `stalled`, `downloaded` and `downloadFailed` are the
 * download client's side, which the app only learns at its next refresh; `importPending` onwards is
 * the app's own tracking (`downloaded` becomes `importPending`, `downloadFailed` becomes
 * `failedPending` at the refresh that notices it, or `failedNotGrabbed` when the app never grabbed
 * it: the app warns and leaves it in the queue for the user).
 */
export type DownloadPhase =
  | 'queued'
  | 'downloading'
  | 'stalled'
  | 'downloaded'
  | 'downloadFailed'
  | 'importPending'
  | 'importing'
  | 'importBlocked'
  | 'failedPending'
  | 'failed'
  | 'failedNotGrabbed';

/** What will happen to a download, decided at grab time so a seeded run is reproducible. */
export type DownloadFate =
  | {
      /** Completes and is imported. */
      kind: 'import';
    }
  | {
      /** Fails in the client. */
      kind: 'fail';
      /** When, as the fraction downloaded (0 to 1). */
      atFraction: number;
      /** The failure message. */
      message: string;
    }
  | {
      /** Stops progressing. */
      kind: 'stall';
      /** When, as the fraction downloaded (0 to 1). */
      atFraction: number;
    }
  | {
      /** Completes, but its import is blocked. */
      kind: 'blockImport';
      /** The app's message saying why. */
      message: string;
    };

export interface StatusMessage {
  title: string;
  messages: string[];
}

export interface Download {
  downloadId: string;
  title: string;
  protocol: 'usenet' | 'torrent';
  downloadClientId: number;
  downloadClient: string;
  indexerId: number;
  indexer: string;
  releaseGroup: string;
  quality: QualityDefinition;
  customFormatScore: number;
  size: number;
  downloaded: number;
  bytesPerSecond: number;
  added: number;
  /** When the client starts moving bytes (queued before). */
  startAt: number;
  phase: DownloadPhase;
  phaseSince: number;
  lastProgressAt: number;
  fate: DownloadFate;
  statusMessages: StatusMessage[];
  errorMessage?: string;
  target: DownloadTarget;
  outputPath: string;
  /**
   * True when the app grabbed it, so its history holds the grab: the app handles its failure and the
   * queue shows its indexer and when it was added. False for a download put in the client by hand
   * (in the app's category) and for one matched to nothing.
   */
  grabbed: boolean;
  /**
   * True once a refresh has read it from the download client: only then is it in the app's queue
   * (a grab is sent to the client; the queue lists it after the next refresh).
   */
  tracked: boolean;
  /**
   * What the queue shows: the state as of the app's last refresh (or its own last change, such as a
   * grab or an import starting). The client keeps moving underneath.
   */
  shown?: QueueStatusFields;
}

/**
 * A release a delay profile holds back: listed in the queue with status `delay` until its delay ends
 * or `POST /queue/grab/{id}` sends it to the download client.
 */
export interface PendingRelease {
  /** The app's pending-release id (queue record ids are hashed from it). */
  id: number;
  target: DownloadTarget;
  title: string;
  quality: QualityDefinition;
  size: number;
  protocol: 'usenet' | 'torrent';
  indexerId: number;
  indexer: string;
  added: number;
  /** When the delay ends and the app grabs it by itself. */
  releaseAt: number;
}

/** The queue fields of a pending release: nothing downloaded yet, `timeleft` counts down the delay. */
export function pendingStatusFields(pending: PendingRelease, now: number): Omit<QueueStatusFields, 'status' | 'trackedDownloadStatus' | 'trackedDownloadState'> & { status: 'delay' } {
  return {
    size: pending.size,
    sizeleft: pending.size,
    timeleft: formatTimeSpan(pending.releaseAt - now),
    estimatedCompletionTime: isoDate(pending.releaseAt),
    added: isoDate(pending.added),
    status: 'delay',
    statusMessages: [],
  };
}

/** The queue fields that do not depend on the app. */
export interface QueueStatusFields {
  size: number;
  sizeleft: number;
  timeleft?: string;
  estimatedCompletionTime?: string;
  /** When the app grabbed it; absent without a grab in history (`TrackedDownload.Added` is the grab's date). */
  added?: string;
  status: 'queued' | 'downloading' | 'completed' | 'failed' | 'warning';
  trackedDownloadStatus: 'ok' | 'warning' | 'error';
  trackedDownloadState: 'downloading' | 'importPending' | 'importing' | 'importBlocked' | 'failedPending' | 'failed';
  statusMessages: StatusMessage[];
  errorMessage?: string;
}

export function remainingMs(download: Download): number {
  return ((download.size - download.downloaded) / download.bytesPerSecond) * 1000;
}

export function queueStatusFields(download: Download): QueueStatusFields {
  const sizeleft = Math.max(0, Math.round(download.size - download.downloaded));
  // Without a grab in history the app knows no added date (TrackedDownloadService.cs: Added = grabbedEvent?.Date).
  const base = { size: download.size, sizeleft, ...(download.grabbed ? { added: isoDate(download.added) } : {}), statusMessages: download.statusMessages };
  const withError = download.errorMessage === undefined ? {} : { errorMessage: download.errorMessage };
  switch (download.phase) {
    case 'queued':
      // The client has not started: it does not know how long it will take, so timeleft is absent.
      return { ...base, status: 'queued', trackedDownloadStatus: 'ok', trackedDownloadState: 'downloading' };
    case 'downloading': {
      const left = remainingMs(download);
      return {
        ...base,
        timeleft: formatTimeSpan(left),
        estimatedCompletionTime: isoDate(download.lastProgressAt + left),
        status: 'downloading',
        trackedDownloadStatus: 'ok',
        trackedDownloadState: 'downloading',
      };
    }
    case 'stalled':
      // qBittorrent reports a stalled torrent as a client warning with a message; the app's own
      // tracking stays ok, without status messages (Radarr master: Download/Clients/QBittorrent/QBittorrent.cs).
      return { ...base, ...withError, status: 'warning', trackedDownloadStatus: 'ok', trackedDownloadState: 'downloading' };
    case 'downloaded':
      // Finished in the client, not yet checked by the app (a refresh turns it into importPending).
      return { ...base, sizeleft: 0, timeleft: '00:00:00', status: 'completed', trackedDownloadStatus: 'ok', trackedDownloadState: 'downloading' };
    case 'downloadFailed':
      return { ...base, ...withError, status: 'failed', trackedDownloadStatus: 'ok', trackedDownloadState: 'downloading' };
    case 'importPending':
    case 'importing':
      return {
        ...base,
        sizeleft: 0,
        timeleft: '00:00:00',
        estimatedCompletionTime: isoDate(download.phaseSince),
        status: 'completed',
        trackedDownloadStatus: 'ok',
        trackedDownloadState: download.phase,
      };
    case 'importBlocked':
      return { ...base, sizeleft: 0, timeleft: '00:00:00', status: 'completed', trackedDownloadStatus: 'warning', trackedDownloadState: 'importBlocked' };
    case 'failedPending':
    case 'failed':
      // FailedDownloadService.Check marks it FailedPending without a warning or error: the tracked
      // status stays ok; ProcessFailed then drops it from the queue (Radarr master: Download/FailedDownloadService.cs).
      return { ...base, ...withError, status: 'failed', trackedDownloadStatus: 'ok', trackedDownloadState: download.phase };
    case 'failedNotGrabbed':
      // Without a grab in history FailedDownloadService.Check only warns and returns: the state stays
      // downloading, so the download stays trackable and in the queue until the user removes it
      // (Radarr master and Sonarr main: src/NzbDrone.Core/Download/FailedDownloadService.cs).
      return { ...base, ...withError, status: 'failed', trackedDownloadStatus: 'warning', trackedDownloadState: 'downloading' };
  }
}
