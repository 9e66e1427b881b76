/**
 * Webhooks of an instance (Settings > Connect > Webhook), already parsed: each becomes the events
 * polling would give, with the same ids, at once. A Sonarr season pack is one import, announced when
 * every episode of it is imported (or at the "import complete" webhook, or when it leaves the queue).
 */
import type { DownloadFacts, MediaFacts } from './events.ts';
import type { LibraryWatch } from './library-watch.ts';
import { compact, movieFacts, seriesFacts } from './media-facts.ts';
import { ownValue, withoutKey } from './records.ts';
import type { SystemReads } from './system-reads.ts';
import type { WatcherContext } from './watcher-context.ts';
import type { WebhookPayloadRecord } from './webhook-records.ts';

export class WebhookIngest {
  readonly #ctx: WatcherContext;
  readonly #system: SystemReads;
  readonly #library: LibraryWatch;

  constructor(ctx: WatcherContext, system: SystemReads, library: LibraryWatch) {
    this.#ctx = ctx;
    this.#system = system;
    this.#library = library;
  }

  #debounced(task: 'queue' | 'health'): void {
    this.#ctx.scheduler.debounce(task, 'webhook', this.#ctx.settings.pushDebounceMs);
  }

  /** Emits the events of one parsed webhook payload; returns how many. */
  ingest(payload: WebhookPayloadRecord): number {
    const { emitter, kind } = this.#ctx;
    const before = emitter.count;
    const media = kind === 'radarr' ? movieFacts(payload.movie ?? payload.remoteMovie) : seriesFacts(payload.series, payload.episodes ?? []);
    const downloadId = payload.downloadId ?? undefined;
    switch (payload.eventType) {
      case 'Grab':
        if (downloadId) emitter.emit({ type: 'download.grabbed', media, download: webhookDownload(payload, downloadId) }, downloadId, 'webhook');
        this.#debounced('queue');
        break;
      case 'Download': {
        const file = payload.movieFile ?? payload.episodeFile ?? payload.episodeFiles?.[0];
        const key = downloadId ?? (file?.id !== undefined && file.id !== null ? `file-${String(file.id)}` : undefined);
        if (key && !emitter.hasFinal(key)) this.#imported(payload, key, media);
        this.#debounced('queue');
        break;
      }
      case 'ManualInteractionRequired':
        if (downloadId) this.#importBlocked(payload, downloadId, media);
        break;
      case 'Health':
      case 'HealthRestored':
        // Flap suppression applies to pushed health too: read the checks and let the tracker decide.
        this.#debounced('health');
        break;
      case 'ApplicationUpdate':
        if (payload.newVersion) this.#system.versionSeen(payload.newVersion, 'webhook', payload.previousVersion ?? undefined);
        break;
      case 'MovieAdded':
      case 'SeriesAdd': {
        const id = (payload.movie ?? payload.series)?.id;
        if (typeof id === 'number') this.#library.added(id, media, 'webhook');
        break;
      }
      case 'MovieDelete':
      case 'SeriesDelete': {
        const id = (payload.movie ?? payload.series)?.id;
        if (typeof id === 'number') this.#library.deleted(id, media, payload.deletedFiles ?? undefined, 'webhook');
        break;
      }
      default:
        break;
    }
    this.#ctx.requestSave();
    return emitter.count - before;
  }

  #importBlocked(payload: WebhookPayloadRecord, downloadId: string, media: MediaFacts): void {
    const tracked = ownValue(this.#ctx.checkpoint().queue, downloadId);
    if (tracked) tracked.importBlocked = true;
    const messages = (payload.downloadStatusMessages ?? []).flatMap((m) => [...(m.messages ?? [])]);
    this.#ctx.emitter.emit({ type: 'download.importBlocked', media, download: webhookDownload(payload, downloadId), messages }, downloadId, 'webhook');
  }

  /**
   * A `Download` webhook. Sonarr sends one per imported episode file, and for a whole finished
   * download one with `episodeFiles`: a season pack is imported when every episode it holds is (or
   * when it leaves the queue, as the polling path decides), not at its first file.
   */
  #imported(payload: WebhookPayloadRecord, key: string, media: MediaFacts): void {
    const { emitter, clock, kind } = this.#ctx;
    const checkpoint = this.#ctx.checkpoint();
    const inQueue = ownValue(checkpoint.queue, key);
    const tracked = inQueue ?? ownValue(checkpoint.pending, key)?.tracked;
    const download = { ...webhookDownload(payload, key), ...tracked?.download };
    const evidence = ownValue(checkpoint.imports, key);
    const isUpgrade = payload.isUpgrade === true || evidence?.isUpgrade === true;
    if (kind === 'sonarr' && inQueue && !Array.isArray(payload.episodeFiles)) {
      const imported = new Set([...(evidence?.episodes ?? []), ...(payload.episodes ?? []).map((e) => episodeKey(e))]);
      const rest = (inQueue.media.episodes ?? []).filter((e) => !imported.has(episodeKey(e)));
      if (rest.length > 0) {
        // More of the pack to come: announced when the rest is imported or the pack leaves the queue.
        checkpoint.imports[key] = { at: clock.now(), media: inQueue.media, download, isUpgrade, episodes: [...imported], source: 'webhook' };
        return;
      }
    }
    checkpoint.pending = withoutKey(checkpoint.pending, key);
    checkpoint.imports = withoutKey(checkpoint.imports, key);
    emitter.imported(tracked?.media ?? media, download, isUpgrade, 'webhook');
  }
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
