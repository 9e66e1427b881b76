import { describe, expect, it, vi } from 'vitest';
import { EventBus } from './event-bus.ts';
import type { MonitorEvent } from './events.ts';

const logger = () => ({ debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() });
const base = { instance: 'r', kind: 'radarr' as const, at: '2025-01-01T00:00:00.000Z', source: 'poll' as const };
const media = { mediaType: 'movie' as const, title: 'M' };
const progress = (n: number): MonitorEvent => ({
  ...base,
  type: 'download.progress',
  id: `p${n}`,
  media,
  download: { downloadId: 'd' },
  progress: { percent: n, size: 1, sizeleft: 1, state: 'downloading' },
});
const grabbed = (n: number): MonitorEvent => ({ ...base, type: 'download.grabbed', id: `g${n}`, media, download: { downloadId: `d${n}` } });

describe('EventBus', () => {
  it('calls typed handlers and wildcard handlers, and unsubscribes', () => {
    const bus = new EventBus(10, logger());
    const typed = vi.fn();
    const all = vi.fn();
    const off = bus.on('download.grabbed', typed);
    bus.on('*', all);
    bus.emit(grabbed(1));
    bus.emit(progress(1));
    off();
    bus.emit(grabbed(2));
    expect(typed).toHaveBeenCalledTimes(1);
    expect(all).toHaveBeenCalledTimes(3);
  });

  it('turns throwing and rejecting handlers into log lines', async () => {
    const log = logger();
    const bus = new EventBus(10, log);
    bus.on('*', () => {
      throw new Error('boom');
    });
    bus.on('*', () => Promise.reject(new Error('later')));
    const ok = vi.fn();
    bus.on('*', ok);
    bus.emit(grabbed(1));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(ok).toHaveBeenCalled();
    expect(log.error).toHaveBeenCalledTimes(2);
  });

  it('drops progress events first when a consumer is slow, and lifecycle events never', async () => {
    const log = logger();
    const bus = new EventBus(5, log);
    const iterator = bus.events();
    for (let i = 0; i < 5; i++) bus.emit(progress(i));
    for (let i = 0; i < 3; i++) bus.emit(grabbed(i));
    bus.emit(progress(99));
    for (let i = 3; i < 8; i++) bus.emit(grabbed(i));
    bus.close();
    const seen: string[] = [];
    for await (const event of iterator) seen.push(event.id);
    expect(seen).toEqual(['g0', 'g1', 'g2', 'g3', 'g4', 'g5', 'g6', 'g7']);
    expect(log.warn).toHaveBeenCalled();
  });

  it('ends an iterator when its signal aborts', async () => {
    const bus = new EventBus(10, logger());
    const controller = new AbortController();
    const iterator = bus.events({ signal: controller.signal });
    bus.emit(grabbed(1));
    const first: IteratorResult<MonitorEvent> = await iterator.next();
    expect(first.done ? undefined : first.value.id).toBe('g1');
    const pending = iterator.next();
    controller.abort();
    expect((await pending).done).toBe(true);
    const early = bus.events({ signal: controller.signal });
    expect((await early.next()).done).toBe(true);
  });

  it('stops buffering for an iterator that returned', async () => {
    const bus = new EventBus(10, logger());
    const iterator = bus.events();
    await iterator.return?.();
    bus.emit(grabbed(1));
    expect((await iterator.next()).done).toBe(true);
  });
});
