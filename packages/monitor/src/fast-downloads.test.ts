/**
 * Downloads that come and go before any queue read shows them, against the simulator over real HTTP
 * with the apps' refresh cadence (its default): each is announced exactly once, grab and outcome.
 *
 * Radarr master: src/NzbDrone.Core/Download/TrackedDownloads/DownloadMonitoringService.cs refreshes
 * 5 s after a grab and processes what it found (imports, failures) right after the refresh, so a
 * download finished or failed by then leaves the queue within that refresh; the queue/status counts
 * that follow are those of before. What announces the grab is the media message the app pushes at
 * once: src/Radarr.Api.V3/Movies/MovieControllerWithSignalR.cs Handle(MovieGrabbedEvent) (Sonarr
 * main: src/Sonarr.Api.V3/Episodes/EpisodeControllerWithSignalR.cs Handle(EpisodeGrabbedEvent)).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DownloadFate } from '@discarr/arr-simulator';
import { radarrInstance, SimWorld, sonarrInstance, type Watched } from '../test/support/sim.ts';

const MB = 1024 * 1024;
const MIN = 60_000;
/** The apps import or fail a download right after the refresh that found it finished or failed. */
const APP_TIMING = { importDelayMs: 0, importDurationMs: 0, failedProcessingMs: 0 };
const FAIL: DownloadFate = { kind: 'fail', atFraction: 0.5, message: 'Unpacking failed' };

let world: SimWorld;
afterEach(async () => {
  await world.close();
});

/** The events of one download, progress left out, as `type/source`. */
function lifecycle(watched: Watched, downloadId: string): string[] {
  return watched
    .events()
    .filter((e) => e.type.startsWith('download.') && e.type !== 'download.progress' && 'download' in e && e.download.downloadId === downloadId)
    .map((e) => e.type);
}

describe('a download that comes and goes before any queue read shows it', () => {
  for (const [outcome, fate, final] of [
    ['imported', undefined, 'download.imported'],
    ['failed', FAIL, 'download.failed'],
  ] as const) {
    it(`is grabbed and ${outcome} once, in an instance idle for a while (Radarr)`, async () => {
      world = new SimWorld();
      const sim = await world.startRadarr({ timing: APP_TIMING });
      const watched = await world.watchStarted([radarrInstance(sim)]);
      await world.run(4 * MIN);
      const movie = sim.control.movies()[0] as { id: number };
      // 10 MB at 100 MB/s: done long before the refresh 5 s after the grab.
      const { downloadId } = sim.control.grab({ movieId: movie.id, size: 10 * MB, bytesPerSecond: 100 * MB, fate });
      await world.run(MIN);
      expect(lifecycle(watched, downloadId)).toEqual(['download.grabbed', final]);
      await world.run(10 * MIN, 5000);
      expect(lifecycle(watched, downloadId)).toEqual(['download.grabbed', final]);
    });
  }

  it('is grabbed and failed once with the simulator’s own timing too (failure processed 1 s after the refresh)', async () => {
    world = new SimWorld();
    const sim = await world.startRadarr();
    const watched = await world.watchStarted([radarrInstance(sim)]);
    // Late in the app's refresh cycle: the refresh the grab asks for looks like the scheduled one.
    await world.run(4 * MIN + 8000);
    const movie = sim.control.movies()[0] as { id: number };
    const { downloadId } = sim.control.grab({ movieId: movie.id, size: 10 * MB, bytesPerSecond: 100 * MB, fate: FAIL });
    await world.run(5 * MIN, 5000);
    expect(lifecycle(watched, downloadId)).toEqual(['download.grabbed', 'download.failed']);
    await world.run(10 * MIN, 5000);
    expect(lifecycle(watched, downloadId)).toEqual(['download.grabbed', 'download.failed']);
  });

  it('is announced within the first refresh when grabbed right after the monitor started, before its first read', async () => {
    world = new SimWorld();
    const sim = await world.startRadarr({ timing: APP_TIMING });
    const watched = world.watch([radarrInstance(sim)]);
    const movie = sim.control.movies()[0] as { id: number };
    await watched.monitor.start();
    const { downloadId } = sim.control.grab({ movieId: movie.id, size: 10 * MB, bytesPerSecond: 100 * MB });
    // Before the first scheduled history read (about a minute after the start).
    await world.run(20_000);
    expect(lifecycle(watched, downloadId)).toEqual(['download.grabbed', 'download.imported']);
    await world.run(10 * MIN, 5000);
    expect(lifecycle(watched, downloadId)).toEqual(['download.grabbed', 'download.imported']);
  });

  it('is grabbed and failed once, a Sonarr season pack with every episode', async () => {
    world = new SimWorld();
    const sim = await world.startSonarr({ timing: APP_TIMING });
    const watched = await world.watchStarted([sonarrInstance(sim)]);
    await world.run(4 * MIN);
    const series = sim.control.series()[0] as { id: number };
    const episodes = (sim.control.episodes(series.id) as { id: number; seasonNumber: number }[]).filter((e) => e.seasonNumber === 1).slice(0, 3);
    const { downloadId } = sim.control.grab({ seriesId: series.id, episodeIds: episodes.map((e) => e.id), size: 30 * MB, bytesPerSecond: 100 * MB, fate: FAIL });
    await world.run(MIN);
    expect(lifecycle(watched, downloadId)).toEqual(['download.grabbed', 'download.failed']);
    const failed = watched.events().find((e) => e.type === 'download.failed');
    expect(failed && 'media' in failed ? failed.media.episodes?.length : 0).toBe(3);
    await world.run(10 * MIN, 5000);
    expect(lifecycle(watched, downloadId)).toEqual(['download.grabbed', 'download.failed']);
  });
});
