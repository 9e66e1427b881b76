import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, startLoopbackServer, type LoopbackServer } from '../test/loopback-server.ts';
import { createRadarrClient } from './radarr-client.ts';
import { createSonarrClient } from './sonarr-client.ts';
import { ArrCompatibilityError } from './errors.ts';

let server: LoopbackServer;
beforeEach(async () => {
  server = await startLoopbackServer();
});
afterEach(async () => {
  await server.close();
});

describe('info', () => {
  function serve(appName: string, version: string) {
    server.route('GET', '/api', (_req, res) => json(res, 200, { current: 'v3', deprecated: [] }));
    server.route('GET', '/api/v3/system/status', (_req, res) => json(res, 200, { appName, version, instanceName: appName, urlBase: '' }));
  }

  it('reports app, version, instance name and URL base', async () => {
    serve('Radarr', '6.0.3.10150');
    const info = await createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234' }).info();
    expect(info).toEqual({ app: 'Radarr', version: '6.0.3.10150', major: 6, instanceName: 'Radarr', urlBase: '', apiVersions: ['v3'] });
  });

  it('says so when a Sonarr URL is given to a Radarr client', async () => {
    serve('Sonarr', '4.0.19.2000');
    const error = await createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234' }).info().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrCompatibilityError);
    expect((error as Error).message).toMatch(/serves Sonarr, not Radarr; use the Radarr URL/);
  });

  // Sonarr main: src/Sonarr.Http/ApiInfoController.cs answers { current: "v3", deprecated: [] }.
  it('answers a typed error, not a TypeError, when GET /api has no current version', async () => {
    for (const answer of [{}, null, 'v3', [1]]) {
      server.route('GET', '/api', (_req, res) => json(res, 200, answer));
      server.route('GET', '/api/v3/system/status', (_req, res) => json(res, 200, { appName: 'Sonarr', version: '4.0.19.2000' }));
      const error = await createSonarrClient({ baseUrl: server.url, apiKey: 'key-1234' }).info().catch((e: unknown) => e);
      expect(error, JSON.stringify(answer)).toBeInstanceOf(ArrCompatibilityError);
      expect((error as Error).message).toMatch(/GET \/api answered .* instead of the API versions/);
    }
    server.route('GET', '/api', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end();
    });
    const empty = await createSonarrClient({ baseUrl: server.url, apiKey: 'key-1234' }).info().catch((e: unknown) => e);
    expect((empty as Error).message).toMatch(/GET \/api answered an empty body/);
  });

  it('answers a typed error when the system status is not an object', async () => {
    server.route('GET', '/api', (_req, res) => json(res, 200, { current: 'v3' }));
    server.route('GET', '/api/v3/system/status', (_req, res) => json(res, 200, ['Radarr']));
    await expect(createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234' }).info()).rejects.toBeInstanceOf(ArrCompatibilityError);
  });

  it('refuses a version older than the supported ones', async () => {
    serve('Sonarr', '3.0.10.1567');
    await expect(createSonarrClient({ baseUrl: server.url, apiKey: 'key-1234' }).info()).rejects.toThrow(/Sonarr 3\.0\.10\.1567 is not supported; upgrade to Sonarr 4/);
  });
});
