/** The Sonarr client: typed openapi-fetch methods plus the helpers a bot or monitor needs. */
import { createClientCore } from './client-core.ts';
import type { components, paths } from './generated/sonarr.ts';
import { readOnlyFields } from './generated/sonarr-shapes.ts';
import { withoutReadOnly } from './read-only.ts';
import type { ArrClientOptions } from './options.ts';
import { createQueueApi, type QueueApi } from './queue-api.ts';
import { createSharedHelpers, iso, type SharedHelpers } from './shared-helpers.ts';

/** Every schema of our Sonarr document, by name: `SonarrSchemas['QueueRecord']`. */
export type SonarrSchemas = components['schemas'];
/** The paths of our Sonarr document, for openapi-fetch. */
export type SonarrPaths = paths;

type S = SonarrSchemas;

/** Query of a history read since a date. */
export interface SonarrHistorySinceOptions {
  eventType?: S['HistoryEventType'];
  /** Embed the series in each record. Default true. */
  includeSeries?: boolean;
  /** Embed the episode in each record. Default true. */
  includeEpisode?: boolean;
}

/** A Sonarr client. Every instance owns its queue, cache and key; two never share anything. */
export interface SonarrClient extends SharedHelpers<S, SonarrPaths> {
  readonly kind: 'sonarr';
  queue: QueueApi<S['QueueRecord'], S['QueueStatus'], { includeSeries?: boolean; includeEpisode?: boolean; includeUnknownSeriesItems?: boolean }>;
  history: {
    /** Every record since `date` (inclusive), oldest first. */
    since(date: Date | string, options?: SonarrHistorySinceOptions): Promise<S['HistoryRecord'][]>;
    page(options?: { page?: number; pageSize?: number; includeSeries?: boolean; includeEpisode?: boolean; eventType?: number[] }): Promise<S['HistoryPage']>;
    forSeries(seriesId: number, options?: { seasonNumber?: number; eventType?: S['HistoryEventType']; includeSeries?: boolean; includeEpisode?: boolean }): Promise<S['HistoryRecord'][]>;
  };
  /** Episodes airing between `start` and `end`, with their series. */
  calendar(range: { start: Date | string; end: Date | string; unmonitored?: boolean }): Promise<S['Episode'][]>;
  wanted: {
    /** Every monitored episode without a file (all pages), with its series. */
    missing(options?: { monitored?: boolean }): Promise<S['Episode'][]>;
    /** Every episode below its quality cutoff (all pages), with its series. */
    cutoff(options?: { monitored?: boolean }): Promise<S['Episode'][]>;
  };
  series: {
    list(options?: { tvdbId?: number }): Promise<S['Series'][]>;
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
    delete(id: number, options?: { deleteFiles?: boolean; addImportListExclusion?: boolean }): Promise<void>;
  };
  episodes: {
    list(query: { seriesId: number; seasonNumber?: number }): Promise<S['Episode'][]>;
    get(id: number): Promise<S['Episode']>;
    setMonitored(episodeIds: number[], monitored: boolean): Promise<void>;
  };
  episodeFiles: {
    list(seriesId: number): Promise<S['EpisodeFile'][]>;
    delete(id: number): Promise<void>;
  };
  releases: {
    search(query: { seriesId?: number; seasonNumber?: number; episodeId?: number }): Promise<S['Release'][]>;
    grab(release: S['GrabReleaseRequest']): Promise<S['Release']>;
  };
  manualImport: {
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
  const core = createClientCore<SonarrPaths>(options, 'Sonarr');
  const { request } = core;
  const { shared, kit } = createSharedHelpers<S, SonarrPaths>(core, 'Sonarr', options);

  return {
    ...shared,
    kind: 'sonarr',
    queue: createQueueApi(core, { includeSeries: true, includeEpisode: true }),
    history: {
      since: (date, o = {}) =>
        request('GET', '/api/v3/history/since', {
          query: { date: iso(date), eventType: o.eventType, includeSeries: o.includeSeries ?? true, includeEpisode: o.includeEpisode ?? true },
        }),
      page: (o = {}) =>
        request('GET', '/api/v3/history', {
          query: {
            page: o.page ?? 1,
            pageSize: o.pageSize ?? 50,
            includeSeries: o.includeSeries ?? true,
            includeEpisode: o.includeEpisode ?? true,
            sortKey: 'date',
            sortDirection: 'descending',
            eventType: o.eventType,
          },
        }),
      forSeries: (seriesId, o = {}) =>
        request('GET', '/api/v3/history/series', {
          query: { seriesId, seasonNumber: o.seasonNumber, eventType: o.eventType, includeSeries: o.includeSeries ?? false, includeEpisode: o.includeEpisode ?? true },
        }),
    },
    calendar: (range) =>
      request('GET', '/api/v3/calendar', {
        query: { start: iso(range.start), end: iso(range.end), unmonitored: range.unmonitored ?? false, includeSeries: true },
      }),
    wanted: {
      missing: (o = {}) => kit.allPages('/api/v3/wanted/missing', { monitored: o.monitored ?? true, includeSeries: true }),
      cutoff: (o = {}) => kit.allPages('/api/v3/wanted/cutoff', { monitored: o.monitored ?? true, includeSeries: true }),
    },
    series: {
      list: (o = {}) => request('GET', '/api/v3/series', { query: { tvdbId: o.tvdbId } }),
      get: (id) => request('GET', '/api/v3/series/{id}', { path: { id } }),
      lookup: (term) => request('GET', '/api/v3/series/lookup', { query: { term } }),
      add: (series) => request('POST', '/api/v3/series', { body: withoutReadOnly(series, ['AddSeriesRequest', 'Series'], readOnlyFields) }),
      async update(id, changes, o = {}) {
        const current = await request<S['Series']>('GET', '/api/v3/series/{id}', { path: { id } });
        const body = withoutReadOnly({ ...current, ...changes, id }, ['Series'], readOnlyFields);
        return request('PUT', '/api/v3/series/{id}', { path: { id }, query: { moveFiles: o.moveFiles ?? false }, body });
      },
      delete: (id, o = {}) =>
        request('DELETE', '/api/v3/series/{id}', {
          path: { id },
          query: { deleteFiles: o.deleteFiles ?? false, addImportListExclusion: o.addImportListExclusion ?? false },
        }),
    },
    episodes: {
      list: (query) => request('GET', '/api/v3/episode', { query }),
      get: (id) => request('GET', '/api/v3/episode/{id}', { path: { id } }),
      setMonitored: (episodeIds, monitored) => request('PUT', '/api/v3/episode/monitor', { body: { episodeIds, monitored } }),
    },
    episodeFiles: {
      list: (seriesId) => request('GET', '/api/v3/episodefile', { query: { seriesId } }),
      delete: (id) => request('DELETE', '/api/v3/episodefile/{id}', { path: { id } }),
    },
    releases: {
      search: (query) => request('GET', '/api/v3/release', { query }),
      grab: (release) => request('POST', '/api/v3/release', { body: release }),
    },
    manualImport: {
      list: (query) => request('GET', '/api/v3/manualimport', { query }),
      apply: (files, importMode = 'auto') => request('POST', '/api/v3/command', { body: { name: 'ManualImport', files, importMode } }),
    },
  };
}
