/** A virtual Clock for tests: time moves only with `advance`, firing due timers in order. */
import type { Clock } from '../../src/clock.ts';

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
}

export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Map<number, Timer>();
  readonly #onMove: ((now: number) => void) | undefined;

  /** `onMove` follows every change of time (to drive a simulator's virtual clock in step). */
  constructor(start: number = Date.UTC(2025, 0, 1), onMove?: (now: number) => void) {
    this.#now = start;
    this.#onMove = onMove;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.#seq;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), seq: id, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Timers waiting. */
  pending(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, each followed by `settle`. */
  async advance(ms: number, settle: () => Promise<void> = () => Promise.resolve()): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      let next: [number, Timer] | undefined;
      for (const entry of this.#timers) {
        if (entry[1].at <= target && (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[1].seq < next[1].seq))) next = entry;
      }
      if (!next) break;
      this.#timers.delete(next[0]);
      this.#move(Math.max(this.#now, next[1].at));
      next[1].callback();
      await settle();
    }
    this.#move(target);
    await settle();
  }

  /** Advances in steps of `stepMs` (so a simulator moving with us changes gradually). */
  async advanceBy(totalMs: number, stepMs: number, settle?: () => Promise<void>): Promise<void> {
    for (let done = 0; done < totalMs; done += stepMs) await this.advance(Math.min(stepMs, totalMs - done), settle);
  }

  #move(to: number): void {
    if (to === this.#now) return;
    this.#now = to;
    this.#onMove?.(to);
  }
}
