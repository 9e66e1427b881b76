/**
 * One watcher per instance: it puts together the parts that watch it (read scheduling and cadence,
 * reachability, the queue, history, system and library reads, push signals, webhooks, the emitter
 * and the checkpoint saver) and gives the monitor its lifecycle and snapshot. After a start or an
 * outage it reads history from the checkpoint, so what happened meanwhile is announced, and what the
 * saved checkpoint records as announced never again. Events are handed out before the checkpoint
 * that records them is saved: a hard crash in between repeats them (same ids) after the restart,
 * and never loses them.
 */
import type { ArrReader, InstanceClient } from './arr-reader.ts';
import { freshCheckpoint, loadCheckpoint, type Checkpoint } from './checkpoint.ts';
import { CheckpointSaver } from './checkpoint-saver.ts';
import type { Clock } from './clock.ts';
import { InstanceEmitter } from './event-emitter.ts';
import type { EventSource, MonitorEvent } from './events.ts';
import { HistoryReads } from './history-reads.ts';
import { LibraryWatch } from './library-watch.ts';
import { compact } from './media-facts.ts';
import type { CompleteLogger } from './logging.ts';
import { percentOf } from './progress-tracker.ts';
import { PushSignals } from './push-signals.ts';
import { QueueReads } from './queue-reads.ts';
import { PERIODIC_READS, ReadCadence } from './read-cadence.ts';
import { ReadScheduler, type ReadTask } from './read-scheduler.ts';
import { Reachability } from './reachability.ts';
import type { PushChannel, SignalrChannelOptions } from './signalr-channel.ts';
import type { InstanceSnapshot } from './snapshot.ts';
import type { StateStore } from './state-store.ts';
import { SystemReads } from './system-reads.ts';
import { TagLabels } from './tag-labels.ts';
import { errorMessage, type WatcherContext, type WatcherSettings } from './watcher-context.ts';
import { WebhookIngest, type WebhookPayload } from './webhook-ingest.ts';

export interface WatcherDeps {
  clock: Clock;
  logger: CompleteLogger;
  store: StateStore;
  random: () => number;
  reader: ArrReader;
  emit(event: MonitorEvent): void;
  /** The push channel of the instance (default: its SignalR hub); replaceable for tests. */
  push?: (options: SignalrChannelOptions) => PushChannel;
}

export class InstanceWatcher {
  readonly name: string;
  readonly kind: 'radarr' | 'sonarr';
  readonly #settings: WatcherSettings;
  readonly #deps: WatcherDeps;
  /** A fresh checkpoint until `start` loads the saved one. */
  #checkpoint: Checkpoint;
  readonly #scheduler: ReadScheduler;
  readonly #saver: CheckpointSaver;
  readonly #cadence: ReadCadence;
  readonly #reachability: Reachability;
  readonly #system: SystemReads;
  readonly #queue: QueueReads;
  readonly #history: HistoryReads;
  readonly #library: LibraryWatch;
  readonly #push: PushSignals;
  readonly #webhooks: WebhookIngest;

  constructor(settings: WatcherSettings, deps: WatcherDeps) {
    this.#settings = settings;
    this.#deps = deps;
    this.name = settings.config.name;
    this.kind = settings.config.kind;
    this.#checkpoint = freshCheckpoint(deps.clock.now());
    const checkpoint = (): Checkpoint => this.#checkpoint;
    this.#scheduler = new ReadScheduler(deps.clock, (task, trigger) => this.#execute(task, trigger), (task, error) => {
      // #execute turns request failures into state; anything else is a bug worth a log line.
      deps.logger.error({ instance: this.name, task, error: errorMessage(error) }, 'monitor task failed unexpectedly');
    });
    const emitter = new InstanceEmitter(this.name, this.kind, deps.clock, checkpoint, (event) => {
      deps.emit(event);
    });
    const base = { name: this.name, kind: this.kind, settings, clock: deps.clock, logger: deps.logger, checkpoint };
    this.#saver = new CheckpointSaver(base, deps.store);
    const ctx: WatcherContext = {
      ...base,
      random: deps.random,
      reader: deps.reader,
      emitter,
      scheduler: this.#scheduler,
      tags: new TagLabels(() => deps.reader.tags(), deps.clock, deps.logger, this.name),
      requestSave: () => {
        this.#saver.request();
      },
    };
    this.#cadence = new ReadCadence(ctx, {
      pushConnected: () => this.#push.connected,
      downloadsActive: () => this.#queue.active,
      halted: () => this.#reachability.halted,
      health: () => this.#system.health,
      refreshPeriodMs: () => this.#push.refreshPeriodMs,
    });
    this.#reachability = new Reachability(ctx, this.#cadence, () => {
      this.#push.wake();
      // Catch up on what happened during the outage and resume every timer.
      this.#cadence.resync('poll', true);
      this.#cadence.scheduleLibrary();
    });
    this.#system = new SystemReads(ctx, this.#reachability);
    this.#queue = new QueueReads(ctx, this.#reachability, (active) => {
      this.#cadence.reschedule(active);
    });
    this.#history = new HistoryReads(ctx, this.#reachability, this.#cadence, {
      lastQueueReadAt: () => this.#queue.lastReadAt,
      pushConnected: () => this.#push.connected,
    });
    this.#library = new LibraryWatch(ctx, this.#reachability, this.#cadence);
    this.#push = new PushSignals(ctx, this.#cadence, {
      canConnect: () => !this.#reachability.halted,
      downloadsActive: () => this.#queue.active,
      readCounts: () => this.#queue.readCounts,
      versionSeen: (version, source) => {
        this.#system.versionSeen(version, source);
      },
      mediaSignal: (signal) => this.#library.onSignal(signal),
    });
    this.#webhooks = new WebhookIngest(ctx, this.#system, this.#library);
  }

  get webhookSecret(): string | undefined {
    return this.#settings.config.push?.webhook?.secret;
  }

  get client(): InstanceClient {
    return this.#deps.reader.client;
  }

  /** Loads the checkpoint, connects push and starts the first cycle (not awaited). */
  async start(): Promise<void> {
    const { clock, store } = this.#deps;
    const loaded = await loadCheckpoint(store, this.name, this.#deps.logger);
    const firstStart = loaded === undefined;
    this.#checkpoint = loaded ?? freshCheckpoint(clock.now());
    this.#reachability.restore(this.#checkpoint.reachability.state);
    this.#system.restore(this.#checkpoint);
    this.#queue.restore(firstStart);
    this.#scheduler.start();
    this.#push.start(this.#deps.push);
    // The first cycle is status, queue and health: the disk space follows a little later, and the
    // first start's library read (a baseline of ids, the one heavy read) later still.
    for (const task of ['status', 'queue', 'health'] as const) void this.#scheduler.run(task, 'poll');
    if (!firstStart) void this.#scheduler.run('history', 'poll');
    this.#scheduler.schedule('disk', this.#settings.firstDiskDelayMs);
    this.#cadence.scheduleLibrary(this.#settings.firstLibraryDelayMs);
    this.#scheduler.schedule('history', this.#cadence.jittered(this.#settings.intervals.queueIdleMs));
  }

  /** Stops timers and push, waits for reads in flight, and saves the checkpoint. */
  async stop(): Promise<void> {
    this.#scheduler.stop();
    this.#webhooks.stop();
    await this.#push.stop();
    await this.idle();
    await this.#saver.save();
  }

  /** Reads status, queue, health and disk space now (once more after a read in flight); resolves when done. */
  async refresh(): Promise<void> {
    await Promise.all(PERIODIC_READS.map((task) => this.#scheduler.run(task, 'poll', true)));
    await this.idle();
  }

  /** Resolves when no read of this instance is in flight and no save is pending. */
  async idle(): Promise<void> {
    do {
      await this.#scheduler.idle();
      await this.#saver.idle();
    } while (this.#saver.busy);
  }

  /** Takes a parsed webhook payload: its events are emitted now, with the ids polling would use. */
  ingestWebhook(payload: WebhookPayload): number {
    if (this.#scheduler.stopped) return 0;
    return this.#webhooks.ingest(payload);
  }

  snapshot(): InstanceSnapshot {
    const baseUrl = new URL(this.#settings.config.baseUrl);
    baseUrl.username = '';
    baseUrl.password = '';
    const lastContact = this.#reachability.lastContact;
    return compact<InstanceSnapshot>({
      name: this.name,
      kind: this.kind,
      baseUrl: baseUrl.href.replace(/\/$/, ''),
      state: this.#reachability.state,
      version: this.#checkpoint.appVersion,
      lastContact: lastContact === undefined ? undefined : new Date(lastContact).toISOString(),
      lastError: this.#reachability.lastError,
      push: this.#push.state,
      queue: this.#queue.items.map((item) => {
        const reading = this.#queue.reading(item.downloadId);
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
      health: this.#system.health.active(),
      disks: this.#system.disks,
    });
  }

  async #execute(task: ReadTask, trigger: EventSource): Promise<void> {
    try {
      await this.#read(task, trigger);
    } catch (error) {
      if (!this.#scheduler.stopped) this.#reachability.failed(error, task);
      return;
    }
    if (task !== 'history' && task !== 'library') this.#cadence.afterRead(task, trigger);
    this.#saver.request();
  }

  #read(task: ReadTask, trigger: EventSource): Promise<void> {
    switch (task) {
      case 'status':
        return this.#system.readStatus();
      case 'queue':
        return this.#queue.read(trigger);
      case 'health':
        return this.#system.readHealth();
      case 'disk':
        return this.#system.readDisks();
      case 'history':
        return this.#history.read();
      case 'library':
        return this.#library.read();
    }
  }
}
