/** Generated series with seasons and episodes: the Sonarr library and lookup candidates. */
import type { Random } from '../random.ts';
import { images, type MediaEntity } from './media.ts';
import { ENGLISH } from './qualities.ts';
import { cleanTitle, generateTitle, slug, sortTitle } from './titles.ts';
import { CERTIFICATIONS, GENRES, NETWORKS } from './words.ts';

export interface SeasonEntity {
  seasonNumber: number;
  monitored: boolean;
}

export interface SeriesEntity extends MediaEntity {
  status: 'continuing' | 'ended' | 'upcoming';
  ended: boolean;
  network: string;
  airTime: string;
  seasons: SeasonEntity[];
  seasonFolder: boolean;
  monitorNewItems: 'all' | 'none';
  useSceneNumbering: boolean;
  tvdbId: number;
  tvRageId: number;
  tvMazeId: number;
  firstAired: string;
  lastAired: string;
  seriesType: 'standard' | 'daily' | 'anime';
  ratings: { votes: number; value: number };
}

export interface EpisodeEntity {
  id: number;
  seriesId: number;
  tvdbId: number;
  episodeFileId: number;
  seasonNumber: number;
  episodeNumber: number;
  title: string;
  airDate: string;
  airDateUtc: string;
  runtime: number;
  overview: string;
  hasFile: boolean;
  monitored: boolean;
  unverifiedSceneNumbering: boolean;
}

export interface GenerateSeriesOptions {
  id: number;
  tvdbId: number;
  title?: string;
  rootFolderPath: string;
  qualityProfileId: number;
  added: string;
  nowMs: number;
  /** Upper bound on seasons (default 4). */
  maxSeasons?: number;
}

export interface GeneratedSeries {
  series: SeriesEntity;
  /** Episodes without ids (the library assigns them). */
  episodes: Omit<EpisodeEntity, 'id' | 'seriesId'>[];
}

const DAY = 86_400_000;

export function generateSeries(random: Random, options: GenerateSeriesOptions): GeneratedSeries {
  // Drawn even when a title is given, so the seasons and episodes depend only on the TVDB id: a lookup
  // by name, a lookup by id and the add that follows see the same TVDB record, as in the real app.
  const drawnTitle = generateTitle(random);
  const title = options.title ?? drawnTitle;
  const seasonCount = random.int(1, options.maxSeasons ?? 4);
  const episodesPerSeason = random.int(6, 12);
  // Later seasons air later; the last one may still be airing, which makes calendar and missing lists non-empty.
  const firstAiredMs = options.nowMs - (seasonCount * 365 - random.int(0, 200)) * DAY;
  const airTime = `${String(random.int(18, 22))}:00`;
  const episodes: GeneratedSeries['episodes'] = [];
  let lastAiredMs = firstAiredMs;
  for (let season = 1; season <= seasonCount; season++) {
    const seasonStart = firstAiredMs + (season - 1) * 365 * DAY;
    for (let number = 1; number <= episodesPerSeason; number++) {
      const airMs = seasonStart + (number - 1) * 7 * DAY;
      lastAiredMs = Math.max(lastAiredMs, airMs);
      const airDateUtc = new Date(airMs).toISOString().slice(0, 10) + `T${airTime}:00Z`;
      episodes.push({
        tvdbId: options.tvdbId * 1000 + season * 100 + number,
        episodeFileId: 0,
        seasonNumber: season,
        episodeNumber: number,
        title: generateTitle(random),
        airDate: airDateUtc.slice(0, 10),
        airDateUtc,
        runtime: 45,
        overview: 'A generated episode.',
        hasFile: false,
        monitored: true,
        unverifiedSceneNumbering: false,
      });
    }
  }
  const ended = lastAiredMs < options.nowMs - 60 * DAY && random.chance(0.5);
  const firstAired = new Date(firstAiredMs).toISOString().slice(0, 10) + 'T00:00:00Z';
  const series: SeriesEntity = {
    id: options.id,
    title,
    sortTitle: sortTitle(title),
    status: ended ? 'ended' : 'continuing',
    ended,
    overview: `A generated series about ${title.toLowerCase()}.`,
    network: random.pick(NETWORKS),
    airTime,
    images: images('series', options.tvdbId),
    originalLanguage: ENGLISH,
    seasons: Array.from({ length: seasonCount }, (_, index) => ({ seasonNumber: index + 1, monitored: true })),
    year: new Date(firstAiredMs).getUTCFullYear(),
    path: `${options.rootFolderPath}/${title.replace(/[:/\\]/g, '')}`,
    qualityProfileId: options.qualityProfileId,
    seasonFolder: true,
    monitored: true,
    monitorNewItems: 'all',
    useSceneNumbering: false,
    runtime: 45,
    tvdbId: options.tvdbId,
    tvRageId: 0,
    tvMazeId: options.tvdbId + 7,
    tmdbId: options.tvdbId + 13,
    firstAired,
    lastAired: new Date(lastAiredMs).toISOString().slice(0, 10) + 'T00:00:00Z',
    seriesType: 'standard',
    cleanTitle: cleanTitle(title),
    imdbId: `tt${String(options.tvdbId * 3 + 2_000_000).padStart(7, '0')}`,
    titleSlug: slug(title, options.tvdbId),
    rootFolderPath: options.rootFolderPath,
    certification: random.pick(CERTIFICATIONS.slice(3)),
    genres: [random.pick(GENRES)],
    tags: [],
    added: options.added,
    ratings: { votes: random.int(10, 50_000), value: Math.round((5 + random.next() * 4.5) * 10) / 10 },
  };
  return { series, episodes };
}
