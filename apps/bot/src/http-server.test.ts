import { connect, type Socket } from 'node:net';
import type { MonitorSnapshot } from '@discarr/monitor';
import { afterEach, describe, expect, it } from 'vitest';
import { healthOf, startHttpServer, type BotHttpServer, type HealthReport, type HttpLimits } from './http-server.ts';
import { silentLogger } from './logging.ts';
import { createMetrics } from './metrics.ts';

function snapshot(states: Record<string, MonitorSnapshot['instances'][number]['state']>): MonitorSnapshot {
  return {
    at: new Date(0).toISOString(),
    instances: Object.entries(states).map(([name, state]) => ({
      name,
      kind: 'radarr',
      baseUrl: 'http://radarr:7878',
      state,
      ...(state === 'up' ? { version: '5.14.0' } : {}),
      ...(state === 'down' ? { lastError: 'ECONNREFUSED' } : {}),
      push: 'off',
      queue: [],
      health: [],
      disks: [],
    })),
  };
}

const servers: BotHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(health: () => HealthReport, limits?: Partial<HttpLimits>): Promise<{ server: BotHttpServer; received: { instance?: string; body: string }[] }> {
  const metrics = createMetrics({ defaultMetrics: false });
  metrics.eventsTotal.inc({ type: 'download.failed', instance: 'radarr' });
  const received: { instance?: string; body: string }[] = [];
  const server = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    metrics,
    health,
    instanceNames: () => ['radarr', 'sonarr 4k'],
    logger: silentLogger(),
    limits,
    webhook: (req, res, instance) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push({ ...(instance ? { instance } : {}), body });
        res.writeHead(202).end();
      });
    },
  });
  servers.push(server);
  return { server, received };
}

describe('http server', () => {
  it('answers /healthz 200 when Discord is connected and every instance is up', async () => {
    const { server } = await start(() => healthOf('connected', snapshot({ radarr: 'up', sonarr: 'up' })));
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      discord: 'connected',
      instances: { radarr: { state: 'up', version: '5.14.0' }, sonarr: { state: 'up', version: '5.14.0' } },
      down: [],
    });
  });

  it('answers /healthz 503 naming what is down', async () => {
    const { server } = await start(() => healthOf('disconnected', snapshot({ radarr: 'down', sonarr: 'authFailed', lidarr: 'unknown' })));
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as HealthReport;
    expect(body.status).toBe('down');
    expect(body.down).toEqual([
      'discord: not connected to the gateway',
      'radarr: unreachable (ECONNREFUSED)',
      'sonarr: API key rejected',
      'lidarr: not contacted yet',
    ]);
  });

  it('counts Discord as fine when the bot runs without it (the demo)', () => {
    expect(healthOf('disabled', snapshot({ radarr: 'up' })).status).toBe('ok');
  });

  it('serves the Prometheus metrics at /metrics', async () => {
    const { server } = await start(() => healthOf('connected', snapshot({})));
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('discarr_events_total{type="download.failed",instance="radarr"} 1');
    const head = await fetch(`${server.url}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('passes webhooks for a known instance to the receiver with the instance name', async () => {
    const { server, received } = await start(() => healthOf('connected', snapshot({})));
    const response = await fetch(`${server.url}/webhook/radarr`, { method: 'POST', body: '{"eventType":"Test"}', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(202);
    const encoded = await fetch(`${server.url}/webhook/sonarr%204k`, { method: 'POST', body: '{}' });
    expect(encoded.status).toBe(202);
    expect(received).toEqual([
      { instance: 'radarr', body: '{"eventType":"Test"}' },
      { instance: 'sonarr 4k', body: '{}' },
    ]);
  });

  it('answers 404 for an unknown instance or path and 405 for a wrong method', async () => {
    const { server, received } = await start(() => healthOf('connected', snapshot({})));
    const unknown = await fetch(`${server.url}/webhook/lidarr`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toContain('lidarr');
    expect((await fetch(`${server.url}/`)).status).toBe(404);
    expect((await fetch(`${server.url}/webhook`)).status).toBe(404);
    expect((await fetch(`${server.url}/webhook/%E0%A4%A`, { method: 'POST' })).status).toBe(400);
    expect((await fetch(`${server.url}/webhook/radarr`)).status).toBe(405);
    expect((await fetch(`${server.url}/healthz`, { method: 'POST' })).status).toBe(405);
    expect(received).toEqual([]);
  });

  it('answers /healthz 503 "starting", never 500, while no report can be made yet', async () => {
    const { server } = await start(() => {
      throw new Error('the monitor has not read every instance yet');
    });
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'starting', down: ['the bot is starting (the monitor has not read every instance yet)'] });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
  });

  it('answers /healthz 503 with the reason while the state file cannot be written', async () => {
    const since = Date.UTC(2026, 0, 5, 12);
    const { server } = await start(() => healthOf('connected', snapshot({ radarr: 'up' }), { ok: false, reason: 'ENOSPC: no space left on device, write', since, failures: 3 }));
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as HealthReport;
    expect(body.state).toEqual({ writable: false, error: 'ENOSPC: no space left on device, write', since: '2026-01-05T12:00:00.000Z' });
    expect(body.down).toEqual(['state: the state file cannot be written (ENOSPC: no space left on device, write) since 2026-01-05T12:00:00.000Z; the state is kept in memory and the write retried']);
    expect(healthOf('connected', snapshot({ radarr: 'up' }), { ok: true })).toMatchObject({ status: 'ok', state: { writable: true } });
  });

  it('matches the instance in /webhook/<name> without case, passing on its configured spelling', async () => {
    const { server, received } = await start(() => healthOf('connected', snapshot({})));
    expect((await fetch(`${server.url}/webhook/Radarr`, { method: 'POST', body: '{}' })).status).toBe(202);
    expect((await fetch(`${server.url}/webhook/SONARR%204K`, { method: 'POST', body: '{}' })).status).toBe(202);
    expect(received.map((entry) => entry.instance)).toEqual(['radarr', 'sonarr 4k']);
  });

  it('closes a client that sends its headers too slowly within the header timeout plus 1 s', async () => {
    const { server } = await start(() => healthOf('connected', snapshot({})), { headersTimeoutMs: 1_500, requestTimeoutMs: 3_000 });
    const socket = connect(server.port, '127.0.0.1');
    // Writes after the server closed it fail with EPIPE: expected here.
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    const opened = Date.now();
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    // One header line every 300 ms, never the blank line that ends the head.
    const drip = setInterval(() => socket.write(`X-Slow-${Date.now()}: 1\r\n`), 300);
    await new Promise((resolve) => socket.once('close', resolve));
    clearInterval(drip);
    expect(Date.now() - opened).toBeLessThan(1_500 + 1_000);
  });

  it('refuses connections beyond its limit', async () => {
    const { server } = await start(() => healthOf('connected', snapshot({})), { maxConnections: 2 });
    const open = (): Promise<Socket> =>
      new Promise((resolve) => {
        const socket = connect(server.port, '127.0.0.1', () => resolve(socket));
        socket.on('error', () => undefined);
      });
    const held = [await open(), await open()];
    const third = await open();
    // The server drops a connection over its limit at once, without reading from it.
    await new Promise((resolve) => third.once('close', resolve));
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('answers 404 to webhooks when no receiver is configured', async () => {
    const server = await startHttpServer({ host: '127.0.0.1', port: 0, metrics: createMetrics({ defaultMetrics: false }), health: () => healthOf('connected', snapshot({})), instanceNames: () => ['radarr'], logger: silentLogger() });
    servers.push(server);
    expect((await fetch(`${server.url}/webhook/radarr`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('fails to start on a port already taken', async () => {
    const { server } = await start(() => healthOf('connected', snapshot({})));
    await expect(
      startHttpServer({ host: '127.0.0.1', port: server.port, metrics: createMetrics({ defaultMetrics: false }), health: () => healthOf('connected', snapshot({})), instanceNames: () => [], logger: silentLogger() }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
