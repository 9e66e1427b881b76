/** Radarr's media endpoints: movies, lookup, movie files, calendar, wanted, releases, manual import. */
import type { MovieEntity } from '../library/movies.ts';
import { ENGLISH, qualityModel } from '../library/qualities.ts';
import { slug } from '../library/titles.ts';
import type { Router } from '../http/router.ts';
import { boolParam, intListParam, intParam, reply } from '../http/router.ts';
import { failure, isRecord, validationReply, type ValidationFailure } from '../http/validation.ts';
import type { Instance } from '../model/instance.ts';
import { calendarWindow, manualImportItemJson, notAnObject, numberList, registerManualImport, registerReleaseGrab, rootFolderOf, validateAdd, wantedPage } from '../routes/media-routes.ts';
import { createReleaseCache, releaseCommonJson } from '../routes/release-cache.ts';
import { isoDate } from '../time-format.ts';
import type { RadarrApp } from './app.ts';
import { movieFileJson } from './library.ts';
import { webhookMovie, webhookMovieFile } from './payloads.ts';

/** Radarr's own check of an added movie's TMDb id. */
function tmdbIdFailure(body: Record<string, unknown>, app: RadarrApp): ValidationFailure | undefined {
  const tmdbId = body.tmdbId;
  if (typeof tmdbId !== 'number' || !Number.isInteger(tmdbId) || tmdbId <= 0) return failure('TmdbId', "'Tmdb Id' must not be empty.", tmdbId, 'NotEmptyValidator');
  // Radarr's MovieExistsValidator: a 400 validation failure, not a 409.
  if (app.library.byTmdbId(tmdbId) !== undefined) return failure('TmdbId', 'This movie has already been added', tmdbId, 'MovieExistsValidator');
  return undefined;
}

export function registerRadarrRoutes(router: Router, instance: Instance, app: RadarrApp): void {
  const { library } = app;
  const releases = createReleaseCache(instance);
  const movieJson = (movie: MovieEntity): Record<string, unknown> => app.movieJson(movie);

  router.add('GET', '/api/v3/movie', ({ query }) => {
    const tmdbId = intParam(query.get('tmdbId'));
    const movies = [...library.movies.values()].filter((movie) => tmdbId === undefined || movie.tmdbId === tmdbId);
    return reply.json(movies.map(movieJson));
  });

  router.add('GET', '/api/v3/movie/lookup', ({ query }) => {
    const term = (query.get('term') ?? '').trim();
    if (term === '') return validationReply([failure('Term', "'Term' must not be empty.", term, 'NotEmptyValidator')]);
    const prefixed = /^(tmdb|imdb):\s*(\S+)$/i.exec(term);
    if (prefixed?.[1] !== undefined && prefixed[2] !== undefined) {
      const movie = lookupOne(prefixed[1].toLowerCase() === 'tmdb' ? { tmdbId: intParam(prefixed[2]) } : { imdbId: prefixed[2] });
      return reply.json(movie === undefined ? [] : [movieJson(movie)]);
    }
    return reply.json(library.lookup(term).map(movieJson));
  });
  router.add('GET', '/api/v3/movie/lookup/tmdb', ({ query }) => {
    const movie = lookupOne({ tmdbId: intParam(query.get('tmdbId')) });
    return movie === undefined ? reply.notFound() : reply.json(movieJson(movie));
  });
  router.add('GET', '/api/v3/movie/lookup/imdb', ({ query }) => {
    const movie = lookupOne({ imdbId: query.get('imdbId') ?? '' });
    return movie === undefined ? reply.notFound() : reply.json(movieJson(movie));
  });

  function lookupOne(by: { tmdbId?: number | undefined; imdbId?: string }): MovieEntity | undefined {
    if (by.tmdbId !== undefined) return by.tmdbId > 0 ? (library.byTmdbId(by.tmdbId) ?? library.candidate(by.tmdbId)) : undefined;
    const digits = /^tt(\d+)$/.exec(by.imdbId ?? '')?.[1];
    if (digits === undefined) return undefined;
    const existing = [...library.movies.values()].find((movie) => movie.imdbId === by.imdbId);
    if (existing !== undefined) return existing;
    const candidate = library.candidate(Number.parseInt(digits, 10) % 900_000 + 100_000);
    return { ...candidate, imdbId: by.imdbId ?? candidate.imdbId };
  }

  router.add('GET', '/api/v3/movie/{id}', ({ params }) => {
    const movie = library.movies.get(intParam(params.id) ?? -1);
    return movie === undefined ? reply.notFound() : reply.json(movieJson(movie));
  });

  router.add('POST', '/api/v3/movie', ({ body }) => {
    if (!isRecord(body)) return notAnObject('Title');
    const failures = validateAdd(body, instance, (fields) => tmdbIdFailure(fields, app));
    if (failures.length > 0) return validationReply(failures);
    const tmdbId = body.tmdbId as number;
    const template = library.candidate(tmdbId);
    const rootFolderPath = rootFolderOf(body);
    const title = String(body.title);
    const year = typeof body.year === 'number' ? body.year : template.year;
    const folderName = `${title} (${year})`;
    const movie = library.add({
      ...template,
      title,
      year,
      titleSlug: slug(title, tmdbId),
      qualityProfileId: body.qualityProfileId as number,
      monitored: body.monitored !== false,
      minimumAvailability: body.minimumAvailability === 'announced' || body.minimumAvailability === 'inCinemas' ? body.minimumAvailability : 'released',
      rootFolderPath,
      folderName,
      path: typeof body.path === 'string' && body.path !== '' ? body.path : `${rootFolderPath}/${folderName}`,
      tags: numberList(body.tags),
      added: isoDate(instance.clock.now()),
    });
    instance.push.webhook('MovieAdded', { movie: webhookMovie(movie, instance.tags), addMethod: 'manual' });
    instance.push.signal('movie', 'updated', movieJson(movie));
    const addOptions = isRecord(body.addOptions) ? body.addOptions : {};
    if (addOptions.searchForMovie === true) instance.commands.add('MoviesSearch', { movieIds: [movie.id] }, instance.clock.now());
    return reply.created(movieJson(movie));
  });

  router.add('PUT', '/api/v3/movie/{id}', ({ params, body }) => {
    const movie = library.movies.get(intParam(params.id) ?? -1);
    if (movie === undefined) return reply.notFound();
    if (!isRecord(body)) return notAnObject('Id');
    if (typeof body.monitored === 'boolean') movie.monitored = body.monitored;
    if (typeof body.qualityProfileId === 'number') movie.qualityProfileId = body.qualityProfileId;
    if (Array.isArray(body.tags)) movie.tags = numberList(body.tags);
    if (body.minimumAvailability === 'announced' || body.minimumAvailability === 'inCinemas' || body.minimumAvailability === 'released') movie.minimumAvailability = body.minimumAvailability;
    if (typeof body.path === 'string' && body.path !== '') movie.path = body.path;
    instance.push.signal('movie', 'updated', movieJson(movie));
    return reply.accepted(movieJson(movie));
  });

  router.add('DELETE', '/api/v3/movie/{id}', ({ params, query }) => {
    const movie = library.movies.get(intParam(params.id) ?? -1);
    if (movie === undefined) return reply.notFound();
    const deleteFiles = boolParam(query, 'deleteFiles');
    library.movies.delete(movie.id);
    if (movie.hasFile) library.files.delete(movie.movieFileId);
    instance.push.webhook('MovieDelete', { movie: webhookMovie(movie, instance.tags), deletedFiles: deleteFiles, movieFolderSize: movie.sizeOnDisk });
    instance.push.signal('movie', 'deleted', { id: movie.id });
    return reply.empty();
  });

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
      instance.push.webhook('MovieFileDelete', { movie: webhookMovie(movie, instance.tags), movieFile: webhookMovieFile(file), deleteReason: 'manual' });
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
    const profile = instance.qualityProfiles.find((candidate) => candidate.id === movie.qualityProfileId);
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
  registerReleaseGrab(router, instance, releases);

  registerManualImport(router, instance, (download) => {
    const movie = download.target.kind === 'movie' ? library.movies.get(download.target.movieId) : undefined;
    const item = manualImportItemJson(instance, download, { id: Math.abs(download.downloadId.length * 7919 + download.added) % 2_147_483_647, relativePath: `${download.title}.mkv`, name: download.title, size: download.size });
    if (movie !== undefined) item.movie = movieJson(movie);
    return [item];
  }, 'movieId');
}
