/** What Radarr's and Sonarr's libraries share: the generation options, a file's resource, lookup titles. */
import type { Random } from '../random.ts';
import { isoDate } from '../time-format.ts';
import { releaseQualityFields, type QualityDefinition } from './qualities.ts';

export const GB = 1024 ** 3;

/** What a movie file and an episode file share. */
export interface MediaFileFields {
  id: number;
  relativePath: string;
  path: string;
  size: number;
  dateAdded: number;
  sceneName: string;
  releaseGroup: string;
  quality: QualityDefinition;
}

/** Options of `createRadarrLibrary` and `createSonarrLibrary`. */
export interface LibraryOptions {
  random: Random;
  seed: number;
  /** Movies or series to generate. */
  size: number;
  nowMs: number;
  rootFolderPath: string;
  /** Share of the library that already has a file (default 0.7). */
  withFileRatio?: number;
}

/**
 * A movie file or episode file as `GET /moviefile` / `GET /episodefile` answer: the shared fields,
 * then the app's own (`fields`, e.g. `movieId` or `seriesId`) and media info (`mediaInfo`).
 */
export function mediaFileJson(kind: 'radarr' | 'sonarr', file: MediaFileFields, own: { fields: Record<string, unknown>; mediaInfo: Record<string, unknown> }): Record<string, unknown> {
  const resolution = file.quality.resolution;
  return {
    id: file.id,
    ...own.fields,
    relativePath: file.relativePath,
    path: file.path,
    size: file.size,
    dateAdded: isoDate(file.dateAdded),
    sceneName: file.sceneName,
    releaseGroup: file.releaseGroup,
    ...releaseQualityFields(kind, file.quality),
    customFormatScore: 0,
    indexerFlags: 0,
    qualityCutoffNotMet: false,
    mediaInfo: {
      audioBitrate: 640_000,
      audioChannels: 5.1,
      audioCodec: 'EAC3',
      audioLanguages: 'eng',
      audioStreamCount: 1,
      videoBitDepth: 8,
      videoBitrate: 0,
      videoFps: 23.976,
      videoDynamicRange: '',
      videoDynamicRangeType: '',
      resolution: `${Math.round((resolution * 16) / 9)}x${resolution}`,
      scanType: 'Progressive',
      subtitles: 'eng',
      ...own.mediaInfo,
    },
  };
}

/** A lookup term as a title: each word capitalised, single spaces. */
export function titleCase(term: string): string {
  return term.trim().split(/\s+/).filter((word) => word !== '').map((word) => `${word.slice(0, 1).toUpperCase()}${word.slice(1).toLowerCase()}`).join(' ');
}
