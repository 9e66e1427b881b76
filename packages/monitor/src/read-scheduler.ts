/**
 * When each read of one instance runs. One timer per read (`schedule` replaces it), all through the
 * injected Clock; a read asked for while it is in flight runs once more afterwards instead of twice
 * at once; push signals within the debounce window cause one read. Requests and their failures are
 * the executor's business: the scheduler only runs it.
 */
import type { Clock } from './clock.ts';
import type { EventSource } from './events.ts';

/** The reads of one instance. */
export type ReadTask = 'status' | 'queue' | 'health' | 'disk' | 'history' | 'library';

/** The reads on a fixed cadence (history and the library schedule themselves). */
export type PeriodicRead = Exclude<ReadTask, 'history' | 'library'>;

/** Runs one read; `trigger` says what asked for it (and becomes the source of its events). */
export type ReadExecutor = (task: ReadTask, trigger: EventSource) => Promise<void>;

export class ReadScheduler {
  readonly #clock: Clock;
  readonly #execute: ReadExecutor;
  readonly #onUnexpected: (task: ReadTask, error: unknown) => void;
  readonly #timers = new Map<ReadTask, { handle: unknown; at: number }>();
  readonly #debounces = new Map<ReadTask, unknown>();
  readonly #running = new Map<ReadTask, Promise<void>>();
  /** Reads asked for while in flight, with the trigger of the first such request. */
  readonly #again = new Map<ReadTask, EventSource>();
  readonly #inflight = new Set<Promise<void>>();
  readonly #lastStarted = new Map<ReadTask, number>();
  #stopped = true;

  /** `onUnexpected` receives what the executor threw (it turns request failures into state itself). */
  constructor(clock: Clock, execute: ReadExecutor, onUnexpected: (task: ReadTask, error: unknown) => void) {
    this.#clock = clock;
    this.#execute = execute;
    this.#onUnexpected = onUnexpected;
  }

  /** Whether reads are refused (before `start`, after `stop`). */
  get stopped(): boolean {
    return this.#stopped;
  }

  start(): void {
    this.#stopped = false;
  }

  /** Cancels every timer and debounce; reads in flight finish (`idle` waits for them). */
  stop(): void {
    this.#stopped = true;
    for (const task of [...this.#timers.keys()]) this.cancel(task);
    for (const handle of this.#debounces.values()) this.#clock.clearTimeout(handle);
    this.#debounces.clear();
  }

  /** Runs `task` (as a poll) in `delayMs`, replacing its timer. */
  schedule(task: ReadTask, delayMs: number): void {
    if (this.#stopped) return;
    this.cancel(task);
    const handle = this.#clock.setTimeout(() => {
      this.#timers.delete(task);
      void this.run(task, 'poll');
    }, delayMs);
    this.#timers.set(task, { handle, at: this.#clock.now() + delayMs });
  }

  /** Like `schedule`, but keeps an earlier timer. */
  scheduleNoLaterThan(task: ReadTask, delayMs: number): void {
    const existing = this.#timers.get(task);
    if (existing && existing.at <= this.#clock.now() + delayMs) return;
    this.schedule(task, delayMs);
  }

  /** When the timer of `task` fires, if it has one. */
  dueAt(task: ReadTask): number | undefined {
    return this.#timers.get(task)?.at;
  }

  cancel(task: ReadTask): void {
    const timer = this.#timers.get(task);
    if (timer) this.#clock.clearTimeout(timer.handle);
    this.#timers.delete(task);
  }

  /** Runs `task` after `delayMs` unless a debounced run of it is already waiting. */
  debounce(task: ReadTask, trigger: EventSource, delayMs: number): void {
    if (this.#stopped || this.#debounces.has(task)) return;
    const handle = this.#clock.setTimeout(() => {
      this.#debounces.delete(task);
      void this.run(task, trigger);
    }, delayMs);
    this.#debounces.set(task, handle);
  }

  /** Drops a debounced run of `task` still waiting. */
  cancelDebounce(task: ReadTask): void {
    const pending = this.#debounces.get(task);
    if (pending === undefined) return;
    this.#clock.clearTimeout(pending);
    this.#debounces.delete(task);
  }

  isRunning(task: ReadTask): boolean {
    return this.#running.has(task);
  }

  /** When `task` last started, if ever. */
  lastStartedAt(task: ReadTask): number | undefined {
    return this.#lastStarted.get(task);
  }

  /**
   * Runs one read now; a read already in flight runs once more afterwards instead of twice at once.
   * With `awaitAgain`, the promise is that of the read after the one in flight.
   */
  run(task: ReadTask, trigger: EventSource, awaitAgain = false): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    const running = this.#running.get(task);
    if (running) {
      if (!this.#again.has(task)) this.#again.set(task, trigger);
      return awaitAgain ? running.then(() => this.#running.get(task)) : running;
    }
    this.#lastStarted.set(task, this.#clock.now());
    const promise: Promise<void> = this.#execute(task, trigger)
      .catch((error: unknown) => {
        this.#onUnexpected(task, error);
      })
      .finally(() => {
        this.#running.delete(task);
        this.#inflight.delete(promise);
        const again = this.#again.get(task);
        this.#again.delete(task);
        if (again !== undefined) void this.run(task, again);
      });
    this.#running.set(task, promise);
    this.#inflight.add(promise);
    return promise;
  }

  /** Resolves when no read is in flight (reads started meanwhile included). */
  async idle(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.all(this.#inflight);
  }
}
