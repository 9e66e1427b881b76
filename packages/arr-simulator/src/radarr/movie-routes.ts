/** Radarr's movie endpoints: the library, lookup, add (with Radarr's validation), edit and delete. */
import type { MovieEntity } from '../library/movies.ts';
import { slug } from '../library/titles.ts';
import type { Router } from '../http/router.ts';
import { boolParam, intParam, reply } from '../http/router.ts';
import { failure, isRecord, validationReply, type ValidationFailure } from '../http/validation.ts';
import type { Instance } from '../model/instance.ts';
import { notAnObject, numberList, rootFolderOf, validateAdd } from '../routes/media-routes.ts';
import { isoDate } from '../time-format.ts';
import type { RadarrApp } from './app.ts';
import { webhookMovie } from './payloads.ts';
/** Radarr's own check of an added movie's TMDb id. */

/** Radarr's own check of an added movie's TMDb id. */
function tmdbIdFailure(body: Record<string, unknown>, app: RadarrApp): ValidationFailure | undefined {
  const tmdbId = body.tmdbId;
  if (typeof tmdbId !== 'number' || !Number.isInteger(tmdbId) || tmdbId <= 0) return failure('TmdbId', "'Tmdb Id' must not be empty.", tmdbId, 'NotEmptyValidator');
  // Radarr's MovieExistsValidator: a 400 validation failure, not a 409.
  if (app.library.byTmdbId(tmdbId) !== undefined) return failure('TmdbId', 'This movie has already been added', tmdbId, 'MovieExistsValidator');
  return undefined;
}


export function registerMovieRoutes(router: Router, instance: Instance, app: RadarrApp): void {
  const { library } = app;
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
    if (!isRecord(body)) return notAnObject(body, 'Radarr.Api.V3.Movies.MovieResource');
    // Radarr asks for a title only when there is no TMDb id.
    const failures = validateAdd(body, instance.settings, (fields) => tmdbIdFailure(fields, app), { titleRequired: !(typeof body.tmdbId === 'number' && body.tmdbId > 0) });
    if (failures.length > 0) return validationReply(failures);
    const tmdbId = body.tmdbId as number;
    const template = library.candidate(tmdbId);
    const rootFolderPath = rootFolderOf(body);
    const title = typeof body.title === 'string' && body.title.trim() !== '' ? body.title : template.title;
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
    instance.push.webhook('MovieAdded', { movie: webhookMovie(movie, instance.settings.tags), addMethod: 'manual' });
    instance.push.signal('movie', 'updated', movieJson(movie));
    const addOptions = isRecord(body.addOptions) ? body.addOptions : {};
    if (addOptions.searchForMovie === true) instance.commands.add('MoviesSearch', { movieIds: [movie.id] }, instance.clock.now());
    return reply.created(movieJson(movie));
  });

  router.add('PUT', '/api/v3/movie/{id}', ({ params, body }) => {
    const movie = library.movies.get(intParam(params.id) ?? -1);
    if (movie === undefined) return reply.notFound();
    if (!isRecord(body)) return notAnObject(body, 'Radarr.Api.V3.Movies.MovieResource');
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
    instance.push.webhook('MovieDelete', { movie: webhookMovie(movie, instance.settings.tags), deletedFiles: deleteFiles, movieFolderSize: movie.sizeOnDisk });
    instance.push.signal('movie', 'deleted', { id: movie.id });
    return reply.empty();
  });
}
