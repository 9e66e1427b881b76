import { afterEach, describe, expect, it } from 'vitest';
import { call, type Rec } from '../test/http.ts';
import { startSonarrSimulator, type SonarrSimulator } from './index.ts';

let sim: SonarrSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: Parameters<typeof startSonarrSimulator>[0] = {}): Promise<SonarrSimulator> {
  sim = await startSonarrSimulator({ seed: 9, refreshCadence: 'fixed', ...options });
  return sim;
}

describe('sonarr simulator', () => {
  it('lists a season pack as one record per episode sharing the downloadId, then imports every episode', async () => {
    const payloads: Rec[] = [];
    const sonarr = await start({ fetch: (_url, init) => { payloads.push(JSON.parse(init?.body as string) as Rec); return Promise.resolve(new Response(null)); } });
    sonarr.control.webhooks.setTargets([{ url: 'http://127.0.0.1:9/hook' }]);
    const series = sonarr.control.series()[0]!;
    const season = sonarr.control.episodes(series.id as number).filter((episode) => episode.seasonNumber === 1).map((episode) => episode.id as number);
    const pack = sonarr.control.grab({ seriesId: series.id as number, episodeIds: season, size: 1024 * 1024, bytesPerSecond: 1024 * 1024 });
    const records = (await call<Rec[]>(sonarr, '/api/v3/queue/details?includeSeries=true&includeEpisode=true')).body;
    expect(records).toHaveLength(season.length);
    expect(new Set(records.map((record) => record.downloadId))).toEqual(new Set([pack.downloadId]));
    expect(new Set(records.map((record) => record.id)).size).toBe(season.length);
    expect(records[0]).toMatchObject({ seriesId: series.id, seasonNumber: 1, series: { id: series.id }, episode: { id: records[0]!.episodeId } });
    const plain = (await call<Rec>(sonarr, '/api/v3/queue')).body.records as Rec[];
    expect(plain[0]).not.toHaveProperty('series');
    expect(plain[0]).not.toHaveProperty('episode');
    sonarr.control.advance(70_000);
    expect((await call<Rec[]>(sonarr, '/api/v3/queue/details')).body).toEqual([]);
    const episodes = (await call<Rec[]>(sonarr, `/api/v3/episode?seriesId=${String(series.id)}&seasonNumber=1`)).body;
    expect(episodes.every((episode) => episode.hasFile === true)).toBe(true);
    await sonarr.control.webhooks.idle();
    // Sonarr main: NotificationService.cs (EpisodeImportedEvent per file, then DownloadCompletedEvent),
    // WebhookBase.cs (BuildOnDownloadPayload, BuildOnImportCompletePayload).
    const downloads = payloads.filter((payload) => payload.eventType === 'Download');
    expect(downloads).toHaveLength(season.length + 1);
    for (const [index, perFile] of downloads.slice(0, season.length).entries()) {
      expect(perFile.isUpgrade).toBe(perFile.deletedFiles !== undefined);
      expect(perFile).toMatchObject({ episodes: [{ id: season[index] }], episodeFile: { sourcePath: expect.stringContaining(pack.title) as unknown }, release: { releaseTitle: pack.title, releaseType: 'seasonPack' } });
      expect(perFile).not.toHaveProperty('episodeFiles');
    }
    const complete = downloads[season.length]!;
    expect(complete).toMatchObject({ fileCount: season.length, downloadId: pack.downloadId, release: { releaseType: 'seasonPack' } });
    expect(complete.episodes).toHaveLength(season.length);
    expect(complete.episodeFiles).toHaveLength(season.length);
    expect(complete).not.toHaveProperty('isUpgrade');
    expect(complete).not.toHaveProperty('episodeFile');
    const history = (await call<Rec[]>(sonarr, `/api/v3/history/series?seriesId=${String(series.id)}&eventType=downloadFolderImported`)).body;
    expect(history).toHaveLength(season.length);
  });

  it('grabs a season pack for a SeasonSearch and single episodes for an EpisodeSearch', async () => {
    const sonarr = await start();
    const missing = sonarr.control.missingEpisodeIds();
    const episode = (await call<Rec[]>(sonarr, `/api/v3/episode?episodeIds=${missing[0]!}`)).body[0]!;
    await call(sonarr, '/api/v3/command', { method: 'POST', body: { name: 'EpisodeSearch', episodeIds: [missing[0]] } });
    sonarr.control.advance(10);
    const queue = (await call<Rec[]>(sonarr, '/api/v3/queue/details')).body;
    expect(queue).toEqual([expect.objectContaining({ episodeId: missing[0], seriesId: episode.seriesId })]);
    const added = sonarr.control.addSeries({ title: 'Lantern Station' });
    await call(sonarr, '/api/v3/command', { method: 'POST', body: { name: 'SeasonSearch', seriesId: added.id, seasonNumber: 1 } });
    sonarr.control.advance(10);
    const packRecords = (await call<Rec[]>(sonarr, '/api/v3/queue/details')).body.filter((record) => record.seriesId === added.id);
    const seasonOne = sonarr.control.episodes(added.id as number).filter((candidate) => candidate.seasonNumber === 1 && Date.parse(candidate.airDateUtc as string) <= sonarr.control.clock.now());
    expect(packRecords).toHaveLength(seasonOne.length);
    expect(new Set(packRecords.map((record) => record.downloadId)).size).toBe(1);
  });

  it('validates a new series and rejects a duplicate with SeriesExistsValidator', async () => {
    const sonarr = await start();
    const [candidate] = (await call<Rec[]>(sonarr, '/api/v3/series/lookup?term=velvet%20harbor')).body;
    const body = { ...candidate, qualityProfileId: 1, rootFolderPath: '/data/tv' };
    expect((await call(sonarr, '/api/v3/series', { method: 'POST', body })).status).toBe(201);
    const duplicate = await call<Rec[]>(sonarr, '/api/v3/series', { method: 'POST', body });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toEqual([expect.objectContaining({ propertyName: 'TvdbId', errorMessage: 'This series has already been added', errorCode: 'SeriesExistsValidator' })]);
    const bad = await call<Rec[]>(sonarr, '/api/v3/series', { method: 'POST', body: { tvdbId: 0 } });
    // Sonarr main: src/Sonarr.Api.V3/Series/SeriesController.cs.
    expect(bad.body.map((failure) => failure.propertyName).sort()).toEqual(['Path', 'QualityProfileId', 'RootFolderPath', 'Title', 'TvdbId']);
    const noRoot = await call<Rec[]>(sonarr, '/api/v3/series', { method: 'POST', body: { ...candidate, tvdbId: 4242, qualityProfileId: 1, rootFolderPath: '/nowhere' } });
    expect(noRoot.body).toEqual([expect.objectContaining({ propertyName: 'RootFolderPath', errorCode: 'RootFolderExistsValidator' })]);
    expect((await call(sonarr, '/api/v3/episode')).status).toBe(400);
  });
});
