/** The Radarr client: typed openapi-fetch methods plus the helpers a bot or monitor needs. */
import { createClientCore } from './client-core.ts';
import type { components, paths } from './generated/radarr.ts';
import { readOnlyFields } from './generated/radarr-shapes.ts';
import { withoutReadOnly } from './read-only.ts';
import type { ArrClientOptions } from './options.ts';
import { createQueueApi, type QueueApi } from './queue-api.ts';
import { createSharedHelpers, iso, type SharedHelpers } from './shared-helpers.ts';

/** Every schema of our Radarr document, by name: `RadarrSchemas['QueueRecord']`. */
export type RadarrSchemas = components['schemas'];
/** The paths of our Radarr document, for openapi-fetch. */
export type RadarrPaths = paths;

type S = RadarrSchemas;

/** Query of a history read since a date. */
export interface RadarrHistorySinceOptions {
  eventType?: S['HistoryEventType'];
  /** Embed the movie in each record. Default true. */
  includeMovie?: boolean;
}

/** A Radarr client. Every instance owns its queue, cache and key; two never share anything. */
export interface RadarrClient extends SharedHelpers<S, RadarrPaths> {
  readonly kind: 'radarr';
  queue: QueueApi<S['QueueRecord'], S['QueueStatus'], { includeMovie?: boolean; includeUnknownMovieItems?: boolean }>;
  history: {
    /** Every record since `date` (inclusive), oldest first. */
    since(date: Date | string, options?: RadarrHistorySinceOptions): Promise<S['HistoryRecord'][]>;
    /** One page of history, newest first by default. */
    page(options?: { page?: number; pageSize?: number; includeMovie?: boolean; eventType?: number[] }): Promise<S['HistoryPage']>;
    forMovie(movieId: number, options?: { eventType?: S['HistoryEventType']; includeMovie?: boolean }): Promise<S['HistoryRecord'][]>;
  };
  /** Movies with a cinema, digital or physical release between `start` and `end`. */
  calendar(range: { start: Date | string; end: Date | string; unmonitored?: boolean }): Promise<S['Movie'][]>;
  wanted: {
    /** Every monitored movie without a file (all pages). */
    missing(options?: { monitored?: boolean }): Promise<S['Movie'][]>;
    /** Every movie below its quality cutoff (all pages). */
    cutoff(options?: { monitored?: boolean }): Promise<S['Movie'][]>;
  };
  movies: {
    list(options?: { tmdbId?: number }): Promise<S['Movie'][]>;
    get(id: number): Promise<S['Movie']>;
    /** Candidates for a term (`tmdb:603`, `imdb:tt0133093` or words). */
    lookup(term: string): Promise<S['MovieLookup'][]>;
    lookupByTmdbId(tmdbId: number): Promise<S['MovieLookup']>;
    /**
     * Adds a movie (usually a lookup result with `qualityProfileId`, `rootFolderPath` and `addOptions`
     * set). Fields our document marks read-only are left out of the body.
     */
    add(movie: S['AddMovieRequest']): Promise<S['Movie']>;
    /**
     * Reads the movie, applies `changes` and writes it back, keeping every field it does not name
     * except those our document marks read-only (the server computes them).
     */
    update(id: number, changes: Partial<S['Movie']>, options?: { moveFiles?: boolean }): Promise<S['Movie']>;
    delete(id: number, options?: { deleteFiles?: boolean; addImportExclusion?: boolean }): Promise<void>;
  };
  movieFiles: {
    list(movieId: number): Promise<S['MovieFile'][]>;
    delete(id: number): Promise<void>;
  };
  releases: {
    search(movieId: number): Promise<S['Release'][]>;
    grab(release: S['ReleaseGrabRequest']): Promise<S['Release']>;
  };
  manualImport: {
    list(query: { downloadId?: string; folder?: string; movieId?: number; filterExistingFiles?: boolean }): Promise<S['ManualImportItem'][]>;
    /** Imports the chosen candidates (the `ManualImport` command). */
    apply(files: Extract<S['CommandRequest'], { name: 'ManualImport' }>['files'], importMode?: 'auto' | 'move' | 'copy'): Promise<S['Command']>;
  };
}

/**
 * Creates a Radarr client.
 *
 * @example
 * ```ts
 * const radarr = createRadarrClient({ baseUrl: 'http://localhost:7878', apiKey: process.env.RADARR_API_KEY! });
 * for (const item of await radarr.queue.list()) console.log(item.title, item.sizeleft);
 * ```
 */
export function createRadarrClient(options: ArrClientOptions): RadarrClient {
  const core = createClientCore<RadarrPaths>(options, 'Radarr');
  const { request } = core;
  const { shared, kit } = createSharedHelpers<S, RadarrPaths>(core, 'Radarr', options);

  return {
    ...shared,
    kind: 'radarr',
    queue: createQueueApi(core, { includeMovie: true }),
    history: {
      since: (date, o = {}) =>
        request('GET', '/api/v3/history/since', { query: { date: iso(date), eventType: o.eventType, includeMovie: o.includeMovie ?? true } }),
      page: (o = {}) =>
        request('GET', '/api/v3/history', {
          query: { page: o.page ?? 1, pageSize: o.pageSize ?? 50, includeMovie: o.includeMovie ?? true, sortKey: 'date', sortDirection: 'descending', eventType: o.eventType },
        }),
      forMovie: (movieId, o = {}) =>
        request('GET', '/api/v3/history/movie', { query: { movieId, eventType: o.eventType, includeMovie: o.includeMovie ?? false } }),
    },
    calendar: (range) =>
      request('GET', '/api/v3/calendar', { query: { start: iso(range.start), end: iso(range.end), unmonitored: range.unmonitored ?? false } }),
    wanted: {
      missing: (o = {}) => kit.allPages('/api/v3/wanted/missing', { monitored: o.monitored ?? true }),
      cutoff: (o = {}) => kit.allPages('/api/v3/wanted/cutoff', { monitored: o.monitored ?? true }),
    },
    movies: {
      list: (o = {}) => request('GET', '/api/v3/movie', { query: { tmdbId: o.tmdbId } }),
      get: (id) => request('GET', '/api/v3/movie/{id}', { path: { id } }),
      lookup: (term) => request('GET', '/api/v3/movie/lookup', { query: { term } }),
      lookupByTmdbId: (tmdbId) => request('GET', '/api/v3/movie/lookup/tmdb', { query: { tmdbId } }),
      add: (movie) => request('POST', '/api/v3/movie', { body: withoutReadOnly(movie, ['AddMovieRequest', 'MovieLookup', 'Movie'], readOnlyFields) }),
      async update(id, changes, o = {}) {
        const current = await request<S['Movie']>('GET', '/api/v3/movie/{id}', { path: { id } });
        const body = withoutReadOnly({ ...current, ...changes, id }, ['Movie'], readOnlyFields);
        return request('PUT', '/api/v3/movie/{id}', { path: { id }, query: { moveFiles: o.moveFiles ?? false }, body });
      },
      delete: (id, o = {}) =>
        request('DELETE', '/api/v3/movie/{id}', { path: { id }, query: { deleteFiles: o.deleteFiles ?? false, addImportExclusion: o.addImportExclusion ?? false } }),
    },
    movieFiles: {
      list: (movieId) => request('GET', '/api/v3/moviefile', { query: { movieId } }),
      delete: (id) => request('DELETE', '/api/v3/moviefile/{id}', { path: { id } }),
    },
    releases: {
      search: (movieId) => request('GET', '/api/v3/release', { query: { movieId } }),
      grab: (release) => request('POST', '/api/v3/release', { body: release }),
    },
    manualImport: {
      list: (query) => request('GET', '/api/v3/manualimport', { query }),
      apply: (files, importMode = 'auto') => request('POST', '/api/v3/command', { body: { name: 'ManualImport', files, importMode } }),
    },
  };
}
