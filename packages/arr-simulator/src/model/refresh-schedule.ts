/**
 * When the app runs RefreshMonitoredDownloads, the only moments its queue learns the download
 * client's state: every interval of simulated time, and on demand (a manual run moves the next
 * scheduled one an interval later, as a scheduled task's last execution does).
 */

/** The apps run RefreshMonitoredDownloads every minute unless their database says otherwise. */
export const DEFAULT_REFRESH_INTERVAL_MS = 60_000;

export interface RefreshSchedule {
  /** Simulated milliseconds between two scheduled refreshes. */
  readonly intervalMs: number;
  /** When the last refresh ran (the instance's start before the first). */
  readonly lastAt: number;
  /** When the next scheduled refresh runs. */
  readonly nextAt: number;
  /** Changes the interval; the next refresh is due one new interval after the last one (not before `now`). */
  setInterval(ms: number, now: number): void;
  /** Records a refresh that ran at `at`. */
  ran(at: number): void;
}

export function createRefreshSchedule(options: { startTime: number; intervalMs?: number }): RefreshSchedule {
  let intervalMs = checkInterval(options.intervalMs ?? DEFAULT_REFRESH_INTERVAL_MS);
  let lastAt = options.startTime;
  let nextAt = lastAt + intervalMs;
  return {
    get intervalMs() {
      return intervalMs;
    },
    get lastAt() {
      return lastAt;
    },
    get nextAt() {
      return nextAt;
    },
    setInterval(ms, now) {
      intervalMs = checkInterval(ms);
      nextAt = Math.max(now, lastAt + intervalMs);
    },
    ran(at) {
      lastAt = at;
      nextAt = at + intervalMs;
    },
  };
}

function checkInterval(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`refreshIntervalMs needs a positive number of milliseconds; got ${ms}`);
  return ms;
}
