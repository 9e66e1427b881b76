/** Radarr's media endpoints: movies, lookup, movie files, calendar, wanted, releases, manual import. */
import type { MovieEntity } from '../library/movies.ts';
import { ENGLISH, qualityModel } from '../library/qualities.ts';
import { isRecord } from '../http/validation.ts';
import type { Router } from '../http/router.ts';
import { intListParam, intParam, reply } from '../http/router.ts';
import type { Instance, Json } from '../model/instance.ts';
import { calendarWindow, manualImportItemJson, registerManualImport, registerReleaseGrab, wantedPage } from '../routes/media-routes.ts';
import { createReleaseCache, releaseCommonJson } from '../routes/release-cache.ts';
import type { RadarrApp } from './app.ts';
import { movieFileJson } from './library.ts';
import { webhookMovie, webhookMovieFile } from './payloads.ts';
import { registerMovieRoutes } from './movie-routes.ts';

export function registerRadarrRoutes(router: Router, instance: Instance, app: RadarrApp): void {
  const { library } = app;
  const releases = createReleaseCache(instance);
  const movieJson = (movie: MovieEntity): Record<string, unknown> => app.movieJson(movie);

  registerMovieRoutes(router, instance, app);

  router.add('GET', '/api/v3/moviefile', ({ query }) => {
    const movieIds = intListParam(query, 'movieId');
    const fileIds = intListParam(query, 'movieFileIds');
    const files = [...library.files.values()].filter((file) => (movieIds.length === 0 || movieIds.includes(file.movieId)) && (fileIds.length === 0 || fileIds.includes(file.id)));
    return reply.json(files.map(movieFileJson));
  });
  router.add('GET', '/api/v3/moviefile/{id}', ({ params }) => {
    const file = library.files.get(intParam(params.id) ?? -1);
    return file === undefined ? reply.notFound() : reply.json(movieFileJson(file));
  });
  router.add('DELETE', '/api/v3/moviefile/{id}', ({ params }) => {
    const file = library.deleteFile(intParam(params.id) ?? -1);
    if (file === undefined) return reply.notFound();
    const movie = library.movies.get(file.movieId);
    instance.history.add({ movieId: file.movieId, date: instance.clock.now(), eventType: 'movieFileDeleted', sourceTitle: file.relativePath, quality: file.quality, customFormatScore: 0, data: { reason: 'Manual' } });
    if (movie !== undefined) {
      instance.push.webhook('MovieFileDelete', { movie: webhookMovie(movie, instance.settings.tags), movieFile: webhookMovieFile(file), deleteReason: 'manual' });
      instance.push.signal('movie', 'updated', movieJson(movie));
    }
    return reply.empty();
  });

  router.add('GET', '/api/v3/calendar', ({ query }) => {
    const window = calendarWindow(query, instance.clock.now());
    const movies = [...library.movies.values()].filter((movie) => (window.unmonitored || movie.monitored) && (window.contains(movie.inCinemas) || window.contains(movie.digitalRelease) || window.contains(movie.physicalRelease)));
    return reply.json(movies.map(movieJson));
  });

  const wanted = (predicate: (movie: MovieEntity) => boolean) => ({ query }: { query: URLSearchParams }) =>
    reply.json(wantedPage(query, library.movies.values(), {
      predicate,
      sort: { sortKey: 'movieMetadata.sortTitle', sortDirection: 'ascending' },
      sortValue: (movie, key) => {
        const lower = key.toLowerCase();
        if (lower.endsWith('sorttitle') || lower === 'title') return movie.sortTitle;
        if (lower.endsWith('releasedate') || lower.endsWith('incinemas')) return movie.releaseDate;
        return undefined;
      },
      json: movieJson,
    }));
  router.add('GET', '/api/v3/wanted/missing', wanted((movie) => !movie.hasFile && movie.isAvailable));
  router.add('GET', '/api/v3/wanted/cutoff', wanted((movie) => {
    if (!movie.hasFile) return false;
    const file = library.files.get(movie.movieFileId);
    const profile = instance.settings.qualityProfiles.find((candidate) => candidate.id === movie.qualityProfileId);
    return file !== undefined && profile !== undefined && file.quality.id !== profile.cutoff;
  }));

  router.add('GET', '/api/v3/release', ({ query }) => {
    const movieId = intParam(query.get('movieId'));
    const movie = movieId === undefined ? undefined : library.movies.get(movieId);
    if (movie === undefined) return reply.json([]);
    return reply.json(
      releases.search({ kind: 'movie', movieId: movie.id }).map((release) => {
        release.json = {
          ...releaseCommonJson(release),
          quality: qualityModel('radarr', release.quality),
          languages: [ENGLISH],
          movieTitles: [movie.title],
          mappedMovieId: movie.id,
          movieId: movie.id,
          tmdbId: movie.tmdbId,
          // Radarr's release resource carries the IMDb id as a number.
          imdbId: Number.parseInt(movie.imdbId.slice(2), 10),
          movieRequested: true,
          edition: '',
        };
        return release.json;
      }),
    );
  });
  registerReleaseGrab(router, instance.lifecycle, releases);

  registerManualImport(router, instance.queue, (download) => {
    const movie = download.target.kind === 'movie' ? library.movies.get(download.target.movieId) : undefined;
    const item = manualImportItemJson(instance.kind, download, { id: Math.abs(download.downloadId.length * 7919 + download.added) % 2_147_483_647, relativePath: `${download.title}.mkv`, name: download.title, size: download.size });
    if (movie !== undefined) item.movie = movieJson(movie);
    // ManualImportService rejects a file it cannot match to a movie.
    else item.rejections = [{ reason: 'Unknown Movie', type: 'permanent' }];
    return [item];
  }, (item, download) => {
    // Radarr master: src/Radarr.Api.V3/ManualImport/ManualImportController.cs (ReprocessItems answers the posted items, filled in).
    const movieId = typeof item.movieId === 'number' ? item.movieId : 0;
    const movie = library.movies.get(movieId);
    const json: Json = { id: typeof item.id === 'number' ? item.id : 0, path: typeof item.path === 'string' ? item.path : '', movieId, quality: isRecord(item.quality) ? item.quality : download === undefined ? undefined : qualityModel('radarr', download.quality), languages: [ENGLISH], releaseGroup: typeof item.releaseGroup === 'string' && item.releaseGroup !== '' ? item.releaseGroup : (download?.releaseGroup ?? ''), customFormats: [], customFormatScore: 0, indexerFlags: 0, rejections: movie === undefined ? [{ reason: 'Unknown Movie', type: 'permanent' }] : [] };
    if (typeof item.downloadId === 'string') json.downloadId = item.downloadId;
    if (movie !== undefined) json.movie = movieJson(movie);
    return json;
  });
}
