/**
 * The status board: every instance's reachability, version, downloads, health and disk space, as
 * Discord embeds. Pure: the same snapshot, page and time always give the same message.
 */
import type { InstanceSnapshot, MonitorSnapshot, QueueItemSnapshot } from '@discarr/monitor';
import type { APIEmbed } from 'discord.js';
import type { OutgoingMessage } from '../contracts.ts';
import { DISCORD_LIMITS, embedLength } from './discord-limits.ts';
import { episodeCode, escapeMarkdown, formatBytes, formatDuration, joinLinesWithin, progressBar, truncate } from './format.ts';
import { pageButtons } from './page-buttons.ts';

export interface BoardRenderOptions {
  /** Zero-based page; clamped to the pages that exist. */
  page: number;
  /** Downloads of one instance per embed (an instance with more spans several embeds and pages). */
  itemsPerPage: number;
  /** Render time (milliseconds since the epoch), shown as the embed timestamp. */
  now: number;
}

export interface BoardRender {
  message: OutgoingMessage;
  pageCount: number;
}

/** Prefix of the board's page buttons: `board:page:<n>`. */
export const BOARD_PAGE_PREFIX = 'board:page:';

const STATE_COLOURS = { up: 0x2ecc71, down: 0xe74c3c, authFailed: 0xe67e22, unknown: 0x95a5a6 } as const;
const STATE_ICONS = { up: '🟢', down: '🔴', authFailed: '🟠', unknown: '⚪' } as const;
const STATE_WORDS = { up: 'up', down: 'unreachable', authFailed: 'API key rejected', unknown: 'not contacted yet' } as const;

// Budgets below Discord's limits so one embed (title + description + two fields + footer) always
// stays far below 6000 characters, whatever the data.
const DESCRIPTION_BUDGET = 3000;
const TITLE_BUDGET = 200;
const ITEM_TITLE_BUDGET = 90;
const FOOTER_RESERVE = 120;

/** Renders one page of the board. */
export function renderBoard(snapshot: MonitorSnapshot, options: BoardRenderOptions): BoardRender {
  const itemsPerPage = Math.max(1, Math.floor(options.itemsPerPage));
  const embeds = snapshot.instances.flatMap((instance) => instanceEmbeds(instance, itemsPerPage));
  if (embeds.length === 0) {
    embeds.push({ title: 'Discarr', description: 'No instances configured.', color: STATE_COLOURS.unknown });
  }
  const pages = packPages(embeds);
  const pageCount = pages.length;
  const page = clampPage(options.page, pageCount);
  const pageEmbeds = (pages[page] ?? []).map((embed) => ({ ...embed }));
  const last = pageEmbeds[pageEmbeds.length - 1];
  if (last !== undefined) {
    last.footer = { text: pageCount > 1 ? `Discarr status · page ${page + 1}/${pageCount}` : 'Discarr status' };
    last.timestamp = new Date(options.now).toISOString();
  }
  const message: OutgoingMessage = { embeds: pageEmbeds };
  if (pageCount > 1) message.components = [pageButtons(BOARD_PAGE_PREFIX, page, pageCount)];
  return { message, pageCount };
}

/** `board:page:3` → 3; undefined for anything else. */
export function parseBoardPage(customId: string): number | undefined {
  if (!customId.startsWith(BOARD_PAGE_PREFIX)) return undefined;
  const page = Number(customId.slice(BOARD_PAGE_PREFIX.length));
  return Number.isInteger(page) && page >= 0 ? page : undefined;
}

function clampPage(page: number, pageCount: number): number {
  if (!Number.isFinite(page) || page < 0) return 0;
  return Math.min(Math.floor(page), pageCount - 1);
}

/** Greedy packing: as many embeds per page as Discord accepts (10 embeds, 6000 characters). */
function packPages(embeds: APIEmbed[]): APIEmbed[][] {
  const pages: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let total = 0;
  for (const embed of embeds) {
    const length = embedLength(embed);
    const full = current.length >= DISCORD_LIMITS.embedsPerMessage || total + length > DISCORD_LIMITS.embedTotal - FOOTER_RESERVE;
    if (full && current.length > 0) {
      pages.push(current);
      current = [];
      total = 0;
    }
    current.push(embed);
    total += length;
  }
  if (current.length > 0) pages.push(current);
  return pages;
}

/** One embed per chunk of `itemsPerPage` downloads; health and disks on the instance's first embed. */
export function instanceEmbeds(instance: InstanceSnapshot, itemsPerPage: number): APIEmbed[] {
  const status = statusLine(instance);
  const itemLines = instance.queue.map(queueItemLine);
  const chunks = chunkLines(itemLines, itemsPerPage, DESCRIPTION_BUDGET - status.length - 2);
  const embeds = chunks.map((chunk, index): APIEmbed => {
    const range = chunks.length > 1 ? ` (${chunk.from + 1}–${chunk.from + chunk.lines.length} of ${itemLines.length})` : '';
    const title = truncate(`${STATE_ICONS[instance.state]} ${instance.name}`, TITLE_BUDGET - range.length) + range;
    const body = chunk.lines.length > 0 ? chunk.lines.join('\n') : '*No downloads.*';
    const embed: APIEmbed = {
      title,
      description: `${status}\n\n${body}`,
      color: STATE_COLOURS[instance.state],
    };
    if (index === 0) embed.fields = instanceFields(instance);
    return embed;
  });
  return embeds;
}

function statusLine(instance: InstanceSnapshot): string {
  const kind = instance.kind === 'radarr' ? 'Radarr' : 'Sonarr';
  const parts = [`**${kind}**${instance.version === undefined ? '' : ` v${escapeMarkdown(instance.version)}`}`, STATE_WORDS[instance.state]];
  if (instance.push !== 'off') parts.push(`push ${instance.push}`);
  const line = parts.join(' · ');
  if (instance.state !== 'up' && instance.lastError !== undefined) {
    return `${line}\n${truncate(escapeMarkdown(instance.lastError), 300)}`;
  }
  return line;
}

function queueItemLine(item: QueueItemSnapshot): string {
  const title = truncate(escapeMarkdown(item.media.title || item.title), ITEM_TITLE_BUDGET);
  const year = item.media.year === undefined ? '' : ` (${item.media.year})`;
  const episodes = item.media.episodes ?? [];
  let suffix = '';
  const [firstEpisode] = episodes;
  if (episodes.length === 1 && firstEpisode !== undefined) suffix = ` ${episodeCode(firstEpisode.seasonNumber, firstEpisode.episodeNumber)}`;
  else if (episodes.length > 1) suffix = item.media.seasonNumber === undefined ? ` (${episodes.length} episodes)` : ` S${String(item.media.seasonNumber).padStart(2, '0')} (${episodes.length} episodes)`;
  const details = [progressBar(item.percent)];
  if (item.speedBytesPerSecond !== undefined && item.state === 'downloading') details.push(`${formatBytes(item.speedBytesPerSecond)}/s`);
  if (item.etaMs !== undefined && item.state === 'downloading') details.push(`ETA ${formatDuration(item.etaMs)}`);
  details.push(item.state);
  if (item.download.quality !== undefined) details.push(truncate(escapeMarkdown(item.download.quality), 30));
  return `**${title}**${year}${suffix}\n${details.join(' · ')}`;
}

function instanceFields(instance: InstanceSnapshot): NonNullable<APIEmbed['fields']> {
  const fields: NonNullable<APIEmbed['fields']> = [];
  if (instance.health.length > 0) {
    const icons = { notice: 'ℹ️', warning: '⚠️', error: '⛔' } as const;
    const lines = instance.health.map((item) => `${icons[item.level]} ${truncate(escapeMarkdown(item.message), 200)}`);
    fields.push({ name: 'Health', value: joinLinesWithin(lines, DISCORD_LIMITS.fieldValue) });
  }
  if (instance.disks.length > 0) {
    const lines = instance.disks.map(
      (disk) => `\`${truncate(disk.label ?? disk.path, 60)}\` ${formatBytes(disk.freeSpace)} free of ${formatBytes(disk.totalSpace)} (${Math.round(disk.percentFree)}%)`,
    );
    fields.push({ name: 'Disk space', value: joinLinesWithin(lines, DISCORD_LIMITS.fieldValue) });
  }
  return fields;
}

interface LineChunk {
  from: number;
  lines: string[];
}

/** Splits lines into chunks of at most `perChunk` lines and `budget` characters (at least one chunk). */
function chunkLines(lines: readonly string[], perChunk: number, budget: number): LineChunk[] {
  const chunks: LineChunk[] = [];
  let current: LineChunk = { from: 0, lines: [] };
  let length = 0;
  lines.forEach((line, index) => {
    const added = line.length + (current.lines.length > 0 ? 1 : 0);
    if (current.lines.length > 0 && (current.lines.length >= perChunk || length + added > budget)) {
      chunks.push(current);
      current = { from: index, lines: [] };
      length = 0;
    }
    current.lines.push(line);
    length += line.length + (current.lines.length > 1 ? 1 : 0);
  });
  chunks.push(current);
  return chunks;
}
