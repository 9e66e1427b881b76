/**
 * One watcher per instance: owns its SDK client, its timers, its push connection and its
 * checkpoint, and turns what it reads into events. Reachability is a small state machine
 * (unknown, up, down, authFailed) that emits `instance.down` and `instance.up` once per outage.
 * After a start or an outage it reads history from the checkpoint, so what happened meanwhile is
 * announced, and what the saved checkpoint records as announced never again. Events are handed out
 * before the checkpoint that records them is saved: a hard crash in between repeats them (same ids)
 * after the restart, and never loses them.
 */
import { ArrAuthError } from '@discarr/arr-sdk';
import type { ArrSource, InstanceClient } from './arr-source.ts';
import { freshCheckpoint, loadCheckpoint, checkpointKey, pruneCheckpoint, type Checkpoint } from './checkpoint.ts';
import type { Clock } from './clock.ts';
import { diskFacts, updateDisks, type DiskThresholds } from './disk-tracker.ts';
import {
  appUpdatedEventId,
  diskEventId,
  downloadEventId,
  healthEventId,
  instanceEventId,
  isRemembered,
  mediaEventId,
  progressEventId,
  stalledEventId,
} from './event-ids.ts';
import type { DownloadFacts, EventSource, HealthFacts, MediaFacts, MonitorEvent, ProgressFacts } from './events.ts';
import { HealthTracker, type HealthTrackerOptions } from './health-tracker.ts';
import { newestDate, outcomesOf, type HistoryOutcome } from './history-facts.ts';
import { compact, movieFacts, seriesFacts } from './media-facts.ts';
import { isNewAddition, libraryMedia, mergeLibraryIds, type LibraryRecord } from './library-facts.ts';
import type { InstanceConfig, MonitorLogger, ResolvedIntervals } from './monitor-options.ts';
import { backoffDelay, intervalOf, jittered, Poller, type PeriodicTask, type PollTask } from './poller.ts';
import { ProgressTracker, percentOf, type ProgressReading } from './progress-tracker.ts';
import { diffQueue, type QueueTransition, type TrackedDownload } from './queue-diff.ts';
import { groupQueue, toQueueItem, type QueueGroup, type QueueItem } from './queue-item.ts';
import { countsAgree, queueCountsOf, readCountsOf, sameCounts, type QueueCounts, type ReadCounts } from './queue-status.ts';
import { SignalrSource, type PushChannel, type PushState, type Signal, type SignalrSourceOptions } from './signalr-source.ts';
import type { InstanceSnapshot, ReachabilityState } from './snapshot.ts';
import type { StateStore } from './state-store.ts';
import type { WebhookPayloadRecord } from './webhook-records.ts';

/** Everything a watcher needs, resolved from the monitor options (defaults applied). */
export interface WatcherSettings {
  config: InstanceConfig;
  intervals: ResolvedIntervals;
  pushIntervals: ResolvedIntervals;
  disk: DiskThresholds;
  health: HealthTrackerOptions;
  progressThrottleMs: number;
  stalledAfterMs: number;
  signalr: boolean;
  signalrRetryDelaysMs: readonly number[];
  pushDebounceMs: number;
  pushStatusWaitMs: number;
  firstDiskDelayMs: number;
  firstLibraryDelayMs: number;
  backoffBaseMs: number;
  downAfterFailures: number;
  removedGraceMs: number;
  emittedRetentionMs: number;
  historyOverlapMs: number;
  jitter: number;
}

export interface WatcherDeps {
  clock: Clock;
  logger: MonitorLogger;
  store: StateStore;
  random: () => number;
  source: ArrSource;
  emit(event: MonitorEvent): void;
  /** The push channel of the instance (default: its SignalR hub); replaceable for tests. */
  push?: (options: SignalrSourceOptions) => PushChannel;
}

/** Commands whose completion can change the queue (an import scan, a download client refresh). */
const DOWNLOAD_COMMANDS = new Set([
  'RefreshMonitoredDownloads',
  'ProcessMonitoredDownloads',
  'CheckForFinishedDownload',
  'DownloadedMoviesScan',
  'DownloadedEpisodesScan',
  'ManualImport',
]);

const PERIODIC: readonly PeriodicTask[] = ['status', 'queue', 'health', 'disk'];
const ACTIVE_STATES = new Set(['downloading', 'queued', 'importPending', 'importing', 'stalled', 'delay', 'warning']);

/** Omit the type distribution over the event union, so each member keeps its own fields. */
type EventInput = MonitorEvent extends infer E ? (E extends MonitorEvent ? Omit<E, 'id' | 'instance' | 'kind' | 'at' | 'source'> : never) : never;

export class InstanceWatcher {
  readonly name: string;
  readonly kind: 'radarr' | 'sonarr';
  readonly #s: WatcherSettings;
  readonly #d: WatcherDeps;
  readonly #poller: Poller;
  readonly #progress: ProgressTracker;
  #health!: HealthTracker;
  #cp!: Checkpoint;
  #firstStart = false;
  #queueSeen = false;
  #signalr: PushChannel | undefined;
  #push: PushState | 'off';
  #state: ReachabilityState = 'unknown';
  #failures = 0;
  #lastContact: number | undefined;
  #lastError: string | undefined;
  #items: QueueItem[] = [];
  #readings = new Map<string, ProgressReading>();
  #active = false;
  #lastQueueAt = Number.NEGATIVE_INFINITY;
  #disks: ReturnType<typeof diskFacts>[] = [];
  /** Media facts of library items seen (library reads, push bodies, webhooks): titles for deletions. */
  readonly #library = new Map<number, MediaFacts>();
  readonly #running = new Map<PollTask, Promise<void>>();
  readonly #again = new Map<PollTask, EventSource>();
  readonly #inflight = new Set<Promise<void>>();
  readonly #lastStarted = new Map<PollTask, number>();
  #debounce = new Map<PollTask, unknown>();
  /** A `queue` sync while nothing is active, waiting for the `queue/status` message of its refresh. */
  #statusWait: unknown;
  /** The counts of the last `queue/status` message, and what the last queue read saw. */
  #pushedCounts: QueueCounts | undefined;
  #readCounts: ReadCounts | undefined;
  #lastSyncAt = Number.NEGATIVE_INFINITY;
  /** When the last sync of the app's own refresh cycle came (one its status message showed quiet). */
  #cycleSyncAt: number | undefined;
  /** The app's refresh period as observed between two quiet cycle syncs (60 s until seen). */
  #cyclePeriodMs = 60_000;
  #saving: Promise<void> | undefined;
  #saveAgain = false;
  #stopped = true;

  constructor(settings: WatcherSettings, deps: WatcherDeps) {
    this.#s = settings;
    this.#d = deps;
    this.name = settings.config.name;
    this.kind = settings.config.kind;
    this.#poller = new Poller(deps.clock);
    this.#progress = new ProgressTracker({ stalledAfterMs: settings.stalledAfterMs, throttleMs: settings.progressThrottleMs });
    this.#push = settings.signalr ? 'disconnected' : 'off';
  }

  get webhookSecret(): string | undefined {
    return this.#s.config.push?.webhook?.secret;
  }

  get client(): InstanceClient {
    return this.#d.source.client;
  }

  /** Loads the checkpoint, connects push and starts the first cycle (not awaited). */
  async start(): Promise<void> {
    const now = this.#d.clock.now();
    const loaded = await loadCheckpoint(this.#d.store, this.name);
    this.#firstStart = loaded === undefined;
    this.#cp = loaded ?? freshCheckpoint(now);
    this.#state = this.#cp.reachability.state === 'up' ? 'unknown' : this.#cp.reachability.state;
    this.#health = new HealthTracker(this.#s.health, this.#cp.health);
    this.#stopped = false;
    if (this.#s.signalr) {
      const options: SignalrSourceOptions = {
        url: this.#s.config.url,
        apiKey: this.#s.config.apiKey,
        instance: this.name,
        clock: this.#d.clock,
        logger: this.#d.logger,
        retryDelaysMs: this.#s.signalrRetryDelaysMs,
        canConnect: () => this.#state !== 'down' && this.#state !== 'authFailed',
        onSignal: (signal) => {
          this.#onSignal(signal);
        },
        onState: (state) => {
          this.#onPushState(state);
        },
        onResync: () => {
          this.#onPushResync();
        },
      };
      this.#signalr = this.#d.push ? this.#d.push(options) : new SignalrSource(options);
      this.#signalr.start();
    }
    // The first cycle is status, queue and health: the disk space follows a little later, and the
    // first start's library read (a baseline of ids, the one heavy read) later still.
    for (const task of ['status', 'queue', 'health'] as const) void this.#run(task, 'poll');
    if (!this.#firstStart) void this.#run('history', 'poll');
    this.#poller.schedule('disk', this.#s.firstDiskDelayMs, () => void this.#run('disk', 'poll'));
    this.#scheduleLibrary(this.#s.firstLibraryDelayMs);
    this.#poller.schedule('history', jittered(this.#s.intervals.queueIdleMs, this.#d.random, this.#s.jitter), () => void this.#run('history', 'poll'));
  }

  /** Stops timers and push, waits for reads in flight, and saves the checkpoint. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#poller.stop();
    for (const handle of this.#debounce.values()) this.#d.clock.clearTimeout(handle);
    this.#debounce.clear();
    this.#cancelStatusWait();
    await this.#signalr?.stop();
    await this.idle();
    await this.#save();
  }

  /** Reads status, queue, health and disk space now (once more after a read in flight); resolves when done. */
  async refresh(): Promise<void> {
    await Promise.all(PERIODIC.map((task) => this.#run(task, 'poll', true)));
    await this.idle();
  }

  /** Resolves when no read of this instance is in flight. */
  async idle(): Promise<void> {
    while (this.#inflight.size > 0 || this.#saving) {
      await Promise.all([...this.#inflight, this.#saving]);
    }
  }

  snapshot(): InstanceSnapshot {
    const url = new URL(this.#s.config.url);
    url.username = '';
    url.password = '';
    return compact<InstanceSnapshot>({
      name: this.name,
      kind: this.kind,
      url: url.href.replace(/\/$/, ''),
      state: this.#state,
      version: this.#cp.appVersion,
      lastContact: this.#lastContact === undefined ? undefined : new Date(this.#lastContact).toISOString(),
      lastError: this.#lastError,
      push: this.#push,
      queue: this.#items.map((item) => {
        const reading = this.#readings.get(item.downloadId);
        return compact({
          queueId: item.queueId,
          title: item.title,
          media: item.media,
          download: item.download,
          state: item.state,
          percent: percentOf(item.size, item.sizeleft),
          size: item.size,
          sizeleft: item.sizeleft,
          speedBytesPerSecond: reading?.speedBytesPerSecond,
          etaMs: reading?.etaMs ?? item.timeleftMs,
          messages: item.messages,
        });
      }),
      health: this.#health.active(),
      disks: this.#disks,
    });
  }

  // ---- scheduling -------------------------------------------------------------------------

  #intervals(): ResolvedIntervals {
    return this.#push === 'connected' ? this.#s.pushIntervals : this.#s.intervals;
  }

  /** Runs every read now (history only when there is something to catch up on). */
  #resync(source: EventSource, withHistory: boolean): void {
    for (const task of PERIODIC) if (!this.#running.has(task)) void this.#run(task, source);
    if (withHistory) void this.#run('history', source);
  }

  /** The library read: when due (`firstDelayMs` from now when none ever happened). */
  #scheduleLibrary(firstDelayMs = 0): void {
    const last = this.#cp.library?.readAt;
    const delay = last === undefined ? firstDelayMs : Math.max(0, last + this.#intervals().libraryMs - this.#d.clock.now());
    if (delay === 0) void this.#run('library', 'poll');
    else this.#poller.schedule('library', jittered(delay, this.#d.random, this.#s.jitter), () => void this.#run('library', 'poll'));
  }

  #schedulePeriodic(task: PeriodicTask): void {
    if (this.#stopped || this.#state === 'down' || this.#state === 'authFailed') return;
    const delay = jittered(intervalOf(task, this.#intervals(), this.#active), this.#d.random, this.#s.jitter);
    this.#poller.schedule(task, delay, () => void this.#run(task, 'poll'));
  }

  /** Moves every periodic timer to the current intervals (push went up or down, downloads started). */
  #reschedule(onlySooner: boolean): void {
    const now = this.#d.clock.now();
    for (const task of PERIODIC) {
      const due = this.#poller.dueAt(task);
      // A first read still to come (the disk space after the start) keeps its time.
      if (due === undefined || !this.#lastStarted.has(task)) continue;
      const delay = jittered(intervalOf(task, this.#intervals(), this.#active), this.#d.random, this.#s.jitter);
      if (!onlySooner || now + delay < due) this.#poller.schedule(task, delay, () => void this.#run(task, 'poll'));
    }
  }

  #debounced(task: PollTask, source: EventSource): void {
    if (this.#stopped || this.#debounce.has(task)) return;
    const handle = this.#d.clock.setTimeout(() => {
      this.#debounce.delete(task);
      void this.#run(task, source);
    }, this.#s.pushDebounceMs);
    this.#debounce.set(task, handle);
  }

  /**
   * Runs one read; a read already in flight runs once more afterwards instead of twice at once.
   * With `awaitAgain`, the promise is that of the read after the one in flight.
   */
  #run(task: PollTask, source: EventSource, awaitAgain = false): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    const running = this.#running.get(task);
    if (running) {
      if (!this.#again.has(task)) this.#again.set(task, source);
      return awaitAgain ? running.then(() => this.#running.get(task)) : running;
    }
    this.#lastStarted.set(task, this.#d.clock.now());
    const promise: Promise<void> = this.#execute(task, source)
      .catch((error: unknown) => {
        // #execute turns request failures into state; anything else is a bug worth a log line.
        this.#d.logger.error({ instance: this.name, task, error: errorMessage(error) }, 'monitor task failed unexpectedly');
      })
      .finally(() => {
        this.#running.delete(task);
        this.#inflight.delete(promise);
        const again = this.#again.get(task);
        this.#again.delete(task);
        if (again !== undefined) void this.#run(task, again);
      });
    this.#running.set(task, promise);
    this.#inflight.add(promise);
    return promise;
  }

  async #execute(task: PollTask, source: EventSource): Promise<void> {
    let ok = false;
    try {
      await this.#read(task, source);
      ok = true;
    } catch (error) {
      if (this.#stopped) return;
      this.#failed(error, task);
    }
    if (ok) {
      if (task !== 'history' && task !== 'library') this.#schedulePeriodicAfter(task, source);
      this.#requestSave();
    }
  }

  #read(task: PollTask, source: EventSource): Promise<void> {
    const reads: Record<PollTask, () => Promise<void>> = {
      status: () => this.#readStatus(),
      queue: () => this.#readQueue(source),
      health: () => this.#readHealth(),
      disk: () => this.#readDisks(),
      history: () => this.#readHistory(),
      library: () => this.#readLibrary(),
    };
    return reads[task]();
  }

  #schedulePeriodicAfter(task: PeriodicTask, source: EventSource): void {
    if (task === 'queue' && source === 'push' && this.#push === 'connected') {
      // Read on a refresh's sync: the next refresh (one minute on) will push again, so the
      // reconciliation read waits past it, jitter included, instead of racing it.
      const interval = intervalOf('queue', this.#intervals(), this.#active);
      this.#poller.schedule('queue', Math.round(interval * (1 + this.#s.jitter)) + this.#s.pushStatusWaitMs, () => void this.#run('queue', 'poll'));
      return;
    }
    if (task === 'health' && this.#health.pending()) {
      const decision = this.#health.nextDecisionAt() ?? this.#d.clock.now();
      const wait = Math.min(this.#intervals().healthMs, Math.max(1000, decision - this.#d.clock.now()));
      this.#poller.schedule('health', wait, () => void this.#run('health', 'poll'));
      return;
    }
    this.#schedulePeriodic(task);
  }

  // ---- reachability -----------------------------------------------------------------------

  #succeeded(version?: string): void {
    const now = this.#d.clock.now();
    this.#lastContact = now;
    this.#failures = 0;
    this.#lastError = undefined;
    if (this.#state === 'up') return;
    const previous = this.#state;
    const since = this.#cp.reachability.since;
    this.#state = 'up';
    this.#cp.reachability = { state: 'up', since: now };
    if (previous === 'down' || previous === 'authFailed') {
      this.#emit(
        { type: 'instance.up', version: version ?? this.#cp.appVersion ?? '', downForMs: now - since },
        instanceEventId(this.name, 'instance.up', now),
        'poll',
      );
      this.#d.logger.info({ instance: this.name, downForMs: now - since }, 'instance is reachable again');
      this.#signalr?.wake();
      // Catch up on what happened during the outage and resume every timer.
      this.#resync('poll', true);
      this.#scheduleLibrary();
    }
  }

  /**
   * A read failed. Only the status probe decides an outage (after `downAfterFailures` failures in a
   * row), so concurrent reads failing together on one blip do not count as several. The failed read
   * is retried with backoff; while down or refused, only the status probe runs.
   */
  #failed(error: unknown, task: PollTask): void {
    const now = this.#d.clock.now();
    const message = errorMessage(error);
    this.#lastError = message;
    this.#failures += 1;
    if (error instanceof ArrAuthError) {
      if (this.#state !== 'authFailed') {
        this.#state = 'authFailed';
        this.#cp.reachability = { state: 'authFailed', since: now };
        this.#emit({ type: 'instance.authFailed', error: message }, instanceEventId(this.name, 'instance.authFailed', now), 'poll');
        this.#d.logger.warn({ instance: this.name, error: message }, 'instance refused the API key');
        this.#requestSave();
      }
    } else if (task === 'status' && this.#state !== 'down' && this.#failures >= this.#s.downAfterFailures) {
      this.#state = 'down';
      this.#cp.reachability = { state: 'down', since: now };
      this.#emit({ type: 'instance.down', error: message }, instanceEventId(this.name, 'instance.down', now), 'poll');
      this.#d.logger.warn({ instance: this.name, error: message }, 'instance is unreachable');
      this.#requestSave();
    } else {
      this.#d.logger.debug({ instance: this.name, task, failures: this.#failures, error: message }, 'read failed');
    }
    const backoff = jittered(backoffDelay(this.#failures, this.#s.backoffBaseMs, this.#intervals().maxBackoffMs), this.#d.random, this.#s.jitter);
    if (this.#state === 'down' || this.#state === 'authFailed') {
      for (const periodic of PERIODIC) if (periodic !== 'status') this.#poller.cancel(periodic);
      this.#poller.schedule('status', backoff, () => void this.#run('status', 'poll'));
      return;
    }
    // Retry the failed read, and probe soon: if the instance is gone, the probe will say so.
    this.#poller.scheduleNoLaterThan(task, backoff, () => void this.#run(task, 'poll'));
    if (task !== 'status') this.#poller.scheduleNoLaterThan('status', this.#s.backoffBaseMs, () => void this.#run('status', 'poll'));
  }

  // ---- reads ------------------------------------------------------------------------------

  async #readStatus(): Promise<void> {
    const status = await this.#d.source.status();
    const version = status.version ?? undefined;
    this.#succeeded(version);
    if (version) this.#versionSeen(version, 'poll');
  }

  /**
   * The app runs `version` (status read, push, or webhook, which also names the version before): one
   * `app.updated` per new version, with the same id whichever way it was learnt.
   */
  #versionSeen(version: string, source: EventSource, previousVersion?: string): void {
    const known = this.#cp.appVersion;
    this.#cp.appVersion = version;
    const from = previousVersion ?? known;
    if (from === undefined || from === version) return;
    this.#emit({ type: 'app.updated', previousVersion: from, newVersion: version }, appUpdatedEventId(this.name, version), source);
  }

  /** Reads the whole library: additions by their `added` date, deletions by the ids gone since the last read. */
  async #readLibrary(): Promise<void> {
    const before = new Set(this.#cp.library?.ids ?? []);
    const baseline = this.#cp.library === undefined;
    const records = await this.#d.source.library();
    this.#succeeded();
    const current = new Set<number>();
    for (const record of records) {
      if (typeof record.id !== 'number') continue;
      current.add(record.id);
      this.#mediaSeen(record, record.id, 'poll');
    }
    const now = new Set(this.#cp.library?.ids ?? []);
    if (!baseline) for (const id of before) if (!current.has(id) && now.has(id)) this.#mediaDeleted(id, undefined, undefined, 'poll');
    this.#cp.library = { ids: mergeLibraryIds(current, before, now), readAt: this.#d.clock.now() };
    this.#poller.schedule('library', jittered(this.#intervals().libraryMs, this.#d.random, this.#s.jitter), () => void this.#run('library', 'poll'));
  }

  async #readHealth(): Promise<void> {
    const records = await this.#d.source.health();
    this.#succeeded();
    const now = this.#d.clock.now();
    const items: HealthFacts[] = [];
    for (const record of records) {
      const level = record.type === 'error' || record.type === 'warning' || record.type === 'notice' ? record.type : undefined;
      if (!level || !record.source) continue;
      items.push(compact<HealthFacts>({ source: record.source, level, message: record.message ?? '', wikiUrl: record.wikiUrl ?? undefined }));
    }
    const { raised, cleared } = this.#health.update(items, now);
    for (const change of raised) {
      this.#emit({ type: 'health.raised', health: change.facts }, healthEventId(this.name, 'health.raised', change.facts.source, change.firstSeenAt), 'poll');
    }
    for (const change of cleared) {
      this.#emit({ type: 'health.cleared', health: change.facts }, healthEventId(this.name, 'health.cleared', change.facts.source, change.firstSeenAt), 'poll');
    }
    this.#cp.health = this.#health.state();
  }

  async #readDisks(): Promise<void> {
    const records = await this.#d.source.diskSpace();
    this.#succeeded();
    const now = this.#d.clock.now();
    const disks = records
      .filter((r) => typeof r.path === 'string')
      .map((r) => diskFacts(r.path ?? '', r.freeSpace ?? 0, r.totalSpace ?? 0, r.label ?? undefined));
    this.#disks = disks;
    const { next, low, ok } = updateDisks(this.#cp.disks, disks, this.#diskThresholds(), now);
    this.#cp.disks = next;
    for (const change of low) this.#emit({ type: 'disk.low', disk: change.disk }, diskEventId(this.name, 'disk.low', change.disk.path, change.since), 'poll');
    for (const change of ok) this.#emit({ type: 'disk.ok', disk: change.disk }, diskEventId(this.name, 'disk.ok', change.disk.path, change.since), 'poll');
  }

  #diskThresholds(): DiskThresholds {
    return this.#s.disk;
  }

  async #readQueue(source: EventSource): Promise<void> {
    const records = await this.#d.source.queue();
    this.#succeeded();
    this.#readCounts = readCountsOf(records);
    const now = this.#d.clock.now();
    const items = records.map((record) => toQueueItem(record, this.kind));
    const groups = groupQueue(items);
    const progress = this.#progress.update(groups, now);
    const previous: Record<string, TrackedDownload> = { ...this.#cp.queue };
    for (const group of groups) {
      const pending = this.#cp.pending[group.downloadId];
      // Taken for gone but back (a read that missed it): resume, without a second grab.
      if (!previous[group.downloadId] && pending) {
        previous[group.downloadId] = pending.tracked;
        this.#cp.pending = without(this.#cp.pending, group.downloadId);
      }
    }
    const baseline = this.#firstStart && !this.#queueSeen;
    this.#queueSeen = true;
    const { next, transitions } = diffQueue({ previous, groups, now, stalledWithoutProgress: progress.stalled, baseline });
    this.#cp.queue = next;
    this.#lastQueueAt = now;
    this.#items = items;
    this.#readings = progress.readings;
    let left = false;
    for (const transition of transitions) left = this.#onTransition(transition, source, progress.readings) || left;
    const wasActive = this.#active;
    // Downloads waiting for their outcome keep the fast pace: their fate is news soon.
    this.#active = groups.some((g) => ACTIVE_STATES.has(g.state)) || Object.keys(this.#cp.pending).length > 0;
    if (!baseline) {
      for (const downloadId of progress.announce) {
        const group = groups.find((g) => g.downloadId === downloadId);
        if (!group) continue;
        const facts = progressFacts(group, progress.readings.get(downloadId));
        this.#emit({ type: 'download.progress', media: group.media, download: group.download, progress: facts }, progressEventId(this.name, downloadId, facts.percent), source);
      }
    }
    if (left) void this.#run('history', source);
    if (wasActive !== this.#active) this.#reschedule(this.#active);
  }

  /** Returns true when a download left the queue and history must tell what became of it. */
  #onTransition(t: QueueTransition, source: EventSource, readings: Map<string, ProgressReading>): boolean {
    switch (t.kind) {
      case 'grabbed':
        this.#emit({ type: 'download.grabbed', media: t.group.media, download: t.group.download }, downloadEventId(this.name, 'download.grabbed', t.group.downloadId), source);
        return false;
      case 'completed':
        if (this.#hasFinal(t.group.downloadId)) return false;
        this.#emit({ type: 'download.completed', media: t.group.media, download: t.group.download }, downloadEventId(this.name, 'download.completed', t.group.downloadId), source);
        return false;
      case 'importBlocked':
        this.#emit(
          { type: 'download.importBlocked', media: t.group.media, download: t.group.download, messages: t.group.messages },
          downloadEventId(this.name, 'download.importBlocked', t.group.downloadId),
          source,
        );
        return false;
      case 'stalled':
        this.#emit(
          {
            type: 'download.stalled',
            media: t.group.media,
            download: t.group.download,
            progress: progressFacts(t.group, readings.get(t.group.downloadId)),
            messages: t.group.messages,
          },
          stalledEventId(this.name, t.group.downloadId, t.stallCount),
          source,
        );
        return false;
      case 'failed':
        this.#emitFailed(t.group.media, t.group.download, t.group.errorMessage ?? t.group.messages[0] ?? 'download failed', source);
        return false;
      case 'left': {
        const id = t.tracked.downloadId;
        if (t.tracked.failed || this.#hasFinal(id)) return false;
        const evidence = this.#cp.imports[id];
        if (evidence) {
          this.#cp.imports = without(this.#cp.imports, id);
          this.#emitImported(t.tracked.media, { ...t.tracked.download, ...evidence.download }, evidence.isUpgrade, evidence.source ?? 'history');
          return false;
        }
        this.#cp.pending[id] = { tracked: t.tracked, leftAt: this.#d.clock.now(), historyChecked: false };
        return true;
      }
    }
  }

  async #readHistory(): Promise<void> {
    const startedAt = this.#d.clock.now();
    const since = new Date(Date.parse(this.#cp.historySince) - this.#s.historyOverlapMs);
    const records = await this.#d.source.historySince(since);
    this.#succeeded();
    const now = this.#d.clock.now();
    for (const outcome of outcomesOf(records, this.kind)) this.#onOutcome(outcome);
    const newest = newestDate(records);
    if (newest && Date.parse(newest) > Date.parse(this.#cp.historySince)) this.#cp.historySince = newest;

    let nextCheck: number | undefined;
    let confirm = false;
    for (const [id, pending] of Object.entries(this.#cp.pending)) {
      if (this.#hasFinal(id)) {
        this.#cp.pending = without(this.#cp.pending, id);
        continue;
      }
      if (pending.leftAt <= startedAt) pending.historyChecked = true;
      const due = pending.leftAt + this.#s.removedGraceMs;
      if (pending.historyChecked && now >= due && this.#lastQueueAt < due) {
        // Confirm it is still gone with a queue read after the grace period before calling it removed.
        confirm = true;
        nextCheck = Math.min(nextCheck ?? now, now);
        continue;
      }
      if (pending.historyChecked && now >= due) {
        this.#cp.pending = without(this.#cp.pending, id);
        this.#emit({ type: 'download.removed', media: pending.tracked.media, download: pending.tracked.download }, downloadEventId(this.name, 'download.removed', id), 'history');
        continue;
      }
      nextCheck = nextCheck === undefined ? due : Math.min(nextCheck, due);
    }
    if (confirm) void this.#run('queue', 'poll');
    if (nextCheck !== undefined) {
      this.#poller.scheduleNoLaterThan('history', Math.max(1000, nextCheck - now), () => void this.#run('history', 'poll'));
    } else if (this.#push !== 'connected') {
      // Without push, a download grabbed and imported between two queue reads is seen only here.
      this.#poller.schedule('history', jittered(this.#intervals().queueIdleMs, this.#d.random, this.#s.jitter), () => void this.#run('history', 'poll'));
    }
  }

  #onOutcome(outcome: HistoryOutcome): void {
    const id = outcome.downloadId;
    if (this.#hasFinal(id)) return;
    const inQueue = this.#cp.queue[id];
    const pending = this.#cp.pending[id];
    const known = inQueue ?? pending?.tracked;
    // Before the monitor's first run: not news, unless it concerns a download it saw.
    if (!known && outcome.at < this.#cp.baselineAt) return;
    const media = known ? known.media : outcome.media;
    const download: DownloadFacts = known ? { ...outcome.download, ...known.download } : outcome.download;
    if (outcome.kind === 'grabbed') {
      // A download that came and went between two reads is known from history alone.
      this.#emit({ type: 'download.grabbed', media, download }, downloadEventId(this.name, 'download.grabbed', id), 'history');
      return;
    }
    if (outcome.kind === 'imported') {
      if (inQueue) {
        // Announced when it leaves the queue: the app may still be importing other files of it.
        const before = this.#cp.imports[id];
        this.#cp.imports[id] = { ...before, at: outcome.at, media, download, isUpgrade: outcome.isUpgrade || before?.isUpgrade === true };
        return;
      }
      this.#cp.pending = without(this.#cp.pending, id);
      this.#emitImported(media, download, outcome.isUpgrade, 'history');
      return;
    }
    if (inQueue) inQueue.failed = true;
    this.#cp.pending = without(this.#cp.pending, id);
    this.#emitFailed(media, download, outcome.reason ?? 'download failed', 'history');
  }

  // ---- push -------------------------------------------------------------------------------

  #onPushState(state: PushState): void {
    const before = this.#push;
    this.#push = state;
    if (before === 'connected' && state !== 'connected') {
      this.#d.logger.debug({ instance: this.name }, 'push disconnected; polling faster');
      this.#reschedule(true);
      this.#poller.scheduleNoLaterThan('history', jittered(this.#s.intervals.queueIdleMs, this.#d.random, this.#s.jitter), () => void this.#run('history', 'poll'));
      this.#poller.scheduleNoLaterThan('library', jittered(this.#s.intervals.libraryMs, this.#d.random, this.#s.jitter), () => void this.#run('library', 'poll'));
    } else if (state === 'connected' && before !== 'connected') {
      this.#reschedule(false);
    }
  }

  /** Push (re)connected: what changed while it was not must be read. */
  #onPushResync(): void {
    const connectedAt = this.#d.clock.now();
    for (const task of ['queue', 'health', 'history'] as const) {
      if (task === 'history' && this.#lastStarted.get('history') === undefined) continue;
      const started = this.#lastStarted.get(task);
      if (started === undefined || started < connectedAt || this.#running.has(task)) void this.#run(task, 'push');
    }
  }

  #onSignal(signal: Signal): void {
    switch (signal.name) {
      case 'queue':
      case 'queue/details':
        this.#onQueueSync();
        return;
      case 'queue/status':
        this.#onQueueStatus(queueCountsOf(signal.resource));
        return;
      case 'health':
        this.#debounced('health', 'push');
        return;
      case 'version': {
        // The hub sends `{version}` to every new connection: after an update, the new one.
        const version = (signal.resource as { version?: unknown } | undefined)?.version;
        if (typeof version === 'string' && version !== '') this.#versionSeen(version, 'push');
        else this.#debounced('status', 'push');
        return;
      }
      case 'system/status':
        this.#debounced('status', 'push');
        return;
      case 'command': {
        const resource = signal.resource as { name?: unknown; commandName?: unknown; status?: unknown } | undefined;
        const name = typeof resource?.name === 'string' ? resource.name : undefined;
        // The refresh that completes sent its `queue` sync already: the same cycle, not another read.
        if (resource?.status === 'completed' && name !== undefined && DOWNLOAD_COMMANDS.has(name) && this.#d.clock.now() - this.#lastSyncAt >= this.#s.pushStatusWaitMs) {
          this.#onQueueSync();
        }
        return;
      }
      case 'movie':
      case 'series':
        this.#onMediaSignal(signal);
        return;
      default:
        return;
    }
  }

  /**
   * A `queue` sync: the app refreshed its downloads (about once a minute, even with an empty queue).
   * While downloads are active, progress moves only at these refreshes: read the queue (one read for
   * the sync and the status message of the same refresh). Otherwise the `queue/status` message that
   * follows (within 5 s) tells by its counts whether anything changed: wait for it, and read only if
   * it does not come.
   */
  #onQueueSync(): void {
    if (this.#stopped) return;
    const now = this.#d.clock.now();
    this.#lastSyncAt = now;
    if (this.#active || this.#readCounts === undefined) {
      this.#debounced('queue', 'push');
      return;
    }
    // The refresh task runs on its own schedule; a sync well before the next one is due comes from
    // an event (a grab, an import, a removal): read at once instead of waiting 5 s for the counts.
    // Until one refresh cycle has been seen, every sync is read at once (one read more, once).
    const offCycle = this.#cycleSyncAt === undefined || now - this.#cycleSyncAt < 0.8 * this.#cyclePeriodMs;
    if (offCycle) {
      this.#debounced('queue', 'push');
      return;
    }
    if (this.#statusWait !== undefined) return;
    this.#statusWait = this.#d.clock.setTimeout(() => {
      this.#statusWait = undefined;
      this.#d.logger.debug({ instance: this.name }, 'queue sync without a status message; reading the queue');
      void this.#run('queue', 'push');
    }, this.#s.pushStatusWaitMs);
  }

  /**
   * A `queue/status` message with the app's counts. No read when they describe the queue the last
   * read saw, or did not change since the previous message (a refresh of an idle or steady queue);
   * a read at once when they changed (a grab, a download gone, errors or warnings flipped).
   */
  #onQueueStatus(counts: QueueCounts | undefined): void {
    if (this.#stopped) return;
    this.#cancelStatusWait();
    if (counts === undefined) {
      this.#debounced('queue', 'push');
      return;
    }
    const previous = this.#pushedCounts;
    this.#pushedCounts = counts;
    const seen = this.#readCounts !== undefined && countsAgree(this.#readCounts, counts);
    const unchanged = previous !== undefined && sameCounts(previous, counts);
    if (seen || unchanged) {
      this.#noteQuietCycle();
      return;
    }
    const pending = this.#debounce.get('queue');
    if (pending !== undefined) {
      this.#d.clock.clearTimeout(pending);
      this.#debounce.delete('queue');
    }
    void this.#run('queue', 'push');
  }

  /**
   * A status that changed nothing closes a refresh cycle: its sync becomes the cycle's anchor (only
   * when it was due, so that an event's sync does not shift the phase), and two anchors in a row
   * give the app's period.
   */
  #noteQuietCycle(): void {
    const syncAt = this.#lastSyncAt;
    if (!Number.isFinite(syncAt) || this.#d.clock.now() - syncAt > this.#s.pushStatusWaitMs) return;
    const previous = this.#cycleSyncAt;
    if (previous !== undefined) {
      const period = syncAt - previous;
      if (period < 0.8 * this.#cyclePeriodMs) return;
      if (period >= 10_000 && period <= 600_000) this.#cyclePeriodMs = period;
    }
    this.#cycleSyncAt = syncAt;
  }

  #cancelStatusWait(): void {
    if (this.#statusWait === undefined) return;
    this.#d.clock.clearTimeout(this.#statusWait);
    this.#statusWait = undefined;
  }

  /**
   * `movie` (Radarr) and `series` (Sonarr) messages. The apps send an addition as `updated` with the
   * whole resource (after the refresh that follows the add), like any other change: it is news when
   * its `added` date is new. A deletion is `deleted` with the id (Radarr) or the whole resource (Sonarr).
   */
  #onMediaSignal(signal: Signal): void {
    if (signal.name !== (this.kind === 'radarr' ? 'movie' : 'series')) return;
    const resource = signal.resource as LibraryRecord | undefined;
    const id = resource?.id;
    if (typeof id !== 'number' || !resource) return;
    if (signal.action === 'deleted') {
      this.#mediaDeleted(id, typeof resource.title === 'string' && resource.title !== '' ? libraryMedia(this.kind, resource, id) : undefined, undefined, 'push');
    } else if ((signal.action === 'updated' || signal.action === 'created') && typeof resource.title === 'string') {
      this.#mediaSeen(resource, id, 'push');
    }
  }

  /** A library resource seen: remembered for a later deletion, and announced when newly added. */
  #mediaSeen(record: LibraryRecord, id: number, source: EventSource): void {
    const media = libraryMedia(this.kind, record, id);
    this.#library.set(id, media);
    const since = Math.max(this.#cp.baselineAt, this.#d.clock.now() - this.#s.emittedRetentionMs);
    if (isNewAddition(record, since)) this.#mediaAdded(id, media, source);
  }

  #mediaAdded(id: number, media: MediaFacts, source: EventSource): void {
    this.#library.set(id, media);
    if (this.#cp.library && !this.#cp.library.ids.includes(id)) this.#cp.library.ids.push(id);
    this.#emit({ type: 'media.added', media }, mediaEventId(this.name, 'media.added', this.kind === 'radarr' ? 'movie' : 'series', id), source);
  }

  #mediaDeleted(id: number, facts: MediaFacts | undefined, deletedFiles: boolean | undefined, source: EventSource): void {
    const media = facts ?? this.#library.get(id) ?? libraryMedia(this.kind, undefined, id);
    this.#library.delete(id);
    if (this.#cp.library) this.#cp.library.ids = this.#cp.library.ids.filter((known) => known !== id);
    this.#emit(
      compact({ type: 'media.deleted' as const, media, deletedFiles }),
      mediaEventId(this.name, 'media.deleted', this.kind === 'radarr' ? 'movie' : 'series', id),
      source,
    );
  }

  // ---- webhooks ---------------------------------------------------------------------------

  /** Takes a parsed webhook payload: its events are emitted now, with the ids polling would use. */
  ingestWebhook(payload: WebhookPayloadRecord): number {
    if (this.#stopped) return 0;
    const before = this.#emittedCount;
    const media = this.kind === 'radarr' ? movieFacts(payload.movie ?? payload.remoteMovie) : seriesFacts(payload.series, payload.episodes ?? []);
    const downloadId = payload.downloadId ?? undefined;
    switch (payload.eventType) {
      case 'Grab':
        if (downloadId) {
          this.#emit({ type: 'download.grabbed', media, download: webhookDownload(payload, downloadId) }, downloadEventId(this.name, 'download.grabbed', downloadId), 'webhook');
        }
        this.#debounced('queue', 'webhook');
        break;
      case 'Download': {
        const file = payload.movieFile ?? payload.episodeFile ?? payload.episodeFiles?.[0];
        const key = downloadId ?? (file?.id !== undefined && file.id !== null ? `file-${file.id}` : undefined);
        if (key && !this.#hasFinal(key)) this.#webhookImport(payload, key, media);
        this.#debounced('queue', 'webhook');
        break;
      }
      case 'ManualInteractionRequired':
        if (downloadId) {
          const tracked = this.#cp.queue[downloadId];
          if (tracked) tracked.importBlocked = true;
          const messages = (payload.downloadStatusMessages ?? []).flatMap((m) => [...(m.messages ?? [])]);
          this.#emit(
            { type: 'download.importBlocked', media, download: webhookDownload(payload, downloadId), messages },
            downloadEventId(this.name, 'download.importBlocked', downloadId),
            'webhook',
          );
        }
        break;
      case 'Health':
      case 'HealthRestored':
        // Flap suppression applies to pushed health too: read the checks and let the tracker decide.
        this.#debounced('health', 'webhook');
        break;
      case 'ApplicationUpdate':
        if (payload.newVersion) this.#versionSeen(payload.newVersion, 'webhook', payload.previousVersion ?? undefined);
        break;
      case 'MovieAdded':
      case 'SeriesAdd': {
        const id = (payload.movie ?? payload.series)?.id;
        if (typeof id === 'number') this.#mediaAdded(id, media, 'webhook');
        break;
      }
      case 'MovieDelete':
      case 'SeriesDelete': {
        const id = (payload.movie ?? payload.series)?.id;
        if (typeof id === 'number') this.#mediaDeleted(id, media, payload.deletedFiles ?? undefined, 'webhook');
        break;
      }
      default:
        break;
    }
    this.#requestSave();
    return this.#emittedCount - before;
  }

  /**
   * A `Download` webhook. Sonarr sends one per imported episode file, and for a whole finished
   * download one with `episodeFiles`: a season pack is imported when every episode it holds is (or
   * when it leaves the queue, as the polling path decides), not at its first file.
   */
  #webhookImport(payload: WebhookPayloadRecord, key: string, media: MediaFacts): void {
    const inQueue = this.#cp.queue[key];
    const tracked = inQueue ?? this.#cp.pending[key]?.tracked;
    const download = { ...webhookDownload(payload, key), ...tracked?.download };
    const evidence = this.#cp.imports[key];
    const isUpgrade = payload.isUpgrade === true || evidence?.isUpgrade === true;
    if (this.kind === 'sonarr' && inQueue && !Array.isArray(payload.episodeFiles)) {
      const imported = new Set([...(evidence?.episodes ?? []), ...(payload.episodes ?? []).map((e) => episodeKey(e))]);
      const rest = (inQueue.media.episodes ?? []).filter((e) => !imported.has(episodeKey(e)));
      if (rest.length > 0) {
        // More of the pack to come: announced when the rest is imported or the pack leaves the queue.
        this.#cp.imports[key] = { at: this.#d.clock.now(), media: inQueue.media, download, isUpgrade, episodes: [...imported], source: 'webhook' };
        return;
      }
    }
    this.#cp.pending = without(this.#cp.pending, key);
    this.#cp.imports = without(this.#cp.imports, key);
    this.#emitImported(tracked?.media ?? media, download, isUpgrade, 'webhook');
  }

  // ---- emission and persistence -----------------------------------------------------------

  #emittedCount = 0;

  #hasFinal(downloadId: string): boolean {
    const emitted = this.#cp.emitted;
    return (
      downloadEventId(this.name, 'download.imported', downloadId) in emitted ||
      downloadEventId(this.name, 'download.failed', downloadId) in emitted ||
      downloadEventId(this.name, 'download.removed', downloadId) in emitted
    );
  }

  #emitImported(media: MediaFacts, download: DownloadFacts, isUpgrade: boolean, source: EventSource): void {
    if (this.#hasFinal(download.downloadId)) return;
    this.#emit({ type: 'download.imported', media, download, isUpgrade }, downloadEventId(this.name, 'download.imported', download.downloadId), source);
  }

  #emitFailed(media: MediaFacts, download: DownloadFacts, reason: string, source: EventSource): void {
    if (this.#hasFinal(download.downloadId)) return;
    this.#emit({ type: 'download.failed', media, download, reason }, downloadEventId(this.name, 'download.failed', download.downloadId), source);
  }

  #emit(input: EventInput, id: string, source: EventSource): void {
    const now = this.#d.clock.now();
    if (isRemembered(input.type)) {
      if (id in this.#cp.emitted) return;
      this.#cp.emitted[id] = now;
    }
    this.#emittedCount += 1;
    const event = { ...input, id, instance: this.name, kind: this.kind, at: new Date(now).toISOString(), source };
    this.#d.emit(event);
  }

  #requestSave(): void {
    if (this.#saving) {
      this.#saveAgain = true;
      return;
    }
    this.#saving = this.#save().finally(() => {
      this.#saving = undefined;
      if (this.#saveAgain) {
        this.#saveAgain = false;
        this.#requestSave();
      }
    });
  }

  async #save(): Promise<void> {
    pruneCheckpoint(this.#cp, this.#d.clock.now(), this.#s.emittedRetentionMs);
    try {
      await this.#d.store.set(checkpointKey(this.name), this.#cp);
    } catch (error) {
      this.#d.logger.error({ instance: this.name, error: errorMessage(error) }, 'could not save the checkpoint; will retry with the next change');
    }
  }
}

function progressFacts(group: QueueGroup, reading: ProgressReading | undefined): ProgressFacts {
  return compact<ProgressFacts>({
    percent: percentOf(group.size, group.sizeleft),
    size: group.size,
    sizeleft: group.sizeleft,
    speedBytesPerSecond: reading?.speedBytesPerSecond,
    etaMs: reading?.etaMs,
    state: group.state,
  });
}

function webhookDownload(payload: WebhookPayloadRecord, downloadId: string): DownloadFacts {
  const release = payload.release;
  const file = payload.movieFile ?? payload.episodeFile;
  return compact<DownloadFacts>({
    downloadId,
    releaseTitle: release?.releaseTitle ?? file?.sceneName ?? undefined,
    quality: release?.quality ?? file?.quality ?? undefined,
    size: release?.size ?? file?.size ?? undefined,
    indexer: release?.indexer ?? undefined,
    downloadClient: payload.downloadClient ?? undefined,
    releaseGroup: release?.releaseGroup ?? file?.releaseGroup ?? undefined,
  });
}

/** An episode as `<season>x<episode>`. */
function episodeKey(episode: { seasonNumber?: number | null; episodeNumber?: number | null }): string {
  return `${String(episode.seasonNumber ?? 0)}x${String(episode.episodeNumber ?? 0)}`;
}

/** A copy of `record` without `key` (records stay plain JSON objects for the store). */
function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const copy = { ...record };
  Reflect.deleteProperty(copy, key);
  return copy;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
