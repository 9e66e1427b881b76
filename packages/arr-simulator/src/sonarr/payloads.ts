/** Sonarr's webhook payload parts (`src/NzbDrone.Core/Notifications/Webhook/` in Sonarr). */
import type { EpisodeEntity, SeriesEntity } from '../library/series.ts';
import type { Tag } from '../library/settings.ts';
import { tagLabels, webhookFile } from '../push/webhook-parts.ts';
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
    tags: tagLabels(series.tags, tags),
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

/** The name of one episode's file in a download (a pack holds one per episode). */
export function packFileName(title: string, episode: Pick<EpisodeEntity, 'episodeNumber'> | undefined, episodeCount: number): string {
  return `${title}${episodeCount > 1 && episode !== undefined ? `.E${String(episode.episodeNumber).padStart(2, '0')}` : ''}.mkv`;
}

export function webhookEpisodeFile(file: EpisodeFileEntity, sourcePath?: string): Record<string, unknown> {
  return webhookFile(file, sourcePath);
}
