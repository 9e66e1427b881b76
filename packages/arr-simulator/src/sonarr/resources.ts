/** Sonarr's series and episode resources as its REST API answers them (statistics included). */
import type { SimClock } from '../clock.ts';
import type { EpisodeEntity, SeriesEntity } from '../library/series.ts';
import type { Json } from '../model/media-app.ts';
import { episodeFileJson, type SonarrLibrary } from './library.ts';

export interface SonarrResources {
  seriesJson: (series: SeriesEntity) => Json;
  episodeJson: (episode: EpisodeEntity, options?: { includeSeries?: boolean; includeEpisodeFile?: boolean }) => Json;
  /** True once the episode has aired (simulated time). */
  aired: (episode: EpisodeEntity) => boolean;
}

export function createSonarrResources(library: SonarrLibrary, clock: SimClock): SonarrResources {
  const aired = (episode: EpisodeEntity): boolean => Date.parse(episode.airDateUtc) <= clock.now();

  function seriesJson(series: SeriesEntity): Json {
    const episodes = library.episodesOf(series.id);
    const stats = (list: EpisodeEntity[]) => {
      const withFile = list.filter((episode) => episode.hasFile);
      const sizeOnDisk = withFile.reduce((sum, episode) => sum + (library.files.get(episode.episodeFileId)?.size ?? 0), 0);
      const episodeCount = list.filter((episode) => episode.monitored && (aired(episode) || episode.hasFile)).length;
      return {
        episodeFileCount: withFile.length,
        episodeCount,
        totalEpisodeCount: list.length,
        sizeOnDisk,
        releaseGroups: [...new Set(withFile.map((episode) => library.files.get(episode.episodeFileId)?.releaseGroup ?? ''))].filter((group) => group !== ''),
        percentOfEpisodes: episodeCount === 0 ? 0 : (withFile.length / episodeCount) * 100,
      };
    };
    const json: Json = {
      ...series,
      seasons: series.seasons.map((season) => ({ ...season, statistics: stats(episodes.filter((episode) => episode.seasonNumber === season.seasonNumber)) })),
      statistics: { seasonCount: series.seasons.length, ...stats(episodes) },
      languageProfileId: 1,
    };
    // A lookup candidate is not in the library: no path yet, and no id, since Sonarr leaves an id of 0
    // out of every resource (Sonarr main: src/Sonarr.Http/REST/RestResource.cs, WhenWritingDefault).
    if (series.id === 0) {
      delete json.id;
      delete json.path;
    }
    return json;
  }

  function episodeJson(episode: EpisodeEntity, options: { includeSeries?: boolean; includeEpisodeFile?: boolean } = {}): Json {
    const json: Json = { ...episode };
    const series = library.series.get(episode.seriesId);
    if (options.includeSeries === true && series !== undefined) json.series = seriesJson(series);
    const file = episode.hasFile ? library.files.get(episode.episodeFileId) : undefined;
    if (options.includeEpisodeFile === true && file !== undefined) json.episodeFile = episodeFileJson(file);
    return json;
  }

  return { seriesJson, episodeJson, aired };
}
