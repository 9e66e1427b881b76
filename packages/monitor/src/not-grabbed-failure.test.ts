/**
 * A download the app never grabbed (put in the download client by hand, in the app's category) that
 * the client reports failed: the app does not handle it, it only warns and keeps it in the queue
 * until the user removes it, with no downloadFailed history and no webhook (Radarr master and Sonarr
 * main: src/NzbDrone.Core/Download/FailedDownloadService.cs Check, `trackedDownload.Warn(...)` and
 * return; TrackedDownloads/DownloadMonitoringService.cs DownloadIsTrackable keeps it). The queue is the
 * only place it shows, so the monitor must alert from it: once, with the app's message as the reason.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { of } from '../test/support/events.ts';
import { radarrInstance, SimWorld, sonarrInstance } from '../test/support/sim.ts';

const MB = 1024 * 1024;
const MIN = 60_000;

let world: SimWorld;
afterEach(async () => {
  await world.close();
});

describe('a failed download the app never grabbed', () => {
  it('is one failed alert with Radarr\'s message as the reason, and nothing more when the user removes it', async () => {
    world = new SimWorld();
    const sim = await world.startRadarr();
    const watched = await world.watchStarted([radarrInstance(sim)]);
    const movie = (sim.control.movies() as { id: number; title: string }[])[0]!;
    const own = sim.control.addClientDownload({ movieId: movie.id, size: 100 * MB, bytesPerSecond: MB, fate: { kind: 'fail', atFraction: 0.3, message: 'Aborted, cannot be completed' } });
    // Many refreshes: the app warns again at each one and the record never changes.
    await world.run(30 * MIN, 5000);
    const failed = of(watched.events(), 'download.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      id: `radarr:download.failed:${own.downloadId}`,
      reason: "Download has failed wasn't grabbed by Radarr, skipping automatic download handling",
      media: { movieId: movie.id, title: movie.title },
      download: { downloadId: own.downloadId },
      notGrabbed: true,
    });
    // Announced as new in the queue, saying the app did not grab it: no indexer, no grab date (both from
    // the grab's history: src/NzbDrone.Core/Download/TrackedDownloads/TrackedDownloadService.cs TrackDownload).
    expect(of(watched.events(), 'download.grabbed').map((event) => [event.download.downloadId, event.notGrabbed])).toEqual([[own.downloadId, true]]);
    expect(watched.monitor.snapshot().instances[0]?.queue.map((item) => [item.download.downloadId, item.state])).toEqual([[own.downloadId, 'failed']]);
    // The user removes it (the alert's Remove button: DELETE /queue/{id} with removeFromClient).
    await watched.monitor.client('radarr')!.client.queue.remove(own.queueIds[0]!, { removeFromClient: true, blocklist: false });
    await world.run(10 * MIN, 5000);
    expect(watched.types().filter((type) => type !== 'download.grabbed')).toEqual(['download.failed']);
    expect(watched.monitor.snapshot().instances[0]?.queue).toEqual([]);
  });

  it('is one failed alert with Sonarr\'s message as the reason', async () => {
    world = new SimWorld();
    const sim = await world.startSonarr();
    const watched = await world.watchStarted([sonarrInstance(sim)]);
    const series = (sim.control.series() as { id: number }[])[0]!;
    const episode = (sim.control.episodes(series.id) as { id: number }[])[0]!;
    const own = sim.control.addClientDownload({ seriesId: series.id, episodeIds: [episode.id], size: 2000 * MB, bytesPerSecond: MB });
    await world.run(3 * MIN, 5000);
    sim.control.failDownload(own.downloadId, 'qBittorrent is reporting an error');
    await world.run(30 * MIN, 5000);
    const failed = of(watched.events(), 'download.failed');
    expect(failed.map((event) => [event.download.downloadId, event.reason])).toEqual([[own.downloadId, "Download wasn't grabbed by sonarr, skipping"]]);
    expect(of(watched.events(), 'download.grabbed').map((event) => [event.download.downloadId, event.notGrabbed])).toEqual([[own.downloadId, true]]);
  });

  it('keeps the client\'s message as the reason of a failure the app processes', async () => {
    world = new SimWorld();
    const sim = await world.startRadarr();
    const watched = await world.watchStarted([radarrInstance(sim)]);
    const movie = (sim.control.movies() as { id: number }[])[0]!;
    const grabbed = sim.control.grab({ movieId: movie.id, size: 100 * MB, bytesPerSecond: MB, fate: { kind: 'fail', atFraction: 0.3, message: 'Aborted, cannot be completed' } });
    await world.run(30 * MIN, 5000);
    expect(of(watched.events(), 'download.failed').map((event) => [event.download.downloadId, event.reason])).toEqual([[grabbed.downloadId, 'Aborted, cannot be completed']]);
    expect(of(watched.events(), 'download.failed')[0]?.notGrabbed).toBeUndefined();
    // A download the app grabbed is announced without the flag.
    expect(of(watched.events(), 'download.grabbed').map((event) => [event.download.downloadId, event.notGrabbed])).toEqual([[grabbed.downloadId, undefined]]);
  });
});
