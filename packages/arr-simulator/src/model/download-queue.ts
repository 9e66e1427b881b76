/**
 * The queue: the downloads the app tracks and the releases a delay holds back, and how the apps read
 * them (records in queue order, lookups by queue id, `queue/status` counts). Changing what is in it
 * is the lifecycle's job (`tracked-downloads.ts`).
 */
import type { SimClock } from '../clock.ts';
import type { Download, DownloadTarget, PendingRelease } from './download.ts';
import type { AppKind, Json, MediaApp } from './media-app.ts';
import { downloadQueueRecords, pendingQueueRecords } from './queue-records.ts';

/** The counts `GET /queue/status` answers and `queue/status` pushes. */
export interface QueueStatus {
  totalCount: number;
  count: number;
  unknownCount: number;
  errors: boolean;
  warnings: boolean;
  unknownErrors: boolean;
  unknownWarnings: boolean;
}

/** The queue part of an instance. */
export interface DownloadQueue {
  /** How many downloads are tracked. */
  readonly size: number;
  /** The tracked downloads, in queue order (a copy: safe to change the queue while iterating). */
  downloads(): Download[];
  /** The releases held back by a delay, in queue order (a copy). */
  pendingReleases(): PendingRelease[];
  /** Finds a download by queue id or download id, tracked or not yet (check `tracked` for what the app's queue lists). */
  find(id: number | string): Download | undefined;
  /** Finds a pending release by one of its queue record ids. */
  findPending(queueId: number): PendingRelease | undefined;
  track(download: Download): void;
  untrack(download: Download): void;
  hold(pending: PendingRelease): void;
  release(pending: PendingRelease): void;
  /**
   * Every queue record in queue order: tracked downloads (read by a refresh), then pending releases. Unknown downloads
   * (matched to nothing in the library) are left out when `includeUnknown` is false.
   */
  records(query: URLSearchParams, options?: { includeUnknown?: boolean }): Json[];
  /** The queue records of one tracked download. */
  recordsOf(download: Download, query?: URLSearchParams): Json[];
  /** The queue records of one pending release. */
  pendingRecordsOf(pending: PendingRelease, query?: URLSearchParams): Json[];
  status(): QueueStatus;
  /** True when a download or pending release is for (one of the episodes of) the target. */
  isTargetQueued(target: DownloadTarget): boolean;
}

export interface DownloadQueueOptions {
  kind: AppKind;
  clock: SimClock;
  /** The app that fills in each record's media fields. */
  app: () => Pick<MediaApp, 'queueMedia'>;
}

export function createDownloadQueue(options: DownloadQueueOptions): DownloadQueue {
  const { kind, clock } = options;
  const downloads = new Map<string, Download>();
  const pending = new Map<number, PendingRelease>();
  /** Queue id of every tracked record; rebuilt after the tracked downloads change. */
  let idIndex: Map<number, Download> | undefined;
  const empty = new URLSearchParams();

  const queue: DownloadQueue = {
    get size() {
      return downloads.size;
    },
    downloads: () => [...downloads.values()],
    pendingReleases: () => [...pending.values()],
    find(id) {
      if (typeof id === 'string') return downloads.get(id);
      if (idIndex === undefined) {
        idIndex = new Map();
        for (const download of downloads.values()) for (const record of queue.recordsOf(download, empty)) idIndex.set(record.id as number, download);
      }
      return idIndex.get(id);
    },
    findPending(queueId) {
      for (const held of pending.values()) if (queue.pendingRecordsOf(held).some((record) => record.id === queueId)) return held;
      return undefined;
    },
    track(download) {
      downloads.set(download.downloadId, download);
      idIndex = undefined;
    },
    untrack(download) {
      downloads.delete(download.downloadId);
      idIndex = undefined;
    },
    hold(held) {
      pending.set(held.id, held);
    },
    release(held) {
      pending.delete(held.id);
    },
    records(query, recordOptions = {}) {
      const includeUnknown = recordOptions.includeUnknown ?? true;
      const out: Json[] = [];
      for (const download of downloads.values()) {
        if (!download.tracked || (!includeUnknown && download.target.kind === 'unknown')) continue;
        for (const record of queue.recordsOf(download, query)) out.push(record);
      }
      for (const held of pending.values()) for (const record of queue.pendingRecordsOf(held, query)) out.push(record);
      return out;
    },
    recordsOf: (download, query = empty) => downloadQueueRecords(kind, download, options.app().queueMedia(download.target, query)),
    pendingRecordsOf: (held, query = empty) => pendingQueueRecords(kind, held, options.app().queueMedia(held.target, query), clock.now()),
    status() {
      // As the apps count: tracked records matched to the library plus pending releases, and apart
      // the unknown ones; errors and warnings come from tracked records only.
      const known: Json[] = [];
      const unknown: Json[] = [];
      for (const download of downloads.values()) if (download.tracked) (download.target.kind === 'unknown' ? unknown : known).push(...queue.recordsOf(download, empty));
      let pendingCount = 0;
      for (const held of pending.values()) pendingCount += queue.pendingRecordsOf(held, empty).length;
      const has = (records: Json[], status: string): boolean => records.some((record) => record.trackedDownloadStatus === status);
      return {
        totalCount: known.length + unknown.length + pendingCount,
        count: known.length + pendingCount,
        unknownCount: unknown.length,
        errors: has(known, 'error'),
        warnings: has(known, 'warning'),
        unknownErrors: has(unknown, 'error'),
        unknownWarnings: has(unknown, 'warning'),
      };
    },
    isTargetQueued(target) {
      const queued = [...[...downloads.values()].map((download) => download.target), ...[...pending.values()].map((held) => held.target)];
      return queued.some((other) => sameMedia(target, other));
    },
  };
  return queue;
}

function sameMedia(target: DownloadTarget, queued: DownloadTarget): boolean {
  if (target.kind === 'movie' && queued.kind === 'movie') return queued.movieId === target.movieId;
  if (target.kind === 'episodes' && queued.kind === 'episodes') return queued.seriesId === target.seriesId && queued.episodeIds.some((id) => target.episodeIds.includes(id));
  return false;
}
