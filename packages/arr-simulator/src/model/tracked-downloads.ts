/**
 * The queue's lifecycle as the app drives it: grabs (and releases held back by a delay), removals
 * with the blocklist, what the download client does (fail, stall, resume), blocked and manual
 * imports, the RefreshMonitoredDownloads pass and the app's own transitions between refreshes.
 * History and push events are written here, where each change happens.
 */
import type { SimClock } from '../clock.ts';
import { QUALITIES, type QualityDefinition } from '../library/qualities.ts';
import { RELEASE_GROUPS } from '../library/words.ts';
import type { Random } from '../random.ts';
import type { Blocklist } from './blocklist.ts';
import { queueStatusFields, type Download, type DownloadFate, type DownloadTarget, type PendingRelease } from './download.ts';
import type { DownloadQueue } from './download-queue.ts';
import type { HistoryEventType, HistoryLog } from './history.ts';
import { advanceApp, advanceClient, failInClient, nextAppTransitionAt, noticeAtRefresh, resume, stall, type LifecycleHooks, type LifecycleTiming } from './lifecycle.ts';
import type { AppKind, MediaApp } from './media-app.ts';
import type { PushEvents } from './push-events.ts';
import type { RefreshSchedule } from './refresh-schedule.ts';
import type { Settings } from './settings.ts';

export interface GrabOptions {
  target: DownloadTarget;
  title?: string;
  quality?: QualityDefinition;
  size?: number;
  bytesPerSecond?: number;
  protocol?: 'usenet' | 'torrent';
  /** Milliseconds the client keeps it queued before downloading (default 0). */
  startDelayMs?: number;
  fate?: DownloadFate;
  indexerId?: number;
  /** Where the release's details (quality, group, ids) are drawn from (default the lifecycle generator). */
  random?: Random;
}

/** How a download leaves the queue by a user's hand. */
export interface RemoveOptions {
  blocklist: boolean;
  /** Blocklisted without the search for another release (default false). */
  skipRedownload?: boolean;
  /** Removed from the download client too (default true). */
  removeFromClient?: boolean;
}

/** The lifecycle part of an instance. */
export interface TrackedDownloads {
  grab(options: GrabOptions): Download;
  /**
   * Puts a download in the client by hand, in the app's category, without the app grabbing it: no
   * grab in history, no Grab webhook or signal, no refresh asked for. The next refresh lists it,
   * matched to its media by its title (TrackedDownloadService.cs TrackDownload); if the client fails
   * it, the app only warns (FailedDownloadService.cs Check) and it stays in the queue until removed.
   */
  addToClient(options: GrabOptions): Download;
  /** Holds a release back for `delayMs` (status `delay` in the queue); it is grabbed when the delay ends. */
  addPending(options: GrabOptions & { delayMs: number }): PendingRelease;
  /** Sends a pending release to the download client now (`POST /queue/grab/{id}`). */
  grabPending(pending: PendingRelease): Download;
  /** Drops a pending release (optionally blocklisting it), as `DELETE /queue/{id}` does. */
  removePending(pending: PendingRelease, options: { blocklist: boolean }): void;
  /**
   * Removes a download as `DELETE /queue/{id}` does (Radarr master: src/Radarr.Api.V3/Queue/QueueController.cs
   * Remove, src/NzbDrone.Core/Download/FailedDownloadService.cs MarkAsFailed): with `blocklist` it is
   * marked failed (history `downloadFailed` "Manually marked as failed", a blocklist entry) and, unless
   * `skipRedownload`, searched for again; kept in the client without blocklisting, it is ignored
   * (history `downloadIgnored`).
   */
  remove(download: Download, options: RemoveOptions): void;
  fail(id: number | string, message?: string): Download;
  stall(id: number | string): Download;
  resume(id: number | string): Download;
  blockImport(id: number | string, message?: string): Download;
  /** Imports a blocked or pending download now (manual import). */
  forceImport(download: Download): void;
  /** One RefreshMonitoredDownloads at `at`: the queue learns the client's state. */
  refresh(at: number): void;
  /** The app's own transitions (imports, failure processing) up to `at`. */
  advanceTo(at: number): void;
  /** When the app next acts on a download by itself, if it will. */
  nextTransitionAt(): number | undefined;
  /** Grabs the pending releases whose delay ended by `now`. */
  releaseDue(now: number): void;
  /**
   * Puts every download the client holds in the queue now, without a refresh or any push: the state
   * of an app that has been running a while (scenarios start from it).
   */
  trackAll(): void;
}

export interface TrackedDownloadsOptions {
  kind: AppKind;
  clock: SimClock;
  queue: DownloadQueue;
  settings: Settings;
  history: HistoryLog;
  blocklist: Blocklist;
  push: PushEvents;
  schedule: RefreshSchedule;
  /** Draws a grab's details unless the grab brings its own generator. */
  random: Random;
  timing: LifecycleTiming;
  app: () => MediaApp;
  /** Searches again for what a blocklisted download was for (the apps' RedownloadFailedDownloadService). */
  redownload: (target: DownloadTarget) => void;
}

export function createTrackedDownloads(options: TrackedDownloadsOptions): TrackedDownloads {
  const { clock, queue, history, blocklist, push, timing, app } = options;
  let nextPendingId = 1;

  const mustFind = (id: number | string): Download => queue.find(id) ?? notInQueue(id);

  const hooks = lifecycleHooks(options);

  const advanceTo = (at: number): void => {
    for (const download of queue.downloads()) {
      if (advanceApp(download, at, timing, hooks) === 'changed') download.shown = queueStatusFields(download);
    }
  };

  const downloads: TrackedDownloads = {
    grab(grabOptions) {
      const now = clock.now();
      const download = newDownload(grabOptions, grabOptions.random ?? options.random, now, options, true);
      const { size, indexer, releaseGroup, downloadClient } = download;
      queue.track(download);
      recordHistory(history, app(), download, 'grabbed', now, { indexer, releaseGroup, size: String(size), downloadClient, downloadClientName: downloadClient, protocol: historyProtocol(download.protocol) });
      app().grabbed(download, now);
      advanceClient(download, now);
      download.shown = queueStatusFields(download);
      if (options.schedule.cadence === 'apps') {
        // The grab went to the download client: the queue lists it once a refresh reads the client,
        // which the grab asks for 5 s later (DownloadMonitoringService.cs: MovieGrabbedEvent).
        options.schedule.trigger(now);
      } else {
        download.tracked = true;
        push.queueChanged(now);
      }
      return download;
    },

    addToClient(clientOptions) {
      const now = clock.now();
      const download = newDownload(clientOptions, clientOptions.random ?? options.random, now, options, false);
      queue.track(download);
      advanceClient(download, now);
      download.shown = queueStatusFields(download);
      return download;
    },

    addPending(pendingOptions) {
      const now = clock.now();
      const from = pendingOptions.random ?? options.random;
      const { quality, protocol, indexer, title } = drawRelease(pendingOptions, from, options.settings, app());
      const size = pendingOptions.size ?? app().releaseSize(pendingOptions.target, quality, from);
      const held: PendingRelease = { id: nextPendingId++, target: pendingOptions.target, title, quality, size, protocol, indexerId: indexer.id, indexer: indexer.name, added: now, releaseAt: now + Math.max(0, pendingOptions.delayMs) };
      queue.hold(held);
      push.queueChanged(now);
      return held;
    },
    grabPending(held) {
      queue.release(held);
      return downloads.grab({ target: held.target, title: held.title, quality: held.quality, size: held.size, protocol: held.protocol, indexerId: held.indexerId });
    },
    removePending(held, removeOptions) {
      queue.release(held);
      if (removeOptions.blocklist) {
        blocklist.add({ target: held.target, sourceTitle: held.title, quality: held.quality, date: clock.now(), protocol: held.protocol, indexer: held.indexer, message: 'Pending release manually blocklisted', downloadId: '' });
      }
      push.queueChanged(clock.now());
    },

    remove(download, removeOptions) {
      const now = clock.now();
      queue.untrack(download);
      // Only a download the app grabbed has the history MarkAsFailed needs: without it, nothing is
      // recorded or blocklisted (FailedDownloadService.cs MarkAsFailed).
      if (removeOptions.blocklist && download.grabbed) {
        const message = 'Manually marked as failed';
        recordHistory(history, app(), download, 'downloadFailed', now, { message, downloadClient: download.downloadClient, downloadClientName: download.downloadClient, indexer: download.indexer });
        blocklist.add({ target: download.target, sourceTitle: download.title, quality: download.quality, date: now, protocol: download.protocol, indexer: download.indexer, message, downloadId: download.downloadId });
        if (removeOptions.skipRedownload !== true) options.redownload(download.target);
      } else if (!removeOptions.blocklist && removeOptions.removeFromClient === false) {
        recordHistory(history, app(), download, 'downloadIgnored', now, { message: 'Manually ignored' });
      }
      push.queueChanged(now);
    },

    // Failing, stalling and resuming happen in the download client: the queue shows them after the
    // app's next refresh. Blocking an import is the app's own decision and shows at once.
    fail(id, message = 'Download failed: par2 repair failed') {
      const download = mustFind(id);
      const now = clock.now();
      advanceClient(download, now);
      if (isClientPhase(download)) failInClient(download, now, message);
      else if (failInApp(download, now, message)) push.queueChanged(now);
      return download;
    },
    stall(id) {
      const download = mustFind(id);
      const now = clock.now();
      advanceClient(download, now);
      if (download.phase === 'queued' || download.phase === 'downloading') stall(download, now);
      return download;
    },
    resume(id) {
      const download = mustFind(id);
      if (download.phase === 'stalled') resume(download, clock.now());
      return download;
    },
    blockImport(id, message = 'Not an upgrade for existing file(s)') {
      const download = mustFind(id);
      const now = clock.now();
      download.fate = { kind: 'blockImport', message };
      if (download.phase === 'importPending' || download.phase === 'importing') {
        download.phase = 'importPending';
        download.phaseSince = now - timing.importDelayMs;
        advanceApp(download, now, timing, hooks);
        download.shown = queueStatusFields(download);
      }
      return download;
    },
    forceImport(download) {
      hooks.imported(download, clock.now());
    },

    refresh(at) {
      advanceTo(at);
      for (const download of queue.downloads()) {
        advanceClient(download, at);
        noticeAtRefresh(download, at, NOT_GRABBED_WARNING[options.kind]);
        download.tracked = true;
        download.shown = queueStatusFields(download);
      }
      options.schedule.ran(at);
      // The app publishes its queue update after every refresh, even with nothing in the queue:
      // after reading the clients and again after processing what it found (ProcessMonitoredDownloads).
      if (options.schedule.cadence === 'apps') push.queueRefreshed(at);
      // An import delay of 0 starts at the refresh itself.
      advanceTo(at);
      if (options.schedule.cadence === 'apps') push.queueRefreshed(at);
      else push.queueChanged(at);
    },
    advanceTo,
    nextTransitionAt: () => firstTransitionAt(queue.downloads(), timing),
    trackAll() {
      for (const download of queue.downloads()) download.tracked = true;
    },
    releaseDue(now) {
      // A release whose delay has ended is sent to the download client.
      for (const held of queue.pendingReleases()) if (held.releaseAt <= now) downloads.grabPending(held);
    },
  };
  return downloads;
}

/** What the lifecycle's transitions write: history, the app's webhooks, the queue update. */
function lifecycleHooks({ queue, history, push, app, schedule }: Pick<TrackedDownloadsOptions, 'queue' | 'history' | 'push' | 'app' | 'schedule'>): LifecycleHooks {
  return {
    imported(download, at) {
      queue.untrack(download);
      recordHistory(history, app(), download, 'downloadFolderImported', at, { droppedPath: `${download.outputPath}/${download.title}.mkv`, importedPath: '', downloadClient: download.downloadClient, downloadClientName: download.downloadClient });
      app().imported(download, at);
      push.queueChanged(at);
      schedule.trigger(at);
    },
    importBlocked(download, at) {
      app().importBlocked(download, at);
      push.queueChanged(at);
      schedule.trigger(at);
    },
    failed(download, at) {
      // A processed failure is no longer trackable: it leaves the queue at once, known from history
      // (Radarr master: FailedDownloadService.cs ProcessFailed, DownloadMonitoringService.cs DownloadIsTrackable).
      queue.untrack(download);
      recordHistory(history, app(), download, 'downloadFailed', at, { message: download.errorMessage ?? 'Download failed', downloadClient: download.downloadClient, downloadClientName: download.downloadClient, indexer: download.indexer });
      push.queueChanged(at);
    },
  };
}

/** The warning of a download the app matched to nothing (CompletedDownloadService.cs, Radarr master and Sonarr main). */
const TITLE_MISMATCH: Record<AppKind, string> = {
  radarr: 'Movie title mismatch, automatic import is not possible. Manual Import required.',
  sonarr: 'Series title mismatch; automatic import is not possible. Check the download troubleshooting entry on the wiki for common causes.',
};

/**
 * The warning of a download that failed in the client but was never grabbed by the app, as each app
 * words it (Radarr master and Sonarr main: src/NzbDrone.Core/Download/FailedDownloadService.cs Check).
 */
export const NOT_GRABBED_WARNING: Record<AppKind, string> = {
  radarr: "Download has failed wasn't grabbed by Radarr, skipping automatic download handling",
  sonarr: "Download wasn't grabbed by sonarr, skipping",
};

/**
 * A new download in the client, its release drawn where the grab does not say. `byApp`: the app
 * grabbed it (false for one put in the client by hand); a download matched to nothing has no grab.
 */
function newDownload(grabOptions: GrabOptions, lifecycleRandom: Random, now: number, options: Pick<TrackedDownloadsOptions, 'kind' | 'settings' | 'app'>, byApp: boolean): Download {
  const app = options.app();
  const { quality, group, protocol, indexer, title } = drawRelease(grabOptions, lifecycleRandom, options.settings, app);
  const client = options.settings.clientFor(protocol);
  // Usenet ids look like SABnzbd's nzo ids, torrent ids like an info hash.
  const downloadId = protocol === 'torrent' ? lifecycleRandom.hex(40).toUpperCase() : `SABnzbd_nzo_${lifecycleRandom.hex(8)}`;
  const size = grabOptions.size ?? app.releaseSize(grabOptions.target, quality, lifecycleRandom);
  // The app cannot import what it could not match: an unknown download ends blocked.
  const fate: DownloadFate = grabOptions.fate ?? (grabOptions.target.kind === 'unknown' ? { kind: 'blockImport', message: TITLE_MISMATCH[options.kind] } : { kind: 'import' });
  return {
    downloadId,
    title,
    protocol,
    downloadClientId: client.id,
    downloadClient: client.name,
    indexerId: indexer.id,
    indexer: indexer.name,
    releaseGroup: group,
    quality,
    customFormatScore: 0,
    size,
    downloaded: 0,
    bytesPerSecond: grabOptions.bytesPerSecond ?? lifecycleRandom.int(2, 40) * 1024 * 1024,
    added: now,
    startAt: now + (grabOptions.startDelayMs ?? 0),
    phase: 'queued',
    phaseSince: now,
    lastProgressAt: now,
    fate,
    statusMessages: [],
    target: grabOptions.target,
    outputPath: `/downloads/complete/${title}`,
    grabbed: byApp && grabOptions.target.kind !== 'unknown',
    tracked: false,
  };
}

/** Quality, group, protocol, indexer and title of a new release, drawn where not given. */
function drawRelease(grabOptions: GrabOptions, from: Random, settings: Settings, app: MediaApp) {
  const quality = grabOptions.quality ?? from.pick(QUALITIES.slice(1, 5));
  const group = from.pick(RELEASE_GROUPS);
  const protocol = grabOptions.protocol ?? (from.chance(0.5) ? 'usenet' : 'torrent');
  const indexer = settings.indexerFor(grabOptions.indexerId, protocol);
  const title = grabOptions.title ?? app.releaseTitle(grabOptions.target, quality, group);
  return { quality, group, protocol, indexer, title };
}

function notInQueue(id: number | string): never {
  throw new RangeError(`No download with queue id or download id ${String(id)} in the queue.`);
}

/** One history record per media item of the download (one per episode of a pack). */
function recordHistory(history: HistoryLog, app: MediaApp, download: Download, eventType: HistoryEventType, date: number, data: Record<string, string>): void {
  for (const target of app.historyTargets(download.target)) {
    history.add({ ...target, date, eventType, downloadId: download.downloadId, sourceTitle: download.title, quality: download.quality, customFormatScore: 0, data });
  }
}

/** When the app next acts on one of these downloads by itself (import, failure processing), if it will. */
function firstTransitionAt(downloads: readonly Download[], timing: LifecycleTiming): number | undefined {
  let due: number | undefined;
  for (const download of downloads) {
    const at = nextAppTransitionAt(download, timing);
    if (at !== undefined && (due === undefined || at < due)) due = at;
  }
  return due;
}

/** A grab's protocol as history data stores it: `DownloadProtocol`'s number (Radarr master: src/NzbDrone.Core/History/HistoryService.cs). */
function historyProtocol(protocol: 'usenet' | 'torrent'): string {
  return protocol === 'usenet' ? '1' : '2';
}

/** A failure of a download the app already handles (importing or blocked): processed like one noticed at a refresh. */
function failInApp(download: Download, now: number, message: string): boolean {
  if (download.phase !== 'importPending' && download.phase !== 'importing' && download.phase !== 'importBlocked') return false;
  // ProcessFailed does nothing without a grab in history: only a download the app grabbed is failed by it.
  if (!download.grabbed) return false;
  download.phase = 'failedPending';
  download.phaseSince = now;
  download.errorMessage = message;
  download.shown = queueStatusFields(download);
  return true;
}

/** Phases only the download client knows about until the app's next refresh. */
function isClientPhase(download: Download): boolean {
  return download.phase === 'queued' || download.phase === 'downloading' || download.phase === 'stalled' || download.phase === 'downloaded';
}
