/**
 * What the monitor learns about the library (movies or series added and deleted), whichever way it
 * learns it: a webhook (`MovieAdded`, `SeriesAdd`, `MovieDelete`, `SeriesDelete`), a SignalR
 * `movie`/`series` message, or the periodic library read. The apps signal an addition as an
 * `updated` message with the whole resource (they publish no `created`), so an addition is told from
 * any other update by the resource's `added` date.
 */
import type { MovieRecord, SeriesRecord } from './arr-records.ts';
import type { MediaFacts } from './events.ts';
import { movieFacts, seriesFacts } from './media-facts.ts';
import type { TagLabeler } from './tag-labels.ts';

export type LibraryRecord = MovieRecord | SeriesRecord;

/** What the checkpoint keeps of the library: its ids at the last read (for deletions), and when. */
export interface LibraryState {
  ids: number[];
  readAt: number;
}

/** The media facts of a library resource of either app (`labels` resolves its tag ids). */
export function libraryMedia(kind: 'radarr' | 'sonarr', record: LibraryRecord | undefined, id?: number, labels?: TagLabeler): MediaFacts {
  const tags = labels?.(record?.tags);
  return kind === 'radarr' ? movieFacts(record, id, undefined, tags) : seriesFacts(record, [], id, undefined, tags);
}

/**
 * Whether an item was added recently enough to be news: at or after `since` (the later of the
 * monitor's first start and the start of the emitted-id retention window, so an addition announced
 * before is still remembered and never announced twice).
 */
export function isNewAddition(record: LibraryRecord, since: number): boolean {
  const added = Date.parse(record.added ?? '');
  return Number.isFinite(added) && added >= since;
}

/** The library ids after a read, keeping what push learnt while the read was in flight. */
export function mergeLibraryIds(read: Iterable<number>, before: ReadonlySet<number>, now: ReadonlySet<number>): number[] {
  const next = new Set(read);
  for (const id of now) if (!before.has(id)) next.add(id);
  for (const id of before) if (!now.has(id)) next.delete(id);
  return [...next].sort((a, b) => a - b);
}
