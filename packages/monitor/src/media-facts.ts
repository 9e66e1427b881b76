/** Turns Radarr and Sonarr records into the media and download facts every event carries. */
import type { EpisodeRecord, ImageRecord, MovieRecord, QualityRecord, SeriesRecord } from './arr-records.ts';
import type { MediaFacts } from './events.ts';

/** The poster's remote URL (the app's `images` entry of coverType `poster`), when there is one. */
export function posterUrlOf(images: readonly ImageRecord[] | null | undefined): string | undefined {
  if (!Array.isArray(images)) return undefined;
  const poster = (images as readonly unknown[]).find((image): image is ImageRecord => isObject(image) && image.coverType === 'poster');
  return textOf(poster?.remoteUrl);
}

export function qualityNameOf(quality: QualityRecord | null | undefined): string | undefined {
  return isObject(quality) && isObject(quality.quality) ? textOf(quality.quality.name) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** `value` when it is a string (the apps' optional texts are checked where read). */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A movie or series as the facts need it; its tags are given as labels, resolved by the caller. */
type MediaRecord<T> = Omit<T, 'tags'>;

/** Tag labels as events carry them: strings only (webhooks give labels; REST ids are resolved first). */
export function tagLabelsOf(tags: unknown): string[] | undefined {
  return Array.isArray(tags) ? (tags as unknown[]).filter((tag): tag is string => typeof tag === 'string') : undefined;
}

/** Copies only the defined fields of `source`, so facts never carry `undefined` keys into JSON. */
export function compact<T extends object>(source: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) if (value !== undefined && value !== null) out[key] = value;
  return out as T;
}

export function movieFacts(movie: MediaRecord<MovieRecord> | null | undefined, movieId?: number | null, fallbackTitle?: string, tags?: readonly string[]): MediaFacts {
  const m = isObject(movie) ? movie : undefined;
  return compact<MediaFacts>({
    mediaType: 'movie',
    title: textOf(m?.title) ?? fallbackTitle ?? 'Unknown movie',
    year: numberOf(m?.year),
    movieId: numberOf(m?.id) ?? movieId ?? undefined,
    tmdbId: numberOf(m?.tmdbId),
    imdbId: textOf(m?.imdbId),
    posterUrl: posterUrlOf(m?.images),
    tags: tags ? [...tags] : undefined,
  });
}

export function seriesFacts(
  series: MediaRecord<SeriesRecord> | null | undefined,
  episodes: readonly (EpisodeRecord | null | undefined)[] | null | undefined,
  seriesId?: number | null,
  fallbackTitle?: string,
  tags?: readonly string[],
): MediaFacts {
  const s = isObject(series) ? series : undefined;
  const list = (Array.isArray(episodes) ? (episodes as readonly unknown[]) : [])
    .filter((e): e is EpisodeRecord & { seasonNumber: number; episodeNumber: number } => isObject(e) && typeof e.seasonNumber === 'number' && typeof e.episodeNumber === 'number')
    .map((e) => compact({ id: numberOf(e.id), seasonNumber: e.seasonNumber, episodeNumber: e.episodeNumber, title: textOf(e.title) }));
  list.sort((a, b) => a.seasonNumber - b.seasonNumber || a.episodeNumber - b.episodeNumber);
  const seasons = new Set(list.map((e) => e.seasonNumber));
  const [onlySeason] = seasons;
  return compact<MediaFacts>({
    mediaType: list.length > 0 ? 'episode' : 'series',
    title: textOf(s?.title) ?? fallbackTitle ?? 'Unknown series',
    year: numberOf(s?.year),
    seriesId: numberOf(s?.id) ?? seriesId ?? undefined,
    tvdbId: numberOf(s?.tvdbId),
    imdbId: textOf(s?.imdbId),
    episodes: list.length > 0 ? list : undefined,
    seasonNumber: seasons.size === 1 ? onlySeason : undefined,
    posterUrl: posterUrlOf(s?.images),
    tags: tags ? [...tags] : undefined,
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
