import { afterEach, describe, expect, it } from 'vitest';
import { closeLoopbackServers, listenOnLoopback } from '../../test/loopback.ts';
import { createFaultInjector, type FaultInjector, type FaultInjectorOptions } from './fault-injector.ts';

interface Harness {
  url: string;
  faults: FaultInjector;
  /** Requests that reached the injector, answered or not. */
  seen: () => number;
  /** How many times a rule drew from the random source. */
  draws: () => number;
}

const injectors: FaultInjector[] = [];

afterEach(async () => {
  for (const faults of injectors.splice(0)) faults.releaseHanging();
  await closeLoopbackServers();
});

/**
 * A real server on a loopback port that asks the injector first and otherwise answers
 * `{route}` as JSON. The random source replays `randoms` in a loop.
 */
async function start(options: FaultInjectorOptions = {}, randoms: number[] = [0.5]): Promise<Harness> {
  const faults = createFaultInjector(options);
  let seen = 0;
  let draws = 0;
  const random = (): number => randoms[draws++ % randoms.length] ?? 0;
  const { url } = await listenOnLoopback((req, res) => {
    seen += 1;
    const route = `${req.method ?? 'GET'} ${new URL(req.url ?? '/', 'http://localhost').pathname}`;
    void faults.apply(req, res, route, random).then((handled) => {
      if (!handled) res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ route }));
    });
  });
  injectors.push(faults);
  return { url, faults, seen: () => seen, draws: () => draws };
}

describe('createFaultInjector faults, as a client sees them', () => {
  it('answers error500 with the apps\' JSON error shape', async () => {
    const { url, faults } = await start();
    faults.add({ kind: 'error500' });
    const res = await fetch(`${url}/api/v3/queue`);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { message: string; description: string };
    expect(body.message).toBe('Internal Server Error');
    expect(body.description).toEqual(expect.any(String));
  });

  it('answers databaseLocked with a 500 carrying SQLite\'s busy error', async () => {
    const { url, faults } = await start();
    faults.add({ kind: 'databaseLocked' });
    const res = await fetch(`${url}/api/v3/movie`);
    expect(res.status).toBe(500);
    const body = (await res.json()) as { message: string; description: string };
    expect(body.message).toMatch(/^database is locked/);
    expect(body.description).toMatch(/code = Busy \(5\).*SQLiteException/);
  });

  it('answers error502 with a proxy\'s HTML page', async () => {
    const { url, faults } = await start();
    faults.add({ kind: 'error502' });
    const res = await fetch(`${url}/api/v3/queue`);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toContain('<h1>502 Bad Gateway</h1>');
  });

  it('answers error503 with Retry-After only when the rule sets it', async () => {
    const { url, faults } = await start();
    faults.add({ route: 'GET /api/v3/queue', kind: 'error503', retryAfterSeconds: 7 });
    faults.add({ route: 'GET /api/v3/health', kind: 'error503' });
    const withRetry = await fetch(`${url}/api/v3/queue`);
    expect(withRetry.status).toBe(503);
    expect(withRetry.headers.get('retry-after')).toBe('7');
    expect(await withRetry.text()).toContain('503 Service Temporarily Unavailable');
    const without = await fetch(`${url}/api/v3/health`);
    expect(without.status).toBe(503);
    expect(without.headers.get('retry-after')).toBeNull();
  });

  it('answers unauthorized with a bare 401', async () => {
    const { url, faults } = await start();
    faults.add({ kind: 'unauthorized' });
    const res = await fetch(`${url}/api/v3/queue`);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
  });

  it('answers htmlLogin with a 200 login page that is not JSON', async () => {
    const { url, faults } = await start({ appName: 'Sonarr', urlBase: '/sonarr' });
    faults.add({ kind: 'htmlLogin' });
    const res = await fetch(`${url}/sonarr/api/v3/queue`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<title>Login - Sonarr</title>');
    expect(html).toContain('action="/sonarr/login"');
    expect(() => JSON.parse(html) as unknown).toThrow(SyntaxError);
  });

  it('answers redirect with a 302 to the login page carrying the original URL', async () => {
    const { url, faults } = await start({ urlBase: '/radarr/' });
    faults.add({ route: '/radarr/api', kind: 'redirect' });
    const res = await fetch(`${url}/radarr/api/v3/queue?page=1`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/radarr/login?returnUrl=%2Fradarr%2Fapi%2Fv3%2Fqueue%3Fpage%3D1');
  });

  it('answers truncatedJson with a well-framed body that is not valid JSON, then closes', async () => {
    const { url, faults } = await start();
    faults.add({ kind: 'truncatedJson' });
    const res = await fetch(`${url}/api/v3/queue`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('connection')).toBe('close');
    const text = await res.text();
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(text).toMatch(/^\{"page":1,.*"records":\[\{"id":1,"title":"Tru$/);
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });

  it('resets the connection so fetch rejects', async () => {
    const { url, faults } = await start();
    faults.add({ kind: 'reset' });
    await expect(fetch(`${url}/api/v3/queue`)).rejects.toThrow(TypeError);
  });

  it('hangs until the client gives up', async () => {
    const { url, faults } = await start();
    faults.add({ kind: 'hang' });
    await expect(fetch(`${url}/api/v3/queue`, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('closes hung responses on releaseHanging()', async () => {
    const { url, faults, seen } = await start();
    faults.add({ kind: 'hang', times: 2 });
    const first = fetch(`${url}/api/v3/queue`);
    const second = fetch(`${url}/api/v3/movie`);
    await expect.poll(seen).toBe(2);
    faults.releaseHanging();
    const outcomes = await Promise.allSettled([first, second]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    // The rule ran out, so the server answers again.
    expect((await fetch(`${url}/api/v3/queue`)).status).toBe(200);
  });
});

describe('createFaultInjector rules', () => {
  it('never fires a rule with rate 0 and never draws for it', async () => {
    const { url, faults, draws } = await start();
    faults.add({ kind: 'error500', rate: 0 });
    const statuses = await Promise.all(Array.from({ length: 10 }, () => fetch(`${url}/api/v3/queue`).then((res) => res.status)));
    expect(statuses).toEqual(Array.from({ length: 10 }, () => 200));
    expect(draws()).toBe(0);
  });

  it('always fires a rule with rate 1', async () => {
    const { url, faults, draws } = await start();
    faults.add({ kind: 'error502', rate: 1 });
    const statuses = await Promise.all(Array.from({ length: 10 }, () => fetch(`${url}/api/v3/queue`).then((res) => res.status)));
    expect(statuses).toEqual(Array.from({ length: 10 }, () => 502));
    expect(draws()).toBe(0);
  });

  it('fires a partial rate when the injected random draws below it', async () => {
    const { url, faults, draws } = await start({}, [0.1, 0.9, 0.29, 0.3]);
    faults.add({ kind: 'error500', rate: 0.3 });
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) statuses.push((await fetch(`${url}/api/v3/queue`)).status);
    expect(statuses).toEqual([500, 200, 500, 200]);
    expect(draws()).toBe(4);
  });

  it('fires a rule only the given number of times, then removes it', async () => {
    const { url, faults } = await start();
    faults.add({ route: 'GET /api/v3/queue', kind: 'error503', times: 2 });
    expect(faults.rules()).toEqual([{ route: 'GET /api/v3/queue', kind: 'error503', times: 2 }]);
    expect((await fetch(`${url}/api/v3/queue`)).status).toBe(503);
    expect(faults.rules()[0]?.times).toBe(1);
    expect((await fetch(`${url}/api/v3/queue`)).status).toBe(503);
    expect(faults.rules()).toEqual([]);
    expect((await fetch(`${url}/api/v3/queue`)).status).toBe(200);
  });

  it('only faults the routes a rule selects, the first firing rule winning', async () => {
    const { url, faults } = await start();
    faults.add({ route: /^DELETE /, kind: 'unauthorized' });
    faults.add({ route: '/api/v3/queue', kind: 'error502' });
    faults.add({ route: '/api/v3/queue', kind: 'error500' });
    expect((await fetch(`${url}/api/v3/queue/5`, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(`${url}/api/v3/queue/status`)).status).toBe(502);
    expect((await fetch(`${url}/api/v3/movie`)).status).toBe(200);
  });

  it('removes every rule and latency on clear()', async () => {
    const waits: number[] = [];
    const { url, faults } = await start({
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    faults.add({ kind: 'error500' });
    faults.setLatency(100);
    faults.setLatency(200, '/api/v3/queue');
    faults.clear();
    expect(faults.rules()).toEqual([]);
    expect((await fetch(`${url}/api/v3/queue`)).status).toBe(200);
    expect(waits).toEqual([]);
  });

  it('refuses a rate outside 0..1, a times that is not a positive integer and a negative latency', () => {
    const faults = createFaultInjector();
    expect(() => {
      faults.add({ kind: 'error500', rate: 1.5 });
    }).toThrow(RangeError);
    expect(() => {
      faults.add({ kind: 'error500', rate: Number.NaN });
    }).toThrow(RangeError);
    expect(() => {
      faults.add({ kind: 'error500', times: 0 });
    }).toThrow(RangeError);
    expect(() => {
      faults.setLatency(-1);
    }).toThrow(RangeError);
    expect(faults.rules()).toEqual([]);
  });
});

describe('createFaultInjector latency', () => {
  it('answers a request with latency after a later one without', async () => {
    const { url, faults } = await start();
    faults.setLatency(200, 'GET /api/v3/queue');
    const order: string[] = [];
    const startedAt = performance.now();
    const slow = fetch(`${url}/api/v3/queue`).then(async (res) => {
      order.push('queue');
      await res.arrayBuffer();
      return performance.now() - startedAt;
    });
    const fast = fetch(`${url}/api/v3/movie`).then(async (res) => {
      order.push('movie');
      await res.arrayBuffer();
    });
    const [slowElapsed] = await Promise.all([slow, fast]);
    expect(order).toEqual(['movie', 'queue']);
    // A loose lower bound only: timers never fire much early, but may fire late.
    expect(slowElapsed).toBeGreaterThanOrEqual(150);
  });

  it('waits the most recent matching route latency, else the global one, and 0 removes one', async () => {
    const waits: number[] = [];
    const { url, faults } = await start({
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    faults.setLatency(50);
    faults.setLatency(300, '/api/v3');
    faults.setLatency(900, /queue/);
    faults.setLatency(400, '/api/v3');
    await fetch(`${url}/api/v3/queue`);
    await fetch(`${url}/api/v3/movie`);
    await fetch(`${url}/ping`);
    faults.setLatency(0, '/api/v3');
    faults.setLatency(0);
    await fetch(`${url}/api/v3/movie`);
    await fetch(`${url}/api/v3/queue`);
    // '/api/v3' was set again after /queue/, so it is the most recent match for the queue too.
    expect(waits).toEqual([400, 400, 50, 900]);
  });
});
