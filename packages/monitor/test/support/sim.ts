/**
 * End-to-end harness: simulated Radarr/Sonarr instances on 127.0.0.1 port 0 and monitors over
 * the real SDK, all on one virtual time: the FakeClock drives the simulators' virtual clock.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createVirtualClock,
  startRadarrSimulator,
  startSonarrSimulator,
  type RadarrSimulator,
  type SimulatorOptions,
  type SonarrSimulator,
  type VirtualClock,
} from '@discarr/arr-simulator';

/**
 * What a test may set of a simulator: its seed, refresh interval and cadence (the apps'
 * RefreshMonitoredDownloads task; `fixed` shows a grab in the queue at once) and lifecycle timing.
 */
export type SimOptions = Pick<SimulatorOptions, 'seed' | 'refreshIntervalMs' | 'refreshCadence' | 'timing' | 'scenario'>;
import type { MonitorEvent } from '../../src/events.ts';
import { createMemoryStore } from '../../src/memory-store.ts';
import { createMonitor, type Monitor } from '../../src/monitor.ts';
import { createWebhookHandler } from '../../src/webhook-handler.ts';
import type { InstanceConfig, MonitorOptions } from '../../src/monitor-options.ts';
import { FakeClock } from './fake-clock.ts';

export const API_KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

export interface Recorded {
  event: MonitorEvent;
  /** Virtual time the event was emitted. */
  at: number;
}

export interface Watched {
  monitor: Monitor;
  recorded: Recorded[];
  events(): MonitorEvent[];
  /** Event types (progress left out) of one instance or all. */
  types(instance?: string): string[];
}

export class SimWorld {
  readonly simClock: VirtualClock;
  readonly clock: FakeClock;
  readonly radarr: RadarrSimulator[] = [];
  readonly sonarr: SonarrSimulator[] = [];
  readonly monitors: Watched[] = [];
  readonly #servers: Server[] = [];
  /** Real milliseconds given to sockets after each timer (push messages, webhooks). */
  settleMs = 5;

  constructor() {
    this.simClock = createVirtualClock();
    this.clock = new FakeClock(this.simClock.now(), (now) => this.simClock.set(now));
  }

  async startRadarr(options: SimOptions = {}): Promise<RadarrSimulator> {
    const sim = await startRadarrSimulator({ port: 0, apiKey: API_KEY, clock: this.simClock, ...options, seed: options.seed ?? 1 });
    this.radarr.push(sim);
    return sim;
  }

  async startSonarr(options: SimOptions = {}): Promise<SonarrSimulator> {
    const sim = await startSonarrSimulator({ port: 0, apiKey: API_KEY, clock: this.simClock, ...options, seed: options.seed ?? 1 });
    this.sonarr.push(sim);
    return sim;
  }

  /** A monitor over the given instances, on the world's clock, recording every event. */
  watch(instances: InstanceConfig[], options: Partial<MonitorOptions> = {}): Watched {
    const monitor = createMonitor({
      store: createMemoryStore(),
      random: () => 0.5,
      signalrRetryDelaysMs: [0, 50, 100, 200],
      ...options,
      instances: instances.map((i) => ({ client: { retry: { attempts: 3, baseDelayMs: 2, maxDelayMs: 10 }, timeoutMs: 3000 }, ...i })),
      clock: this.clock,
    });
    const recorded: Recorded[] = [];
    monitor.on('*', (event) => {
      recorded.push({ event, at: this.clock.now() });
    });
    const watched: Watched = {
      monitor,
      recorded,
      events: () => recorded.map((r) => r.event),
      types: (instance) =>
        recorded
          .map((r) => r.event)
          .filter((e) => e.type !== 'download.progress' && (instance === undefined || e.instance === instance))
          .map((e) => e.type),
    };
    this.monitors.push(watched);
    return watched;
  }

  /**
   * Points the simulator's Webhook connection at `watched` through `createWebhookHandler` on a
   * local port, authenticated with `secret` (the instance's `push.webhook.secret`).
   */
  async routeWebhooks(sim: RadarrSimulator | SonarrSimulator, watched: Watched, instance: string, secret: string): Promise<void> {
    const handle = createWebhookHandler(watched.monitor);
    const server = createServer((req, res) => {
      handle(req, res, instance);
    });
    this.#servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sim.control.webhooks.setTargets([{ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`, username: instance, password: secret }]);
  }

  /** `watch`, then start the monitor and let its first reads and push connection settle. */
  async watchStarted(instances: InstanceConfig[], options: Partial<MonitorOptions> = {}, settleMs = 2000): Promise<Watched> {
    const watched = this.watch(instances, options);
    await watched.monitor.start();
    await this.run(settleMs);
    return watched;
  }

  /** Lets sockets deliver and every monitor finish its reads. */
  async settle(): Promise<void> {
    for (let round = 0; round < 2; round++) {
      await new Promise((resolve) => setTimeout(resolve, this.settleMs));
      await Promise.all(this.monitors.map((m) => m.monitor.idle()));
    }
  }

  /** Moves virtual time by `totalMs` in steps of `stepMs`, firing timers and settling as it goes. */
  async run(totalMs: number, stepMs = 1000): Promise<void> {
    await this.clock.advanceBy(totalMs, stepMs, () => this.settle());
  }

  /** Advances until `done()` holds or `maxMs` of virtual time passed. */
  async until(done: () => boolean, maxMs: number, stepMs = 1000): Promise<boolean> {
    for (let elapsed = 0; elapsed < maxMs; elapsed += stepMs) {
      if (done()) return true;
      await this.clock.advance(stepMs, () => this.settle());
    }
    return done();
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.monitors.map((m) => m.monitor.stop()));
    await Promise.allSettled([...this.radarr, ...this.sonarr].map((sim) => sim.close()));
    await Promise.all(this.#servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

export function radarrInstance(sim: RadarrSimulator, fields: Partial<InstanceConfig> = {}): InstanceConfig {
  return { name: 'radarr', kind: 'radarr', baseUrl: sim.url, apiKey: sim.apiKey, ...fields };
}

export function sonarrInstance(sim: SonarrSimulator, fields: Partial<InstanceConfig> = {}): InstanceConfig {
  return { name: 'sonarr', kind: 'sonarr', baseUrl: sim.url, apiKey: sim.apiKey, ...fields };
}
