/**
 * Every named helper calls an operation our documents declare, with only the query parameters the
 * document declares and the required ones present: the helpers cannot drift from the documents.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { json, startLoopbackServer, type LoopbackServer } from '../test/loopback-server.ts';
import { createRadarrClient, type RadarrClient } from './radarr-client.ts';
import { createSonarrClient, type SonarrClient } from './sonarr-client.ts';

interface Parameter { name: string; in: string; required?: boolean; $ref?: string }
interface Operation { operationId: string; parameters?: Parameter[] }
type Doc = { paths: Record<string, Record<string, Operation | Parameter[]>>; components: { parameters?: Record<string, Parameter> } };

function load(name: string): Doc {
  return parse(readFileSync(new URL(`../../../openapi/${name}.yaml`, import.meta.url), 'utf8')) as Doc;
}

function findOperation(doc: Doc, method: string, pathname: string) {
  // Literal paths win over templates (`/movie/lookup` before `/movie/{id}`), as in the apps' routing.
  const byLiteralFirst = Object.entries(doc.paths).sort(([a], [b]) => a.split('{').length - b.split('{').length);
  for (const [template, item] of byLiteralFirst) {
    // The pattern is built from our own document's path templates, not from input.
    // eslint-disable-next-line security/detect-non-literal-regexp
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const op = item[method.toLowerCase()] as Operation | undefined;
    if (pattern.test(pathname) && op) {
      const resolve = (p: Parameter) => (p.$ref ? doc.components.parameters?.[p.$ref.split('/').at(-1) ?? ''] ?? p : p);
      const shared = (item.parameters as Parameter[] | undefined) ?? [];
      return { op, params: [...shared, ...(op.parameters ?? [])].map(resolve) };
    }
  }
  return undefined;
}

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
  const answer = (body: unknown) => (_req: unknown, res: import('node:http').ServerResponse) => json(res, 200, body);
  const page = { page: 1, pageSize: 1000, totalRecords: 1, records: [{ id: 1 }] };
  for (const path of ['/api/v3/queue', '/api/v3/wanted/missing', '/api/v3/wanted/cutoff', '/api/v3/history']) server.route('GET', path, answer(page));
  for (const path of ['/api/v3/movie/1', '/api/v3/series/1', '/api/v3/episode/1', '/api/v3/command/1', '/api/v3/movie/lookup/tmdb', '/api/v3/system/status', '/api/v3/queue/status'])
    server.route('GET', path, answer({ id: 1, status: 'completed' }));
  for (const path of ['/api/v3/health', '/api/v3/diskspace', '/api/v3/history/since', '/api/v3/history/movie', '/api/v3/history/series', '/api/v3/calendar', '/api/v3/movie', '/api/v3/series', '/api/v3/movie/lookup', '/api/v3/series/lookup', '/api/v3/episode', '/api/v3/moviefile', '/api/v3/episodefile', '/api/v3/command', '/api/v3/qualityprofile', '/api/v3/rootfolder', '/api/v3/tag', '/api/v3/release', '/api/v3/manualimport', '/api/v3/downloadclient', '/api/v3/indexer'])
    server.route('GET', path, answer([]));
  for (const [method, path] of [
    ['POST', '/api/v3/movie'], ['POST', '/api/v3/series'], ['PUT', '/api/v3/movie/1'], ['PUT', '/api/v3/series/1'], ['PUT', '/api/v3/episode/monitor'],
    ['DELETE', '/api/v3/movie/1'], ['DELETE', '/api/v3/series/1'], ['DELETE', '/api/v3/moviefile/1'], ['DELETE', '/api/v3/episodefile/1'],
    ['DELETE', '/api/v3/queue/1'], ['DELETE', '/api/v3/queue/bulk'], ['POST', '/api/v3/queue/grab/1'], ['POST', '/api/v3/command'], ['POST', '/api/v3/release'],
  ] as const) server.route(method, path, (_req, res) => json(res, method === 'POST' ? 201 : 200, { id: 1 }));
});
afterAll(async () => {
  await server.close();
});

function helperCalls(client: RadarrClient | SonarrClient): [string, () => Promise<unknown>][] {
  const common: [string, () => Promise<unknown>][] = [
    ['status', () => client.status()],
    ['health', () => client.health()],
    ['diskSpace', () => client.diskSpace()],
    ['queue.list', () => client.queue.list()],
    ['queue.status', () => client.queue.status()],
    ['queue.remove', () => client.queue.remove(1, { blocklist: true, skipRedownload: true })],
    ['queue.removeMany', () => client.queue.removeMany([1, 2], { removeFromClient: false })],
    ['queue.grab', () => client.queue.grab(1)],
    ['history.since', () => client.history.since(new Date(0))],
    ['history.page', () => client.history.page()],
    ['calendar', () => client.calendar({ start: new Date(0), end: new Date(1000) })],
    ['wanted.missing', () => client.wanted.missing()],
    ['wanted.cutoff', () => client.wanted.cutoff()],
    ['command.get', () => client.command.get(1)],
    ['command.list', () => client.command.list()],
    ['command.wait', () => client.command.wait(1)],
    ['qualityProfiles', () => client.qualityProfiles()],
    ['rootFolders', () => client.rootFolders()],
    ['tags', () => client.tags()],
    ['manualImport.apply', () => client.manualImport.apply([])],
    ['downloadClients', () => client.downloadClients()],
    ['indexers', () => client.indexers()],
  ];
  if (client.kind === 'radarr') {
    return [
      ...common,
      ['history.forMovie', () => client.history.forMovie(1)],
      ['movies.list', () => client.movies.list()],
      ['movies.get', () => client.movies.get(1)],
      ['movies.lookup', () => client.movies.lookup('tmdb:603')],
      ['movies.lookupByTmdbId', () => client.movies.lookupByTmdbId(603)],
      ['movies.add', () => client.movies.add({ tmdbId: 603, qualityProfileId: 1 })],
      ['movies.update', () => client.movies.update(1, { monitored: false })],
      ['movies.delete', () => client.movies.delete(1, { deleteFiles: true })],
      ['movieFiles.list', () => client.movieFiles.list(1)],
      ['movieFiles.delete', () => client.movieFiles.delete(1)],
      ['releases.search', () => client.releases.search(1)],
      ['releases.grab', () => client.releases.grab({ guid: 'g', indexerId: 1 })],
      ['manualImport.list', () => client.manualImport.list({ downloadId: 'abc' })],
      ['command.run', () => client.command.run('MoviesSearch', { movieIds: [1] })],
    ];
  }
  return [
    ...common,
    ['history.forSeries', () => client.history.forSeries(1)],
    ['series.list', () => client.series.list()],
    ['series.get', () => client.series.get(1)],
    ['series.lookup', () => client.series.lookup('tvdb:81189')],
    ['series.add', () => client.series.add({ tvdbId: 81189, title: 'x', qualityProfileId: 1 })],
    ['series.update', () => client.series.update(1, { monitored: false })],
    ['series.delete', () => client.series.delete(1)],
    ['episodes.list', () => client.episodes.list({ seriesId: 1 })],
    ['episodes.get', () => client.episodes.get(1)],
    ['episodes.setMonitored', () => client.episodes.setMonitored([1], true)],
    ['episodeFiles.list', () => client.episodeFiles.list(1)],
    ['episodeFiles.delete', () => client.episodeFiles.delete(1)],
    ['releases.search', () => client.releases.search({ seriesId: 1, seasonNumber: 1 })],
    ['releases.grab', () => client.releases.grab({ guid: 'g', indexerId: 1 })],
    ['manualImport.list', () => client.manualImport.list({ downloadId: 'abc' })],
    ['command.run', () => client.command.run('SeasonSearch', { seriesId: 1, seasonNumber: 1 })],
  ];
}

describe.each([
  ['radarr', () => createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234', cache: false })],
  ['sonarr', () => createSonarrClient({ baseUrl: server.url, apiKey: 'key-1234', cache: false })],
] as const)('%s helpers', (name, make) => {
  const doc = load(name);
  const client = () => make();
  it.each(helperCalls(name === 'radarr' ? createRadarrClient({ baseUrl: 'http://x', apiKey: 'k' }) : createSonarrClient({ baseUrl: 'http://x', apiKey: 'k' })).map(([label]) => label))(
    '%s calls a declared operation with declared parameters',
    async (label) => {
      const call = helperCalls(client()).find(([l]) => l === label)![1];
      const before = server.requests.length;
      await call();
      const made = server.requests.slice(before);
      expect(made.length).toBeGreaterThan(0);
      for (const request of made) {
        const url = new URL(request.url, 'http://x');
        const found = findOperation(doc, request.method, url.pathname);
        expect(found, `${request.method} ${url.pathname} is not in openapi/${name}.yaml`).toBeDefined();
        const declared = new Set(found!.params.filter((p) => p.in === 'query').map((p) => p.name));
        for (const key of url.searchParams.keys()) expect(declared, `${found!.op.operationId} has no query parameter ${key}`).toContain(key);
        for (const p of found!.params.filter((q) => q.in === 'query' && q.required)) expect(url.searchParams.has(p.name), `${found!.op.operationId} needs ${p.name}`).toBe(true);
      }
    },
  );
});
