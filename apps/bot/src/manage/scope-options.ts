/**
 * The `season` and `episode` options of `/notify me`: autocomplete from the chosen series' seasons
 * (its library entry, cached) and the season's episodes (read through the SDK, answered within
 * Discord's 3 s, cached), and what the numbers resolve to when the command runs.
 */
import type { AutocompleteInteraction } from 'discord.js';
import { LRUCache } from 'lru-cache';
import { truncate } from '../render/format.ts';
import type { ManageContext } from './context.ts';
import { logDetail, userMessageFor } from './instance-errors.ts';
import type { ResolvedInstance } from './instances.ts';
import type { LookupCache, MediaSummary } from './lookup-cache.ts';
import { STRINGS } from './strings.ts';
import { covered, LIBRARY_VALUE, type LibraryItem } from './title-options.ts';

/** An episode as the options need it. */
export interface EpisodeSummary {
  seasonNumber: number;
  episodeNumber: number;
  title?: string;
  hasFile: boolean;
}

/** What a `/notify me` subscription is narrowed to. */
export interface SubscriptionScope {
  seasonNumber?: number;
  episodeNumber?: number;
  episodeTitle?: string;
}

/** How long autocomplete waits for an episode list that is not cached. */
const EPISODES_BUDGET_MS = 1500;
/** An episode list is read again after this (an episode gets its file). */
const EPISODES_STALE_MS = 5 * 60_000;

/** Episode lists per instance, series and season: read once, shared by concurrent keystrokes. */
export class EpisodeLists {
  readonly #lists = new LRUCache<string, { value: EpisodeSummary[]; at: number }>({ max: 200 });
  readonly #inFlight = new Map<string, Promise<EpisodeSummary[]>>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** The season's episodes, read now unless cached and fresh. Throws the instance's error. */
  read(instance: ResolvedInstance, seriesId: number, seasonNumber: number): Promise<EpisodeSummary[]> {
    const key = `${instance.name}\u0000${seriesId}\u0000${seasonNumber}`;
    const cached = this.#lists.get(key);
    if (cached !== undefined && this.#now() - cached.at < EPISODES_STALE_MS) return Promise.resolve(cached.value);
    const running = this.#inFlight.get(key);
    if (running !== undefined) return running;
    const started = (async () => {
      if (instance.app !== 'sonarr') return [];
      const episodes = await instance.client.episodes.list({ seriesId, seasonNumber });
      const value = episodes.map((one) => ({ seasonNumber: one.seasonNumber, episodeNumber: one.episodeNumber, title: one.title, hasFile: one.hasFile })).sort((a, b) => a.episodeNumber - b.episodeNumber);
      this.#lists.set(key, { value, at: this.#now() });
      return value;
    })().finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, started);
    return started;
  }

  /** Cached at once, else the read if it comes within the budget, else what was cached before (or nothing); the read goes on behind. */
  async within(instance: ResolvedInstance, seriesId: number, seasonNumber: number): Promise<EpisodeSummary[]> {
    const earlier = this.#lists.get(`${instance.name}\u0000${seriesId}\u0000${seasonNumber}`)?.value ?? [];
    const read = this.read(instance, seriesId, seasonNumber).catch(() => earlier);
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Real time on purpose: the budget is against Discord's 3 s.
    const late = new Promise<EpisodeSummary[]>((resolve) => {
      timer = setTimeout(() => {
        resolve(earlier);
      }, EPISODES_BUDGET_MS);
    });
    try {
      return await Promise.race([read, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The series a `title` option names, from the libraries as cached (within the autocomplete budget). */
async function seriesWithin(context: ManageContext, cache: LookupCache, value: string, requested: string | null): Promise<{ instance: ResolvedInstance; media: MediaSummary } | undefined> {
  const chosen = LIBRARY_VALUE.exec(value);
  const scope = covered(context, chosen?.[1] ?? requested, 'sonarr');
  if ('error' in scope) return undefined;
  const words = value.trim().toLowerCase();
  for (const instance of scope) {
    const library = await cache.libraryWithin(instance);
    const found = chosen !== null ? library.find((item) => item.libraryId === Number(chosen[2])) : (library.find((item) => item.title.toLowerCase() === words) ?? library.find((item) => item.title.toLowerCase().includes(words)));
    if (found?.libraryId !== undefined) return { instance, media: found };
  }
  return undefined;
}

/** Answers the autocomplete of `/notify me`'s `season` and `episode`; false when the interaction is not one of these. */
export async function answerScopeAutocomplete(context: ManageContext, cache: LookupCache, episodes: EpisodeLists, interaction: AutocompleteInteraction): Promise<boolean> {
  const focused = interaction.options.getFocused(true);
  if (interaction.commandName !== 'notify' || (focused.name !== 'season' && focused.name !== 'episode')) return false;
  const typed = focused.value.trim();
  const series = await seriesWithin(context, cache, interaction.options.getString('title') ?? '', interaction.options.getString('instance'));
  if (series === undefined || series.media.libraryId === undefined) {
    await interaction.respond([]);
    return true;
  }
  if (focused.name === 'season') {
    const seasons = (series.media.seasons ?? []).map((one) => one.seasonNumber).sort((a, b) => (a === 0 ? 1 : b === 0 ? -1 : a - b));
    await interaction.respond(seasons.filter((season) => typed === '' || String(season).startsWith(typed)).slice(0, 25).map((season) => ({ name: STRINGS.seasonChoice(season), value: season })));
    return true;
  }
  const season = interaction.options.getInteger('season');
  const list = season === null ? [] : await episodes.within(series.instance, series.media.libraryId, season);
  const choices = list.filter((one) => typed === '' || String(one.episodeNumber).startsWith(typed) || (one.title ?? '').toLowerCase().includes(typed.toLowerCase()));
  await interaction.respond(choices.slice(0, 25).map((one) => ({ name: truncate(STRINGS.episodeChoice(one.episodeNumber, one.title), 100), value: one.episodeNumber })));
  return true;
}

/**
 * What a chosen season and episode narrow a subscription to, checked against the library: a
 * season the series has, an episode of it (read through the SDK) not imported yet.
 */
export async function resolveScope(context: ManageContext, episodes: EpisodeLists, item: LibraryItem, season: number | null, episode: number | null): Promise<SubscriptionScope | { error: string }> {
  if (season === null && episode === null) return {};
  if (item.media.kind !== 'series') return { error: STRINGS.notifyScopeNeedsSeries };
  if (season === null) return { error: STRINGS.notifyEpisodeNeedsSeason };
  const { title } = item.media;
  if (item.media.seasons !== undefined && !item.media.seasons.some((one) => one.seasonNumber === season)) return { error: STRINGS.notifyNoSuchSeason(title, season) };
  if (episode === null) return { seasonNumber: season };
  let list: EpisodeSummary[];
  try {
    list = await episodes.read(item.instance, item.libraryId, season);
  } catch (error) {
    context.logger.warn({ err: logDetail(error), instance: item.instance.name }, 'episodes could not be read');
    return { error: userMessageFor(error, item.instance.name) };
  }
  const found = list.find((one) => one.episodeNumber === episode);
  if (found === undefined) return { error: STRINGS.notifyNoSuchEpisode(title, season, episode) };
  if (found.hasFile) return { error: STRINGS.notifyAlreadyImported(STRINGS.episodeScope(title, season, episode)) };
  return { seasonNumber: season, episodeNumber: episode, episodeTitle: found.title };
}
