/**
 * The add form behind a search result's Add button: selects for the instance, quality profile, root
 * folder (with its free space), what to monitor (and the series type for Sonarr) and whether to
 * search now, then Add. The instance's validation errors come back in plain words ("already in the
 * library", "the root folder is missing"). Needs `request` on the chosen instance; submitting twice
 * adds once; the requester is subscribed to the import when configured; the lookup cache of that
 * instance is invalidated after the write.
 */
import { ButtonStyle, ComponentType, MessageFlags, type ButtonInteraction, type StringSelectMenuInteraction } from 'discord.js';
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';
import { escapeMarkdown, formatBytes, truncate } from '../render/format.ts';
import { audited, gate, type Actor, type ManageContext } from './context.ts';
import { logDetail, userMessageFor } from './instance-errors.ts';
import { instancesOf, resolveInstance, type AppKind, type ResolvedInstance } from './instances.ts';
import type { LookupCache, MediaSummary } from './lookup-cache.ts';
import { STRINGS } from './strings.ts';

/** Form selects: `m:af:<token>:<field>`; the Add button: `m:as:<token>`. */
export const FORM_SELECT_PREFIX = 'm:af:';
export const FORM_SUBMIT_PREFIX = 'm:as:';
const SESSION_TTL_MS = 15 * 60_000;

type Field = 'instance' | 'profile' | 'root' | 'monitor' | 'type' | 'search';

const MOVIE_MONITOR = ['movieOnly', 'movieAndCollection', 'none'] as const;
const SERIES_MONITOR = ['all', 'future', 'missing', 'existing', 'firstSeason', 'latestSeason', 'pilot', 'none'] as const;
const SERIES_TYPES = ['standard', 'daily', 'anime'] as const;

interface FormState {
  kind: AppKind;
  media: MediaSummary;
  instance: string;
  profiles: { id: number; name: string }[];
  roots: { path: string; freeSpace?: number }[];
  profileId: number | undefined;
  rootPath: string | undefined;
  monitor: string;
  seriesType: string;
  searchNow: boolean;
  actor: Actor;
  expiresAt: number;
  state: 'open' | 'adding' | { done: string };
}

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

/** Called after a successful add (the `/notify` subscription of the requester). */
export type OnAdded = (added: { actor: Actor; channelId: string; instance: string; kind: AppKind; title: string; libraryId: number }) => Promise<boolean>;

export interface AddFlow {
  /** The Add button of a search result: opens the form (ephemeral). */
  open(interaction: ButtonInteraction, kind: AppKind, media: MediaSummary, instance: string): Promise<void>;
  button(interaction: ButtonInteraction): Promise<boolean>;
  select(interaction: StringSelectMenuInteraction): Promise<boolean>;
}

export function createAddFlow(context: ManageContext, cache: LookupCache, onAdded: OnAdded): AddFlow {
  const forms = new Map<string, FormState>();
  let nextToken = 1;

  function formOf(token: string): FormState | undefined {
    const found = forms.get(token);
    if (found !== undefined && context.clock.now() > found.expiresAt) forms.delete(token);
    return forms.get(token);
  }

  /** Reads the profiles and root folders of the form's instance (the SDK caches them). */
  async function loadChoices(form: FormState, instance: ResolvedInstance): Promise<void> {
    const [profiles, roots] = await Promise.all([instance.client.qualityProfiles(), instance.client.rootFolders()]);
    form.profiles = profiles.map((profile) => ({ id: profile.id, name: profile.name }));
    form.roots = roots.map((root) => ({ path: root.path, freeSpace: root.freeSpace }));
    form.profileId = form.profiles[0]?.id;
    form.rootPath = form.roots[0]?.path;
  }

  async function submit(interaction: ButtonInteraction, token: string, form: FormState): Promise<void> {
    if (form.state !== 'open') {
      await interaction.reply({ content: form.state === 'adding' ? STRINGS.inProgress : STRINGS.alreadyDone(form.state.done), flags: MessageFlags.Ephemeral });
      return;
    }
    const resolved = resolveInstance(context.monitor, form.instance, form.kind);
    if ('error' in resolved) {
      await interaction.reply({ content: resolved.error, flags: MessageFlags.Ephemeral });
      return;
    }
    const actor = await gate(context, interaction, 'request', form.instance, `${form.kind === 'radarr' ? 'movie' : 'series'}.add`);
    if (actor === undefined) return;
    form.state = 'adding';
    const startedAt = context.clock.now();
    await interaction.deferUpdate();
    let message: string;
    let ok = false;
    try {
      const libraryId = await addMedia(resolved, form);
      cache.invalidate(form.instance);
      const subscribed = await onAdded({ actor, channelId: interaction.channelId, instance: form.instance, kind: form.kind, title: form.media.title, libraryId });
      message = STRINGS.added(escapeMarkdown(form.media.title), form.instance, form.searchNow, subscribed);
      ok = true;
    } catch (error) {
      context.logger.warn({ err: logDetail(error), instance: form.instance }, 'add failed');
      message = userMessageFor(error, form.instance);
    }
    // A refused add can be corrected (another root folder) and submitted again.
    form.state = ok ? { done: message } : 'open';
    audited(context, actor, startedAt, { action: `${form.kind === 'radarr' ? 'movie' : 'series'}.add`, instance: form.instance, target: form.media.title, outcome: ok ? 'done' : 'failed', detail: message });
    await interaction.editReply(ok ? { content: message, embeds: [], components: [] } : { content: message, ...formMessage(token, form, instancesOf(context.monitor, form.kind)) });
  }

  return {
    async open(interaction, kind, media, instance) {
      const candidates = instancesOf(context.monitor, kind);
      const chosen = candidates.find((one) => one.name === instance) ?? candidates[0];
      if (chosen === undefined) {
        await interaction.reply({ content: STRINGS.noInstanceOfKind(kind === 'radarr' ? 'Radarr' : 'Sonarr'), flags: MessageFlags.Ephemeral });
        return;
      }
      const actor = await gate(context, interaction, 'request', chosen.name, `${kind === 'radarr' ? 'movie' : 'series'}.add`);
      if (actor === undefined) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const form: FormState = { kind, media, instance: chosen.name, profiles: [], roots: [], profileId: undefined, rootPath: undefined, monitor: kind === 'radarr' ? 'movieOnly' : 'all', seriesType: 'standard', searchNow: true, actor, expiresAt: context.clock.now() + SESSION_TTL_MS, state: 'open' };
      try {
        await loadChoices(form, chosen);
      } catch (error) {
        context.logger.warn({ err: logDetail(error), instance: chosen.name }, 'add form choices could not be read');
        await interaction.editReply({ content: userMessageFor(error, chosen.name) });
        return;
      }
      const token = `${nextToken++}`;
      forms.set(token, form);
      await interaction.editReply(formMessage(token, form, instancesOf(context.monitor, form.kind)));
    },

    async button(interaction) {
      if (!interaction.customId.startsWith(FORM_SUBMIT_PREFIX)) return false;
      const token = interaction.customId.slice(FORM_SUBMIT_PREFIX.length);
      const form = formOf(token);
      if (form === undefined) await interaction.reply({ content: STRINGS.addSessionGone, flags: MessageFlags.Ephemeral });
      else await submit(interaction, token, form);
      return true;
    },

    async select(interaction) {
      if (!interaction.customId.startsWith(FORM_SELECT_PREFIX)) return false;
      const [token = '', field = ''] = interaction.customId.slice(FORM_SELECT_PREFIX.length).split(':');
      const form = formOf(token);
      const [value = ''] = interaction.values;
      if (form?.state !== 'open') {
        await interaction.reply({ content: form === undefined ? STRINGS.addSessionGone : STRINGS.inProgress, flags: MessageFlags.Ephemeral });
        return true;
      }
      if (field === 'instance' && value !== form.instance) {
        const resolved = resolveInstance(context.monitor, value, form.kind);
        if ('error' in resolved) {
          await interaction.reply({ content: resolved.error, flags: MessageFlags.Ephemeral });
          return true;
        }
        await interaction.deferUpdate();
        form.instance = resolved.name;
        try {
          await loadChoices(form, resolved);
        } catch (error) {
          context.logger.warn({ err: logDetail(error), instance: resolved.name }, 'add form choices could not be read');
          await interaction.editReply({ content: userMessageFor(error, resolved.name), ...formMessage(token, form, instancesOf(context.monitor, form.kind)) });
          return true;
        }
        await interaction.editReply({ content: '', ...formMessage(token, form, instancesOf(context.monitor, form.kind)) });
        return true;
      }
      applyField(form, field as Field, value);
      await interaction.update(formMessage(token, form, instancesOf(context.monitor, form.kind)));
      return true;
    },
  };
}

/** The form: a select per choice (Discord allows five rows) and the Add button. */
function formMessage(token: string, form: FormState, instances: readonly { name: string }[]): { embeds: APIEmbed[]; components: Row[] } {
  const select = (field: Field, placeholder: string, options: { label: string; value: string; description?: string }[], chosen: string | undefined): Row => ({
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.StringSelect, custom_id: `${FORM_SELECT_PREFIX}${token}:${field}`, placeholder, options: options.slice(0, 25).map((option) => ({ ...option, label: truncate(option.label, 100), default: option.value === chosen })) }],
  });
  const rows: Row[] = [];
  if (instances.length > 1) rows.push(select('instance', STRINGS.addInstance, instances.map((one) => ({ label: one.name, value: one.name })), form.instance));
  if (form.profiles.length > 0) rows.push(select('profile', STRINGS.addProfile, form.profiles.map((profile) => ({ label: profile.name, value: String(profile.id) })), String(form.profileId)));
  if (form.roots.length > 0) rows.push(select('root', STRINGS.addRootFolder, form.roots.map((root) => ({ label: root.path, value: root.path, ...(root.freeSpace === undefined ? {} : { description: STRINGS.freeSpace(formatBytes(root.freeSpace)) }) })), form.rootPath));
  const monitors = form.kind === 'radarr' ? MOVIE_MONITOR : SERIES_MONITOR;
  rows.push(select('monitor', STRINGS.addMonitor, monitors.map((monitor) => ({ label: monitor, value: monitor })), form.monitor));
  if (form.kind === 'sonarr' && rows.length < 4) rows.push(select('type', STRINGS.addSeriesType, SERIES_TYPES.map((type) => ({ label: type, value: type })), form.seriesType));
  rows.push({
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Success, label: form.searchNow ? `${STRINGS.addSubmit} · ${STRINGS.addSearchNow}` : `${STRINGS.addSubmit} · ${STRINGS.addNoSearch}`, custom_id: `${FORM_SUBMIT_PREFIX}${token}` },
    ],
  });
  // Discord allows five rows: the search toggle is a select only when there is room.
  if (rows.length < 5) rows.splice(rows.length - 1, 0, select('search', STRINGS.addSearchNow, [{ label: STRINGS.addSearchNow, value: 'yes' }, { label: STRINGS.addNoSearch, value: 'no' }], form.searchNow ? 'yes' : 'no'));
  const embed: APIEmbed = { title: truncate(STRINGS.addTitle(`${form.media.title}${form.media.year === undefined ? '' : ` (${form.media.year})`}`), 256), description: `\`${form.instance}\``, color: 0x16a085 };
  if (form.media.posterUrl !== undefined) embed.thumbnail = { url: form.media.posterUrl };
  return { embeds: [embed], components: rows };
}

function applyField(form: FormState, field: Field, value: string): void {
  if (field === 'profile') form.profileId = Number(value);
  else if (field === 'root') form.rootPath = value;
  else if (field === 'monitor') form.monitor = value;
  else if (field === 'type') form.seriesType = value;
  else if (field === 'search') form.searchNow = value === 'yes';
}

/** What an add sends besides the looked-up movie or series. */
export type AddChoice = Pick<FormState, 'media' | 'profileId' | 'rootPath' | 'monitor' | 'seriesType' | 'searchNow'>;

/** POSTs the movie or series with the choices made; returns its library id. Throws the instance's error (validation failures in `ArrValidationError`). */
export async function addMedia(instance: ResolvedInstance, form: AddChoice): Promise<number> {
  const { media } = form;
  const common = { title: media.title, year: media.year, titleSlug: media.titleSlug, images: media.images, qualityProfileId: form.profileId ?? 0, rootFolderPath: form.rootPath ?? '', monitored: form.monitor !== 'none' };
  if (instance.app === 'radarr') {
    const added = await instance.client.movies.add({ ...common, tmdbId: media.tmdbId ?? 0, imdbId: media.imdbId, minimumAvailability: 'released', addOptions: { monitor: form.monitor, searchForMovie: form.searchNow, addMethod: 'manual' } });
    return added.id;
  }
  const added = await instance.client.series.add({
    ...common,
    tvdbId: media.tvdbId ?? 0,
    seriesType: form.seriesType,
    seasonFolder: true,
    seasons: media.seasons,
    addOptions: { monitor: form.monitor, searchForMissingEpisodes: form.searchNow, searchForCutoffUnmetEpisodes: false },
  });
  return added.id;
}
