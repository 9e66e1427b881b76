/**
 * Notifications: one event, or a group of events (a season pack's imports, a burst of one type, a
 * quiet-hours digest), as one Discord message. Pure.
 */
import type { DownloadFacts, MediaFacts, MonitorEvent, MonitorEventType } from '@discarr/monitor';
import { ButtonStyle, ComponentType } from 'discord.js';
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed, APIEmbedField } from 'discord.js';
import type { OutgoingMessage } from '../contracts.ts';
import { DISCORD_LIMITS } from './discord-limits.ts';
import { episodeCode, escapeMarkdown, formatBytes, formatDuration, joinLinesWithin, progressBar, truncate } from './format.ts';
import { safeEvent, text } from './safe-event.ts';

/** The embed colour of each event type: green for good news, red for failures, amber for warnings. */
export const EVENT_COLOURS: Record<MonitorEventType, number> = {
  'download.grabbed': 0x3498db,
  'download.progress': 0x5dade2,
  'download.stalled': 0xf39c12,
  'download.completed': 0x1abc9c,
  'download.imported': 0x2ecc71,
  'download.failed': 0xe74c3c,
  'download.importBlocked': 0xe67e22,
  'download.removed': 0x95a5a6,
  'health.raised': 0xf1c40f,
  'health.cleared': 0x27ae60,
  'instance.down': 0xc0392b,
  'instance.up': 0x27ae60,
  'instance.authFailed': 0xd35400,
  'disk.low': 0xe74c3c,
  'disk.ok': 0x27ae60,
  'app.updated': 0x9b59b6,
  'media.added': 0x16a085,
  'media.deleted': 0x7f8c8d,
};

/** Short human titles, used alone and in group headings. */
export const EVENT_TITLES: Record<MonitorEventType, string> = {
  'download.grabbed': 'Grabbed',
  'download.progress': 'Downloading',
  'download.stalled': 'Download stalled',
  'download.completed': 'Download completed',
  'download.imported': 'Imported',
  'download.failed': 'Download failed',
  'download.importBlocked': 'Import blocked',
  'download.removed': 'Removed from queue',
  'health.raised': 'Health issue',
  'health.cleared': 'Health issue resolved',
  'instance.down': 'Instance unreachable',
  'instance.up': 'Instance reachable again',
  'instance.authFailed': 'API key rejected',
  'disk.low': 'Disk space low',
  'disk.ok': 'Disk space back to normal',
  'app.updated': 'Updated',
  'media.added': 'Added',
  'media.deleted': 'Deleted',
};

const EVENT_ICONS: Record<MonitorEventType, string> = {
  'download.grabbed': '📥',
  'download.progress': '⏬',
  'download.stalled': '⏸️',
  'download.completed': '✅',
  'download.imported': '🎬',
  'download.failed': '❌',
  'download.importBlocked': '🚧',
  'download.removed': '🗑️',
  'health.raised': '⚠️',
  'health.cleared': '💚',
  'instance.down': '🔴',
  'instance.up': '🟢',
  'instance.authFailed': '🔑',
  'disk.low': '💾',
  'disk.ok': '💾',
  'app.updated': '⬆️',
  'media.added': '➕',
  'media.deleted': '➖',
};

/** The actions behind the buttons: `action:<kind>:<instance>:<downloadId>`. */
export type ActionKind = 'retry' | 'blocklist' | 'remove' | 'manualImport';

export const ACTION_PREFIX = 'action:';

type ActionStyle = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Danger;

const ACTIONS: Partial<Record<MonitorEventType, { kind: ActionKind; label: string; style: ActionStyle }[]>> = {
  'download.failed': [
    { kind: 'retry', label: 'Search again', style: ButtonStyle.Primary },
    { kind: 'blocklist', label: 'Blocklist release', style: ButtonStyle.Secondary },
    { kind: 'remove', label: 'Remove', style: ButtonStyle.Danger },
  ],
  'download.stalled': [
    { kind: 'retry', label: 'Blocklist and search', style: ButtonStyle.Primary },
    { kind: 'blocklist', label: 'Blocklist release', style: ButtonStyle.Secondary },
    { kind: 'remove', label: 'Remove', style: ButtonStyle.Danger },
  ],
  'download.importBlocked': [
    { kind: 'manualImport', label: 'Manual import', style: ButtonStyle.Primary },
    { kind: 'remove', label: 'Remove', style: ButtonStyle.Danger },
  ],
};

/** Parses `action:<kind>:<instance>:<downloadId>` (download ids may themselves contain colons). */
export function parseActionId(customId: string): { kind: ActionKind; instance: string; downloadId: string } | undefined {
  const match = /^action:(retry|blocklist|remove|manualImport):([^:]+):(.+)$/.exec(customId);
  if (match === null) return undefined;
  const [, kind, instance, downloadId] = match;
  if (kind === undefined || instance === undefined || downloadId === undefined) return undefined;
  return { kind: kind as ActionKind, instance, downloadId };
}

export interface NotificationRenderOptions {
  /** Render as a quiet-hours digest (heading says so, even for one event). */
  digest?: boolean;
}

const GROUP_DESCRIPTION_BUDGET = 3500;

/**
 * Renders one event, or a group of events, as one message. An empty group renders a placeholder.
 * Facts of an unexpected type are coerced first (./safe-event.ts); only an event type this bot does
 * not know throws.
 */
export function renderNotification(events: readonly MonitorEvent[], options: NotificationRenderOptions = {}): OutgoingMessage {
  for (const event of events) {
    if (!Object.hasOwn(EVENT_TITLES, event.type)) throw new Error(`unknown event type "${text(event.type) ?? typeof event.type}": this version of the bot cannot show it`);
  }
  const group = events.map(safeEvent);
  const [first] = group;
  if (first === undefined) return { embeds: [{ description: 'Nothing to report.' }] };
  if (options.digest === true) return { embeds: [digestEmbed(group)] };
  if (group.length === 1) return renderSingle(first);
  if (isSeasonPack(group)) return { embeds: [seasonPackEmbed(group)] };
  if (group.every((event) => event.type === first.type)) return { embeds: [burstEmbed(group)] };
  return { embeds: [digestEmbed(group)] };
}

/** A season pack: every event a download event of one Sonarr download. */
function isSeasonPack(group: readonly MonitorEvent[]): boolean {
  const first = group[0];
  if (first === undefined || first.kind !== 'sonarr') return false;
  const key = downloadOf(first)?.downloadId;
  return key !== undefined && group.every((event) => event.type === first.type && event.instance === first.instance && downloadOf(event)?.downloadId === key);
}

function renderSingle(event: MonitorEvent): OutgoingMessage {
  const embed: APIEmbed = {
    author: { name: truncate(event.instance, DISCORD_LIMITS.authorName) },
    color: EVENT_COLOURS[event.type],
    timestamp: validIso(event.at),
  };
  const media = mediaOf(event);
  const download = downloadOf(event);
  const heading = `${EVENT_ICONS[event.type]} ${event.type === 'download.grabbed' && event.notGrabbed === true ? NOT_GRABBED_TITLE : EVENT_TITLES[event.type]}`;
  embed.title = truncate(media === undefined ? heading : `${heading}: ${mediaTitle(media)}${episodesSuffix(media)}`, DISCORD_LIMITS.title);
  if (media?.posterUrl !== undefined && /^https?:\/\//.test(media.posterUrl)) embed.thumbnail = { url: media.posterUrl };
  const description = describe(event);
  if (description !== '') embed.description = truncate(description, GROUP_DESCRIPTION_BUDGET);
  const fields: APIEmbedField[] = [];
  if (download !== undefined) fields.push(...downloadFields(download));
  if (media !== undefined) {
    const links = mediaLinks(media);
    if (links !== '') fields.push({ name: 'Links', value: links, inline: false });
  }
  if (fields.length > 0) embed.fields = fields;
  const message: OutgoingMessage = { embeds: [embed] };
  // A download the app did not grab has no release it can blocklist.
  const actions = event.type === 'download.failed' && event.notGrabbed === true ? ACTIONS[event.type]?.filter((action) => action.kind !== 'blocklist') : ACTIONS[event.type];
  if (actions !== undefined && download !== undefined) {
    const row = actionRow(event.instance, download.downloadId, actions);
    if (row !== undefined) message.components = [row];
  }
  return message;
}

function actionRow(
  instance: string,
  downloadId: string,
  actions: readonly { kind: ActionKind; label: string; style: ActionStyle }[],
): APIActionRowComponent<APIComponentInMessageActionRow> | undefined {
  const buttons = actions
    .map((action) => ({ action, customId: `${ACTION_PREFIX}${action.kind}:${instance}:${downloadId}` }))
    // A custom id longer than Discord's 100 characters would make the whole message fail: skip the button.
    .filter(({ customId }) => customId.length <= DISCORD_LIMITS.customId)
    .map(({ action, customId }) => ({ type: ComponentType.Button as const, style: action.style, label: action.label, custom_id: customId }));
  if (buttons.length === 0) return undefined;
  return { type: ComponentType.ActionRow, components: buttons };
}

/** Why a removal says nothing of the download's outcome: the app deleted the media's history with it. */
const MEDIA_DELETED = {
  movie: '🚮 The movie was deleted from the library, and its history with it: whether this download was imported or failed is unknown.',
  series: '🚮 The series was deleted from the library, and its history with it: whether this download was imported or failed is unknown.',
} as const;

/** A new download the app did not grab (put in the download client directly): its title and why. */
const NOT_GRABBED_TITLE = 'New in the download client';
const APP_NAMES = { radarr: 'Radarr', sonarr: 'Sonarr' } as const;
const notGrabbedSentence = (app: string): string => `✋ ${app} did not grab this download: it was put in the download client directly. ${app} imports it when it completes, but leaves a failure to you.`;

/** The event-specific sentence under the title. */
function describe(event: MonitorEvent): string {
  switch (event.type) {
    case 'download.grabbed':
      return [episodesLine(event.media), event.notGrabbed === true ? notGrabbedSentence(APP_NAMES[event.kind]) : ''].filter(Boolean).join('\n');
    case 'download.completed':
      return episodesLine(event.media);
    case 'download.removed':
      return [episodesLine(event.media), event.mediaDeleted === true ? MEDIA_DELETED[event.media.mediaType === 'movie' ? 'movie' : 'series'] : ''].filter(Boolean).join('\n');
    case 'download.imported':
      return [episodesLine(event.media), event.isUpgrade ? '⬆️ Upgrade of an existing file' : ''].filter(Boolean).join('\n');
    case 'download.progress':
      return [episodesLine(event.media), progressLine(event.progress)].filter(Boolean).join('\n');
    case 'download.stalled':
      return [episodesLine(event.media), progressLine(event.progress), ...event.messages.map((message) => `> ${escapeMarkdown(message)}`)].filter(Boolean).join('\n');
    case 'download.failed':
      return [episodesLine(event.media), `**Reason:** ${escapeMarkdown(event.reason)}`].filter(Boolean).join('\n');
    case 'download.importBlocked':
      return [episodesLine(event.media), ...event.messages.map((message) => `> ${escapeMarkdown(message)}`)].filter(Boolean).join('\n');
    case 'health.raised':
    case 'health.cleared':
      return `**${event.health.level}** (${escapeMarkdown(event.health.source)}): ${escapeMarkdown(event.health.message)}${event.health.wikiUrl === undefined ? '' : `\n[How to fix](${event.health.wikiUrl})`}`;
    case 'instance.down':
    case 'instance.authFailed':
      return escapeMarkdown(event.error);
    case 'instance.up':
      return `Version ${escapeMarkdown(event.version)}${event.downForMs === undefined ? '' : ` · down for ${formatDuration(event.downForMs)}`}`;
    case 'disk.low':
    case 'disk.ok':
      return `\`${event.disk.label ?? event.disk.path}\`: ${formatBytes(event.disk.freeSpace)} free of ${formatBytes(event.disk.totalSpace)} (${Math.round(event.disk.percentFree)}%)`;
    case 'app.updated':
      return `${event.previousVersion === undefined ? '' : `${escapeMarkdown(event.previousVersion)} → `}${escapeMarkdown(event.newVersion)}`;
    case 'media.added':
      return episodesLine(event.media);
    case 'media.deleted':
      return event.deletedFiles === true ? 'Files deleted too.' : '';
  }
}

function progressLine(progress: { percent: number; speedBytesPerSecond?: number; etaMs?: number; state: string }): string {
  const parts = [progressBar(progress.percent)];
  if (progress.speedBytesPerSecond !== undefined) parts.push(`${formatBytes(progress.speedBytesPerSecond)}/s`);
  if (progress.etaMs !== undefined) parts.push(`ETA ${formatDuration(progress.etaMs)}`);
  parts.push(progress.state);
  return parts.join(' · ');
}

function episodesLine(media: MediaFacts): string {
  const episodes = media.episodes ?? [];
  if (episodes.length === 0) return '';
  const lines = episodes.map((episode) => `${episodeCode(episode.seasonNumber, episode.episodeNumber)}${episode.title === undefined ? '' : ` · ${escapeMarkdown(episode.title)}`}`);
  return joinLinesWithin(lines, 1500);
}

function downloadFields(download: DownloadFacts): APIEmbedField[] {
  const fields: APIEmbedField[] = [];
  const add = (name: string, value: string | undefined, inline = true): void => {
    if (value !== undefined && value !== '') fields.push({ name, value: truncate(value, DISCORD_LIMITS.fieldValue), inline });
  };
  add('Quality', download.quality === undefined ? undefined : escapeMarkdown(download.quality));
  add('Size', download.size === undefined ? undefined : formatBytes(download.size));
  add('Indexer', download.indexer === undefined ? undefined : escapeMarkdown(download.indexer));
  add('Download client', download.downloadClient === undefined ? undefined : escapeMarkdown(download.downloadClient));
  add('Release', download.releaseTitle === undefined ? undefined : `\`${download.releaseTitle.replaceAll('`', "'")}\``, false);
  return fields;
}

/** TMDb, IMDb and TVDb links from the ids the event carries. */
export function mediaLinks(media: MediaFacts): string {
  const links: string[] = [];
  if (media.tmdbId !== undefined) links.push(`[TMDb](https://www.themoviedb.org/${media.mediaType === 'movie' ? 'movie' : 'tv'}/${media.tmdbId})`);
  if (media.imdbId !== undefined && /^tt\d+$/.test(media.imdbId)) links.push(`[IMDb](https://www.imdb.com/title/${media.imdbId}/)`);
  if (media.tvdbId !== undefined) links.push(`[TVDb](https://thetvdb.com/dereferrer/series/${media.tvdbId})`);
  return links.join(' · ');
}

/** ` S01E02` for one episode, ` — Season 1 (6 episodes)` for a pack. */
function episodesSuffix(media: MediaFacts): string {
  const episodes = media.episodes ?? [];
  const [only] = episodes;
  if (episodes.length === 1 && only !== undefined) return ` ${episodeCode(only.seasonNumber, only.episodeNumber)}`;
  if (episodes.length > 1) return `${media.seasonNumber === undefined ? '' : ` — Season ${media.seasonNumber}`} (${episodes.length} episodes)`;
  return '';
}

function mediaTitle(media: MediaFacts): string {
  return `${media.title}${media.year === undefined ? '' : ` (${media.year})`}`;
}

function mediaOf(event: MonitorEvent): MediaFacts | undefined {
  return 'media' in event ? event.media : undefined;
}

function downloadOf(event: MonitorEvent): DownloadFacts | undefined {
  return 'download' in event ? event.download : undefined;
}

function validIso(at: string): string | undefined {
  const time = Date.parse(at);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** One Sonarr download of several episodes: one embed listing the episodes seen so far. */
function seasonPackEmbed(group: readonly MonitorEvent[]): APIEmbed {
  const first = group[0] as MonitorEvent & { media: MediaFacts; download: DownloadFacts };
  const episodes = new Map<string, string>();
  for (const event of group) {
    for (const episode of mediaOf(event)?.episodes ?? []) {
      const code = episodeCode(episode.seasonNumber, episode.episodeNumber);
      episodes.set(code, `${code}${episode.title === undefined ? '' : ` · ${escapeMarkdown(episode.title)}`}`);
    }
  }
  const sorted = [...episodes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, line]) => line);
  const season = first.media.seasonNumber === undefined ? '' : ` — Season ${first.media.seasonNumber}`;
  const count = sorted.length > 0 ? sorted.length : group.length;
  const embed: APIEmbed = {
    author: { name: truncate(first.instance, DISCORD_LIMITS.authorName) },
    title: truncate(`${EVENT_ICONS[first.type]} ${EVENT_TITLES[first.type]}: ${mediaTitle(first.media)}${season} (${count} episode${count === 1 ? '' : 's'})`, DISCORD_LIMITS.title),
    description: joinLinesWithin(sorted, GROUP_DESCRIPTION_BUDGET),
    color: EVENT_COLOURS[first.type],
    timestamp: validIso(group[group.length - 1]?.at ?? first.at),
  };
  if (embed.description === '') delete embed.description;
  if (first.media.posterUrl !== undefined && /^https?:\/\//.test(first.media.posterUrl)) embed.thumbnail = { url: first.media.posterUrl };
  const fields = downloadFields(first.download);
  const links = mediaLinks(first.media);
  if (links !== '') fields.push({ name: 'Links', value: links, inline: false });
  if (fields.length > 0) embed.fields = fields;
  return embed;
}

/** Several events of one type: one embed, one line each. */
function burstEmbed(group: readonly MonitorEvent[]): APIEmbed {
  const first = group[0] as MonitorEvent;
  const instances = new Set(group.map((event) => event.instance));
  const embed: APIEmbed = {
    title: `${EVENT_ICONS[first.type]} ${EVENT_TITLES[first.type]} × ${group.length}`,
    description: joinLinesWithin(group.map((event) => summaryLine(event, instances.size > 1)), GROUP_DESCRIPTION_BUDGET),
    color: EVENT_COLOURS[first.type],
    timestamp: validIso(group[group.length - 1]?.at ?? first.at),
  };
  if (instances.size === 1) embed.author = { name: truncate(first.instance, DISCORD_LIMITS.authorName) };
  return embed;
}

/** Held events of any types, sent when quiet hours end. */
function digestEmbed(group: readonly MonitorEvent[]): APIEmbed {
  const first = group[0] as MonitorEvent;
  const counts = new Map<MonitorEventType, number>();
  for (const event of group) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
  const summary = [...counts.entries()].map(([type, count]) => `${EVENT_ICONS[type]} ${EVENT_TITLES[type]}: ${count}`).join(' · ');
  const lines = group.map((event) => `${EVENT_ICONS[event.type]} ${summaryLine(event, true)}`);
  return {
    title: `🌙 While you were away: ${group.length} event${group.length === 1 ? '' : 's'}`,
    description: joinLinesWithin([truncate(summary, 600), '', ...lines], GROUP_DESCRIPTION_BUDGET),
    color: EVENT_COLOURS[first.type],
    timestamp: validIso(group[group.length - 1]?.at ?? first.at),
  };
}

/** One line about an event, for groups and digests. */
export function summaryLine(event: MonitorEvent, withInstance: boolean): string {
  const prefix = withInstance ? `\`${truncate(event.instance, 40)}\` ` : '';
  const media = mediaOf(event);
  const download = downloadOf(event);
  let text: string;
  if (media !== undefined) {
    const episodes = media.episodes ?? [];
    const [only] = episodes;
    const code = episodes.length === 1 && only !== undefined ? ` ${episodeCode(only.seasonNumber, only.episodeNumber)}` : episodes.length > 1 ? ` (${episodes.length} episodes)` : '';
    text = `**${truncate(escapeMarkdown(mediaTitle(media)), 100)}**${code}`;
    if (download?.quality !== undefined) text += ` · ${truncate(escapeMarkdown(download.quality), 30)}`;
    if (event.type === 'download.failed') text += ` · ${truncate(escapeMarkdown(event.reason), 120)}`;
    if (event.type === 'download.grabbed' && event.notGrabbed === true) text += ` · not grabbed by ${APP_NAMES[event.kind]}`;
  } else {
    text = `${EVENT_TITLES[event.type]}: ${truncate(describe(event).split('\n')[0] ?? '', 200)}`;
  }
  return `${prefix}${text}`;
}
