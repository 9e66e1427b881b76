import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, startLoopbackServer, type LoopbackServer } from '../test/loopback-server.ts';
import { createRadarrClient } from './radarr-client.ts';
import { createSonarrClient } from './sonarr-client.ts';
import { ArrCommandTimeoutError, ArrTimeoutError } from './errors.ts';

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

  it('gives up waiting saying the command is still running, not that nothing answered', async () => {
    server.route('GET', '/api/v3/command/5', (_req, res) => json(res, 200, { id: 5, name: 'RssSync', status: 'started' }));
    const radarr = createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234', sleep, now: () => now });
    const error = await radarr.command.wait(5, { timeoutMs: 3000, pollMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrTimeoutError);
    expect(error).toBeInstanceOf(ArrCommandTimeoutError);
    expect((error as ArrCommandTimeoutError).status).toBe('started');
    expect((error as Error).message).toMatch(/command 5 \(RssSync\) is still started after 3000 ms \(4 polls answered\); wait longer/);
    expect((error as Error).message).not.toMatch(/no answer/);
  });

  it('says queued when the command never left the queue', async () => {
    server.route('GET', '/api/v3/command/6', (_req, res) => json(res, 200, { id: 6, name: 'MissingEpisodeSearch', status: 'queued' }));
    const sonarr = createSonarrClient({ baseUrl: server.url, apiKey: 'key-1234', sleep, now: () => now });
    await expect(sonarr.command.wait({ id: 6, status: 'queued' } as never, { timeoutMs: 1000, pollMs: 500 })).rejects.toThrow(/command 6 \(MissingEpisodeSearch\) is still queued after 1000 ms/);
  });
});
