import { describe, expectTypeOf, it } from 'vitest';
import { createMonitor, type Monitor, type MonitorEvent, type StateStore, type EventOf } from './index.ts';

declare const monitor: Monitor;

describe('public types', () => {
  it('narrows the handler event to the subscribed type', () => {
    monitor.on('download.imported', (event) => {
      expectTypeOf(event).toEqualTypeOf<EventOf<'download.imported'>>();
      expectTypeOf(event.isUpgrade).toEqualTypeOf<boolean>();
    });
    monitor.on('*', (event) => {
      expectTypeOf(event).toEqualTypeOf<MonitorEvent>();
    });
    expectTypeOf(monitor.on('health.raised', () => undefined)).toEqualTypeOf<() => void>();
  });

  it('iterates events and builds from options', () => {
    expectTypeOf(monitor.events()).toExtend<AsyncIterable<MonitorEvent>>();
    expectTypeOf(createMonitor).returns.toEqualTypeOf<Monitor>();
    expectTypeOf<StateStore['get']>().returns.toEqualTypeOf<Promise<unknown>>();
  });
});
