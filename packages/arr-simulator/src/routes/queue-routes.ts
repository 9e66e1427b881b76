/** The queue: paged list, details, status, removal (with blocklist) and pending-release grabs. */
import type { Router } from '../http/router.ts';
import { boolParam, intParam, reply } from '../http/router.ts';
import { isRecord } from '../http/validation.ts';
import type { Instance, Json } from '../model/instance.ts';
import { paginate, readPaging } from '../model/paging.ts';

/** Sort value of a queue record for a sort key, as the apps sort the queue in memory. */
export function queueSortValue(record: Json, key: string): string | number | undefined {
  switch (key.toLowerCase()) {
    case 'timeleft':
    case 'estimatedcompletiontime':
      return typeof record.estimatedCompletionTime === 'string' ? record.estimatedCompletionTime : undefined;
    case 'progress': {
      const size = typeof record.size === 'number' ? record.size : 0;
      const left = typeof record.sizeleft === 'number' ? record.sizeleft : 0;
      return size === 0 ? 0 : 1 - left / size;
    }
    case 'movies.sorttitle':
    case 'series.sorttitle':
    case 'title':
      return typeof record.title === 'string' ? record.title.toLowerCase() : undefined;
    default: {
      const value = Object.entries(record).find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1];
      return typeof value === 'string' || typeof value === 'number' ? value : undefined;
    }
  }
}

export function registerQueueRoutes(router: Router, instance: Instance): void {
  router.add('GET', '/api/v3/queue', ({ query }) => {
    const paging = readPaging(query, { sortKey: 'timeleft', sortDirection: 'ascending' });
    return reply.json(paginate(instance.queueRecords(query), paging, queueSortValue, 'timeleft'));
  });

  router.add('GET', '/api/v3/queue/details', ({ query }) => {
    const movieId = intParam(query.get('movieId'));
    const seriesId = intParam(query.get('seriesId'));
    const records = instance.queueRecords(query).filter((record) => (movieId === undefined || record.movieId === movieId) && (seriesId === undefined || record.seriesId === seriesId));
    return reply.json(records);
  });

  router.add('GET', '/api/v3/queue/status', () => reply.json(instance.queueStatus()));

  router.add('DELETE', '/api/v3/queue/bulk', ({ query, body }) => {
    const ids = isRecord(body) && Array.isArray(body.ids) ? body.ids.filter((id): id is number => typeof id === 'number') : [];
    const blocklist = boolParam(query, 'blocklist');
    for (const id of ids) {
      const download = instance.findDownload(id);
      if (download !== undefined) instance.removeDownload(download, { blocklist });
    }
    return reply.empty();
  });

  router.add('DELETE', '/api/v3/queue/{id}', ({ params, query }) => {
    const id = intParam(params.id);
    const download = id === undefined ? undefined : instance.findDownload(id);
    if (download === undefined) return reply.notFound();
    instance.removeDownload(download, { blocklist: boolParam(query, 'blocklist') });
    return reply.empty();
  });

  // The simulator holds no pending (delayed) releases, so there is nothing to grab by id.
  router.add('POST', '/api/v3/queue/grab/bulk', () => reply.empty());
  router.add('POST', '/api/v3/queue/grab/{id}', () => reply.notFound());
}
