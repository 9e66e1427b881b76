/**
 * The download lifecycle over simulated time: queued, downloading at a per-item speed, completed
 * (import pending), importing, imported; or failed, stalled, import blocked. Transitions are computed
 * from timestamps, so one big `advance` gives the same result as many small ones.
 */
import type { Download } from './download.ts';

/** What the lifecycle tells the app about, with the simulated time each transition happened. */
export interface LifecycleHooks {
  started(download: Download, at: number): void;
  completed(download: Download, at: number): void;
  imported(download: Download, at: number): void;
  importBlocked(download: Download, at: number): void;
  failed(download: Download, at: number): void;
  stalled(download: Download, at: number): void;
}

export interface LifecycleTiming {
  /** Time between completion and the import starting (the app's next check). */
  importDelayMs: number;
  /** Time an import takes. */
  importDurationMs: number;
  /** Time between the client reporting a failure and the app processing it. */
  failedProcessingMs: number;
}

export const DEFAULT_TIMING: LifecycleTiming = { importDelayMs: 5000, importDurationMs: 2000, failedProcessingMs: 1000 };

/**
 * Moves one download to `now`. Returns 'imported' when it left the queue, 'changed' when a field a
 * client sees changed, 'same' otherwise.
 */
export function advanceDownload(download: Download, now: number, timing: LifecycleTiming, hooks: LifecycleHooks): 'imported' | 'changed' | 'same' {
  let changed: 'changed' | 'same' = 'same';
  for (;;) {
    switch (download.phase) {
      case 'queued':
        if (now < download.startAt) return changed;
        download.phase = 'downloading';
        download.phaseSince = download.startAt;
        download.lastProgressAt = download.startAt;
        hooks.started(download, download.startAt);
        changed = 'changed';
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
            changed = 'changed';
          }
          return changed;
        }
        download.downloaded = target;
        download.lastProgressAt = reachedAt;
        download.phaseSince = reachedAt;
        changed = 'changed';
        if (fate.kind === 'fail') {
          download.phase = 'failedPending';
          download.errorMessage = fate.message;
        } else if (fate.kind === 'stall') {
          stall(download, reachedAt);
          hooks.stalled(download, reachedAt);
          return changed;
        } else {
          download.phase = 'importPending';
          hooks.completed(download, reachedAt);
        }
        continue;
      }
      case 'importPending': {
        const at = download.phaseSince + timing.importDelayMs;
        if (now < at) return changed;
        download.phaseSince = at;
        changed = 'changed';
        if (download.fate.kind === 'blockImport') {
          download.phase = 'importBlocked';
          download.statusMessages = [{ title: download.title, messages: [download.fate.message] }];
          hooks.importBlocked(download, at);
          return changed;
        }
        download.phase = 'importing';
        continue;
      }
      case 'importing': {
        const at = download.phaseSince + timing.importDurationMs;
        if (now < at) return changed;
        hooks.imported(download, at);
        return 'imported';
      }
      case 'failedPending': {
        const at = download.phaseSince + timing.failedProcessingMs;
        if (now < at) return changed;
        download.phase = 'failed';
        download.phaseSince = at;
        hooks.failed(download, at);
        return 'changed';
      }
      case 'stalled':
      case 'importBlocked':
      case 'failed':
        return changed;
    }
  }
}

/** Marks a download stalled: no progress, a warning status and a message, as a torrent without peers. */
export function stall(download: Download, at: number): void {
  download.phase = 'stalled';
  download.phaseSince = at;
  download.lastProgressAt = at;
  download.fate = { kind: 'import' };
  download.statusMessages = [{ title: download.title, messages: ['The download is stalled with no connections'] }];
}

/** Resumes a stalled download from where it stopped. */
export function resume(download: Download, at: number): void {
  download.phase = 'downloading';
  download.phaseSince = at;
  download.lastProgressAt = at;
  download.statusMessages = [];
}

/** Marks a download failed by the client; the app processes it after `failedProcessingMs`. */
export function fail(download: Download, at: number, message: string): void {
  download.phase = 'failedPending';
  download.phaseSince = at;
  download.lastProgressAt = at;
  download.errorMessage = message;
}
