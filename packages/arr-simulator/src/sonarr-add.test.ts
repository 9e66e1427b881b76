// What Sonarr does with a new series' seriesType and addOptions, read from Sonarr v4 (main):
// src/NzbDrone.Core/Tv/EpisodeMonitoredService.cs (monitor choices), Tv/SeriesScannedHandler.cs
// (post-add searches), Tv/SeriesTypes.cs and Tv/MonitoringOptions.cs (the enums), and
// src/Sonarr.Http/REST/RestResource.cs (an id of 0 is left out of every resource).
import { afterEach, describe, expect, it } from 'vitest';
import { call, type Rec } from '../test/http.ts';
import { startSonarrSimulator, type SonarrSimulator } from './index.ts';

let sim: SonarrSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(): Promise<SonarrSimulator> {
  sim = await startSonarrSimulator({ seed: 9, refreshCadence: 'fixed' });
  return sim;
}

/** A lookup candidate with at least three seasons, so first, last and middle seasons differ. */
async function candidateWithSeasons(sonarr: SonarrSimulator): Promise<Rec> {
  for (let tvdbId = 500_001; tvdbId < 500_200; tvdbId++) {
    const [candidate] = (await call<Rec[]>(sonarr, `/api/v3/series/lookup?term=tvdb:${String(tvdbId)}`)).body;
    if (candidate !== undefined && (candidate.seasons as Rec[]).length >= 3) return candidate;
  }
  throw new Error('no lookup candidate with three seasons');
}

async function add(sonarr: SonarrSimulator, body: Rec): Promise<{ status: number; body: Rec }> {
  return call<Rec>(sonarr, '/api/v3/series', { method: 'POST', body: { qualityProfileId: 1, rootFolderPath: '/data/tv', ...body } });
}

async function episodesOf(sonarr: SonarrSimulator, seriesId: number): Promise<Rec[]> {
  return (await call<Rec[]>(sonarr, `/api/v3/episode?seriesId=${String(seriesId)}`)).body;
}

async function commands(sonarr: SonarrSimulator): Promise<Rec[]> {
  return (await call<Rec[]>(sonarr, '/api/v3/command')).body;
}

describe('adding a series to the sonarr simulator', () => {
  it('answers lookup candidates that are not in the library without an id', async () => {
    const sonarr = await start();
    const candidate = await candidateWithSeasons(sonarr);
    expect(candidate).not.toHaveProperty('id');
    expect(candidate).not.toHaveProperty('path');
    const inLibrary = sonarr.control.series()[0]!;
    const [found] = (await call<Rec[]>(sonarr, `/api/v3/series/lookup?term=tvdb:${String(inLibrary.tvdbId)}`)).body;
    expect(found).toMatchObject({ id: inLibrary.id });
  });

  it('keeps the requested series type and refuses one the enum does not hold as problem details', async () => {
    const sonarr = await start();
    const candidate = await candidateWithSeasons(sonarr);
    const added = await add(sonarr, { ...candidate, seriesType: 'anime' });
    expect(added.status).toBe(201);
    expect(added.body.seriesType).toBe('anime');
    expect((await call<Rec>(sonarr, `/api/v3/series/${String(added.body.id)}`)).body.seriesType).toBe('anime');
    const bad = await add(sonarr, { ...candidate, tvdbId: 4243, seriesType: 'cartoon' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 400, errors: { '$.seriesType': [expect.stringContaining('NzbDrone.Core.Tv.SeriesTypes')] } });
    const badMonitor = await add(sonarr, { ...candidate, tvdbId: 4244, addOptions: { monitor: 'everything' } });
    expect(badMonitor.body).toMatchObject({ errors: { '$.addOptions.monitor': [expect.stringContaining('MonitorTypes')] } });
    expect(sonarr.control.series().some((series) => series.tvdbId === 4243 || series.tvdbId === 4244)).toBe(false);
  });

  it('monitors only the first season for addOptions.monitor firstSeason, and the seasons follow their episodes', async () => {
    const sonarr = await start();
    const candidate = await candidateWithSeasons(sonarr);
    const added = await add(sonarr, { ...candidate, addOptions: { monitor: 'firstSeason' } });
    const episodes = await episodesOf(sonarr, added.body.id as number);
    expect(episodes.filter((episode) => episode.monitored === true).every((episode) => episode.seasonNumber === 1)).toBe(true);
    expect(episodes.filter((episode) => episode.seasonNumber === 1).every((episode) => episode.monitored === true)).toBe(true);
    const seasons = (await call<Rec>(sonarr, `/api/v3/series/${String(added.body.id)}`)).body.seasons as Rec[];
    expect(seasons.map((season) => season.monitored)).toEqual(seasons.map((season) => season.seasonNumber === 1));
  });

  it('monitors the last season for lastSeason, only the pilot for pilot (its season unmonitored), and nothing for none', async () => {
    const sonarr = await start();
    const candidate = await candidateWithSeasons(sonarr);
    const last = Math.max(...(candidate.seasons as Rec[]).map((season) => season.seasonNumber as number));
    const latest = await add(sonarr, { ...candidate, addOptions: { monitor: 'lastSeason' } });
    expect((await episodesOf(sonarr, latest.body.id as number)).filter((episode) => episode.monitored === true).map((episode) => episode.seasonNumber)).toEqual(expect.arrayContaining([last]));
    expect((await episodesOf(sonarr, latest.body.id as number)).every((episode) => episode.monitored === (episode.seasonNumber === last))).toBe(true);

    const pilot = await add(sonarr, { ...candidate, tvdbId: 4245, addOptions: { monitor: 'Pilot' } });
    const pilotEpisodes = await episodesOf(sonarr, pilot.body.id as number);
    expect(pilotEpisodes.filter((episode) => episode.monitored === true).map((episode) => [episode.seasonNumber, episode.episodeNumber])).toEqual([[1, 1]]);
    const pilotSeasons = (await call<Rec>(sonarr, `/api/v3/series/${String(pilot.body.id)}`)).body.seasons as Rec[];
    expect(pilotSeasons.find((season) => season.seasonNumber === 1)?.monitored).toBe(false);

    const none = await add(sonarr, { ...candidate, tvdbId: 4246, addOptions: { monitor: 12 } });
    expect((await episodesOf(sonarr, none.body.id as number)).some((episode) => episode.monitored === true)).toBe(false);
  });

  it('queues a MissingEpisodeSearch for that series alone, and one SeriesSearch when both searches are asked', async () => {
    const sonarr = await start();
    const candidate = await candidateWithSeasons(sonarr);
    const missing = await add(sonarr, { ...candidate, addOptions: { monitor: 'all', searchForMissingEpisodes: true } });
    const both = await add(sonarr, { ...candidate, tvdbId: 4247, addOptions: { monitor: 'all', searchForMissingEpisodes: true, searchForCutoffUnmetEpisodes: true } });
    const queued = await commands(sonarr);
    expect(queued.filter((command) => command.name === 'MissingEpisodeSearch').map((command) => (command.body as Rec).seriesId)).toEqual([missing.body.id]);
    expect(queued.filter((command) => command.name === 'SeriesSearch').map((command) => (command.body as Rec).seriesId)).toEqual([both.body.id]);
    expect(queued.some((command) => command.name === 'CutoffUnmetEpisodeSearch')).toBe(false);
  });

  it('searches only the given series for a MissingEpisodeSearch with a seriesId', async () => {
    const sonarr = await start();
    const target = sonarr.control.series().find((series) => sonarr.control.missingEpisodeIds(series.id as number).length > 0)!;
    const others = sonarr.control.series().filter((series) => series.id !== target.id && sonarr.control.missingEpisodeIds(series.id as number).length > 0);
    expect(others.length).toBeGreaterThan(0);
    const posted = await call<Rec>(sonarr, '/api/v3/command', { method: 'POST', body: { name: 'MissingEpisodeSearch', seriesId: target.id } });
    expect(posted.status).toBe(201);
    sonarr.control.advance(5_000);
    const queue = (await call<Rec[]>(sonarr, '/api/v3/queue/details')).body;
    expect(queue.length).toBeGreaterThan(0);
    expect(new Set(queue.map((record) => record.seriesId))).toEqual(new Set([target.id]));
  });

  it('answers queue status and disk space without an id', async () => {
    const sonarr = await start();
    expect((await call<Rec>(sonarr, '/api/v3/queue/status')).body).not.toHaveProperty('id');
    const disks = (await call<Rec[]>(sonarr, '/api/v3/diskspace')).body;
    expect(disks.length).toBeGreaterThan(0);
    for (const disk of disks) expect(disk).not.toHaveProperty('id');
  });
});
