/** Generated movies: the Radarr library and lookup candidates. */
import type { Random } from '../random.ts';
import { images, type MediaEntity } from './media.ts';
import { ENGLISH } from './qualities.ts';
import { cleanTitle, generateTitle, slug, sortTitle } from './titles.ts';
import { CERTIFICATIONS, GENRES, STUDIOS } from './words.ts';

export interface MovieEntity extends MediaEntity {
  originalTitle: string;
  sizeOnDisk: number;
  status: 'announced' | 'inCinemas' | 'released';
  inCinemas: string;
  physicalRelease: string;
  digitalRelease: string;
  releaseDate: string;
  website: string;
  youTubeTrailerId: string;
  studio: string;
  hasFile: boolean;
  movieFileId: number;
  minimumAvailability: 'announced' | 'inCinemas' | 'released';
  isAvailable: boolean;
  folderName: string;
  ratings: Record<'imdb' | 'tmdb', { votes: number; value: number; type: 'user' }>;
  popularity: number;
}

export interface GenerateMovieOptions {
  /** 0 for a lookup candidate not in the library. */
  id: number;
  tmdbId: number;
  title?: string;
  rootFolderPath: string;
  qualityProfileId: number;
  added: string;
  nowMs: number;
}

function isoDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10) + 'T00:00:00Z';
}

export function generateMovie(random: Random, options: GenerateMovieOptions): MovieEntity {
  // Drawn even when a title is given, so the rest depends only on the TMDb id (see generateSeries).
  const drawnTitle = generateTitle(random);
  const title = options.title ?? drawnTitle;
  const daysAgo = random.int(-120, 365 * 30);
  const cinemas = options.nowMs - daysAgo * 86_400_000;
  const physical = cinemas + random.int(60, 150) * 86_400_000;
  const digital = cinemas + random.int(30, 90) * 86_400_000;
  const year = new Date(cinemas).getUTCFullYear();
  const status = physical <= options.nowMs || digital <= options.nowMs ? 'released' : cinemas <= options.nowMs ? 'inCinemas' : 'announced';
  const folderName = `${title.replace(/[:/\\]/g, '')} (${year})`;
  return {
    id: options.id,
    title,
    originalTitle: title,
    originalLanguage: ENGLISH,
    sortTitle: sortTitle(title),
    sizeOnDisk: 0,
    status,
    overview: `A generated film about ${title.toLowerCase()}.`,
    inCinemas: isoDay(cinemas),
    physicalRelease: isoDay(physical),
    digitalRelease: isoDay(digital),
    releaseDate: isoDay(Math.min(physical, digital)),
    images: images('movie', options.tmdbId),
    website: '',
    year,
    youTubeTrailerId: '',
    studio: random.pick(STUDIOS),
    path: `${options.rootFolderPath}/${folderName}`,
    qualityProfileId: options.qualityProfileId,
    hasFile: false,
    movieFileId: 0,
    monitored: true,
    minimumAvailability: 'released',
    isAvailable: status === 'released',
    folderName,
    runtime: random.int(80, 170),
    cleanTitle: cleanTitle(title),
    imdbId: `tt${String(options.tmdbId * 7 + 1_000_000).padStart(7, '0')}`,
    tmdbId: options.tmdbId,
    titleSlug: slug(title, options.tmdbId),
    rootFolderPath: options.rootFolderPath,
    certification: random.pick(CERTIFICATIONS),
    genres: [random.pick(GENRES), random.pick(GENRES)].filter((genre, index, all) => all.indexOf(genre) === index),
    tags: [],
    added: options.added,
    ratings: {
      imdb: { votes: random.int(100, 900_000), value: Math.round((4 + random.next() * 5) * 10) / 10, type: 'user' },
      tmdb: { votes: random.int(50, 30_000), value: Math.round((4 + random.next() * 5) * 10) / 10, type: 'user' },
    },
    popularity: Math.round(random.next() * 1000) / 10,
  };
}
