/**
 * Webhooks of an instance (Settings > Connect > Webhook), parsed by the SDK into its typed union:
 * each becomes the events polling would give, with the same ids, at once.
 *
 * - A Sonarr season pack is one import with every episode, whichever way its webhooks come: Sonarr
 *   sends one `Download` per imported file, then (when enabled) one "import complete" `Download`
 *   with `episodeFiles` (Sonarr main: src/NzbDrone.Core/Notifications/NotificationService.cs,
 *   Webhook/WebhookBase.cs). The pack is announced at the import-complete webhook, when every
 *   episode the queue showed is imported, when it leaves the queue, or, for a pack the queue never
 *   showed, once its per-file webhooks have stopped coming for `packSettleMs`.
 * - ManualInteractionRequired for a download the app could not match carries no movie or series
 *   (Radarr master: src/NzbDrone.Core/Download/CompletedDownloadService.cs): the import-blocked
 *   event names the download by `downloadInfo.title`; it is the only signal of such a download.
 */
import type { RadarrWebhookPayload, SonarrWebhookPayload } from '@discarr/arr-sdk';
import type { DownloadFacts, MediaFacts } from './events.ts';
import type { LibraryWatch } from './library-watch.ts';
import { compact, mergeMedia, movieFacts, seriesFacts, tagLabelsOf } from './media-facts.ts';
import { ownValue, withoutKey } from './records.ts';
import type { SystemReads } from './system-reads.ts';
import type { WatcherContext } from './watcher-context.ts';

/** A parsed webhook body of either app. */
export type WebhookPayload = RadarrWebhookPayload | SonarrWebhookPayload;
type DownloadPayload = Extract<WebhookPayload, { eventType: 'Download' }>;
type BlockedPayload = Extract<WebhookPayload, { eventType: 'ManualInteractionRequired' }>;

export class WebhookIngest {
  readonly #ctx: WatcherContext;
  readonly #system: SystemReads;
  readonly #library: LibraryWatch;
  /** Packs seen only through per-file webhooks: announced once these timers fire. */
  readonly #settles = new Map<string, unknown>();

  constructor(ctx: WatcherContext, system: SystemReads, library: LibraryWatch) {
    this.#ctx = ctx;
    this.#system = system;
    this.#library = library;
  }

  /** Cancels the timers of packs still settling (their evidence stays in the checkpoint for history). */
  stop(): void {
    for (const handle of this.#settles.values()) this.#ctx.clock.clearTimeout(handle);
    this.#settles.clear();
  }

  #debounced(task: 'queue' | 'health'): void {
    this.#ctx.scheduler.debounce(task, 'webhook', this.#ctx.settings.pushDebounceMs);
  }

  /** Emits the events of one parsed webhook payload; returns how many. */
  ingest(payload: WebhookPayload): number {
    const { emitter } = this.#ctx;
    const before = emitter.count;
    const media = webhookMedia(this.#ctx.kind, payload);
    switch (payload.eventType) {
      case 'Grab':
        if (payload.downloadId) emitter.emit({ type: 'download.grabbed', media: media ?? this.#unknownMedia(), download: webhookDownload(payload, payload.downloadId) }, payload.downloadId, 'webhook');
        this.#debounced('queue');
        break;
      case 'Download':
        this.#download(payload, media ?? this.#unknownMedia());
        this.#debounced('queue');
        break;
      case 'ManualInteractionRequired':
        this.#importBlocked(payload, media);
        break;
      case 'Health':
      case 'HealthRestored':
        // Flap suppression applies to pushed health too: read the checks and let the tracker decide.
        this.#debounced('health');
        break;
      case 'ApplicationUpdate':
        if (payload.newVersion) this.#system.versionSeen(payload.newVersion, 'webhook', payload.previousVersion || undefined);
        break;
      case 'MovieAdded':
        this.#library.added(payload.movie.id, media ?? this.#unknownMedia(), 'webhook');
        break;
      case 'SeriesAdd':
        this.#library.added(payload.series.id, media ?? this.#unknownMedia(), 'webhook');
        break;
      case 'MovieDelete':
        this.#library.deleted(payload.movie.id, media, payload.deletedFiles, 'webhook');
        break;
      case 'SeriesDelete':
        this.#library.deleted(payload.series.id, media, payload.deletedFiles, 'webhook');
        break;
      default:
        break;
    }
    this.#ctx.requestSave();
    return emitter.count - before;
  }

  #unknownMedia(title?: string): MediaFacts {
    return this.#ctx.kind === 'radarr' ? movieFacts(undefined, undefined, title) : seriesFacts(undefined, [], undefined, title);
  }

  /** ManualInteractionRequired: the import is blocked; without media, the download names itself. */
  #importBlocked(payload: BlockedPayload, media: MediaFacts | undefined): void {
    const downloadId = payload.downloadId;
    if (!downloadId) return;
    const tracked = ownValue(this.#ctx.checkpoint().queue, downloadId);
    if (tracked) tracked.importBlocked = true;
    const messages = payload.downloadStatusMessages.flatMap((m) => [...(m.messages ?? [])]);
    const download = webhookDownload(payload, downloadId);
    const named = media ?? tracked?.media ?? this.#unknownMedia(download.releaseTitle);
    this.#ctx.emitter.emit({ type: 'download.importBlocked', media: named, download, messages }, downloadId, 'webhook');
  }

  #download(payload: DownloadPayload, media: MediaFacts): void {
    const file = 'movieFile' in payload ? payload.movieFile : 'episodeFile' in payload ? payload.episodeFile : payload.episodeFiles[0];
    const key = payload.downloadId ?? (file ? `file-${String(file.id)}` : undefined);
    if (!key || this.#ctx.emitter.hasFinal(key)) return;
    if ('episodeFiles' in payload) this.#packComplete(payload, key, media);
    else if ('episodeFile' in payload) this.#episodeFileImported(payload, key, media);
    else this.#imported(key, this.#trackedMedia(key) ?? media, webhookDownload(payload, key), payload.isUpgrade);
  }

  /** What the queue showed of a download (in it, or gone from it waiting for its outcome). */
  #trackedMedia(key: string): MediaFacts | undefined {
    const checkpoint = this.#ctx.checkpoint();
    return (ownValue(checkpoint.queue, key) ?? ownValue(checkpoint.pending, key)?.tracked)?.media;
  }

  /** The download is imported: its one `download.imported`, with `media`, and the download facts the queue knew. */
  #imported(key: string, media: MediaFacts, download: DownloadFacts, isUpgrade: boolean): void {
    const checkpoint = this.#ctx.checkpoint();
    const tracked = ownValue(checkpoint.queue, key) ?? ownValue(checkpoint.pending, key)?.tracked;
    const evidence = ownValue(checkpoint.imports, key);
    this.#cancelSettle(key);
    checkpoint.pending = withoutKey(checkpoint.pending, key);
    checkpoint.imports = withoutKey(checkpoint.imports, key);
    this.#ctx.emitter.imported(media, { ...download, ...evidence?.download, ...tracked?.download }, isUpgrade || evidence?.isUpgrade === true, 'webhook');
  }

  /** Sonarr's "import complete": every file of the download is in; the pack with all its episodes. */
  #packComplete(payload: Extract<DownloadPayload, { episodeFiles: unknown }>, key: string, media: MediaFacts): void {
    const evidence = ownValue(this.#ctx.checkpoint().imports, key);
    const all = mergeMedia([this.#trackedMedia(key), evidence?.media, media].filter((m): m is MediaFacts => m !== undefined));
    this.#imported(key, all, webhookDownload(payload, key), false);
  }

  /** One episode file of a Sonarr download: the pack is announced when all of it is in. */
  #episodeFileImported(payload: Extract<DownloadPayload, { episodeFile: unknown }>, key: string, media: MediaFacts): void {
    const { clock } = this.#ctx;
    const checkpoint = this.#ctx.checkpoint();
    const inQueue = ownValue(checkpoint.queue, key);
    const pending = ownValue(checkpoint.pending, key);
    if (!inQueue && pending) {
      // It left the queue already: this file finishes what the queue showed.
      this.#imported(key, pending.tracked.media, webhookDownload(payload, key), payload.isUpgrade);
      return;
    }
    const evidence = ownValue(checkpoint.imports, key);
    const imported = new Set([...(evidence?.episodes ?? []), ...payload.episodes.map((e) => episodeKey(e))]);
    const expected = inQueue?.media.episodes;
    const download = { ...webhookDownload(payload, key), ...evidence?.download };
    const isUpgrade = payload.isUpgrade || evidence?.isUpgrade === true;
    const gathered = mergeMedia([inQueue?.media, evidence?.media, media].filter((m): m is MediaFacts => m !== undefined));
    if (expected && expected.every((e) => imported.has(episodeKey(e)))) {
      this.#imported(key, gathered, download, isUpgrade);
      return;
    }
    // More of the pack to come: announced when the rest is imported or the pack leaves the queue.
    checkpoint.imports[key] = { at: clock.now(), media: gathered, download, isUpgrade, episodes: [...imported], source: 'webhook' };
    if (!inQueue) this.#settleLater(key);
  }

  /** A pack the queue never showed: announced once its per-file webhooks stop coming. */
  #settleLater(key: string): void {
    const { clock, settings } = this.#ctx;
    this.#cancelSettle(key);
    const handle = clock.setTimeout(() => {
      this.#settles.delete(key);
      const checkpoint = this.#ctx.checkpoint();
      const evidence = ownValue(checkpoint.imports, key);
      // Seen in the queue meanwhile: it is announced when it leaves it.
      if (!evidence || ownValue(checkpoint.queue, key) || this.#ctx.emitter.hasFinal(key)) return;
      this.#imported(key, evidence.media, evidence.download, evidence.isUpgrade);
      this.#ctx.requestSave();
    }, settings.packSettleMs);
    this.#settles.set(key, handle);
  }

  #cancelSettle(key: string): void {
    const handle = this.#settles.get(key);
    if (handle === undefined) return;
    this.#ctx.clock.clearTimeout(handle);
    this.#settles.delete(key);
  }
}

/** The movie or series a webhook is about (`undefined` when it names none, e.g. an unmatched download). */
function webhookMedia(kind: 'radarr' | 'sonarr', payload: WebhookPayload): MediaFacts | undefined {
  if (kind === 'radarr') {
    const movie = 'movie' in payload ? payload.movie : undefined;
    const remote = 'remoteMovie' in payload ? payload.remoteMovie : undefined;
    const found = movie ?? remote;
    return found ? movieFacts(found, undefined, undefined, tagLabelsOf(movie?.tags)) : undefined;
  }
  const series = 'series' in payload ? payload.series : undefined;
  if (!series) return undefined;
  return seriesFacts(series, 'episodes' in payload ? payload.episodes : undefined, undefined, undefined, tagLabelsOf(series.tags));
}

/** The download facts a webhook carries: its release, its file, or what the client reports. */
function webhookDownload(payload: WebhookPayload, downloadId: string): DownloadFacts {
  // Grab carries the whole release; Download and ManualInteractionRequired a part of it.
  const release: { releaseTitle?: string; quality?: string; size?: number; indexer?: string; releaseGroup?: string } | undefined = 'release' in payload ? payload.release : undefined;
  const file = 'movieFile' in payload ? payload.movieFile : 'episodeFile' in payload ? payload.episodeFile : undefined;
  const info = 'downloadInfo' in payload ? payload.downloadInfo : undefined;
  const client = 'downloadClient' in payload ? payload.downloadClient : undefined;
  return compact<DownloadFacts>({
    downloadId,
    releaseTitle: release?.releaseTitle ?? info?.title ?? file?.sceneName,
    quality: release?.quality ?? file?.quality ?? info?.quality,
    size: release?.size ?? file?.size ?? info?.size,
    indexer: release?.indexer ?? info?.indexer,
    downloadClient: client,
    releaseGroup: release?.releaseGroup ?? file?.releaseGroup,
  });
}

/** An episode as `<season>x<episode>`. */
function episodeKey(episode: { seasonNumber?: number | null; episodeNumber?: number | null }): string {
  return `${String(episode.seasonNumber ?? 0)}x${String(episode.episodeNumber ?? 0)}`;
}
