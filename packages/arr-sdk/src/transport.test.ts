import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, startLoopbackServer, type LoopbackServer } from '../test/loopback-server.ts';
import { createRadarrClient } from './radarr-client.ts';
import {
  ArrAuthError,
  ArrBaseUrlError,
  ArrHttpError,
  ArrNetworkError,
  ArrNotFoundError,
  ArrTimeoutError,
  ArrValidationError,
} from './errors.ts';
import type { Logger } from './logger.ts';
import type { ArrClientOptions } from './options.ts';

const KEY = 'k3y-abcdef0123456789-secret';
let server: LoopbackServer;
const lines: string[] = [];
// The SDK's Logger takes pino's argument order: data first, then the message.
const logger: Logger = {
  debug: (d, m) => lines.push(`${m} ${JSON.stringify(d)}`),
  warn: (d, m) => lines.push(`${m} ${JSON.stringify(d)}`),
};
const noSleep = () => Promise.resolve();

function client(extra: Partial<ArrClientOptions> = {}) {
  return createRadarrClient({ baseUrl: server.url, apiKey: KEY, name: 'radarr-test', logger, sleep: noSleep, ...extra });
}

beforeEach(async () => {
  server = await startLoopbackServer();
  lines.length = 0;
});
afterEach(async () => {
  await server.close();
});

describe('authentication', () => {
  it('sends the key in the X-Api-Key header only, never in the URL or a log line', async () => {
    server.route('GET', '/api/v3/health', (_req, res) => json(res, 200, []));
    await client().health();
    const request = server.requests[0]!;
    expect(request.headers['x-api-key']).toBe(KEY);
    expect(request.url).not.toContain(KEY);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^arr request \{.*"route":"\/api\/v3\/health"/);
    expect(lines.join('\n')).not.toContain(KEY);
  });

  it('turns a 401 into ArrAuthError that says where to find the key and does not hold it', async () => {
    server.route('GET', '/api/v3/health', (_req, res) => {
      res.writeHead(401);
      res.end();
    });
    const error = await client().health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrAuthError);
    expect((error as ArrAuthError).status).toBe(401);
    expect((error as Error).message).toMatch(/radarr-test: GET \/api\/v3\/health: .*Settings > General > Security/);
    expect(JSON.stringify(error) + String(error)).not.toContain(KEY);
  });
});

describe('URL base', () => {
  it('prefixes every path with the URL base of the base URL', async () => {
    server.route('GET', '/radarr/api/v3/diskspace', (_req, res) => json(res, 200, [{ path: '/', freeSpace: 1, totalSpace: 2 }]));
    const disks = await client({ baseUrl: `${server.url}/radarr/` }).diskSpace();
    expect(disks).toHaveLength(1);
    expect(server.requests[0]!.url).toBe('/radarr/api/v3/diskspace');
  });

  it('accepts a base URL that already ends in /api/v3', async () => {
    server.route('GET', '/radarr/api/v3/health', (_req, res) => json(res, 200, []));
    await client({ baseUrl: `${server.url}/radarr/api/v3` }).health();
    expect(server.requests[0]!.url).toBe('/radarr/api/v3/health');
  });
});

describe('errors from real answers', () => {
  it('reports a validation failure with every failed property', async () => {
    server.route('POST', '/api/v3/movie', (_req, res) =>
      json(res, 400, [
        { propertyName: 'QualityProfileId', errorMessage: 'Must be greater than 0', attemptedValue: 0, severity: 'error', errorCode: 'GreaterThanValidator' },
        { propertyName: 'TmdbId', errorMessage: 'This movie has already been added', severity: 'error', errorCode: 'MovieExistsValidator' },
      ]),
    );
    const error = await client().movies.add({ title: 'x' } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrValidationError);
    const failures = (error as ArrValidationError).failures;
    expect(failures.map((f) => f.propertyName)).toEqual(['QualityProfileId', 'TmdbId']);
    expect((error as Error).message).toContain('TmdbId: This movie has already been added');
  });

  it('reports a missing resource as ArrNotFoundError with the server message', async () => {
    server.route('GET', '/api/v3/movie/77', (_req, res) => json(res, 404, { message: 'Movie with ID 77 does not exist' }));
    const error = await client().movies.get(77).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrNotFoundError);
    expect((error as Error).message).toContain('Movie with ID 77 does not exist');
  });

  it('reports other failures as ArrHttpError with status and parsed body, without the stack trace', async () => {
    server.route('POST', '/api/v3/command', (_req, res) => json(res, 500, { message: 'Boom', description: 'at NzbDrone.Core.Something()\n at more' }));
    const error = await client().command.run('RssSync').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrHttpError);
    expect((error as ArrHttpError).status).toBe(500);
    expect((error as ArrHttpError).body).toEqual({ message: 'Boom', description: 'at NzbDrone.Core.Something()\n at more' });
    expect((error as Error).message).not.toContain('NzbDrone');
  });

  it('says "check the URL base" for an HTML login page answered with 200', async () => {
    server.route('GET', '/api/v3/health', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body><form>Login</form></body></html>');
    });
    const error = await client().health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrBaseUrlError);
    expect((error as Error).message).toMatch(/HTML page instead of JSON.*URL base/);
  });

  it('says "check the URL base" for a redirect to a login page, with the key redacted from the location', async () => {
    server.route('GET', '/api/v3/health', (_req, res) => {
      res.writeHead(302, { location: `/login?returnUrl=%2Fapi&apikey=${KEY}` });
      res.end();
    });
    const error = await client().health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrBaseUrlError);
    expect((error as ArrBaseUrlError).status).toBe(302);
    expect((error as Error).message).toContain('/login');
    expect((error as Error).message).not.toContain(KEY);
  });

  it('never throws a raw SyntaxError for a cut-off JSON body', async () => {
    server.route('GET', '/api/v3/health', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('[{"source":"IndexerStatusCheck","ty');
    });
    const error = await client({ retry: false }).health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrNetworkError);
    expect((error as ArrNetworkError).code).toBe('INVALID_BODY');
  });

  it('reports a refused connection as ArrNetworkError with the system code', async () => {
    const url = server.url;
    await server.close();
    const error = await createRadarrClient({ baseUrl: url, apiKey: KEY, retry: false }).health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrNetworkError);
    expect((error as ArrNetworkError).code).toBe('ECONNREFUSED');
    server = await startLoopbackServer();
  });

  it('reports a reset connection as ArrNetworkError', async () => {
    server.route('GET', '/api/v3/health', (req) => {
      req.socket.destroy();
    });
    const error = await client({ retry: false }).health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrNetworkError);
  });

  it('gives up after timeoutMs with ArrTimeoutError', async () => {
    server.route('GET', '/api/v3/health', () => {
      /* never answers */
    });
    const error = await client({ timeoutMs: 100, retry: false }).health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrTimeoutError);
    expect((error as ArrTimeoutError).timeoutMs).toBe(100);
  });
});

describe('retries', () => {
  it('retries a 503 and waits what Retry-After asks', async () => {
    let calls = 0;
    server.route('GET', '/api/v3/health', (_req, res) => {
      calls++;
      if (calls === 1) json(res, 503, { message: 'busy' }, { 'retry-after': '2' });
      else json(res, 200, []);
    });
    const waits: number[] = [];
    await client({ sleep: (ms) => (waits.push(ms), Promise.resolve()) }).health();
    expect(calls).toBe(2);
    expect(waits).toEqual([2000]);
  });

  it("retries a reverse proxy's HTML 502 page and reports it as an HTTP error, not a wrong URL", async () => {
    let calls = 0;
    server.route('GET', '/api/v3/health', (_req, res) => {
      calls++;
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>');
    });
    const error = await client().health().catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(error).toBeInstanceOf(ArrHttpError);
    expect((error as ArrHttpError).status).toBe(502);
    expect((error as Error).message).toBe('radarr-test: GET /api/v3/health: HTTP 502');
  });

  it('retries a GET answered with "database is locked" but not another 500', async () => {
    let locked = 0;
    server.route('GET', '/api/v3/health', (_req, res) => {
      locked++;
      if (locked === 1) json(res, 500, { message: 'database is locked\ndatabase is locked' });
      else json(res, 200, []);
    });
    let other = 0;
    server.route('GET', '/api/v3/diskspace', (_req, res) => {
      other++;
      json(res, 500, { message: 'Object reference not set' });
    });
    await client().health();
    expect(locked).toBe(2);
    await expect(client().diskSpace()).rejects.toBeInstanceOf(ArrHttpError);
    expect(other).toBe(1);
  });

  it('never retries a POST, even on a 503', async () => {
    let calls = 0;
    server.route('POST', '/api/v3/command', (_req, res) => {
      calls++;
      json(res, 503, { message: 'busy' });
    });
    await expect(client().command.run('RssSync')).rejects.toBeInstanceOf(ArrHttpError);
    expect(calls).toBe(1);
  });

  it('retries a PUT only when the policy opts in', async () => {
    let calls = 0;
    server.route('PUT', '/api/v3/movie/1', (_req, res) => {
      calls++;
      if (calls <= 2) json(res, 502, { message: 'bad gateway' });
      else json(res, 202, { id: 1 });
    });
    server.route('GET', '/api/v3/movie/1', (_req, res) => json(res, 200, { id: 1, title: 'A' }));
    await expect(client().movies.update(1, { monitored: true })).rejects.toBeInstanceOf(ArrHttpError);
    expect(calls).toBe(1);
    await client({ retry: { methods: ['GET', 'PUT'] } }).movies.update(1, { monitored: true });
    expect(calls).toBe(3);
  });

  it('stops after the capped number of attempts', async () => {
    let calls = 0;
    server.route('GET', '/api/v3/health', (req) => {
      calls++;
      req.socket.destroy();
    });
    await expect(client({ retry: { attempts: 4 } }).health()).rejects.toBeInstanceOf(ArrNetworkError);
    expect(calls).toBe(4);
  });

  it('passes a 503 on rather than retrying before a Retry-After longer than maxDelayMs', async () => {
    let calls = 0;
    server.route('GET', '/api/v3/health', (_req, res) => {
      calls++;
      json(res, 503, { message: 'maintenance' }, { 'retry-after': '60' });
    });
    const waits: number[] = [];
    const error = await client({ retry: { maxDelayMs: 10_000, maxTotalMs: 600_000 }, sleep: (ms) => (waits.push(ms), Promise.resolve()) })
      .health()
      .catch((e: unknown) => e);
    expect((error as ArrHttpError).status).toBe(503);
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('does not start a retry past maxTotalMs', async () => {
    let calls = 0;
    server.route('GET', '/api/v3/health', (_req, res) => {
      calls++;
      json(res, 503, {}, { 'retry-after': '60' });
    });
    const error = await client({ retry: { attempts: 5, maxTotalMs: 1000 } }).health().catch((e: unknown) => e);
    expect((error as ArrHttpError).status).toBe(503);
    expect(calls).toBe(1);
  });
});

describe('concurrency', () => {
  it('never has more requests in flight than the concurrency option', async () => {
    server.route('GET', '/api/v3/movie/1', (_req, res) => {
      setTimeout(() => json(res, 200, { id: 1 }), 20);
    });
    const c = client({ concurrency: 2, cache: false });
    await Promise.all(Array.from({ length: 10 }, (_, i) => c.GET('/api/v3/movie/{id}', { params: { path: { id: 1 }, query: { n: i } as never } })));
    expect(server.requests).toHaveLength(10);
    expect(server.peakConcurrency()).toBe(2);
  });

  it('keeps two clients apart: their own keys, queues and caches', async () => {
    server.route('GET', '/api/v3/tag', (req, res) => json(res, 200, [{ id: 1, label: String(req.headers['x-api-key']) }]));
    const a = client({ apiKey: 'key-of-a-0000' });
    const b = client({ apiKey: 'key-of-b-1111' });
    const [tagsA, tagsB] = await Promise.all([a.tags(), b.tags()]);
    expect(tagsA[0]!.label).toBe('key-of-a-0000');
    expect(tagsB[0]!.label).toBe('key-of-b-1111');
    await a.tags();
    expect(a.stats().cache.hits).toBe(1);
    expect(b.stats().cache.hits).toBe(0);
  });
});

describe('options in use', () => {
  it('starts at most `requests` requests per interval with a rate limit', async () => {
    const arrivals: number[] = [];
    server.route('GET', '/api/v3/health', (_req, res) => {
      arrivals.push(performance.now());
      json(res, 200, []);
    });
    const c = client({ rateLimit: { requests: 2, intervalMs: 200 }, concurrency: 10 });
    // Distinct URLs: identical GETs in flight would be coalesced into one request.
    await Promise.all(Array.from({ length: 6 }, (_, i) => c.GET('/api/v3/health', { params: { query: { n: i } as never } })));
    expect(arrivals).toHaveLength(6);
    // Any three consecutive requests span at least one interval (a little slack for timer granularity).
    for (let i = 0; i + 2 < arrivals.length; i++) expect(arrivals[i + 2]! - arrivals[i]!).toBeGreaterThanOrEqual(180);
  });

  it('aborts every request of the client through its signal', async () => {
    server.route('GET', '/api/v3/health', () => {
      /* never answers */
    });
    const controller = new AbortController();
    const pending = client({ signal: controller.signal }).health();
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('sends the configured User-Agent and uses the given fetch', async () => {
    server.route('GET', '/api/v3/health', (_req, res) => json(res, 200, []));
    const seen: string[] = [];
    const c = client({
      userAgent: 'my-bot/1.2',
      fetch: (input, init) => {
        seen.push(input);
        return fetch(input, init);
      },
    });
    await c.health();
    expect(seen).toEqual([`${server.url}/api/v3/health`]);
    expect(server.requests[0]!.headers['user-agent']).toBe('my-bot/1.2');
  });
});
