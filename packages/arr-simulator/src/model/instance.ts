/**
 * One simulated instance, as a few cohesive parts both apps share: its settings, the queue and the
 * lifecycle that changes it, the refresh schedule, history, health, commands, the blocklist and the
 * push channels. App differences (movies or series, queue record fields, webhook payloads) come
 * from a {@link MediaApp}. Routes and apps take the parts they need.
 */
import type { SimClock } from '../clock.ts';
import { createRandom, type Random } from '../random.ts';
import { createBlocklist, type Blocklist } from './blocklist.ts';
import { commandJson, createCommandQueue, type CommandEntity, type CommandQueue } from './commands.ts';
import { createDownloadQueue, type DownloadQueue } from './download-queue.ts';
import { createHealthChecks, type HealthChecks } from './health.ts';
import { createHistoryLog, type HistoryLog } from './history.ts';
import { DEFAULT_TIMING, type LifecycleTiming } from './lifecycle.ts';
import type { AppKind, MediaApp } from './media-app.ts';
import { createPushEvents, type BroadcastTarget, type PushEvents, type WebhookSender } from './push-events.ts';
import { createRefreshSchedule, type RefreshCadence, type RefreshSchedule } from './refresh-schedule.ts';
import { createSettings, type Settings } from './settings.ts';
import { createTrackedDownloads, type TrackedDownloads } from './tracked-downloads.ts';

export type { AppKind, Json, MediaApp } from './media-app.ts';
export type { GrabOptions } from './tracked-downloads.ts';
export { DEFAULT_REFRESH_INTERVAL_MS, type RefreshCadence } from './refresh-schedule.ts';

export interface InstanceOptions {
  kind: AppKind;
  clock: SimClock;
  seed: number;
  apiKey: string;
  urlBase: string;
  instanceName: string;
  hub: BroadcastTarget;
  webhooks: WebhookSender;
  timing?: Partial<LifecycleTiming>;
  /** Simulated milliseconds between two RefreshMonitoredDownloads runs (default 60 000). */
  refreshIntervalMs?: number;
  /** How refreshes are scheduled (default `apps`). */
  refreshCadence?: RefreshCadence;
}

/** The generators of an instance, each forked from its seed so one part's draws never shift another's. */
export interface InstanceRandom {
  library: Random;
  lifecycle: Random;
  lookup: Random;
  scenario: Random;
  releases: Random;
}

export interface Instance {
  readonly kind: AppKind;
  readonly clock: SimClock;
  readonly apiKey: string;
  readonly urlBase: string;
  readonly instanceName: string;
  readonly startTime: number;
  readonly random: InstanceRandom;
  /** The instance's own URL, sent in webhooks (set once it listens). */
  applicationUrl: string;
  readonly settings: Settings;
  /** What the queue holds and how it reads. */
  readonly queue: DownloadQueue;
  /** What changes the queue: grabs, removals, client events, refreshes, imports. */
  readonly lifecycle: TrackedDownloads;
  readonly refreshes: RefreshSchedule;
  readonly history: HistoryLog;
  readonly health: HealthChecks;
  readonly commands: CommandQueue;
  readonly blocklist: Blocklist;
  readonly push: PushEvents;
  /** The app (Radarr or Sonarr), set once after the instance is created. */
  app: MediaApp;
  readonly timing: LifecycleTiming;
  /**
   * RefreshMonitoredDownloads now: reads every download's state from the client into the queue,
   * notices finished and failed downloads, publishes the queue update; the next scheduled refresh
   * moves to one interval from now, as a manual run of a scheduled task does.
   */
  refresh(): void;
  /** Runs what is due up to `now`, in time order. */
  tick(now: number): void;
  /** A generator for a scenario, derived from the seed and the scenario's name. */
  scenarioRandom(name: string): Random;
  /** Called on every tick after the lifecycle (scenarios hook in here). */
  onTick(listener: (now: number) => void): void;
}

export function createInstance(options: InstanceOptions): Instance {
  const { kind, clock } = options;
  const root = createRandom(options.seed);
  const random: InstanceRandom = { library: root.fork('library'), lifecycle: root.fork('lifecycle'), lookup: root.fork('lookup'), scenario: root.fork('scenario'), releases: root.fork('releases') };
  const settings = createSettings(kind, root.fork('settings'));
  const startTime = clock.now();
  const tickListeners: ((now: number) => void)[] = [];
  let app: MediaApp | undefined;
  const requireApp = (): MediaApp => {
    if (app === undefined) throw new Error('The instance has no app yet: call createRadarrApp or createSonarrApp.');
    return app;
  };
  const queue = createDownloadQueue({ kind, clock, app: requireApp });
  const history = createHistoryLog();
  const blocklist = createBlocklist();
  const timing: LifecycleTiming = { ...DEFAULT_TIMING, ...options.timing };
  const refreshes = createRefreshSchedule({ startTime, intervalMs: options.refreshIntervalMs, cadence: options.refreshCadence });
  const push = createPushEvents({ hub: options.hub, webhooks: options.webhooks, instanceName: options.instanceName, applicationUrl: () => instance.applicationUrl, queueStatus: () => queue.status() });
  const health = createHealthChecks({ kind, push, startTime });
  const lifecycle = createTrackedDownloads({ kind, clock, queue, settings, history, blocklist, push, schedule: refreshes, random: random.lifecycle, timing, app: requireApp,
    redownload(target) {
      const search = requireApp().searchCommand(target);
      if (search !== undefined) commands.add(search.name, search.body, clock.now());
    },
  });
  const commands = createCommandQueue({
    run: (command) => runCommand(command, { lifecycle, queue, app: requireApp(), clock }),
    changed(command) {
      push.signal('command', 'updated', commandJson(command));
      // TaskController syncs the task list after every executed command (CommandExecutedEvent).
      if (command.status === 'completed' || command.status === 'failed') push.signal('system/task', 'sync');
    },
  });

  const instance: Instance = {
    kind,
    clock,
    apiKey: options.apiKey,
    urlBase: options.urlBase,
    instanceName: options.instanceName,
    startTime,
    random,
    applicationUrl: '',
    settings,
    queue,
    lifecycle,
    refreshes,
    history,
    health,
    commands,
    blocklist,
    push,
    timing,
    get app() {
      return requireApp();
    },
    set app(value: MediaApp) {
      app = value;
    },
    refresh() {
      lifecycle.refresh(clock.now());
    },
    tick(now) {
      // What is due up to `now`, in time order: the app's imports and failure processing, the
      // debounced queue/status broadcast, the scheduled refreshes.
      for (;;) {
        const due = Math.min(refreshes.nextAt, push.statusDueAt() ?? Infinity, lifecycle.nextTransitionAt() ?? Infinity);
        if (due > now) break;
        lifecycle.advanceTo(due);
        const statusDue = push.statusDueAt();
        if (statusDue !== undefined && statusDue <= due) push.sendStatus();
        if (refreshes.nextAt <= due) lifecycle.refresh(due);
      }
      while (health.nextRunAt() <= now) health.run(health.nextRunAt());
      lifecycle.releaseDue(now);
      commands.tick(now);
      for (const listener of tickListeners) listener(now);
    },
    onTick(listener) {
      tickListeners.push(listener);
    },
    scenarioRandom: (name) => random.scenario.fork(name),
  };
  return instance;
}

/** Runs a command when it starts: the two every app has, then the app's own. */
function runCommand(command: CommandEntity, parts: { lifecycle: TrackedDownloads; queue: DownloadQueue; app: MediaApp; clock: SimClock }): string | undefined {
  if (command.name === 'RefreshMonitoredDownloads') {
    parts.lifecycle.refresh(parts.clock.now());
    return undefined;
  }
  // Both apps import the files' downloads now, whatever blocked them.
  if (command.name === 'ManualImport') {
    for (const item of Array.isArray(command.body.files) ? command.body.files : []) {
      const downloadId = typeof item === 'object' && item !== null && 'downloadId' in item ? (item as { downloadId: unknown }).downloadId : undefined;
      const download = typeof downloadId === 'string' ? parts.queue.find(downloadId) : undefined;
      if (download !== undefined) parts.lifecycle.forceImport(download);
    }
    return undefined;
  }
  parts.app.runCommand(command);
  return undefined;
}
