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
