/** Radarr's webhook payload parts (`src/NzbDrone.Core/Notifications/Webhook/` in Radarr). */
import type { MovieEntity } from '../library/movies.ts';
import { ENGLISH } from '../library/qualities.ts';
import type { Tag } from '../library/settings.ts';
import type { Download } from '../model/download.ts';
import { isoDate } from '../time-format.ts';
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
    tags: movie.tags.map((id) => tags.find((tag) => tag.id === id)?.label ?? String(id)),
    originalLanguage: movie.originalLanguage,
  };
}

export function webhookRemoteMovie(movie: MovieEntity): Record<string, unknown> {
  return { tmdbId: movie.tmdbId, imdbId: movie.imdbId, title: movie.title, year: movie.year };
}

export function webhookRelease(download: Download): Record<string, unknown> {
  return {
    quality: download.quality.name,
    qualityVersion: 1,
    releaseGroup: download.releaseGroup,
    releaseTitle: download.title,
    indexer: download.indexer,
    size: download.size,
    customFormatScore: download.customFormatScore,
    customFormats: [],
    languages: [ENGLISH],
    indexerFlags: [],
  };
}

export function webhookMovieFile(file: MovieFileEntity, sourcePath?: string): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: file.id,
    relativePath: file.relativePath,
    path: file.path,
    quality: file.quality.name,
    qualityVersion: 1,
    releaseGroup: file.releaseGroup,
    sceneName: file.sceneName,
    indexerFlags: '0',
    size: file.size,
    dateAdded: isoDate(file.dateAdded),
    languages: [ENGLISH],
  };
  if (sourcePath !== undefined) json.sourcePath = sourcePath;
  return json;
}

export function downloadClientFields(download: Download): Record<string, unknown> {
  return {
    downloadClient: download.downloadClient,
    downloadClientType: download.protocol === 'torrent' ? 'qBittorrent' : 'SABnzbd',
    downloadId: download.downloadId,
    customFormatInfo: { customFormats: [], customFormatScore: download.customFormatScore },
  };
}
