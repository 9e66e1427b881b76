/** A stand-in for the monitor where a test emits events and sets the snapshot by hand. */
import type { MonitorEvent, MonitorSnapshot } from '@discarr/monitor';

export interface FakeMonitor {
  on(type: '*', handler: (event: MonitorEvent) => void | Promise<void>): () => void;
  snapshot(): MonitorSnapshot;
  instanceNames(): string[];
  emit(event: MonitorEvent): Promise<void>;
  setSnapshot(snapshot: MonitorSnapshot): void;
  listeners(): number;
}

export function createFakeMonitor(initial: MonitorSnapshot): FakeMonitor {
  let current = initial;
  const handlers = new Set<(event: MonitorEvent) => void | Promise<void>>();
  return {
    on(_type, handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    snapshot: () => current,
    instanceNames: () => current.instances.map((instance) => instance.name),
    async emit(event) {
      await Promise.all([...handlers].map(async (handler) => {
        await handler(event);
      }));
    },
    setSnapshot(snapshot) {
      current = snapshot;
    },
    listeners: () => handlers.size,
  };
}
