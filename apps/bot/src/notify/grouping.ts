/**
 * Where an event goes in the outbox: one message per channel its routes lead to; in that channel,
 * the held digest of quiet hours, an open group of its kind and instance (a burst), or a new one.
 *
 * The rules, for Radarr and Sonarr alike:
 * - events of one type and one instance within `burstWindowMs` of the group's first share a message;
 * - an event of a download a group already holds joins it for `seasonPackWindowMs` (a Sonarr
 *   season pack's episodes import one by one over minutes, and edit one message);
 * - in quiet hours, every non-urgent event joins the channel's digest.
 */
import type { MonitorEvent } from '@discarr/monitor';
import type { BotConfig, RouteConfig } from '../contracts.ts';
import { UNTIL_SENT, type Outbox, type OutboxGroup } from './outbox.ts';
import { isQuiet, isUrgent, routesFor } from './router.ts';

/** A group holds at most this many events; the next one opens a new message. */
export const MAX_GROUP_EVENTS = 100;
export const MAX_DIGEST_EVENTS = 500;

interface ChannelRoutes {
  routes: { route: RouteConfig; index: number }[];
  roles: string[];
}

/** Channel → the routes of that channel an event matched (one message per channel). */
export function channelsFor(config: BotConfig, event: MonitorEvent): Map<string, ChannelRoutes> {
  const channels = new Map<string, ChannelRoutes>();
  const matched = new Set(routesFor(config, event));
  config.routes.forEach((route, index) => {
    if (!matched.has(route)) return;
    const entry = channels.get(route.channel) ?? { routes: [], roles: [] };
    entry.routes.push({ route, index });
    for (const role of route.mentionRoles ?? []) if (!entry.roles.includes(role)) entry.roles.push(role);
    channels.set(route.channel, entry);
  });
  return channels;
}

/** The download an event is about, if any. */
export function downloadIdOf(event: MonitorEvent): string | undefined {
  return 'download' in event ? event.download.downloadId : undefined;
}

/** Puts the event into the outbox, one group per channel; returns how many channels take it. */
export function placeEvent(outbox: Outbox, config: BotConfig, event: MonitorEvent, now: number): number {
  const channels = channelsFor(config, event);
  for (const [channel, { routes, roles }] of channels) {
    // Held only when every matching route of this channel is quiet.
    const quietRoute = isUrgent(event) ? undefined : routes.every(({ route }) => isQuiet(route, now)) ? routes[0]?.index : undefined;
    const group = quietRoute === undefined ? burstGroup(outbox, config, event, channel, roles, now) : digestGroup(outbox, channel, roles, quietRoute, now);
    // It waits from now if nothing of it was waiting (what the delivery order goes by).
    if (group.delivered >= group.events.length) group.pendingSince = now;
    group.events.push(event);
  }
  return channels.size;
}

function digestGroup(outbox: Outbox, channel: string, roles: string[], quietRoute: number, now: number): OutboxGroup {
  const key = `digest:${channel}:${quietRoute}`;
  return (
    outbox.find((group) => group.key === key && now < group.joinUntil && group.events.length < MAX_DIGEST_EVENTS) ??
    outbox.open({ key, channel, kind: 'digest', joinUntil: UNTIL_SENT, mentionRoles: roles, quietRoute })
  );
}

function burstGroup(outbox: Outbox, config: BotConfig, event: MonitorEvent, channel: string, roles: string[], now: number): OutboxGroup {
  const key = `burst:${channel}:${event.instance}:${event.type}`;
  const room = (group: OutboxGroup): boolean => group.key === key && group.events.length < MAX_GROUP_EVENTS;
  const downloadId = downloadIdOf(event);
  const ofDownload =
    downloadId === undefined ? undefined : outbox.find((group) => room(group) && now < (group.packUntil ?? 0) && group.events.some((other) => downloadIdOf(other) === downloadId));
  const found = ofDownload ?? outbox.find((group) => room(group) && now < group.joinUntil);
  if (found !== undefined) return found;
  const window = config.notifications.burstWindowMs;
  const group = outbox.open({ key, channel, kind: window > 0 ? 'burst' : 'single', joinUntil: now + window, mentionRoles: roles });
  if (downloadId !== undefined && event.kind === 'sonarr') group.packUntil = now + config.notifications.seasonPackWindowMs;
  return group;
}
