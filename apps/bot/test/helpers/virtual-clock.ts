/** A clock the test moves by hand: timers fire in order as `advance` passes their time. */
import type { Clock } from '@discarr/monitor';

export interface VirtualClock extends Clock {
  /** Moves time forward, firing due timers in order and letting promises settle between them. */
  advance(ms: number): Promise<void>;
  /** Lets pending promises and I/O callbacks run without moving time. */
  settle(): Promise<void>;
  set(ms: number): void;
  pendingTimers(): number;
}

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export interface VirtualClockOptions {
  /** Called whenever time moves (drives a simulator's clock in step). */
  onMove?: (now: number) => void;
  /** Run after each fired timer; default lets promises settle. Real I/O needs real time here. */
  settle?: () => Promise<void>;
}

export function createVirtualClock(start = Date.parse('2026-01-05T12:00:00Z'), options: VirtualClockOptions = {}): VirtualClock {
  let now = start;
  const move = (to: number): void => {
    now = to;
    options.onMove?.(now);
  };
  let nextId = 1;
  const timers: Timer[] = [];
  async function settle(): Promise<void> {
    for (let index = 0; index < 10; index += 1) await new Promise<void>((resolve) => setImmediate(resolve));
    if (options.settle !== undefined) await options.settle();
  }
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const timer = { id: nextId, at: now + Math.max(0, ms), callback };
      nextId += 1;
      timers.push(timer);
      return timer.id;
    },
    clearTimeout(handle) {
      const index = timers.findIndex((timer) => timer.id === handle);
      if (index >= 0) timers.splice(index, 1);
    },
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.id - b.id);
        const [first] = timers;
        if (first === undefined || first.at > target) break;
        timers.shift();
        move(Math.max(now, first.at));
        first.callback();
        await settle();
      }
      move(target);
      await settle();
    },
    settle,
    set(ms) {
      move(ms);
    },
    pendingTimers: () => timers.length,
  };
}
