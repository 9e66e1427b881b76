/** Sonarr's media endpoints: series, lookup, episodes, episode files, calendar, wanted, releases, manual import. */
import { ENGLISH, qualityModel } from '../library/qualities.ts';
import type { EpisodeEntity, SeriesEntity } from '../library/series.ts';
import { slug } from '../library/titles.ts';
import type { Router } from '../http/router.ts';
import { boolParam, intListParam, intParam, reply } from '../http/router.ts';
import { failure, isRecord, validationReply, type ValidationFailure } from '../http/validation.ts';
import type { Instance, Json } from '../model/instance.ts';
import { calendarWindow, manualImportItemJson, notAnObject, numberList, registerManualImport, registerReleaseGrab, rootFolderOf, validateAdd, wantedPage } from '../routes/media-routes.ts';
import { createReleaseCache, releaseCommonJson } from '../routes/release-cache.ts';
import { isoDate } from '../time-format.ts';
import type { SonarrApp } from './app.ts';
import { episodeFileJson } from './library.ts';
import { webhookEpisode, webhookEpisodeFile, webhookSeries } from './payloads.ts';

/** Sonarr's own check of an added series' TVDB id. */
function tvdbIdFailure(body: Record<string, unknown>, app: SonarrApp): ValidationFailure | undefined {
  const tvdbId = body.tvdbId;
  if (typeof tvdbId !== 'number' || !Number.isInteger(tvdbId) || tvdbId <= 0) return failure('TvdbId', "'Tvdb Id' must be greater than '0'.", tvdbId, 'GreaterThanValidator', { comparisonValue: 0 });
  // Sonarr's SeriesExistsValidator: a 400 validation failure, not a 409.
  if (app.library.byTvdbId(tvdbId) !== undefined) return failure('TvdbId', 'This series has already been added', tvdbId, 'SeriesExistsValidator');
  return undefined;
}

export function registerSonarrRoutes(router: Router, instance: Instance, app: SonarrApp): void {
  const { library } = app;
  const releases = createReleaseCache(instance);
  const seriesJson = (series: SeriesEntity): Json => app.seriesJson(series);

  router.add('GET', '/api/v3/series', ({ query }) => {
    const tvdbId = intParam(query.get('tvdbId'));
    return reply.json([...library.series.values()].filter((series) => tvdbId === undefined || series.tvdbId === tvdbId).map(seriesJson));
  });

  router.add('GET', '/api/v3/series/lookup', ({ query }) => {
    const term = (query.get('term') ?? '').trim();
    if (term === '') return validationReply([failure('Term', "'Term' must not be empty.", term, 'NotEmptyValidator')]);
    const prefixed = /^(tvdb|imdb):\s*(\S+)$/i.exec(term);
    if (prefixed?.[1] !== undefined && prefixed[2] !== undefined) {
      const kind = prefixed[1].toLowerCase();
      const tvdbId = kind === 'tvdb' ? intParam(prefixed[2]) : intParam(/^tt(\d+)$/.exec(prefixed[2])?.[1]);
      if (tvdbId === undefined || tvdbId <= 0) return reply.json([]);
      const existing = kind === 'tvdb' ? library.byTvdbId(tvdbId) : [...library.series.values()].find((series) => series.imdbId === prefixed[2]);
      if (existing !== undefined) return reply.json([seriesJson(existing)]);
      const candidate = library.candidate(kind === 'tvdb' ? tvdbId : (tvdbId % 900_000) + 100_000).series;
      return reply.json([seriesJson(kind === 'imdb' ? { ...candidate, imdbId: prefixed[2] } : candidate)]);
    }
    return reply.json(library.lookup(term).map((generated) => seriesJson(generated.series)));
  });

  router.add('GET', '/api/v3/series/{id}', ({ params }) => {
    const series = library.series.get(intParam(params.id) ?? -1);
    return series === undefined ? reply.notFound() : reply.json(seriesJson(series));
  });

  router.add('POST', '/api/v3/series', ({ body }) => {
    if (!isRecord(body)) return notAnObject('Title');
    const failures = validateAdd(body, instance, (fields) => tvdbIdFailure(fields, app));
    if (failures.length > 0) return validationReply(failures);
    const tvdbId = body.tvdbId as number;
    const title = String(body.title);
    const generated = library.candidate(tvdbId, title);
    const rootFolderPath = rootFolderOf(body);
    const monitored = body.monitored !== false;
    const requestedSeasons = Array.isArray(body.seasons) ? body.seasons.filter(isRecord) : [];
    const seasons = generated.series.seasons.map((season) => {
      const requested = requestedSeasons.find((candidate) => candidate.seasonNumber === season.seasonNumber);
      return { ...season, monitored: typeof requested?.monitored === 'boolean' ? requested.monitored : monitored };
    });
    const series = library.add({
      series: {
        ...generated.series,
        title,
        titleSlug: slug(title, tvdbId),
        qualityProfileId: body.qualityProfileId as number,
        monitored,
        seasons,
        seasonFolder: body.seasonFolder !== false,
        rootFolderPath,
        path: typeof body.path === 'string' && body.path !== '' ? body.path : `${rootFolderPath}/${title}`,
        tags: numberList(body.tags),
        added: isoDate(instance.clock.now()),
      },
      episodes: generated.episodes.map((episode) => ({ ...episode, monitored: monitored && seasons.find((season) => season.seasonNumber === episode.seasonNumber)?.monitored !== false })),
    });
    instance.push.webhook('SeriesAdd', { series: webhookSeries(series, instance.tags) });
    instance.push.signal('series', 'updated', seriesJson(series));
    const addOptions = isRecord(body.addOptions) ? body.addOptions : {};
    if (addOptions.searchForMissingEpisodes === true) instance.commands.add('SeriesSearch', { seriesId: series.id }, instance.clock.now());
    return reply.created(seriesJson(series));
  });

  router.add('PUT', '/api/v3/series/{id}', ({ params, body }) => {
    const series = library.series.get(intParam(params.id) ?? -1);
    if (series === undefined) return reply.notFound();
    if (!isRecord(body)) return notAnObject('Id');
    if (typeof body.monitored === 'boolean') series.monitored = body.monitored;
    if (typeof body.qualityProfileId === 'number') series.qualityProfileId = body.qualityProfileId;
    if (Array.isArray(body.tags)) series.tags = numberList(body.tags);
    if (Array.isArray(body.seasons)) {
      for (const season of body.seasons.filter(isRecord)) {
        const existing = series.seasons.find((candidate) => candidate.seasonNumber === season.seasonNumber);
        if (existing !== undefined && typeof season.monitored === 'boolean') existing.monitored = season.monitored;
      }
    }
    instance.push.signal('series', 'updated', seriesJson(series));
    return reply.accepted(seriesJson(series));
  });

  router.add('DELETE', '/api/v3/series/{id}', ({ params, query }) => {
    const series = library.remove(intParam(params.id) ?? -1);
    if (series === undefined) return reply.notFound();
    instance.push.webhook('SeriesDelete', { series: webhookSeries(series, instance.tags), deletedFiles: boolParam(query, 'deleteFiles') });
    // Sonarr's SeriesController broadcasts the whole series resource (Radarr only the movie id).
    instance.push.signal('series', 'deleted', seriesJson(series));
    return reply.empty();
  });

  router.add('GET', '/api/v3/episode', ({ query }) => {
    const seriesId = intParam(query.get('seriesId'));
    const season = intParam(query.get('seasonNumber'));
    const ids = intListParam(query, 'episodeIds');
    const fileId = intParam(query.get('episodeFileId'));
    if (seriesId === undefined && ids.length === 0 && fileId === undefined) return reply.error(400, 'seriesId or episodeIds must be provided');
    const source = seriesId === undefined ? [...library.episodes.values()] : library.episodesOf(seriesId);
    const episodes = source.filter((episode) => (season === undefined || episode.seasonNumber === season) && (ids.length === 0 || ids.includes(episode.id)) && (fileId === undefined || episode.episodeFileId === fileId));
    const options = { includeSeries: boolParam(query, 'includeSeries'), includeEpisodeFile: boolParam(query, 'includeEpisodeFile') };
    return reply.json(episodes.map((episode) => app.episodeJson(episode, options)));
  });
  router.add('PUT', '/api/v3/episode/monitor', ({ body }) => {
    const ids = isRecord(body) && Array.isArray(body.episodeIds) ? body.episodeIds : [];
    const monitored = isRecord(body) && body.monitored === true;
    const changed: Json[] = [];
    for (const id of ids) {
      const episode = typeof id === 'number' ? library.episodes.get(id) : undefined;
      if (episode === undefined) continue;
      episode.monitored = monitored;
      changed.push(app.episodeJson(episode));
    }
    return reply.accepted(changed);
  });
  router.add('GET', '/api/v3/episode/{id}', ({ params }) => {
    const episode = library.episodes.get(intParam(params.id) ?? -1);
    return episode === undefined ? reply.notFound() : reply.json(app.episodeJson(episode, { includeSeries: true, includeEpisodeFile: true }));
  });
  router.add('PUT', '/api/v3/episode/{id}', ({ params, body }) => {
    const episode = library.episodes.get(intParam(params.id) ?? -1);
    if (episode === undefined) return reply.notFound();
    if (isRecord(body) && typeof body.monitored === 'boolean') episode.monitored = body.monitored;
    instance.push.signal('episode', 'updated', app.episodeJson(episode));
    return reply.accepted(app.episodeJson(episode));
  });

  router.add('GET', '/api/v3/episodefile', ({ query }) => {
    const seriesId = intParam(query.get('seriesId'));
    const ids = intListParam(query, 'episodeFileIds');
    if (seriesId === undefined && ids.length === 0) return reply.error(400, 'seriesId or episodeFileIds must be provided');
    const files = [...library.files.values()].filter((file) => (seriesId === undefined || file.seriesId === seriesId) && (ids.length === 0 || ids.includes(file.id)));
    return reply.json(files.map(episodeFileJson));
  });
  router.add('GET', '/api/v3/episodefile/{id}', ({ params }) => {
    const file = library.files.get(intParam(params.id) ?? -1);
    return file === undefined ? reply.notFound() : reply.json(episodeFileJson(file));
  });
  router.add('DELETE', '/api/v3/episodefile/{id}', ({ params }) => {
    const id = intParam(params.id) ?? -1;
    const episodes = [...library.episodes.values()].filter((episode) => episode.episodeFileId === id);
    const file = library.deleteFile(id);
    if (file === undefined) return reply.notFound();
    const series = library.series.get(file.seriesId);
    for (const episode of episodes) {
      instance.history.add({ seriesId: file.seriesId, episodeId: episode.id, date: instance.clock.now(), eventType: 'episodeFileDeleted', sourceTitle: file.relativePath, quality: file.quality, customFormatScore: 0, data: { reason: 'Manual' } });
    }
    if (series !== undefined) {
      instance.push.webhook('EpisodeFileDelete', { series: webhookSeries(series, instance.tags), episodes: episodes.map(webhookEpisode), episodeFile: webhookEpisodeFile(file), deleteReason: 'manual' });
      instance.push.signal('series', 'updated', seriesJson(series));
    }
    return reply.empty();
  });

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
  router.add('GET', '/api/v3/wanted/cutoff', wanted((episode) => {
    const file = episode.hasFile ? library.files.get(episode.episodeFileId) : undefined;
    const series = library.series.get(episode.seriesId);
    const profile = instance.qualityProfiles.find((candidate) => candidate.id === series?.qualityProfileId);
    return file !== undefined && profile !== undefined && file.quality.id !== profile.cutoff;
  }));

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
        id: 0,
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
  registerReleaseGrab(router, instance, releases);

  registerManualImport(router, instance, (download) => {
    if (download.target.kind !== 'episodes') return [];
    const series = library.series.get(download.target.seriesId);
    const episodes = download.target.episodeIds.map((id) => library.episodes.get(id)).filter((episode): episode is EpisodeEntity => episode !== undefined);
    return episodes.map((episode, index) => {
      const name = `${download.title}${episodes.length > 1 ? `.E${String(episode.episodeNumber).padStart(2, '0')}` : ''}.mkv`;
      const item: Json = {
        ...manualImportItemJson(instance, download, { id: (download.added % 1_000_000) * 100 + index + 1, relativePath: name, name, size: Math.floor(download.size / Math.max(1, episodes.length)) }),
        seasonNumber: episode.seasonNumber,
        episodes: [app.episodeJson(episode)],
        releaseType: episodes.length > 1 ? 'seasonPack' : 'singleEpisode',
      };
      if (series !== undefined) item.series = seriesJson(series);
      return item;
    });
  }, 'seriesId');
}
