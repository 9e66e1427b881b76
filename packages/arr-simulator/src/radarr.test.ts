import { afterEach, describe, expect, it } from 'vitest';
import { call, type Rec } from '../test/http.ts';
import { startRadarrSimulator, type RadarrSimulator } from './index.ts';

let sim: RadarrSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: Parameters<typeof startRadarrSimulator>[0] = {}): Promise<RadarrSimulator> {
  sim = await startRadarrSimulator({ seed: 42, refreshCadence: 'fixed', ...options });
  return sim;
}

describe('radarr simulator', () => {
  it('takes a grab through downloading and import to a file, progress moving at each refresh', async () => {
    const radarr = await start();
    const movieId = radarr.control.missingMovieIds()[0]!;
    const grabbed = radarr.control.grab({ movieId, size: 1200 * 1024 * 1024, bytesPerSecond: 10 * 1024 * 1024 });
    expect(grabbed.queueIds[0]).toBeGreaterThan(1000);

    const first = await call<Rec[]>(radarr, '/api/v3/queue/details');
    expect(first.body).toHaveLength(1);
    expect(first.body[0]).toMatchObject({ movieId, status: 'downloading', trackedDownloadState: 'downloading', sizeleft: 1200 * 1024 * 1024, timeleft: '00:02:00' });

    // The first scheduled refresh, 60 s after the start, reads the client: half done.
    radarr.control.advance(60_000);
    const half = (await call<Rec[]>(radarr, '/api/v3/queue/details')).body[0]!;
    expect(half.sizeleft).toBe(600 * 1024 * 1024);
    expect(half.timeleft).toBe('00:01:00');
    expect(Date.parse(half.estimatedCompletionTime as string)).toBe(radarr.control.clock.now() + 60_000);

    // The client finishes at 120 s; the refresh then notices it and the import is pending.
    radarr.control.advance(60_000);
    const done = (await call<Rec[]>(radarr, '/api/v3/queue/details')).body[0]!;
    expect(done).toMatchObject({ status: 'completed', trackedDownloadState: 'importPending', sizeleft: 0 });

    radarr.control.advance(10_000);
    expect((await call<Rec[]>(radarr, '/api/v3/queue/details')).body).toHaveLength(0);
    const movie = (await call<Rec>(radarr, `/api/v3/movie/${movieId}`)).body;
    expect(movie.hasFile).toBe(true);
    const history = (await call<Rec[]>(radarr, `/api/v3/history/movie?movieId=${movieId}`)).body;
    expect(history.map((record) => record.eventType)).toEqual(['downloadFolderImported', 'grabbed']);
    expect(history[0]!.downloadId).toBe(grabbed.downloadId);
  });
});

describe('radarr failure paths', () => {
  it('shows a failed download failed pending with an ok tracked status, then drops it from the queue, known from history', async () => {
    // Radarr master: src/NzbDrone.Core/Download/FailedDownloadService.cs (Check: FailedPending, no warning;
    // ProcessFailed: Failed), TrackedDownloads/DownloadMonitoringService.cs (a Failed download is not trackable).
    const radarr = await start();
    const movieId = radarr.control.missingMovieIds()[0]!;
    const { downloadId, queueIds } = radarr.control.grab({ movieId, size: 100 * 1024 * 1024, bytesPerSecond: 1024 * 1024, fate: { kind: 'fail', atFraction: 0.5, message: 'Download failed: par2 repair failed' } });
    // The client fails at 50 s; the queue shows it only after the refresh at 60 s.
    radarr.control.advance(50_000);
    expect((await call<Rec[]>(radarr, '/api/v3/queue/details')).body[0]).toMatchObject({ status: 'downloading', trackedDownloadState: 'downloading' });
    radarr.control.advance(10_000);
    const pending = (await call<Rec[]>(radarr, '/api/v3/queue/details')).body[0]!;
    expect(pending).toMatchObject({ id: queueIds[0], status: 'failed', trackedDownloadStatus: 'ok', trackedDownloadState: 'failedPending', errorMessage: 'Download failed: par2 repair failed' });
    expect(pending).not.toHaveProperty('timeleft');
    radarr.control.advance(2_000);
    expect((await call<Rec[]>(radarr, '/api/v3/queue/details')).body).toEqual([]);
    const failed = (await call<Rec[]>(radarr, '/api/v3/history/since?date=2000-01-01T00:00:00Z&eventType=downloadFailed')).body;
    expect(failed).toEqual([expect.objectContaining({ downloadId, eventType: 'downloadFailed', movieId })]);
  });

  it('stalls a download as qBittorrent reports it: a client warning with a message, tracked ok, no progress until resumed', async () => {
    // Radarr master: src/NzbDrone.Core/Download/Clients/QBittorrent/QBittorrent.cs (stalledDL: Warning + message).
    const radarr = await start();
    const movieId = radarr.control.missingMovieIds()[0]!;
    const { queueIds } = radarr.control.grab({ movieId, size: 100 * 1024 * 1024, bytesPerSecond: 1024 * 1024 });
    radarr.control.advance(10_000);
    radarr.control.stallDownload(queueIds[0]!);
    // The client stalled: the app learns it at its refresh (60 s).
    expect((await call<Rec[]>(radarr, '/api/v3/queue/details')).body[0]).toMatchObject({ status: 'downloading', statusMessages: [] });
    radarr.control.advance(60_000);
    const stalled = (await call<Rec[]>(radarr, '/api/v3/queue/details')).body[0]!;
    expect(stalled).toMatchObject({ status: 'warning', trackedDownloadStatus: 'ok', trackedDownloadState: 'downloading', sizeleft: 90 * 1024 * 1024, errorMessage: 'The download is stalled with no connections', statusMessages: [] });
    expect(stalled).not.toHaveProperty('timeleft');
    // queue/status counts warnings from the tracked status: a stall is not one.
    expect((await call<Rec>(radarr, '/api/v3/queue/status')).body).toMatchObject({ count: 1, warnings: false });
    radarr.control.resumeDownload(queueIds[0]!);
    radarr.control.advance(10_000);
    radarr.control.refresh();
    const resumed = (await call<Rec[]>(radarr, '/api/v3/queue/details')).body[0]!;
    expect(resumed).toMatchObject({ status: 'downloading', sizeleft: 80 * 1024 * 1024, statusMessages: [] });
    expect(resumed).not.toHaveProperty('errorMessage');
  });

  it('blocks an import until a manual import imports it', async () => {
    const radarr = await start();
    const movieId = radarr.control.missingMovieIds()[0]!;
    const { downloadId, queueIds } = radarr.control.grab({ movieId, size: 1024 * 1024, bytesPerSecond: 1024 * 1024 });
    radarr.control.blockImport(queueIds[0]!, 'Unable to determine if file is a sample');
    radarr.control.advance(70_000);
    const blocked = (await call<Rec[]>(radarr, '/api/v3/queue/details')).body[0]!;
    expect(blocked).toMatchObject({ status: 'completed', trackedDownloadStatus: 'warning', trackedDownloadState: 'importBlocked', sizeleft: 0 });
    expect(blocked.statusMessages).toEqual([{ title: blocked.title, messages: ['Unable to determine if file is a sample'] }]);
    const candidates = (await call<Rec[]>(radarr, '/api/v3/manualimport')).body;
    expect(candidates).toEqual([expect.objectContaining({ downloadId, rejections: [{ reason: 'Unable to determine if file is a sample', type: 'permanent' }] })]);
    const command = await call<Rec>(radarr, '/api/v3/command', { method: 'POST', body: { name: 'ManualImport', files: [{ downloadId, movieId, path: candidates[0]!.path }] } });
    expect(command.status).toBe(201);
    radarr.control.advance(100);
    expect((await call<Rec[]>(radarr, '/api/v3/queue/details')).body).toEqual([]);
    expect((await call<Rec>(radarr, `/api/v3/movie/${movieId}`)).body.hasFile).toBe(true);
  });

  it('removes a download through DELETE /queue/{id} with blocklist and a bulk delete', async () => {
    const radarr = await start();
    const [a, b, c] = radarr.control.missingMovieIds();
    const first = radarr.control.grab({ movieId: a!, size: 1e9, bytesPerSecond: 1e6 });
    const second = radarr.control.grab({ movieId: b!, size: 1e9, bytesPerSecond: 1e6 });
    const third = radarr.control.grab({ movieId: c!, size: 1e9, bytesPerSecond: 1e6 });
    expect((await call(radarr, `/api/v3/queue/${first.queueIds[0]!}?removeFromClient=true&blocklist=true`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(radarr, `/api/v3/queue/${first.queueIds[0]!}`, { method: 'DELETE' })).status).toBe(404);
    const blocklist = (await call<Rec>(radarr, '/api/v3/blocklist')).body;
    expect(blocklist.records).toEqual([expect.objectContaining({ movieId: a, sourceTitle: first.title })]);
    await call(radarr, '/api/v3/queue/bulk', { method: 'DELETE', body: { ids: [...second.queueIds, ...third.queueIds] } });
    expect((await call<Rec[]>(radarr, '/api/v3/queue/details')).body).toEqual([]);
  });

  it('marks a Download webhook as an upgrade when it replaced a file', async () => {
    const payloads: Rec[] = [];
    const radarr = await start({ fetch: (_url, init) => { payloads.push(JSON.parse(init?.body as string) as Rec); return Promise.resolve(new Response(null)); } });
    radarr.control.webhooks.setTargets([{ url: 'http://127.0.0.1:9/hook' }]);
    const withFile = radarr.control.movies().find((movie) => movie.hasFile === true)!;
    radarr.control.grab({ movieId: withFile.id as number, size: 1024, bytesPerSecond: 1024 });
    radarr.control.advance(70_000);
    await radarr.control.webhooks.idle();
    expect(payloads.map((payload) => payload.eventType)).toEqual(['Grab', 'Download']);
    expect(payloads[1]).toMatchObject({ isUpgrade: true, deletedFiles: [expect.objectContaining({ id: withFile.movieFileId })] });
  });
});

describe('radarr queue paging and includes', () => {
  it('pages the queue with the default page size of 10 and embeds the movie only with includeMovie', async () => {
    const radarr = await start();
    for (const movieId of radarr.control.missingMovieIds().slice(0, 12)) radarr.control.grab({ movieId, size: 1e9, bytesPerSecond: 1e6 });
    const page = (await call<Rec>(radarr, '/api/v3/queue')).body;
    // Without sortDirection the apps sort descending (Radarr master: src/Radarr.Http/PagingResource.cs).
    expect(page).toMatchObject({ page: 1, pageSize: 10, totalRecords: 12, sortKey: 'timeleft', sortDirection: 'descending' });
    expect(page.records).toHaveLength(10);
    expect((page.records as Rec[])[0]).not.toHaveProperty('movie');
    const second = (await call<Rec>(radarr, '/api/v3/queue?page=2&includeMovie=true&sortKey=title&sortDirection=descending')).body;
    expect(second.records).toHaveLength(2);
    expect((second.records as Rec[])[0]!.movie).toMatchObject({ id: (second.records as Rec[])[0]!.movieId });
    const bogus = (await call<Rec>(radarr, '/api/v3/queue?page=abc&pageSize=-1&sortKey=nonsense')).body;
    expect(bogus).toMatchObject({ page: 1, pageSize: 10, sortKey: 'timeleft' });
    expect((await call<Rec>(radarr, '/api/v3/queue?sortDirection=default')).body.sortDirection).toBe('ascending');
    // A page past the end answers page floor(total / pageSize), an earlier page (Radarr master: Queue/QueueController.cs).
    const past = (await call<Rec>(radarr, '/api/v3/queue?page=5&pageSize=5')).body;
    expect(past).toMatchObject({ page: 2, totalRecords: 12 });
    expect(past.records).toHaveLength(5);
    const history = (await call<Rec>(radarr, '/api/v3/history?page=50')).body;
    expect(history).toMatchObject({ page: 50, records: [] });
  });
});

describe('radarr lookup and add', () => {
  it('validates the body, adds a lookup candidate with 201 and rejects the duplicate like Radarr', async () => {
    const radarr = await start();
    const bad = await call<Rec[]>(radarr, '/api/v3/movie', { method: 'POST', body: { title: '', qualityProfileId: 99 } });
    expect(bad.status).toBe(400);
    // Radarr master: src/Radarr.Api.V3/Movies/MovieController.cs (Path and RootFolderPath each required without the other).
    expect(bad.body.map((failure) => failure.propertyName).sort()).toEqual(['Path', 'QualityProfileId', 'RootFolderPath', 'Title', 'TmdbId']);
    expect(bad.body[0]).toMatchObject({ severity: 'error', errorCode: expect.any(String) as string, errorMessage: expect.any(String) as string });
    const noRoot = await call<Rec[]>(radarr, '/api/v3/movie', { method: 'POST', body: { tmdbId: 4242, qualityProfileId: 1, rootFolderPath: '/nowhere' } });
    // A TMDb id makes the title optional; a root folder that is not configured is refused (RootFolderExistsValidator.cs).
    expect(noRoot.body).toEqual([expect.objectContaining({ propertyName: 'RootFolderPath', errorMessage: "Root folder '/nowhere' does not exist", errorCode: 'RootFolderExistsValidator' })]);
    const [candidate] = (await call<Rec[]>(radarr, '/api/v3/movie/lookup?term=paper%20comet')).body;
    expect(candidate).toMatchObject({ title: 'Paper Comet' });
    expect(candidate).not.toHaveProperty('id');
    const body = { ...candidate, qualityProfileId: 1, rootFolderPath: '/data/movies', addOptions: { searchForMovie: true } };
    const added = await call<Rec>(radarr, '/api/v3/movie', { method: 'POST', body });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ title: 'Paper Comet', path: '/data/movies/Paper Comet (' + String(candidate!.year) + ')' });
    const duplicate = await call<Rec[]>(radarr, '/api/v3/movie', { method: 'POST', body });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toEqual([expect.objectContaining({ propertyName: 'TmdbId', errorMessage: 'This movie has already been added', errorCode: 'MovieExistsValidator' })]);
    const lookupAgain = (await call<Rec[]>(radarr, `/api/v3/movie/lookup?term=tmdb:${String(candidate!.tmdbId)}`)).body;
    expect(lookupAgain[0]!.id).toBe(added.body.id);
    radarr.control.advance(5_000);
    expect((await call<Rec[]>(radarr, '/api/v3/queue/details')).body).toEqual([expect.objectContaining({ movieId: added.body.id })]);
  });
});

describe('radarr commands', () => {
  it('runs a command through queued, started and completed, and searches grab releases', async () => {
    const radarr = await start();
    const missing = radarr.control.missingMovieIds().slice(0, 3);
    const posted = await call<Rec>(radarr, '/api/v3/command', { method: 'POST', body: { name: 'MoviesSearch', movieIds: missing } });
    expect(posted).toMatchObject({ status: 201, body: { name: 'MoviesSearch', status: 'queued', result: 'unknown' } });
    radarr.control.advance(1);
    expect((await call<Rec>(radarr, `/api/v3/command/${String(posted.body.id)}`)).body.status).toBe('started');
    expect((await call<Rec[]>(radarr, '/api/v3/queue/details')).body.map((record) => record.movieId).sort()).toEqual([...missing].sort());
    radarr.control.advance(5_000);
    expect((await call<Rec>(radarr, `/api/v3/command/${String(posted.body.id)}`)).body).toMatchObject({ status: 'completed', result: 'successful' });
    const invalid = await call<Rec[]>(radarr, '/api/v3/command', { method: 'POST', body: {} });
    expect(invalid.status).toBe(400);
    const missingSearch = await call<Rec>(radarr, '/api/v3/command', { method: 'POST', body: { name: 'MissingMoviesSearch' } });
    radarr.control.advance(10);
    expect((await call<Rec>(radarr, `/api/v3/command/${String(missingSearch.body.id)}`)).body.message).toMatch(/^Found \d+ release/);
    expect((await call(radarr, '/api/v3/command/9999')).status).toBe(404);
  });

  it('describes a movie the same way whether it is looked up by name, by TMDb id or added', async () => {
    // Radarr master: src/NzbDrone.Core/MetadataSource/SkyHook/SkyHookProxy.cs reads one TMDb record per id.
    const radarr = await start();
    const [byName] = (await call<Rec[]>(radarr, '/api/v3/movie/lookup?term=quiet%20harbour')).body;
    const [byId] = (await call<Rec[]>(radarr, `/api/v3/movie/lookup?term=tmdb:${String(byName!.tmdbId)}`)).body;
    // The overview names the title, which a lookup by name takes from the term.
    const pick = (movie: Rec | undefined) => ({ year: movie?.year, runtime: movie?.runtime, genres: movie?.genres, certification: movie?.certification });
    expect(pick(byId)).toEqual(pick(byName));
    const added = await call<Rec>(radarr, '/api/v3/movie', { method: 'POST', body: { ...byName, qualityProfileId: 1, rootFolderPath: '/data/movies' } });
    expect(added.status).toBe(201);
    expect({ ...pick(added.body), title: added.body.title }).toEqual({ ...pick(byName), title: byName!.title });
  });
});
