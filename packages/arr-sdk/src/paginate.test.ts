import { afterEach, beforeEach, expect, it } from 'vitest';
import fc from 'fast-check';
import { json, startLoopbackServer, type LoopbackServer } from '../test/loopback-server.ts';
import { createSonarrClient } from './sonarr-client.ts';
import { collect, paginate } from './paginate.ts';

let server: LoopbackServer;
beforeEach(async () => {
  server = await startLoopbackServer();
});
afterEach(async () => {
  await server.close();
});

function serveQueue(total: number) {
  server.route('GET', '/api/v3/queue', (req, res) => {
    const q = new URL(req.url ?? '', 'http://x').searchParams;
    const page = Number(q.get('page') ?? 1);
    const pageSize = Number(q.get('pageSize') ?? 10);
    const records = Array.from({ length: total }, (_, i) => ({ id: 1000 + i, title: `item ${i}` })).slice((page - 1) * pageSize, page * pageSize);
    json(res, 200, { page, pageSize, totalRecords: total, records });
  });
}

it('reads a 1000-item queue in one request of 1000, with the include flags', async () => {
  serveQueue(1000);
  const items = await createSonarrClient({ baseUrl: server.url, apiKey: 'key-1234' }).queue.list();
  expect(items).toHaveLength(1000);
  expect(server.requests).toHaveLength(1);
  const query = new URL(server.requests[0]!.url, 'http://x').searchParams;
  expect(query.get('pageSize')).toBe('1000');
  expect(query.get('includeSeries')).toBe('true');
  expect(query.get('includeEpisode')).toBe('true');
});

it('walks every page and stops at totalRecords without an extra request', async () => {
  serveQueue(250);
  const client = createSonarrClient({ baseUrl: server.url, apiKey: 'key-1234' });
  const pages: number[] = [];
  for await (const records of client.queue.pages({ pageSize: 50 })) pages.push(records.length);
  expect(pages).toEqual([50, 50, 50, 50, 50]);
  expect(server.requests).toHaveLength(5);
});

it('does not repeat a record that moved to the next page while pages were read', async () => {
  const pages = [
    { totalRecords: 4, records: [{ id: 1 }, { id: 2 }] },
    { totalRecords: 4, records: [{ id: 2 }, { id: 3 }] },
    { totalRecords: 4, records: [{ id: 4 }] },
  ];
  const all = await collect(paginate((page) => Promise.resolve(pages[page - 1] ?? { records: [] }), 2));
  expect(all.map((r) => r.id)).toEqual([1, 2, 3, 4]);
});

it('returns every record exactly once for any total and page size', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 60 }), async (total, size) => {
      const data = Array.from({ length: total }, (_, i) => ({ id: i }));
      let requests = 0;
      const all = await collect(
        paginate((page, pageSize) => {
          requests++;
          return Promise.resolve({ totalRecords: total, records: data.slice((page - 1) * pageSize, page * pageSize) });
        }, size),
      );
      expect(all).toEqual(data);
      expect(requests).toBeLessThanOrEqual(Math.max(1, Math.ceil(total / size) + 1));
    }),
  );
});
