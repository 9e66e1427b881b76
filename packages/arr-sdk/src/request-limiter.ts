/**
 * Limits the requests of one client to `concurrency` at a time through its p-queue, with a fast
 * path: while nothing waits and a slot is free, a request starts at once without a trip through the
 * queue (p-queue's bookkeeping costs ~20 µs a task on loopback, a fifth of a local round trip).
 * Once a request has to wait, every later one queues behind it, in order, and the queue's
 * concurrency is kept at the slots the direct requests leave free, so the limit holds in total.
 * With a rate limit every request goes through the queue, which owns the interval accounting.
 */
import type PQueue from 'p-queue';

/** How one request waits for its turn. */
export interface RunOptions {
  /**
   * Higher runs first among the requests waiting (p-queue's priority); equal priorities keep their
   * order. A request that finds a free slot and nobody waiting starts at once, whatever its priority.
   */
  priority?: number | undefined;
  /** Takes the request out of the queue while it waits (it then rejects with an `AbortError`). */
  signal?: AbortSignal | undefined;
}

export interface RequestLimiter {
  run<T>(task: () => Promise<T>, options?: RunOptions): Promise<T>;
  /** Requests waiting. */
  readonly size: number;
  /** Requests running. */
  readonly pending: number;
}

export function createRequestLimiter(queue: PQueue, concurrency: number, rateLimited: boolean): RequestLimiter {
  let direct = 0;
  /** Requests waiting in the queue (a function: the count changes while a direct request runs). */
  const waiting = (): number => queue.size;

  function sync(): void {
    const free = concurrency - direct;
    if (free <= 0) {
      queue.pause();
    } else {
      queue.concurrency = free;
      queue.start();
    }
  }

  return {
    async run<T>(task: () => Promise<T>, options: RunOptions = {}): Promise<T> {
      if (!rateLimited && direct < concurrency && queue.size === 0 && queue.pending === 0) {
        // The queue's concurrency is brought in step only when something waits in it (below, and
        // when a direct request ends with requests waiting): an idle client pays no p-queue call.
        direct++;
        try {
          return await task();
        } finally {
          direct--;
          if (waiting() > 0) sync();
        }
      }
      if (!rateLimited) sync();
      return queue.add(task, { priority: options.priority ?? 0, signal: options.signal });
    },
    get size() {
      return queue.size;
    },
    get pending() {
      return queue.pending + direct;
    },
  };
}
