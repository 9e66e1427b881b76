import { expect, it } from 'vitest';
import fc from 'fast-check';
import PQueue from 'p-queue';
import { createRequestLimiter } from './request-limiter.ts';

/** A task whose end the test decides. */
function deferred() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { done, finish };
}

it('never runs more tasks at once than the limit, whatever the order of arrivals and ends', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 60 }), async (limit, script) => {
      const limiter = createRequestLimiter(new PQueue({ concurrency: limit }), limit, false);
      let running = 0;
      let peak = 0;
      const open: (() => void)[] = [];
      const all: Promise<void>[] = [];
      const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
      for (const arrive of script) {
        if (arrive || open.length === 0) {
          const d = deferred();
          all.push(
            limiter.run(async () => {
              running++;
              peak = Math.max(peak, running);
              open.push(d.finish);
              await d.done;
              running--;
            }),
          );
        } else {
          open.shift()?.();
        }
        await settle();
        expect(running).toBeLessThanOrEqual(limit);
      }
      while (running > 0 || limiter.size > 0) {
        open.shift()?.();
        await settle();
      }
      await Promise.all(all);
      expect(peak).toBeLessThanOrEqual(limit);
      expect(limiter.pending).toBe(0);
    }),
    { numRuns: 60 },
  );
});

it('starts waiting tasks in the order they arrived', async () => {
  const limiter = createRequestLimiter(new PQueue({ concurrency: 1 }), 1, false);
  const order: number[] = [];
  const first = deferred();
  const runs = [limiter.run(() => first.done.then(() => order.push(0)))];
  for (let i = 1; i <= 5; i++) runs.push(limiter.run(() => Promise.resolve(order.push(i))));
  expect(limiter.size).toBe(5);
  first.finish();
  await Promise.all(runs);
  expect(order).toEqual([0, 1, 2, 3, 4, 5]);
});

it('sends every task through the queue when a rate limit is set', async () => {
  const queue = new PQueue({ concurrency: 2, intervalCap: 1, interval: 10 });
  const limiter = createRequestLimiter(queue, 2, true);
  let added = 0;
  queue.on('add', () => added++);
  await Promise.all([limiter.run(() => Promise.resolve(1)), limiter.run(() => Promise.resolve(2))]);
  expect(added).toBe(2);
});
