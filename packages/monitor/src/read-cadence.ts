/**
 * How often each read of an instance runs: the intervals in force (push connected or not), the
 * pace of the queue (downloads active or not), jitter so that many instances do not poll in
 * lockstep, and moving the timers when any of that changes.
 */
import type { HealthTracker } from './health-tracker.ts';
import type { ResolvedIntervals } from './monitor-options.ts';
import type { PeriodicRead } from './read-scheduler.ts';
import type { EventSource } from './events.ts';
import type { WatcherContext } from './watcher-context.ts';

/** The reads on a fixed cadence. */
export const PERIODIC_READS: readonly PeriodicRead[] = ['status', 'queue', 'health', 'disk'];

/** `ms` moved by up to ±`fraction` of itself. */
export function jittered(ms: number, random: () => number, fraction: number): number {
  return Math.max(0, Math.round(ms * (1 + (random() * 2 - 1) * fraction)));
}

/** The delay before retrying a read after `failures` failed reads in a row (doubling up to `maxMs`). */
export function failureBackoffMs(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
}

/** The interval of each periodic read given the intervals in force and whether downloads are active. */
export function intervalOf(task: PeriodicRead, intervals: ResolvedIntervals, active: boolean): number {
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

/** What the cadence depends on, owned by other parts of the watcher. */
export interface CadenceFacts {
  pushConnected(): boolean;
  downloadsActive(): boolean;
  /** Down or refusing the key: only the status probe runs. */
  halted(): boolean;
  health(): HealthTracker;
  /** The app's refresh period as push shows it. */
  refreshPeriodMs(): number;
}

export class ReadCadence {
  readonly #ctx: WatcherContext;
  readonly #facts: CadenceFacts;

  constructor(ctx: WatcherContext, facts: CadenceFacts) {
    this.#ctx = ctx;
    this.#facts = facts;
  }

  /** The intervals in force: reconciliation only while push is connected. */
  intervals(): ResolvedIntervals {
    return this.#facts.pushConnected() ? this.#ctx.settings.pushIntervals : this.#ctx.settings.intervals;
  }

  jittered(ms: number): number {
    return jittered(ms, this.#ctx.random, this.#ctx.settings.jitter);
  }

  /** Runs every periodic read now (history too when there is something to catch up on). */
  resync(trigger: EventSource, withHistory: boolean): void {
    const { scheduler } = this.#ctx;
    for (const task of PERIODIC_READS) if (!scheduler.isRunning(task)) void scheduler.run(task, trigger);
    if (withHistory) void scheduler.run('history', trigger);
  }

  /** The library read: when due (`firstDelayMs` from now when none ever happened). */
  scheduleLibrary(firstDelayMs = 0): void {
    const last = this.#ctx.checkpoint().library?.readAt;
    const delay = last === undefined ? firstDelayMs : Math.max(0, last + this.intervals().libraryMs - this.#ctx.clock.now());
    if (delay === 0) void this.#ctx.scheduler.run('library', 'poll');
    else this.#ctx.scheduler.schedule('library', this.jittered(delay));
  }

  /** The next periodic read of `task`, at its interval (nothing while halted). */
  schedulePeriodic(task: PeriodicRead): void {
    if (this.#ctx.scheduler.stopped || this.#facts.halted()) return;
    this.#ctx.scheduler.schedule(task, this.jittered(intervalOf(task, this.intervals(), this.#facts.downloadsActive())));
  }

  /** Moves every periodic timer to the current intervals (push went up or down, downloads started). */
  reschedule(onlySooner: boolean): void {
    const { scheduler, clock } = this.#ctx;
    const now = clock.now();
    for (const task of PERIODIC_READS) {
      const due = scheduler.dueAt(task);
      // A first read still to come (the disk space after the start) keeps its time.
      if (due === undefined || scheduler.lastStartedAt(task) === undefined) continue;
      const delay = this.jittered(intervalOf(task, this.intervals(), this.#facts.downloadsActive()));
      if (!onlySooner || now + delay < due) scheduler.schedule(task, delay);
    }
  }

  /** The next read of `task` after one that succeeded. */
  afterRead(task: PeriodicRead, trigger: EventSource): void {
    const { scheduler, settings, clock } = this.#ctx;
    if (task === 'queue' && trigger === 'push' && this.#facts.pushConnected()) {
      // Read on a refresh's sync: the next refresh will push again, so the reconciliation read
      // waits past it (half a period more, jitter included) instead of racing it.
      const interval = Math.max(intervalOf('queue', this.intervals(), this.#facts.downloadsActive()), 1.5 * this.#facts.refreshPeriodMs());
      scheduler.schedule('queue', Math.round(interval * (1 + settings.jitter)) + settings.pushStatusWaitMs);
      return;
    }
    const health = this.#facts.health();
    if (task === 'health' && health.pending()) {
      const decision = health.nextDecisionAt() ?? clock.now();
      scheduler.schedule('health', Math.min(this.intervals().healthMs, Math.max(1000, decision - clock.now())));
      return;
    }
    this.schedulePeriodic(task);
  }
}
