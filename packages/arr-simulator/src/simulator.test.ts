import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { afterEach, describe, expect, it } from 'vitest';
import { call, type Rec } from '../test/http.ts';
import { createVirtualClock, startRadarrSimulator, startSonarrSimulator, type SimulatorHandle } from './index.ts';

const handles: SimulatorHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
});
async function track<T extends SimulatorHandle>(promise: Promise<T>): Promise<T> {
  const handle = await promise;
  handles.push(handle);
  return handle;
}

describe('http behaviour', () => {
  it('answers 401 with an empty body without a valid key and accepts header, apikey query and bearer', async () => {
    const radarr = await track(startRadarrSimulator({ apiKey: 'k'.repeat(32) }));
    const denied = await call(radarr, '/api/v3/system/status', { key: null });
    expect(denied).toMatchObject({ status: 401, text: '' });
    expect((await call(radarr, '/api/v3/system/status', { key: 'wrong' })).status).toBe(401);
    expect((await call(radarr, `/api/v3/system/status?apikey=${radarr.apiKey}`, { key: null })).status).toBe(200);
    expect((await call(radarr, '/api/v3/system/status', { key: null, headers: { Authorization: `Bearer ${radarr.apiKey}` } })).status).toBe(200);
    expect(await call(radarr, '/ping', { key: null })).toMatchObject({ status: 200, body: { status: 'OK' } });
    expect(await call(radarr, '/api/v3/nothing')).toMatchObject({ status: 404, body: { message: 'NotFound' } });
    expect((await call<Rec>(radarr, '/api/v3/system/status')).body).toMatchObject({ appName: 'Radarr', version: '6.0.3.10000', urlBase: '' });
  });

  it('serves everything under a URL base and nothing outside it', async () => {
    const sonarr = await track(startSonarrSimulator({ urlBase: 'sonarr/' }));
    expect(sonarr.url).toMatch(/\/sonarr$/);
    expect((await call<Rec>(sonarr, '/api/v3/system/status')).body).toMatchObject({ appName: 'Sonarr', urlBase: '/sonarr' });
    const outside = await fetch(sonarr.url.replace(/\/sonarr$/, '/api/v3/system/status'), { headers: { 'X-Api-Key': sonarr.apiKey } });
    expect(outside.status).toBe(404);
  });

  it('counts requests per route template and resets the counts', async () => {
    const radarr = await track(startRadarrSimulator());
    await call(radarr, '/api/v3/queue');
    await call(radarr, '/api/v3/queue?page=2');
    await call(radarr, '/api/v3/movie/1');
    await call(radarr, '/api/v3/nope');
    expect(radarr.control.requestCounts()).toEqual({ 'GET /api/v3/queue': 2, 'GET /api/v3/movie/{id}': 1, 'GET (unmatched)': 1 });
    radarr.control.resetRequestCounts();
    expect(radarr.control.requestCounts()).toEqual({});
  });

  it('goes down (connections refused) and comes back up on the same port', async () => {
    const radarr = await track(startRadarrSimulator());
    await radarr.control.down();
    await expect(fetch(`${radarr.url}/ping`)).rejects.toThrow();
    await radarr.control.up();
    expect((await call(radarr, '/ping')).status).toBe(200);
  });

  it('injects faults set through the control API', async () => {
    const radarr = await track(startRadarrSimulator());
    expect((await call(radarr, '/__control/faults', { method: 'POST', key: null, body: { kind: 'error503' } })).status).toBe(401);
    expect((await call(radarr, '/__control/faults', { method: 'POST', body: { kind: 'error503', route: 'GET /api/v3/queue', retryAfterSeconds: 7, times: 1 } })).status).toBe(201);
    expect((await call(radarr, '/__control/faults', { method: 'POST', body: { kind: 'nonsense' } })).status).toBe(400);
    const faulted = await call(radarr, '/api/v3/queue');
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('7');
    expect((await call(radarr, '/api/v3/queue')).status).toBe(200);
    expect((await call(radarr, '/__control/faults', { method: 'POST', body: { kind: 'databaseLocked', route: { regex: '^GET /api/v3/movie' }, rate: 1 } })).status).toBe(201);
    expect((await call<Rec>(radarr, '/api/v3/movie/1')).status).toBe(500);
    expect((await call<Rec[]>(radarr, '/__control/faults')).body).toEqual([expect.objectContaining({ kind: 'databaseLocked', route: { regex: expect.stringContaining('GET') as string } })]);
    expect((await call(radarr, '/__control/faults', { method: 'DELETE' })).status).toBe(200);
    expect((await call(radarr, '/__control/latency', { method: 'POST', body: { ms: 0 } })).status).toBe(200);
    expect((await call<Rec>(radarr, '/__control/advance', { method: 'POST', body: { ms: 60_000 } })).body.now).toBe('2025-01-01T00:01:00.000Z');
    expect((await call(radarr, '/__control/advance', { method: 'POST', body: {} })).status).toBe(400);
    expect((await call<Rec>(radarr, '/__control/requests')).body).toEqual({ 'GET /api/v3/queue': 2, 'GET /api/v3/movie/{id}': 1 });
    expect((await call(radarr, '/__control/requests', { method: 'DELETE' })).status).toBe(200);
    expect((await call(radarr, '/__control/scenario', { method: 'POST', body: { name: 'busy' } })).status).toBe(200);
    expect((await call(radarr, '/__control/scenario', { method: 'POST', body: { name: 'nope' } })).status).toBe(400);
    expect((await call(radarr, '/__control/health', { method: 'POST', body: { source: 'RootFolderCheck', type: 'error', message: 'Missing root folder: /data/movies' } })).status).toBe(200);
    expect((await call<Rec[]>(radarr, '/api/v3/health')).body).toEqual([expect.objectContaining({ source: 'RootFolderCheck', type: 'error' })]);
    expect((await call(radarr, '/__control/health/RootFolderCheck', { method: 'DELETE' })).status).toBe(200);
    expect((await call(radarr, '/__control/webhooks', { method: 'POST', body: { targets: [{ url: 'http://127.0.0.1:9/x' }] } })).status).toBe(200);
    expect(radarr.control.webhooks.targets()).toHaveLength(1);
    expect((await call<Rec[]>(radarr, '/__control/faults')).body).toEqual([]);
    expect((await call(radarr, '/__control/down', { method: 'POST', body: { forMs: 50 } })).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await call(radarr, '/ping')).status).toBe(200);
  });
});

describe('instances', () => {
  it('keeps two instances in one process isolated, sharing one clock', async () => {
    const clock = createVirtualClock();
    const hd = await track(startRadarrSimulator({ seed: 1, clock, refreshCadence: 'fixed' }));
    const uhd = await track(startRadarrSimulator({ seed: 2, clock, instanceName: 'Radarr 4K', refreshCadence: 'fixed' }));
    expect(hd.apiKey).not.toBe(uhd.apiKey);
    hd.control.grab({ movieId: hd.control.missingMovieIds()[0]!, size: 1e9, bytesPerSecond: 1e6 });
    hd.control.raiseHealth({ source: 'IndexerStatusCheck', type: 'warning', message: 'Indexers unavailable' });
    expect((await call<Rec[]>(uhd, '/api/v3/queue/details')).body).toEqual([]);
    expect((await call<Rec[]>(uhd, '/api/v3/health')).body).toEqual([]);
    expect((await call(uhd, '/api/v3/queue/details', { key: hd.apiKey })).status).toBe(401);
    expect((await call<Rec>(uhd, '/api/v3/system/status')).body.instanceName).toBe('Radarr 4K');
    clock.advance(60_000);
    expect((await call<Rec[]>(hd, '/api/v3/queue/details')).body[0]!.sizeleft).toBe(1e9 - 60e6);
  });

  it('generates the same library and activity from the same seed', async () => {
    const a = await track(startSonarrSimulator({ seed: 77, scenario: 'busy' }));
    const b = await track(startSonarrSimulator({ seed: 77, scenario: 'busy' }));
    a.control.advance(30 * 60_000);
    b.control.advance(30 * 60_000);
    const strip = (records: Rec[]) => records.map(({ downloadId, title, sizeleft, status }) => ({ downloadId, title, sizeleft, status }));
    expect(strip(a.control.queue())).toEqual(strip(b.control.queue()));
    expect(a.control.series()).toEqual(b.control.series());
  });

  it('runs the storm scenario: a thousand imports within a minute of simulated time', async () => {
    const sonarr = await track(startSonarrSimulator({ scenario: 'storm' }));
    const records = sonarr.control.queue();
    expect(records.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(records.map((record) => record.downloadId)).size).toBeLessThan(records.length);
    // Imports follow the 15-s refreshes of the storm: some are in by 30 s, all by 60 s.
    sonarr.control.advance(30_000);
    const halfway = sonarr.control.queue().length;
    expect(halfway).toBeGreaterThan(0);
    expect(halfway).toBeLessThan(records.length);
    sonarr.control.advance(30_000);
    expect(sonarr.control.queue()).toEqual([]);
    const imported = (await call<Rec[]>(sonarr, '/api/v3/history/since?date=2025-01-01T00:00:00Z&eventType=downloadFolderImported')).body;
    expect(imported.length).toBe(records.length);
  });

  it('runs the large scenario with a thousand-item queue and the flaky scenario with faults on', async () => {
    const radarr = await track(startRadarrSimulator({ scenario: 'large' }));
    expect(radarr.control.queue()).toHaveLength(1000);
    expect(radarr.control.movies()).toHaveLength(5000);
    const page = (await call<Rec>(radarr, '/api/v3/queue?pageSize=1000')).body;
    expect(page.records).toHaveLength(1000);
    const flaky = await track(startRadarrSimulator({ scenario: 'flaky' }));
    expect(flaky.control.faults.rules().map((rule) => rule.kind)).toEqual(['error503', 'databaseLocked', 'error500']);
    flaky.control.advance(2 * 60 * 60_000);
    flaky.control.setScenario('idle');
    expect(flaky.control.faults.rules()).toEqual([]);
    expect(() => {
      flaky.control.setScenario('bogus' as never);
    }).toThrow(/Unknown scenario/);
  });
});

describe('push', () => {
  it('posts webhooks with basic auth to a real local HTTP server', async () => {
    const received: { auth: string | undefined; body: Rec }[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Rec });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const radarr = await track(startRadarrSimulator());
      radarr.control.webhooks.setTargets([{ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, username: 'bot', password: 'pw' }]);
      await radarr.control.sendTestWebhook();
      radarr.control.grab({ movieId: radarr.control.missingMovieIds()[0]!, size: 1024, bytesPerSecond: 1024 });
      radarr.control.raiseHealth({ source: 'DownloadClientCheck', type: 'error', message: 'Unable to communicate with SABnzbd' });
      radarr.control.clearHealth('DownloadClientCheck');
      radarr.control.appUpdated({ newVersion: '6.0.4.10100' });
      radarr.control.addMovie({ title: 'Glass Meadow' });
      radarr.control.advance(70_000);
      await radarr.control.webhooks.idle();
      expect(received.map((entry) => entry.body.eventType)).toEqual(['Test', 'Grab', 'Health', 'HealthRestored', 'ApplicationUpdate', 'MovieAdded', 'Download']);
      expect(received[0]!.auth).toBe(`Basic ${Buffer.from('bot:pw').toString('base64')}`);
      expect(received[1]!.body).toMatchObject({ instanceName: 'Radarr', applicationUrl: radarr.url });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('broadcasts queue, health, command and movie changes to the official SignalR client', async () => {
    const radarr = await track(startRadarrSimulator());
    const messages: { name: string; body: { action: string; resource?: Rec } }[] = [];
    const connection = new HubConnectionBuilder().withUrl(`${radarr.url}/signalr/messages?access_token=${radarr.apiKey}`).configureLogging(LogLevel.None).build();
    connection.on('receiveMessage', (message: { name: string; body: { action: string; resource?: Rec } }) => messages.push(message));
    await connection.start();
    try {
      expect(radarr.control.hub.connectionCount()).toBe(1);
      await expect.poll(() => messages).toEqual([{ name: 'version', body: { version: '6.0.3.10000' } }]);
      radarr.control.grab({ movieId: radarr.control.missingMovieIds()[0]!, size: 1024, bytesPerSecond: 1024 });
      radarr.control.raiseHealth({ source: 'IndexerStatusCheck', type: 'warning', message: 'Indexers unavailable' });
      await call(radarr, '/api/v3/command', { method: 'POST', body: { name: 'RssSync' } });
      radarr.control.advance(70_000);
      await expect.poll(() => messages.map((message) => message.name)).toEqual(expect.arrayContaining(['queue', 'queue/status', 'health', 'command', 'movie']));
      expect(messages.find((message) => message.name === 'queue')!.body).toEqual({ action: 'sync' });
      expect(messages.find((message) => message.name === 'command')!.body.resource).toMatchObject({ name: 'RssSync' });
      // The version greeting goes to one client, not through a broadcast.
      expect(radarr.control.hub.broadcastCount()).toBeGreaterThanOrEqual(messages.length - 1);
    } finally {
      await connection.stop();
    }
  });
});
