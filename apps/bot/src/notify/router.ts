/** Which routes an event goes to, and whether a route is in its quiet hours. Pure. */
import type { MonitorEvent, MonitorEventType } from '@discarr/monitor';
import type { BotConfig, RouteConfig } from '../contracts.ts';

/** Events that reach a route without an `events` filter: everything but progress ticks. */
export function defaultRouteEvents(type: MonitorEventType): boolean {
  return type !== 'download.progress';
}

/**
 * The routes an event goes to. A route with a `tags` or `qualities` filter only takes events that
 * carry that fact (a health alert has no quality, so it does not pass a quality filter).
 */
export function routesFor(config: BotConfig, event: MonitorEvent): RouteConfig[] {
  return config.routes.filter((route) => routeAccepts(route, event));
}

export function routeAccepts(route: RouteConfig, event: MonitorEvent): boolean {
  if (route.events === undefined ? !defaultRouteEvents(event.type) : !route.events.includes(event.type)) return false;
  if (route.instances !== undefined && !route.instances.includes(event.instance)) return false;
  if (route.tags !== undefined && route.tags.length > 0) {
    // Compared as text: the monitor reports tags as labels (webhooks) or ids (reads), routes may name either.
    const tags = new Set(('media' in event ? (event.media.tags ?? []) : []).map(tagText));
    if (!route.tags.some((tag) => tags.has(tagText(tag)))) return false;
  }
  if (route.qualities !== undefined && route.qualities.length > 0) {
    const quality = 'download' in event ? event.download.quality : undefined;
    if (quality === undefined) return false;
    const wanted = quality.toLowerCase();
    if (!route.qualities.some((name) => name.toLowerCase() === wanted)) return false;
  }
  return true;
}

/** A tag id or label as compared by routes. */
function tagText(tag: string | number): string {
  return (typeof tag === 'number' ? tag.toString() : tag).toLowerCase();
}

/** Events that are sent even in quiet hours: things that need someone to act. */
export function isUrgent(event: MonitorEvent): boolean {
  switch (event.type) {
    case 'download.failed':
    case 'download.stalled':
    case 'download.importBlocked':
    case 'instance.down':
    case 'instance.authFailed':
    case 'disk.low':
      return true;
    case 'health.raised':
      return event.health.level === 'error';
    default:
      return false;
  }
}

/** `HH:MM` → minutes after midnight; undefined when malformed. */
export function parseClockTime(text: string): number | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (match === null) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 24 || minutes > 59 || (hours === 24 && minutes !== 0)) return undefined;
  return hours * 60 + minutes;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes after local midnight at `atMs` in `timeZone` (the host's zone when absent). */
export function minutesOfDay(atMs: number, timeZone: string | undefined): number {
  const key = timeZone ?? '';
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(key, formatter);
  }
  let hours = 0;
  let minutes = 0;
  for (const part of formatter.formatToParts(atMs)) {
    if (part.type === 'hour') hours = Number(part.value) % 24;
    if (part.type === 'minute') minutes = Number(part.value);
  }
  return hours * 60 + minutes;
}

/**
 * Whether `atMs` falls in the route's quiet hours: `[start, end)` in the route's time zone, across
 * midnight when `start` is after `end` (`22:00`–`07:00`). Equal start and end means no quiet hours.
 */
export function isQuiet(route: RouteConfig, atMs: number): boolean {
  const quiet = route.quietHours;
  if (quiet === undefined) return false;
  const start = parseClockTime(quiet.start);
  const end = parseClockTime(quiet.end);
  if (start === undefined || end === undefined || start === end) return false;
  const now = minutesOfDay(atMs, quiet.timezone);
  return start < end ? now >= start && now < end : now >= start || now < end;
}
