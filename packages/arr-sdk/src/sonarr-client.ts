/** The Sonarr client: typed openapi-fetch methods plus the helpers a bot or monitor needs. */
import type { CallOptions } from './call-types.ts';
import { createClientCore, type ClientCore } from './client-core.ts';
import { createSonarrDomains, type SonarrDomains } from './domains/sonarr-domains.ts';
import type { components, paths } from './generated/sonarr.ts';
import { readOnlyFields } from './generated/sonarr-shapes.ts';
import { withoutReadOnly } from './read-only.ts';
import type { ArrClientOptions } from './options.ts';
import { createQueueApi, type QueueApi } from './queue-api.ts';
import { commonView, createSharedHelpers, iso, type SharedHelpers } from './shared-helpers.ts';

/** Every schema of our Sonarr document, by name: `SonarrSchemas['QueueRecord']`. */
export type SonarrSchemas = components['schemas'];
/** The paths of our Sonarr document, for openapi-fetch. */
export type SonarrPaths = paths;

type S = SonarrSchemas;

/** What a series write makes stale besides the series: root folders (free space, folders) and tags (usage). */
const MEDIA_WRITE = ['rootfolder', 'tag'] as const;

/** Query of a history read since a date. */
export interface SonarrHistorySinceOptions {
  /** Only records of this event type. Default: every type. */
  eventType?: S['HistoryEventType'];
  /** Embed the series in each record. Default true. */
  includeSeries?: boolean;
  /** Embed the episode in each record. Default true. */
  includeEpisode?: boolean;
}

/** A Sonarr client. Every instance owns its queue, cache and key; two never share anything. */
export interface SonarrClient extends SharedHelpers<S, SonarrPaths>, SonarrDomains {
  /** Which app the client talks to; narrows a `RadarrClient | SonarrClient`. */
  readonly kind: 'sonarr';
  /**
   * The same client (same queue, cache and key) with these options on every call made through it:
   * `sonarr.withCallOptions({ priority: 10 }).series.lookup(term)` goes ahead of background reads.
   */
  withCallOptions(options: CallOptions): SonarrClient;
  /** The download queue: list, page, status, remove, grab a pending release. */
  queue: QueueApi<
    S['QueueRecord'],
    S['QueueStatus'],
    {
      /** Embed the series in each record. Default true. */
      includeSeries?: boolean;
      /** Embed the episode in each record. Default true. */
      includeEpisode?: boolean;
      /** Include downloads Sonarr could not match to a series. Default: Sonarr's (false). */
      includeUnknownSeriesItems?: boolean;
    }
  >;
  /** The activity history (grabs, imports, failures, deletions). */
  history: {
    /** Every record since `date` (inclusive), oldest first. */
    since(date: Date | string, options?: SonarrHistorySinceOptions): Promise<S['HistoryRecord'][]>;
    /** One page of history, newest first (page 1 of 50 records by default). */
    page(options?: { page?: number; pageSize?: number; includeSeries?: boolean; includeEpisode?: boolean; eventType?: number[] }): Promise<S['HistoryPage']>;
    /** Every record of one series, or of one of its seasons (`includeSeries` defaults to false). */
    forSeries(seriesId: number, options?: { seasonNumber?: number; eventType?: S['HistoryEventType']; includeSeries?: boolean; includeEpisode?: boolean }): Promise<S['HistoryRecord'][]>;
  };
  /** Episodes airing between `start` and `end`, with their series. */
  calendar(range: { start: Date | string; end: Date | string; unmonitored?: boolean }): Promise<S['Episode'][]>;
  /** Episodes Sonarr wants: missing, or below their quality cutoff (`monitored` defaults to true). */
  wanted: {
    /** Every monitored episode without a file (all pages), with its series. */
    missing(options?: { monitored?: boolean }): Promise<S['Episode'][]>;
    /** Every episode below its quality cutoff (all pages), with its series. */
    cutoff(options?: { monitored?: boolean }): Promise<S['Episode'][]>;
  };
  /** The series library: list, look up, add, update, delete. */
  series: {
    /** Every series of the library, or the one with `tvdbId`. */
    list(options?: { tvdbId?: number }): Promise<S['Series'][]>;
    /** One series by its Sonarr id. */
    get(id: number): Promise<S['Series']>;
    /** Candidates for a term (`tvdb:81189`, `imdb:tt0903747` or words). */
    lookup(term: string): Promise<S['SeriesLookupResult'][]>;
    /**
     * Adds a series (usually a lookup result with `qualityProfileId`, `rootFolderPath` and
     * `addOptions` set). Fields our document marks read-only (`ended`, `statistics`, ...) are left out.
     */
    add(series: S['AddSeriesRequest']): Promise<S['Series']>;
    /**
     * Reads the series, applies `changes` and writes it back, keeping every field it does not name
     * except those our document marks read-only (`ended`, `statistics`, `languageProfileId`, ...).
     */
    update(id: number, changes: Partial<S['Series']>, options?: { moveFiles?: boolean }): Promise<S['Series']>;
    /** Deletes a series; its files and an import list exclusion only when asked (both default false). */
    delete(id: number, options?: { deleteFiles?: boolean; addImportListExclusion?: boolean }): Promise<void>;
  };
  /** The episodes of the series. */
  episodes: {
    /** The episodes of a series, or of one of its seasons. */
    list(query: { seriesId: number; seasonNumber?: number }): Promise<S['Episode'][]>;
    /** One episode by its Sonarr id. */
    get(id: number): Promise<S['Episode']>;
    /** Monitors or unmonitors episodes in one request. */
    setMonitored(episodeIds: number[], monitored: boolean): Promise<void>;
  };
  /** The files of episodes on disk. */
  episodeFiles: {
    /** The files of one series. */
    list(seriesId: number): Promise<S['EpisodeFile'][]>;
    /** Deletes one file from disk. */
    delete(id: number): Promise<void>;
  };
  /** Interactive search: the releases the indexers offer, and grabbing one. */
  releases: {
    /** Searches the indexers now for releases of a series, season or episode (slow: the app asks every indexer). */
    search(query: { seriesId?: number; seasonNumber?: number; episodeId?: number }): Promise<S['Release'][]>;
    /** Grabs a release from a search; Sonarr echoes the request back (ReleaseController.cs). */
    grab(release: S['GrabReleaseRequest']): Promise<S['GrabReleaseRequest']>;
  };
  /** Manual import: the candidates of a download or folder, and importing the chosen ones. */
  manualImport: {
    /** The import candidates of a download or a folder, with what Sonarr parsed and rejected. */
    list(query: { downloadId?: string; folder?: string; seriesId?: number; seasonNumber?: number; filterExistingFiles?: boolean }): Promise<S['ManualImportItem'][]>;
    /** Imports the chosen candidates (the `ManualImport` command). */
    apply(files: Extract<S['CommandRequest'], { name: 'ManualImport' }>['files'], importMode?: 'auto' | 'move' | 'copy'): Promise<S['Command']>;
  };
}

/**
 * Creates a Sonarr client.
 *
 * @example
 * ```ts
 * const sonarr = createSonarrClient({ baseUrl: 'http://localhost:8989', apiKey: process.env.SONARR_API_KEY! });
 * const grabbed = await sonarr.command.run('SeasonSearch', { seriesId: 1, seasonNumber: 2 });
 * await sonarr.command.wait(grabbed);
 * ```
 */
export function createSonarrClient(options: ArrClientOptions): SonarrClient {
  return buildSonarrClient(createClientCore<SonarrPaths>(options, 'Sonarr'), options);
}

function buildSonarrClient(core: ClientCore<SonarrPaths>, options: ArrClientOptions): SonarrClient {
  const { call } = core;
  const { shared, kit } = createSharedHelpers<S, SonarrPaths>(core, 'Sonarr', options);
  const done = async (promise: Promise<unknown>): Promise<void> => {
    await promise;
  };

  return {
    ...shared,
    ...createSonarrDomains(shared, core.baseUrl),
    kind: 'sonarr',
    withCallOptions: (defaults) => buildSonarrClient(core.withDefaults(defaults), options),
    queue: createQueueApi(commonView(core), { includeSeries: true, includeEpisode: true }),
    history: {
      since: (date, o = {}) =>
        call('get', '/api/v3/history/since', {
          params: { query: { date: iso(date), eventType: o.eventType, includeSeries: o.includeSeries ?? true, includeEpisode: o.includeEpisode ?? true } },
          long: true,
        }),
      page: (o = {}) =>
        call('get', '/api/v3/history', {
          params: {
            query: {
              page: o.page ?? 1,
              pageSize: o.pageSize ?? 50,
              includeSeries: o.includeSeries ?? true,
              includeEpisode: o.includeEpisode ?? true,
              sortKey: 'date',
              sortDirection: 'descending',
              eventType: o.eventType,
            },
          },
        }),
      forSeries: (seriesId, o = {}) =>
        call('get', '/api/v3/history/series', {
          params: { query: { seriesId, seasonNumber: o.seasonNumber, eventType: o.eventType, includeSeries: o.includeSeries ?? false, includeEpisode: o.includeEpisode ?? true } },
        }),
    },
    calendar: (range) =>
      call('get', '/api/v3/calendar', {
        params: { query: { start: iso(range.start), end: iso(range.end), unmonitored: range.unmonitored ?? false, includeSeries: true } },
        long: true,
      }),
    wanted: {
      missing: (o = {}) => kit.allPages('/api/v3/wanted/missing', { monitored: o.monitored ?? true, includeSeries: true }),
      cutoff: (o = {}) => kit.allPages('/api/v3/wanted/cutoff', { monitored: o.monitored ?? true, includeSeries: true }),
    },
    series: {
      list: (o = {}) => call('get', '/api/v3/series', { params: { query: { tvdbId: o.tvdbId } }, long: true }),
      get: (id) => call('get', '/api/v3/series/{id}', { params: { path: { id } } }),
      lookup: (term) => call('get', '/api/v3/series/lookup', { params: { query: { term } }, resource: 'series/lookup' }),
      add: (series) => call('post', '/api/v3/series', { body: withoutReadOnly(series, ['AddSeriesRequest', 'Series'], readOnlyFields), invalidates: MEDIA_WRITE }),
      async update(id, changes, o = {}) {
        const current = await call('get', '/api/v3/series/{id}', { params: { path: { id } } });
        const body = withoutReadOnly({ ...current, ...changes, id }, ['Series'], readOnlyFields);
        return call('put', '/api/v3/series/{id}', { params: { path: { id }, query: { moveFiles: o.moveFiles ?? false } }, body, invalidates: MEDIA_WRITE });
      },
      delete: (id, o = {}) =>
        done(
          call('delete', '/api/v3/series/{id}', {
            params: { path: { id }, query: { deleteFiles: o.deleteFiles ?? false, addImportListExclusion: o.addImportListExclusion ?? false } },
            invalidates: MEDIA_WRITE,
          }),
        ),
    },
    episodes: {
      list: (query) => call('get', '/api/v3/episode', { params: { query }, long: true }),
      get: (id) => call('get', '/api/v3/episode/{id}', { params: { path: { id } } }),
      setMonitored: (episodeIds, monitored) => done(call('put', '/api/v3/episode/monitor', { body: { episodeIds, monitored } })),
    },
    episodeFiles: {
      list: (seriesId) => call('get', '/api/v3/episodefile', { params: { query: { seriesId } }, long: true }),
      delete: (id) => done(call('delete', '/api/v3/episodefile/{id}', { params: { path: { id } } })),
    },
    releases: {
      search: (query) => call('get', '/api/v3/release', { params: { query } }),
      grab: (release) => call('post', '/api/v3/release', { body: release }),
    },
    manualImport: {
      list: (query) => call('get', '/api/v3/manualimport', { params: { query } }),
      apply: (files, importMode = 'auto') => call('post', '/api/v3/command', { body: { name: 'ManualImport', files, importMode } }),
    },
  };
}
