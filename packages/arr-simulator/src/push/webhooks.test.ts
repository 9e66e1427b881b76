import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeLoopbackServers, closeServer, listenOnLoopback } from '../../test/loopback.ts';
import { createWebhookDispatcher } from './webhooks.ts';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

afterEach(async () => {
  await closeLoopbackServers();
});

/** A real receiver on a loopback port; `status` decides the answer, `hold` delays it. */
async function startReceiver(options: { status?: number; hold?: Promise<void> } = {}) {
  const received: Received[] = [];
  const { url } = await listenOnLoopback((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      void (options.hold ?? Promise.resolve()).then(() => {
        res.writeHead(options.status ?? 200, { 'Content-Type': 'text/plain' }).end('ok');
      });
    });
  });
  return { url, received };
}

/** A loopback port nobody listens on: bind one, note it, close it. */
async function refusedUrl(): Promise<string> {
  const { server, url } = await listenOnLoopback();
  await closeServer(server);
  return `${url}/hook`;
}

const grab = {
  eventType: 'Grab',
  instanceName: 'Radarr',
  applicationUrl: 'http://radarr.local',
  movie: { id: 1, title: 'Heat', year: 1995 },
  release: { quality: 'Bluray-1080p', releaseTitle: 'Heat.1995.1080p.BluRay.x264-GRP', indexer: 'Sim', size: 8_589_934_592 },
  downloadClient: 'SABnzbd',
  downloadId: 'SABnzbd_nzo_abc123',
};

describe('createWebhookDispatcher', () => {
  it('posts the payload intact as JSON with a Radarr user agent', async () => {
    const receiver = await startReceiver();
    const webhooks = createWebhookDispatcher();
    webhooks.setTargets([{ url: `${receiver.url}/hook` }]);

    await webhooks.send(grab);

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hook');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['user-agent']).toMatch(/^Radarr\//);
    expect(request?.headers.authorization).toBeUndefined();
    expect(JSON.parse(request?.body ?? '')).toEqual(grab);
    expect(webhooks.deliveries()).toEqual([{ url: `${receiver.url}/hook`, eventType: 'Grab', status: 200 }]);
  });

  it('sends a correct basic auth header, the configured method, extra headers and user agent', async () => {
    const receiver = await startReceiver();
    const webhooks = createWebhookDispatcher({ userAgent: 'Sonarr/4.0.15.2941 (ubuntu 24.04)' });
    webhooks.setTargets([
      { url: receiver.url, username: 'discarr', password: 'pä:ss', method: 'PUT', headers: { 'X-Trace': 'on' } },
      { url: receiver.url, password: 'only-password' },
    ]);

    await webhooks.send({ eventType: 'Test', instanceName: 'Sonarr', applicationUrl: '' });

    const byMethod = Object.fromEntries(receiver.received.map((request) => [request.method, request.headers]));
    expect(byMethod['PUT']?.authorization).toBe(`Basic ${Buffer.from('discarr:pä:ss').toString('base64')}`);
    expect(byMethod['PUT']?.['x-trace']).toBe('on');
    expect(byMethod['PUT']?.['user-agent']).toBe('Sonarr/4.0.15.2941 (ubuntu 24.04)');
    expect(byMethod['POST']?.authorization).toBe(`Basic ${Buffer.from(':only-password').toString('base64')}`);
  });

  it('records a refused connection and a 500 without throwing, and still delivers to the others', async () => {
    const ok = await startReceiver();
    const failing = await startReceiver({ status: 500 });
    const refused = await refusedUrl();
    const webhooks = createWebhookDispatcher();
    webhooks.setTargets([{ url: refused }, { url: failing.url }, { url: ok.url }]);

    await expect(webhooks.send({ eventType: 'Health', level: 'warning', message: 'Indexer unavailable' })).resolves.toBeUndefined();

    const deliveries = webhooks.deliveries();
    expect(deliveries).toHaveLength(3);
    expect(deliveries).toContainEqual({ url: failing.url, eventType: 'Health', status: 500 });
    expect(deliveries).toContainEqual({ url: ok.url, eventType: 'Health', status: 200 });
    const refusedDelivery = deliveries.find((delivery) => delivery.url === refused);
    expect(refusedDelivery?.status).toBe('error');
    expect(refusedDelivery?.error).toMatch(/ECONNREFUSED|fetch failed/);
  });

  it('records a receiver that does not answer in time as an error', async () => {
    const never = new Promise<void>(() => undefined);
    const slow = await startReceiver({ hold: never });
    const webhooks = createWebhookDispatcher({ timeoutMs: 50 });
    webhooks.setTargets([{ url: slow.url }]);

    await webhooks.send({ eventType: 'Download' });

    expect(webhooks.deliveries()).toEqual([{ url: slow.url, eventType: 'Download', status: 'error', error: expect.stringMatching(/timeout|abort/i) as unknown }]);
  });

  it('records the message of an error that carries no socket cause', async () => {
    // An injected fetch (a proxy, an offline switch) may fail with a plain error.
    const webhooks = createWebhookDispatcher({
      fetch: () => Promise.reject(new Error('offline', { cause: 'not an error' })),
    });
    webhooks.setTargets([{ url: 'http://127.0.0.1:1/' }]);
    await webhooks.send({ eventType: 'Test' });
    expect(webhooks.deliveries()).toEqual([{ url: 'http://127.0.0.1:1/', eventType: 'Test', status: 'error', error: 'offline' }]);
  });

  it('records a payload that cannot be serialised as an error for each target instead of throwing', async () => {
    const receiver = await startReceiver();
    const webhooks = createWebhookDispatcher();
    webhooks.setTargets([{ url: receiver.url }]);
    await expect(webhooks.send({ eventType: 'Grab', size: 10n })).resolves.toBeUndefined();
    expect(receiver.received).toEqual([]);
    expect(webhooks.deliveries()).toEqual([
      { url: receiver.url, eventType: 'Grab', status: 'error', error: expect.stringMatching(/BigInt/) as unknown },
    ]);
  });

  it('waits in idle() for every send in flight, including one started while waiting', async () => {
    let release = (): void => undefined;
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const receiver = await startReceiver({ hold });
    const webhooks = createWebhookDispatcher();
    webhooks.setTargets([{ url: receiver.url }]);

    void webhooks.send({ eventType: 'Grab' });
    let idle = false;
    const waiting = webhooks.idle().then(() => {
      idle = true;
    });
    void webhooks.send({ eventType: 'Download' });
    await expect.poll(() => receiver.received.length).toBe(2);
    expect(idle).toBe(false);
    expect(webhooks.deliveries()).toEqual([]);

    release();
    await waiting;
    expect(webhooks.deliveries().map((delivery) => delivery.eventType).sort()).toEqual(['Download', 'Grab']);
    await expect(webhooks.idle()).resolves.toBeUndefined();
  });

  it('sends nothing without targets and keeps its targets apart from the caller', async () => {
    const webhooks = createWebhookDispatcher();
    await webhooks.send({ eventType: 'Test' });
    expect(webhooks.deliveries()).toEqual([]);

    const targets = [{ url: 'http://127.0.0.1:1/' }];
    webhooks.setTargets(targets);
    targets[0]!.url = 'changed';
    const copy = webhooks.targets();
    copy[0]!.url = 'changed too';
    expect(webhooks.targets()).toEqual([{ url: 'http://127.0.0.1:1/' }]);
  });
});
