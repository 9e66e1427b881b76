/**
 * What autocomplete answers from: recent lookups (`/movie/lookup`, `/series/lookup` per instance and
 * term) and each instance's library titles, in lru-caches. Discord drops an autocomplete not
 * answered within 3 s, and a busy instance can take longer: a suggestion waits for a fresh lookup
 * only up to a budget, else answers from what is cached (the library, earlier lookups of shorter
 * terms) while the lookup finishes behind and fills the cache for the next keystroke. Stale entries
 * are served and refreshed behind. Writes (an add) invalidate the instance's entries.
 */
import type { Clock } from '@discarr/monitor';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { logDetail } from './instance-errors.ts';
import type { ResolvedInstance } from './instances.ts';

/** A movie or series as the search and add flow needs it, from a lookup or the library. */
export interface MediaSummary {
  kind: 'movie' | 'series';
  title: string;
  year?: number;
  /** `tmdb:603` or `tvdb:81189`: the key autocomplete values and the add flow use. */
  key: string;
  tmdbId?: number;
  tvdbId?: number;
  /** The id in the instance's library (0 or absent when not in it). */
  libraryId?: number;
  overview?: string;
  posterUrl?: string;
  runtime?: number;
  seasonCount?: number;
  /** What an add sends back as the lookup gave it. */
  titleSlug?: string;
  imdbId?: string;
  images?: { coverType: string; url?: string; remoteUrl?: string }[];
  seasons?: { seasonNumber: number; monitored: boolean }[];
}

export interface LookupCacheOptions {
  clock: Pick<Clock, 'now'>;
  logger: Logger;
  /** After this, an entry is served but refreshed behind. Default 10 min. */
  staleAfterMs?: number;
  /** How long a suggestion waits for a lookup that is not cached. Default 1500 ms. */
  budgetMs?: number;
  /** Lookups kept. Default 500. */
  max?: number;
}

interface Entry<T> {
  value: T;
  at: number;
}

export class LookupCache {
  readonly #lookups: LRUCache<string, Entry<MediaSummary[]>>;
  readonly #libraries = new Map<string, Entry<MediaSummary[]>>();
  readonly #inFlight = new Map<string, Promise<MediaSummary[]>>();
  readonly #clock: Pick<Clock, 'now'>;
  readonly #logger: Logger;
  readonly #staleAfterMs: number;
  readonly #budgetMs: number;

  constructor(options: LookupCacheOptions) {
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#staleAfterMs = options.staleAfterMs ?? 10 * 60_000;
    this.#budgetMs = options.budgetMs ?? 1500;
    this.#lookups = new LRUCache({ max: options.max ?? 500 });
  }

  /** The lookup of `term` on `instance`: cached (refreshed behind when stale), else read now. Throws the instance's error. */
  async lookup(instance: ResolvedInstance, term: string): Promise<MediaSummary[]> {
    const key = `${instance.name}\u0000${term.trim().toLowerCase()}`;
    const cached = this.#lookups.get(key);
    if (cached !== undefined) {
      if (this.#stale(cached)) void this.#readLookup(instance, term, key).catch(() => undefined);
      return cached.value;
    }
    return this.#readLookup(instance, term, key);
  }

  /** The library of `instance` (cached; refreshed behind when stale). */
  async library(instance: ResolvedInstance): Promise<MediaSummary[]> {
    const cached = this.#libraries.get(instance.name);
    if (cached !== undefined) {
      if (this.#stale(cached)) void this.#readLibrary(instance).catch(() => undefined);
      return cached.value;
    }
    return this.#readLibrary(instance);
  }

  /** The library as cached now, without waiting (empty before the first read, which this starts). */
  libraryNow(instance: ResolvedInstance): MediaSummary[] {
    const cached = this.#libraries.get(instance.name);
    if (cached === undefined || this.#stale(cached)) void this.#readLibrary(instance).catch(() => undefined);
    return cached?.value ?? [];
  }

  /** The library within the budget: cached at once, else the first read if it comes in time, else nothing yet. */
  async libraryWithin(instance: ResolvedInstance): Promise<MediaSummary[]> {
    const cached = this.#libraries.get(instance.name);
    if (cached !== undefined) return this.libraryNow(instance);
    const read = this.library(instance).catch((error: unknown) => {
      this.#logger.debug({ err: logDetail(error), instance: instance.name }, 'library read for autocomplete failed');
      return [];
    });
    return (await this.#withinBudget(read)) ?? [];
  }

  /** `promise`'s value when it settles within the budget, else undefined (it goes on behind). */
  async #withinBudget<T>(promise: Promise<T>): Promise<T | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Real time on purpose: the budget is against Discord's 3 s, not the bot's (injected) clock.
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        resolve(undefined);
      }, this.#budgetMs);
    });
    try {
      return await Promise.race([promise, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Suggestions for what the user typed, within the budget: a fresh or cached lookup when it comes
   * in time, else the library's and earlier lookups' titles that match, the lookup going on behind.
   */
  async suggest(instance: ResolvedInstance, typed: string): Promise<MediaSummary[]> {
    const term = typed.trim();
    const library = this.libraryNow(instance);
    if (term.length < 2) return library.slice(0, 25);
    const looked = this.lookup(instance, term).catch((error: unknown) => {
      this.#logger.debug({ err: logDetail(error), instance: instance.name }, 'autocomplete lookup failed');
      return undefined;
    });
    const found = await this.#withinBudget(looked);
    const words = term.toLowerCase();
    const matching = (items: readonly MediaSummary[]) => items.filter((item) => item.title.toLowerCase().includes(words));
    const known = [...this.#lookups.entries()].filter(([key]) => key.startsWith(`${instance.name}\u0000`) && words.startsWith(key.slice(instance.name.length + 1))).flatMap(([, entry]) => entry.value);
    return dedupe([...(found ?? []), ...matching(library), ...matching(known)]).slice(0, 25);
  }

  /** Forgets an instance's lookups and library (after an add). */
  invalidate(instanceName: string): void {
    this.#libraries.delete(instanceName);
    for (const key of [...this.#lookups.keys()]) if (key.startsWith(`${instanceName}\u0000`)) this.#lookups.delete(key);
  }

  #stale(entry: Entry<unknown>): boolean {
    return this.#clock.now() - entry.at > this.#staleAfterMs;
  }

  #readLookup(instance: ResolvedInstance, term: string, key: string): Promise<MediaSummary[]> {
    return this.#once(`lookup\u0000${key}`, async () => {
      const value = instance.app === 'radarr' ? (await instance.client.movies.lookup(term)).map(movieSummary) : (await instance.client.series.lookup(term)).map(seriesSummary);
      this.#lookups.set(key, { value, at: this.#clock.now() });
      return value;
    });
  }

  #readLibrary(instance: ResolvedInstance): Promise<MediaSummary[]> {
    return this.#once(`library\u0000${instance.name}`, async () => {
      const value = instance.app === 'radarr' ? (await instance.client.movies.list()).map(movieSummary) : (await instance.client.series.list()).map(seriesSummary);
      this.#libraries.set(instance.name, { value, at: this.#clock.now() });
      return value;
    });
  }

  /** One read per key at a time: concurrent keystrokes share it. */
  #once(key: string, read: () => Promise<MediaSummary[]>): Promise<MediaSummary[]> {
    const running = this.#inFlight.get(key);
    if (running !== undefined) return running;
    const started = read().finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, started);
    return started;
  }
}

interface MovieLike {
  id?: number;
  title: string;
  year?: number;
  tmdbId?: number;
  imdbId?: string;
  titleSlug?: string;
  overview?: string;
  runtime?: number;
  images?: { coverType: string; remoteUrl?: string; url?: string }[];
}

interface SeriesLike {
  id?: number;
  title: string;
  year?: number;
  tvdbId?: number;
  imdbId?: string;
  titleSlug?: string;
  overview?: string;
  seasons?: { seasonNumber: number; monitored: boolean }[];
  images?: { coverType: string; remoteUrl?: string; url?: string }[];
}

function poster(images: MovieLike['images']): string | undefined {
  const found = images?.find((image) => image.coverType === 'poster');
  const url = found?.remoteUrl ?? found?.url;
  return url !== undefined && /^https?:\/\//.test(url) ? url : undefined;
}

/** A Radarr movie or lookup result as a summary. */
export function movieSummary(movie: MovieLike): MediaSummary {
  return { kind: 'movie', title: movie.title, year: movie.year, key: `tmdb:${movie.tmdbId ?? 0}`, tmdbId: movie.tmdbId, libraryId: movie.id, overview: movie.overview, posterUrl: poster(movie.images), runtime: movie.runtime, titleSlug: movie.titleSlug, imdbId: movie.imdbId, images: movie.images };
}

/** A Sonarr series or lookup result as a summary. */
export function seriesSummary(series: SeriesLike): MediaSummary {
  return { kind: 'series', title: series.title, year: series.year, key: `tvdb:${series.tvdbId ?? 0}`, tvdbId: series.tvdbId, libraryId: series.id, overview: series.overview, posterUrl: poster(series.images), seasonCount: series.seasons?.filter((season) => season.seasonNumber > 0).length, titleSlug: series.titleSlug, imdbId: series.imdbId, images: series.images, seasons: series.seasons?.map((season) => ({ seasonNumber: season.seasonNumber, monitored: season.monitored })) };
}

function dedupe(items: MediaSummary[]): MediaSummary[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(item.key)) return false;
    seen.add(item.key);
    return true;
  });
}
