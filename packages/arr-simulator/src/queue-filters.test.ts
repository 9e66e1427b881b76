/** Queue filters, unknown downloads, pending releases and numeric history event types, over real HTTP. */
import { afterEach, describe, expect, it } from 'vitest';
import { call, type Rec } from '../test/http.ts';
import { startRadarrSimulator, startSonarrSimulator, type RadarrSimulator, type SonarrSimulator } from './index.ts';

const MB = 1024 * 1024;
const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function radarr(options: Parameters<typeof startRadarrSimulator>[0] = {}): Promise<RadarrSimulator> {
  const sim = await startRadarrSimulator({ seed: 31, refreshCadence: 'fixed', ...options });
  running.push(sim);
  return sim;
}

async function sonarr(options: Parameters<typeof startSonarrSimulator>[0] = {}): Promise<SonarrSimulator> {
  const sim = await startSonarrSimulator({ seed: 31, refreshCadence: 'fixed', ...options });
  running.push(sim);
  return sim;
}

const page = async (sim: RadarrSimulator | SonarrSimulator, query: string): Promise<Rec[]> => (await call<Rec>(sim, `/api/v3/queue?pageSize=100&${query}`)).body.records as Rec[];
const ids = (records: Rec[]): unknown[] => records.map((record) => record.id).sort();

describe('queue filters', () => {
  it('narrows the Radarr queue by movieIds, protocol, quality, languages and status, each by name or number', async () => {
    const sim = await radarr();
    const [a, b, c] = sim.control.missingMovieIds();
    const usenet = sim.control.grab({ movieId: a!, protocol: 'usenet', size: 100 * MB, bytesPerSecond: MB });
    const torrent = sim.control.grab({ movieId: b!, protocol: 'torrent', size: 100 * MB, bytesPerSecond: MB });
    const later = sim.control.grab({ movieId: c!, protocol: 'torrent', size: 100 * MB, bytesPerSecond: MB, startDelayMs: 60_000 });

    expect(ids(await page(sim, `movieIds=${a!}&movieIds=${c!}`))).toEqual([...usenet.queueIds, ...later.queueIds].sort());
    expect(ids(await page(sim, `movieIds=${a!},${b!}`))).toEqual([...usenet.queueIds, ...torrent.queueIds].sort());
    expect(ids(await page(sim, 'protocol=usenet'))).toEqual(usenet.queueIds);
    expect(ids(await page(sim, 'protocol=2'))).toEqual([...torrent.queueIds, ...later.queueIds].sort());
    expect(ids(await page(sim, 'status=queued'))).toEqual(later.queueIds);
    expect(ids(await page(sim, 'status=3'))).toEqual([...usenet.queueIds, ...torrent.queueIds].sort());
    expect(ids(await page(sim, 'status=Downloading&protocol=Torrent'))).toEqual(torrent.queueIds);
    expect(await page(sim, 'languages=2')).toEqual([]);
    expect(await page(sim, 'languages=1')).toHaveLength(3);

    const all = await page(sim, '');
    const quality = ((all[0]!.quality as Rec).quality as Rec).id as number;
    const withQuality = all.filter((record) => ((record.quality as Rec).quality as Rec).id === quality);
    expect(ids(await page(sim, `quality=${quality}`))).toEqual(ids(withQuality));
    const paged = (await call<Rec>(sim, `/api/v3/queue?protocol=torrent&pageSize=1`)).body;
    expect(paged).toMatchObject({ totalRecords: 2, pageSize: 1 });
  });

  it('narrows the Sonarr queue by seriesIds and queue/details by episodeIds', async () => {
    const sim = await sonarr();
    const [first, second] = sim.control.series() as Rec[];
    const firstEpisodes = sim.control.episodes(first!.id as number).slice(0, 2).map((episode) => episode.id as number);
    const secondEpisode = sim.control.episodes(second!.id as number)[0]!.id as number;
    sim.control.grab({ seriesId: first!.id as number, episodeIds: firstEpisodes, size: 100 * MB, bytesPerSecond: MB });
    sim.control.grab({ seriesId: second!.id as number, episodeIds: [secondEpisode], size: 100 * MB, bytesPerSecond: MB });

    const ofFirst = await page(sim, `seriesIds=${String(first!.id)}`);
    expect(ofFirst.map((record) => record.episodeId).sort()).toEqual([...firstEpisodes].sort());
    expect(await page(sim, `seriesIds=${String(first!.id)},${String(second!.id)}`)).toHaveLength(3);
    const details = (await call<Rec[]>(sim, `/api/v3/queue/details?episodeIds=${firstEpisodes[1]!}&episodeIds=${secondEpisode}`)).body;
    expect(details.map((record) => record.episodeId).sort()).toEqual([firstEpisodes[1], secondEpisode].sort());
  });
});

describe('unknown downloads', () => {
  it('hides a Radarr download matched to no movie unless includeUnknownMovieItems is true, and counts it apart', async () => {
    const sim = await radarr();
    sim.control.grab({ movieId: sim.control.missingMovieIds()[0]!, size: 100 * MB, bytesPerSecond: MB });
    const stray = sim.control.grab({ unknown: true, title: 'Home.Movies.2020.1080p', size: 10 * MB, bytesPerSecond: MB });

    expect(await page(sim, '')).toHaveLength(1);
    const shown = await page(sim, 'includeUnknownMovieItems=true');
    expect(shown).toHaveLength(2);
    const unknown = shown.find((record) => record.downloadId === stray.downloadId)!;
    expect(unknown).not.toHaveProperty('movieId');
    expect(unknown).toMatchObject({ id: stray.queueIds[0], title: 'Home.Movies.2020.1080p' });
    expect(await page(sim, 'includeUnknownMovieItems=true&movieIds=1')).not.toContainEqual(expect.objectContaining({ downloadId: stray.downloadId }));
    expect((await call<Rec[]>(sim, '/api/v3/queue/details')).body).toHaveLength(2);

    // Done downloading, it cannot be imported: blocked at the first refresh, a warning counted as
    // an unknown warning.
    sim.control.advance(70_000);
    const status = (await call<Rec>(sim, '/api/v3/queue/status')).body;
    expect(status).toMatchObject({ totalCount: 2, count: 1, unknownCount: 1, warnings: false, unknownWarnings: true, errors: false, unknownErrors: false });
    const blocked = (await page(sim, 'includeUnknownMovieItems=true')).find((record) => record.downloadId === stray.downloadId)!;
    expect(blocked).toMatchObject({ trackedDownloadState: 'importBlocked', trackedDownloadStatus: 'warning', statusMessages: [{ messages: ['Movie title mismatch, automatic import is not possible. Manual Import required.'] }] });
  });

  it('hides a Sonarr download matched to no series unless includeUnknownSeriesItems is true', async () => {
    const sim = await sonarr();
    const stray = sim.control.grab({ unknown: true, size: 10 * MB, bytesPerSecond: MB });
    expect(await page(sim, '')).toEqual([]);
    const shown = await page(sim, 'includeUnknownSeriesItems=true');
    expect(shown).toEqual([expect.objectContaining({ id: stray.queueIds[0], downloadId: stray.downloadId, episodeHasFile: false })]);
    expect(shown[0]).not.toHaveProperty('seriesId');
    expect(shown[0]).not.toHaveProperty('episodeId');
    expect((await call<Rec>(sim, '/api/v3/queue/status')).body).toMatchObject({ totalCount: 1, count: 0, unknownCount: 1 });
  });

  it('puts two unknown downloads in the busy scenario of both apps', async () => {
    const movies = await radarr({ scenario: 'busy' });
    const shows = await sonarr({ scenario: 'busy' });
    for (const [sim, flag] of [[movies, 'includeUnknownMovieItems'], [shows, 'includeUnknownSeriesItems']] as const) {
      const hidden = (await call<Rec>(sim, '/api/v3/queue?pageSize=1000')).body.totalRecords as number;
      const shown = (await call<Rec>(sim, `/api/v3/queue?pageSize=1000&${flag}=true`)).body.totalRecords as number;
      expect(shown - hidden).toBe(2);
      expect((await call<Rec>(sim, '/api/v3/queue/status')).body.unknownCount).toBe(2);
    }
  });
});

describe('pending releases', () => {
  it('lists a delayed Radarr release with status delay and grabs it into a download on POST /queue/grab/{id}', async () => {
    const sim = await radarr();
    const movieId = sim.control.missingMovieIds()[0]!;
    const held = sim.control.addPendingRelease({ movieId, delayMs: 30 * 60_000, size: 100 * MB, bytesPerSecond: MB, protocol: 'usenet' });
    const [record] = await page(sim, '');
    expect(record).toMatchObject({ id: held.queueIds[0], movieId, status: 'delay', title: held.title, size: 100 * MB, sizeleft: 100 * MB, timeleft: '00:30:00', protocol: 'usenet' });
    expect(record).not.toHaveProperty('downloadId');
    expect(record).not.toHaveProperty('trackedDownloadState');
    expect(await page(sim, 'status=delay')).toHaveLength(1);
    expect(await page(sim, 'status=7')).toHaveLength(1);
    expect((await call<Rec>(sim, '/api/v3/queue/status')).body).toMatchObject({ totalCount: 1, count: 1, unknownCount: 0 });

    expect((await call(sim, '/api/v3/queue/grab/12345', { method: 'POST' })).status).toBe(404);
    expect((await call(sim, `/api/v3/queue/grab/${held.queueIds[0]!}`, { method: 'POST' })).status).toBe(200);
    const [grabbed] = await page(sim, '');
    expect(grabbed).toMatchObject({ movieId, status: 'downloading', title: held.title, protocol: 'usenet' });
    expect(grabbed!.id).not.toBe(held.queueIds[0]);
    const history = (await call<Rec[]>(sim, `/api/v3/history/movie?movieId=${movieId}`)).body;
    expect(history).toEqual([expect.objectContaining({ eventType: 'grabbed', downloadId: grabbed!.downloadId, sourceTitle: held.title })]);
    expect((await call(sim, `/api/v3/queue/grab/${held.queueIds[0]!}`, { method: 'POST' })).status).toBe(404);
  });

  it('grabs several pending releases with /queue/grab/bulk and answers 404 at an id that is not pending', async () => {
    const sim = await radarr();
    const [a, b, c] = sim.control.missingMovieIds();
    const first = sim.control.addPendingRelease({ movieId: a!, size: 10 * MB });
    const second = sim.control.addPendingRelease({ movieId: b!, size: 10 * MB });
    const third = sim.control.addPendingRelease({ movieId: c!, size: 10 * MB });
    const ok = await call(sim, '/api/v3/queue/grab/bulk', { method: 'POST', body: { ids: [first.queueIds[0], second.queueIds[0]] } });
    expect(ok.status).toBe(200);
    expect((await page(sim, 'status=delay')).map((record) => record.id)).toEqual(third.queueIds);
    expect(await page(sim, 'status=downloading')).toHaveLength(2);
    const missing = await call(sim, '/api/v3/queue/grab/bulk', { method: 'POST', body: { ids: [third.queueIds[0], 99] } });
    expect(missing.status).toBe(404);
    expect(await page(sim, 'status=delay')).toEqual([]);
  });

  it('grabs a pending release by itself when its delay ends', async () => {
    const sim = await radarr();
    const movieId = sim.control.missingMovieIds()[0]!;
    sim.control.addPendingRelease({ movieId, delayMs: 60_000, size: 10 * MB });
    sim.control.advance(59_000);
    expect(await page(sim, '')).toEqual([expect.objectContaining({ status: 'delay', timeleft: '00:00:01' })]);
    sim.control.advance(1_000);
    expect(await page(sim, '')).toEqual([expect.objectContaining({ movieId, status: 'downloading' })]);
  });

  it('drops a pending release on DELETE /queue/{id}, blocklisting it when asked', async () => {
    const sim = await radarr();
    const [a, b] = sim.control.missingMovieIds();
    const kept = sim.control.addPendingRelease({ movieId: a! });
    const blocked = sim.control.addPendingRelease({ movieId: b! });
    expect((await call(sim, `/api/v3/queue/${kept.queueIds[0]!}`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(sim, `/api/v3/queue/${blocked.queueIds[0]!}?blocklist=true`, { method: 'DELETE' })).status).toBe(200);
    expect(await page(sim, '')).toEqual([]);
    const blocklist = (await call<Rec>(sim, '/api/v3/blocklist')).body.records as Rec[];
    expect(blocklist).toEqual([expect.objectContaining({ movieId: b, sourceTitle: blocked.title, message: 'Pending release manually blocklisted' })]);
  });

  it('lists a delayed Sonarr season pack as one delay record per episode and grabs the whole pack from one of them', async () => {
    const sim = await sonarr();
    const series = sim.control.series()[0]!;
    const season = sim.control.episodes(series.id as number).filter((episode) => episode.seasonNumber === 1).map((episode) => episode.id as number);
    const held = sim.control.addPendingRelease({ seriesId: series.id as number, episodeIds: season, size: 100 * MB });
    const records = await page(sim, 'includeEpisode=true');
    expect(records).toHaveLength(season.length);
    expect(records.every((record) => record.status === 'delay' && record.seriesId === series.id)).toBe(true);
    expect(ids(records)).toEqual([...held.queueIds].sort());
    expect(records[0]).toHaveProperty('episode');
    expect((await call(sim, `/api/v3/queue/grab/${held.queueIds[1]!}`, { method: 'POST' })).status).toBe(200);
    const grabbed = await page(sim, '');
    expect(grabbed).toHaveLength(season.length);
    expect(new Set(grabbed.map((record) => record.downloadId)).size).toBe(1);
    expect(grabbed.every((record) => record.status === 'downloading')).toBe(true);
  });
});

describe('numeric history event types', () => {
  it("filters Radarr's paged history by its own numbers: 1 grabbed, 3 imported, 4 failed, 6 file deleted, 7 folder imported", async () => {
    const sim = await radarr();
    const [a, b] = sim.control.missingMovieIds();
    sim.control.grab({ movieId: a!, size: MB, bytesPerSecond: MB });
    sim.control.grab({ movieId: b!, size: 10 * MB, bytesPerSecond: MB, fate: { kind: 'fail', atFraction: 0.5, message: 'failed' } });
    sim.control.advance(70_000);
    const movie = (await call<Rec>(sim, `/api/v3/movie/${a!}`)).body;
    expect((await call(sim, `/api/v3/moviefile/${String(movie.movieFileId)}`, { method: 'DELETE' })).status).toBe(200);
    const types = async (query: string): Promise<string[]> => (((await call<Rec>(sim, `/api/v3/history?pageSize=50&${query}`)).body.records as Rec[]).map((record) => record.eventType as string)).sort();

    expect(await types('eventType=1')).toEqual(['grabbed', 'grabbed']);
    expect(await types('eventType=3')).toEqual(['downloadFolderImported']);
    expect(await types('eventType=4')).toEqual(['downloadFailed']);
    expect(await types('eventType=6')).toEqual(['movieFileDeleted']);
    expect(await types('eventType=7')).toEqual([]);
    expect(await types('eventType=5')).toEqual([]);
    expect(await types('eventType=3&eventType=6')).toEqual(['downloadFolderImported', 'movieFileDeleted']);
    expect(await types('eventType=4,1')).toEqual(['downloadFailed', 'grabbed', 'grabbed']);
    expect(await types(`eventType=1&movieIds=${b!}`)).toEqual(['grabbed']);
    expect(await types('')).toHaveLength(5);
  });

  it("filters Sonarr's paged history by its own numbers: 5 is episodeFileDeleted and 6 episodeFileRenamed, not Radarr's", async () => {
    const sim = await sonarr();
    const series = sim.control.series()[0]!;
    const episode = sim.control.episodes(series.id as number).find((candidate) => candidate.hasFile === true)!;
    expect((await call(sim, `/api/v3/episodefile/${String(episode.episodeFileId)}`, { method: 'DELETE' })).status).toBe(200);
    const missing = sim.control.missingEpisodeIds(series.id as number)[0]!;
    sim.control.grab({ seriesId: series.id as number, episodeIds: [missing], size: MB, bytesPerSecond: MB });
    const types = async (query: string): Promise<string[]> => (((await call<Rec>(sim, `/api/v3/history?pageSize=50&${query}`)).body.records as Rec[]).map((record) => record.eventType as string)).sort();

    expect(await types('eventType=5')).toContain('episodeFileDeleted');
    expect(new Set(await types('eventType=5'))).toEqual(new Set(['episodeFileDeleted']));
    expect(await types('eventType=6')).toEqual([]);
    expect(await types('eventType=1')).toEqual(['grabbed']);
    expect(await types(`eventType=1&episodeId=${missing}`)).toEqual(['grabbed']);
    expect(await types(`eventType=1&episodeId=${episode.id as number}`)).toEqual([]);
    expect(await types(`seriesIds=${String(series.id)}&eventType=5,1`)).toEqual(expect.arrayContaining(['episodeFileDeleted', 'grabbed']));
    expect(await types('seriesIds=999999')).toEqual([]);
  });
});
