/**
 * Per-attempt timeouts and the total deadline (issue 11 #16), against a loopback server that never
 * answers. Real timers, with margins of hundreds of milliseconds so a loaded machine does not decide
 * the outcome; no wall-clock figure is asserted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, startLoopbackServer, type LoopbackServer } from '../test/loopback-server.ts';
import { createClientCore } from './client-core.ts';
import type { paths as RadarrPaths } from './generated/radarr.ts';
import { ArrTimeoutError } from './errors.ts';
import { createRadarrClient } from './radarr-client.ts';

let server: LoopbackServer;
beforeEach(async () => {
  server = await startLoopbackServer();
  server.route('GET', '/api/v3/health', () => {
    // never answers
  });
  server.route('GET', '/api/v3/tag', (_req, res) => {
    setTimeout(() => json(res, 200, []), 1500);
  });
});
afterEach(async () => {
  await server.close();
});

const retry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 };

describe('timeouts', () => {
  it('says how many attempts were made when every attempt timed out', async () => {
    const client = createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234', timeoutMs: 150, retry });
    const error = await client.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrTimeoutError);
    expect((error as ArrTimeoutError).attempts).toBe(3);
    expect((error as ArrTimeoutError).limit).toBe('attempt');
    expect((error as Error).message).toMatch(/no answer within 150 ms \(timeoutMs, per attempt\) after 3 attempts/);
    expect(server.requests.filter((r) => r.url === '/api/v3/health')).toHaveLength(3);
  });

  it('ends the whole call at deadlineMs, cutting the attempt in flight short and starting no more', async () => {
    const client = createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234', timeoutMs: 400, deadlineMs: 700, retry });
    const error = await client.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrTimeoutError);
    const timeout = error as ArrTimeoutError;
    expect(timeout.limit).toBe('deadline');
    expect(timeout.timeoutMs).toBe(700);
    // One full attempt (400 ms), then a second one cut at the deadline; never the third.
    expect(timeout.attempts).toBe(2);
    expect(timeout.message).toMatch(/no answer within the deadline of 700 ms \(deadlineMs\) after 2 attempts; raise deadlineMs/);
    expect(server.requests.filter((r) => r.url === '/api/v3/health')).toHaveLength(2);
  });

  it('counts the wait in the queue against the deadline', async () => {
    const core = createClientCore<RadarrPaths>({ baseUrl: server.url, apiKey: 'key-1234', concurrency: 1, retry: false }, 'Radarr');
    // The tag list answers after 1.5 s and holds the only slot; the health read waits behind it.
    const first = core.call('get', '/api/v3/tag');
    const queued = await core.call('get', '/api/v3/health', { deadlineMs: 300 }).catch((e: unknown) => e);
    expect(queued).toBeInstanceOf(ArrTimeoutError);
    expect((queued as ArrTimeoutError).attempts).toBe(0);
    expect((queued as Error).message).toMatch(/deadline of 300 ms \(deadlineMs\) after 0 attempts/);
    expect(server.requests.filter((r) => r.url === '/api/v3/health')).toHaveLength(0);
    expect(await first).toEqual([]);
  });
});
