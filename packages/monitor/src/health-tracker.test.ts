import { describe, expect, it } from 'vitest';
import type { HealthFacts } from './events.ts';
import { HealthTracker } from './health-tracker.ts';

const indexer: HealthFacts = { source: 'IndexerStatusCheck', level: 'warning', message: 'Indexers unavailable: X' };
const options = { raiseAfterChecks: 2, raiseAfterMs: 60_000, clearAfterChecks: 2, clearAfterMs: 60_000 };

describe('HealthTracker', () => {
  it('ignores a blip seen once', () => {
    const tracker = new HealthTracker(options);
    expect(tracker.update([indexer], 0).raised).toEqual([]);
    expect(tracker.update([], 30_000)).toEqual({ raised: [], cleared: [] });
    expect(tracker.update([], 120_000)).toEqual({ raised: [], cleared: [] });
    expect(tracker.active()).toEqual([]);
  });

  it('raises after enough checks and enough time, once', () => {
    const tracker = new HealthTracker(options);
    tracker.update([indexer], 0);
    expect(tracker.nextDecisionAt()).toBe(60_000);
    expect(tracker.update([indexer], 30_000).raised).toEqual([]);
    expect(tracker.update([indexer], 60_000).raised).toEqual([{ facts: indexer, firstSeenAt: 0 }]);
    expect(tracker.update([indexer], 90_000).raised).toEqual([]);
    expect(tracker.active()).toEqual([indexer]);
  });

  it('clears only after the item stayed away long enough', () => {
    const tracker = new HealthTracker({ ...options, raiseAfterChecks: 1, raiseAfterMs: 0 });
    tracker.update([indexer], 0);
    expect(tracker.update([], 10_000).cleared).toEqual([]);
    expect(tracker.pending()).toBe(true);
    expect(tracker.update([indexer], 20_000).cleared).toEqual([]);
    tracker.update([], 30_000);
    expect(tracker.update([], 95_000).cleared).toEqual([{ facts: indexer, firstSeenAt: 0 }]);
    expect(tracker.active()).toEqual([]);
  });

  it('survives a restart through its state', () => {
    const tracker = new HealthTracker({ ...options, raiseAfterChecks: 1, raiseAfterMs: 0 });
    tracker.update([indexer], 0);
    const restored = new HealthTracker(options, tracker.state());
    expect(restored.update([indexer], 10).raised).toEqual([]);
    expect(restored.active()).toEqual([indexer]);
  });
});
