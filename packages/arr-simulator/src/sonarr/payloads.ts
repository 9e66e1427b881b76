/** Sonarr's webhook payload parts (`src/NzbDrone.Core/Notifications/Webhook/` in Sonarr). */
import type { EpisodeEntity, SeriesEntity } from '../library/series.ts';
import { ENGLISH } from '../library/qualities.ts';
import type { Tag } from '../library/settings.ts';
import type { Download } from '../model/download.ts';
import { isoDate } from '../time-format.ts';
import type { EpisodeFileEntity } from './library.ts';

export function webhookSeries(series: SeriesEntity, tags: readonly Tag[]): Record<string, unknown> {
  return {
    id: series.id,
    title: series.title,
    titleSlug: series.titleSlug,
    path: series.path,
    tvdbId: series.tvdbId,
    tvMazeId: series.tvMazeId,
    tmdbId: series.tmdbId,
    imdbId: series.imdbId,
    type: series.seriesType,
    year: series.year,
    genres: series.genres,
    images: series.images,
    tags: series.tags.map((id) => tags.find((tag) => tag.id === id)?.label ?? String(id)),
    originalLanguage: series.originalLanguage,
  };
}

export function webhookEpisode(episode: EpisodeEntity): Record<string, unknown> {
  return {
    id: episode.id,
    episodeNumber: episode.episodeNumber,
    seasonNumber: episode.seasonNumber,
    title: episode.title,
    overview: episode.overview,
    airDate: episode.airDate,
    airDateUtc: episode.airDateUtc,
    seriesId: episode.seriesId,
    tvdbId: episode.tvdbId,
  };
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

export function webhookEpisodeFile(file: EpisodeFileEntity, sourcePath?: string): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: file.id,
    relativePath: file.relativePath,
    path: file.path,
    quality: file.quality.name,
    qualityVersion: 1,
    releaseGroup: file.releaseGroup,
    sceneName: file.sceneName,
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
