/**
 * Timers of one instance's reads, all through the injected Clock: one timer per task, each interval
 * jittered so many instances do not poll in lockstep, and an exponential backoff while failing.
 */
import type { Clock } from './clock.ts';
import type { ResolvedIntervals } from './monitor-options.ts';

export type PollTask = 'status' | 'queue' | 'health' | 'disk' | 'history' | 'library';

/** The reads on a fixed cadence (history and the library schedule themselves). */
export type PeriodicTask = Exclude<PollTask, 'history' | 'library'>;

/** `ms` moved by up to ±`fraction` of itself. */
export function jittered(ms: number, random: () => number, fraction: number): number {
  return Math.max(0, Math.round(ms * (1 + (random() * 2 - 1) * fraction)));
}

/** Delay before the next attempt after `failures` failed cycles in a row. */
export function backoffDelay(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
}

/** The interval of each periodic read given whether push is connected and downloads are active. */
export function intervalOf(task: PeriodicTask, intervals: ResolvedIntervals, active: boolean): number {
  switch (task) {
    case 'queue':
      return active ? intervals.queueActiveMs : intervals.queueIdleMs;
    case 'health':
      return intervals.healthMs;
    case 'status':
      return intervals.statusMs;
    case 'disk':
      return intervals.diskMs;
  }
}

export class Poller {
  readonly #clock: Clock;
  readonly #timers = new Map<PollTask, { handle: unknown; at: number }>();
  #stopped = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Runs `run` in `delayMs`, replacing the task's timer. */
  schedule(task: PollTask, delayMs: number, run: () => void): void {
    if (this.#stopped) return;
    this.cancel(task);
    const at = this.#clock.now() + delayMs;
    const handle = this.#clock.setTimeout(() => {
      this.#timers.delete(task);
      run();
    }, delayMs);
    this.#timers.set(task, { handle, at });
  }

  /** Like `schedule`, but keeps an earlier timer. */
  scheduleNoLaterThan(task: PollTask, delayMs: number, run: () => void): void {
    const existing = this.#timers.get(task);
    if (existing && existing.at <= this.#clock.now() + delayMs) return;
    this.schedule(task, delayMs, run);
  }

  dueAt(task: PollTask): number | undefined {
    return this.#timers.get(task)?.at;
  }

  cancel(task: PollTask): void {
    const timer = this.#timers.get(task);
    if (timer) this.#clock.clearTimeout(timer.handle);
    this.#timers.delete(task);
  }

  stop(): void {
    this.#stopped = true;
    for (const task of [...this.#timers.keys()]) this.cancel(task);
  }
}
