import { afterEach, describe, expect, it } from 'vitest';
import { of } from '../test/support/events.ts';
import { radarrInstance, SimWorld, sonarrInstance } from '../test/support/sim.ts';

const MB = 1024 * 1024;

let world: SimWorld;
afterEach(async () => {
  await world.close();
});

describe('monitor against the simulator', () => {
  it('follows a Radarr download from grab to import, once each', async () => {
    world = new SimWorld();
    // The apps refresh download-client state on a schedule (about 90 s); every 5 s exactly here so
    // that a 20-s download shows progress at several refreshes.
    const sim = await world.startRadarr({ refreshIntervalMs: 5000, refreshCadence: 'fixed' });
    const watched = await world.watchStarted([radarrInstance(sim)], { progressThrottleMs: 2000 });
    const movie = sim.control.movies()[0] as { id: number; title: string };
    const grabbed = sim.control.grab({ movieId: movie.id, size: 100 * MB, bytesPerSecond: 5 * MB });
    await world.run(60_000);
    expect(watched.types()).toEqual(['download.grabbed', 'download.completed', 'download.imported']);
    const imported = of(watched.events(), 'download.imported')[0];
    expect(imported).toMatchObject({ instance: 'radarr', kind: 'radarr', id: `radarr:download.imported:${grabbed.downloadId}`, media: { title: movie.title, movieId: movie.id } });
    expect(imported?.media.posterUrl).toMatch(/^https?:/);
    expect(imported?.download).toMatchObject({ downloadId: grabbed.downloadId, size: 100 * MB });
    expect(of(watched.events(), 'download.progress').length).toBeGreaterThan(2);
  });
});

describe('monitor against the simulator: Sonarr and push', () => {
  it('follows a Sonarr season pack as one download with its episodes', async () => {
    world = new SimWorld();
    const sim = await world.startSonarr({ refreshIntervalMs: 5000 });
    const watched = await world.watchStarted([sonarrInstance(sim)]);
    const series = sim.control.series()[0] as { id: number; title: string };
    const episodes = (sim.control.episodes(series.id) as { id: number; seasonNumber: number }[]).filter((e) => e.seasonNumber === 1).slice(0, 4);
    sim.control.grab({ seriesId: series.id, episodeIds: episodes.map((e) => e.id), size: 200 * MB, bytesPerSecond: 10 * MB });
    await world.run(60_000);
    expect(watched.types()).toEqual(['download.grabbed', 'download.completed', 'download.imported']);
    const imported = of(watched.events(), 'download.imported')[0];
    expect(imported?.media).toMatchObject({ mediaType: 'episode', title: series.title, seasonNumber: 1 });
    expect(imported?.media.episodes).toHaveLength(4);
    expect(imported?.media.episodes?.every((e) => typeof e.title === 'string')).toBe(true);
  });

  it('learns the same events by push as by polling, and sooner', async () => {
    world = new SimWorld();
    // Changes signalled as they happen (`fixed`): with the apps' cadence both learn them at the same refresh.
    const sim = await world.startRadarr({ refreshCadence: 'fixed' });
    const push = world.watch([radarrInstance(sim)]);
    const poll = world.watch([radarrInstance(sim, { push: { signalr: false } })]);
    await push.monitor.start();
    await poll.monitor.start();
    await world.run(3000);
    expect(push.monitor.snapshot().instances[0]?.push).toBe('connected');
    expect(poll.monitor.snapshot().instances[0]?.push).toBe('off');
    const movies = sim.control.movies() as { id: number }[];
    for (const [index, movie] of movies.slice(0, 3).entries()) {
      // Each lasts longer than an idle poll interval, so polling sees every state too.
      sim.control.grab({ movieId: movie.id, size: (400 + index * 100) * MB, bytesPerSecond: 5 * MB, ...(index === 2 ? { fate: { kind: 'fail', atFraction: 0.9, message: 'par2 repair failed' } } : {}) });
    }
    await world.run(240_000, 2000);
    const ids = (w: typeof push) => w.events().filter((e) => e.type !== 'download.progress').map((e) => e.id).sort();
    expect(ids(push)).toEqual(ids(poll));
    expect(ids(push).filter((id) => id.includes('download.imported'))).toHaveLength(2);
    expect(ids(push).filter((id) => id.includes('download.failed'))).toHaveLength(1);
    const firstSeen = (w: typeof push) => new Map(w.recorded.map((r) => [r.event.id, r.at] as const));
    const pushAt = firstSeen(push);
    const pollAt = firstSeen(poll);
    let sooner = 0;
    for (const [id, at] of pushAt) {
      const other = pollAt.get(id);
      if (other === undefined) continue;
      // Push reads 250 ms after a sync (pushDebounceMs); a poll timer may fall on the very refresh.
      expect(at).toBeLessThanOrEqual(other + 250);
      if (at < other) sooner++;
    }
    expect(sooner).toBeGreaterThan(0);
  });
});

describe('monitor against the simulator: trouble', () => {
  it('reports failed, stalled and blocked downloads', async () => {
    world = new SimWorld();
    const sim = await world.startRadarr({ refreshIntervalMs: 5000 });
    const watched = await world.watchStarted([radarrInstance(sim)]);
    const [a, b, c] = sim.control.movies() as { id: number }[];
    const failed = sim.control.grab({ movieId: a?.id ?? 0, size: 100 * MB, bytesPerSecond: 5 * MB, fate: { kind: 'fail', atFraction: 0.3, message: 'Unpacking failed' } });
    const stalled = sim.control.grab({ movieId: b?.id ?? 0, size: 100 * MB, bytesPerSecond: 5 * MB, protocol: 'torrent', fate: { kind: 'stall', atFraction: 0.4 } });
    const blocked = sim.control.grab({ movieId: c?.id ?? 0, size: 50 * MB, bytesPerSecond: 5 * MB, fate: { kind: 'blockImport', message: 'Not an upgrade for existing movie file(s)' } });
    await world.run(60_000);
    const events = watched.events();
    expect(of(events, 'download.failed').map((e) => e.download.downloadId)).toEqual([failed.downloadId]);
    expect(of(events, 'download.failed')[0]?.reason).toMatch(/Unpacking failed/);
    expect(of(events, 'download.stalled').map((e) => e.download.downloadId)).toEqual([stalled.downloadId]);
    expect(of(events, 'download.importBlocked').map((e) => e.download.downloadId)).toEqual([blocked.downloadId]);
    expect(of(events, 'download.importBlocked')[0]?.messages.join(' ')).toMatch(/Not an upgrade/);
    expect(of(events, 'download.imported')).toEqual([]);
  });

  it('suppresses a health blip and reports a lasting problem once', async () => {
    world = new SimWorld();
    const sim = await world.startRadarr();
    const watched = await world.watchStarted([radarrInstance(sim)], { health: { raiseAfterChecks: 2, raiseAfterMs: 30_000, clearAfterChecks: 2, clearAfterMs: 30_000 } });
    sim.control.raiseHealth({ source: 'IndexerStatusCheck', type: 'warning', message: 'Indexers unavailable due to failures: NZBgeek' });
    await world.run(5000);
    sim.control.clearHealth('IndexerStatusCheck');
    await world.run(120_000, 5000);
    expect(watched.types()).toEqual([]);
    sim.control.raiseHealth({ source: 'DownloadClientCheck', type: 'error', message: 'Unable to communicate with SABnzbd' });
    await world.run(120_000, 5000);
    expect(watched.types()).toEqual(['health.raised']);
    sim.control.clearHealth('DownloadClientCheck');
    await world.run(120_000, 5000);
    expect(watched.types()).toEqual(['health.raised', 'health.cleared']);
  });

  it('reports an instance going down and coming back with one event each', async () => {
    world = new SimWorld();
    // The grab reaches the queue at once (`fixed`), before the instance goes down.
    const sim = await world.startRadarr({ refreshCadence: 'fixed' });
    const watched = await world.watchStarted([radarrInstance(sim)], {}, 3000);
    const movie = (sim.control.movies() as { id: number }[])[0];
    const grabbed = sim.control.grab({ movieId: movie?.id ?? 0, size: 300 * MB, bytesPerSecond: 5 * MB });
    await world.run(5000);
    await sim.control.down();
    await world.run(10 * 60_000, 5000);
    expect(watched.types()).toEqual(['download.grabbed', 'instance.down']);
    expect(watched.monitor.snapshot().instances[0]?.state).toBe('down');
    await sim.control.up();
    await world.run(10 * 60_000, 5000);
    const types = watched.types();
    expect(types.filter((t) => t === 'instance.down')).toHaveLength(1);
    expect(types.filter((t) => t === 'instance.up')).toHaveLength(1);
    expect(types.indexOf('instance.up')).toBeLessThan(types.indexOf('download.imported'));
    expect(of(watched.events(), 'instance.up')[0]?.downForMs).toBeGreaterThan(5 * 60_000);
    expect(of(watched.events(), 'download.imported').map((e) => e.download.downloadId)).toEqual([grabbed.downloadId]);
    expect(watched.monitor.snapshot().instances[0]).toMatchObject({ state: 'up', push: 'connected' });
  });

  it('announces a download that came and went between two polls, from history', async () => {
    world = new SimWorld();
    // Imported at the refresh that notices the finished download, so the queue never shows it done.
    const sim = await world.startRadarr({ timing: { importDelayMs: 0, importDurationMs: 0 } });
    const watched = await world.watchStarted([radarrInstance(sim, { push: { signalr: false } })], {}, 5000);
    const movie = (sim.control.movies() as { id: number }[])[0];
    const grabbed = sim.control.grab({ movieId: movie?.id ?? 0, size: 20 * MB, bytesPerSecond: 10 * MB });
    await world.run(3 * 60_000, 5000);
    expect(watched.types()).toEqual(['download.grabbed', 'download.imported']);
    expect(watched.events().every((e) => e.type === 'download.progress' || (e.source === 'history' && 'download' in e && e.download.downloadId === grabbed.downloadId))).toBe(true);
  });

  it('reports a refused API key once', async () => {
    world = new SimWorld();
    const sim = await world.startRadarr();
    const watched = world.watch([radarrInstance(sim, { apiKey: 'wrong-key' })]);
    await watched.monitor.start();
    await world.run(10 * 60_000, 10_000);
    expect(watched.types()).toEqual(['instance.authFailed']);
    expect(sim.control.requestCounts()['GET /api/v3/system/status'] ?? 0).toBeLessThan(15);
    expect(watched.monitor.snapshot().instances[0]).toMatchObject({ state: 'authFailed' });
  });
});

describe('monitor against the apps refresh cadence', () => {
  // Radarr master: src/NzbDrone.Core/Download/TrackedDownloads/DownloadMonitoringService.cs (Refresh,
  // then the ProcessMonitoredDownloads command: two queue syncs per refresh; another refresh 5 s after
  // a grab), Jobs/TaskManager.cs and Jobs/Scheduler.cs (1-minute task, 30-s scheduler tick, measured
  // from the last run: about 90 s). The simulator's default cadence is that one.
  it('reads the queue at most once per refresh while downloads are active', async () => {
    world = new SimWorld();
    const sim = await world.startRadarr();
    const watched = await world.watchStarted([radarrInstance(sim)]);
    const movies = sim.control.movies() as { id: number }[];
    for (const movie of movies.slice(0, 2)) sim.control.grab({ movieId: movie.id, size: 2000 * MB, bytesPerSecond: MB });
    await world.run(60_000);
    sim.control.resetRequestCounts();
    let refreshes = 0;
    let lastAt = sim.control.instance.refreshes.lastAt;
    for (let second = 0; second < 15 * 60; second++) {
      await world.run(1000);
      if (sim.control.instance.refreshes.lastAt !== lastAt) refreshes += 1;
      lastAt = sim.control.instance.refreshes.lastAt;
    }
    const reads = sim.control.requestCounts()['GET /api/v3/queue'] ?? 0;
    expect(refreshes).toBeGreaterThanOrEqual(9);
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(refreshes);
    expect(watched.monitor.snapshot().instances[0]?.queue).toHaveLength(2);
    expect(of(watched.events(), 'download.progress').length).toBeGreaterThan(2);
  });
});
