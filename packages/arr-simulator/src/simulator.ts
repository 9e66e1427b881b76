/**
 * Starts one simulated instance: the shared model, an app (Radarr or Sonarr), the HTTP server with
 * its SignalR hub and fault injector, a webhook dispatcher, a clock and a scenario; and builds the
 * control handle tests use.
 */
import { createRealtimeClock, createVirtualClock, type Clock } from './clock.ts';
import { createFaultInjector, type FaultInjector } from './faults/fault-injector.ts';
import { createRouter, type Router } from './http/router.ts';
import { createSimulatorHttpServer, normalizeUrlBase } from './http/server.ts';
import type { DownloadFate, DownloadTarget } from './model/download.ts';
import type { HealthItem } from './model/health.ts';
import type { LibraryOptions } from './library/media-files.ts';
import { createInstance, type AppKind, type GrabOptions, type Instance, type Json, type MediaApp } from './model/instance.ts';
import type { LifecycleTiming } from './model/lifecycle.ts';
import { createSignalRHub, type SignalRHub } from './push/signalr-hub.ts';
import { createWebhookDispatcher, type WebhookDispatcher } from './push/webhooks.ts';
import { createRandom } from './random.ts';
import { registerCommandRoutes } from './routes/command-routes.ts';
import { registerControlRoutes } from './routes/control-routes.ts';
import { registerHistoryRoutes } from './routes/history-routes.ts';
import { registerQueueRoutes } from './routes/queue-routes.ts';
import { registerSettingsRoutes } from './routes/settings-routes.ts';
import { registerSystemRoutes, type AppIdentity } from './routes/system-routes.ts';
import { applyScenario, scenarioLibrarySize, scenarioRefreshIntervalMs, SCENARIO_NAMES, type ScenarioName } from './scenarios.ts';

/** Options of `startRadarrSimulator` and `startSonarrSimulator`. */
export interface SimulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** The API key clients must send (default: 32 hex characters derived from the seed). */
  apiKey?: string;
  /** Seed of the generated library, downloads and scenario (default 1). */
  seed?: number;
  /** Clock to run on; default a virtual clock, or a real-time one when `speed` is set. */
  clock?: Clock;
  /** URL base such as `/radarr` (default none). */
  urlBase?: string;
  /** What the instance is doing (default `idle`). */
  scenario?: ScenarioName;
  /** Runs a real-time clock this many times faster than real time (ignored when `clock` is set). */
  speed?: number;
  /** `instanceName` of system/status and webhooks (default `Radarr`/`Sonarr`). */
  instanceName?: string;
  /** Number of movies or series generated (default from the scenario). */
  librarySize?: number;
  /** Lifecycle timings (import delay and duration). */
  timing?: Partial<LifecycleTiming>;
  /**
   * Simulated milliseconds between two RefreshMonitoredDownloads runs, the only moments the queue
   * learns the download client's progress (default 60 000 as in the apps; the `storm` scenario
   * runs 15 000).
   */
  refreshIntervalMs?: number;
  /** The fetch webhooks are sent with. */
  fetch?: typeof fetch;
}

/** A download to put in the queue through the control handle. */
export interface GrabInput {
  /** Radarr: the movie. */
  movieId?: number;
  /** Sonarr: the series and its episodes (several episodes make a season pack). */
  seriesId?: number;
  episodeIds?: number[];
  /** A download the app cannot match to the library (no movie or series): hidden from `GET /queue` unless `includeUnknownMovieItems`/`includeUnknownSeriesItems`. */
  unknown?: boolean;
  title?: string;
  size?: number;
  bytesPerSecond?: number;
  protocol?: 'usenet' | 'torrent';
  startDelayMs?: number;
  fate?: DownloadFate;
}

/** What `grab` put in the queue. */
export interface GrabbedDownload {
  downloadId: string;
  /** Queue record ids (one per episode for a Sonarr season pack). */
  queueIds: number[];
  title: string;
}

/** What `addPendingRelease` held back. */
export interface PendingReleaseHandle {
  /** The pending release's id. */
  id: number;
  /** Queue record ids (one per episode on Sonarr), the ids `POST /queue/grab/{id}` takes. */
  queueIds: number[];
  title: string;
}

/** Test control over a running instance. */
export interface SimulatorControl {
  readonly clock: Clock;
  /** Moves the simulated time forward and ticks the lifecycle. */
  advance(ms: number): void;
  /** Runs what is due at the current time (imports, the debounced queue/status, a scheduled refresh). */
  tick(): void;
  /**
   * Runs RefreshMonitoredDownloads now, as `POST /command {name: 'RefreshMonitoredDownloads'}` does:
   * the queue shows the client's progress as of now and the queue update is published.
   */
  refresh(): void;
  grab(input: GrabInput): GrabbedDownload;
  /** Same as {@link SimulatorControl.grab}. */
  addDownload(input: GrabInput): GrabbedDownload;
  /**
   * Holds a release back for `delayMs` (default one hour), as a delay profile does: it shows in the
   * queue with status `delay` until the delay ends or `POST /queue/grab/{id}` grabs it.
   */
  addPendingRelease(input: GrabInput & { delayMs?: number }): PendingReleaseHandle;
  failDownload(id: number | string, message?: string): void;
  stallDownload(id: number | string): void;
  resumeDownload(id: number | string): void;
  blockImport(id: number | string, message?: string): void;
  /** Removes a download as a user would (optionally blocklisting it). */
  removeDownload(id: number | string, options?: { blocklist?: boolean }): void;
  raiseHealth(input: { source: string; type: HealthItem['type']; message: string; wikiUrl?: string }): void;
  clearHealth(source: string): void;
  setDiskFree(path: string, bytes: number, totalBytes?: number): void;
  /** Sends ApplicationUpdate and signals the new version, which system/status reports from then on. */
  appUpdated(input?: { previousVersion?: string; newVersion?: string; message?: string }): void;
  /** Sends the Test webhook to every target. */
  sendTestWebhook(): Promise<void>;
  readonly faults: FaultInjector;
  readonly webhooks: WebhookDispatcher;
  readonly hub: { connectionCount(): number; broadcastCount(): number };
  /** Requests received per route template, e.g. `{'GET /api/v3/queue': 3}`. */
  requestCounts(): Record<string, number>;
  resetRequestCounts(): void;
  /** Closes the port: connections reset, new ones are refused. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Queue records as `GET /queue/details` returns them. */
  queue(): Json[];
  /** Switches the running scenario. */
  setScenario(name: ScenarioName): void;
  /** The shared model, for tests that need more than the helpers. */
  readonly instance: Instance;
}

export interface SimulatorHandle<TControl extends SimulatorControl = SimulatorControl> {
  /** Base URL including the URL base, e.g. `http://127.0.0.1:53211/radarr`. */
  readonly url: string;
  readonly apiKey: string;
  readonly kind: AppKind;
  readonly port: number;
  readonly control: TControl;
  close(): Promise<void>;
}

/** What an app module plugs into {@link startSimulator}. */
export interface AppModule<TExtra> {
  kind: AppKind;
  identity: AppIdentity;
  /** The root folder the generated library lives in when the instance has none. */
  defaultRootFolder: string;
  /** Builds the library and the app from the options, registers its routes; returns the app and its control additions. */
  install(instance: Instance, router: Router, library: LibraryOptions): { app: MediaApp; extras: TExtra };
  /** Turns a grab input into a target, or throws with what is missing. */
  target(input: GrabInput): DownloadTarget;
  /** The Test webhook payload fields. */
  testPayload(): Json;
}

export async function startSimulator<TExtra extends object>(module: AppModule<TExtra>, options: SimulatorOptions = {}): Promise<SimulatorHandle<SimulatorControl & TExtra>> {
  const seed = options.seed ?? 1;
  const scenario = options.scenario ?? 'idle';
  if (!SCENARIO_NAMES.includes(scenario)) throw new RangeError(`Unknown scenario '${scenario}'; use one of ${SCENARIO_NAMES.join(', ')}.`);
  const ownsClock = options.clock === undefined;
  const clock: Clock & { advance?: (ms: number) => number } = options.clock ?? (options.speed === undefined ? createVirtualClock() : createRealtimeClock({ speed: options.speed }));
  const apiKey = options.apiKey ?? createRandom(seed).fork('api-key').hex(32);
  const urlBase = normalizeUrlBase(options.urlBase ?? '');
  const host = options.host ?? '127.0.0.1';
  // The running version: `appUpdated` changes it.
  const identity: AppIdentity = { ...module.identity };
  // The apps' MessageHub greets every client with the running version when it connects.
  const hub: SignalRHub = createSignalRHub({ urlBase, apiKey, greeting: () => ({ name: 'version', body: { version: identity.version } }) });
  const webhooks = createWebhookDispatcher({ ...(options.fetch === undefined ? {} : { fetch: options.fetch }), userAgent: () => `${identity.appName}/${identity.version}` });
  const faults = createFaultInjector({ urlBase, appName: module.identity.appName });
  const refreshIntervalFor = (name: ScenarioName): number => options.refreshIntervalMs ?? scenarioRefreshIntervalMs(name);
  const instance = createInstance({
    kind: module.kind,
    clock,
    seed,
    apiKey,
    urlBase,
    instanceName: options.instanceName ?? module.identity.appName,
    hub,
    webhooks,
    refreshIntervalMs: refreshIntervalFor(scenario),
    ...(options.timing === undefined ? {} : { timing: options.timing }),
  });

  const api = createRouter();
  registerSystemRoutes(api, instance, identity);
  registerQueueRoutes(api, instance);
  registerHistoryRoutes(api, instance);
  registerCommandRoutes(api, instance);
  registerSettingsRoutes(api, instance);
  const { app, extras: extra } = module.install(instance, api, {
    random: instance.random.library,
    seed,
    size: options.librarySize ?? scenarioLibrarySize(scenario, module.kind),
    nowMs: clock.now(),
    rootFolderPath: instance.rootFolders[0]?.path ?? module.defaultRootFolder,
  });
  instance.app = app;

  const faultRandom = createRandom(seed).fork('faults');
  const controlRouter = createRouter();
  const server = createSimulatorHttpServer({ urlBase, apiKey, api, control: controlRouter, hub, faults, random: () => faultRandom.next() });
  const unsubscribe = clock.onTick((now) => {
    instance.tick(now);
  });

  const toGrabbed = (download: ReturnType<Instance['grab']>): GrabbedDownload => ({
    downloadId: download.downloadId,
    queueIds: instance.recordsOf(download).map((record) => record.id as number),
    title: download.title,
  });
  let stopScenario = applyScenario(scenario, instance, faults);

  const grabOptions = (input: GrabInput): GrabOptions => ({
    target: input.unknown === true ? { kind: 'unknown' } : module.target(input),
    ...(input.title === undefined ? {} : { title: input.title }),
    ...(input.size === undefined ? {} : { size: input.size }),
    ...(input.bytesPerSecond === undefined ? {} : { bytesPerSecond: input.bytesPerSecond }),
    ...(input.protocol === undefined ? {} : { protocol: input.protocol }),
    ...(input.startDelayMs === undefined ? {} : { startDelayMs: input.startDelayMs }),
    ...(input.fate === undefined ? {} : { fate: input.fate }),
  });
  const grab = (input: GrabInput): GrabbedDownload => toGrabbed(instance.grab(grabOptions(input)));

  const control: SimulatorControl = {
    clock,
    instance,
    faults,
    webhooks,
    hub: { connectionCount: () => hub.connectionCount(), broadcastCount: () => instance.push.broadcastCount() },
    advance(ms) {
      if (clock.advance === undefined) throw new TypeError('This clock cannot be advanced: pass a virtual or real-time clock from createVirtualClock/createRealtimeClock.');
      clock.advance(ms);
    },
    tick: () => {
      instance.tick(clock.now());
    },
    refresh: () => {
      instance.refresh();
    },
    grab,
    addDownload: grab,
    addPendingRelease(input) {
      const held = instance.addPending({ ...grabOptions(input), delayMs: input.delayMs ?? 3_600_000 });
      return { id: held.id, queueIds: instance.pendingRecordsOf(held).map((record) => record.id as number), title: held.title };
    },
    failDownload: (id, message) => void instance.failDownload(id, message),
    stallDownload: (id) => void instance.stallDownload(id),
    resumeDownload: (id) => void instance.resumeDownload(id),
    blockImport: (id, message) => void instance.blockImport(id, message),
    removeDownload(id, removeOptions = {}) {
      const download = instance.findDownload(id);
      if (download === undefined) throw new RangeError(`No download with queue id or download id ${String(id)} in the queue.`);
      instance.removeDownload(download, { blocklist: removeOptions.blocklist ?? false });
    },
    raiseHealth: (input) => {
      instance.raiseHealth(input);
    },
    clearHealth: (source) => {
      instance.clearHealth(source);
    },
    setDiskFree(path, bytes, totalBytes) {
      const folder = instance.rootFolders.find((candidate) => candidate.path === path);
      if (folder !== undefined) {
        folder.freeSpace = bytes;
        if (totalBytes !== undefined) folder.totalSpace = totalBytes;
        return;
      }
      instance.extraDisks.set(path, { freeSpace: bytes, totalSpace: totalBytes ?? Math.max(bytes, instance.extraDisks.get(path)?.totalSpace ?? bytes * 2) });
    },
    appUpdated(input = {}) {
      const previousVersion = input.previousVersion ?? identity.version;
      const newVersion = input.newVersion ?? bumpVersion(previousVersion);
      identity.version = newVersion;
      instance.push.webhook('ApplicationUpdate', { message: input.message ?? `${identity.appName} updated from ${previousVersion} to ${newVersion}`, previousVersion, newVersion });
      // The app restarts into the new version: the hub drops its clients, which reconnect and are
      // greeted with the new version.
      hub.close();
    },
    async sendTestWebhook() {
      await webhooks.send({ eventType: 'Test', instanceName: instance.instanceName, applicationUrl: instance.applicationUrl, ...module.testPayload() });
    },
    requestCounts: () => server.requestCounts(),
    resetRequestCounts: () => {
      server.resetRequestCounts();
    },
    down: () => server.down(),
    up: () => server.up(),
    queue: () => instance.queueRecords(new URLSearchParams()),
    setScenario(name) {
      if (!SCENARIO_NAMES.includes(name)) throw new RangeError(`Unknown scenario '${name}'; use one of ${SCENARIO_NAMES.join(', ')}.`);
      stopScenario();
      instance.setRefreshInterval(refreshIntervalFor(name));
      stopScenario = applyScenario(name, instance, faults);
    },
  };
  registerControlRoutes(controlRouter, control);

  const port = await server.listen(options.port ?? 0, host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${urlBase}`;
  instance.applicationUrl = url;
  const fullControl = Object.assign(control, extra);
  return {
    url,
    apiKey,
    kind: module.kind,
    port,
    control: fullControl,
    async close() {
      stopScenario();
      unsubscribe();
      if (ownsClock) clock.stop();
      await server.close();
      await webhooks.idle();
    },
  };
}

function bumpVersion(version: string): string {
  const parts = version.split('.').map((part) => Number.parseInt(part, 10));
  const last = parts.length - 1;
  parts[last] = (parts[last] ?? 0) + 1;
  return parts.join('.');
}
