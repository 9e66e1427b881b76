/** Turns Radarr and Sonarr records into the media and download facts every event carries. */
import type { EpisodeRecord, ImageRecord, MovieRecord, QualityRecord, SeriesRecord } from './arr-records.ts';
import type { DownloadFacts, MediaFacts } from './events.ts';

/** The poster's remote URL (the app's `images` entry of coverType `poster`), when there is one. */
export function posterUrlOf(images: readonly ImageRecord[] | null | undefined): string | undefined {
  const poster = images?.find((image) => image.coverType === 'poster');
  return poster?.remoteUrl ?? undefined;
}

export function qualityNameOf(quality: QualityRecord | null | undefined): string | undefined {
  return quality?.quality?.name ?? undefined;
}

/** Copies only the defined fields of `source`, so facts never carry `undefined` keys into JSON. */
export function compact<T extends object>(source: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) if (value !== undefined && value !== null) out[key] = value;
  return out as T;
}

export function movieFacts(movie: MovieRecord | null | undefined, movieId?: number | null, fallbackTitle?: string): MediaFacts {
  return compact<MediaFacts>({
    mediaType: 'movie',
    title: movie?.title ?? fallbackTitle ?? 'Unknown movie',
    year: movie?.year ?? undefined,
    movieId: movie?.id ?? movieId ?? undefined,
    tmdbId: movie?.tmdbId ?? undefined,
    imdbId: movie?.imdbId ?? undefined,
    posterUrl: posterUrlOf(movie?.images),
    tags: movie?.tags ? [...movie.tags] : undefined,
  });
}

export function seriesFacts(
  series: SeriesRecord | null | undefined,
  episodes: readonly (EpisodeRecord | null | undefined)[],
  seriesId?: number | null,
  fallbackTitle?: string,
): MediaFacts {
  const list = episodes
    .filter((e): e is EpisodeRecord => e !== null && e !== undefined && typeof e.seasonNumber === 'number' && typeof e.episodeNumber === 'number')
    .map((e) => compact({ id: e.id ?? undefined, seasonNumber: e.seasonNumber ?? 0, episodeNumber: e.episodeNumber ?? 0, title: e.title ?? undefined }));
  list.sort((a, b) => a.seasonNumber - b.seasonNumber || a.episodeNumber - b.episodeNumber);
  const seasons = new Set(list.map((e) => e.seasonNumber));
  const [onlySeason] = seasons;
  return compact<MediaFacts>({
    mediaType: list.length > 0 ? 'episode' : 'series',
    title: series?.title ?? fallbackTitle ?? 'Unknown series',
    year: series?.year ?? undefined,
    seriesId: series?.id ?? seriesId ?? undefined,
    tvdbId: series?.tvdbId ?? undefined,
    imdbId: series?.imdbId ?? undefined,
    episodes: list.length > 0 ? list : undefined,
    seasonNumber: seasons.size === 1 ? onlySeason : undefined,
    posterUrl: posterUrlOf(series?.images),
    tags: series?.tags ? [...series.tags] : undefined,
  });
}

/** Merges the media facts of the records of one download (the episodes of a season pack). */
export function mergeMedia(parts: readonly MediaFacts[]): MediaFacts {
  const [first] = parts;
  if (!first) return { mediaType: 'movie', title: 'Unknown' };
  if (parts.length === 1 || first.mediaType === 'movie') return first;
  const byId = new Map<string, NonNullable<MediaFacts['episodes']>[number]>();
  for (const part of parts) for (const e of part.episodes ?? []) byId.set(`${e.seasonNumber}x${e.episodeNumber}`, e);
  const episodes = [...byId.values()].sort((a, b) => a.seasonNumber - b.seasonNumber || a.episodeNumber - b.episodeNumber);
  const seasons = new Set(episodes.map((e) => e.seasonNumber));
  const [onlySeason] = seasons;
  return compact<MediaFacts>({
    ...first,
    episodes: episodes.length > 0 ? episodes : undefined,
    seasonNumber: seasons.size === 1 ? onlySeason : undefined,
  });
}

export function downloadFacts(facts: DownloadFacts): DownloadFacts {
  return compact(facts);
}
