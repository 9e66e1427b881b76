/**
 * Downloads put in the download client by hand (in the app's category), which the app never grabbed:
 * the queue lists them from the next refresh, matched to their media by title, and when the client
 * fails one the app only warns and keeps it in the queue until the user removes it.
 *
 * Radarr master and Sonarr main:
 * - src/NzbDrone.Core/Download/FailedDownloadService.cs Check: a failed download without a grab in
 *   history gets `trackedDownload.Warn(...)` and a return, so it is never FailedPending / processed;
 *   MarkAsFailed does nothing without a grab (no history, no blocklist, no new search).
 * - src/NzbDrone.Core/Download/TrackedDownloads/DownloadMonitoringService.cs DownloadIsTrackable: a
 *   Downloading state stays trackable, so it stays in the queue.
 * - src/NzbDrone.Core/Download/TrackedDownloads/TrackedDownloadService.cs TrackDownload: matched by
 *   parsing the title; `Indexer` and `Added` come from the grab in history, absent without one.
 * - src/NzbDrone.Core/Download/TrackedDownloads/TrackedDownload.cs Warn: status Warning, one status
 *   message titled with the download's title.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { call, type Rec } from '../test/http.ts';
import { startRadarrSimulator, startSonarrSimulator, type SimulatorHandle, type SimulatorOptions } from './index.ts';

const MB = 1024 * 1024;
const RADARR_WARNING = "Download has failed wasn't grabbed by Radarr, skipping automatic download handling";
const SONARR_WARNING = "Download wasn't grabbed by sonarr, skipping";

const handles: SimulatorHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
});

/** Starts an instance whose webhooks are captured (payloads by event type). */
async function start<T extends SimulatorHandle>(starter: (options: SimulatorOptions) => Promise<T>): Promise<{ sim: T; webhooks: Rec[] }> {
  const webhooks: Rec[] = [];
  const fetchHook: typeof fetch = (_input, init) => {
    webhooks.push(JSON.parse(typeof init?.body === 'string' ? init.body : 'null') as Rec);
    return Promise.resolve(new Response(null, { status: 200 }));
  };
  const sim = await starter({ fetch: fetchHook });
  handles.push(sim);
  sim.control.webhooks.setTargets([{ url: 'http://127.0.0.1:9/hook' }]);
  return { sim, webhooks };
}

const queue = async (sim: SimulatorHandle, query = ''): Promise<Rec[]> => (await call<Rec>(sim, `/api/v3/queue?pageSize=100${query}`)).body.records as Rec[];
const historyOf = async (sim: SimulatorHandle, downloadId: string): Promise<Rec[]> => (await call<Rec>(sim, `/api/v3/history?downloadId=${downloadId}&pageSize=100`)).body.records as Rec[];

describe('a download added to the client by hand', () => {
  it('is listed from the next refresh, matched to its movie, without a grab, an added date or an indexer', async () => {
    const { sim: radarr, webhooks } = await start(startRadarrSimulator);
    const movieId = radarr.control.missingMovieIds()[0]!;
    const own = radarr.control.addClientDownload({ movieId, size: 4000 * MB, bytesPerSecond: MB });
    // No grab: no refresh asked for 5 s later, so nothing is listed until the scheduled one.
    radarr.control.advance(10_000);
    expect(await queue(radarr)).toEqual([]);
    radarr.control.advance(90_000);
    const [record] = await queue(radarr);
    expect(record).toMatchObject({ movieId, downloadId: own.downloadId, title: own.title, status: 'downloading', trackedDownloadStatus: 'ok', trackedDownloadState: 'downloading' });
    expect(record).not.toHaveProperty('added');
    expect(record).not.toHaveProperty('indexer');
    expect(await historyOf(radarr, own.downloadId)).toEqual([]);
    await radarr.control.webhooks.idle();
    expect(webhooks.map((payload) => payload.eventType)).not.toContain('Grab');
  });

  it('stays in the Radarr queue failed, warned with Radarr\'s message, and is never processed as failed', async () => {
    const { sim: radarr, webhooks } = await start(startRadarrSimulator);
    const [own, grabbedOne] = radarr.control.missingMovieIds();
    const failed = radarr.control.addClientDownload({ movieId: own!, size: 100 * MB, bytesPerSecond: MB, fate: { kind: 'fail', atFraction: 0.2, message: 'Aborted, cannot be completed' } });
    // A grabbed download failing the same way is processed and leaves the queue (the contrast).
    const grabbed = radarr.control.grab({ movieId: grabbedOne!, size: 100 * MB, bytesPerSecond: MB, fate: { kind: 'fail', atFraction: 0.2, message: 'Aborted, cannot be completed' } });
    radarr.control.advance(30 * 60_000);
    const records = await queue(radarr);
    expect(records.map((record) => record.downloadId)).toEqual([failed.downloadId]);
    expect(records[0]).toMatchObject({
      movieId: own,
      status: 'failed',
      trackedDownloadStatus: 'warning',
      trackedDownloadState: 'downloading',
      statusMessages: [{ title: failed.title, messages: [RADARR_WARNING] }],
      errorMessage: 'Aborted, cannot be completed',
    });
    expect((await call<Rec>(radarr, '/api/v3/queue/status')).body).toMatchObject({ totalCount: 1, count: 1, warnings: true, errors: false });
    expect(await historyOf(radarr, failed.downloadId)).toEqual([]);
    expect((await historyOf(radarr, grabbed.downloadId)).map((entry) => entry.eventType)).toEqual(['downloadFailed', 'grabbed']);
    await radarr.control.webhooks.idle();
    expect(webhooks.filter((payload) => JSON.stringify(payload).includes(failed.downloadId))).toEqual([]);
  });

  it('stays in the Sonarr queue failed, warned with Sonarr\'s message, one record per episode', async () => {
    const { sim: sonarr, webhooks } = await start(startSonarrSimulator);
    const [episodeId] = sonarr.control.missingEpisodeIds();
    const episode = (await call<Rec[]>(sonarr, `/api/v3/episode?episodeIds=${episodeId!}`)).body[0]!;
    const failed = sonarr.control.addClientDownload({ seriesId: episode.seriesId as number, episodeIds: [episodeId!], size: 100 * MB, bytesPerSecond: MB });
    sonarr.control.advance(100_000);
    sonarr.control.failDownload(failed.downloadId, 'qBittorrent is reporting an error');
    sonarr.control.advance(30 * 60_000);
    const records = await queue(sonarr);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      seriesId: episode.seriesId,
      episodeId,
      downloadId: failed.downloadId,
      status: 'failed',
      trackedDownloadStatus: 'warning',
      trackedDownloadState: 'downloading',
      statusMessages: [{ title: failed.title, messages: [SONARR_WARNING] }],
      errorMessage: 'qBittorrent is reporting an error',
    });
    expect(records[0]).not.toHaveProperty('added');
    expect(await historyOf(sonarr, failed.downloadId)).toEqual([]);
    await sonarr.control.webhooks.idle();
    expect(webhooks.filter((payload) => JSON.stringify(payload).includes(failed.downloadId))).toEqual([]);
  });

  it('leaves the queue when removed with DELETE /queue/{id}, blocklisting nothing and searching for nothing', async () => {
    const { sim: radarr } = await start(startRadarrSimulator);
    const movieId = radarr.control.missingMovieIds()[0]!;
    const failed = radarr.control.addClientDownload({ movieId, size: 100 * MB, bytesPerSecond: MB, fate: { kind: 'fail', atFraction: 0.5, message: 'Aborted, cannot be completed' } });
    radarr.control.advance(5 * 60_000);
    const [record] = await queue(radarr);
    expect(record).toMatchObject({ downloadId: failed.downloadId, status: 'failed' });
    // Radarr master: src/Radarr.Api.V3/Queue/QueueController.cs Remove: removed from the client, then
    // MarkAsFailed, which finds no grab and does nothing.
    expect((await call(radarr, `/api/v3/queue/${String(record!.id)}?removeFromClient=true&blocklist=true`, { method: 'DELETE' })).status).toBe(200);
    expect(await queue(radarr)).toEqual([]);
    radarr.control.advance(5 * 60_000);
    expect(await queue(radarr)).toEqual([]);
    expect((await call<Rec>(radarr, '/api/v3/blocklist')).body.records).toEqual([]);
    expect(await historyOf(radarr, failed.downloadId)).toEqual([]);
    expect((await call<Rec[]>(radarr, '/api/v3/command')).body.filter((command) => command.name === 'MoviesSearch')).toEqual([]);
  });
});
