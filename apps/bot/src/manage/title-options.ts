/**
 * The `title` option of the commands: autocomplete answered within Discord's 3 s from the lookup
 * cache (lookups for `/movie search` and `/series search`; the instances' library titles for
 * `/search item`, `/refresh` and `/notify me`; the member's subscriptions for `/notify cancel`), and
 * what a chosen or typed title resolves to.
 */
import type { AutocompleteInteraction } from 'discord.js';
import { truncate } from '../render/format.ts';
import type { ManageContext } from './context.ts';
import { logDetail, userMessageFor } from './instance-errors.ts';
import { instancesOf, resolveInstance, type AppKind, type ResolvedInstance } from './instances.ts';
import type { LookupCache, MediaSummary } from './lookup-cache.ts';
import { scopeLabel, type Subscriptions } from './subscriptions.ts';

/** Autocomplete values of library items: `lib:<instance>:<library id>`. */
export const LIBRARY_VALUE = /^lib:([^:]+):(\d+)$/;

/** A movie or series in an instance's library. */
export interface LibraryItem {
  instance: ResolvedInstance;
  media: MediaSummary;
  libraryId: number;
}

function label(media: MediaSummary, suffix = ''): string {
  return truncate(`${media.title}${media.year === undefined ? '' : ` (${media.year})`}${suffix}`, 100);
}

/** The instances a library option covers: the named one, else every one (of the kind). */
export function covered(context: ManageContext, requested: string | null, kind?: AppKind): ResolvedInstance[] | { error: string } {
  if (requested === null || requested === '') return instancesOf(context.monitor, kind);
  const resolved = resolveInstance(context.monitor, requested, kind);
  return 'error' in resolved ? resolved : [resolved];
}

/**
 * Resolves a `title` option: an autocomplete value, or typed words matched against the library
 * titles (exact title first, then the first that contains them).
 */
export async function resolveLibraryItem(context: ManageContext, cache: LookupCache, value: string, requested: string | null): Promise<LibraryItem | { error: string } | undefined> {
  const chosen = LIBRARY_VALUE.exec(value);
  const scope = covered(context, chosen?.[1] ?? requested);
  if ('error' in scope) return scope;
  const words = value.trim().toLowerCase();
  let failure: { error: string } | undefined;
  for (const instance of scope) {
    let library: MediaSummary[];
    try {
      library = await cache.library(instance);
    } catch (error) {
      context.logger.warn({ err: logDetail(error), instance: instance.name }, 'library could not be read');
      failure ??= { error: userMessageFor(error, instance.name) };
      continue;
    }
    const found =
      chosen !== null
        ? library.find((item) => item.libraryId === Number(chosen[2]))
        : (library.find((item) => item.title.toLowerCase() === words) ?? library.find((item) => item.title.toLowerCase().includes(words)));
    if (found?.libraryId !== undefined) return { instance, media: found, libraryId: found.libraryId };
  }
  // Not found where the library could be read; an instance that could not be read says so.
  return failure;
}

/** Answers the autocomplete of a `title` option; false when the interaction is not one of these. */
export async function answerTitleAutocomplete(context: ManageContext, cache: LookupCache, subscriptions: Subscriptions, interaction: AutocompleteInteraction): Promise<boolean> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== 'title') return false;
  const typed = focused.value;
  const requested = interaction.options.getString('instance');
  const command = interaction.commandName;
  const sub = interaction.options.getSubcommand(false);
  if (command === 'notify' && sub === 'cancel') {
    const mine = await subscriptions.list(interaction.user.id);
    const choices = mine.filter((one) => scopeLabel(one).toLowerCase().includes(typed.toLowerCase())).slice(0, 25);
    await interaction.respond(choices.map((one) => ({ name: truncate(`${scopeLabel(one)} · ${one.instance}`, 100), value: one.id })));
    return true;
  }
  if (command === 'movie' || command === 'series') {
    const kind: AppKind = command === 'movie' ? 'radarr' : 'sonarr';
    const scope = covered(context, requested, kind);
    const [instance] = 'error' in scope ? [] : scope;
    const found = instance === undefined ? [] : await cache.suggest(instance, typed);
    // The value is the lookup's own term for the item (`tmdb:603`, `tvdb:81189`): the command finds exactly it.
    await interaction.respond(found.filter((media) => !media.key.endsWith(':0')).slice(0, 25).map((media) => ({ name: label(media, media.libraryId ? ' ✓' : ''), value: media.key })));
    return true;
  }
  const scope = covered(context, requested);
  const instances = 'error' in scope ? [] : scope;
  const words = typed.trim().toLowerCase();
  const libraries = await Promise.all(instances.map(async (instance) => ({ instance, items: await cache.libraryWithin(instance) })));
  const choices = libraries
    .flatMap(({ instance, items }) => items.map((media) => ({ instance, media })))
    .filter(({ media }) => media.libraryId !== undefined && media.title.toLowerCase().includes(words))
    .slice(0, 25)
    .map(({ instance, media }) => ({ name: label(media, instances.length > 1 ? ` · ${instance.name}` : ''), value: `lib:${instance.name}:${media.libraryId ?? 0}` }));
  await interaction.respond(choices);
  return true;
}
