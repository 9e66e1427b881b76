import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookHandler } from './webhook-handler.ts';
import { createHarness, type Harness } from '../test/support/harness.ts';
import { radarrInstance, SimWorld } from '../test/support/sim.ts';
import { envelope, radarrRelease, remoteMovie, webhookMovie } from '../test/support/webhooks.ts';

const SECRET = 'webhook-secret-1';
const servers: Server[] = [];
let world: SimWorld | undefined;

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  await world?.close();
  world = undefined;
});

async function serve(h: Harness, options: Parameters<typeof createWebhookHandler>[1] = {}): Promise<string> {
  const handle = createWebhookHandler(h.monitor, options);
  const server = createServer((req, res) => {
    handle(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const matrix = webhookMovie(1, 'The Matrix', { year: 1999, images: [{ coverType: 'poster', remoteUrl: 'https://img/1.jpg' }] });
const grab = {
  eventType: 'Grab',
  ...envelope('Radarr'),
  movie: matrix,
  remoteMovie: remoteMovie(matrix),
  release: radarrRelease({ quality: 'Bluray-1080p', releaseTitle: 'The.Matrix.1999.1080p', indexer: 'NZBgeek', size: 8_000_000_000 }),
  downloadClient: 'SABnzbd',
  downloadId: 'SABnzbd_nzo_1',
};

const basic = (password: string) => `Basic ${Buffer.from(`radarr:${password}`).toString('base64')}`;

async function started(): Promise<Harness> {
  const h = createHarness({ instances: [{ name: 'radarr', push: { signalr: false, webhook: { secret: SECRET } } }, { name: 'other' }] });
  await h.monitor.start();
  await h.advance(1000);
  return h;
}

describe('createWebhookHandler', () => {
  it('accepts an authenticated Grab with 202 and emits it with the id polling uses', async () => {
    const h = await started();
    const url = await serve(h);
    const res = await fetch(`${url}/webhook/radarr`, { method: 'POST', headers: { authorization: basic(SECRET), 'content-type': 'application/json' }, body: JSON.stringify(grab) });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ ok: true, instance: 'radarr', eventType: 'Grab', events: 1 });
    expect(h.events.map((e) => [e.type, e.id, e.source])).toEqual([['download.grabbed', 'radarr:download.grabbed:SABnzbd_nzo_1', 'webhook']]);
    expect(h.events[0]).toMatchObject({ media: { title: 'The Matrix', year: 1999, posterUrl: 'https://img/1.jpg' }, download: { indexer: 'NZBgeek', quality: 'Bluray-1080p', downloadClient: 'SABnzbd' } });
    await h.monitor.stop();
  });

  it('takes the secret from the query or a header, and the instance from the query', async () => {
    const h = await started();
    const url = await serve(h);
    const viaQuery = await fetch(`${url}/hook?instance=radarr&secret=${SECRET}`, { method: 'POST', body: JSON.stringify({ eventType: 'Test', instanceName: 'R', applicationUrl: '' }) });
    expect(viaQuery.status).toBe(200);
    const viaHeader = await fetch(`${url}/hook`, { method: 'PUT', headers: { 'x-discarr-secret': SECRET }, body: JSON.stringify(grab) });
    expect(viaHeader.status).toBe(202);
    await h.monitor.stop();
  });

  it('answers 401 with a clear message for a wrong or missing secret', async () => {
    const h = await started();
    const url = await serve(h);
    const wrong = await fetch(`${url}/webhook/radarr`, { method: 'POST', headers: { authorization: basic('nope') }, body: JSON.stringify(grab) });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/Basic/);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/Password field/);
    const missing = await fetch(`${url}/webhook/radarr`, { method: 'POST', body: JSON.stringify(grab) });
    expect(missing.status).toBe(401);
    expect(h.events).toEqual([]);
    await h.monitor.stop();
  });

  it('answers 400 with the parser message for a malformed body', async () => {
    const h = await started();
    const url = await serve(h);
    const res = await fetch(`${url}/webhook/radarr`, { method: 'POST', headers: { authorization: basic(SECRET) }, body: JSON.stringify({ eventType: 'Grab', movie: { id: 'x' } }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/movie\.id/);
    const notJson = await fetch(`${url}/webhook/radarr`, { method: 'POST', headers: { authorization: basic(SECRET) }, body: '{' });
    expect(notJson.status).toBe(400);
    await h.monitor.stop();
  });

  it('answers 500 for an unexpected failure and logs it, secrets redacted', async () => {
    const h = await started();
    h.monitor.ingestWebhook = () => {
      throw new Error(`store broke at http://radarr:${SECRET}@host/?secret=${SECRET}&x=1`);
    };
    const url = await serve(h);
    const res = await fetch(`${url}/webhook/radarr?secret=${SECRET}`, { method: 'POST', body: JSON.stringify(grab) });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal error while taking the webhook' });
    expect(h.logger.error).toHaveBeenCalledTimes(1);
    const [fields, message] = h.logger.error.mock.calls[0] as [Record<string, unknown>, string];
    expect(message).toMatch(/webhook failed unexpectedly/);
    expect(fields).toMatchObject({ method: 'POST', path: '/webhook/radarr' });
    expect(fields.error).toMatch(/store broke/);
    expect(JSON.stringify(fields)).not.toContain(SECRET);
    await h.monitor.stop();
  });

  it('answers 413 for a body over the limit, declared or streamed', async () => {
    const h = await started();
    const url = await serve(h, { maxBodyBytes: 1000 });
    const big = JSON.stringify({ ...grab, padding: 'x'.repeat(5000) });
    const declared = await fetch(`${url}/webhook/radarr`, { method: 'POST', headers: { authorization: basic(SECRET) }, body: big });
    expect(declared.status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(500)));
        controller.close();
      },
    });
    const streamed = await fetch(`${url}/webhook/radarr`, { method: 'POST', headers: { authorization: basic(SECRET) }, body: stream, duplex: 'half' });
    expect(streamed.status).toBe(413);
    await h.monitor.stop();
  });

  it('answers 404, 403 and 405 when the request cannot be for a configured webhook', async () => {
    const h = await started();
    const url = await serve(h);
    expect((await fetch(`${url}/webhook/unknown?instance=nope`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${url}/webhook/other`, { method: 'POST', body: '{}' })).status).toBe(403);
    expect((await fetch(`${url}/webhook/radarr`)).status).toBe(405);
    await h.monitor.stop();
  });

  it('uses the handler secret for instances without their own', async () => {
    const h = await started();
    const url = await serve(h, { secret: 'shared-secret' });
    const res = await fetch(`${url}/webhook/other`, { method: 'POST', headers: { authorization: basic('shared-secret') }, body: JSON.stringify(grab) });
    expect(res.status).toBe(202);
    await h.monitor.stop();
  });

  it('takes the simulator webhooks and merges them with polling without duplicates', async () => {
    world = new SimWorld();
    const sim = await world.startRadarr();
    const watched = world.watch([radarrInstance(sim, { push: { signalr: false, webhook: { secret: SECRET } } })]);
    await world.routeWebhooks(sim, watched, 'radarr', SECRET);
    await watched.monitor.start();
    await world.run(2000);
    const movie = (sim.control.movies() as { id: number }[])[0];
    sim.control.grab({ movieId: movie?.id ?? 0, size: 100 * 1024 * 1024, bytesPerSecond: 5 * 1024 * 1024 });
    await world.run(3 * 60_000, 2000);
    expect(watched.types()).toEqual(['download.grabbed', 'download.completed', 'download.imported']);
    const sources = watched.events().filter((e) => e.type !== 'download.progress').map((e) => e.source);
    expect(sources[0]).toBe('webhook');
    const deliveries = sim.control.webhooks.deliveries();
    expect(deliveries.map((d) => d.eventType)).toContain('Download');
    expect(deliveries.every((d) => d.status === 202 || d.status === 200)).toBe(true);
  });
});
