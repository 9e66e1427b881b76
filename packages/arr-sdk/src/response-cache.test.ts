import { afterEach, beforeEach, expect, it } from 'vitest';
import { json, startLoopbackServer, type LoopbackServer } from '../test/loopback-server.ts';
import { createRadarrClient } from './radarr-client.ts';
import { resourceOfPath } from './request-url.ts';

let server: LoopbackServer;
let now = 1_000_000;
const client = (cache?: Parameters<typeof createRadarrClient>[0]['cache']) =>
  createRadarrClient({ baseUrl: server.url, apiKey: 'test-key-123', now: () => now, ...(cache === undefined ? {} : { cache }) });

beforeEach(async () => {
  server = await startLoopbackServer();
  server.route('GET', '/api/v3/qualityprofile', (_req, res) => json(res, 200, [{ id: 1, name: 'HD-1080p' }]));
  server.route('GET', '/api/v3/tag', (_req, res) => json(res, 200, [{ id: 1, label: 'kids' }]));
  server.route('POST', '/api/v3/tag', (_req, res) => json(res, 201, { id: 2, label: 'new' }));
  server.route('GET', '/api/v3/queue', (_req, res) => {
    setTimeout(() => json(res, 200, { page: 1, pageSize: 1000, totalRecords: 0, records: [] }), 30);
  });
});
afterEach(async () => {
  await server.close();
});

const count = (path: string) => server.requests.filter((r) => r.url.startsWith(path)).length;

it('answers a second read of reference data from the cache', async () => {
  const c = client();
  await c.qualityProfiles();
  await c.qualityProfiles();
  expect(count('/api/v3/qualityprofile')).toBe(1);
  expect(c.stats().cache.hits).toBe(1);
});

it('reads again once the TTL has passed', async () => {
  const c = client({ ttlMs: { qualityprofile: 1000 } });
  await c.qualityProfiles();
  now += 999;
  await c.qualityProfiles();
  expect(count('/api/v3/qualityprofile')).toBe(1);
  now += 2;
  await c.qualityProfiles();
  expect(count('/api/v3/qualityprofile')).toBe(2);
});

it('does not cache live data such as the queue unless asked to', async () => {
  const c = client();
  await c.queue.list();
  await c.queue.list();
  expect(count('/api/v3/queue')).toBe(2);
});

it('coalesces identical GETs in flight into one request, even without a TTL', async () => {
  const c = client(false);
  const results = await Promise.all([c.queue.list(), c.queue.list(), c.queue.list()]);
  expect(results).toEqual([[], [], []]);
  expect(count('/api/v3/queue')).toBe(1);
  expect(c.stats().cache.coalesced).toBe(2);
});

it('drops cached reads of a resource when the client writes to it', async () => {
  const c = client();
  await c.tags();
  await c.POST('/api/v3/tag', { body: { label: 'new' } as never });
  await c.tags();
  expect(count('/api/v3/tag')).toBe(3);
});

it('neither caches nor shares a read that was in flight when the client wrote the resource', async () => {
  let label = 'old';
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let reads = 0;
  server.route('GET', '/api/v3/tag', (_req, res) => {
    reads++;
    const answer = label;
    void gate.then(() => json(res, 200, [{ id: 1, label: answer }]));
  });
  server.route('POST', '/api/v3/tag', (_req, res) => {
    label = 'new';
    json(res, 201, { id: 1, label: 'new' });
  });
  const c = client();
  const before = c.tags();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await c.POST('/api/v3/tag', { body: { label: 'new' } });
  const after = c.tags();
  release();
  expect((await before)[0]!.label).toBe('old');
  expect((await after)[0]!.label).toBe('new');
  expect((await c.tags())[0]!.label).toBe('new');
  expect(reads).toBe(2);
});

it('names the resource of a path template by its structure alone', () => {
  expect(resourceOfPath('/api/v3/qualityprofile/{id}')).toBe('qualityprofile');
  expect(resourceOfPath('/api/v3/system/task/{id}')).toBe('system');
  expect(resourceOfPath('/api')).toBe('api');
});
