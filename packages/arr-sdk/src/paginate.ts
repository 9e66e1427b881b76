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
  let count = 0;
  for (let page = 1; count < total; page++) {
    const envelope = await fetchPage(page, pageSize);
    const records = envelope.records ?? [];
    total = envelope.totalRecords ?? total;
    // Ids are unique within a page: only a later page can repeat a record of an earlier one.
    const fresh = page === 1 ? records : records.filter((r) => r.id === undefined || !seen.has(r.id));
    count += fresh.length;
    // A short page is the last one, whatever totalRecords said; an empty one too.
    const more = records.length >= pageSize && records.length > 0 && count < total;
    // Ids are only remembered when another page will be read (a one-page list costs no Set).
    if (more || page > 1) for (const r of fresh) if (r.id !== undefined) seen.add(r.id);
    if (fresh.length > 0) yield fresh;
    if (!more) return;
  }
}

/** All records of a paged list as one array. */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const chunks: T[][] = [];
  for await (const records of pages) chunks.push(records);
  return chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : chunks.flat();
}
