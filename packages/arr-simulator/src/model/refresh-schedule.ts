/**
 * When the app runs RefreshMonitoredDownloads, the only moments its queue learns the download
 * client's state. As the apps schedule it (the default, `apps`):
 * - the task's interval is 1 minute, but the scheduler only looks every 30 s and counts from the
 *   last run's completion, strictly (`LastExecution + Interval < now`), so a scheduled refresh comes
 *   about every 90 s (Radarr master: src/NzbDrone.Core/Jobs/Scheduler.cs, TaskManager.cs);
 * - a grab, an import or a manual-interaction event asks for another refresh 5 s later through a
 *   debouncer that does not restart on later events and restarts after any refresh that ran while it
 *   was waiting (DownloadMonitoringService.cs, NzbDrone.Common/TPL/Debouncer.cs);
 * - a manual run (the command) counts as the last execution too.
 * `fixed` refreshes exactly every interval and nothing else (a simpler clock for tests).
 */

/** The apps run RefreshMonitoredDownloads every minute unless their database says otherwise. */
export const DEFAULT_REFRESH_INTERVAL_MS = 60_000;
/** How often the apps' scheduler looks for due tasks. */
export const SCHEDULER_TICK_MS = 30_000;
/** The debounce of DownloadMonitoringService's event-triggered refresh. */
export const TRIGGERED_REFRESH_DELAY_MS = 5_000;

/** `apps`: the apps' scheduler and event-triggered refreshes; `fixed`: exactly every interval. */
export type RefreshCadence = 'apps' | 'fixed';

export interface RefreshSchedule {
  readonly cadence: RefreshCadence;
  /** The task's interval in simulated milliseconds. */
  readonly intervalMs: number;
  /** When the last refresh ran (the instance's start before the first). */
  readonly lastAt: number;
  /** When the next refresh runs: scheduled or triggered, whichever comes first. */
  readonly nextAt: number;
  /** Changes the interval; the next refresh is due one new interval after the last one (not before `now`). */
  setInterval(ms: number, now: number): void;
  /** An event that asks for a refresh (`apps` only): one runs 5 s after the first such event. */
  trigger(at: number): void;
  /** Records a refresh that ran at `at`. */
  ran(at: number): void;
}

export function createRefreshSchedule(options: { startTime: number; intervalMs?: number; cadence?: RefreshCadence }): RefreshSchedule {
  const { startTime } = options;
  const cadence = options.cadence ?? 'apps';
  let intervalMs = checkInterval(options.intervalMs ?? DEFAULT_REFRESH_INTERVAL_MS);
  let lastAt = startTime;
  /** Fixed cadence: when the next refresh runs (moved by `setInterval`). */
  let fixedNextAt = lastAt + intervalMs;
  /** When the debounced, event-triggered refresh fires, if one is waiting. */
  let triggeredAt: number | undefined;

  /** The first scheduler tick (every 30 s from the start) that finds the task due. */
  const scheduledAt = (): number => {
    const dueAfter = lastAt + intervalMs;
    return startTime + (Math.floor((dueAfter - startTime) / SCHEDULER_TICK_MS) + 1) * SCHEDULER_TICK_MS;
  };

  return {
    cadence,
    get intervalMs() {
      return intervalMs;
    },
    get lastAt() {
      return lastAt;
    },
    get nextAt() {
      if (cadence === 'fixed') return fixedNextAt;
      return Math.min(scheduledAt(), triggeredAt ?? Infinity);
    },
    setInterval(ms, now) {
      intervalMs = checkInterval(ms);
      fixedNextAt = Math.max(now, lastAt + intervalMs);
    },
    trigger(at) {
      if (cadence === 'fixed') return;
      triggeredAt ??= at + TRIGGERED_REFRESH_DELAY_MS;
    },
    ran(at) {
      lastAt = at;
      fixedNextAt = at + intervalMs;
      // The debouncer fired this refresh; or it was paused by it and starts its 5 s again.
      if (triggeredAt !== undefined) triggeredAt = triggeredAt <= at ? undefined : at + TRIGGERED_REFRESH_DELAY_MS;
    },
  };
}

function checkInterval(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`refreshIntervalMs needs a positive number of milliseconds; got ${ms}`);
  return ms;
}
