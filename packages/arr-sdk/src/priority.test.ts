/**
 * Interactive requests go ahead of background polling in a client's queue (issue 12), and writes
 * drop the cached reads they make stale. Real HTTP on 127.0.0.1.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, startLoopbackServer, type LoopbackServer } from '../test/loopback-server.ts';
import { createRadarrClient } from './radarr-client.ts';
import { createSonarrClient } from './sonarr-client.ts';

let server: LoopbackServer;
beforeEach(async () => {
  server = await startLoopbackServer();
});
afterEach(async () => {
  await server.close();
});

const paths = () => server.requests.map((r) => new URL(r.url, 'http://x').pathname);

describe('priority', () => {
  it('starts an interactive read before the background reads queued ahead of it', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.route('GET', '/api/v3/queue', (_req, res: ServerResponse) => {
      void held.then(() => json(res, 200, { page: 1, pageSize: 1000, totalRecords: 0, records: [] }));
    });
    for (const path of ['/api/v3/health', '/api/v3/diskspace', '/api/v3/indexer', '/api/v3/movie/lookup']) server.route('GET', path, (_req, res) => json(res, 200, []));
    const radarr = createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234', concurrency: 1 });
    // One background read holds the only slot; three more wait behind it.
    const polling = [radarr.queue.list(), radarr.health(), radarr.diskSpace(), radarr.indexers()];
    await new Promise((resolve) => setTimeout(resolve, 50));
    // A Discord user waits for this one.
    const interactive = radarr.withCallOptions({ priority: 10 }).movies.lookup('matrix');
    expect(radarr.stats().queued).toBe(4);
    release();
    await Promise.all([...polling, interactive]);
    expect(paths()).toEqual(['/api/v3/queue', '/api/v3/movie/lookup', '/api/v3/health', '/api/v3/diskspace', '/api/v3/indexer']);
  });

  it('takes the priority of a raw typed call from its init', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.route('GET', '/api/v3/health', (_req, res) => void held.then(() => json(res, 200, [])));
    for (const path of ['/api/v3/diskspace', '/api/v3/tag']) server.route('GET', path, (_req, res) => json(res, 200, []));
    const sonarr = createSonarrClient({ baseUrl: server.url, apiKey: 'key-1234', concurrency: 1, cache: false });
    const first = sonarr.health();
    const background = sonarr.GET('/api/v3/diskspace');
    const urgent = sonarr.GET('/api/v3/tag', { priority: 5 });
    release();
    await Promise.all([first, background, urgent]);
    expect(paths()).toEqual(['/api/v3/health', '/api/v3/tag', '/api/v3/diskspace']);
  });
});

describe('writes and the cache', () => {
  function countingRoutes(): Record<string, number> {
    const reads: Record<string, number> = {};
    for (const path of ['/api/v3/qualityprofile', '/api/v3/rootfolder', '/api/v3/tag', '/api/v3/movie/lookup']) {
      server.route('GET', path, (_req, res) => {
        reads[path] = (reads[path] ?? 0) + 1;
        json(res, 200, []);
      });
    }
    for (const path of ['/api/v3/qualityprofile', '/api/v3/rootfolder', '/api/v3/tag', '/api/v3/movie']) server.route('POST', path, (_req, res) => json(res, 201, { id: 1 }));
    return reads;
  }

  it('caches profiles, root folders, tags and lookups, and drops each when the client writes to it', async () => {
    const reads = countingRoutes();
    const radarr = createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234' });
    const readAll = () => Promise.all([radarr.qualityProfiles(), radarr.rootFolders(), radarr.tags(), radarr.movies.lookup('matrix')]);
    await readAll();
    await readAll();
    expect(reads).toEqual({ '/api/v3/qualityprofile': 1, '/api/v3/rootfolder': 1, '/api/v3/tag': 1, '/api/v3/movie/lookup': 1 });
    await radarr.POST('/api/v3/qualityprofile', { body: { name: 'x' } as never });
    await radarr.POST('/api/v3/tag', { body: { label: 'kids' } });
    await readAll();
    expect(reads).toEqual({ '/api/v3/qualityprofile': 2, '/api/v3/rootfolder': 1, '/api/v3/tag': 2, '/api/v3/movie/lookup': 1 });
    // Adding a movie changes its lookup (now in the library), the root folders and the tags' usage.
    await radarr.movies.add({ title: 'The Matrix', tmdbId: 603, qualityProfileId: 1, rootFolderPath: '/movies' });
    await readAll();
    expect(reads).toEqual({ '/api/v3/qualityprofile': 2, '/api/v3/rootfolder': 2, '/api/v3/tag': 3, '/api/v3/movie/lookup': 2 });
  });

  it('drops a lookup after a raw write to its resource too', async () => {
    const reads = countingRoutes();
    const radarr = createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234' });
    await radarr.movies.lookup('matrix');
    await radarr.POST('/api/v3/movie', { body: { title: 'The Matrix' } as never });
    await radarr.movies.lookup('matrix');
    expect(reads['/api/v3/movie/lookup']).toBe(2);
    await radarr.POST('/api/v3/rootfolder', { body: { path: '/movies' } as never });
    await radarr.rootFolders();
    await radarr.rootFolders();
    expect(reads['/api/v3/rootfolder']).toBe(1);
  });
});
