/** Sonarr's searches: what is missing, and grabbing one release per episode or a whole season as a pack. */
import type { EpisodeEntity } from '../library/series.ts';
import type { DownloadTarget } from '../model/download.ts';
import type { Instance } from '../model/instance.ts';
import type { Random } from '../random.ts';
import type { SonarrLibrary } from './library.ts';

export interface EpisodeSearch {
  /** A random target for a scenario, not in the queue (a whole season when `seasonPack`). */
  pickTarget(random: Random, options: { seasonPack?: boolean }): DownloadTarget | undefined;
  /** Grabs one release per episode, or one season pack when every episode of a season is wanted. */
  searchEpisodes(episodeIds: readonly number[]): number;
  /** Monitored, aired episodes without a file, of monitored series (of one series when given). */
  missingEpisodeIds(seriesId?: number): number[];
  /** Whether an episode has a file whose quality is not its series' profile cutoff (`wanted/cutoff`). */
  cutoffUnmet(episode: EpisodeEntity): boolean;
  /** Monitored episodes of monitored series whose file is below the cutoff (`CutoffUnmetEpisodeSearch`). */
  cutoffUnmetEpisodeIds(seriesId?: number): number[];
}

export function createEpisodeSearch(instance: Pick<Instance, 'queue' | 'lifecycle' | 'settings'>, library: SonarrLibrary, aired: (episode: EpisodeEntity) => boolean): EpisodeSearch {
  return {
    pickTarget(random, options) {
      const seriesIds = [...library.series.keys()];
      for (let attempt = 0; attempt < 40 && seriesIds.length > 0; attempt++) {
        const series = library.series.get(random.pick(seriesIds));
        if (series === undefined) continue;
        const season = random.pick(series.seasons).seasonNumber;
        const free = library.episodesOf(series.id).filter((episode) => episode.seasonNumber === season && !instance.queue.isTargetQueued({ kind: 'episodes', seriesId: series.id, seasonNumber: season, episodeIds: [episode.id] }));
        if (free.length === 0) continue;
        const episodeIds = options.seasonPack === true ? free.map((episode) => episode.id) : [random.pick(free).id];
        return { kind: 'episodes', seriesId: series.id, seasonNumber: season, episodeIds };
      }
      return undefined;
    },

    searchEpisodes(episodeIds) {
      // Group by series and season: a whole wanted season is grabbed as one pack, as the app prefers.
      const groups = new Map<string, EpisodeEntity[]>();
      for (const id of episodeIds) {
        const episode = library.episodes.get(id);
        if (episode?.monitored !== true) continue;
        const target: DownloadTarget = { kind: 'episodes', seriesId: episode.seriesId, seasonNumber: episode.seasonNumber, episodeIds: [episode.id] };
        if (instance.queue.isTargetQueued(target)) continue;
        const key = `${episode.seriesId}:${episode.seasonNumber}`;
        groups.set(key, [...(groups.get(key) ?? []), episode]);
      }
      let grabbed = 0;
      for (const episodes of groups.values()) {
        const first = episodes[0];
        if (first === undefined) continue;
        const seasonSize = library.episodesOf(first.seriesId).filter((episode) => episode.seasonNumber === first.seasonNumber).length;
        const packs = episodes.length === seasonSize && seasonSize > 1 ? [episodes] : episodes.map((episode) => [episode]);
        for (const pack of packs) {
          instance.lifecycle.grab({ target: { kind: 'episodes', seriesId: first.seriesId, seasonNumber: first.seasonNumber, episodeIds: pack.map((episode) => episode.id) } });
          grabbed++;
        }
      }
      return grabbed;
    },

    missingEpisodeIds: (seriesId) => monitoredEpisodeIds(seriesId, (episode) => !episode.hasFile && aired(episode)),
    cutoffUnmet,
    cutoffUnmetEpisodeIds: (seriesId) => monitoredEpisodeIds(seriesId, cutoffUnmet),
  };

  function cutoffUnmet(episode: EpisodeEntity): boolean {
    const file = episode.hasFile ? library.files.get(episode.episodeFileId) : undefined;
    const series = library.series.get(episode.seriesId);
    const profile = instance.settings.qualityProfiles.find((candidate) => candidate.id === series?.qualityProfileId);
    return file !== undefined && profile !== undefined && file.quality.id !== profile.cutoff;
  }

  function monitoredEpisodeIds(seriesId: number | undefined, wanted: (episode: EpisodeEntity) => boolean): number[] {
    const out: number[] = [];
    for (const series of library.series.values()) {
      if (seriesId !== undefined && series.id !== seriesId) continue;
      if (!series.monitored) continue;
      for (const episode of library.episodesOf(series.id)) if (episode.monitored && wanted(episode)) out.push(episode.id);
    }
    return out;
  }
}
