import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, startLoopbackServer, type LoopbackServer } from '../test/loopback-server.ts';
import { createRadarrClient } from './radarr-client.ts';
import { createSonarrClient } from './sonarr-client.ts';
import { ArrCompatibilityError, ArrTimeoutError } from './errors.ts';
import { ArrOptionsError } from './options.ts';

let server: LoopbackServer;
let now = 0;
const sleep = (ms: number) => {
  now += ms;
  return Promise.resolve();
};
beforeEach(async () => {
  server = await startLoopbackServer();
  now = 0;
});
afterEach(async () => {
  await server.close();
});

describe('commands', () => {
  it('posts the command name with its arguments and waits until it completes', async () => {
    let polls = 0;
    server.route('POST', '/api/v3/command', (_req, res, body) => json(res, 201, { id: 9, ...JSON.parse(body), status: 'queued' }));
    server.route('GET', '/api/v3/command/9', (_req, res) => {
      polls++;
      json(res, 200, { id: 9, name: 'SeasonSearch', status: polls < 3 ? 'started' : 'completed' });
    });
    const sonarr = createSonarrClient({ baseUrl: server.url, apiKey: 'key-1234', sleep, now: () => now });
    const queued = await sonarr.command.run('SeasonSearch', { seriesId: 4, seasonNumber: 2 });
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ name: 'SeasonSearch', seriesId: 4, seasonNumber: 2 });
    expect(queued.status).toBe('queued');
    const done = await sonarr.command.wait(queued, { pollMs: 500 });
    expect(done.status).toBe('completed');
    expect(polls).toBe(3);
  });

  it('gives up waiting with ArrTimeoutError when the command never ends', async () => {
    server.route('GET', '/api/v3/command/5', (_req, res) => json(res, 200, { id: 5, name: 'RssSync', status: 'started' }));
    const radarr = createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234', sleep, now: () => now });
    await expect(radarr.command.wait(5, { timeoutMs: 3000, pollMs: 1000 })).rejects.toBeInstanceOf(ArrTimeoutError);
  });
});

describe('info', () => {
  function serve(appName: string, version: string) {
    server.route('GET', '/api', (_req, res) => json(res, 200, { current: 'v3', deprecated: [] }));
    server.route('GET', '/api/v3/system/status', (_req, res) => json(res, 200, { appName, version, instanceName: appName, urlBase: '' }));
  }

  it('reports app, version and capabilities', async () => {
    serve('Radarr', '6.0.3.10150');
    const info = await createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234' }).info();
    expect(info).toMatchObject({ app: 'Radarr', version: '6.0.3.10150', major: 6, apiVersions: ['v3'] });
    expect(info.capabilities.signalR).toBe(true);
  });

  it('says so when a Sonarr URL is given to a Radarr client', async () => {
    serve('Sonarr', '4.0.19.2000');
    const error = await createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234' }).info().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrCompatibilityError);
    expect((error as Error).message).toMatch(/serves Sonarr, not Radarr; use the Radarr URL/);
  });

  it('refuses a version older than the supported ones', async () => {
    serve('Sonarr', '3.0.10.1567');
    await expect(createSonarrClient({ baseUrl: server.url, apiKey: 'key-1234' }).info()).rejects.toThrow(/Sonarr 3\.0\.10\.1567 is not supported; upgrade to Sonarr 4/);
  });
});

describe('options', () => {
  it('names the option and the fix when the options are wrong', () => {
    expect(() => createRadarrClient({ baseUrl: 'localhost:7878', apiKey: 'k' })).toThrow(ArrOptionsError);
    expect(() => createRadarrClient({ baseUrl: 'nas:7878', apiKey: 'k' })).toThrow(/baseUrl must start with http/);
    expect(() => createRadarrClient({ baseUrl: 'not a url', apiKey: 'k' })).toThrow(/baseUrl "not a url" is not a URL/);
    expect(() => createRadarrClient({ baseUrl: 'http://nas:7878?apikey=abc', apiKey: 'k' })).toThrow(/must not hold a query string/);
    expect(() => createSonarrClient({ baseUrl: 'http://nas:8989', apiKey: ' ' })).toThrow(/apiKey is empty; copy it from Sonarr's Settings/);
    expect(() => createSonarrClient({ baseUrl: 'http://nas:8989', apiKey: 'k', timeoutMs: -1 })).toThrow(/timeoutMs must be a positive number, got -1/);
  });
});

describe('read-modify-write updates', () => {
  it('keeps every field the SDK does not know when it writes a movie back', async () => {
    server.route('GET', '/api/v3/movie/3', (_req, res) => json(res, 200, { id: 3, title: 'A', monitored: true, fieldFromRadarr7: { nested: [1, 2] } }));
    server.route('PUT', '/api/v3/movie/3', (_req, res, body) => json(res, 202, JSON.parse(body)));
    const updated = await createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234' }).movies.update(3, { monitored: false });
    const sent = JSON.parse(server.requests.at(-1)!.body) as Record<string, unknown>;
    expect(sent).toEqual({ id: 3, title: 'A', monitored: false, fieldFromRadarr7: { nested: [1, 2] } });
    expect(updated.monitored).toBe(false);
  });
});
