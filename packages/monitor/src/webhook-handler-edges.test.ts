/**
 * The webhook path at its edges: before the start and after the stop, credentials as the apps
 * encode them, instance names without case, keys that name Object.prototype members, and fuzzed
 * bodies of every event type (a malformed body is a 400 naming the field, never a 500).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ArrWebhookError } from '@discarr/arr-sdk';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { MonitorNotRunningError } from './errors.ts';
import { createWebhookHandler } from './webhook-handler.ts';
import { createHarness, type Harness } from '../test/support/harness.ts';
import { envelope, everyWebhook, radarrRelease, remoteMovie, webhookMovie } from '../test/support/webhooks.ts';

const SECRET = 'webhook-secret-1';
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(h: Harness): Promise<string> {
  const handle = createWebhookHandler(h.monitor);
  const server = createServer((req, res) => {
    handle(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

const movie = webhookMovie(1, 'The Matrix', { year: 1999 });
const grab = { eventType: 'Grab', ...envelope('Radarr'), movie, remoteMovie: remoteMovie(movie), release: radarrRelease(), downloadClient: 'SABnzbd', downloadId: 'SABnzbd_nzo_1' };

function harness(secret = SECRET, kind: 'radarr' | 'sonarr' = 'radarr'): Harness {
  return createHarness({ instances: [{ name: kind, kind, push: { signalr: false, webhook: { secret } } }] });
}

const basic = (password: string, encoding: BufferEncoding) => `Basic ${Buffer.from(`radarr:${password}`, encoding).toString('base64')}`;

describe('webhooks before the start and after the stop', () => {
  it('holds a webhook that arrives before the start, and emits its events once the monitor runs', async () => {
    const h = harness();
    const url = await serve(h);
    // The snapshot is total before the start: the instance is shown as not contacted yet.
    expect(h.monitor.snapshot().instances).toEqual([expect.objectContaining({ name: 'radarr', state: 'unknown', push: 'off', queue: [], health: [], disks: [] })]);
    expect(h.monitor.snapshot().instances[0]?.lastContact).toBeUndefined();
    const early = await fetch(`${url}/webhook/radarr?secret=${SECRET}`, { method: 'POST', body: JSON.stringify(grab) });
    expect(early.status).toBe(202);
    expect(await early.json()).toEqual({ ok: true, instance: 'radarr', eventType: 'Grab', events: 0, held: true });
    expect(h.events).toEqual([]);
    await h.monitor.start();
    await h.advance(1000);
    expect(h.events.map((e) => e.id)).toEqual(['radarr:download.grabbed:SABnzbd_nzo_1']);
    await h.monitor.stop();
  });

  it('answers 503 with Retry-After once the monitor is stopped, so the app tries again', async () => {
    const h = harness();
    await h.monitor.start();
    await h.monitor.stop();
    const url = await serve(h);
    const late = await fetch(`${url}/webhook/radarr?secret=${SECRET}`, { method: 'POST', body: JSON.stringify(grab) });
    expect(late.status).toBe(503);
    expect(late.headers.get('retry-after')).toBe('30');
    expect(() => h.monitor.ingestWebhook('radarr', grab)).toThrow(MonitorNotRunningError);
  });
});

describe('webhook credentials and names', () => {
  it('accepts a secret with accented letters sent as Radarr and Sonarr encode it (ISO-8859-1), and as UTF-8', async () => {
    // Radarr master and Sonarr main: src/NzbDrone.Common/Http/Dispatchers/ManagedHttpDispatcher.cs
    // encodes "user:password" with Encoding.GetEncoding("ISO-8859-1") before base64.
    const secret = 'pässwörd-élan-ñ';
    const h = harness(secret);
    await h.monitor.start();
    const url = await serve(h);
    for (const encoding of ['latin1', 'utf8'] as const) {
      const res = await fetch(`${url}/webhook/radarr`, { method: 'POST', headers: { authorization: basic(secret, encoding) }, body: JSON.stringify(grab) });
      expect(res.status, encoding).toBe(202);
    }
    const wrong = await fetch(`${url}/webhook/radarr`, { method: 'POST', headers: { authorization: basic('passwörd-élan-ñ', 'latin1') }, body: JSON.stringify(grab) });
    expect(wrong.status).toBe(401);
    await h.monitor.stop();
  });

  it('accepts a secret with a character ISO-8859-1 lacks in the form .NET sends it (as "?")', async () => {
    const h = harness('euro-€-secret');
    await h.monitor.start();
    const url = await serve(h);
    const res = await fetch(`${url}/webhook/radarr`, { method: 'POST', headers: { authorization: basic('euro-?-secret', 'latin1') }, body: JSON.stringify(grab) });
    expect(res.status).toBe(202);
    await h.monitor.stop();
  });

  it('matches the instance name in the URL without case', async () => {
    const h = harness();
    await h.monitor.start();
    const url = await serve(h);
    const res = await fetch(`${url}/webhook/RADARR?secret=${SECRET}`, { method: 'POST', body: JSON.stringify(grab) });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { instance: string }).instance).toBe('radarr');
    expect((await fetch(`${url}/webhook/%E0%A4%A?secret=${SECRET}`, { method: 'POST', body: JSON.stringify(grab) })).status).toBe(202);
    await h.monitor.stop();
  });
});

describe('keys from outside', () => {
  it('takes a ManualInteractionRequired with downloadId "__proto__" as an ordinary key, changing nothing global', async () => {
    const h = harness();
    await h.monitor.start();
    await h.advance(1000);
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const body = JSON.parse(
      JSON.stringify({ eventType: 'ManualInteractionRequired', ...envelope('Radarr'), movie, downloadInfo: { quality: 'Bluray-1080p', qualityVersion: 1, title: 'x', size: 1 }, downloadId: '__proto__', downloadStatus: 'warning', downloadStatusMessages: [{ title: 't', messages: ['m'] }] }),
    ) as unknown;
    const result = h.monitor.ingestWebhook('radarr', body);
    expect(result.emitted).toBe(1);
    expect(h.monitor.ingestWebhook('radarr', body).emitted).toBe(0);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).importBlocked).toBeUndefined();
    expect(h.events.map((e) => e.id)).toEqual(['radarr:download.importBlocked:__proto__']);
    for (const eventType of ['__proto__', 'constructor', 'toString']) {
      expect(() => h.monitor.ingestWebhook('radarr', { ...grab, eventType })).toThrow(ArrWebhookError);
    }
    await h.monitor.stop();
  });
});

/** A copy of `body` with the value at one path replaced, or the key removed. */
const mutation = fc.record({
  pick: fc.nat(),
  remove: fc.boolean(),
  value: fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.boolean(), fc.constant([]), fc.constant({}), fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null))), fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'id', 'title', 'tags'), fc.oneof(fc.integer(), fc.string(), fc.constant(null)))),
});

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, v]) => paths(v, [...prefix, key]))];
}

function mutate(body: Record<string, unknown>, m: { pick: number; remove: boolean; value: unknown }): unknown {
  const copy = structuredClone<Record<string, unknown>>(body);
  const all = paths(copy).filter((p) => p.length > 0);
  const path = all[m.pick % all.length] ?? ['eventType'];
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (m.remove && !Array.isArray(parent)) Reflect.deleteProperty(parent, last);
  else Object.defineProperty(parent, last, { value: m.value, enumerable: true, writable: true, configurable: true });
  return copy;
}

describe('fuzzed webhook bodies', () => {
  it('answers every mutated body of every event type with its events or an ArrWebhookError, never another error', async () => {
    const bodies = everyWebhook();
    const radarr = harness(SECRET, 'radarr');
    const sonarr = harness(SECRET, 'sonarr');
    for (const h of [radarr, sonarr]) await h.monitor.start();
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    let sent = 0;
    fc.assert(
      fc.property(fc.nat(), mutation, (which, m) => {
        const { app, body } = bodies[which % bodies.length] ?? { app: 'radarr', body: grab };
        const h = app === 'radarr' ? radarr : sonarr;
        sent += 1;
        try {
          h.monitor.ingestWebhook(app, mutate(body, m));
        } catch (error) {
          if (!(error instanceof ArrWebhookError)) throw error;
          expect(error.message).toMatch(/webhook: \S+ /);
        }
      }),
      { numRuns: 3000, seed: 20_261_204 },
    );
    expect(sent).toBe(3000);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    await radarr.advance(1000);
    // Still taking valid webhooks after the fuzz, and emitting their events.
    const count = radarr.events.length;
    expect(radarr.monitor.ingestWebhook('radarr', { ...grab, downloadId: 'after-fuzz' }).emitted).toBe(1);
    expect(radarr.events.length).toBe(count + 1);
    for (const h of [radarr, sonarr]) await h.monitor.stop();
  });

  it('answers mutated bodies over HTTP with 200, 202 or 400, never 500', async () => {
    const bodies = everyWebhook();
    const h = harness(SECRET, 'radarr');
    await h.monitor.start();
    const url = await serve(h);
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutation, async (which, m) => {
        const radarrBodies = bodies.filter((b) => b.app === 'radarr');
        const body = radarrBodies[which % radarrBodies.length]?.body ?? grab;
        const res = await fetch(`${url}/webhook/radarr?secret=${SECRET}`, { method: 'POST', body: JSON.stringify(mutate(body, m)) });
        statuses.add(res.status);
        expect([200, 202, 400]).toContain(res.status);
        if (res.status === 400) expect(((await res.json()) as { error: string }).error).toMatch(/Radarr webhook: \S+/);
        else await res.arrayBuffer();
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(statuses.has(400)).toBe(true);
    await h.monitor.stop();
  });
});
