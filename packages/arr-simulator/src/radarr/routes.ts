/** Radarr's media endpoints: movies, lookup, movie files, calendar, wanted, releases, manual import. */
import type { MovieEntity } from '../library/movies.ts';
import { ENGLISH, qualityModel } from '../library/qualities.ts';
import { slug } from '../library/titles.ts';
import type { Router } from '../http/router.ts';
import { boolParam, intParam, reply } from '../http/router.ts';
import { failure, isRecord, validationReply, type ValidationFailure } from '../http/validation.ts';
import type { Instance } from '../model/instance.ts';
import { paginate, readPaging } from '../model/paging.ts';
import { createReleaseCache, releaseCommonJson } from '../routes/release-cache.ts';
import { isoDate } from '../time-format.ts';
import type { RadarrApp } from './app.ts';
import { movieFileJson } from './library.ts';
import { webhookMovie, webhookMovieFile } from './payloads.ts';

function validateMovie(body: Record<string, unknown>, instance: Instance, app: RadarrApp): ValidationFailure[] {
  const failures: ValidationFailure[] = [];
  const hasPath = typeof body.path === 'string' && body.path.trim() !== '';
  const hasRoot = typeof body.rootFolderPath === 'string' && body.rootFolderPath.trim() !== '';
  if (!hasPath && !hasRoot) failures.push(failure('RootFolderPath', 'Invalid Path', body.rootFolderPath, 'PathValidator'));
  if (typeof body.title !== 'string' || body.title.trim() === '') failures.push(failure('Title', "'Title' must not be empty.", body.title, 'NotEmptyValidator'));
  const tmdbId = body.tmdbId;
  if (typeof tmdbId !== 'number' || !Number.isInteger(tmdbId) || tmdbId <= 0) {
    failures.push(failure('TmdbId', "'Tmdb Id' must not be empty.", tmdbId, 'NotEmptyValidator'));
  } else if (app.library.byTmdbId(tmdbId) !== undefined) {
    // Radarr's MovieExistsValidator: a 400 validation failure, not a 409.
    failures.push(failure('TmdbId', 'This movie has already been added', tmdbId, 'MovieExistsValidator'));
  }
  const profileId = body.qualityProfileId;
  if (typeof profileId !== 'number' || !instance.qualityProfiles.some((profile) => profile.id === profileId)) {
    failures.push(failure('QualityProfileId', 'Quality Profile does not exist', profileId, 'QualityProfileExistsValidator'));
  }
  return failures;
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
    if (!isRecord(body)) return validationReply([failure('Title', "'Title' must not be empty.", null, 'NotEmptyValidator')]);
    const failures = validateMovie(body, instance, app);
    if (failures.length > 0) return validationReply(failures);
    const tmdbId = body.tmdbId as number;
    const template = library.candidate(tmdbId);
    const rootFolderPath = typeof body.rootFolderPath === 'string' && body.rootFolderPath !== '' ? body.rootFolderPath : String(body.path).split('/').slice(0, -1).join('/');
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
      tags: Array.isArray(body.tags) ? body.tags.filter((tag): tag is number => typeof tag === 'number') : [],
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
    if (!isRecord(body)) return validationReply([failure('Id', "'Id' must not be empty.", null, 'NotEmptyValidator')]);
    if (typeof body.monitored === 'boolean') movie.monitored = body.monitored;
    if (typeof body.qualityProfileId === 'number') movie.qualityProfileId = body.qualityProfileId;
    if (Array.isArray(body.tags)) movie.tags = body.tags.filter((tag): tag is number => typeof tag === 'number');
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
    const movieIds = query.getAll('movieId').flatMap((value) => value.split(',')).map((value) => intParam(value));
    const fileIds = query.getAll('movieFileIds').flatMap((value) => value.split(',')).map((value) => intParam(value));
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
    const now = instance.clock.now();
    const startRaw = query.get('start');
    const endRaw = query.get('end');
    const start = startRaw === null ? now - (now % 86_400_000) : Date.parse(startRaw);
    const end = endRaw === null ? start + 2 * 86_400_000 : Date.parse(endRaw);
    const unmonitored = boolParam(query, 'unmonitored');
    const inRange = (iso: string): boolean => {
      const at = Date.parse(iso);
      return at >= start && at <= end;
    };
    const movies = [...library.movies.values()].filter((movie) => (unmonitored || movie.monitored) && (inRange(movie.inCinemas) || inRange(movie.digitalRelease) || inRange(movie.physicalRelease)));
    return reply.json(movies.map(movieJson));
  });

  const wanted = (predicate: (movie: MovieEntity) => boolean) => ({ query }: { query: URLSearchParams }) => {
    const monitored = query.get('monitored') !== 'false';
    const movies = [...library.movies.values()].filter((movie) => movie.monitored === monitored && predicate(movie));
    const paging = readPaging(query, { sortKey: 'movieMetadata.sortTitle', sortDirection: 'ascending' });
    const page = paginate(movies, paging, (movie, key) => {
      const lower = key.toLowerCase();
      if (lower.endsWith('sorttitle') || lower === 'title') return movie.sortTitle;
      if (lower.endsWith('releasedate') || lower.endsWith('incinemas')) return movie.releaseDate;
      return undefined;
    }, 'movieMetadata.sortTitle');
    return reply.json({ ...page, records: page.records.map(movieJson) });
  };
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
  router.add('POST', '/api/v3/release', ({ body }) => {
    const release = isRecord(body) && typeof body.guid === 'string' ? releases.get(body.guid) : undefined;
    if (release === undefined) return reply.error(404, "Couldn't find requested release in cache, cache timeout probably expired.");
    instance.grab({ target: release.target, title: release.title, quality: release.quality, size: release.size, protocol: release.protocol, indexerId: release.indexerId });
    return reply.json(release.json ?? releaseCommonJson(release));
  });

  const manualImportItems = (downloadId: string | null): Record<string, unknown>[] =>
      [...instance.downloads.values()].filter((download) => (downloadId === null ? download.phase === 'importBlocked' : download.downloadId === downloadId)).map((download) => {
        const movie = download.target.kind === 'movie' ? library.movies.get(download.target.movieId) : undefined;
        const item: Record<string, unknown> = {
          id: Math.abs(download.downloadId.length * 7919 + download.added) % 2_147_483_647,
          path: `${download.outputPath}/${download.title}.mkv`,
          relativePath: `${download.title}.mkv`,
          folderName: download.title,
          name: download.title,
          size: download.size,
          quality: qualityModel('radarr', download.quality),
          languages: [ENGLISH],
          releaseGroup: download.releaseGroup,
          qualityWeight: download.quality.id * 100,
          downloadId: download.downloadId,
          customFormats: [],
          customFormatScore: 0,
          indexerFlags: 0,
          rejections: download.statusMessages.flatMap((message) => message.messages).map((reason) => ({ reason, type: 'permanent' })),
        };
        if (movie !== undefined) item.movie = movieJson(movie);
        return item;
      });
  router.add('GET', '/api/v3/manualimport', ({ query }) => reply.json(manualImportItems(query.get('downloadId'))));
  // Like the app, POST only re-evaluates the candidates; the import is the ManualImport command.
  router.add('POST', '/api/v3/manualimport', ({ body }) => {
    const items = Array.isArray(body) ? body : [];
    const processed: Record<string, unknown>[] = [];
    for (const item of items) {
      if (!isRecord(item) || typeof item.downloadId !== 'string') continue;
      const download = instance.downloads.get(item.downloadId);
      if (download === undefined) continue;
      processed.push(...manualImportItems(download.downloadId).map((candidate) => ({ ...candidate, movieId: download.target.kind === 'movie' ? download.target.movieId : 0, rejections: [] })));
    }
    return reply.json(processed);
  });

}
