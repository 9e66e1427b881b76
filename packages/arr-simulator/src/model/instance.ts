/**
 * The state one simulated instance shares between both apps: settings, the download queue and its
 * lifecycle, history, health, commands and the blocklist. App differences (movies or series, queue
 * record fields, webhook payloads) come from a {@link MediaApp}.
 */
import type { Clock } from '../clock.ts';
import { buildQualityProfiles, QUALITIES, type QualityDefinition, type QualityProfile } from '../library/qualities.ts';
import { buildDownloadClients, buildIndexers, buildRootFolders, buildTags, type DownloadClientEntity, type IndexerEntity, type RootFolderEntity, type Tag } from '../library/settings.ts';
import { RELEASE_GROUPS } from '../library/words.ts';
import { createRandom, type Random } from '../random.ts';
import { createBlocklist, type Blocklist } from './blocklist.ts';
import { createCommandQueue, commandJson, type CommandEntity, type CommandQueue } from './commands.ts';
import { queueStatusFields, type Download, type DownloadFate, type DownloadTarget, type PendingRelease } from './download.ts';
import { createHealthBoard, type HealthBoard, type HealthItem } from './health.ts';
import { createHistoryLog, type HistoryEntry, type HistoryLog } from './history.ts';
import { advanceApp, advanceClient, DEFAULT_TIMING, failInClient, nextAppTransitionAt, noticeAtRefresh, resume, stall, type LifecycleTiming } from './lifecycle.ts';
import { createPushEvents, type BroadcastTarget, type PushEvents, type WebhookSender } from './push-events.ts';
import { downloadQueueRecords, pendingQueueRecords, type QueueMedia } from './queue-records.ts';

export type AppKind = 'radarr' | 'sonarr';
export type Json = Record<string, unknown>;

/** What differs between Radarr and Sonarr, seen from the shared model. */
export interface MediaApp {
  readonly kind: AppKind;
  /**
   * The media parts of a target's queue records: one for a movie, one per episode for Sonarr, one
   * without media fields for an unknown download.
   */
  queueMedia(target: DownloadTarget, query: URLSearchParams): QueueMedia[];
  /** The history targets of a download: `{movieId}` or one `{seriesId, episodeId}` per episode. */
  historyTargets(target: DownloadTarget): Pick<HistoryEntry, 'movieId' | 'seriesId' | 'episodeId'>[];
  historyJson(entry: HistoryEntry, query: URLSearchParams): Json;
  blocklistJson(entry: ReturnType<Blocklist['list']>[number]): Json;
  /** A release name for the target, as an indexer would list it. */
  releaseTitle(target: DownloadTarget, quality: QualityDefinition, group: string): string;
  /** A realistic size for the target at that quality. */
  releaseSize(target: DownloadTarget, quality: QualityDefinition, random: Random): number;
  grabbed(download: Download, at: number): void;
  imported(download: Download, at: number): void;
  importBlocked(download: Download, at: number): void;
  /** Runs an app command when it starts; returns false when the name is not the app's. */
  runCommand(command: CommandEntity): boolean;
  /**
   * A random target for a scenario: not in the queue; `seasonPack` asks Sonarr for a whole season.
   * Undefined when nothing is left to grab.
   */
  pickTarget(random: Random, options: { seasonPack?: boolean }): DownloadTarget | undefined;
  /** Media kinds to signal `updated` for after an import or delete (`movie`, `series`, `episode`). */
  readonly mediaSignals: readonly string[];
}

export interface InstanceOptions {
  kind: AppKind;
  clock: Clock;
  seed: number;
  apiKey: string;
  urlBase: string;
  instanceName: string;
  hub: BroadcastTarget;
  webhooks: WebhookSender;
  timing?: Partial<LifecycleTiming>;
  /** Simulated milliseconds between two RefreshMonitoredDownloads runs (default 60 000). */
  refreshIntervalMs?: number;
}

/** The apps run RefreshMonitoredDownloads every minute unless their database says otherwise. */
export const DEFAULT_REFRESH_INTERVAL_MS = 60_000;

export interface GrabOptions {
  target: DownloadTarget;
  title?: string;
  quality?: QualityDefinition;
  size?: number;
  bytesPerSecond?: number;
  protocol?: 'usenet' | 'torrent';
  /** Milliseconds the client keeps it queued before downloading (default 0). */
  startDelayMs?: number;
  fate?: DownloadFate;
  indexerId?: number;
  /** Where the release's details (quality, group, ids) are drawn from (default the lifecycle generator). */
  random?: Random;
}

export interface Instance {
  readonly kind: AppKind;
  readonly clock: Clock;
  readonly apiKey: string;
  readonly urlBase: string;
  readonly instanceName: string;
  readonly startTime: number;
  readonly random: { library: Random; lifecycle: Random; lookup: Random; scenario: Random; releases: Random };
  applicationUrl: string;
  readonly qualityProfiles: QualityProfile[];
  readonly rootFolders: RootFolderEntity[];
  readonly tags: Tag[];
  readonly downloadClients: DownloadClientEntity[];
  readonly indexers: IndexerEntity[];
  /** Free space of paths added with `setDiskFree` beside the root folders. */
  readonly extraDisks: Map<string, { freeSpace: number; totalSpace: number }>;
  readonly downloads: Map<string, Download>;
  /** Releases held back by a delay, by pending-release id. */
  readonly pending: Map<number, PendingRelease>;
  readonly history: HistoryLog;
  readonly health: HealthBoard;
  readonly commands: CommandQueue;
  readonly blocklist: Blocklist;
  readonly push: PushEvents;
  app: MediaApp;
  timing: LifecycleTiming;
  grab(options: GrabOptions): Download;
  /** Holds a release back for `delayMs` (status `delay` in the queue); it is grabbed when the delay ends. */
  addPending(options: GrabOptions & { delayMs: number }): PendingRelease;
  /** Sends a pending release to the download client now (`POST /queue/grab/{id}`). */
  grabPending(pending: PendingRelease): Download;
  /** Drops a pending release (optionally blocklisting it), as `DELETE /queue/{id}` does. */
  removePending(pending: PendingRelease, options: { blocklist: boolean }): void;
  /** Finds a pending release by one of its queue record ids. */
  findPending(queueId: number): PendingRelease | undefined;
  /** Finds a download by queue id or download id. */
  findDownload(id: number | string): Download | undefined;
  removeDownload(download: Download, options: { blocklist: boolean; reason?: string }): void;
  failDownload(id: number | string, message?: string): Download;
  stallDownload(id: number | string): Download;
  resumeDownload(id: number | string): Download;
  blockImport(id: number | string, message?: string): Download;
  /** Imports a blocked or pending download now (manual import). */
  forceImport(download: Download): void;
  raiseHealth(input: { source: string; type: HealthItem['type']; message: string; wikiUrl?: string }): void;
  clearHealth(source: string): void;
  /** Simulated milliseconds between two scheduled refreshes of the tracked downloads. */
  readonly refreshIntervalMs: number;
  /** Changes the refresh interval; the next refresh is due one new interval after the last one. */
  setRefreshInterval(ms: number): void;
  /** When the last refresh ran (the instance's start before the first). */
  readonly lastRefreshAt: number;
  /** When the next scheduled refresh runs. */
  readonly nextRefreshAt: number;
  /**
   * RefreshMonitoredDownloads now: reads every download's state from the client into the queue,
   * notices finished and failed downloads, publishes the queue update; the next scheduled refresh
   * moves to one interval from now, as a manual run of a scheduled task does.
   */
  refresh(): void;
  queueStatus(): Json;
  /**
   * Every queue record in queue order: tracked downloads, then pending releases. Unknown downloads
   * (matched to nothing in the library) are left out when `includeUnknown` is false.
   */
  queueRecords(query: URLSearchParams, options?: { includeUnknown?: boolean }): Json[];
  /** The queue records of one tracked download. */
  recordsOf(download: Download, query?: URLSearchParams): Json[];
  /** The queue records of one pending release. */
  pendingRecordsOf(pending: PendingRelease, query?: URLSearchParams): Json[];
  /** Queue id of every record, for lookups by id. */
  queueIdIndex(): Map<number, Download>;
  tick(now: number): void;
  isTargetQueued(target: DownloadTarget): boolean;
  /** A generator for a scenario, derived from the seed and the scenario's name. */
  scenarioRandom(name: string): Random;
  /** Called on every tick after the lifecycle (scenarios hook in here). */
  onTick(listener: (now: number) => void): void;
}

export function createInstance(options: InstanceOptions): Instance {
  const root = createRandom(options.seed);
  const random = {
    library: root.fork('library'),
    lifecycle: root.fork('lifecycle'),
    lookup: root.fork('lookup'),
    scenario: root.fork('scenario'),
    releases: root.fork('releases'),
  };
  const settingsRandom = root.fork('settings');
  const downloads = new Map<string, Download>();
  const pending = new Map<number, PendingRelease>();
  let nextPendingId = 1;
  const history = createHistoryLog();
  const wikiBase = `https://wiki.servarr.com/${options.kind}/system`;
  const health = createHealthBoard(wikiBase);
  const blocklist = createBlocklist();
  const tickListeners: ((now: number) => void)[] = [];
  const startTime = options.clock.now();
  let refreshIntervalMs = checkInterval(options.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS);
  let lastRefreshAt = startTime;
  let nextRefreshAt = startTime + refreshIntervalMs;
  let queueIndexCache: Map<number, Download> | undefined;
  let app: MediaApp | undefined;

  const requireApp = (): MediaApp => {
    if (app === undefined) throw new Error('The instance has no app yet: call createRadarrApp or createSonarrApp.');
    return app;
  };

  const instance: Instance = {
    kind: options.kind,
    clock: options.clock,
    apiKey: options.apiKey,
    urlBase: options.urlBase,
    instanceName: options.instanceName,
    startTime,
    random,
    applicationUrl: '',
    qualityProfiles: buildQualityProfiles(options.kind),
    rootFolders: buildRootFolders(options.kind, settingsRandom),
    tags: buildTags(),
    downloadClients: buildDownloadClients(),
    indexers: buildIndexers(),
    extraDisks: new Map(),
    downloads,
    pending,
    history,
    health,
    blocklist,
    timing: { ...DEFAULT_TIMING, ...options.timing },
    push: createPushEvents({
      hub: options.hub,
      webhooks: options.webhooks,
      instanceName: options.instanceName,
      applicationUrl: () => instance.applicationUrl,
      queueStatus: () => instance.queueStatus(),
    }),
    commands: createCommandQueue({
      run(command) {
        if (command.name === 'RefreshMonitoredDownloads') {
          instance.refresh();
          return undefined;
        }
        // Both apps import the files' downloads now, whatever blocked them.
        if (command.name === 'ManualImport') {
          for (const item of Array.isArray(command.body.files) ? command.body.files : []) {
            const downloadId = typeof item === 'object' && item !== null && 'downloadId' in item ? (item as { downloadId: unknown }).downloadId : undefined;
            const download = typeof downloadId === 'string' ? downloads.get(downloadId) : undefined;
            if (download !== undefined) instance.forceImport(download);
          }
          return undefined;
        }
        requireApp().runCommand(command);
        return undefined;
      },
      changed(command) {
        instance.push.signal('command', 'updated', commandJson(command));
      },
    }),
    get app() {
      return requireApp();
    },
    set app(value: MediaApp) {
      app = value;
    },

    grab(grabOptions) {
      const now = options.clock.now();
      const lifecycleRandom = grabOptions.random ?? random.lifecycle;
      const { quality, group, protocol, indexer, title } = drawRelease(grabOptions, lifecycleRandom);
      const client = instance.downloadClients.find((candidate) => candidate.protocol === protocol) ?? instance.downloadClients[0];
      if (client === undefined) throw new Error('The instance has no download client.');
      // Usenet ids look like SABnzbd's nzo ids, torrent ids like an info hash.
      const downloadId = protocol === 'torrent' ? lifecycleRandom.hex(40).toUpperCase() : `SABnzbd_nzo_${lifecycleRandom.hex(8)}`;
      const size = grabOptions.size ?? requireApp().releaseSize(grabOptions.target, quality, lifecycleRandom);
      // The app cannot import what it could not match: an unknown download ends blocked.
      const fate: DownloadFate = grabOptions.fate ?? (grabOptions.target.kind === 'unknown' ? { kind: 'blockImport', message: `${options.kind === 'radarr' ? 'Movie' : 'Series'} title mismatch, automatic import is not possible.` } : { kind: 'import' });
      const download: Download = {
        downloadId,
        title,
        protocol,
        downloadClientId: client.id,
        downloadClient: client.name,
        indexerId: indexer.id,
        indexer: indexer.name,
        releaseGroup: group,
        quality,
        customFormatScore: 0,
        size,
        downloaded: 0,
        bytesPerSecond: grabOptions.bytesPerSecond ?? lifecycleRandom.int(2, 40) * 1024 * 1024,
        added: now,
        startAt: now + (grabOptions.startDelayMs ?? 0),
        phase: 'queued',
        phaseSince: now,
        lastProgressAt: now,
        fate,
        statusMessages: [],
        target: grabOptions.target,
        outputPath: `/downloads/complete/${title}`,
      };
      downloads.set(downloadId, download);
      queueIndexCache = undefined;
      for (const target of requireApp().historyTargets(download.target)) {
        history.add({ ...target, date: now, eventType: 'grabbed', downloadId, sourceTitle: title, quality, customFormatScore: 0, data: { indexer: indexer.name, releaseGroup: group, size: String(size), downloadClient: client.name, downloadClientName: client.name, protocol } });
      }
      requireApp().grabbed(download, now);
      // A grab is the app's own event: the queue lists it at once (downloading when the client
      // starts it at once) and the change is published without waiting for a refresh.
      advanceClient(download, now);
      download.shown = queueStatusFields(download);
      instance.push.queueChanged(now);
      return download;
    },

    addPending(pendingOptions) {
      const now = options.clock.now();
      const from = pendingOptions.random ?? random.lifecycle;
      const { quality, protocol, indexer, title } = drawRelease(pendingOptions, from);
      const size = pendingOptions.size ?? requireApp().releaseSize(pendingOptions.target, quality, from);
      const held: PendingRelease = { id: nextPendingId++, target: pendingOptions.target, title, quality, size, protocol, indexerId: indexer.id, indexer: indexer.name, added: now, releaseAt: now + Math.max(0, pendingOptions.delayMs) };
      pending.set(held.id, held);
      instance.push.queueChanged(now);
      return held;
    },
    grabPending(held) {
      pending.delete(held.id);
      return instance.grab({ target: held.target, title: held.title, quality: held.quality, size: held.size, protocol: held.protocol, indexerId: held.indexerId });
    },
    removePending(held, removeOptions) {
      pending.delete(held.id);
      if (removeOptions.blocklist) {
        blocklist.add({ target: held.target, sourceTitle: held.title, quality: held.quality, date: options.clock.now(), protocol: held.protocol, indexer: held.indexer, message: 'Pending release manually blocklisted', downloadId: '' });
      }
      instance.push.queueChanged(options.clock.now());
    },
    findPending(queueId) {
      for (const held of pending.values()) {
        if (instance.pendingRecordsOf(held).some((record) => record.id === queueId)) return held;
      }
      return undefined;
    },

    findDownload(id) {
      if (typeof id === 'string') return downloads.get(id);
      return instance.queueIdIndex().get(id);
    },

    removeDownload(download, removeOptions) {
      downloads.delete(download.downloadId);
      queueIndexCache = undefined;
      if (removeOptions.blocklist) {
        blocklist.add({ target: download.target, sourceTitle: download.title, quality: download.quality, date: options.clock.now(), protocol: download.protocol, indexer: download.indexer, message: removeOptions.reason ?? 'Manually marked as failed', downloadId: download.downloadId });
      }
      instance.push.queueChanged(options.clock.now());
    },

    // Failing, stalling and resuming happen in the download client: the queue shows them after the
    // app's next refresh. Blocking an import is the app's own decision and shows at once.
    failDownload(id, message = 'Download failed: par2 repair failed') {
      const download = mustFind(id);
      const now = options.clock.now();
      advanceClient(download, now);
      if (isClientPhase(download)) {
        failInClient(download, now, message);
      } else if (download.phase === 'importPending' || download.phase === 'importing' || download.phase === 'importBlocked') {
        // The app has it already: the failure is processed like one noticed at a refresh.
        download.phase = 'failedPending';
        download.phaseSince = now;
        download.errorMessage = message;
        download.shown = queueStatusFields(download);
        instance.push.queueChanged(now);
      }
      return download;
    },
    stallDownload(id) {
      const download = mustFind(id);
      const now = options.clock.now();
      advanceClient(download, now);
      if (download.phase === 'queued' || download.phase === 'downloading') stall(download, now);
      return download;
    },
    resumeDownload(id) {
      const download = mustFind(id);
      if (download.phase === 'stalled') resume(download, options.clock.now());
      return download;
    },
    blockImport(id, message = 'Not an upgrade for existing file(s)') {
      const download = mustFind(id);
      const now = options.clock.now();
      download.fate = { kind: 'blockImport', message };
      if (download.phase === 'importPending' || download.phase === 'importing') {
        download.phase = 'importPending';
        download.phaseSince = now - instance.timing.importDelayMs;
        advanceApp(download, now, instance.timing, lifecycleHooks);
        download.shown = queueStatusFields(download);
      }
      return download;
    },
    forceImport(download) {
      const now = options.clock.now();
      lifecycleHooks.imported(download, now);
    },

    raiseHealth(input) {
      const { item, changed } = health.raise(input);
      if (!changed) return;
      instance.push.signal('health', 'sync');
      instance.push.webhook('Health', { level: item.type, message: item.message, type: item.source, wikiUrl: item.wikiUrl });
    },
    clearHealth(source) {
      const item = health.clear(source);
      if (item === undefined) return;
      instance.push.signal('health', 'sync');
      instance.push.webhook('HealthRestored', { level: item.type, message: item.message, type: item.source, wikiUrl: item.wikiUrl, previousCheck: { level: item.type, message: item.message, type: item.source, wikiUrl: item.wikiUrl } });
    },

    queueStatus() {
      // As the apps count: tracked records matched to the library plus pending releases, and apart
      // the unknown ones; errors and warnings come from tracked records only.
      const empty = new URLSearchParams();
      const known: Json[] = [];
      const unknown: Json[] = [];
      for (const download of downloads.values()) (download.target.kind === 'unknown' ? unknown : known).push(...instance.recordsOf(download, empty));
      let pendingCount = 0;
      for (const held of pending.values()) pendingCount += instance.pendingRecordsOf(held, empty).length;
      const has = (records: Json[], status: string): boolean => records.some((record) => record.trackedDownloadStatus === status);
      return {
        id: 0,
        totalCount: known.length + unknown.length + pendingCount,
        count: known.length + pendingCount,
        unknownCount: unknown.length,
        errors: has(known, 'error'),
        warnings: has(known, 'warning'),
        unknownErrors: has(unknown, 'error'),
        unknownWarnings: has(unknown, 'warning'),
      };
    },
    queueRecords(query, recordOptions = {}) {
      const includeUnknown = recordOptions.includeUnknown ?? true;
      const out: Json[] = [];
      for (const download of downloads.values()) {
        if (!includeUnknown && download.target.kind === 'unknown') continue;
        for (const record of instance.recordsOf(download, query)) out.push(record);
      }
      for (const held of pending.values()) for (const record of instance.pendingRecordsOf(held, query)) out.push(record);
      return out;
    },
    recordsOf: (download, query = new URLSearchParams()) => downloadQueueRecords(options.kind, download, requireApp().queueMedia(download.target, query)),
    pendingRecordsOf: (held, query = new URLSearchParams()) => pendingQueueRecords(options.kind, held, requireApp().queueMedia(held.target, query), options.clock.now()),
    queueIdIndex() {
      if (queueIndexCache !== undefined) return queueIndexCache;
      const index = new Map<number, Download>();
      const empty = new URLSearchParams();
      for (const download of downloads.values()) {
        for (const record of instance.recordsOf(download, empty)) index.set(record.id as number, download);
      }
      queueIndexCache = index;
      return index;
    },
    get refreshIntervalMs() {
      return refreshIntervalMs;
    },
    setRefreshInterval(ms) {
      refreshIntervalMs = checkInterval(ms);
      nextRefreshAt = Math.max(options.clock.now(), lastRefreshAt + refreshIntervalMs);
    },
    get lastRefreshAt() {
      return lastRefreshAt;
    },
    get nextRefreshAt() {
      return nextRefreshAt;
    },
    refresh() {
      refreshAt(options.clock.now());
    },
    tick(now) {
      // What is due up to `now`, in time order: the app's imports and failure processing, the
      // debounced queue/status broadcast, the scheduled refreshes.
      for (;;) {
        let due = nextRefreshAt;
        const statusAt = instance.push.statusDueAt();
        if (statusAt !== undefined && statusAt < due) due = statusAt;
        for (const download of downloads.values()) {
          const at = nextAppTransitionAt(download, instance.timing);
          if (at !== undefined && at < due) due = at;
        }
        if (due > now) break;
        advanceAppTo(due);
        const statusDue = instance.push.statusDueAt();
        if (statusDue !== undefined && statusDue <= due) instance.push.sendStatus();
        if (nextRefreshAt <= due) refreshAt(due);
      }
      // A release whose delay has ended is sent to the download client.
      for (const held of [...pending.values()]) if (held.releaseAt <= now) instance.grabPending(held);
      instance.commands.tick(now);
      for (const listener of tickListeners) listener(now);
    },
    isTargetQueued(target) {
      for (const queued of [...[...downloads.values()].map((download) => download.target), ...[...pending.values()].map((held) => held.target)]) {
        if (target.kind === 'movie' && queued.kind === 'movie' && queued.movieId === target.movieId) return true;
        if (target.kind === 'episodes' && queued.kind === 'episodes' && queued.seriesId === target.seriesId && queued.episodeIds.some((id) => target.episodeIds.includes(id))) return true;
      }
      return false;
    },
    onTick(listener) {
      tickListeners.push(listener);
    },
    scenarioRandom: (name) => random.scenario.fork(name),
  };

  /** The app's own transitions (imports, failure processing) up to `at`. */
  function advanceAppTo(at: number): void {
    for (const download of [...downloads.values()]) {
      if (advanceApp(download, at, instance.timing, lifecycleHooks) === 'changed') download.shown = queueStatusFields(download);
    }
  }

  /** One RefreshMonitoredDownloads at `at`. */
  function refreshAt(at: number): void {
    advanceAppTo(at);
    for (const download of downloads.values()) {
      advanceClient(download, at);
      noticeAtRefresh(download, at);
      download.shown = queueStatusFields(download);
    }
    // An import delay of 0 starts at the refresh itself.
    advanceAppTo(at);
    lastRefreshAt = at;
    nextRefreshAt = at + refreshIntervalMs;
    // The app publishes its queue update after every refresh, even with nothing in the queue.
    instance.push.queueChanged(at);
  }

  const lifecycleHooks = {
    imported(download: Download, at: number) {
      downloads.delete(download.downloadId);
      queueIndexCache = undefined;
      for (const target of requireApp().historyTargets(download.target)) {
        history.add({ ...target, date: at, eventType: 'downloadFolderImported', downloadId: download.downloadId, sourceTitle: download.title, quality: download.quality, customFormatScore: 0, data: { droppedPath: `${download.outputPath}/${download.title}.mkv`, importedPath: '', downloadClient: download.downloadClient, downloadClientName: download.downloadClient } });
      }
      requireApp().imported(download, at);
      instance.push.queueChanged(at);
    },
    importBlocked(download: Download, at: number) {
      requireApp().importBlocked(download, at);
      instance.push.queueChanged(at);
    },
    failed(download: Download, at: number) {
      for (const target of requireApp().historyTargets(download.target)) {
        history.add({ ...target, date: at, eventType: 'downloadFailed', downloadId: download.downloadId, sourceTitle: download.title, quality: download.quality, customFormatScore: 0, data: { message: download.errorMessage ?? 'Download failed', downloadClient: download.downloadClient, downloadClientName: download.downloadClient, indexer: download.indexer } });
      }
      instance.push.queueChanged(at);
    },
  };

  /** Quality, group, protocol, indexer and title of a new release, drawn where not given. */
  function drawRelease(grabOptions: GrabOptions, from: Random) {
    const quality = grabOptions.quality ?? from.pick(QUALITIES.slice(1, 5));
    const group = from.pick(RELEASE_GROUPS);
    const protocol = grabOptions.protocol ?? (from.chance(0.5) ? 'usenet' : 'torrent');
    const indexer = instance.indexers.find((candidate) => candidate.id === grabOptions.indexerId) ?? instance.indexers.find((candidate) => candidate.protocol === protocol) ?? instance.indexers[0];
    if (indexer === undefined) throw new Error('The instance has no indexer.');
    const title = grabOptions.title ?? requireApp().releaseTitle(grabOptions.target, quality, group);
    return { quality, group, protocol, indexer, title };
  }

  function mustFind(id: number | string): Download {
    const download = instance.findDownload(id);
    if (download === undefined) throw new RangeError(`No download with queue id or download id ${String(id)} in the queue.`);
    return download;
  }

  return instance;
}

/** Phases only the download client knows about until the app's next refresh. */
function isClientPhase(download: Download): boolean {
  return download.phase === 'queued' || download.phase === 'downloading' || download.phase === 'stalled' || download.phase === 'downloaded';
}

function checkInterval(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`refreshIntervalMs needs a positive number of milliseconds; got ${ms}`);
  return ms;
}
