/**
 * Speed, ETA and stall detection of downloads, from successive queue reads. Speed is the change of
 * `sizeleft` over clock time, smoothed with a time-aware exponentially weighted moving average so
 * irregular reads (push-triggered and polled) weigh by the time they cover.
 */
import type { DownloadState } from './events.ts';
import type { QueueGroup } from './queue-item.ts';

export interface ProgressReading {
  speedBytesPerSecond?: number;
  etaMs?: number;
  percent: number;
}

export interface ProgressTrackerOptions {
  /** No progress for this long while downloading is a stall. */
  stalledAfterMs: number;
  /** Minimum time between two progress events of one download. */
  throttleMs: number;
  /** Time constant of the smoothing. Default 30 s. */
  smoothingMs?: number;
}

interface Track {
  sizeleft: number;
  at: number;
  lastProgressAt: number;
  speed?: number;
  lastEventAt?: number;
  lastEventPercent?: number;
}

export interface ProgressUpdate {
  readings: Map<string, ProgressReading>;
  /** Downloads without progress for `stalledAfterMs` while downloading. */
  stalled: Set<string>;
  /** Downloads whose progress is worth an event now (throttled, whole percent changed). */
  announce: string[];
}

export function percentOf(size: number, sizeleft: number): number {
  if (size <= 0) return 0;
  return Math.min(100, Math.max(0, ((size - sizeleft) / size) * 100));
}

export class ProgressTracker {
  readonly #tracks = new Map<string, Track>();
  readonly #options: Required<ProgressTrackerOptions>;

  constructor(options: ProgressTrackerOptions) {
    this.#options = { smoothingMs: 30_000, ...options };
  }

  /** Takes one read of the queue; forgets downloads that left it. */
  update(groups: readonly QueueGroup[], now: number): ProgressUpdate {
    const readings = new Map<string, ProgressReading>();
    const stalled = new Set<string>();
    const announce: string[] = [];
    const seen = new Set<string>();
    for (const group of groups) {
      seen.add(group.downloadId);
      const track = this.#observe(group, now);
      const percent = percentOf(group.size, group.sizeleft);
      const eta = etaOf(group.state, group.sizeleft, track.speed, group.timeleftMs);
      readings.set(group.downloadId, { percent, speedBytesPerSecond: track.speed, etaMs: eta });
      if (group.state === 'downloading' && now - track.lastProgressAt >= this.#options.stalledAfterMs) stalled.add(group.downloadId);
      if (group.state === 'downloading' && this.#worthAnnouncing(track, percent, now)) {
        track.lastEventAt = now;
        track.lastEventPercent = Math.floor(percent);
        announce.push(group.downloadId);
      }
    }
    for (const id of this.#tracks.keys()) if (!seen.has(id)) this.#tracks.delete(id);
    return { readings, stalled, announce };
  }

  /** The last reading of a download, without a new read (for snapshots). */
  reading(downloadId: string): { speedBytesPerSecond?: number } {
    const speed = this.#tracks.get(downloadId)?.speed;
    return speed === undefined ? {} : { speedBytesPerSecond: speed };
  }

  #observe(group: QueueGroup, now: number): Track {
    const track = this.#tracks.get(group.downloadId);
    if (!track) {
      const created: Track = { sizeleft: group.sizeleft, at: now, lastProgressAt: now };
      this.#tracks.set(group.downloadId, created);
      return created;
    }
    const elapsed = now - track.at;
    if (elapsed <= 0) return track;
    const moved = track.sizeleft - group.sizeleft;
    if (moved > 0) track.lastProgressAt = now;
    if (group.state === 'downloading' || group.state === 'stalled') {
      const instant = Math.max(0, (moved / elapsed) * 1000);
      const weight = 1 - Math.exp(-elapsed / this.#options.smoothingMs);
      track.speed = track.speed === undefined ? instant : track.speed + weight * (instant - track.speed);
    } else if (group.state !== 'paused') {
      track.speed = undefined;
    }
    track.sizeleft = group.sizeleft;
    track.at = now;
    return track;
  }

  #worthAnnouncing(track: Track, percent: number, now: number): boolean {
    if (track.lastEventAt !== undefined && now - track.lastEventAt < this.#options.throttleMs) return false;
    return track.lastEventPercent !== Math.floor(percent);
  }
}

function etaOf(state: DownloadState, sizeleft: number, speed: number | undefined, timeleftMs: number | undefined): number | undefined {
  if (state !== 'downloading') return state === 'completed' || state === 'importPending' || state === 'importing' ? 0 : undefined;
  if (speed !== undefined && speed > 0) return Math.round((sizeleft / speed) * 1000);
  return timeleftMs;
}
