/**
 * Movies and series added to and deleted from an instance's library, however the monitor learns
 * it: a webhook, a SignalR `movie`/`series` message, or the (rare, heavy) library read that
 * reconciles what push missed. One real addition or deletion is one event, with the same id on
 * every path.
 */
import { mediaKey } from './event-ids.ts';
import type { EventSource, MediaFacts } from './events.ts';
import { isNewAddition, libraryMedia, mergeLibraryIds, type LibraryRecord } from './library-facts.ts';
import { compact } from './media-facts.ts';
import type { ReadCadence } from './read-cadence.ts';
import type { Reachability } from './reachability.ts';
import type { Signal } from './signalr-channel.ts';
import { tagIdsOf } from './tag-labels.ts';
import type { WatcherContext } from './watcher-context.ts';

export class LibraryWatch {
  readonly #ctx: WatcherContext;
  readonly #reachability: Reachability;
  readonly #cadence: ReadCadence;
  /** Media facts of library items seen (library reads, push bodies, webhooks): titles for deletions. */
  readonly #known = new Map<number, MediaFacts>();

  constructor(ctx: WatcherContext, reachability: Reachability, cadence: ReadCadence) {
    this.#ctx = ctx;
    this.#reachability = reachability;
    this.#cadence = cadence;
  }

  get #mediaType(): 'movie' | 'series' {
    return this.#ctx.kind === 'radarr' ? 'movie' : 'series';
  }

  /** Reads the whole library: additions by their `added` date, deletions by the ids gone since the last read. */
  async read(): Promise<void> {
    const { reader, clock, scheduler } = this.#ctx;
    const before = new Set(this.#ctx.checkpoint().library?.ids ?? []);
    const baseline = this.#ctx.checkpoint().library === undefined;
    const records = await reader.library();
    this.#reachability.succeeded();
    await this.#ctx.tags.learn(tagIdsOf(records));
    const current = new Set<number>();
    for (const record of records) {
      if (typeof record.id !== 'number') continue;
      current.add(record.id);
      this.seen(record, record.id, 'poll');
    }
    const checkpoint = this.#ctx.checkpoint();
    const now = new Set(checkpoint.library?.ids ?? []);
    if (!baseline) for (const id of before) if (!current.has(id) && now.has(id)) this.deleted(id, undefined, undefined, 'poll');
    checkpoint.library = { ids: mergeLibraryIds(current, before, now), readAt: clock.now() };
    scheduler.schedule('library', this.#cadence.jittered(this.#cadence.intervals().libraryMs));
  }

  /**
   * `movie` (Radarr) and `series` (Sonarr) messages. The apps send an addition as `updated` with the
   * whole resource (after the refresh that follows the add), like any other change: it is news when
   * its `added` date is new. A deletion is `deleted` with the id (Radarr) or the whole resource (Sonarr).
   */
  async onSignal(signal: Signal): Promise<void> {
    if (signal.name !== this.#mediaType) return;
    const resource = signal.resource as LibraryRecord | undefined;
    const id = resource?.id;
    if (typeof id !== 'number' || !resource) return;
    await this.#ctx.tags.learn(tagIdsOf([resource]));
    if (signal.action === 'deleted') {
      const named = typeof resource.title === 'string' && resource.title !== '';
      this.deleted(id, named ? libraryMedia(this.#ctx.kind, resource, id, this.#ctx.tags.label) : undefined, undefined, 'push');
    } else if ((signal.action === 'updated' || signal.action === 'created') && typeof resource.title === 'string') {
      this.seen(resource, id, 'push');
    }
  }

  /** A library resource seen: remembered for a later deletion, and announced when newly added. */
  seen(record: LibraryRecord, id: number, source: EventSource): void {
    const media = libraryMedia(this.#ctx.kind, record, id, this.#ctx.tags.label);
    this.#known.set(id, media);
    const since = Math.max(this.#ctx.checkpoint().baselineAt, this.#ctx.clock.now() - this.#ctx.settings.emittedRetentionMs);
    if (isNewAddition(record, since)) this.added(id, media, source);
  }

  /** `media.added` (once per item). */
  added(id: number, media: MediaFacts, source: EventSource): void {
    this.#known.set(id, media);
    const library = this.#ctx.checkpoint().library;
    if (library && !library.ids.includes(id)) library.ids.push(id);
    this.#ctx.emitter.emit({ type: 'media.added', media }, mediaKey(this.#mediaType, id), source);
  }

  /** `media.deleted` (once per item), named from `facts` or from what was seen of it. */
  deleted(id: number, facts: MediaFacts | undefined, deletedFiles: boolean | undefined, source: EventSource): void {
    const media = facts ?? this.#known.get(id) ?? libraryMedia(this.#ctx.kind, undefined, id);
    this.#known.delete(id);
    const library = this.#ctx.checkpoint().library;
    if (library) library.ids = library.ids.filter((known) => known !== id);
    this.#ctx.emitter.emit(compact({ type: 'media.deleted' as const, media, deletedFiles }), mediaKey(this.#mediaType, id), source);
  }
}
