/** Sonarr's series endpoints: the library, lookup, add (with Sonarr's validation), edit and delete. */

import type { SeriesEntity } from '../library/series.ts';
import { slug } from '../library/titles.ts';
import type { Router } from '../http/router.ts';
import { boolParam, intParam, reply } from '../http/router.ts';
import { failure, isRecord, problemReply, validationReply, type ValidationFailure } from '../http/validation.ts';
import type { Instance, Json } from '../model/instance.ts';
import { notAnObject, numberList, rootFolderOf, validateAdd } from '../routes/media-routes.ts';
import { isoDate } from '../time-format.ts';
import type { SonarrApp } from './app.ts';
import { applyMonitorType, enumMember, MONITOR_TYPES, searchesAfterAdd, SERIES_TYPES } from './monitoring.ts';
import { webhookSeries } from './payloads.ts';

/** Sonarr's own check of an added series' TVDB id. */
function tvdbIdFailure(body: Record<string, unknown>, app: SonarrApp): ValidationFailure | undefined {
  const tvdbId = body.tvdbId;
  if (typeof tvdbId !== 'number' || !Number.isInteger(tvdbId) || tvdbId <= 0) return failure('TvdbId', "'Tvdb Id' must be greater than '0'.", tvdbId, 'GreaterThanValidator', { comparisonValue: 0 });
  // Sonarr's SeriesExistsValidator: a 400 validation failure, not a 409.
  if (app.library.byTvdbId(tvdbId) !== undefined) return failure('TvdbId', 'This series has already been added', tvdbId, 'SeriesExistsValidator');
  return undefined;
}

/**
 * ASP.NET Core's model binding of the add body's enums (`seriesType`, `addOptions.monitor`): a value
 * the JSON converter cannot read is problem details naming its JSON path, before any validator runs.
 */
function enumFailure(body: Record<string, unknown>, addOptions: Record<string, unknown>): ReturnType<typeof problemReply> | undefined {
  const unreadable = (path: string, type: string) => problemReply({ [path]: [`The JSON value could not be converted to ${type}. Path: ${path} | LineNumber: 0 | BytePositionInLine: 1.`], resource: ['The resource field is required.'] });
  if (body.seriesType !== undefined && enumMember(SERIES_TYPES, body.seriesType) === undefined) return unreadable('$.seriesType', 'NzbDrone.Core.Tv.SeriesTypes');
  if (addOptions.monitor !== undefined && enumMember(MONITOR_TYPES, addOptions.monitor) === undefined) return unreadable('$.addOptions.monitor', 'NzbDrone.Core.Tv.MonitorTypes');
  return undefined;
}

/** Sonarr's series routes: the library, lookup (candidates carry no id), add, edit and delete. */
export function registerSeriesRoutes(router: Router, instance: Instance, app: SonarrApp): void {
  const { library } = app;
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
    if (!isRecord(body)) return notAnObject(body, 'Sonarr.Api.V3.Series.SeriesResource');
    const addOptions = isRecord(body.addOptions) ? body.addOptions : {};
    const unreadable = enumFailure(body, addOptions);
    if (unreadable !== undefined) return unreadable;
    const failures = validateAdd(body, instance.settings, (fields) => tvdbIdFailure(fields, app), { titleRequired: true });
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
        seriesType: enumMember(SERIES_TYPES, body.seriesType) ?? 'standard',
      },
      episodes: generated.episodes.map((episode) => ({ ...episode, monitored: monitored && seasons.find((season) => season.seasonNumber === episode.seasonNumber)?.monitored !== false })),
    });
    // Without addOptions Sonarr leaves the episodes as the request's seasons say (SeriesScannedHandler).
    if (isRecord(body.addOptions)) applyMonitorType(series, library.episodesOf(series.id), enumMember(MONITOR_TYPES, addOptions.monitor) ?? 'unknown', instance.clock.now());
    instance.push.webhook('SeriesAdd', { series: webhookSeries(series, instance.settings.tags) });
    instance.push.signal('series', 'updated', seriesJson(series));
    for (const search of searchesAfterAdd(series.id, addOptions)) instance.commands.add(search.name, search.body, instance.clock.now());
    return reply.created(seriesJson(series));
  });

  router.add('PUT', '/api/v3/series/{id}', ({ params, body }) => {
    const series = library.series.get(intParam(params.id) ?? -1);
    if (series === undefined) return reply.notFound();
    if (!isRecord(body)) return notAnObject(body, 'Sonarr.Api.V3.Series.SeriesResource');
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
    instance.push.webhook('SeriesDelete', { series: webhookSeries(series, instance.settings.tags), deletedFiles: boolParam(query, 'deleteFiles') });
    // Sonarr's SeriesController broadcasts the whole series resource (Radarr only the movie id).
    instance.push.signal('series', 'deleted', seriesJson(series));
    return reply.empty();
  });
}
