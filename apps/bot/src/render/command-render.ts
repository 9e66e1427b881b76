/** Replies of the read commands (`/status`, `/queue`, `/health`, `/diskspace`). Pure. */
import type { InstanceSnapshot, MonitorSnapshot } from '@discarr/monitor';
import { ComponentType } from 'discord.js';
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';
import { STRINGS } from '../manage/strings.ts';
import type { OutgoingMessage } from '../contracts.ts';
import { DISCORD_LIMITS } from './discord-limits.ts';
import { episodeCode, escapeMarkdown, formatBytes, formatDuration, joinLinesWithin, progressBar, truncate } from './format.ts';
import { pageButtons } from './page-buttons.ts';

const ICONS = { up: '🟢', down: '🔴', authFailed: '🟠', unknown: '⚪' } as const;
const DESCRIPTION_BUDGET = 3800;
/** `/queue` page buttons: `queue:page:<instance or *>:<n>`. */
export const QUEUE_PAGE_PREFIX = 'queue:page:';
export const QUEUE_ITEMS_PER_PAGE = 10;
/** The `/queue` picker's custom id (handled by ../manage/queue-interactions.ts). */
export const QUEUE_PICK_ID = 'm:pick';

/** Instances of the snapshot, or the one named (undefined when the name is unknown). */
export function selectInstances(snapshot: MonitorSnapshot, name: string | null | undefined): InstanceSnapshot[] | undefined {
  if (name === null || name === undefined || name === '' || name === '*') return snapshot.instances;
  const found = snapshot.instances.find((instance) => instance.name === name);
  return found === undefined ? undefined : [found];
}

export function unknownInstance(name: string, snapshot: MonitorSnapshot): OutgoingMessage {
  const known = snapshot.instances.map((instance) => `\`${instance.name}\``).join(', ');
  return { embeds: [{ color: 0xe74c3c, description: truncate(`No instance is named \`${escapeMarkdown(name)}\`. Known instances: ${known === '' ? 'none' : known}.`, DISCORD_LIMITS.description) }] };
}

/** `/status`: one line per instance. */
export function renderStatus(snapshot: MonitorSnapshot): OutgoingMessage {
  const lines = snapshot.instances.map((instance) => {
    const kind = instance.kind === 'radarr' ? 'Radarr' : 'Sonarr';
    const parts = [`${ICONS[instance.state]} **${escapeMarkdown(instance.name)}**`, `${kind}${instance.version === undefined ? '' : ` v${instance.version}`}`];
    parts.push(`${instance.queue.length} download${instance.queue.length === 1 ? '' : 's'}`);
    if (instance.health.length > 0) parts.push(`${instance.health.length} health issue${instance.health.length === 1 ? '' : 's'}`);
    if (instance.push !== 'off') parts.push(`push ${instance.push}`);
    if (instance.state !== 'up' && instance.lastError !== undefined) parts.push(truncate(escapeMarkdown(instance.lastError), 120));
    return parts.join(' · ');
  });
  const up = snapshot.instances.filter((instance) => instance.state === 'up').length;
  return {
    embeds: [
      {
        title: `Discarr status: ${up}/${snapshot.instances.length} instance${snapshot.instances.length === 1 ? '' : 's'} up`,
        description: lines.length === 0 ? 'No instances configured.' : joinLinesWithin(lines, DESCRIPTION_BUDGET),
        color: up === snapshot.instances.length ? 0x2ecc71 : 0xe67e22,
        timestamp: validIso(snapshot.at),
      },
    ],
  };
}

/** `/queue`: the downloads of every instance (or one), a page at a time. */
export function renderQueue(snapshot: MonitorSnapshot, instance: string | undefined, page: number): { message: OutgoingMessage; pageCount: number } {
  const instances = selectInstances(snapshot, instance);
  if (instances === undefined) return { message: unknownInstance(instance ?? '', snapshot), pageCount: 1 };
  const items = instances.flatMap((one) => one.queue.map((item) => ({ instance: one.name, item })));
  const pageCount = Math.max(1, Math.ceil(items.length / QUEUE_ITEMS_PER_PAGE));
  const current = Math.min(Math.max(0, Math.floor(page)), pageCount - 1);
  const lines = items.slice(current * QUEUE_ITEMS_PER_PAGE, (current + 1) * QUEUE_ITEMS_PER_PAGE).map(({ instance: name, item }) => {
    const episodes = item.media.episodes ?? [];
    const [only] = episodes;
    const code = episodes.length === 1 && only !== undefined ? ` ${episodeCode(only.seasonNumber, only.episodeNumber)}` : episodes.length > 1 ? ` (${episodes.length} episodes)` : '';
    const details = [progressBar(item.percent), item.state];
    if (item.speedBytesPerSecond !== undefined && item.state === 'downloading') details.push(`${formatBytes(item.speedBytesPerSecond)}/s`);
    if (item.etaMs !== undefined && item.state === 'downloading') details.push(`ETA ${formatDuration(item.etaMs)}`);
    details.push(formatBytes(item.size));
    return `\`${truncate(name, 30)}\` **${truncate(escapeMarkdown(item.media.title || item.title), 100)}**${code}\n${details.join(' · ')}`;
  });
  const scope = instance === undefined || instance === '' ? 'all instances' : instance;
  const embed: APIEmbed = {
    title: truncate(`Queue of ${scope}: ${items.length} download${items.length === 1 ? '' : 's'}`, DISCORD_LIMITS.title),
    description: lines.length === 0 ? 'Nothing in the queue.' : joinLinesWithin(lines, DESCRIPTION_BUDGET),
    color: 0x3498db,
    footer: { text: `Page ${current + 1}/${pageCount}` },
    timestamp: validIso(snapshot.at),
  };
  const message: OutgoingMessage = { embeds: [embed] };
  const prefix = `${QUEUE_PAGE_PREFIX}${instance === undefined || instance === '' ? '*' : instance}:`;
  const components = [];
  if (pageCount > 1 && prefix.length + String(pageCount).length <= DISCORD_LIMITS.customId) components.push(pageButtons(prefix, current, pageCount));
  const picker = queuePicker(items.slice(current * QUEUE_ITEMS_PER_PAGE, (current + 1) * QUEUE_ITEMS_PER_PAGE));
  if (picker !== undefined) components.push(picker);
  if (components.length > 0) message.components = components;
  return { message, pageCount };
}

/** The `/queue` picker: a select of the page's downloads (`<instance>|<downloadId>`) that opens their actions. */
function queuePicker(items: { instance: string; item: InstanceSnapshot['queue'][number] }[]): APIActionRowComponent<APIComponentInMessageActionRow> | undefined {
  const seen = new Set<string>();
  const options = items.flatMap(({ instance, item }) => {
    const value = `${instance}|${item.download.downloadId}`;
    if (seen.has(value) || value.length > 100 || item.download.downloadId === '') return [];
    seen.add(value);
    return [{ label: truncate(item.media.title || item.title, 100), value, description: truncate(`${instance} · ${item.state}`, 100) }];
  });
  if (options.length === 0) return undefined;
  return { type: ComponentType.ActionRow, components: [{ type: ComponentType.StringSelect, custom_id: QUEUE_PICK_ID, placeholder: STRINGS.queueActionPlaceholder, options }] };
}

/** `queue:page:radarr:2` → `{ instance: 'radarr', page: 2 }`; `*` means every instance. */
export function parseQueuePage(customId: string): { instance: string | undefined; page: number } | undefined {
  if (!customId.startsWith(QUEUE_PAGE_PREFIX)) return undefined;
  const rest = customId.slice(QUEUE_PAGE_PREFIX.length);
  const separator = rest.lastIndexOf(':');
  if (separator <= 0) return undefined;
  const name = rest.slice(0, separator);
  const page = Number(rest.slice(separator + 1));
  if (!Number.isInteger(page) || page < 0) return undefined;
  return { instance: name === '*' ? undefined : name, page };
}

/** `/health`: the health items of every instance (or one). */
export function renderHealth(snapshot: MonitorSnapshot, instance: string | undefined): OutgoingMessage {
  const instances = selectInstances(snapshot, instance);
  if (instances === undefined) return unknownInstance(instance ?? '', snapshot);
  const icons = { notice: 'ℹ️', warning: '⚠️', error: '⛔' } as const;
  const sections = instances.map((one) => {
    const header = `${ICONS[one.state]} **${escapeMarkdown(one.name)}**`;
    if (one.state !== 'up') return `${header}: ${one.state === 'authFailed' ? 'API key rejected' : 'not reachable'}`;
    if (one.health.length === 0) return `${header}: all good`;
    return [header, ...one.health.map((item) => `${icons[item.level]} ${truncate(escapeMarkdown(item.message), 300)}${item.wikiUrl === undefined ? '' : ` ([wiki](${item.wikiUrl}))`}`)].join('\n');
  });
  const issues = instances.reduce((sum, one) => sum + one.health.length, 0);
  return {
    embeds: [
      {
        title: `Health: ${issues} issue${issues === 1 ? '' : 's'}`,
        description: sections.length === 0 ? 'No instances configured.' : joinLinesWithin(sections, DESCRIPTION_BUDGET, '\n\n'),
        color: issues === 0 ? 0x2ecc71 : 0xf1c40f,
        timestamp: validIso(snapshot.at),
      },
    ],
  };
}

/** `/diskspace`: free space of every disk of every instance (or one). */
export function renderDiskSpace(snapshot: MonitorSnapshot, instance: string | undefined): OutgoingMessage {
  const instances = selectInstances(snapshot, instance);
  if (instances === undefined) return unknownInstance(instance ?? '', snapshot);
  const sections = instances.map((one) => {
    const header = `${ICONS[one.state]} **${escapeMarkdown(one.name)}**`;
    if (one.disks.length === 0) return `${header}: no disk information yet`;
    return [
      header,
      ...one.disks.map((disk) => `\`${truncate(disk.label ?? disk.path, 60)}\` ${progressBar(100 - disk.percentFree)} used · ${formatBytes(disk.freeSpace)} free of ${formatBytes(disk.totalSpace)}`),
    ].join('\n');
  });
  return {
    embeds: [
      {
        title: 'Disk space',
        description: sections.length === 0 ? 'No instances configured.' : joinLinesWithin(sections, DESCRIPTION_BUDGET, '\n\n'),
        color: 0x95a5a6,
        timestamp: validIso(snapshot.at),
      },
    ],
  };
}

function validIso(at: string): string | undefined {
  const time = Date.parse(at);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
