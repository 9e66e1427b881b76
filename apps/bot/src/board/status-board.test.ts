import { afterEach, describe, expect, it } from 'vitest';
import type { MonitorSnapshot } from '@discarr/monitor';
import { createMetrics } from '../metrics.ts';
import { testConfig } from '../../test/helpers/bot-config.ts';
import { captureLogger } from '../../test/helpers/capture-logger.ts';
import { instanceSnapshot, snapshotOf } from '../../test/helpers/events.ts';
import { createTestStore, type TestStore } from '../../test/helpers/memory-store.ts';
import { HttpLikeError, createRecordingSink, type RecordingSink } from '../../test/helpers/recording-sink.ts';
import { createVirtualClock, type VirtualClock } from '../../test/helpers/virtual-clock.ts';
import { boardKey, createStatusBoard, type StatusBoard } from './status-board.ts';

const CHANNEL = '300000000000000001';
const boards: StatusBoard[] = [];
afterEach(async () => {
  await Promise.all(boards.splice(0).map((board) => board.stop()));
});

function setup(shared: { store?: TestStore; sink?: RecordingSink; clock?: VirtualClock } = {}) {
  const clock = shared.clock ?? createVirtualClock();
  const sink = shared.sink ?? createRecordingSink(clock.now);
  const store = shared.store ?? createTestStore();
  let snapshot: MonitorSnapshot = snapshotOf(instanceSnapshot('radarr', 3));
  const metrics = createMetrics({ defaultMetrics: false });
  const board = createStatusBoard({
    config: testConfig(),
    store,
    sink,
    snapshot: () => snapshot,
    clock,
    logger: captureLogger().logger,
    metrics,
  });
  boards.push(board);
  return {
    board, sink, store, clock, metrics,
    setSnapshot(next: MonitorSnapshot) {
      snapshot = next;
    },
  };
}

/** A snapshot whose first download is at `percent`. */
function progressed(percent: number): MonitorSnapshot {
  const instance = instanceSnapshot('radarr', 3);
  const [first] = instance.queue;
  if (first !== undefined) first.percent = percent;
  return snapshotOf(instance);
}

describe('status board', () => {
  it('posts the board once at start and stores its message id', async () => {
    const { board, sink, store } = setup();
    await board.start();
    expect(sink.sends(CHANNEL)).toHaveLength(1);
    expect(JSON.parse(store.data.get(boardKey(CHANNEL)) ?? '{}')).toEqual({ messageId: sink.sends()[0]?.messageId, page: 0 });
  });

  it('coalesces edits to one per interval however fast things change, and skips unchanged renders', async () => {
    const { board, sink, clock, setSnapshot } = setup();
    await board.start();
    // 10 minutes of changes every 100 ms.
    for (let tick = 0; tick < 6000; tick += 1) {
      setSnapshot(progressed(tick % 100));
      board.requestRender();
      await clock.advance(100);
    }
    const edits = sink.edits(CHANNEL);
    expect(edits.length).toBeGreaterThan(100);
    expect(edits.length).toBeLessThanOrEqual(120);
    for (let index = 1; index < edits.length; index += 1) {
      expect((edits[index]?.at ?? 0) - (edits[index - 1]?.at ?? 0)).toBeGreaterThanOrEqual(5000);
    }
    // Nothing changes: no edit.
    const before = sink.edits().length;
    for (let tick = 0; tick < 20; tick += 1) {
      board.requestRender();
      await clock.advance(6000);
    }
    expect(sink.edits().length - before).toBeLessThanOrEqual(1);
  });

  it('edits the same message after a restart', async () => {
    const first = setup();
    await first.board.start();
    await first.board.stop();
    const second = setup({ store: first.store, sink: first.sink, clock: first.clock });
    second.setSnapshot(progressed(99));
    await second.board.start();
    expect(first.sink.sends()).toHaveLength(1);
    expect(first.sink.edits()).toHaveLength(1);
    expect(first.sink.edits()[0]?.messageId).toBe(first.sink.sends()[0]?.messageId);
  });

  it('posts a new board when the old one was deleted, and keeps the new id', async () => {
    const { board, sink, store, clock, setSnapshot } = setup();
    await board.start();
    sink.deleteMessage(sink.sends()[0]?.messageId ?? '');
    setSnapshot(progressed(80));
    board.requestRender();
    await clock.advance(5000);
    expect(sink.sends()).toHaveLength(2);
    expect((JSON.parse(store.data.get(boardKey(CHANNEL)) ?? '{}') as { messageId?: string }).messageId).toBe(sink.sends()[1]?.messageId);
  });

  it('retries with backoff while Discord fails', async () => {
    const { board, sink, clock, setSnapshot } = setup();
    sink.failWith = new HttpLikeError(503);
    await board.start();
    await clock.advance(60_000);
    expect(sink.failures).toBeGreaterThan(1);
    expect(sink.failures).toBeLessThan(6);
    sink.failWith = undefined;
    setSnapshot(progressed(5));
    await clock.advance(200_000);
    expect(sink.sends()).toHaveLength(1);
  });

  it('shows another page on request', async () => {
    const { board, sink, clock, setSnapshot } = setup();
    setSnapshot(snapshotOf(instanceSnapshot('radarr', 95)));
    await board.start();
    board.setPage(CHANNEL, 1);
    board.setPage('unknown-channel', 1);
    await clock.advance(5000);
    const last = sink.edits().at(-1)?.message;
    expect(last?.embeds.at(-1)?.footer?.text).toMatch(/page 2\/2/);
  });
});
