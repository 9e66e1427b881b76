import { describe, expect, it } from 'vitest';
import type { DownloadState } from './events.ts';
import { ProgressTracker, percentOf } from './progress-tracker.ts';
import type { QueueGroup } from './queue-item.ts';

const g = (sizeleft: number, state: DownloadState = 'downloading', timeleftMs?: number): QueueGroup => ({
  downloadId: 'a',
  items: [],
  state,
  size: 1_000_000,
  sizeleft,
  timeleftMs,
  media: { mediaType: 'movie', title: 'A' },
  download: { downloadId: 'a' },
  messages: [],
});

describe('ProgressTracker', () => {
  it('measures speed from sizeleft over clock time and derives the ETA', () => {
    const tracker = new ProgressTracker({ stalledAfterMs: 60_000, throttleMs: 0 });
    tracker.update([g(1_000_000)], 0);
    const { readings } = tracker.update([g(900_000)], 10_000);
    expect(readings.get('a')?.speedBytesPerSecond).toBe(10_000);
    expect(readings.get('a')?.etaMs).toBe(90_000);
    expect(readings.get('a')?.percent).toBe(10);
  });

  it('smooths a burst instead of jumping to it', () => {
    const tracker = new ProgressTracker({ stalledAfterMs: 60_000, throttleMs: 0 });
    tracker.update([g(1_000_000)], 0);
    tracker.update([g(900_000)], 10_000);
    const speed = tracker.update([g(500_000)], 15_000).readings.get('a')?.speedBytesPerSecond ?? 0;
    expect(speed).toBeGreaterThan(10_000);
    expect(speed).toBeLessThan(80_000);
    expect(tracker.reading('a').speedBytesPerSecond).toBe(speed);
  });

  it('uses the app estimate until a speed is known', () => {
    const tracker = new ProgressTracker({ stalledAfterMs: 60_000, throttleMs: 0 });
    expect(tracker.update([g(1_000_000, 'downloading', 42_000)], 0).readings.get('a')?.etaMs).toBe(42_000);
  });

  it('reports a stall after stalledAfterMs without progress while downloading', () => {
    const tracker = new ProgressTracker({ stalledAfterMs: 60_000, throttleMs: 0 });
    tracker.update([g(500_000)], 0);
    expect(tracker.update([g(500_000)], 30_000).stalled.has('a')).toBe(false);
    expect(tracker.update([g(500_000)], 61_000).stalled.has('a')).toBe(true);
    expect(tracker.update([g(400_000)], 62_000).stalled.has('a')).toBe(false);
  });

  it('throttles progress announcements and needs a whole percent of change', () => {
    const tracker = new ProgressTracker({ stalledAfterMs: 600_000, throttleMs: 30_000 });
    expect(tracker.update([g(1_000_000)], 0).announce).toEqual(['a']);
    expect(tracker.update([g(800_000)], 10_000).announce).toEqual([]);
    expect(tracker.update([g(700_000)], 31_000).announce).toEqual(['a']);
    expect(tracker.update([g(700_000)], 70_000).announce).toEqual([]);
  });

  it('forgets downloads that left and gives finished ones an ETA of zero', () => {
    const tracker = new ProgressTracker({ stalledAfterMs: 600_000, throttleMs: 0 });
    tracker.update([g(10)], 0);
    expect(tracker.update([g(0, 'importPending')], 1000).readings.get('a')?.etaMs).toBe(0);
    tracker.update([], 2000);
    expect(tracker.reading('a')).toEqual({});
    expect(percentOf(0, 0)).toBe(0);
  });
});
