/**
 * What Sonarr does with a new series' `seriesType` and `addOptions`: the enums its model binding
 * accepts, which episodes and seasons each `addOptions.monitor` choice monitors, and the searches the
 * add starts.
 *
 * Sonarr main: src/NzbDrone.Core/Tv/SeriesTypes.cs, Tv/MonitoringOptions.cs,
 * Tv/EpisodeMonitoredService.cs (the monitor choices) and Tv/SeriesScannedHandler.cs (the searches).
 * Sonarr applies the choice after the first refresh and scan of the new series, seconds after the add
 * answers; the simulator applies it at once, since its library has no refresh to wait for.
 */
import type { EpisodeEntity, SeriesEntity } from '../library/series.ts';

/** `SeriesTypes`, in its declared order (the numeric values the JSON converter also accepts). */
export const SERIES_TYPES = ['standard', 'daily', 'anime'] as const;

/** `MonitorTypes`, in its declared order (`latestSeason` is obsolete and acts as `lastSeason`). */
export const MONITOR_TYPES = ['unknown', 'all', 'future', 'missing', 'existing', 'firstSeason', 'lastSeason', 'latestSeason', 'pilot', 'recent', 'monitorSpecials', 'unmonitorSpecials', 'none', 'skip'] as const;

/** One of Sonarr's monitor choices. */
export type MonitorType = (typeof MONITOR_TYPES)[number];

/**
 * Reads an enum member as System.Text.Json's string-enum converter does with integers allowed:
 * a name in any case, or a number of the enum. Undefined when the value cannot be converted.
 */
export function enumMember<T extends string>(members: readonly T[], value: unknown): T | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? members[value] : undefined;
  if (typeof value !== 'string') return undefined;
  const wanted = value.trim().toLowerCase();
  return members.find((member) => member.toLowerCase() === wanted);
}

const DAY = 86_400_000;

/**
 * Sets `monitored` on the episodes and seasons of a newly added series as Sonarr's
 * `EpisodeMonitoredService.SetEpisodeMonitoredStatus` does for the given choice.
 * `unknown` is the v2 fallback: it keeps the seasons chosen in the request and monitors what has
 * a file or has aired, except in unmonitored seasons. `skip` leaves everything as requested.
 */
export function applyMonitorType(series: Pick<SeriesEntity, 'seasons' | 'status'>, episodes: EpisodeEntity[], monitor: MonitorType, now: number): void {
  if (monitor === 'skip') return;
  const numbers = series.seasons.map((season) => season.seasonNumber);
  const regular = numbers.filter((number) => number > 0);
  const firstSeason = regular.length === 0 ? 0 : Math.min(...regular);
  const lastSeason = numbers.length === 0 ? 0 : Math.max(...numbers);
  if (monitor === 'unknown') {
    for (const episode of episodes) if (episode.hasFile || Date.parse(episode.airDateUtc) < now) episode.monitored = true;
    for (const season of series.seasons) {
      const inSeason = episodes.filter((episode) => episode.seasonNumber === season.seasonNumber);
      if (!season.monitored) for (const episode of inSeason) episode.monitored = false;
      if (season.seasonNumber < lastSeason && inSeason.every((episode) => !episode.monitored)) season.monitored = false;
    }
    return;
  }
  const choose = choiceOf(monitor, { firstSeason, lastSeason, now });
  for (const episode of episodes) {
    const chosen = choose(episode);
    if (chosen !== undefined) episode.monitored = chosen;
  }
  const monitoredSeasons = new Set(episodes.filter((episode) => episode.monitored).map((episode) => episode.seasonNumber));
  for (const season of series.seasons) {
    const number = season.seasonNumber;
    if (number > 0 && number === lastSeason && (monitor === 'all' || (monitor === 'future' && (series.status === 'continuing' || series.status === 'upcoming')))) season.monitored = true;
    else if (number === firstSeason && monitor === 'pilot') season.monitored = false;
    else season.monitored = monitoredSeasons.has(number);
  }
}

/** Whether a choice monitors an episode; undefined leaves the episode as it is (the specials choices touch only specials). */
function choiceOf(monitor: Exclude<MonitorType, 'skip' | 'unknown'>, at: { firstSeason: number; lastSeason: number; now: number }): (episode: EpisodeEntity) => boolean | undefined {
  const aired = (episode: EpisodeEntity): number => Date.parse(episode.airDateUtc);
  switch (monitor) {
    case 'all':
      return (episode) => episode.seasonNumber > 0;
    case 'future':
      return (episode) => episode.seasonNumber > 0 && aired(episode) >= at.now;
    case 'missing':
      return (episode) => episode.seasonNumber > 0 && !episode.hasFile;
    case 'existing':
      return (episode) => episode.seasonNumber > 0 && episode.hasFile;
    case 'pilot':
      return (episode) => episode.seasonNumber > 0 && episode.seasonNumber === at.firstSeason && episode.episodeNumber === 1;
    case 'firstSeason':
      return (episode) => episode.seasonNumber > 0 && episode.seasonNumber === at.firstSeason;
    case 'lastSeason':
    case 'latestSeason':
      return (episode) => episode.seasonNumber > 0 && episode.seasonNumber === at.lastSeason;
    case 'recent':
      return (episode) => episode.seasonNumber > 0 && (aired(episode) > at.now || aired(episode) >= at.now - 90 * DAY);
    case 'monitorSpecials':
      return (episode) => (episode.seasonNumber === 0 ? true : undefined);
    case 'unmonitorSpecials':
      return (episode) => (episode.seasonNumber === 0 ? false : undefined);
    case 'none':
      return () => false;
  }
}

/**
 * The commands Sonarr queues after adding a series: both searches together are one
 * `SeriesSearch`, otherwise a `MissingEpisodeSearch` and/or a `CutoffUnmetEpisodeSearch` for it.
 */
export function searchesAfterAdd(seriesId: number, addOptions: Record<string, unknown>): { name: string; body: Record<string, unknown> }[] {
  const missing = addOptions.searchForMissingEpisodes === true;
  const cutoff = addOptions.searchForCutoffUnmetEpisodes === true;
  if (missing && cutoff) return [{ name: 'SeriesSearch', body: { seriesId } }];
  return [
    ...(missing ? [{ name: 'MissingEpisodeSearch', body: { seriesId, monitored: true } }] : []),
    ...(cutoff ? [{ name: 'CutoffUnmetEpisodeSearch', body: { seriesId, monitored: true } }] : []),
  ];
}
