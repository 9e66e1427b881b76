/** The queue: paged list, details, status, removal (with blocklist) and pending-release grabs. */
import type { Router } from '../http/router.ts';
import { boolParam, enumListParam, intListParam, intParam, reply } from '../http/router.ts';
import { isRecord } from '../http/validation.ts';
import type { Instance, Json } from '../model/instance.ts';
import type { RemoveOptions } from '../model/tracked-downloads.ts';
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

/** `QueueStatus` and `DownloadProtocol` in the apps' numeric order, for filters given as numbers. */
const QUEUE_STATUSES = ['unknown', 'queued', 'paused', 'downloading', 'completed', 'failed', 'warning', 'delay', 'downloadClientUnavailable', 'fallback'] as const;
const PROTOCOLS = ['unknown', 'usenet', 'torrent'] as const;

const lower = (value: unknown): string => (typeof value === 'string' ? value.toLowerCase() : '');
const qualityId = (record: Json): unknown => (isRecord(record.quality) && isRecord(record.quality.quality) ? record.quality.quality.id : undefined);
const languageIds = (record: Json): unknown[] => (Array.isArray(record.languages) ? record.languages.map((language) => (isRecord(language) ? language.id : undefined)) : []);

/**
 * The filters of `GET /queue`, as the apps apply them: the media ids (`movieIds` / `seriesIds`),
 * `protocol`, `languages`, `quality` and `status`; each one given narrows the list.
 */
function queueFilter(query: URLSearchParams, mediaField: 'movieId' | 'seriesId', mediaIdsName: string): (record: Json) => boolean {
  const mediaIds = new Set(intListParam(query, mediaIdsName));
  const protocols = enumListParam(query, 'protocol', PROTOCOLS);
  const languages = new Set(intListParam(query, 'languages'));
  const qualities = new Set(intListParam(query, 'quality'));
  const statuses = enumListParam(query, 'status', QUEUE_STATUSES);
  return (record) =>
    (mediaIds.size === 0 || mediaIds.has(record[mediaField] as number)) &&
    (protocols.size === 0 || protocols.has(lower(record.protocol))) &&
    (languages.size === 0 || languageIds(record).some((id) => languages.has(id as number))) &&
    (qualities.size === 0 || qualities.has(qualityId(record) as number)) &&
    (statuses.size === 0 || statuses.has(lower(record.status)));
}

export function registerQueueRoutes(router: Router, { kind, queue, lifecycle }: Pick<Instance, 'kind' | 'queue' | 'lifecycle'>): void {
  const radarr = kind === 'radarr';
  const mediaField = radarr ? 'movieId' : 'seriesId';

  router.add('GET', '/api/v3/queue', ({ query }) => {
    const paging = readPaging(query, { sortKey: 'timeleft', sortDirection: 'ascending' });
    // Unknown downloads are hidden unless asked for; pending releases always show.
    const includeUnknown = boolParam(query, radarr ? 'includeUnknownMovieItems' : 'includeUnknownSeriesItems');
    const records = queue.records(query, { includeUnknown }).filter(queueFilter(query, mediaField, radarr ? 'movieIds' : 'seriesIds'));
    return reply.json(paginate(records, paging, queueSortValue, 'timeleft', { pastEnd: 'lastFullPage' }));
  });

  router.add('GET', '/api/v3/queue/details', ({ query }) => {
    const mediaId = intParam(query.get(mediaField));
    const episodeIds = new Set(radarr ? [] : intListParam(query, 'episodeIds'));
    const records = queue.records(query).filter((record) => (mediaId === undefined || record[mediaField] === mediaId) && (episodeIds.size === 0 || episodeIds.has(record.episodeId as number)));
    return reply.json(records);
  });

  router.add('GET', '/api/v3/queue/status', () => reply.json(queue.status()));

  /** Removes a pending release or a tracked download by queue id; false when the id is neither. */
  /** The removal options of `DELETE /queue/{id}` and `/queue/bulk` (removeFromClient defaults to true). */
  const removeOptions = (query: URLSearchParams): RemoveOptions => ({ blocklist: boolParam(query, 'blocklist'), skipRedownload: boolParam(query, 'skipRedownload'), removeFromClient: boolParam(query, 'removeFromClient', true) });
  const remove = (id: number, options: RemoveOptions): boolean => {
    const { blocklist } = options;
    const held = queue.findPending(id);
    if (held !== undefined) {
      lifecycle.removePending(held, { blocklist });
      return true;
    }
    const download = queue.find(id);
    if (download?.tracked !== true) return false;
    lifecycle.remove(download, options);
    return true;
  };

  router.add('DELETE', '/api/v3/queue/bulk', ({ query, body }) => {
    for (const id of bulkIds(body)) remove(id, removeOptions(query));
    return reply.empty();
  });

  router.add('DELETE', '/api/v3/queue/{id}', ({ params, query }) => {
    const id = intParam(params.id);
    return id !== undefined && remove(id, removeOptions(query)) ? reply.empty() : reply.notFound();
  });

  // Pending (delayed) releases: grabbing one sends it to the download client now. Like the apps,
  // the bulk form stops with a 404 at the first id that is not a pending release.
  router.add('POST', '/api/v3/queue/grab/bulk', ({ body }) => {
    for (const id of bulkIds(body)) {
      const held = queue.findPending(id);
      if (held === undefined) return reply.notFound();
      lifecycle.grabPending(held);
    }
    return reply.empty();
  });
  router.add('POST', '/api/v3/queue/grab/{id}', ({ params }) => {
    const held = queue.findPending(intParam(params.id) ?? -1);
    if (held === undefined) return reply.notFound();
    lifecycle.grabPending(held);
    return reply.empty();
  });
}

function bulkIds(body: unknown): number[] {
  return isRecord(body) && Array.isArray(body.ids) ? body.ids.filter((id): id is number => typeof id === 'number') : [];
}
