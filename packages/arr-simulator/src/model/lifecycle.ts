/**
 * The download lifecycle over simulated time, split as the apps split it:
 * - the download client's side moves continuously: queued, downloading at a per-item speed, then
 *   downloaded, failed or stalled ({@link advanceClient});
 * - the app learns of it only when it refreshes its tracked downloads (the RefreshMonitoredDownloads
 *   task, about every 60 s): a finished download becomes import pending, a failed one failed
 *   pending, or only warned about when the app never grabbed it ({@link noticeAtRefresh});
 * - then the app processes what it noticed: importing, imported (or import blocked); failed
 *   ({@link advanceApp}).
 * Transitions are computed from timestamps, so one big step gives the same result as many small ones.
 */
import type { Download } from './download.ts';

/** What the lifecycle tells the app about, with the simulated time each transition happened. */
export interface LifecycleHooks {
  imported(download: Download, at: number): void;
  importBlocked(download: Download, at: number): void;
  failed(download: Download, at: number): void;
}

export interface LifecycleTiming {
  /** Time between the refresh that noticed a finished download and its import starting. */
  importDelayMs: number;
  /** Time an import takes. */
  importDurationMs: number;
  /** Time between the refresh that noticed a failed download and the app processing it (it then leaves the queue). */
  failedProcessingMs: number;
}

export const DEFAULT_TIMING: LifecycleTiming = { importDelayMs: 5000, importDurationMs: 2000, failedProcessingMs: 1000 };

/** The download client's side up to `now`: bytes move, the download starts, finishes, fails or stalls. */
export function advanceClient(download: Download, now: number): void {
  for (;;) {
    switch (download.phase) {
      case 'queued':
        if (now < download.startAt) return;
        download.phase = 'downloading';
        download.phaseSince = download.startAt;
        download.lastProgressAt = download.startAt;
        continue;
      case 'downloading': {
        const fate = download.fate;
        const stopFraction = fate.kind === 'fail' || fate.kind === 'stall' ? fate.atFraction : 1;
        const target = download.size * stopFraction;
        const untilTarget = Math.max(0, ((target - download.downloaded) / download.bytesPerSecond) * 1000);
        const reachedAt = download.lastProgressAt + untilTarget;
        if (reachedAt > now) {
          if (now > download.lastProgressAt) {
            download.downloaded = Math.min(download.size, download.downloaded + (download.bytesPerSecond * (now - download.lastProgressAt)) / 1000);
            download.lastProgressAt = now;
          }
          return;
        }
        download.downloaded = target;
        download.lastProgressAt = reachedAt;
        download.phaseSince = reachedAt;
        if (fate.kind === 'fail') {
          download.phase = 'downloadFailed';
          download.errorMessage = fate.message;
        } else if (fate.kind === 'stall') {
          stall(download, reachedAt);
        } else {
          download.phase = 'downloaded';
        }
        return;
      }
      default:
        return;
    }
  }
}

/**
 * What the app's refresh at `at` makes of the client's state: a finished download is import
 * pending, a failed one failed pending, or, when the app never grabbed it, warned with
 * `notGrabbedWarning` and left in the queue for the user. Returns true when the app's tracking changed.
 */
export function noticeAtRefresh(download: Download, at: number, notGrabbedWarning: string): boolean {
  if (download.phase === 'downloaded') {
    download.phase = 'importPending';
    download.phaseSince = at;
    return true;
  }
  if (download.phase === 'downloadFailed') {
    download.phaseSince = at;
    if (download.grabbed) {
      download.phase = 'failedPending';
      return true;
    }
    // No grab in history: FailedDownloadService.Check warns and returns, the state stays Downloading
    // and nothing processes it (Radarr master, Sonarr main: src/NzbDrone.Core/Download/FailedDownloadService.cs).
    download.phase = 'failedNotGrabbed';
    download.statusMessages = [{ title: download.title, messages: [notGrabbedWarning] }];
    return true;
  }
  return false;
}

/** When the app next acts on a download on its own (import, failure processing), if it will. */
export function nextAppTransitionAt(download: Download, timing: LifecycleTiming): number | undefined {
  switch (download.phase) {
    case 'importPending':
      return download.phaseSince + timing.importDelayMs;
    case 'importing':
      return download.phaseSince + timing.importDurationMs;
    case 'failedPending':
      return download.phaseSince + timing.failedProcessingMs;
    default:
      return undefined;
  }
}

/**
 * The app's side up to `now`: imports what it noticed (or finds the import blocked) and processes
 * failures. Returns 'imported' when the download left the queue, 'changed' when its tracking
 * changed, 'same' otherwise.
 */
export function advanceApp(download: Download, now: number, timing: LifecycleTiming, hooks: LifecycleHooks): 'imported' | 'changed' | 'same' {
  let changed: 'changed' | 'same' = 'same';
  for (;;) {
    const at = nextAppTransitionAt(download, timing);
    if (at === undefined || now < at) return changed;
    changed = 'changed';
    switch (download.phase) {
      case 'importPending':
        download.phaseSince = at;
        if (download.fate.kind === 'blockImport') {
          download.phase = 'importBlocked';
          download.statusMessages = [{ title: download.title, messages: [download.fate.message] }];
          hooks.importBlocked(download, at);
          return changed;
        }
        download.phase = 'importing';
        continue;
      case 'importing':
        hooks.imported(download, at);
        return 'imported';
      case 'failedPending':
        download.phase = 'failed';
        download.phaseSince = at;
        hooks.failed(download, at);
        return changed;
      default:
        return changed;
    }
  }
}

/** What qBittorrent reports for a stalled torrent (`stalledDL`; the apps' DownloadClientQbittorrentTorrentStateStalled). */
export const STALLED_MESSAGE = 'The download is stalled with no connections';

/** Marks a download stalled: no progress, the client's warning and message, as a torrent without peers. */
export function stall(download: Download, at: number): void {
  download.phase = 'stalled';
  download.phaseSince = at;
  download.lastProgressAt = at;
  download.fate = { kind: 'import' };
  download.errorMessage = STALLED_MESSAGE;
}

/** Resumes a stalled download from where it stopped. */
export function resume(download: Download, at: number): void {
  download.phase = 'downloading';
  download.phaseSince = at;
  download.lastProgressAt = at;
  delete download.errorMessage;
}

/** The download client reports a failure; the app notices it at its next refresh. */
export function failInClient(download: Download, at: number, message: string): void {
  download.phase = 'downloadFailed';
  download.phaseSince = at;
  download.lastProgressAt = at;
  download.errorMessage = message;
}
