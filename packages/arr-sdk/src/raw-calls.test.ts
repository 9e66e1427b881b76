/** The raw typed methods behave as openapi-fetch's do, through the SDK's own pipeline. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, startLoopbackServer, type LoopbackServer } from '../test/loopback-server.ts';
import type { ArrRequestEvent } from './transport.ts';
import { createRadarrClient } from './radarr-client.ts';

let server: LoopbackServer;
beforeEach(async () => {
  server = await startLoopbackServer();
});
afterEach(async () => {
  await server.close();
});

describe('raw typed calls', () => {
  it('answers data on a success, with the response made on demand', async () => {
    server.route('GET', '/api/v3/movie/7', (_req, res) => json(res, 200, { id: 7, title: 'Seven' }, { 'x-extra': 'yes' }));
    const { data, error, response } = await createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234' }).GET('/api/v3/movie/{id}', { params: { path: { id: 7 } } });
    expect(error).toBeUndefined();
    expect(data?.title).toBe('Seven');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-extra')).toBe('yes');
    expect(await response.json()).toEqual({ id: 7, title: 'Seven' });
  });

  it('answers the parsed error body on a failure, and nothing for a 204', async () => {
    server.route('DELETE', '/api/v3/tag/3', (_req, res) => json(res, 404, { message: 'NotFound' }));
    server.route('DELETE', '/api/v3/tag/4', (_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const radarr = createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234' });
    const missing = await radarr.DELETE('/api/v3/tag/{id}', { params: { path: { id: 3 } } });
    expect(missing.error).toEqual({ message: 'NotFound' });
    expect(missing.data).toBeUndefined();
    expect(missing.response.status).toBe(404);
    const gone = await radarr.DELETE('/api/v3/tag/{id}', { params: { path: { id: 4 } } });
    expect(gone.error).toBeUndefined();
    expect(gone.data).toBeUndefined();
    expect(gone.response.status).toBe(204);
  });

  it('sends arrays as repeated keys, leaves out undefined, encodes path parameters, and reports the path template', async () => {
    server.route('GET', '/api/v3/moviefile', (_req, res) => json(res, 200, []));
    const events: ArrRequestEvent[] = [];
    const radarr = createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234', onRequest: (e) => events.push(e) });
    await radarr.GET('/api/v3/moviefile', { params: { query: { movieId: [1, 2], movieFileIds: undefined } } });
    expect(server.requests[0]?.url).toBe('/api/v3/moviefile?movieId=1&movieId=2');
    expect(events[0]).toMatchObject({ method: 'GET', route: '/api/v3/moviefile', status: 200, attempts: 1, cached: false });
  });

  it('reads a body as text when asked, and keeps the URL base', async () => {
    server.route('GET', '/radarr/api/v3/log/file/radarr.txt', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('line one\nline two');
    });
    const radarr = createRadarrClient({ baseUrl: `${server.url}/radarr`, apiKey: 'key-1234' });
    const raw = radarr.GET as unknown as (path: string, init: object) => Promise<{ data?: unknown }>;
    const { data } = await raw('/api/v3/log/file/{filename}', { params: { path: { filename: 'radarr.txt' } }, parseAs: 'text' });
    expect(data).toBe('line one\nline two');
  });

  it('sends a content type with a body only, never on the reads after a write', async () => {
    server.route('POST', '/api/v3/tag', (_req, res) => json(res, 201, { id: 1, label: 'x' }));
    server.route('GET', '/api/v3/tag', (_req, res) => json(res, 200, []));
    const radarr = createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234', cache: false });
    await radarr.POST('/api/v3/tag', { body: { label: 'x' } });
    await radarr.tags();
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    expect(server.requests[1]?.headers['content-type']).toBeUndefined();
  });
});
