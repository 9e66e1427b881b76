/** Sonarr's media endpoints: series, lookup, episodes, episode files, calendar, wanted, releases, manual import. */
import { ENGLISH, qualityModel } from '../library/qualities.ts';
import { isRecord } from '../http/validation.ts';
import type { EpisodeEntity, SeriesEntity } from '../library/series.ts';
import type { Router } from '../http/router.ts';
import { boolParam, intParam, reply } from '../http/router.ts';
import type { Instance, Json } from '../model/instance.ts';
import { calendarWindow, manualImportItemJson, registerManualImport, registerReleaseGrab, wantedPage } from '../routes/media-routes.ts';
import { createReleaseCache, releaseCommonJson } from '../routes/release-cache.ts';
import type { SonarrApp } from './app.ts';
import { packFileName } from './payloads.ts';
import { registerEpisodeRoutes } from './episode-routes.ts';
import { registerSeriesRoutes } from './series-routes.ts';

export function registerSonarrRoutes(router: Router, instance: Instance, app: SonarrApp): void {
  const { library } = app;
  const releases = createReleaseCache(instance);
  const seriesJson = (series: SeriesEntity): Json => app.seriesJson(series);

  registerSeriesRoutes(router, instance, app);
  registerEpisodeRoutes(router, instance, app);


  router.add('GET', '/api/v3/calendar', ({ query }) => {
    const window = calendarWindow(query, instance.clock.now());
    const episodes = [...library.episodes.values()].filter((episode) => window.contains(episode.airDateUtc) && (window.unmonitored || episode.monitored));
    const options = { includeSeries: boolParam(query, 'includeSeries'), includeEpisodeFile: boolParam(query, 'includeEpisodeFile') };
    return reply.json(episodes.sort((a, b) => a.airDateUtc.localeCompare(b.airDateUtc)).map((episode) => app.episodeJson(episode, options)));
  });

  const wanted = (predicate: (episode: EpisodeEntity) => boolean) => ({ query }: { query: URLSearchParams }) => {
    const now = instance.clock.now();
    const includeSeries = boolParam(query, 'includeSeries');
    return reply.json(wantedPage(query, library.episodes.values(), {
      predicate: (episode) => Date.parse(episode.airDateUtc) <= now && predicate(episode),
      sort: { sortKey: 'episodes.airDateUtc', sortDirection: 'descending' },
      sortValue: (episode, key) => (key.toLowerCase().endsWith('airdateutc') ? episode.airDateUtc : key.toLowerCase().endsWith('title') ? episode.title : undefined),
      json: (episode) => app.episodeJson(episode, { includeSeries }),
    }));
  };
  router.add('GET', '/api/v3/wanted/missing', wanted((episode) => !episode.hasFile));
  router.add('GET', '/api/v3/wanted/cutoff', wanted((episode) => app.cutoffUnmet(episode)));

  router.add('GET', '/api/v3/release', ({ query }) => {
    const episodeId = intParam(query.get('episodeId'));
    const seriesId = intParam(query.get('seriesId'));
    const seasonNumber = intParam(query.get('seasonNumber'));
    let episodes: EpisodeEntity[] = [];
    if (episodeId !== undefined) episodes = [library.episodes.get(episodeId)].filter((episode): episode is EpisodeEntity => episode !== undefined);
    else if (seriesId !== undefined && seasonNumber !== undefined) episodes = library.episodesOf(seriesId).filter((episode) => episode.seasonNumber === seasonNumber);
    const first = episodes[0];
    if (first === undefined) return reply.json([]);
    const series = library.series.get(first.seriesId);
    const target = { kind: 'episodes' as const, seriesId: first.seriesId, seasonNumber: first.seasonNumber, episodeIds: episodes.map((episode) => episode.id) };
    return reply.json(
      releases.search(target).map((release) => {
        release.json = {
        languageWeight: 0,
        tvRageId: 0,
        episodeRequested: true,
        isDaily: false,
        isAbsoluteNumbering: false,
        isPossibleSpecialEpisode: false,
        special: false,
        ...releaseCommonJson(release),
        quality: qualityModel('sonarr', release.quality),
        languages: [ENGLISH],
        fullSeason: episodes.length > 1,
        seasonNumber: first.seasonNumber,
        seriesTitle: series?.title ?? '',
        episodeNumbers: episodes.map((episode) => episode.episodeNumber),
        mappedSeriesId: first.seriesId,
        mappedSeasonNumber: first.seasonNumber,
        mappedEpisodeNumbers: episodes.map((episode) => episode.episodeNumber),
        seriesId: first.seriesId,
        episodeIds: episodes.map((episode) => episode.id),
        tvdbId: series?.tvdbId ?? 0,
        };
        return release.json;
      }),
    );
  });
  registerReleaseGrab(router, instance.lifecycle, releases, 'echo');

  registerManualImport(router, instance.queue, (download) => {
    // ManualImportService rejects a file it cannot match to a series.
    if (download.target.kind !== 'episodes') return [{ ...manualImportItemJson(instance.kind, download, { id: (download.added % 1_000_000) * 100, relativePath: `${download.title}.mkv`, name: download.title, size: download.size }), releaseType: 'unknown', rejections: [{ reason: 'Unknown Series', type: 'permanent' }] }];
    const series = library.series.get(download.target.seriesId);
    const episodes = download.target.episodeIds.map((id) => library.episodes.get(id)).filter((episode): episode is EpisodeEntity => episode !== undefined);
    return episodes.map((episode, index) => {
      const name = packFileName(download.title, episode, episodes.length);
      const item: Json = {
        ...manualImportItemJson(instance.kind, download, { id: (download.added % 1_000_000) * 100 + index + 1, relativePath: name, name, size: Math.floor(download.size / Math.max(1, episodes.length)) }),
        seasonNumber: episode.seasonNumber,
        episodes: [app.episodeJson(episode)],
        releaseType: episodes.length > 1 ? 'seasonPack' : 'singleEpisode',
      };
      if (series !== undefined) item.series = seriesJson(series);
      return item;
    });
  }, (item, download) => {
    // Sonarr main: src/Sonarr.Api.V3/ManualImport/ManualImportController.cs (ReprocessItems answers the posted items, filled in).
    const seriesId = typeof item.seriesId === 'number' ? item.seriesId : 0;
    const ids = Array.isArray(item.episodeIds) ? item.episodeIds.filter((id): id is number => typeof id === 'number') : download?.target.kind === 'episodes' ? download.target.episodeIds : [];
    const episodes = ids.map((id) => library.episodes.get(id)).filter((episode): episode is EpisodeEntity => episode?.seriesId === seriesId);
    const json: Json = { id: typeof item.id === 'number' ? item.id : 0, path: typeof item.path === 'string' ? item.path : '', seriesId, episodes: episodes.map((episode) => app.episodeJson(episode)), releaseType: episodes.length > 1 ? 'multiEpisode' : 'singleEpisode', quality: isRecord(item.quality) ? item.quality : download === undefined ? undefined : qualityModel('sonarr', download.quality), languages: [ENGLISH], releaseGroup: typeof item.releaseGroup === 'string' && item.releaseGroup !== '' ? item.releaseGroup : (download?.releaseGroup ?? ''), customFormats: [], customFormatScore: 0, indexerFlags: 0, rejections: library.series.has(seriesId) ? [] : [{ reason: 'Unknown Series', type: 'permanent' }] };
    if (episodes[0] !== undefined) json.seasonNumber = episodes[0].seasonNumber;
    if (typeof item.downloadId === 'string') json.downloadId = item.downloadId;
    return json;
  });
}
