/** History: paged, since a date (inclusive, oldest first), and per movie or series. */
import type { Router } from '../http/router.ts';
import { enumListParam, intListParam, intParam, listParam, reply } from '../http/router.ts';
import { problemReply } from '../http/validation.ts';
import { ENGLISH } from '../library/qualities.ts';
import type { HistoryEntry } from '../model/history.ts';
import type { AppKind, Instance } from '../model/instance.ts';
import { paginate, readPaging } from '../model/paging.ts';

/**
 * The numeric history event types (index = value): Radarr's `MovieHistoryEventType` and Sonarr's
 * `EpisodeHistoryEventType`. Gaps are values the app no longer uses.
 */
export const HISTORY_EVENT_TYPES: Record<AppKind, readonly string[]> = {
  radarr: ['unknown', 'grabbed', '', 'downloadFolderImported', 'downloadFailed', '', 'movieFileDeleted', 'movieFolderImported', 'movieFileRenamed', 'downloadIgnored'],
  sonarr: ['unknown', 'grabbed', 'seriesFolderImported', 'downloadFolderImported', 'downloadFailed', 'episodeFileDeleted', 'episodeFileRenamed', 'downloadIgnored'],
};

/** The event types asked for (numbers or names, case-insensitive), lower-case; undefined for all. */
function eventTypeFilter(query: URLSearchParams, kind: AppKind): Set<string> | undefined {
  const types = enumListParam(query, 'eventType', HISTORY_EVENT_TYPES[kind]);
  return types.size === 0 ? undefined : types;
}

/**
 * The filters of paged history: `eventType` (numbers only: `[FromQuery(Name = "eventType")] int[]`
 * in the apps' HistoryController), media ids, `episodeId` (Sonarr), `downloadId`, `quality`, `languages`.
 */
function historyFilter(query: URLSearchParams, kind: AppKind): (entry: HistoryEntry) => boolean {
  const types = eventTypeFilter(query, kind);
  const downloadId = query.get('downloadId');
  const mediaIds = new Set(intListParam(query, kind === 'radarr' ? 'movieIds' : 'seriesIds'));
  const episodeId = kind === 'sonarr' ? intParam(query.get('episodeId')) : undefined;
  const qualities = new Set(intListParam(query, 'quality'));
  const languages = new Set(intListParam(query, 'languages'));
  return (entry) =>
    (types === undefined || types.has(entry.eventType.toLowerCase())) &&
    (downloadId === null || entry.downloadId === downloadId) &&
    (mediaIds.size === 0 || mediaIds.has((kind === 'radarr' ? entry.movieId : entry.seriesId) ?? -1)) &&
    (episodeId === undefined || entry.episodeId === episodeId) &&
    (qualities.size === 0 || qualities.has(entry.quality.id)) &&
    // Every release the simulator knows is in English.
    (languages.size === 0 || languages.has(ENGLISH.id));
}

export function registerHistoryRoutes(router: Router, instance: Pick<Instance, 'kind' | 'history' | 'app'>): void {
  // History is read joined to its media (an inner join): entries of a deleted movie or series are gone.
  const json = (entries: readonly HistoryEntry[], query: URLSearchParams): Record<string, unknown>[] => entries.map((entry) => instance.app.historyJson(entry, query));
  const withMedia = (entry: HistoryEntry): boolean => instance.app.hasMedia(entry);

  router.add('GET', '/api/v3/history', ({ query }) => {
    const notNumbers = listParam(query, 'eventType').filter((value) => !/^-?\d+$/.test(value));
    if (notNumbers.length > 0) return problemReply({ eventType: notNumbers.map((value) => `The value '${value}' is not valid.`) });
    const matches = historyFilter(query, instance.kind);
    const entries = instance.history.all().filter((entry) => withMedia(entry) && matches(entry));
    const paging = readPaging(query, { sortKey: 'date', sortDirection: 'descending' });
    const page = paginate(entries, paging, (entry, key) => (key.toLowerCase() === 'date' ? entry.date : key.toLowerCase() === 'id' ? entry.id : undefined), 'date');
    return reply.json({ ...page, records: json(page.records, query) });
  });

  router.add('GET', '/api/v3/history/since', ({ query }) => {
    const raw = query.get('date');
    const date = raw === null ? 0 : Date.parse(raw);
    if (Number.isNaN(date)) return reply.error(400, `The value '${raw ?? ''}' is not valid for date.`);
    const types = eventTypeFilter(query, instance.kind);
    const entries = instance.history.since(date).filter((entry) => withMedia(entry) && (types === undefined || types.has(entry.eventType.toLowerCase())));
    return reply.json(json(entries, query));
  });

  const perMedia = (field: 'movieId' | 'seriesId') => ({ query }: { query: URLSearchParams }) => {
    const id = intParam(query.get(field));
    const types = eventTypeFilter(query, instance.kind);
    const entries = instance.history
      .all()
      .filter((entry) => entry[field] === id && withMedia(entry) && (types === undefined || types.has(entry.eventType.toLowerCase())))
      .sort((a, b) => b.date - a.date || b.id - a.id);
    return reply.json(json(entries, query));
  };
  if (instance.kind === 'radarr') router.add('GET', '/api/v3/history/movie', perMedia('movieId'));
  else router.add('GET', '/api/v3/history/series', perMedia('seriesId'));
}
