/** Radarr's library: movies, their files, and lookup candidates, generated from the seed. */
import { generateMovie, type MovieEntity } from '../library/movies.ts';
import { GB, mediaFileJson, titleCase, type LibraryOptions, type MediaFileFields } from '../library/media-files.ts';
import { QUALITIES } from '../library/qualities.ts';
import { createRandom, hashString } from '../random.ts';
import { isoDate } from '../time-format.ts';

export interface MovieFileEntity extends MediaFileFields {
  movieId: number;
}

export interface RadarrLibrary {
  readonly movies: Map<number, MovieEntity>;
  readonly files: Map<number, MovieFileEntity>;
  add(movie: MovieEntity): MovieEntity;
  /** Gives the movie a file, replacing an existing one; returns the new file and the replaced one. */
  attachFile(movieId: number, file: Omit<MovieFileEntity, 'id' | 'movieId' | 'relativePath' | 'path'>): { file: MovieFileEntity; replaced?: MovieFileEntity };
  deleteFile(fileId: number): MovieFileEntity | undefined;
  byTmdbId(tmdbId: number): MovieEntity | undefined;
  /** Candidates for a lookup term, not yet in the library, reproducible for the same seed and term. */
  lookup(term: string): MovieEntity[];
  candidate(tmdbId: number): MovieEntity;
}

export function movieFileJson(file: MovieFileEntity): Record<string, unknown> {
  // The REST MediaInfoResource has `resolution` but no width or height (the webhook's media info differs).
  return mediaFileJson('radarr', file, {
    fields: { movieId: file.movieId, edition: '' },
    mediaInfo: { runTime: '1:52:00', videoCodec: 'x264' },
  });
}

export function createRadarrLibrary(options: LibraryOptions): RadarrLibrary {
  const movies = new Map<number, MovieEntity>();
  const files = new Map<number, MovieFileEntity>();
  const tmdbIndex = new Map<number, MovieEntity>();
  let nextMovieId = 1;
  let nextFileId = 1;

  const library: RadarrLibrary = {
    movies,
    files,
    add(movie) {
      const stored = { ...movie, id: nextMovieId++ };
      movies.set(stored.id, stored);
      tmdbIndex.set(stored.tmdbId, stored);
      return stored;
    },
    attachFile(movieId, input) {
      const movie = movies.get(movieId);
      if (movie === undefined) throw new RangeError(`No movie ${movieId}`);
      const replaced = movie.hasFile ? files.get(movie.movieFileId) : undefined;
      if (replaced !== undefined) files.delete(replaced.id);
      const relativePath = `${movie.folderName} ${input.quality.name}-${input.releaseGroup}.mkv`;
      const file: MovieFileEntity = { ...input, id: nextFileId++, movieId, relativePath, path: `${movie.path}/${relativePath}` };
      files.set(file.id, file);
      movie.hasFile = true;
      movie.movieFileId = file.id;
      movie.sizeOnDisk = file.size;
      return replaced === undefined ? { file } : { file, replaced };
    },
    deleteFile(fileId) {
      const file = files.get(fileId);
      if (file === undefined) return undefined;
      files.delete(fileId);
      const movie = movies.get(file.movieId);
      if (movie !== undefined) {
        movie.hasFile = false;
        movie.movieFileId = 0;
        movie.sizeOnDisk = 0;
      }
      return file;
    },
    byTmdbId: (tmdbId) => tmdbIndex.get(tmdbId),
    candidate(tmdbId) {
      return generateMovie(createRandom(hashString(`${options.seed}:tmdb:${tmdbId}`)), { id: 0, tmdbId, rootFolderPath: options.rootFolderPath, qualityProfileId: 1, added: '0001-01-01T00:00:00Z', nowMs: options.nowMs });
    },
    lookup(term) {
      const base = titleCase(term);
      const suffixes = ['Returns', 'Rising', 'Begins', 'Forever', 'Reborn', 'Unbound'];
      const out: MovieEntity[] = [];
      for (let index = 0; index < 5; index++) {
        const tmdbId = 500_000 + ((hashString(`${options.seed}:${term.toLowerCase()}:${index}`) % 400_000) >>> 0);
        if (tmdbIndex.has(tmdbId)) continue;
        const title = index === 0 ? base : `${base} ${suffixes[index % suffixes.length] ?? ''}`.trim();
        // The same TMDb record as a lookup by id and the add see: only the title comes from the term.
        out.push(generateMovie(createRandom(hashString(`${options.seed}:tmdb:${tmdbId}`)), { id: 0, tmdbId, title, rootFolderPath: options.rootFolderPath, qualityProfileId: 1, added: '0001-01-01T00:00:00Z', nowMs: options.nowMs }));
      }
      return out;
    },
  };

  const withFileRatio = options.withFileRatio ?? 0.7;
  for (let index = 0; index < options.size; index++) {
    const movie = library.add(generateMovie(options.random, { id: 0, tmdbId: 1000 + index * 7 + options.random.int(0, 6), rootFolderPath: options.rootFolderPath, qualityProfileId: options.random.int(1, 2), added: isoDate(options.nowMs - options.random.int(1, 1000) * 86_400_000), nowMs: options.nowMs }));
    if (movie.isAvailable && options.random.chance(withFileRatio)) {
      const quality = options.random.pick(QUALITIES.slice(1, 5));
      library.attachFile(movie.id, { size: options.random.int(2, 20) * GB, dateAdded: options.nowMs - options.random.int(1, 900) * 86_400_000, sceneName: '', releaseGroup: 'SIMGRP', quality });
    }
  }
  return library;
}
