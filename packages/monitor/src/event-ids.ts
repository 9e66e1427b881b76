/**
 * Stable event ids. The same real-world event gets the same id whether the monitor learned it by
 * push, poll, webhook or history catch-up, so de-duplication (ours across restarts, and a
 * consumer's) is a set lookup. Downloads are keyed by the client's `downloadId`, which every queue
 * record, history record and webhook of one download shares (a season pack is one download).
 */
import type { MonitorEventType } from './events.ts';

type DownloadEventType = Extract<MonitorEventType, `download.${string}`>;

export function downloadEventId(instance: string, type: Exclude<DownloadEventType, 'download.stalled' | 'download.progress'>, downloadId: string): string {
  return `${instance}:${type}:${downloadId}`;
}

/** Each stall episode of a download is its own event. */
export function stalledEventId(instance: string, downloadId: string, stallCount: number): string {
  return `${instance}:download.stalled:${downloadId}:${stallCount}`;
}

/** Progress events are ephemeral; the id names the whole percent reached. */
export function progressEventId(instance: string, downloadId: string, percent: number): string {
  return `${instance}:download.progress:${downloadId}:${Math.floor(percent)}`;
}

/** A health item is one event from its first sighting; raised again later is a new one. */
export function healthEventId(instance: string, type: 'health.raised' | 'health.cleared', source: string, firstSeenAt: number): string {
  return `${instance}:${type}:${source}:${firstSeenAt}`;
}

export function instanceEventId(instance: string, type: 'instance.down' | 'instance.up' | 'instance.authFailed', since: number): string {
  return `${instance}:${type}:${since}`;
}

export function diskEventId(instance: string, type: 'disk.low' | 'disk.ok', path: string, since: number): string {
  return `${instance}:${type}:${path}:${since}`;
}

export function appUpdatedEventId(instance: string, newVersion: string): string {
  return `${instance}:app.updated:${newVersion}`;
}

export function mediaEventId(instance: string, type: 'media.added' | 'media.deleted', mediaType: 'movie' | 'series', id: number | string): string {
  return `${instance}:${type}:${mediaType}:${id}`;
}

/** Progress events are not remembered: there are many and repeating one harms nobody. */
export function isRemembered(type: MonitorEventType): boolean {
  return type !== 'download.progress';
}
