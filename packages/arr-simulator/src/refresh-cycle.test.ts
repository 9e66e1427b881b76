import { HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';
import { afterEach, describe, expect, it } from 'vitest';
import { call, type Rec } from '../test/http.ts';
import { startRadarrSimulator, startSonarrSimulator, type SimulatorHandle } from './index.ts';

const MB = 1024 * 1024;
const handles: SimulatorHandle[] = [];
const connections: HubConnection[] = [];
afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.stop()));
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
});
async function track<T extends SimulatorHandle>(promise: Promise<T>): Promise<T> {
  const handle = await promise;
  handles.push(handle);
  return handle;
}

interface Message {
  name: string;
  body: { action?: string; resource?: Rec; version?: string };
}

/** Connects the official client and collects every message. */
async function listen(sim: SimulatorHandle): Promise<Message[]> {
  const messages: Message[] = [];
  const connection = new HubConnectionBuilder().withUrl(`${sim.url}/signalr/messages?access_token=${sim.apiKey}`).configureLogging(LogLevel.None).build();
  connection.on('receiveMessage', (message: Message) => messages.push(message));
  connections.push(connection);
  await connection.start();
  return messages;
}

const queueMessages = (messages: Message[]): Message[] => messages.filter((message) => message.name === 'queue' || message.name === 'queue/status');
const details = async (sim: SimulatorHandle): Promise<Rec[]> => (await call<Rec[]>(sim, '/api/v3/queue/details')).body;

describe('refresh cycle, fixed cadence', () => {
  it('keeps download progress frozen between refreshes, as of the last one', async () => {
    const radarr = await track(startRadarrSimulator({ refreshCadence: 'fixed' }));
    radarr.control.grab({ movieId: radarr.control.missingMovieIds()[0]!, size: 600 * MB, bytesPerSecond: MB });
    const atGrab = (await details(radarr))[0]!;
    expect(atGrab).toMatchObject({ status: 'downloading', sizeleft: 600 * MB, timeleft: '00:10:00' });
    for (const step of [10_000, 20_000, 29_000]) {
      radarr.control.advance(step);
      expect((await details(radarr))[0]).toMatchObject({ sizeleft: 600 * MB, timeleft: '00:10:00', estimatedCompletionTime: atGrab.estimatedCompletionTime });
    }
    expect(radarr.control.queue()[0]).toMatchObject({ sizeleft: 600 * MB });
    radarr.control.advance(1_000);
    expect((await details(radarr))[0]).toMatchObject({ sizeleft: 540 * MB, timeleft: '00:09:00', estimatedCompletionTime: atGrab.estimatedCompletionTime });
    radarr.control.advance(59_999);
    expect((await details(radarr))[0]).toMatchObject({ sizeleft: 540 * MB });
    radarr.control.advance(1);
    expect((await details(radarr))[0]).toMatchObject({ sizeleft: 480 * MB });
  });

  it('notices a finished download at the next refresh, then imports it', async () => {
    const radarr = await track(startRadarrSimulator({ refreshCadence: 'fixed' }));
    const movieId = radarr.control.missingMovieIds()[0]!;
    radarr.control.grab({ movieId, size: 10 * MB, bytesPerSecond: MB });
    radarr.control.advance(30_000);
    // Finished in the client at 10 s; the app does not know yet.
    expect((await details(radarr))[0]).toMatchObject({ status: 'downloading', trackedDownloadState: 'downloading', sizeleft: 10 * MB });
    radarr.control.advance(30_000);
    expect((await details(radarr))[0]).toMatchObject({ status: 'completed', trackedDownloadState: 'importPending', sizeleft: 0 });
    radarr.control.advance(5_000);
    expect((await details(radarr))[0]).toMatchObject({ trackedDownloadState: 'importing' });
    radarr.control.advance(2_000);
    expect(await details(radarr)).toEqual([]);
    const imported = (await call<Rec[]>(radarr, '/api/v3/history/since?date=2025-01-01T00:00:00Z&eventType=downloadFolderImported')).body;
    expect(imported).toEqual([expect.objectContaining({ movieId, date: '2025-01-01T00:01:07.000Z' })]);
  });

  it('sends a queue sync and, 5 s later, the queue/status counts after every refresh, even when idle', async () => {
    const sonarr = await track(startSonarrSimulator({ refreshCadence: 'fixed' }));
    const messages = await listen(sonarr);
    await expect.poll(() => messages.map((message) => message.name)).toEqual(['version']);
    sonarr.control.advance(59_999);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(queueMessages(messages)).toEqual([]);
    sonarr.control.advance(1);
    await expect.poll(() => queueMessages(messages)).toEqual([{ name: 'queue', body: { action: 'sync' } }]);
    sonarr.control.advance(5_000);
    const counts = { totalCount: 0, count: 0, unknownCount: 0, errors: false, warnings: false, unknownErrors: false, unknownWarnings: false };
    await expect.poll(() => queueMessages(messages)).toEqual([
      { name: 'queue', body: { action: 'sync' } },
      { name: 'queue/status', body: { action: 'updated', resource: expect.objectContaining(counts) as Rec } },
    ]);
    expect((await call<Rec>(sonarr, '/api/v3/queue/status')).body).toMatchObject(counts);
    // One big step runs every cycle in it, in order.
    sonarr.control.advance(120_000);
    await expect.poll(() => queueMessages(messages).map((message) => message.name)).toEqual(['queue', 'queue/status', 'queue', 'queue/status', 'queue', 'queue/status']);
  });

  it('counts what the queue holds in the status of each cycle', async () => {
    const radarr = await track(startRadarrSimulator({ refreshCadence: 'fixed' }));
    const messages = await listen(radarr);
    radarr.control.grab({ movieId: radarr.control.missingMovieIds()[0]!, size: 100 * MB, bytesPerSecond: MB, fate: { kind: 'fail', atFraction: 0.1, message: 'Unpacking failed' } });
    radarr.control.grab({ unknown: true, size: 100 * MB, bytesPerSecond: MB });
    radarr.control.advance(65_000);
    await expect.poll(() => queueMessages(messages).filter((message) => message.name === 'queue/status').map((message) => message.body.resource)).toEqual([
      expect.objectContaining({ totalCount: 2, count: 1, unknownCount: 1, errors: false }),
      // The failure noticed at 60 s is processed at 61 s and leaves the queue without an error status
      // (Radarr master: src/NzbDrone.Core/Download/FailedDownloadService.cs).
      expect.objectContaining({ totalCount: 1, count: 0, unknownCount: 1, errors: false }),
    ]);
  });

  it('refreshes at once on POST /command RefreshMonitoredDownloads and reschedules the next refresh', async () => {
    const radarr = await track(startRadarrSimulator({ refreshCadence: 'fixed' }));
    radarr.control.grab({ movieId: radarr.control.missingMovieIds()[0]!, size: 600 * MB, bytesPerSecond: MB });
    radarr.control.advance(30_000);
    expect((await details(radarr))[0]).toMatchObject({ sizeleft: 600 * MB });
    const messages = await listen(radarr);
    const posted = await call<Rec>(radarr, '/api/v3/command', { method: 'POST', body: { name: 'RefreshMonitoredDownloads' } });
    expect(posted).toMatchObject({ status: 201, body: { name: 'RefreshMonitoredDownloads', status: 'queued' } });
    expect((await details(radarr))[0]).toMatchObject({ sizeleft: 570 * MB, timeleft: '00:09:30' });
    expect((await call<Rec>(radarr, `/api/v3/command/${String(posted.body.id)}`)).body.status).toBe('started');
    await expect.poll(() => queueMessages(messages)).toEqual([{ name: 'queue', body: { action: 'sync' } }]);
    const task = (await call<Rec[]>(radarr, '/api/v3/system/task')).body.find((candidate) => candidate.taskName === 'RefreshMonitoredDownloads');
    expect(task).toMatchObject({ interval: 1, lastExecution: '2025-01-01T00:00:30.000Z', nextExecution: '2025-01-01T00:01:30.000Z' });
    // No refresh at 60 s any more: the next one is 60 s after the manual run.
    radarr.control.advance(59_000);
    expect((await details(radarr))[0]).toMatchObject({ sizeleft: 570 * MB });
    radarr.control.advance(1_000);
    expect((await details(radarr))[0]).toMatchObject({ sizeleft: 510 * MB });
  });

  it('lists and signals a grab at once, without waiting for a refresh', async () => {
    const radarr = await track(startRadarrSimulator({ refreshCadence: 'fixed' }));
    const messages = await listen(radarr);
    const movieId = radarr.control.missingMovieIds()[0]!;
    const posted = await call<Rec>(radarr, '/api/v3/command', { method: 'POST', body: { name: 'MoviesSearch', movieIds: [movieId] } });
    radarr.control.advance(1);
    expect((await call<Rec>(radarr, `/api/v3/command/${String(posted.body.id)}`)).body.status).toBe('started');
    expect(await details(radarr)).toEqual([expect.objectContaining({ movieId, status: 'downloading', trackedDownloadState: 'downloading' })]);
    await expect.poll(() => queueMessages(messages)).toEqual([{ name: 'queue', body: { action: 'sync' } }]);
    radarr.control.advance(5_000);
    await expect.poll(() => queueMessages(messages)[1]).toEqual({ name: 'queue/status', body: { action: 'updated', resource: expect.objectContaining({ totalCount: 1, count: 1 }) as Rec } });
    expect((await call<Rec>(radarr, '/api/v3/queue/status')).body).toMatchObject({ totalCount: 1, count: 1 });
  });

  it('takes its refresh interval from the options, and 15 s in the storm scenario', async () => {
    const radarr = await track(startRadarrSimulator({ refreshIntervalMs: 10_000, refreshCadence: 'fixed' }));
    radarr.control.grab({ movieId: radarr.control.missingMovieIds()[0]!, size: 600 * MB, bytesPerSecond: MB });
    radarr.control.advance(10_000);
    expect((await details(radarr))[0]).toMatchObject({ sizeleft: 590 * MB });
    const storm = await track(startRadarrSimulator({ scenario: 'storm', refreshCadence: 'fixed' }));
    expect(storm.control.instance.refreshes.intervalMs).toBe(15_000);
    storm.control.setScenario('idle');
    expect(storm.control.instance.refreshes.intervalMs).toBe(60_000);
    await expect(startRadarrSimulator({ refreshIntervalMs: 0 })).rejects.toThrow(RangeError);
  });
});

describe('app identity and media signals', () => {
  it('greets each SignalR client with the running version, which system/status reports after an update', async () => {
    const radarr = await track(startRadarrSimulator({ refreshCadence: 'fixed' }));
    const messages = await listen(radarr);
    await expect.poll(() => messages).toEqual([{ name: 'version', body: { version: '6.0.3.10000' } }]);
    radarr.control.appUpdated({ newVersion: '6.0.4.10100' });
    expect((await call<Rec>(radarr, '/api/v3/system/status')).body).toMatchObject({ version: '6.0.4.10100', packageVersion: '6.0.4.10100' });
    // The update restarts the app: the client is dropped; connecting again greets with the new version.
    await expect.poll(() => radarr.control.hub.connectionCount()).toBe(0);
    const again = await listen(radarr);
    await expect.poll(() => again).toEqual([{ name: 'version', body: { version: '6.0.4.10100' } }]);
  });

  it('sends the whole series when Sonarr deletes one, and only the id when Radarr deletes a movie', async () => {
    const sonarr = await track(startSonarrSimulator({ refreshCadence: 'fixed' }));
    const radarr = await track(startRadarrSimulator({ refreshCadence: 'fixed' }));
    const sonarrMessages = await listen(sonarr);
    const radarrMessages = await listen(radarr);
    const series = sonarr.control.series()[0]!;
    const movie = radarr.control.movies()[0]!;
    expect((await call(sonarr, `/api/v3/series/${String(series.id)}`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(radarr, `/api/v3/movie/${String(movie.id)}`, { method: 'DELETE' })).status).toBe(200);
    await expect.poll(() => sonarrMessages.find((message) => message.name === 'series')?.body).toEqual({ action: 'deleted', resource: expect.objectContaining({ id: series.id, title: series.title, tvdbId: series.tvdbId }) as Rec });
    await expect.poll(() => radarrMessages.find((message) => message.name === 'movie')?.body).toEqual({ action: 'deleted', resource: { id: movie.id } });
  });

  it('marks the movie and each episode of a grab `grabbed: true` in the grab\'s media message, and nowhere in REST', async () => {
    // Radarr master: src/Radarr.Api.V3/Movies/MovieControllerWithSignalR.cs Handle(MovieGrabbedEvent);
    // Sonarr main: src/Sonarr.Api.V3/Episodes/EpisodeControllerWithSignalR.cs Handle(EpisodeGrabbedEvent),
    // each episode as `episode.ToResource()` (no series, no file). The field is written only when true.
    const radarr = await track(startRadarrSimulator({ refreshCadence: 'fixed' }));
    const sonarr = await track(startSonarrSimulator({ refreshCadence: 'fixed' }));
    const radarrMessages = await listen(radarr);
    const sonarrMessages = await listen(sonarr);
    const movieId = radarr.control.missingMovieIds()[0]!;
    radarr.control.grab({ movieId, size: 600 * MB, bytesPerSecond: MB });
    const series = sonarr.control.series()[0] as { id: number };
    const episodes = (sonarr.control.episodes(series.id) as { id: number }[]).slice(0, 2);
    sonarr.control.grab({ seriesId: series.id, episodeIds: episodes.map((episode) => episode.id), size: 600 * MB, bytesPerSecond: MB });
    await expect.poll(() => radarrMessages.find((message) => message.name === 'movie')?.body).toEqual({ action: 'updated', resource: expect.objectContaining({ id: movieId, grabbed: true, statistics: expect.any(Object) as Rec }) as Rec });
    await expect.poll(() => sonarrMessages.filter((message) => message.name === 'episode').map((message) => [message.body.resource?.id, message.body.resource?.grabbed])).toEqual(episodes.map((episode) => [episode.id, true]));
    for (const message of sonarrMessages.filter((one) => one.name === 'episode')) expect(message.body.resource).not.toHaveProperty('series');
    expect((await call<Rec>(radarr, `/api/v3/movie/${String(movieId)}`)).body).not.toHaveProperty('grabbed');
    expect((await call<Rec>(sonarr, `/api/v3/episode/${String(episodes[0]!.id)}`)).body).not.toHaveProperty('grabbed');
  });

  it('builds each app its own library size for a scenario', async () => {
    const sonarr = await track(startSonarrSimulator({ scenario: 'busy', refreshCadence: 'fixed' }));
    const radarr = await track(startRadarrSimulator({ scenario: 'busy', refreshCadence: 'fixed' }));
    expect(sonarr.control.series()).toHaveLength(40);
    expect(radarr.control.movies()).toHaveLength(300);
  });
});

describe('refresh cycle, as the apps schedule it', () => {
  // Radarr master: src/NzbDrone.Core/Jobs/Scheduler.cs (a 30-s timer), Jobs/TaskManager.cs (GetPending:
  // LastExecution + Interval < now; LastExecution set when the command ends),
  // Download/TrackedDownloads/DownloadMonitoringService.cs (a 5-s debounced refresh on grab, import and
  // manual interaction; a refresh publishes TrackedDownloadRefreshedEvent after reading the clients and
  // again after ProcessMonitoredDownloads), Radarr.Api.V3/Queue/QueueController.cs and
  // QueueDetailsController.cs (each syncs on QueueUpdatedEvent).
  const syncs = (messages: Message[], name: string): number => messages.filter((message) => message.name === name && message.body.action === 'sync').length;

  it('refreshes an idle instance about every 90 s, syncing queue and queue/details twice each time', async () => {
    const sonarr = await track(startSonarrSimulator());
    const messages = await listen(sonarr);
    sonarr.control.advance(60_000);
    sonarr.control.advance(29_999);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(syncs(messages, 'queue')).toBe(0);
    sonarr.control.advance(1);
    await expect.poll(() => [syncs(messages, 'queue'), syncs(messages, 'queue/details')]).toEqual([2, 2]);
    const task = (await call<Rec[]>(sonarr, '/api/v3/system/task')).body.find((candidate) => candidate.taskName === 'RefreshMonitoredDownloads')!;
    expect(task).toMatchObject({ interval: 1, lastExecution: '2025-01-01T00:01:30.000Z', nextExecution: '2025-01-01T00:03:00.000Z' });
    sonarr.control.advance(90_000);
    await expect.poll(() => syncs(messages, 'queue')).toBe(4);
  });

  it('lists a grab from the refresh 5 s after it, and refreshes again 5 s after the import', async () => {
    const radarr = await track(startRadarrSimulator());
    const movieId = radarr.control.missingMovieIds()[0]!;
    radarr.control.grab({ movieId, size: 10 * MB, bytesPerSecond: MB });
    expect(await details(radarr)).toEqual([]);
    expect((await call<Rec>(radarr, '/api/v3/queue/status')).body).toMatchObject({ totalCount: 0 });
    radarr.control.advance(4_999);
    expect(await details(radarr)).toEqual([]);
    radarr.control.advance(1);
    expect((await details(radarr))[0]).toMatchObject({ movieId, status: 'downloading', sizeleft: 5 * MB });
    // Last run ended at 5 s: the scheduler's tick at 60 s finds it not yet due (65 s), the one at 90 s does.
    radarr.control.advance(84_999);
    expect((await details(radarr))[0]).toMatchObject({ trackedDownloadState: 'downloading', sizeleft: 5 * MB });
    radarr.control.advance(1);
    expect((await details(radarr))[0]).toMatchObject({ trackedDownloadState: 'importPending' });
    radarr.control.advance(7_000);
    expect(await details(radarr)).toEqual([]);
    const refresh = async (): Promise<Rec> => (await call<Rec[]>(radarr, '/api/v3/system/task')).body.find((candidate) => candidate.taskName === 'RefreshMonitoredDownloads')!;
    expect((await refresh()).lastExecution).toBe('2025-01-01T00:01:30.000Z');
    // Imported at 97 s: the import asks for a refresh 5 s later.
    radarr.control.advance(5_000);
    expect((await refresh()).lastExecution).toBe('2025-01-01T00:01:42.000Z');
  });

  it('debounces refresh requests from the first one, and restarts a waiting request after a manual refresh', async () => {
    const radarr = await track(startRadarrSimulator());
    const [a, b, c] = radarr.control.missingMovieIds();
    radarr.control.grab({ movieId: a!, size: 1000 * MB, bytesPerSecond: MB });
    radarr.control.advance(3_000);
    radarr.control.grab({ movieId: b!, size: 1000 * MB, bytesPerSecond: MB });
    radarr.control.advance(2_000);
    expect(await details(radarr)).toHaveLength(2);
    radarr.control.grab({ movieId: c!, size: 1000 * MB, bytesPerSecond: MB });
    radarr.control.advance(1_000);
    // A manual refresh at 6 s lists the third grab; the request it interrupted runs 5 s after it.
    radarr.control.refresh();
    expect(await details(radarr)).toHaveLength(3);
    radarr.control.advance(4_999);
    expect((await details(radarr))[0]).toMatchObject({ sizeleft: 994 * MB });
    radarr.control.advance(1);
    expect((await details(radarr))[0]).toMatchObject({ sizeleft: 989 * MB });
  });
});
