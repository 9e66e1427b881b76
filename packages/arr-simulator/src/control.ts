/**
 * The control handle tests (and the CLI's `/__control/` routes) drive an instance with: time, grabs
 * and what happens to downloads, health, disks, updates, faults, webhooks, the port.
 */
import type { SimClock } from './clock.ts';
import type { FaultInjector } from './faults/fault-injector.ts';
import type { SimulatorHttpServer } from './http/server.ts';
import type { Router } from './http/router.ts';
import type { Download, DownloadTarget } from './model/download.ts';
import type { HealthItem } from './model/health.ts';
import type { Instance, Json } from './model/instance.ts';
import type { GrabOptions } from './model/tracked-downloads.ts';
import type { SignalRHub } from './push/signalr-hub.ts';
import type { WebhookDispatcher } from './push/webhooks.ts';
import type { AppIdentity } from './routes/system-routes.ts';
import type { ScenarioName } from './scenarios.ts';
import type { GrabbedDownload, GrabInput, PendingReleaseHandle } from './simulator-options.ts';

/** Test control over a running instance. */
export interface SimulatorControl {
  /** The simulated time the instance runs on. */
  readonly clock: SimClock;
  /** Moves the simulated time forward and ticks the lifecycle. */
  advance(ms: number): void;
  /** Runs what is due at the current time (imports, the debounced queue/status, a scheduled refresh). */
  tick(): void;
  /**
   * Runs RefreshMonitoredDownloads now, as `POST /command {name: 'RefreshMonitoredDownloads'}` does:
   * the queue shows the client's progress as of now and the queue update is published.
   */
  refresh(): void;
  /** Grabs a release as the app would: the download starts in the client and the grab is recorded in history. */
  grab(input: GrabInput): GrabbedDownload;
  /** Same as {@link SimulatorControl.grab}. */
  addDownload(input: GrabInput): GrabbedDownload;
  /**
   * Puts a download in the download client by hand, in the app's category, as a user adding a release
   * to qBittorrent or SABnzbd themselves: the app did not grab it, so there is no grab in history, no
   * `Grab` webhook and no grab signal, and no refresh is asked for. The queue lists it from the next
   * RefreshMonitoredDownloads, matched to its movie or series by title (without `added` or `indexer`,
   * which come from a grab). If it fails in the client (`fate: {kind: 'fail', ...}` or
   * `failDownload`), the app does not process the failure: it stays in the queue with status
   * `failed`, `trackedDownloadStatus` `warning` and the app's message (Radarr: "Download has failed
   * wasn't grabbed by Radarr, skipping automatic download handling"; Sonarr: "Download wasn't grabbed
   * by sonarr, skipping"), with no `downloadFailed` history and no webhook, until `DELETE /queue/{id}`
   * removes it (Radarr master, Sonarr main: src/NzbDrone.Core/Download/FailedDownloadService.cs).
   *
   * @example
   * ```ts
   * const own = radarr.control.addClientDownload({ movieId, fate: { kind: 'fail', atFraction: 0.2, message: 'Aborted, cannot be completed' } });
   * radarr.control.advance(120_000); // a refresh lists it, failed and warned about
   * ```
   */
  addClientDownload(input: GrabInput): GrabbedDownload;
  /**
   * Holds a release back for `delayMs` (default one hour), as a delay profile does: it shows in the
   * queue with status `delay` until the delay ends or `POST /queue/grab/{id}` grabs it.
   */
  addPendingRelease(input: GrabInput & { delayMs?: number }): PendingReleaseHandle;
  /** Makes a download (by queue id or download id) fail in the client, with `message`. */
  failDownload(id: number | string, message?: string): void;
  /** Stalls a download (by queue id or download id): no progress, a stalled status. */
  stallDownload(id: number | string): void;
  /** Resumes a stalled download (by queue id or download id). */
  resumeDownload(id: number | string): void;
  /** Makes a download's import blocked (by queue id or download id), with the app's message. */
  blockImport(id: number | string, message?: string): void;
  /** Removes a download as a user would (optionally blocklisting it). */
  removeDownload(id: number | string, options?: { blocklist?: boolean; skipRedownload?: boolean; removeFromClient?: boolean }): void;
  /** Adds a health check item (replacing the one of the same `source`). */
  raiseHealth(input: { source: string; type: HealthItem['type']; message: string; wikiUrl?: string }): void;
  /** Removes the health check item of `source`. */
  clearHealth(source: string): void;
  /** Sets the free (and total) space of a root folder's disk, or of another path's disk. */
  setDiskFree(path: string, bytes: number, totalBytes?: number): void;
  /** Sends ApplicationUpdate and signals the new version, which system/status reports from then on. */
  appUpdated(input?: { previousVersion?: string; newVersion?: string; message?: string }): void;
  /** Sends the Test webhook to every target. */
  sendTestWebhook(): Promise<void>;
  /** Fault injection: latency, errors and cut connections on chosen routes. */
  readonly faults: FaultInjector;
  /** The webhook targets and the deliveries made. */
  readonly webhooks: WebhookDispatcher;
  /** The SignalR hub's figures: open connections, messages broadcast. */
  readonly hub: {
    /** SignalR connections open now. */
    connectionCount(): number;
    /** Messages broadcast to the connections since the start. */
    broadcastCount(): number;
  };
  /** The API routes this instance answers (method and path template), the control routes left out. */
  routes(): { method: string; template: string }[];
  /** Requests received per route template, e.g. `{'GET /api/v3/queue': 3}`. */
  requestCounts(): Record<string, number>;
  /** Sets every request count back to zero. */
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

/** What {@link createControl} drives. */
export interface ControlParts {
  clock: SimClock & { advance?: (ms: number) => number };
  instance: Instance;
  faults: FaultInjector;
  webhooks: WebhookDispatcher;
  hub: Pick<SignalRHub, 'connectionCount' | 'close'>;
  server: Pick<SimulatorHttpServer, 'requestCounts' | 'resetRequestCounts' | 'down' | 'up'>;
  /** The API router, for `routes()`. */
  api: Pick<Router, 'routes'>;
  /** The running version (`appUpdated` changes it). */
  identity: AppIdentity;
  /** Turns a grab input into a target, or throws with what is missing. */
  target(input: GrabInput): DownloadTarget;
  /** The Test webhook payload fields. */
  testPayload(): Json;
  /** Stops the running scenario and starts another. */
  switchScenario(name: ScenarioName): void;
}

export function createControl(parts: ControlParts): SimulatorControl {
  const { clock, instance, identity } = parts;
  const grabOptions = (input: GrabInput): GrabOptions => ({
    target: input.unknown === true ? { kind: 'unknown' } : parts.target(input),
    title: input.title,
    size: input.size,
    bytesPerSecond: input.bytesPerSecond,
    protocol: input.protocol,
    startDelayMs: input.startDelayMs,
    fate: input.fate,
  });
  const handle = (download: Download): GrabbedDownload => ({ downloadId: download.downloadId, queueIds: instance.queue.recordsOf(download).map((record) => record.id as number), title: download.title });
  const grab = (input: GrabInput): GrabbedDownload => handle(instance.lifecycle.grab(grabOptions(input)));
  return {
    clock,
    instance,
    faults: parts.faults,
    webhooks: parts.webhooks,
    hub: { connectionCount: () => parts.hub.connectionCount(), broadcastCount: () => instance.push.broadcastCount() },
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
    addClientDownload: (input) => handle(instance.lifecycle.addToClient(grabOptions(input))),
    addPendingRelease(input) {
      const held = instance.lifecycle.addPending({ ...grabOptions(input), delayMs: input.delayMs ?? 3_600_000 });
      return { id: held.id, queueIds: instance.queue.pendingRecordsOf(held).map((record) => record.id as number), title: held.title };
    },
    failDownload: (id, message) => void instance.lifecycle.fail(id, message),
    stallDownload: (id) => void instance.lifecycle.stall(id),
    resumeDownload: (id) => void instance.lifecycle.resume(id),
    blockImport: (id, message) => void instance.lifecycle.blockImport(id, message),
    removeDownload(id, removeOptions = {}) {
      const download = instance.queue.find(id);
      if (download === undefined) throw new RangeError(`No download with queue id or download id ${String(id)} in the queue.`);
      instance.lifecycle.remove(download, { ...removeOptions, blocklist: removeOptions.blocklist ?? false });
    },
    raiseHealth: (input) => {
      instance.health.raise(input);
    },
    clearHealth: (source) => {
      instance.health.clear(source);
    },
    setDiskFree: (path, bytes, totalBytes) => {
      instance.settings.setDiskFree(path, bytes, totalBytes);
    },
    appUpdated(input = {}) {
      const previousVersion = input.previousVersion ?? identity.version;
      const newVersion = input.newVersion ?? bumpVersion(previousVersion);
      identity.version = newVersion;
      instance.push.webhook('ApplicationUpdate', { message: input.message ?? `${identity.appName} updated from ${previousVersion} to ${newVersion}`, previousVersion, newVersion });
      // The app restarts into the new version: the hub drops its clients, which reconnect and are
      // greeted with the new version.
      parts.hub.close();
    },
    async sendTestWebhook() {
      await parts.webhooks.send({ eventType: 'Test', instanceName: instance.instanceName, applicationUrl: instance.applicationUrl, ...parts.testPayload() });
    },
    routes: () => parts.api.routes().map((route) => ({ method: route.method, template: route.template })),
    requestCounts: () => parts.server.requestCounts(),
    resetRequestCounts: () => {
      parts.server.resetRequestCounts();
    },
    down: () => parts.server.down(),
    up: () => parts.server.up(),
    queue: () => instance.queue.records(new URLSearchParams()),
    setScenario: (name) => {
      parts.switchScenario(name);
    },
  };
}

function bumpVersion(version: string): string {
  const parts = version.split('.').map((part) => Number.parseInt(part, 10));
  const last = parts.length - 1;
  parts[last] = (parts[last] ?? 0) + 1;
  return parts.join('.');
}
