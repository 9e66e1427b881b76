/** Sonarr's library: series, their episodes and episode files, and lookup candidates, from the seed. */
import { GB, mediaFileJson, titleCase, type LibraryOptions, type MediaFileFields } from '../library/media-files.ts';
import { QUALITIES } from '../library/qualities.ts';
import { generateSeries, type EpisodeEntity, type SeriesEntity } from '../library/series.ts';
import { createRandom, hashString } from '../random.ts';
import { isoDate } from '../time-format.ts';

export interface EpisodeFileEntity extends MediaFileFields {
  seriesId: number;
  seasonNumber: number;
}

export interface SonarrLibrary {
  readonly series: Map<number, SeriesEntity>;
  readonly episodes: Map<number, EpisodeEntity>;
  readonly files: Map<number, EpisodeFileEntity>;
  episodesOf(seriesId: number): EpisodeEntity[];
  /** Adds a generated series with its episodes (new ids). */
  add(generated: ReturnType<typeof generateSeries>): SeriesEntity;
  remove(seriesId: number): SeriesEntity | undefined;
  attachFile(episodeId: number, file: Omit<EpisodeFileEntity, 'id' | 'seriesId' | 'seasonNumber' | 'relativePath' | 'path'>): { file: EpisodeFileEntity; replaced?: EpisodeFileEntity };
  deleteFile(fileId: number): EpisodeFileEntity | undefined;
  byTvdbId(tvdbId: number): SeriesEntity | undefined;
  candidate(tvdbId: number, title?: string): ReturnType<typeof generateSeries>;
  lookup(term: string): ReturnType<typeof generateSeries>[];
}

export function episodeFileJson(file: EpisodeFileEntity): Record<string, unknown> {
  return mediaFileJson('sonarr', file, {
    fields: { seriesId: file.seriesId, seasonNumber: file.seasonNumber, releaseType: 'singleEpisode' },
    mediaInfo: { runTime: '45:00', videoCodec: 'h264' },
  });
}

export function createSonarrLibrary(options: LibraryOptions): SonarrLibrary {
  const series = new Map<number, SeriesEntity>();
  const episodes = new Map<number, EpisodeEntity>();
  const files = new Map<number, EpisodeFileEntity>();
  const bySeries = new Map<number, EpisodeEntity[]>();
  const tvdbIndex = new Map<number, SeriesEntity>();
  let nextSeriesId = 1;
  let nextEpisodeId = 1;
  let nextFileId = 1;
  const candidateOptions = (tvdbId: number, title?: string) => ({ id: 0, tvdbId, rootFolderPath: options.rootFolderPath, qualityProfileId: 1, added: '0001-01-01T00:00:00Z', nowMs: options.nowMs, ...(title === undefined ? {} : { title }) });

  const library: SonarrLibrary = {
    series,
    episodes,
    files,
    episodesOf: (seriesId) => bySeries.get(seriesId) ?? [],
    add(generated) {
      const stored: SeriesEntity = { ...generated.series, id: nextSeriesId++ };
      series.set(stored.id, stored);
      tvdbIndex.set(stored.tvdbId, stored);
      const list = generated.episodes.map((episode) => ({ ...episode, id: nextEpisodeId++, seriesId: stored.id }));
      for (const episode of list) episodes.set(episode.id, episode);
      bySeries.set(stored.id, list);
      return stored;
    },
    remove(seriesId) {
      const removed = series.get(seriesId);
      if (removed === undefined) return undefined;
      series.delete(seriesId);
      tvdbIndex.delete(removed.tvdbId);
      for (const episode of bySeries.get(seriesId) ?? []) {
        episodes.delete(episode.id);
        if (episode.episodeFileId !== 0) files.delete(episode.episodeFileId);
      }
      bySeries.delete(seriesId);
      return removed;
    },
    attachFile(episodeId, input) {
      const episode = episodes.get(episodeId);
      const owner = episode === undefined ? undefined : series.get(episode.seriesId);
      if (episode === undefined || owner === undefined) throw new RangeError(`No episode ${episodeId}`);
      const replaced = episode.hasFile ? files.get(episode.episodeFileId) : undefined;
      if (replaced !== undefined) files.delete(replaced.id);
      const code = `S${String(episode.seasonNumber).padStart(2, '0')}E${String(episode.episodeNumber).padStart(2, '0')}`;
      const relativePath = `Season ${episode.seasonNumber}/${owner.title} - ${code} - ${episode.title} ${input.quality.name}-${input.releaseGroup}.mkv`;
      const file: EpisodeFileEntity = { ...input, id: nextFileId++, seriesId: owner.id, seasonNumber: episode.seasonNumber, relativePath, path: `${owner.path}/${relativePath}` };
      files.set(file.id, file);
      episode.hasFile = true;
      episode.episodeFileId = file.id;
      return replaced === undefined ? { file } : { file, replaced };
    },
    deleteFile(fileId) {
      const file = files.get(fileId);
      if (file === undefined) return undefined;
      files.delete(fileId);
      for (const episode of bySeries.get(file.seriesId) ?? []) {
        if (episode.episodeFileId === fileId) {
          episode.hasFile = false;
          episode.episodeFileId = 0;
        }
      }
      return file;
    },
    byTvdbId: (tvdbId) => tvdbIndex.get(tvdbId),
    candidate: (tvdbId, title) => generateSeries(createRandom(hashString(`${options.seed}:tvdb:${tvdbId}`)), candidateOptions(tvdbId, title)),
    lookup(term) {
      const base = titleCase(term);
      const suffixes = ['', 'Chronicles', 'Files', 'Diaries', 'Legacy'];
      const out: ReturnType<typeof generateSeries>[] = [];
      suffixes.forEach((suffix, index) => {
        const tvdbId = 500_000 + ((hashString(`${options.seed}:${term.toLowerCase()}:${index}`) % 400_000) >>> 0);
        if (tvdbIndex.has(tvdbId)) return;
        out.push(library.candidate(tvdbId, `${base} ${suffix}`.trim()));
      });
      return out;
    },
  };

  const withFileRatio = options.withFileRatio ?? 0.7;
  for (let index = 0; index < options.size; index++) {
    const added = library.add(
      generateSeries(options.random, { id: 0, tvdbId: 70_000 + index * 11 + options.random.int(0, 10), rootFolderPath: options.rootFolderPath, qualityProfileId: options.random.int(1, 2), added: isoDate(options.nowMs - options.random.int(1, 1000) * 86_400_000), nowMs: options.nowMs }),
    );
    const quality = options.random.pick(QUALITIES.slice(0, 4));
    for (const episode of library.episodesOf(added.id)) {
      if (Date.parse(episode.airDateUtc) <= options.nowMs && options.random.chance(withFileRatio)) {
        library.attachFile(episode.id, { size: Math.floor((0.5 + options.random.next() * 2) * GB), dateAdded: Date.parse(episode.airDateUtc) + 86_400_000, sceneName: '', releaseGroup: 'SIMGRP', quality });
      }
    }
  }
  return library;
}
