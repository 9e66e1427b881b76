/** What the write helpers send: read-modify-write keeps unknown fields; read-only ones are left out. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, startLoopbackServer, type LoopbackServer } from '../test/loopback-server.ts';
import { readOnlyFields as sonarrReadOnly } from './generated/sonarr-shapes.ts';
import { createRadarrClient } from './radarr-client.ts';
import { createSonarrClient } from './sonarr-client.ts';

let server: LoopbackServer;
beforeEach(async () => {
  server = await startLoopbackServer();
});
afterEach(async () => {
  await server.close();
});

const lastBody = (): Record<string, unknown> => JSON.parse(server.requests.at(-1)!.body) as Record<string, unknown>;

/** A series as Sonarr answers it, with the fields it computes itself (Sonarr main: SeriesResource.cs). */
const series = {
  id: 7,
  title: 'Harbor Lights',
  tvdbId: 81234,
  monitored: true,
  qualityProfileId: 1,
  languageProfileId: 1,
  ended: false,
  statistics: { seasonCount: 2, episodeCount: 20, sizeOnDisk: 1 },
  seasons: [{ seasonNumber: 1, monitored: true, statistics: { episodeCount: 10 } }],
  fieldFromSonarr5: { nested: true },
};

describe('read-modify-write updates', () => {
  it('keeps every field the SDK does not know when it writes a movie back', async () => {
    server.route('GET', '/api/v3/movie/3', (_req, res) => json(res, 200, { id: 3, title: 'A', monitored: true, fieldFromRadarr7: { nested: [1, 2] } }));
    server.route('PUT', '/api/v3/movie/3', (_req, res, body) => json(res, 202, JSON.parse(body)));
    const updated = await createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234' }).movies.update(3, { monitored: false });
    expect(lastBody()).toEqual({ id: 3, title: 'A', monitored: false, fieldFromRadarr7: { nested: [1, 2] } });
    expect(updated.monitored).toBe(false);
  });

  // Issue 11 #14: Sonarr marks these read-only; the document says so, the SDK leaves them out.
  it("leaves out of a series write what the document marks read-only, nested seasons' statistics too", async () => {
    const readOnly = sonarrReadOnly.Series!.fields;
    expect(readOnly).toEqual(expect.arrayContaining(['ended', 'statistics', 'languageProfileId']));
    server.route('GET', '/api/v3/series/7', (_req, res) => json(res, 200, series));
    server.route('PUT', '/api/v3/series/7', (_req, res, body) => json(res, 202, JSON.parse(body)));
    await createSonarrClient({ baseUrl: server.url, apiKey: 'key-1234' }).series.update(7, { monitored: false });
    const sent = lastBody();
    for (const field of readOnly) expect(sent, field).not.toHaveProperty(field);
    expect(sent).toEqual({ id: 7, title: 'Harbor Lights', tvdbId: 81234, monitored: false, qualityProfileId: 1, seasons: [{ seasonNumber: 1, monitored: true }], fieldFromSonarr5: { nested: true } });
  });

  it('leaves them out of an add from a lookup result', async () => {
    server.route('POST', '/api/v3/series', (_req, res, body) => json(res, 201, { ...JSON.parse(body), id: 8 }));
    const { id: _id, ...lookedUp } = series;
    await createSonarrClient({ baseUrl: server.url, apiKey: 'key-1234' }).series.add({
      ...lookedUp,
      rootFolderPath: '/tv',
      addOptions: { monitor: 'all', searchForMissingEpisodes: false },
    } as never);
    const sent = lastBody();
    expect(sent).not.toHaveProperty('ended');
    expect(sent).not.toHaveProperty('statistics');
    expect(sent).not.toHaveProperty('languageProfileId');
    expect(sent).toMatchObject({ title: 'Harbor Lights', rootFolderPath: '/tv', seasons: [{ seasonNumber: 1, monitored: true }] });
  });
});
