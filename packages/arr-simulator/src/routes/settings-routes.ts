/** Quality profiles, root folders, tags, download clients, indexers and the blocklist. */
import type { Router } from '../http/router.ts';
import { intParam, reply } from '../http/router.ts';
import { isRecord, requireString, validationReply } from '../http/validation.ts';
import type { Instance } from '../model/instance.ts';
import { paginate, readPaging } from '../model/paging.ts';

function listAndGet<T extends { id: number }>(router: Router, path: string, list: () => T[], map: (item: T) => unknown = (item) => item): void {
  router.add('GET', path, () => reply.json(list().map(map)));
  router.add('GET', `${path}/{id}`, ({ params }) => {
    const item = list().find((candidate) => candidate.id === intParam(params.id));
    return item === undefined ? reply.notFound() : reply.json(map(item));
  });
}

export function registerSettingsRoutes(router: Router, instance: Instance): void {
  listAndGet(router, '/api/v3/qualityprofile', () => instance.qualityProfiles);
  listAndGet(router, '/api/v3/rootfolder', () => instance.rootFolders, (folder) => ({ ...folder, unmappedFolders: [] }));
  listAndGet(router, '/api/v3/downloadclient', () => instance.downloadClients);
  // Sonarr's indexers carry its season-search setting; Radarr has none.
  listAndGet(router, '/api/v3/indexer', () => instance.indexers, (indexer) => (instance.kind === 'sonarr' ? { ...indexer, seasonSearchMaximumSingleEpisodeAge: 0 } : indexer));
  listAndGet(router, '/api/v3/tag', () => instance.tags);

  router.add('POST', '/api/v3/tag', ({ body }) => {
    const problem = isRecord(body) ? requireString(body, 'label', 'Label') : requireString({}, 'label', 'Label');
    if (problem !== undefined || !isRecord(body)) return validationReply(problem === undefined ? [] : [problem]);
    const label = String(body.label).toLowerCase();
    const existing = instance.tags.find((tag) => tag.label === label);
    if (existing !== undefined) return reply.created(existing);
    const tag = { id: Math.max(0, ...instance.tags.map((candidate) => candidate.id)) + 1, label };
    instance.tags.push(tag);
    return reply.created(tag);
  });

  router.add('GET', '/api/v3/blocklist', ({ query }) => {
    const paging = readPaging(query, { sortKey: 'date', sortDirection: 'descending' });
    const page = paginate(instance.blocklist.list(), paging, (entry, key) => (key.toLowerCase() === 'date' ? entry.date : key.toLowerCase() === 'sourcetitle' ? entry.sourceTitle : undefined), 'date');
    return reply.json({ ...page, records: page.records.map((entry) => instance.app.blocklistJson(entry)) });
  });
  router.add('DELETE', '/api/v3/blocklist/bulk', ({ body }) => {
    const ids = isRecord(body) && Array.isArray(body.ids) ? body.ids : [];
    for (const id of ids) if (typeof id === 'number') instance.blocklist.remove(id);
    return reply.empty();
  });
  router.add('DELETE', '/api/v3/blocklist/{id}', ({ params }) => (instance.blocklist.remove(intParam(params.id) ?? -1) ? reply.empty() : reply.notFound()));
}
