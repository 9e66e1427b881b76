/**
 * What an instance's push channel (its SignalR hub) tells the watcher, turned into reads. The apps
 * refresh their downloads about once a minute, even with an empty queue; each refresh sends a
 * `queue` sync and, debounced by 5 s, `queue/status` with the counts. While downloads are active,
 * one queue read per refresh; while idle, the counts decide whether anything changed. Health,
 * status, version and library messages cause their own reads or events.
 */
import type { EventSource } from './events.ts';
import type { ReadCadence } from './read-cadence.ts';
import { countsAgree, queueCountsOf, sameCounts, type QueueCounts, type ReadCounts } from './queue-status.ts';
import { SignalrChannel, type PushChannel, type PushState, type Signal, type SignalrChannelOptions } from './signalr-channel.ts';
import type { WatcherContext } from './watcher-context.ts';

/** Commands whose completion can change the queue (an import scan, a download client refresh). */
const DOWNLOAD_COMMANDS = new Set([
  'RefreshMonitoredDownloads',
  'ProcessMonitoredDownloads',
  'CheckForFinishedDownload',
  'DownloadedMoviesScan',
  'DownloadedEpisodesScan',
  'ManualImport',
]);

/** What push handling depends on, owned by other parts of the watcher. */
export interface PushFacts {
  /** Whether push may reconnect now (not while the instance is down or refuses the key). */
  canConnect(): boolean;
  downloadsActive(): boolean;
  /** What the last queue read saw (undefined before the first). */
  readCounts(): ReadCounts | undefined;
  versionSeen(version: string, source: EventSource): void;
  mediaSignal(signal: Signal): Promise<void>;
}

export class PushSignals {
  readonly #ctx: WatcherContext;
  readonly #cadence: ReadCadence;
  readonly #facts: PushFacts;
  #channel: PushChannel | undefined;
  #state: PushState | 'off';
  /** A `queue` sync while nothing is active, waiting for the `queue/status` message of its refresh. */
  #statusWait: unknown;
  /** The counts of the last `queue/status` message. */
  #pushedCounts: QueueCounts | undefined;
  #lastSyncAt = Number.NEGATIVE_INFINITY;
  /** When the last sync of the app's own refresh cycle came (one its status message showed quiet). */
  #cycleSyncAt: number | undefined;
  /** The app's refresh period as observed (between two quiet cycle syncs, or two active reads on a sync); 60 s until seen. */
  #cyclePeriodMs = 60_000;
  /** When the last queue read on a sync was asked for while downloads were active. */
  #activeSyncReadAt: number | undefined;
  /**
   * When a grab may have happened (a message of the media, or the start): unless history was read
   * since, the next sync reads it too, since the download may come and go within that refresh,
   * unseen by any queue read.
   */
  #grabSignalAt: number;


  constructor(ctx: WatcherContext, cadence: ReadCadence, facts: PushFacts) {
    this.#ctx = ctx;
    this.#cadence = cadence;
    this.#facts = facts;
    this.#state = ctx.settings.signalr ? 'disconnected' : 'off';
    this.#grabSignalAt = ctx.clock.now();
  }

  /** The push connection's state (`off` when push is disabled). */
  get state(): PushState | 'off' {
    return this.#state;
  }

  get connected(): boolean {
    return this.#state === 'connected';
  }

  /** The app's refresh period as observed (60 s until seen). */
  get refreshPeriodMs(): number {
    return this.#cyclePeriodMs;
  }

  /** Connects the push channel (`channelOf` replaces the SignalR hub in tests). */
  start(channelOf?: (options: SignalrChannelOptions) => PushChannel): void {
    const { settings, name, clock, logger } = this.#ctx;
    if (!settings.signalr) return;
    const options: SignalrChannelOptions = {
      baseUrl: settings.config.baseUrl,
      apiKey: settings.config.apiKey,
      instance: name,
      clock,
      logger,
      retryDelaysMs: settings.signalrRetryDelaysMs,
      canConnect: () => this.#facts.canConnect(),
      onSignal: (signal) => {
        this.#onSignal(signal);
      },
      onState: (state) => {
        this.#onState(state);
      },
      onResync: () => {
        this.#onResync();
      },
    };
    this.#channel = channelOf ? channelOf(options) : new SignalrChannel(options);
    this.#channel.start();
  }

  /** Connects now if reconnecting was parked while the instance was unreachable. */
  wake(): void {
    this.#channel?.wake();
  }

  async stop(): Promise<void> {
    this.#cancelStatusWait();
    await this.#channel?.stop();
  }

  #onState(state: PushState): void {
    const before = this.#state;
    this.#state = state;
    const { settings, scheduler, name, logger } = this.#ctx;
    if (before === 'connected' && state !== 'connected') {
      logger.debug({ instance: name }, 'push disconnected; polling faster');
      this.#cadence.reschedule(true);
      scheduler.scheduleNoLaterThan('history', this.#cadence.jittered(settings.intervals.queueIdleMs));
      scheduler.scheduleNoLaterThan('library', this.#cadence.jittered(settings.intervals.libraryMs));
    } else if (state === 'connected' && before !== 'connected') {
      this.#cadence.reschedule(false);
    }
  }

  /** Push (re)connected: what changed while it was not must be read. */
  #onResync(): void {
    const { scheduler, clock } = this.#ctx;
    const connectedAt = clock.now();
    for (const task of ['queue', 'health', 'history'] as const) {
      const started = scheduler.lastStartedAt(task);
      if (task === 'history' && started === undefined) continue;
      if (started === undefined || started < connectedAt || scheduler.isRunning(task)) void scheduler.run(task, 'push');
    }
  }

  #debounced(task: 'queue' | 'health' | 'status' | 'history'): void {
    this.#ctx.scheduler.debounce(task, 'push', this.#ctx.settings.pushDebounceMs);
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
        this.#debounced('health');
        return;
      case 'version': {
        // The hub sends `{version}` to every new connection: after an update, the new one.
        const version = (signal.resource as { version?: unknown } | undefined)?.version;
        if (typeof version === 'string' && version !== '') this.#facts.versionSeen(version, 'push');
        else this.#debounced('status');
        return;
      }
      case 'system/status':
        this.#debounced('status');
        return;
      case 'command':
        this.#onCommand(signal.resource);
        return;
      case 'movie':
      case 'series':
        // Radarr sends the movie at each grab (master: src/Radarr.Api.V3/Movies/MovieControllerWithSignalR.cs
        // Handle(MovieGrabbedEvent), `grabbed: true`), as at other changes of it.
        if (signal.name === 'movie' && signal.action === 'updated') this.#grabSignalAt = this.#ctx.clock.now();
        this.#facts.mediaSignal(signal).catch((error: unknown) => {
          this.#ctx.logger.error({ instance: this.#ctx.name, error: error instanceof Error ? error.message : String(error) }, 'could not take a library message');
        });
        return;
      case 'episode':
        // Sonarr sends episodes only at a grab, an import or a file deletion (main:
        // src/Sonarr.Api.V3/Episodes/EpisodeControllerWithSignalR.cs).
        this.#grabSignalAt = this.#ctx.clock.now();
        return;
      default:
        return;
    }
  }

  #onCommand(resource: unknown): void {
    const command = resource as { name?: unknown; status?: unknown } | undefined;
    const name = typeof command?.name === 'string' ? command.name : undefined;
    // The refresh that completes sent its `queue` sync already: the same cycle, not another read.
    const ownSyncPast = this.#ctx.clock.now() - this.#lastSyncAt >= this.#ctx.settings.pushStatusWaitMs;
    if (command?.status === 'completed' && name !== undefined && DOWNLOAD_COMMANDS.has(name) && ownSyncPast) this.#onQueueSync();
  }

  /**
   * A `queue` sync: the app refreshed its downloads. While downloads are active, progress moves only
   * at these refreshes: read the queue (one read for the sync and the status message of the same
   * refresh). Otherwise the `queue/status` message that follows (within 5 s) tells by its counts
   * whether anything changed: wait for it, and read only if it does not come.
   */
  #onQueueSync(): void {
    const { clock, scheduler } = this.#ctx;
    if (scheduler.stopped) return;
    const now = clock.now();
    this.#lastSyncAt = now;
    if ((scheduler.lastStartedAt('history') ?? Number.NEGATIVE_INFINITY) <= this.#grabSignalAt) {
      // The apps refresh 5 s after a grab (DownloadMonitoringService.cs); one that finished or failed
      // by then leaves the queue within that refresh, unchanged counts and all: history tells.
      this.#debounced('history');
    }
    if (this.#facts.readCounts() === undefined) {
      this.#debounced('queue');
      return;
    }
    if (this.#facts.downloadsActive()) {
      this.#onActiveSync(now);
      return;
    }
    // The refresh task runs on its own schedule; a sync well before the next one is due comes from
    // an event (a grab, an import, a removal): read at once instead of waiting 5 s for the counts.
    // Until one refresh cycle has been seen, every sync is read at once (one read more, once).
    const offCycle = this.#cycleSyncAt === undefined || now - this.#cycleSyncAt < 0.8 * this.#cyclePeriodMs;
    if (offCycle) {
      this.#debounced('queue');
      return;
    }
    this.#awaitStatus();
  }

  /** Waits for the `queue/status` message of the refresh a sync belongs to; reads if it never comes. */
  #awaitStatus(): void {
    const { clock, settings, scheduler, name, logger } = this.#ctx;
    if (this.#statusWait !== undefined) return;
    this.#statusWait = clock.setTimeout(() => {
      this.#statusWait = undefined;
      logger.debug({ instance: name }, 'queue sync without a status message; reading the queue');
      void scheduler.run('queue', 'push');
    }, settings.pushStatusWaitMs);
  }

  /**
   * A sync while downloads are active: one read per refresh. A refresh sends its syncs twice (`queue`
   * and `queue/details` after the refresh, again after the ProcessMonitoredDownloads command it
   * queues: Radarr master src/NzbDrone.Core/Download/TrackedDownloads/DownloadMonitoringService.cs),
   * so a sync within `activeSyncSettleMs` of the one read is the same refresh. What processing
   * changes (an import, a failure) changes the counts, and its status message asks for a read; a
   * status message that never comes means a read after `pushStatusWaitMs`.
   */
  #onActiveSync(now: number): void {
    const last = this.#activeSyncReadAt;
    if (last !== undefined && now - last < this.#ctx.settings.activeSyncSettleMs) {
      // The same refresh, unless its status message says otherwise (or never comes).
      this.#awaitStatus();
      return;
    }
    if (last !== undefined && now - last >= 10_000 && now - last <= 600_000) this.#cyclePeriodMs = now - last;
    this.#activeSyncReadAt = now;
    this.#debounced('queue');
  }

  /**
   * A `queue/status` message with the app's counts. No read when they describe the queue the last
   * read saw, or did not change since the previous message (a refresh of an idle or steady queue);
   * a read at once when they changed (a grab, a download gone, errors or warnings flipped).
   */
  #onQueueStatus(counts: QueueCounts | undefined): void {
    const { scheduler } = this.#ctx;
    if (scheduler.stopped) return;
    this.#cancelStatusWait();
    if (counts === undefined) {
      this.#debounced('queue');
      return;
    }
    const previous = this.#pushedCounts;
    this.#pushedCounts = counts;
    const readCounts = this.#facts.readCounts();
    const seen = readCounts !== undefined && countsAgree(readCounts, counts);
    const unchanged = previous !== undefined && sameCounts(previous, counts);
    if (seen || unchanged) {
      this.#noteQuietCycle();
      return;
    }
    scheduler.cancelDebounce('queue');
    void scheduler.run('queue', 'push');
  }

  /**
   * A status that changed nothing closes a refresh cycle: its sync becomes the cycle's anchor (only
   * when it was due, so that an event's sync does not shift the phase), and two anchors in a row
   * give the app's period.
   */
  #noteQuietCycle(): void {
    const syncAt = this.#lastSyncAt;
    if (!Number.isFinite(syncAt) || this.#ctx.clock.now() - syncAt > this.#ctx.settings.pushStatusWaitMs) return;
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
    this.#ctx.clock.clearTimeout(this.#statusWait);
    this.#statusWait = undefined;
  }
}
