/**
 * What a hostile or broken server cannot do to a client: make it repeat the API key in an error
 * (issue 9 #13), or make it hold an unbounded body (issue 9 #14). Real HTTP on 127.0.0.1.
 */
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, startLoopbackServer, type LoopbackServer } from '../test/loopback-server.ts';
import { ArrBaseUrlError, ArrHttpError, ArrResponseTooLargeError, ArrValidationError } from './errors.ts';
import type { ArrClientOptions } from './options.ts';
import { createRadarrClient } from './radarr-client.ts';

const KEY = 'f00dfeedc0ffee0123456789abcdef42';
let server: LoopbackServer;

function client(extra: Partial<ArrClientOptions> = {}) {
  return createRadarrClient({ baseUrl: server.url, apiKey: KEY, name: 'radarr-test', retry: false, ...extra });
}

/** Everything an error shows: message, fields, JSON and its string form. */
function everything(error: unknown): string {
  const e = error as Error & Record<string, unknown>;
  return [e.message, String(e), JSON.stringify(e), JSON.stringify(e.body ?? null), String(e.path), e.stack ?? ''].join('\n');
}

beforeEach(async () => {
  server = await startLoopbackServer();
});
afterEach(async () => {
  await server.close();
});

describe('a server that echoes the API key', () => {
  it('never gets the key into an ArrHttpError: message, body and path', async () => {
    server.route('GET', '/api/v3/health', (req, res) => {
      json(res, 500, { message: `Invalid API key: ${String(req.headers['x-api-key'])}`, description: `at Auth(apikey=${String(req.headers['x-api-key'])})` });
    });
    const error = await client().health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrHttpError);
    expect((error as Error).message).toContain('Invalid API key: [redacted]');
    expect(everything(error)).not.toContain(KEY);
  });

  it('never gets it into a plain-text error body', async () => {
    server.route('GET', '/api/v3/health', (req, res) => {
      res.writeHead(418, { 'content-type': 'text/plain' });
      res.end(`key ${String(req.headers['x-api-key'])} is not welcome here`);
    });
    const error = await client().health().catch((e: unknown) => e);
    expect((error as ArrHttpError).body).toBe('key [redacted] is not welcome here');
    expect(everything(error)).not.toContain(KEY);
  });

  it('never gets it into validation failures', async () => {
    server.route('POST', '/api/v3/tag', (req, res) => {
      json(res, 400, [{ propertyName: 'Label', errorMessage: `bad label ${String(req.headers['x-api-key'])}`, attemptedValue: String(req.headers['x-api-key']) }]);
    });
    const error = await client().POST('/api/v3/tag', { body: { label: 'x' } }).then((r) => r.error);
    expect(JSON.stringify(error)).not.toContain(KEY);
    server.route('POST', '/api/v3/command', (req, res) => json(res, 400, [{ propertyName: 'Name', errorMessage: `no ${String(req.headers['x-api-key'])}` }]));
    const helperError = await client().command.run('RefreshMonitoredDownloads').catch((e: unknown) => e);
    expect(helperError).toBeInstanceOf(ArrValidationError);
    expect(everything(helperError)).not.toContain(KEY);
  });

  it('keeps the key out of the error of a typed call through openapi-fetch', async () => {
    server.route('GET', '/api/v3/health', (req, res) => json(res, 500, { message: `Invalid API key: ${String(req.headers['x-api-key'])}` }));
    const { error } = await client().GET('/api/v3/health');
    expect(JSON.stringify(error)).toContain('[redacted]');
    expect(JSON.stringify(error)).not.toContain(KEY);
  });

  it('never gets it into a redirect Location, in the path, the query or credentials', async () => {
    for (const location of [`/login/${KEY}`, `/login?returnUrl=%2F&apikey=${KEY}`, `http://user:${KEY}@elsewhere/login`, `/login?token=${KEY}#${KEY}`]) {
      server.route('GET', '/api/v3/health', (_req, res) => {
        res.writeHead(302, { location });
        res.end();
      });
      const error = await client().health().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArrBaseUrlError);
      expect((error as Error).message).toContain('/login');
      expect(everything(error), location).not.toContain(KEY);
    }
  });

  it('validation errors of the named helpers hold redacted failures', async () => {
    server.route('PUT', '/api/v3/movie/1', (req, res) => json(res, 400, [{ propertyName: 'Path', errorMessage: `nope ${String(req.headers['x-api-key'])}` }]));
    server.route('GET', '/api/v3/movie/1', (_req, res) => json(res, 200, { id: 1, title: 'x' }));
    const error = await client().movies.update(1, { monitored: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrValidationError);
    expect((error as ArrValidationError).failures[0]?.errorMessage).toBe('nope [redacted]');
    expect(everything(error)).not.toContain(KEY);
  });
});

describe('maxResponseBytes', () => {
  /** A route that streams `total` bytes of a JSON array in 64 KiB chunks, recording what it got to send. */
  function streamingRoute(total: number, headers: Record<string, string> = {}): { sent: () => number; closed: Promise<void> } {
    let sent = 0;
    let resolveClosed!: () => void;
    const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
    server.route('GET', '/api/v3/movie', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      res.on('close', resolveClosed);
      const pump = () => {
        while (sent < total && !res.destroyed) {
          sent += chunk.byteLength;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        if (!res.destroyed) res.end();
      };
      res.write('[');
      pump();
    });
    return { sent: () => sent, closed };
  }

  it('cancels a chunked body once it passes the limit, long before the server has sent it all', async () => {
    const total = 64 * 1024 * 1024;
    const route = streamingRoute(total);
    const error = await client({ maxResponseBytes: 1024 * 1024 }).movies.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrResponseTooLargeError);
    const tooLarge = error as ArrResponseTooLargeError;
    expect(tooLarge.limitBytes).toBe(1024 * 1024);
    expect(tooLarge.receivedBytes).toBeGreaterThan(1024 * 1024);
    expect(tooLarge.receivedBytes).toBeLessThan(2 * 1024 * 1024);
    expect(tooLarge.message).toMatch(/radarr-test: GET \/api\/v3\/movie: the response passed maxResponseBytes \(1048576 bytes;.*raise the client option maxResponseBytes/);
    await route.closed;
    // The client hung up: the server could not push the whole body through.
    expect(route.sent()).toBeLessThan(total / 4);
  });

  it('refuses at once a body whose Content-Length announces more than the limit', async () => {
    const route = streamingRoute(4 * 1024 * 1024, { 'content-length': String(4 * 1024 * 1024 + 1) });
    const error = await client({ maxResponseBytes: 1024 * 1024 }).movies.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrResponseTooLargeError);
    expect((error as ArrResponseTooLargeError).receivedBytes).toBe(4 * 1024 * 1024 + 1);
    await route.closed;
    expect(route.sent()).toBeLessThan(4 * 1024 * 1024);
  });

  it('counts a compressed body after decompression (a small gzip bomb is refused)', async () => {
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20));
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    server.route('GET', '/api/v3/movie', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.byteLength) });
      res.end(bomb);
    });
    const error = await client({ maxResponseBytes: 1024 * 1024 }).movies.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrResponseTooLargeError);
  });

  it('is not retried, and lets bodies within the limit through, chunked or not', async () => {
    streamingRoute(512 * 1024);
    const error = await createRadarrClient({ baseUrl: server.url, apiKey: KEY, maxResponseBytes: 100_000, sleep: () => Promise.resolve() })
      .movies.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrResponseTooLargeError);
    expect(server.requests.filter((r) => r.url.startsWith('/api/v3/movie'))).toHaveLength(1);
    server.route('GET', '/api/v3/health', (_req, res) => json(res, 200, [{ source: 'x', type: 'warning', message: 'm', wikiUrl: 'w' }]));
    expect(await client({ maxResponseBytes: 200 }).health()).toHaveLength(1);
  });

  it('refuses a limit that is not a positive number, naming the option', () => {
    expect(() => client({ maxResponseBytes: 0 })).toThrow(/maxResponseBytes must be a positive number/);
  });
});
