/** Sonarr's episode and episode-file endpoints. */

import type { SeriesEntity } from '../library/series.ts';
import type { Router } from '../http/router.ts';
import { boolParam, intListParam, intParam, reply } from '../http/router.ts';
import { isRecord } from '../http/validation.ts';
import type { Instance, Json } from '../model/instance.ts';
import type { SonarrApp } from './app.ts';
import { episodeFileJson } from './library.ts';
import { webhookEpisode, webhookEpisodeFile, webhookSeries } from './payloads.ts';

export function registerEpisodeRoutes(router: Router, instance: Instance, app: SonarrApp): void {
  const { library } = app;
  const seriesJson = (series: SeriesEntity): Json => app.seriesJson(series);

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
      instance.push.webhook('EpisodeFileDelete', { series: webhookSeries(series, instance.settings.tags), episodes: episodes.map(webhookEpisode), episodeFile: webhookEpisodeFile(file), deleteReason: 'manual' });
      instance.push.signal('series', 'updated', seriesJson(series));
    }
    return reply.empty();
  });
}
