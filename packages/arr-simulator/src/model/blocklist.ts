/** Releases a user rejected (removed from the queue with `blocklist=true`) or that failed. */
import { releaseQualityFields, type QualityDefinition } from '../library/qualities.ts';
import { isoDate } from '../time-format.ts';
import type { DownloadTarget } from './download.ts';

export interface BlocklistEntry {
  id: number;
  target: DownloadTarget;
  sourceTitle: string;
  quality: QualityDefinition;
  date: number;
  protocol: 'usenet' | 'torrent';
  indexer: string;
  message: string;
  downloadId: string;
}

export interface Blocklist {
  add(entry: Omit<BlocklistEntry, 'id'>): BlocklistEntry;
  remove(id: number): boolean;
  list(): BlocklistEntry[];
  has(sourceTitle: string): boolean;
}

export function createBlocklist(): Blocklist {
  const entries = new Map<number, BlocklistEntry>();
  let nextId = 1;
  return {
    add(entry) {
      const created = { ...entry, id: nextId++ };
      entries.set(created.id, created);
      return created;
    },
    remove: (id) => entries.delete(id),
    list: () => [...entries.values()],
    has: (sourceTitle) => [...entries.values()].some((entry) => entry.sourceTitle === sourceTitle),
  };
}

/** A blocklist record as both apps answer it; `media` holds the app's fields (`movieId`, or `seriesId` and `episodeIds`). */
export function blocklistRecordJson(kind: 'radarr' | 'sonarr', entry: BlocklistEntry, media: Record<string, unknown>): Record<string, unknown> {
  return {
    id: entry.id,
    ...media,
    sourceTitle: entry.sourceTitle,
    ...releaseQualityFields(kind, entry.quality),
    date: isoDate(entry.date),
    protocol: entry.protocol,
    indexer: entry.indexer,
    message: entry.message,
  };
}
