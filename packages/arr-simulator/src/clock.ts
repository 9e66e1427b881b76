/**
 * Time for the simulator. Every model reads `clock.now()`; nothing calls `Date.now()` directly, so
 * tests move time with `advance(ms)` and the demo runs it faster than real time.
 */

/**
 * A source of simulated time that tells listeners when time moved. (Not the monitor's `Clock`,
 * which schedules timers: this one is the time a simulated instance lives in.)
 */
export interface SimClock {
  /** Current simulated time in epoch milliseconds. */
  now(): number;
  /** Calls `listener` after time moved; returns a function that unsubscribes it. */
  onTick(listener: (now: number) => void): () => void;
  /** Stops any timer the clock owns (no-op for a virtual clock). */
  stop(): void;
}

/** A clock that only moves when told to. */
export interface VirtualClock extends SimClock {
  /** Tells a virtual clock from a real-time one. */
  readonly kind: 'virtual';
  /** Moves time forward by `ms` and ticks every listener once. */
  advance(ms: number): number;
  /** Moves time to `epochMs` (never backwards) and ticks. */
  set(epochMs: number): number;
}

/** A clock that follows real time multiplied by `speed` and ticks on an interval. */
export interface RealtimeClock extends SimClock {
  /** Tells a real-time clock from a virtual one. */
  readonly kind: 'realtime';
  /** Simulated milliseconds per real millisecond. */
  readonly speed: number;
  /** Jumps simulated time forward by `ms` on top of the running time. */
  advance(ms: number): number;
}

/** 2025-01-01T00:00:00Z: a fixed start so seeded runs are reproducible. */
export const DEFAULT_START_MS = Date.UTC(2025, 0, 1, 0, 0, 0);

function createListeners() {
  const listeners = new Set<(now: number) => void>();
  return {
    add(listener: (now: number) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(now: number): void {
      for (const listener of [...listeners]) listener(now);
    },
  };
}

/** Creates a clock that starts at `startMs` and moves only with `advance`. */
export function createVirtualClock(startMs: number = DEFAULT_START_MS): VirtualClock {
  let current = startMs;
  const listeners = createListeners();
  return {
    kind: 'virtual',
    now: () => current,
    onTick: (listener) => listeners.add(listener),
    stop: () => undefined,
    advance(ms: number): number {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(ms) needs a finite, non-negative number; got ${ms}`);
      current += ms;
      listeners.emit(current);
      return current;
    },
    set(epochMs: number): number {
      current = Math.max(current, epochMs);
      listeners.emit(current);
      return current;
    },
  };
}

/** Options of {@link createRealtimeClock}. */
export interface RealtimeClockOptions {
  /** Simulated milliseconds per real millisecond (default 1). */
  speed?: number;
  /** Simulated start time (default: the real time now). */
  startMs?: number;
  /** Real milliseconds between ticks (default 250). */
  tickIntervalMs?: number;
  /** Real time source, replaceable in tests (default `Date.now`). */
  realNow?: () => number;
}

/** Creates a clock that runs `speed` times faster than real time and ticks its listeners on an interval. */
export function createRealtimeClock(options: RealtimeClockOptions = {}): RealtimeClock {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new RangeError(`speed must be positive; got ${speed}`);
  const realNow = options.realNow ?? Date.now;
  const realStart = realNow();
  const simStart = options.startMs ?? realStart;
  let offset = 0;
  const listeners = createListeners();
  const now = (): number => simStart + Math.floor((realNow() - realStart) * speed) + offset;
  const timer = setInterval(() => {
    listeners.emit(now());
  }, options.tickIntervalMs ?? 250);
  timer.unref();
  return {
    kind: 'realtime',
    speed,
    now,
    onTick: (listener) => listeners.add(listener),
    stop: () => {
      clearInterval(timer);
    },
    advance(ms: number): number {
      offset += ms;
      const value = now();
      listeners.emit(value);
      return value;
    },
  };
}
