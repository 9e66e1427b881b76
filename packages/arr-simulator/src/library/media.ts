/** What generated movies and series share: their cover images and the fields both apps' resources carry. */
import type { Language } from './qualities.ts';
import { IMAGE_HOST } from './words.ts';

export interface MediaCover {
  coverType: 'poster' | 'fanart' | 'banner';
  url: string;
  remoteUrl: string;
}

export function images(kind: 'movie' | 'series', externalId: number): MediaCover[] {
  return (['poster', 'fanart'] as const).map((coverType) => ({
    coverType,
    url: `/MediaCover/${externalId}/${coverType}.jpg`,
    remoteUrl: `${IMAGE_HOST}/${kind}/${externalId}/${coverType}.jpg`,
  }));
}

/** The fields a movie and a series share. */
export interface MediaEntity {
  /** 0 for a lookup candidate not in the library. */
  id: number;
  title: string;
  sortTitle: string;
  overview: string;
  images: MediaCover[];
  originalLanguage: Language;
  year: number;
  path: string;
  qualityProfileId: number;
  monitored: boolean;
  runtime: number;
  tmdbId: number;
  cleanTitle: string;
  imdbId: string;
  titleSlug: string;
  rootFolderPath: string;
  certification: string;
  genres: string[];
  tags: number[];
  added: string;
}
