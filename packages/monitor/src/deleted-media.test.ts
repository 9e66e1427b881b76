/**
 * A movie or series deleted right after its download was imported or failed, against the simulator
 * over real HTTP: the app deletes the media's history with it, so the download is announced as
 * removed because its media was deleted, never as an import, a failure or a plain removal.
 *
 * Radarr master: src/NzbDrone.Core/History/HistoryRepository.cs Since() inner-joins Movie, and
 * src/NzbDrone.Core/History/HistoryService.cs Handle(MoviesDeletedEvent) deletes the movie's history;
 * Sonarr main: the same files (Series, SeriesDeletedEvent). Neither app sends a webhook for a failed
 * download (Notifications/Webhook/Webhook.cs), so nothing else tells what became of it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RadarrSimulator, SonarrSimulator } from '@discarr/arr-simulator';
import { of } from '../test/support/events.ts';
import { API_KEY, radarrInstance, SimWorld, sonarrInstance, type Watched } from '../test/support/sim.ts';

const MB = 1024 * 1024;
const MIN = 60_000;

let world: SimWorld;
afterEach(async () => {
  await world.close();
});

/** Deletes a movie or series as a user would, over the app's REST API. */
async function deleteMedia(sim: RadarrSimulator | SonarrSimulator, path: 'movie' | 'series', id: number): Promise<void> {
  const response = await fetch(`${sim.url}/api/v3/${path}/${id}?deleteFiles=true`, { method: 'DELETE', headers: { 'X-Api-Key': API_KEY } });
  expect(response.status).toBe(200);
}

function inQueue(sim: RadarrSimulator | SonarrSimulator, downloadId: string): boolean {
  return sim.control.queue().some((record) => record.downloadId === downloadId);
}

/** Moves time in small steps until the app has taken the download out of its queue (the monitor reads 250 ms after a sync). */
async function untilGone(sim: RadarrSimulator | SonarrSimulator, downloadId: string): Promise<void> {
  expect(await world.until(() => !inQueue(sim, downloadId), 2 * MIN, 100)).toBe(true);
}

async function untilSeen(watched: Watched, type: string): Promise<void> {
  expect(await world.until(() => watched.types().includes(type), 5 * MIN)).toBe(true);
}

describe('a download whose movie or series is deleted right after it left the queue', () => {
  it('is removed because the movie was deleted when the movie is deleted right after the failure (Radarr)', async () => {
    world = new SimWorld();
    // The apps process a failure right after the refresh that noticed it, and the download leaves
    // the queue (DownloadMonitoringService.cs, FailedDownloadService.cs): no time to see it failed.
    const sim = await world.startRadarr({ timing: { failedProcessingMs: 0 } });
    const watched = await world.watchStarted([radarrInstance(sim)]);
    const movie = sim.control.movies()[0] as { id: number; title: string };
    const { downloadId } = sim.control.grab({ movieId: movie.id, size: 2000 * MB, bytesPerSecond: 5 * MB });
    await untilSeen(watched, 'download.grabbed');
    sim.control.failDownload(downloadId, 'Unpacking failed');
    // The app's next refresh notices and processes the failure (history: downloadFailed).
    sim.control.refresh();
    expect(inQueue(sim, downloadId)).toBe(false);
    await deleteMedia(sim, 'movie', movie.id);
    await world.run(10 * MIN, 5000);
    expect(watched.types()).toEqual(['download.grabbed', 'media.deleted', 'download.removed']);
    expect(of(watched.events(), 'download.removed')[0]).toMatchObject({ id: `radarr:download.removed:${downloadId}`, mediaDeleted: true, media: { title: movie.title, movieId: movie.id } });
  });

  it('is removed because the movie was deleted when the movie is deleted right after the import (Radarr)', async () => {
    world = new SimWorld();
    const sim = await world.startRadarr();
    const watched = await world.watchStarted([radarrInstance(sim)]);
    const movie = sim.control.movies()[0] as { id: number; title: string };
    const { downloadId } = sim.control.grab({ movieId: movie.id, size: 100 * MB, bytesPerSecond: 5 * MB });
    await untilSeen(watched, 'download.completed');
    await untilGone(sim, downloadId);
    await deleteMedia(sim, 'movie', movie.id);
    await world.run(10 * MIN, 5000);
    expect(watched.types()).toEqual(['download.grabbed', 'download.completed', 'media.deleted', 'download.removed']);
    expect(of(watched.events(), 'download.removed')[0]).toMatchObject({ mediaDeleted: true, media: { movieId: movie.id } });
  });

  it('is removed because the series was deleted when the series is deleted right after the failure (Sonarr)', async () => {
    world = new SimWorld();
    const sim = await world.startSonarr({ timing: { failedProcessingMs: 0 } });
    const watched = await world.watchStarted([sonarrInstance(sim)]);
    const series = sim.control.series()[0] as { id: number; title: string };
    const episodes = (sim.control.episodes(series.id) as { id: number; seasonNumber: number }[]).filter((e) => e.seasonNumber === 1).slice(0, 3);
    const { downloadId } = sim.control.grab({ seriesId: series.id, episodeIds: episodes.map((e) => e.id), size: 3000 * MB, bytesPerSecond: 5 * MB });
    await untilSeen(watched, 'download.grabbed');
    sim.control.failDownload(downloadId, 'Unpacking failed');
    sim.control.refresh();
    expect(inQueue(sim, downloadId)).toBe(false);
    await deleteMedia(sim, 'series', series.id);
    await world.run(10 * MIN, 5000);
    expect(watched.types()).toEqual(['download.grabbed', 'media.deleted', 'download.removed']);
    const removed = of(watched.events(), 'download.removed')[0];
    expect(removed).toMatchObject({ mediaDeleted: true, media: { title: series.title, seriesId: series.id } });
    expect(removed?.media.episodes).toHaveLength(3);
  });

  it('is a failure, not a removal, when the series outlives the failure (Sonarr)', async () => {
    world = new SimWorld();
    const sim = await world.startSonarr({ timing: { failedProcessingMs: 0 } });
    const watched = await world.watchStarted([sonarrInstance(sim)]);
    const series = sim.control.series()[0] as { id: number };
    const episode = (sim.control.episodes(series.id) as { id: number }[])[0] as { id: number };
    const { downloadId } = sim.control.grab({ seriesId: series.id, episodeIds: [episode.id], size: 2000 * MB, bytesPerSecond: 5 * MB });
    await untilSeen(watched, 'download.grabbed');
    sim.control.failDownload(downloadId, 'Unpacking failed');
    sim.control.refresh();
    await world.run(10 * MIN, 5000);
    expect(watched.types()).toEqual(['download.grabbed', 'download.failed']);
    expect(of(watched.events(), 'download.failed')[0]).toMatchObject({ source: 'history', reason: 'Unpacking failed' });
  });
});
