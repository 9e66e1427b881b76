/**
 * What a bot that acts needs from an instance (issue 12): removal with the blocklist and a new
 * search, a blocked import approved through manual import, and a command's lifecycle, each in the
 * shapes the apps answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { call, type Rec } from '../test/http.ts';
import { startRadarrSimulator, startSonarrSimulator, type SimulatorHandle } from './index.ts';

const MB = 1024 * 1024;
const handles: SimulatorHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
});
async function track<T extends SimulatorHandle>(promise: Promise<T>): Promise<T> {
  const handle = await promise;
  handles.push(handle);
  return handle;
}

describe('managing an instance', () => {
  it('blocklists a removed download, records it failed and searches again unless skipRedownload', async () => {
    // Radarr master: src/Radarr.Api.V3/Queue/QueueController.cs (Remove), src/NzbDrone.Core/Download/FailedDownloadService.cs
    // (MarkAsFailed: "Manually marked as failed"), RedownloadFailedDownloadService.cs (MoviesSearch unless SkipRedownload).
    const radarr = await track(startRadarrSimulator({ refreshCadence: 'fixed' }));
    const [a, b] = radarr.control.missingMovieIds();
    const first = radarr.control.grab({ movieId: a!, size: 1000 * MB, bytesPerSecond: MB });
    const second = radarr.control.grab({ movieId: b!, size: 1000 * MB, bytesPerSecond: MB });
    expect((await call(radarr, `/api/v3/queue/${first.queueIds[0]!}?removeFromClient=true&blocklist=true`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(radarr, `/api/v3/queue/${second.queueIds[0]!}?blocklist=true&skipRedownload=true`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(radarr, `/api/v3/queue/${second.queueIds[0]!}`, { method: 'DELETE' })).status).toBe(404);
    const blocklist = (await call<Rec>(radarr, '/api/v3/blocklist')).body.records as Rec[];
    expect(blocklist.map((entry) => entry.sourceTitle).sort()).toEqual([first.title, second.title].sort());
    expect(blocklist[0]).toMatchObject({ message: 'Manually marked as failed' });
    const failed = (await call<Rec[]>(radarr, '/api/v3/history/since?date=2024-01-01T00:00:00Z&eventType=downloadFailed')).body;
    expect(failed.map((entry) => entry.downloadId).sort()).toEqual([first.downloadId, second.downloadId].sort());
    const commands = (await call<Rec[]>(radarr, '/api/v3/command')).body;
    expect(commands).toEqual([expect.objectContaining({ name: 'MoviesSearch', status: 'queued', body: expect.objectContaining({ movieIds: [a] }) as unknown })]);
  });

  it('offers a blocked import as candidates, re-evaluates an approval and imports it with ManualImport through queued, started, completed', async () => {
    // Sonarr main: src/Sonarr.Api.V3/ManualImport/ManualImportController.cs (GET candidates, POST ReprocessItems),
    // src/NzbDrone.Core/Messaging/Commands (queued → started → completed).
    const sonarr = await track(startSonarrSimulator({ refreshCadence: 'fixed' }));
    const [episodeId] = sonarr.control.missingEpisodeIds();
    const episode = (await call<Rec[]>(sonarr, `/api/v3/episode?episodeIds=${episodeId!}`)).body[0]!;
    const seriesId = episode.seriesId as number;
    const grabbed = sonarr.control.grab({ seriesId, episodeIds: [episodeId!], size: MB, bytesPerSecond: MB, fate: { kind: 'blockImport', message: 'Unable to determine if file is a sample' } });
    sonarr.control.advance(70_000);
    expect((await call<Rec[]>(sonarr, '/api/v3/queue/details')).body[0]).toMatchObject({ trackedDownloadState: 'importBlocked', trackedDownloadStatus: 'warning' });
    const candidates = (await call<Rec[]>(sonarr, `/api/v3/manualimport?downloadId=${grabbed.downloadId}`)).body;
    expect(candidates).toEqual([expect.objectContaining({ downloadId: grabbed.downloadId, series: expect.objectContaining({ id: seriesId }) as unknown, episodes: [expect.objectContaining({ id: episodeId })], rejections: [{ reason: 'Unable to determine if file is a sample', type: 'permanent' }] })]);
    const candidate = candidates[0]!;
    const reprocessed = await call<Rec[]>(sonarr, '/api/v3/manualimport', { method: 'POST', body: [{ id: candidate.id, path: candidate.path, seriesId, episodeIds: [episodeId], downloadId: grabbed.downloadId }] });
    expect(reprocessed.body).toEqual([expect.objectContaining({ id: candidate.id, path: candidate.path, seriesId, episodes: [expect.objectContaining({ id: episodeId })], rejections: [], downloadId: grabbed.downloadId })]);
    expect((await call(sonarr, '/api/v3/manualimport', { method: 'POST', body: [] })).status).toBe(400);
    const queued = await call<Rec>(sonarr, '/api/v3/command', { method: 'POST', body: { name: 'ManualImport', importMode: 'auto', files: [{ path: candidate.path, seriesId, episodeIds: [episodeId], downloadId: grabbed.downloadId }] } });
    expect(queued).toMatchObject({ status: 201, body: { name: 'ManualImport', status: 'queued' } });
    const id = queued.body.id as number;
    sonarr.control.advance(100);
    expect((await call<Rec>(sonarr, `/api/v3/command/${id}`)).body).toMatchObject({ status: 'started' });
    sonarr.control.advance(2_000);
    expect((await call<Rec>(sonarr, `/api/v3/command/${id}`)).body).toMatchObject({ status: 'completed', result: 'successful' });
    expect((await call<Rec[]>(sonarr, '/api/v3/queue/details')).body).toEqual([]);
    expect((await call<Rec>(sonarr, `/api/v3/episode/${episodeId!}`)).body.hasFile).toBe(true);
  });

  it('offers a download matched to nothing with the Unknown Movie rejection', async () => {
    // Radarr master: src/NzbDrone.Core/MediaFiles/MovieImport/Manual/ManualImportService.cs ("Unknown Movie").
    const radarr = await track(startRadarrSimulator({ refreshCadence: 'fixed' }));
    const stray = radarr.control.grab({ unknown: true, size: MB, bytesPerSecond: MB });
    radarr.control.advance(70_000);
    const candidates = (await call<Rec[]>(radarr, '/api/v3/manualimport')).body;
    expect(candidates).toEqual([expect.objectContaining({ downloadId: stray.downloadId, rejections: [{ reason: 'Unknown Movie', type: 'permanent' }] })]);
    expect(candidates[0]).not.toHaveProperty('movie');
  });
});
