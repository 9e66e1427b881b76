/** The Radarr client: typed openapi-fetch methods plus the helpers a bot or monitor needs. */
import type { CallOptions } from './call-types.ts';
import { createClientCore, type ClientCore } from './client-core.ts';
import { createRadarrDomains, type RadarrDomains } from './domains/radarr-domains.ts';
import type { components, paths } from './generated/radarr.ts';
import { readOnlyFields } from './generated/radarr-shapes.ts';
import { withoutReadOnly } from './read-only.ts';
import type { ArrClientOptions } from './options.ts';
import { createQueueApi, type QueueApi } from './queue-api.ts';
import { commonView, createSharedHelpers, iso, type SharedHelpers } from './shared-helpers.ts';

/** Every schema of our Radarr document, by name: `RadarrSchemas['QueueRecord']`. */
export type RadarrSchemas = components['schemas'];
/** The paths of our Radarr document, for openapi-fetch. */
export type RadarrPaths = paths;

type S = RadarrSchemas;

/** What a movie write makes stale besides the movies: root folders (free space, folders) and tags (usage). */
const MEDIA_WRITE = ['rootfolder', 'tag'] as const;

/** Query of a history read since a date. */
export interface RadarrHistorySinceOptions {
  /** Only records of this event type. Default: every type. */
  eventType?: S['HistoryEventType'];
  /** Embed the movie in each record. Default true. */
  includeMovie?: boolean;
}

/** A Radarr client. Every instance owns its queue, cache and key; two never share anything. */
export interface RadarrClient extends SharedHelpers<S, RadarrPaths>, RadarrDomains {
  /** Which app the client talks to; narrows a `RadarrClient | SonarrClient`. */
  readonly kind: 'radarr';
  /**
   * The same client (same queue, cache and key) with these options on every call made through it:
   * `radarr.withCallOptions({ priority: 10 }).movies.lookup(term)` goes ahead of background reads.
   */
  withCallOptions(options: CallOptions): RadarrClient;
  /** The download queue: list, page, status, remove, grab a pending release. */
  queue: QueueApi<
    S['QueueRecord'],
    S['QueueStatus'],
    {
      /** Embed the movie in each record. Default true. */
      includeMovie?: boolean;
      /** Include downloads Radarr could not match to a movie. Default: Radarr's (false). */
      includeUnknownMovieItems?: boolean;
    }
  >;
  /** The activity history (grabs, imports, failures, deletions). */
  history: {
    /** Every record since `date` (inclusive), oldest first. */
    since(date: Date | string, options?: RadarrHistorySinceOptions): Promise<S['HistoryRecord'][]>;
    /** One page of history, newest first by default. */
    page(options?: { page?: number; pageSize?: number; includeMovie?: boolean; eventType?: number[] }): Promise<S['HistoryPage']>;
    /** Every record of one movie (`includeMovie` defaults to false). */
    forMovie(movieId: number, options?: { eventType?: S['HistoryEventType']; includeMovie?: boolean }): Promise<S['HistoryRecord'][]>;
  };
  /** Movies with a cinema, digital or physical release between `start` and `end`. */
  calendar(range: { start: Date | string; end: Date | string; unmonitored?: boolean }): Promise<S['Movie'][]>;
  /** Movies Radarr wants: missing, or below their quality cutoff (`monitored` defaults to true). */
  wanted: {
    /** Every monitored movie without a file (all pages). */
    missing(options?: { monitored?: boolean }): Promise<S['Movie'][]>;
    /** Every movie below its quality cutoff (all pages). */
    cutoff(options?: { monitored?: boolean }): Promise<S['Movie'][]>;
  };
  /** The movie library: list, look up, add, update, delete. */
  movies: {
    /** Every movie of the library, or the one with `tmdbId`. */
    list(options?: { tmdbId?: number }): Promise<S['Movie'][]>;
    /** One movie by its Radarr id. */
    get(id: number): Promise<S['Movie']>;
    /** Candidates for a term (`tmdb:603`, `imdb:tt0133093` or words). */
    lookup(term: string): Promise<S['MovieLookup'][]>;
    /** The lookup result of one TMDb id. */
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
    /** Deletes a movie; its files and an import exclusion only when asked (both default false). */
    delete(id: number, options?: { deleteFiles?: boolean; addImportExclusion?: boolean }): Promise<void>;
  };
  /** The files of movies on disk. */
  movieFiles: {
    /** The files of one movie. */
    list(movieId: number): Promise<S['MovieFile'][]>;
    /** Deletes one file from disk. */
    delete(id: number): Promise<void>;
  };
  /** Interactive search: the releases the indexers offer for a movie, and grabbing one. */
  releases: {
    /** Searches the indexers now for releases of a movie (slow: the app asks every indexer). */
    search(movieId: number): Promise<S['Release'][]>;
    /** Sends a release from a search to the download client. */
    grab(release: S['ReleaseGrabRequest']): Promise<S['Release']>;
  };
  /** Manual import: the candidates of a download or folder, and importing the chosen ones. */
  manualImport: {
    /** The import candidates of a download or a folder, with what Radarr parsed and rejected. */
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
  return buildRadarrClient(createClientCore<RadarrPaths>(options, 'Radarr'), options);
}

function buildRadarrClient(core: ClientCore<RadarrPaths>, options: ArrClientOptions): RadarrClient {
  const { call } = core;
  const { shared, kit } = createSharedHelpers<S, RadarrPaths>(core, 'Radarr', options);
  const done = async (promise: Promise<unknown>): Promise<void> => {
    await promise;
  };

  return {
    ...shared,
    ...createRadarrDomains(shared, core.baseUrl),
    kind: 'radarr',
    withCallOptions: (defaults) => buildRadarrClient(core.withDefaults(defaults), options),
    queue: createQueueApi(commonView(core), { includeMovie: true }),
    history: {
      since: (date, o = {}) =>
        call('get', '/api/v3/history/since', { params: { query: { date: iso(date), eventType: o.eventType, includeMovie: o.includeMovie ?? true } }, long: true }),
      page: (o = {}) =>
        call('get', '/api/v3/history', {
          params: { query: { page: o.page ?? 1, pageSize: o.pageSize ?? 50, includeMovie: o.includeMovie ?? true, sortKey: 'date', sortDirection: 'descending', eventType: o.eventType } },
        }),
      forMovie: (movieId, o = {}) => call('get', '/api/v3/history/movie', { params: { query: { movieId, eventType: o.eventType, includeMovie: o.includeMovie ?? false } } }),
    },
    calendar: (range) =>
      call('get', '/api/v3/calendar', { params: { query: { start: iso(range.start), end: iso(range.end), unmonitored: range.unmonitored ?? false } }, long: true }),
    wanted: {
      missing: (o = {}) => kit.allPages('/api/v3/wanted/missing', { monitored: o.monitored ?? true }),
      cutoff: (o = {}) => kit.allPages('/api/v3/wanted/cutoff', { monitored: o.monitored ?? true }),
    },
    movies: {
      list: (o = {}) => call('get', '/api/v3/movie', { params: { query: { tmdbId: o.tmdbId } }, long: true }),
      get: (id) => call('get', '/api/v3/movie/{id}', { params: { path: { id } } }),
      lookup: (term) => call('get', '/api/v3/movie/lookup', { params: { query: { term } }, resource: 'movie/lookup' }),
      lookupByTmdbId: (tmdbId) => call('get', '/api/v3/movie/lookup/tmdb', { params: { query: { tmdbId } }, resource: 'movie/lookup' }),
      // A new movie takes a folder of a root folder and may use tags: both lists' details change.
      add: (movie) => call('post', '/api/v3/movie', { body: withoutReadOnly(movie, ['AddMovieRequest', 'MovieLookup', 'Movie'], readOnlyFields), invalidates: MEDIA_WRITE }),
      async update(id, changes, o = {}) {
        const current = await call('get', '/api/v3/movie/{id}', { params: { path: { id } } });
        const body = withoutReadOnly({ ...current, ...changes, id }, ['Movie'], readOnlyFields);
        return call('put', '/api/v3/movie/{id}', { params: { path: { id }, query: { moveFiles: o.moveFiles ?? false } }, body, invalidates: MEDIA_WRITE });
      },
      delete: (id, o = {}) =>
        done(call('delete', '/api/v3/movie/{id}', { params: { path: { id }, query: { deleteFiles: o.deleteFiles ?? false, addImportExclusion: o.addImportExclusion ?? false } }, invalidates: MEDIA_WRITE })),
    },
    movieFiles: {
      // Radarr binds movieId as a list (MovieFileController.cs): one id is a list of one.
      list: (movieId) => call('get', '/api/v3/moviefile', { params: { query: { movieId: [movieId] } } }),
      delete: (id) => done(call('delete', '/api/v3/moviefile/{id}', { params: { path: { id } } })),
    },
    releases: {
      search: (movieId) => call('get', '/api/v3/release', { params: { query: { movieId } } }),
      grab: (release) => call('post', '/api/v3/release', { body: release }),
    },
    manualImport: {
      list: (query) => call('get', '/api/v3/manualimport', { params: { query } }),
      apply: (files, importMode = 'auto') => call('post', '/api/v3/command', { body: { name: 'ManualImport', files, importMode } }),
    },
  };
}
