/** Quality profiles, root folders, tags, download clients, indexers and the blocklist. */
import type { Router } from '../http/router.ts';
import { intParam, reply } from '../http/router.ts';
import { isRecord, requireString, validationReply } from '../http/validation.ts';
import type { Instance } from '../model/instance.ts';
import { paginate, readPaging } from '../model/paging.ts';

function listAndGet<T extends { id: number }>(router: Router, path: string, list: () => readonly T[], map: (item: T) => unknown = (item) => item): void {
  router.add('GET', path, () => reply.json(list().map(map)));
  router.add('GET', `${path}/{id}`, ({ params }) => {
    const item = list().find((candidate) => candidate.id === intParam(params.id));
    return item === undefined ? reply.notFound() : reply.json(map(item));
  });
}

export function registerSettingsRoutes(router: Router, instance: Pick<Instance, 'kind' | 'settings' | 'blocklist' | 'app'>): void {
  const { kind, settings, blocklist } = instance;
  listAndGet(router, '/api/v3/qualityprofile', () => settings.qualityProfiles);
  // RootFolderResource has no total space (only `GET /diskspace` reports it).
  listAndGet(router, '/api/v3/rootfolder', () => settings.rootFolders, ({ totalSpace: _total, ...folder }) => ({ ...folder, unmappedFolders: [] }));
  listAndGet(router, '/api/v3/downloadclient', () => settings.downloadClients);
  // Sonarr's indexers carry its season-search setting; Radarr has none.
  listAndGet(router, '/api/v3/indexer', () => settings.indexers, (indexer) => (kind === 'sonarr' ? { ...indexer, seasonSearchMaximumSingleEpisodeAge: 0 } : indexer));
  listAndGet(router, '/api/v3/tag', () => settings.tags);

  router.add('POST', '/api/v3/tag', ({ body }) => {
    const problem = isRecord(body) ? requireString(body, 'label', 'Label') : requireString({}, 'label', 'Label');
    if (problem !== undefined || !isRecord(body)) return validationReply(problem === undefined ? [] : [problem]);
    return reply.created(settings.addTag(String(body.label)));
  });

  router.add('GET', '/api/v3/blocklist', ({ query }) => {
    const paging = readPaging(query, { sortKey: 'date', sortDirection: 'descending' });
    const page = paginate(blocklist.list(), paging, (entry, key) => (key.toLowerCase() === 'date' ? entry.date : key.toLowerCase() === 'sourcetitle' ? entry.sourceTitle : undefined), 'date');
    return reply.json({ ...page, records: page.records.map((entry) => instance.app.blocklistJson(entry)) });
  });
  router.add('DELETE', '/api/v3/blocklist/bulk', ({ body }) => {
    const ids = isRecord(body) && Array.isArray(body.ids) ? body.ids : [];
    for (const id of ids) if (typeof id === 'number') blocklist.remove(id);
    return reply.empty();
  });
  router.add('DELETE', '/api/v3/blocklist/{id}', ({ params }) => (blocklist.remove(intParam(params.id) ?? -1) ? reply.empty() : reply.notFound()));
}
