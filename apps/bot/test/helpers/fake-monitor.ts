/** A stand-in for the monitor where a test emits events and sets the snapshot by hand. */
import type { MonitorEvent, MonitorSnapshot } from '@discarr/monitor';

export interface FakeMonitor {
  on(type: '*', handler: (event: MonitorEvent) => void | Promise<void>): () => void;
  snapshot(): MonitorSnapshot;
  instanceNames(): string[];
  /** Runs the `onRefresh` set by the test (nothing by default) and records the name. */
  refresh(name?: string): Promise<void>;
  emit(event: MonitorEvent): Promise<void>;
  setSnapshot(snapshot: MonitorSnapshot): void;
  /** What `refresh` does, such as a slow read that then changes the snapshot. */
  onRefresh(handler: (name: string | undefined) => Promise<void>): void;
  /** The names `refresh` was called with (`*` for all). */
  refreshes: string[];
  listeners(): number;
}

export function createFakeMonitor(initial: MonitorSnapshot): FakeMonitor {
  let current = initial;
  let refreshHandler: (name: string | undefined) => Promise<void> = () => Promise.resolve();
  const handlers = new Set<(event: MonitorEvent) => void | Promise<void>>();
  const refreshes: string[] = [];
  return {
    on(_type, handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    snapshot: () => current,
    instanceNames: () => current.instances.map((instance) => instance.name),
    async refresh(name) {
      refreshes.push(name ?? '*');
      await refreshHandler(name);
    },
    async emit(event) {
      await Promise.all([...handlers].map(async (handler) => {
        await handler(event);
      }));
    },
    setSnapshot(snapshot) {
      current = snapshot;
    },
    onRefresh(handler) {
      refreshHandler = handler;
    },
    refreshes,
    listeners: () => handlers.size,
  };
}
