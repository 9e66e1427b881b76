/**
 * `/movie search <title>` and `/series search <title>`: a lookup through the SDK (from the lookup
 * cache when recent), the best match as an embed (poster, year, overview, runtime or seasons, and
 * on which instances it is already in the library), a select to show another match, and the Add
 * button that opens the add form (./add-flow.ts). Needs `request`.
 */
import { ButtonStyle, ComponentType, MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type StringSelectMenuInteraction } from 'discord.js';
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';
import { escapeMarkdown, truncate } from '../render/format.ts';
import type { AddFlow } from './add-flow.ts';
import { gate, type Actor, type ManageContext } from './context.ts';
import { logDetail, userMessageFor } from './instance-errors.ts';
import { instancesOf, resolveInstance, type AppKind } from './instances.ts';
import type { LookupCache, MediaSummary } from './lookup-cache.ts';
import { STRINGS } from './strings.ts';

/** Buttons and selects of a result: `m:add:<token>` opens the add form, `m:res:<token>` shows another match. */
export const ADD_BUTTON_PREFIX = 'm:add:';
export const RESULT_SELECT_PREFIX = 'm:res:';
const SESSION_TTL_MS = 15 * 60_000;

interface SearchSession {
  kind: AppKind;
  instance: string;
  results: MediaSummary[];
  actor: Actor;
  expiresAt: number;
}

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface MediaSearch {
  command(interaction: ChatInputCommandInteraction, kind: AppKind): Promise<void>;
  button(interaction: ButtonInteraction): Promise<boolean>;
  select(interaction: StringSelectMenuInteraction): Promise<boolean>;
}

export function createMediaSearch(context: ManageContext, cache: LookupCache, addFlow: AddFlow): MediaSearch {
  const sessions = new Map<string, SearchSession>();
  let nextToken = 1;

  function session(token: string): SearchSession | undefined {
    const found = sessions.get(token);
    if (found !== undefined && context.clock.now() > found.expiresAt) sessions.delete(token);
    return sessions.get(token);
  }

  /** Which instances of the kind have this movie or series in their library (from the cache). */
  async function libraryPresence(kind: AppKind, media: MediaSummary): Promise<string[]> {
    const names: string[] = [];
    for (const instance of instancesOf(context.monitor, kind)) {
      try {
        if ((await cache.library(instance)).some((item) => item.key === media.key)) names.push(instance.name);
      } catch (error) {
        context.logger.debug({ err: logDetail(error), instance: instance.name }, 'library not read for a search result');
      }
    }
    return names;
  }

  async function render(token: string, current: SearchSession, index: number): Promise<{ embeds: APIEmbed[]; components: Row[] }> {
    const media = current.results[index] ?? current.results[0];
    if (media === undefined) return { embeds: [], components: [] };
    const present = await libraryPresence(current.kind, media);
    const components: Row[] = [];
    if (present.length < instancesOf(context.monitor, current.kind).length) {
      components.push({ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Success, label: STRINGS.addButton, custom_id: `${ADD_BUTTON_PREFIX}${token}:${index}` }] });
    }
    if (current.results.length > 1) {
      components.push({
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.StringSelect,
            custom_id: `${RESULT_SELECT_PREFIX}${token}`,
            options: current.results.slice(0, 25).map((one, position) => ({ label: truncate(`${one.title}${one.year === undefined ? '' : ` (${one.year})`}`, 100), value: String(position), default: position === index })),
          },
        ],
      });
    }
    return { embeds: [resultEmbed(media, present)], components };
  }

  return {
    async command(interaction, kind) {
      const resolved = resolveInstance(context.monitor, interaction.options.getString('instance'), kind);
      const fallback = instancesOf(context.monitor, kind)[0];
      // Several instances of the kind: any of them can look up; presence is shown for all.
      const instance = 'error' in resolved && interaction.options.getString('instance') === null && fallback !== undefined ? fallback : resolved;
      if ('error' in instance) {
        await interaction.reply({ content: instance.error, flags: MessageFlags.Ephemeral });
        return;
      }
      const actor = await gate(context, interaction, 'request', instance.name, `${kind === 'radarr' ? 'movie' : 'series'}.search`);
      if (actor === undefined) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const term = interaction.options.getString('title', true);
      let results: MediaSummary[];
      try {
        results = await cache.lookup(instance, term);
      } catch (error) {
        context.logger.warn({ err: logDetail(error), instance: instance.name }, 'lookup failed');
        await interaction.editReply({ content: userMessageFor(error, instance.name) });
        return;
      }
      if (results.length === 0) {
        await interaction.editReply({ content: STRINGS.nothingFound(escapeMarkdown(term)) });
        return;
      }
      const token = `${nextToken++}`;
      const current: SearchSession = { kind, instance: instance.name, results, actor, expiresAt: context.clock.now() + SESSION_TTL_MS };
      sessions.set(token, current);
      await interaction.editReply(await render(token, current, 0));
    },

    async button(interaction) {
      if (!interaction.customId.startsWith(ADD_BUTTON_PREFIX)) return false;
      const [token = '', index = '0'] = interaction.customId.slice(ADD_BUTTON_PREFIX.length).split(':');
      const current = session(token);
      const media = current?.results[Number(index)];
      if (current === undefined || media === undefined) {
        await interaction.reply({ content: STRINGS.addSessionGone, flags: MessageFlags.Ephemeral });
        return true;
      }
      await addFlow.open(interaction, current.kind, media, current.instance);
      return true;
    },

    async select(interaction) {
      if (!interaction.customId.startsWith(RESULT_SELECT_PREFIX)) return false;
      const token = interaction.customId.slice(RESULT_SELECT_PREFIX.length);
      const current = session(token);
      if (current === undefined) {
        await interaction.reply({ content: STRINGS.addSessionGone, flags: MessageFlags.Ephemeral });
        return true;
      }
      await interaction.deferUpdate();
      await interaction.editReply(await render(token, current, Number(interaction.values[0] ?? 0)));
      return true;
    },
  };
}

/** The result embed: poster, year, overview, runtime or seasons, and where it is in the library. */
export function resultEmbed(media: MediaSummary, presentOn: string[]): APIEmbed {
  const facts = [media.year === undefined ? undefined : String(media.year), media.runtime ? STRINGS.minutes(media.runtime) : undefined, media.seasonCount === undefined ? undefined : STRINGS.seasons(media.seasonCount)].filter((fact) => fact !== undefined);
  const embed: APIEmbed = {
    title: truncate(`${media.title}${media.year === undefined ? '' : ` (${media.year})`}`, 256),
    description: truncate(escapeMarkdown(media.overview ?? ''), 1000) || undefined,
    color: presentOn.length > 0 ? 0x2ecc71 : 0x3498db,
    fields: [
      { name: media.kind === 'movie' ? STRINGS.movieField : STRINGS.seriesField, value: facts.join(' · ') || '—', inline: true },
      { name: STRINGS.libraryField, value: presentOn.length > 0 ? STRINGS.inLibraryOn(presentOn) : STRINGS.notInLibrary, inline: true },
    ],
    footer: { text: media.key },
  };
  if (media.posterUrl !== undefined) embed.thumbnail = { url: media.posterUrl };
  return embed;
}
