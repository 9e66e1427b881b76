/**
 * Tag labels of one instance. Webhooks name a movie's or series' tags by label (`["4k"]`), REST
 * resources by id (`[3]`); events carry one form, the labels, whichever way they were learnt. The
 * ids are resolved through the app's tag list (`GET /tag`), read once and again only when an id it
 * does not know shows up (at most once a minute), so resolving costs nothing in steady state.
 */
import type { TagRecord } from './arr-records.ts';
import type { Clock } from './clock.ts';
import type { CompleteLogger } from './logging.ts';

/** Turns tag ids into labels (unknown ids left out); `undefined` for no ids. */
export type TagLabeler = (ids: readonly (number | null | undefined)[] | null | undefined) => string[] | undefined;

export class TagLabels {
  readonly #read: () => Promise<TagRecord[]>;
  readonly #clock: Clock;
  readonly #logger: CompleteLogger;
  readonly #instance: string;
  readonly #minRefreshMs: number;
  readonly #labels = new Map<number, string>();
  #readAt = Number.NEGATIVE_INFINITY;
  #reading: Promise<void> | undefined;

  constructor(read: () => Promise<TagRecord[]>, clock: Clock, logger: CompleteLogger, instance: string, minRefreshMs = 60_000) {
    this.#read = read;
    this.#clock = clock;
    this.#logger = logger;
    this.#instance = instance;
    this.#minRefreshMs = minRefreshMs;
  }

  /** Reads the tag list when one of `ids` is not known yet (and the last read is a minute old). */
  async learn(ids: Iterable<number>): Promise<void> {
    let unknown = false;
    for (const id of ids) if (!this.#labels.has(id)) unknown = true;
    if (!unknown || this.#clock.now() - this.#readAt < this.#minRefreshMs) return;
    this.#reading ??= this.#refresh().finally(() => {
      this.#reading = undefined;
    });
    await this.#reading;
  }

  /** The labels of `ids` from what is known now (unknown ids left out). */
  readonly label: TagLabeler = (ids) => {
    if (!ids || ids.length === 0) return undefined;
    const labels: string[] = [];
    for (const id of ids) {
      const label = typeof id === 'number' ? this.#labels.get(id) : undefined;
      if (label !== undefined) labels.push(label);
    }
    return labels;
  };

  async #refresh(): Promise<void> {
    this.#readAt = this.#clock.now();
    try {
      const tags = await this.#read();
      this.#labels.clear();
      for (const tag of tags) if (typeof tag.id === 'number' && typeof tag.label === 'string') this.#labels.set(tag.id, tag.label);
    } catch (error) {
      // Events go out without the labels it could not resolve; the next unknown id tries again.
      this.#logger.debug({ instance: this.#instance, error: error instanceof Error ? error.message : String(error) }, 'could not read the tag list');
    }
  }
}

/** The tag ids of the media embedded in records (movies, series, or library resources). */
export function tagIdsOf(records: readonly { movie?: { tags?: readonly (number | null | undefined)[] | null } | null; series?: { tags?: readonly (number | null | undefined)[] | null } | null; tags?: readonly (number | null | undefined)[] | null }[]): Set<number> {
  const ids = new Set<number>();
  for (const record of records) {
    for (const list of [record.tags, record.movie?.tags, record.series?.tags]) {
      if (!Array.isArray(list)) continue;
      for (const id of list as readonly unknown[]) if (typeof id === 'number') ids.add(id);
    }
  }
  return ids;
}
