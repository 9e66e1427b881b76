/** Reading every page of a paged Radarr/Sonarr list without losing or repeating a record. */

/** The envelope of every paged list (`queue`, `history`, `wanted/*`, `blocklist`). */
export interface PageEnvelope<T> {
  page?: number;
  pageSize?: number;
  totalRecords?: number;
  records?: T[] | null;
}

/**
 * Yields the records of page after page until `totalRecords` have been seen or a page comes back
 * short. Records are de-duplicated by `id`, because an item that moves between pages while they are
 * read (a new grab shifts everything by one) would otherwise appear twice.
 */
export async function* paginate<T extends { id?: number }>(
  fetchPage: (page: number, pageSize: number) => Promise<PageEnvelope<T>>,
  pageSize: number,
): AsyncGenerator<T[], void, undefined> {
  const seen = new Set<number>();
  let total = Number.POSITIVE_INFINITY;
  for (let page = 1; seen.size < total; page++) {
    const envelope = await fetchPage(page, pageSize);
    const records = envelope.records ?? [];
    total = envelope.totalRecords ?? total;
    const fresh = records.filter((r) => r.id === undefined || !seen.has(r.id));
    for (const r of fresh) if (r.id !== undefined) seen.add(r.id);
    if (fresh.length > 0) yield fresh;
    // A short page is the last one, whatever totalRecords said; an empty one too.
    if (records.length < pageSize || records.length === 0) return;
  }
}

/** All records of a paged list as one array. */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const records of pages) all.push(...records);
  return all;
}
