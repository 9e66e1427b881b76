/**
 * Starts one simulated instance: the shared model, an app (Radarr or Sonarr), the HTTP server with
 * its SignalR hub and fault injector, a webhook dispatcher, a clock and a scenario; and hands back
 * the control handle tests use.
 */
import { createRealtimeClock, createVirtualClock, type SimClock } from './clock.ts';
import { createControl, type SimulatorControl } from './control.ts';
import { createFaultInjector } from './faults/fault-injector.ts';
import { createRouter, type Router } from './http/router.ts';
import { createSimulatorHttpServer, normalizeUrlBase } from './http/server.ts';
import type { LibraryOptions } from './library/media-files.ts';
import type { DownloadTarget } from './model/download.ts';
import { createInstance, type AppKind, type Instance, type Json, type MediaApp } from './model/instance.ts';
import { createSignalRHub } from './push/signalr-hub.ts';
import { createWebhookDispatcher } from './push/webhooks.ts';
import { createRandom } from './random.ts';
import { registerCommandRoutes } from './routes/command-routes.ts';
import { registerControlRoutes } from './routes/control-routes.ts';
import { registerHistoryRoutes } from './routes/history-routes.ts';
import { registerQueueRoutes } from './routes/queue-routes.ts';
import { registerSettingsRoutes } from './routes/settings-routes.ts';
import { registerSystemRoutes, type AppIdentity } from './routes/system-routes.ts';
import { applyScenario, scenarioLibrarySize, scenarioRefreshIntervalMs, SCENARIO_NAMES, type ScenarioName } from './scenarios.ts';
import type { GrabInput, SimulatorOptions } from './simulator-options.ts';

export type { SimulatorControl } from './control.ts';
export type { GrabbedDownload, GrabInput, PendingReleaseHandle, SimulatorOptions } from './simulator-options.ts';

/** A running simulator: where it listens, its API key, and the control surface tests drive it with. */
export interface SimulatorHandle<TControl extends SimulatorControl = SimulatorControl> {
  /** Base URL including the URL base, e.g. `http://127.0.0.1:53211/radarr`. */
  readonly url: string;
  /** The API key clients must send (the `apiKey` option, or one derived from the seed). */
  readonly apiKey: string;
  /** Which app it simulates. */
  readonly kind: AppKind;
  /** The port it listens on (the one picked when the `port` option was 0). */
  readonly port: number;
  /** Drives the simulated app: time, downloads, health, disks, outages, scenario. */
  readonly control: TControl;
  /** Stops the scenario and the server, and waits for webhooks in flight. */
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

function checkScenario(name: ScenarioName): void {
  if (!SCENARIO_NAMES.includes(name)) throw new RangeError(`Unknown scenario '${name}'; use one of ${SCENARIO_NAMES.join(', ')}.`);
}

/** The routes every instance serves, whichever the app. */
function registerSharedRoutes(api: Router, instance: Instance, identity: AppIdentity): void {
  registerSystemRoutes(api, instance, identity);
  registerQueueRoutes(api, instance);
  registerHistoryRoutes(api, instance);
  registerCommandRoutes(api, instance);
  registerSettingsRoutes(api, instance);
}

export async function startSimulator<TExtra extends object>(module: AppModule<TExtra>, options: SimulatorOptions = {}): Promise<SimulatorHandle<SimulatorControl & TExtra>> {
  const seed = options.seed ?? 1;
  const scenario = options.scenario ?? 'idle';
  checkScenario(scenario);
  const ownsClock = options.clock === undefined;
  const clock: SimClock & { advance?: (ms: number) => number } = options.clock ?? (options.speed === undefined ? createVirtualClock() : createRealtimeClock({ speed: options.speed }));
  const apiKey = options.apiKey ?? createRandom(seed).fork('api-key').hex(32);
  const urlBase = normalizeUrlBase(options.urlBase ?? '');
  const host = options.host ?? '127.0.0.1';
  // The running version: `appUpdated` changes it.
  const identity: AppIdentity = { ...module.identity };
  // The apps' MessageHub greets every client with the running version when it connects.
  const hub = createSignalRHub({ urlBase, apiKey, greeting: () => ({ name: 'version', body: { version: identity.version } }) });
  const webhooks = createWebhookDispatcher({ fetch: options.fetch, userAgent: () => `${identity.appName}/${identity.version}` });
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
    refreshCadence: options.refreshCadence,
    timing: options.timing,
  });

  const api = createRouter();
  registerSharedRoutes(api, instance, identity);
  const { app, extras } = module.install(instance, api, {
    random: instance.random.library,
    seed,
    size: options.librarySize ?? scenarioLibrarySize(scenario, module.kind),
    nowMs: clock.now(),
    rootFolderPath: instance.settings.rootFolders[0]?.path ?? module.defaultRootFolder,
  });
  instance.app = app;

  const faultRandom = createRandom(seed).fork('faults');
  const controlRouter = createRouter();
  const server = createSimulatorHttpServer({ urlBase, apiKey, api, control: controlRouter, hub, faults, random: () => faultRandom.next() });
  const unsubscribe = clock.onTick((now) => {
    instance.tick(now);
  });
  let stopScenario = applyScenario(scenario, instance, faults);
  const control = createControl({
    clock,
    instance,
    faults,
    webhooks,
    hub,
    server,
    api,
    identity,
    target: (input) => module.target(input),
    testPayload: () => module.testPayload(),
    switchScenario(name) {
      checkScenario(name);
      stopScenario();
      instance.refreshes.setInterval(refreshIntervalFor(name), clock.now());
      stopScenario = applyScenario(name, instance, faults);
    },
  });
  registerControlRoutes(controlRouter, control);

  const port = await server.listen(options.port ?? 0, host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${urlBase}`;
  instance.applicationUrl = url;
  return {
    url,
    apiKey,
    kind: module.kind,
    port,
    control: Object.assign(control, extras),
    async close() {
      stopScenario();
      unsubscribe();
      if (ownsClock) clock.stop();
      await server.close();
      await webhooks.idle();
    },
  };
}
