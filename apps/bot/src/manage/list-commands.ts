/**
 * `/calendar [days] [instance]`: upcoming releases grouped by day; `/wanted [missing|cutoff]
 * [instance]`: the wanted list, ten a page, with page buttons answered from the list read once (no
 * request per page). Both need `read`; without an instance they cover every instance.
 */
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { APIEmbed } from 'discord.js';
import { episodeCode, escapeMarkdown, joinLinesWithin, truncate } from '../render/format.ts';
import { pageButtons } from '../render/page-buttons.ts';
import { gate, type ManageContext } from './context.ts';
import { logDetail, userMessageFor } from './instance-errors.ts';
import { instancesOf, resolveInstance, type ResolvedInstance } from './instances.ts';
import { STRINGS } from './strings.ts';

/** `/wanted` page buttons: `m:w:<token>:<page>`. */
export const WANTED_PAGE_PREFIX = 'm:w:';
const PER_PAGE = 10;
const DAY_MS = 86_400_000;

interface Dated {
  at: number;
  line: string;
}

interface WantedList {
  which: 'missing' | 'cutoff';
  lines: string[];
  expiresAt: number;
}

export interface ListCommands {
  calendar(interaction: ChatInputCommandInteraction): Promise<void>;
  wanted(interaction: ChatInputCommandInteraction): Promise<void>;
  button(interaction: ButtonInteraction): Promise<boolean>;
}

export function createListCommands(context: ManageContext): ListCommands {
  const lists = new Map<string, WantedList>();
  let nextToken = 1;

  /** The instances a command covers, or undefined after replying why none. */
  async function scope(interaction: ChatInputCommandInteraction, action: string): Promise<ResolvedInstance[] | undefined> {
    const requested = interaction.options.getString('instance');
    const resolved = requested === null ? instancesOf(context.monitor) : resolveInstance(context.monitor, requested);
    if ('error' in resolved) {
      await interaction.reply({ content: resolved.error, flags: MessageFlags.Ephemeral });
      return undefined;
    }
    const instances = Array.isArray(resolved) ? resolved : [resolved];
    for (const instance of instances) if ((await gate(context, interaction, 'read', instance.name, action)) === undefined) return undefined;
    return instances;
  }

  function wantedMessage(token: string, list: WantedList, page: number) {
    const pageCount = Math.max(1, Math.ceil(list.lines.length / PER_PAGE));
    const current = Math.min(Math.max(0, page), pageCount - 1);
    const lines = list.lines.slice(current * PER_PAGE, (current + 1) * PER_PAGE);
    const embed: APIEmbed = {
      title: STRINGS.wantedTitle(list.which, list.lines.length),
      description: lines.length === 0 ? STRINGS.wantedEmpty : joinLinesWithin(lines, 3800),
      color: 0xe67e22,
      footer: { text: STRINGS.page(current + 1, pageCount) },
    };
    return { embeds: [embed], components: pageCount > 1 ? [pageButtons(`${WANTED_PAGE_PREFIX}${token}:`, current, pageCount)] : [] };
  }

  return {
    async calendar(interaction) {
      const instances = await scope(interaction, 'calendar');
      if (instances === undefined) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const days = interaction.options.getInteger('days') ?? 7;
      const start = context.clock.now();
      const end = start + days * DAY_MS;
      const entries: Dated[] = [];
      const problems: string[] = [];
      await Promise.all(
        instances.map(async (instance) => {
          try {
            entries.push(...(await calendarOf(instance, start, end)));
          } catch (error) {
            context.logger.warn({ err: logDetail(error), instance: instance.name }, 'calendar could not be read');
            problems.push(userMessageFor(error, instance.name));
          }
        }),
      );
      await interaction.editReply({ content: problems.join('\n'), embeds: [calendarEmbed(entries, days)] });
    },

    async wanted(interaction) {
      const instances = await scope(interaction, 'wanted');
      if (instances === undefined) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const which = interaction.options.getString('list') === 'cutoff' ? 'cutoff' : 'missing';
      const lines: string[] = [];
      const problems: string[] = [];
      for (const instance of instances) {
        try {
          lines.push(...(await wantedOf(instance, which)));
        } catch (error) {
          context.logger.warn({ err: logDetail(error), instance: instance.name }, 'wanted list could not be read');
          problems.push(userMessageFor(error, instance.name));
        }
      }
      const token = `${nextToken++}`;
      const list: WantedList = { which, lines, expiresAt: context.clock.now() + 15 * 60_000 };
      lists.set(token, list);
      for (const [key, old] of lists) if (old.expiresAt < context.clock.now()) lists.delete(key);
      await interaction.editReply({ content: problems.join('\n'), ...wantedMessage(token, list, 0) });
    },

    async button(interaction) {
      if (!interaction.customId.startsWith(WANTED_PAGE_PREFIX)) return false;
      const [token = '', page = '0'] = interaction.customId.slice(WANTED_PAGE_PREFIX.length).split(':');
      const list = lists.get(token);
      if (list === undefined) await interaction.reply({ content: STRINGS.listGone, flags: MessageFlags.Ephemeral });
      else await interaction.update(wantedMessage(token, list, Number(page)));
      return true;
    },
  };
}

async function calendarOf(instance: ResolvedInstance, start: number, end: number): Promise<Dated[]> {
  const range = { start: new Date(start), end: new Date(end) };
  if (instance.app === 'radarr') {
    return (await instance.client.calendar(range)).flatMap((movie) => {
      const dates = [movie.inCinemas, movie.digitalRelease, movie.physicalRelease].map((date) => (date === undefined ? Number.NaN : Date.parse(date))).filter((at) => at >= start && at <= end);
      const at = Math.min(...dates);
      return Number.isFinite(at) ? [{ at, line: `🎬 **${escapeMarkdown(movie.title)}**${movie.year ? ` (${movie.year})` : ''} · \`${instance.name}\`` }] : [];
    });
  }
  return (await instance.client.calendar(range)).flatMap((episode) => {
    const at = episode.airDateUtc === undefined ? Number.NaN : Date.parse(episode.airDateUtc);
    if (!Number.isFinite(at)) return [];
    const series = escapeMarkdown(episode.series?.title ?? '');
    return [{ at, line: `📺 **${series}** ${episodeCode(episode.seasonNumber, episode.episodeNumber)} ${truncate(escapeMarkdown(episode.title), 60)} · \`${instance.name}\`` }];
  });
}

function calendarEmbed(entries: Dated[], days: number): APIEmbed {
  const byDay = new Map<string, string[]>();
  for (const entry of entries.toSorted((a, b) => a.at - b.at)) {
    const day = new Date(entry.at).toISOString().slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), entry.line]);
  }
  const sections = [...byDay.entries()].map(([day, lines]) => `**${new Date(`${day}T00:00:00Z`).toUTCString().slice(0, 11)}**\n${lines.join('\n')}`);
  return { title: STRINGS.calendarTitle(days), description: sections.length === 0 ? STRINGS.calendarEmpty : joinLinesWithin(sections, 3800, '\n\n'), color: 0x9b59b6 };
}

async function wantedOf(instance: ResolvedInstance, which: 'missing' | 'cutoff'): Promise<string[]> {
  if (instance.app === 'radarr') {
    const movies = which === 'missing' ? await instance.client.wanted.missing() : await instance.client.wanted.cutoff();
    return movies.map((movie) => `🎬 **${escapeMarkdown(movie.title)}**${movie.year ? ` (${movie.year})` : ''} · \`${instance.name}\``);
  }
  const episodes = which === 'missing' ? await instance.client.wanted.missing() : await instance.client.wanted.cutoff();
  return episodes.map((episode) => `📺 **${escapeMarkdown(episode.series?.title ?? '')}** ${episodeCode(episode.seasonNumber, episode.episodeNumber)} · \`${instance.name}\``);
}
