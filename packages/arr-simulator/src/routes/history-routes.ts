/** History: paged, since a date (inclusive, oldest first), and per movie or series. */
import type { Router } from '../http/router.ts';
import { intParam, reply } from '../http/router.ts';
import type { HistoryEntry } from '../model/history.ts';
import type { Instance } from '../model/instance.ts';
import { paginate, readPaging } from '../model/paging.ts';

/** Radarr's and Sonarr's numeric `EntityHistoryEventType` values, accepted where a name is. */
const EVENT_TYPE_NUMBERS: Record<string, string> = {
  '1': 'grabbed',
  '3': 'downloadFolderImported',
  '4': 'downloadFailed',
  '6': 'movieFileDeleted',
  '8': 'movieFileRenamed',
  '9': 'downloadIgnored',
};

function eventTypeFilter(query: URLSearchParams): Set<string> | undefined {
  const values = query.getAll('eventType').flatMap((value) => value.split(',')).filter((value) => value !== '');
  if (values.length === 0) return undefined;
  return new Set(values.map((value) => EVENT_TYPE_NUMBERS[value] ?? value));
}

export function registerHistoryRoutes(router: Router, instance: Instance): void {
  const json = (entries: readonly HistoryEntry[], query: URLSearchParams): Record<string, unknown>[] => entries.map((entry) => instance.app.historyJson(entry, query));

  router.add('GET', '/api/v3/history', ({ query }) => {
    const types = eventTypeFilter(query);
    const downloadId = query.get('downloadId');
    const entries = instance.history.all().filter((entry) => (types === undefined || types.has(entry.eventType)) && (downloadId === null || entry.downloadId === downloadId));
    const paging = readPaging(query, { sortKey: 'date', sortDirection: 'descending' });
    const page = paginate(entries, paging, (entry, key) => (key.toLowerCase() === 'date' ? entry.date : key.toLowerCase() === 'id' ? entry.id : undefined), 'date');
    return reply.json({ ...page, records: json(page.records, query) });
  });

  router.add('GET', '/api/v3/history/since', ({ query }) => {
    const raw = query.get('date');
    const date = raw === null ? 0 : Date.parse(raw);
    if (Number.isNaN(date)) return reply.error(400, `The value '${raw ?? ''}' is not valid for date.`);
    const type = eventTypeFilter(query);
    const entries = instance.history.since(date).filter((entry) => type === undefined || type.has(entry.eventType));
    return reply.json(json(entries, query));
  });

  const perMedia = (field: 'movieId' | 'seriesId') => ({ query }: { query: URLSearchParams }) => {
    const id = intParam(query.get(field));
    const types = eventTypeFilter(query);
    const entries = instance.history
      .all()
      .filter((entry) => entry[field] === id && (types === undefined || types.has(entry.eventType)))
      .sort((a, b) => b.date - a.date || b.id - a.id);
    return reply.json(json(entries, query));
  };
  if (instance.kind === 'radarr') router.add('GET', '/api/v3/history/movie', perMedia('movieId'));
  else router.add('GET', '/api/v3/history/series', perMedia('seriesId'));
}
