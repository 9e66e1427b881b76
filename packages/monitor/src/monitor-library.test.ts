/** End to end against the simulator: library additions and deletions, disk thresholds, app updates. */
import { afterEach, describe, expect, it } from 'vitest';
import { of } from '../test/support/events.ts';
import { radarrInstance, SimWorld, sonarrInstance, type Watched } from '../test/support/sim.ts';

const MIN = 60_000;
const SECRET = 'webhook-secret-1';
const media = (w: Watched) => w.events().filter((e) => e.type === 'media.added' || e.type === 'media.deleted');

let world: SimWorld;
afterEach(async () => {
  await world.close();
});

describe('media.added and media.deleted against the simulator', () => {
  it('announces a movie added and deleted once each, with the same ids by webhook, push and library read', async () => {
    world = new SimWorld();
    const sim = await world.startRadarr();
    const both = world.watch([radarrInstance(sim, { push: { signalr: true, webhook: { secret: SECRET } } })]);
    const push = world.watch([radarrInstance(sim)]);
    const poll = world.watch([radarrInstance(sim, { push: { signalr: false }, intervals: { libraryMs: 10 * MIN } })]);
    await world.routeWebhooks(sim, both, 'radarr', SECRET);
    for (const w of [both, push, poll]) await w.monitor.start();
    await world.run(3000);
    const root = sim.control.instance.settings.rootFolders[0]?.path ?? '/data/movies';
    const found = push.monitor.client('radarr');
    if (found?.app !== 'radarr') throw new Error('expected the Radarr client');
    const { client } = found;
    const added = await client.movies.add({ title: 'The Added Movie', year: 2024, tmdbId: 987_654, qualityProfileId: 1, rootFolderPath: root, monitored: true });
    await world.run(12 * MIN, 5000);
    await client.movies.delete(added.id, { deleteFiles: true });
    await world.run(12 * MIN, 5000);

    const ids = [`radarr:media.added:movie:${String(added.id)}`, `radarr:media.deleted:movie:${String(added.id)}`];
    for (const w of [both, push, poll]) {
      // The library the simulator starts with was added long before: not news.
      expect(media(w).map((e) => e.id)).toEqual(ids);
      expect(media(w).map((e) => e.media)).toEqual([expect.objectContaining({ title: 'The Added Movie', movieId: added.id, tmdbId: 987_654 }), expect.objectContaining({ title: 'The Added Movie', movieId: added.id })]);
    }
    expect(media(push).map((e) => e.source)).toEqual(['push', 'push']);
    expect(media(poll).map((e) => e.source)).toEqual(['poll', 'poll']);
    // The webhooks reached the monitor that already knew by push: taken, and no second event.
    const hooks = sim.control.webhooks.deliveries().filter((d) => d.eventType === 'MovieAdded' || d.eventType === 'MovieDelete');
    expect(hooks.map((d) => [d.eventType, d.status])).toEqual([
      ['MovieAdded', 202],
      ['MovieDelete', 202],
    ]);
  });

  it('announces a series added and deleted once each, by push and by library read', async () => {
    world = new SimWorld();
    const sim = await world.startSonarr();
    const push = world.watch([sonarrInstance(sim)]);
    const poll = world.watch([sonarrInstance(sim, { push: { signalr: false }, intervals: { libraryMs: 10 * MIN } })]);
    for (const w of [push, poll]) await w.monitor.start();
    await world.run(3000);
    const root = sim.control.instance.settings.rootFolders[0]?.path ?? '/data/tv';
    const found = push.monitor.client('sonarr');
    if (found?.app !== 'sonarr') throw new Error('expected the Sonarr client');
    const { client } = found;
    const added = await client.series.add({ title: 'The Added Show', tvdbId: 876_543, qualityProfileId: 1, rootFolderPath: root, monitored: true, seasonFolder: true });
    await world.run(12 * MIN, 5000);
    await client.series.delete(added.id);
    await world.run(12 * MIN, 5000);
    for (const w of [push, poll]) {
      expect(media(w).map((e) => e.id)).toEqual([`sonarr:media.added:series:${String(added.id)}`, `sonarr:media.deleted:series:${String(added.id)}`]);
      expect(media(w).every((e) => e.media.title === 'The Added Show' && e.media.mediaType === 'series' && e.media.seriesId === added.id)).toBe(true);
    }
    expect(media(push).map((e) => e.source)).toEqual(['push', 'push']);
    expect(media(poll).map((e) => e.source)).toEqual(['poll', 'poll']);
  });

  it('reads the library once at the first start and then only every libraryMs', async () => {
    world = new SimWorld();
    const sim = await world.startRadarr();
    const watched = world.watch([radarrInstance(sim)]);
    await watched.monitor.start();
    await world.run(60 * MIN, 30_000);
    // Push connected: 24 h between library reads.
    expect(sim.control.requestCounts()['GET /api/v3/movie']).toBe(1);
    expect(media(watched)).toEqual([]);
  });
});

describe('disk thresholds and app updates against the simulator', () => {
  it('reports a disk going low once and recovering only past the hysteresis', async () => {
    world = new SimWorld();
    const sim = await world.startRadarr();
    const watched = world.watch([radarrInstance(sim, { push: { signalr: false }, disk: { minFreePercent: 10, hysteresisPercent: 5 } })]);
    await watched.monitor.start();
    await world.run(3000);
    const TB = 1024 ** 4;
    const path = sim.control.instance.settings.rootFolders[0]?.path ?? '/data/movies';
    sim.control.setDiskFree(path, 0.5 * TB, 10 * TB);
    await world.run(6 * MIN, 10_000);
    expect(watched.types()).toEqual(['disk.low']);
    sim.control.setDiskFree(path, 0.4 * TB);
    await world.run(6 * MIN, 10_000);
    // Above the threshold but within the hysteresis: still low, no flapping.
    sim.control.setDiskFree(path, 1.2 * TB);
    await world.run(6 * MIN, 10_000);
    expect(watched.types()).toEqual(['disk.low']);
    sim.control.setDiskFree(path, 2 * TB);
    await world.run(6 * MIN, 10_000);
    expect(watched.types()).toEqual(['disk.low', 'disk.ok']);
    const [low, ok] = watched.events();
    expect(low).toMatchObject({ type: 'disk.low', source: 'poll', disk: { path, percentFree: 5 } });
    expect(ok).toMatchObject({ type: 'disk.ok', disk: { path, percentFree: 20 } });
    expect(low?.id.replace('disk.low', 'x')).toBe(ok?.id.replace('disk.ok', 'x'));
    expect(watched.monitor.snapshot().instances[0]?.disks.find((d) => d.path === path)?.percentFree).toBe(20);
  });

  it('reports an app update once, whether the webhook or the push message tells it first', async () => {
    world = new SimWorld();
    const sim = await world.startRadarr();
    const both = world.watch([radarrInstance(sim, { push: { signalr: true, webhook: { secret: SECRET } } })]);
    const push = world.watch([radarrInstance(sim)]);
    await world.routeWebhooks(sim, both, 'radarr', SECRET);
    for (const w of [both, push]) await w.monitor.start();
    await world.run(3000);
    const before = both.monitor.snapshot().instances[0]?.version ?? '';
    expect(before).not.toBe('');
    sim.control.appUpdated({ newVersion: '6.1.0.10300' });
    await world.run(2 * MIN, 5000);
    for (const w of [both, push]) {
      expect(w.types()).toEqual(['app.updated']);
      expect(of(w.events(), 'app.updated')[0]).toMatchObject({ id: 'radarr:app.updated:6.1.0.10300', previousVersion: before, newVersion: '6.1.0.10300' });
      expect(w.monitor.snapshot().instances[0]?.version).toBe('6.1.0.10300');
    }
    expect(of(push.events(), 'app.updated')[0]?.source).toBe('push');
    expect(sim.control.webhooks.deliveries().filter((d) => d.eventType === 'ApplicationUpdate').map((d) => d.status)).toEqual([202]);
  });
});
