/** A monitor over fake sources on a fake clock: engine tests without HTTP. */
import { vi } from 'vitest';
import type { MonitorEvent } from '../../src/events.ts';
import { createMemoryStore } from '../../src/memory-store.ts';
import { createMonitorWith, type Monitor } from '../../src/monitor.ts';
import type { InstanceConfig, MonitorOptions } from '../../src/monitor-options.ts';
import type { StateStore } from '../../src/state-store.ts';
import { FakeClock } from './fake-clock.ts';
import { createFakeSource, type FakeSource } from './fake-source.ts';
import { FakePush } from './fake-push.ts';

export interface Harness {
  monitor: Monitor;
  clock: FakeClock;
  sources: Map<string, FakeSource>;
  source(name?: string): FakeSource;
  /** The fake push channel of an instance configured with `push: { signalr: true }`. */
  push(name?: string): FakePush;
  events: MonitorEvent[];
  logger: { debug: ReturnType<typeof vi.fn>; info: ReturnType<typeof vi.fn>; warn: ReturnType<typeof vi.fn>; error: ReturnType<typeof vi.fn> };
  store: StateStore;
  /** Moves time, letting the monitor finish its reads after every timer. */
  advance(ms: number): Promise<void>;
  types(name?: string): string[];
}

export interface HarnessOptions extends Partial<Omit<MonitorOptions, 'instances'>> {
  instances?: Partial<InstanceConfig>[];
  clock?: FakeClock;
  sources?: Map<string, FakeSource>;
}

/** A harness already started, after its first reads (one virtual second). */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const h = createHarness(options);
  await h.monitor.start();
  await h.advance(1000);
  return h;
}

export function createHarness(options: HarnessOptions = {}): Harness {
  const clock = options.clock ?? new FakeClock();
  const store = options.store ?? createMemoryStore();
  const sources = options.sources ?? new Map<string, FakeSource>();
  const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const instances: InstanceConfig[] = (options.instances ?? [{}]).map((partial, index) => ({
    name: partial.name ?? (index === 0 ? 'radarr' : `instance-${index}`),
    kind: partial.kind ?? 'radarr',
    baseUrl: partial.baseUrl ?? 'http://127.0.0.1:7878',
    apiKey: partial.apiKey ?? 'key',
    push: partial.push ?? { signalr: false },
    ...(partial.intervals ? { intervals: partial.intervals } : {}),
    ...(partial.disk ? { disk: partial.disk } : {}),
  }));
  const { instances: _ignored, clock: _clock, sources: _sources, ...rest } = options;
  const pushes = new Map<string, FakePush>();
  const monitor = createMonitorWith(
    { random: () => 0.5, ...rest, instances, clock, store, logger },
    (config) => {
      let source = sources.get(config.name);
      if (!source) {
        source = createFakeSource(config.kind);
        sources.set(config.name, source);
      }
      return source;
    },
    (config, pushOptions) => {
      const push = new FakePush(pushOptions);
      pushes.set(config.name, push);
      return push;
    },
  );
  const events: MonitorEvent[] = [];
  monitor.on('*', (event) => {
    events.push(event);
  });
  const settle = async () => {
    await monitor.idle();
    await new Promise((resolve) => setImmediate(resolve));
    await monitor.idle();
  };
  return {
    monitor,
    clock,
    sources,
    source: (name) => {
      const found = sources.get(name ?? instances[0]?.name ?? '');
      if (!found) throw new Error(`no source ${String(name)}`);
      return found;
    },
    push: (name) => {
      const found = pushes.get(name ?? instances[0]?.name ?? '');
      if (!found) throw new Error(`no push channel ${String(name)}: configure push: { signalr: true }`);
      return found;
    },
    events,
    logger,
    store,
    advance: (ms) => clock.advance(ms, settle),
    types: (name) => events.filter((e) => name === undefined || e.instance === name).map((e) => e.type).filter((t) => t !== 'download.progress'),
  };
}
