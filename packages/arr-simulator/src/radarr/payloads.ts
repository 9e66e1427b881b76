/** Radarr's webhook payload parts (`src/NzbDrone.Core/Notifications/Webhook/` in Radarr). */
import type { MovieEntity } from '../library/movies.ts';
import type { Tag } from '../library/settings.ts';
import { tagLabels, webhookFile } from '../push/webhook-parts.ts';
import type { MovieFileEntity } from './library.ts';

export function webhookMovie(movie: MovieEntity, tags: readonly Tag[]): Record<string, unknown> {
  return {
    id: movie.id,
    title: movie.title,
    year: movie.year,
    releaseDate: movie.releaseDate.slice(0, 10),
    folderPath: movie.path,
    tmdbId: movie.tmdbId,
    imdbId: movie.imdbId,
    overview: movie.overview,
    genres: movie.genres,
    images: movie.images,
    tags: tagLabels(movie.tags, tags),
    originalLanguage: movie.originalLanguage,
  };
}

export function webhookRemoteMovie(movie: MovieEntity): Record<string, unknown> {
  return { tmdbId: movie.tmdbId, imdbId: movie.imdbId, title: movie.title, year: movie.year };
}

export function webhookMovieFile(file: MovieFileEntity, sourcePath?: string): Record<string, unknown> {
  return webhookFile(file, sourcePath, { indexerFlags: '0' });
}
