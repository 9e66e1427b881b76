/**
 * Stable event ids. The same real-world event gets the same id whether the monitor learned it by
 * push, poll, webhook or history catch-up, so de-duplication (ours across restarts, and a
 * consumer's) is a set lookup. Every id is `<instance>:<type>:<key>`, built in one place
 * (`eventId`); the key says which occurrence: downloads are keyed by the client's `downloadId`,
 * which every queue record, history record and webhook of one download shares (a season pack is
 * one download).
 */
import type { MonitorEventType } from './events.ts';

/** The id of the event of `type` about `key` on `instance`. */
export function eventId(instance: string, type: MonitorEventType, key: string): string {
  return `${instance}:${type}:${key}`;
}

/** Each stall episode of a download is its own event. */
export function stallKey(downloadId: string, stallCount: number): string {
  return `${downloadId}:${String(stallCount)}`;
}

/** Progress events are ephemeral; the key names the whole percent reached. */
export function progressKey(downloadId: string, percent: number): string {
  return `${downloadId}:${String(Math.floor(percent))}`;
}

/** A health item is one event from its first sighting; raised again later is a new one. */
export function healthKey(source: string, firstSeenAt: number): string {
  return `${source}:${String(firstSeenAt)}`;
}

/** A disk crossing a threshold, from the time it crossed. */
export function diskKey(path: string, since: number): string {
  return `${path}:${String(since)}`;
}

/** A movie or series of the library. */
export function mediaKey(mediaType: 'movie' | 'series', id: number): string {
  return `${mediaType}:${String(id)}`;
}

/** Progress events are not remembered: there are many and repeating one harms nobody. */
export function isRemembered(type: MonitorEventType): boolean {
  return type !== 'download.progress';
}
