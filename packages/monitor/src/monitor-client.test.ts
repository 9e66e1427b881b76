/** `monitor.client(name)`: the SDK client the monitor reads an instance with, shared with its caller. */
import type { ArrRequestEvent } from '@discarr/arr-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { radarrInstance, SimWorld, sonarrInstance } from '../test/support/sim.ts';

let world: SimWorld;
afterEach(async () => {
  await world.close();
});

describe('monitor.client(name)', () => {
  it('returns each instance client tagged with its app, and undefined for an unknown name', async () => {
    world = new SimWorld();
    const radarr = await world.startRadarr();
    const sonarr = await world.startSonarr();
    const watched = world.watch([radarrInstance(radarr, { name: 'movies' }), sonarrInstance(sonarr, { name: 'shows' })]);
    const movies = watched.monitor.client('movies');
    const shows = watched.monitor.client('shows');
    expect(movies?.app).toBe('radarr');
    expect(movies?.client.kind).toBe('radarr');
    expect(movies?.client.name).toBe('movies');
    expect(shows?.app).toBe('sonarr');
    expect(shows?.client.kind).toBe('sonarr');
    expect(watched.monitor.client('nope')).toBeUndefined();
    // The same object every time: one client per instance.
    expect(watched.monitor.client('movies')?.client).toBe(movies?.client);
  });

  it('is the client the monitor reads with, so a command shares its request queue and options', async () => {
    world = new SimWorld();
    const sim = await world.startRadarr();
    const requests: ArrRequestEvent[] = [];
    const watched = await world.watchStarted([
      radarrInstance(sim, { push: { signalr: false }, client: { timeoutMs: 3000, onRequest: (event) => requests.push(event) } }),
    ]);
    // The monitor's own first reads went through the instance client's hook...
    expect(requests.map((r) => r.route)).toEqual(expect.arrayContaining(['/api/v3/system/status', '/api/v3/queue']));
    const found = watched.monitor.client('radarr');
    if (found?.app !== 'radarr') throw new Error('expected the Radarr client');
    const before = requests.length;
    // ...and so does a command sent through monitor.client(): one client, one queue, one hook.
    const command = await found.client.command.run('RefreshMonitoredDownloads');
    expect(command.name).toBe('RefreshMonitoredDownloads');
    expect(requests.slice(before).map((r) => `${r.method} ${r.route}`)).toEqual(['POST /api/v3/command']);
    expect(found.client.stats()).toMatchObject({ queued: 0, pending: 0 });
  });
});

describe('instances[].client.logger', () => {
  it("receives the instance client's own lines instead of the monitor's logger", async () => {
    world = new SimWorld();
    const sim = await world.startRadarr();
    const own: string[] = [];
    const monitorLines: string[] = [];
    const monitorLogger = { debug: (_data: Record<string, unknown>, message: string) => monitorLines.push(message) };
    await world.watchStarted(
      [radarrInstance(sim, { push: { signalr: false }, client: { timeoutMs: 3000, logger: { debug: (data, message) => own.push(`${message} ${String(data.route)}`) } } })],
      { logger: monitorLogger },
    );
    expect(own).toEqual(expect.arrayContaining(['arr request /api/v3/system/status', 'arr request /api/v3/queue']));
    expect(monitorLines).not.toContain('arr request');
  });

  it("without one, the client's lines are debug lines of the monitor's logger", async () => {
    world = new SimWorld();
    const sim = await world.startRadarr();
    const monitorLines: string[] = [];
    await world.watchStarted([radarrInstance(sim, { push: { signalr: false } })], {
      logger: { debug: (_data, message) => monitorLines.push(message) },
    });
    expect(monitorLines).toContain('arr request');
  });
});
