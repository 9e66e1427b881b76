/**
 * Paged lists read whole: every page collected (1000 records a page, de-duplicated by id, see
 * `paginate`), or page by page. Logs and the blocklist, the same way in both apps.
 */
import type { CommonPaths } from '../call-types.ts';
import { collect, paginate } from '../paginate.ts';
import { request, type DomainHost, type ListQuery, type RecordsOf } from './raw-result.ts';

/** Records per page when a helper reads every page: one request for most lists. */
export const PAGE_SIZE = 1000;

/** A paged list read whole or page by page. */
export interface PagedList<Row, Query> {
  /** Every record of every page, as one array. */
  list(query?: Query): Promise<Row[]>;
  /** The records page by page (stops at `totalRecords` or a short page), for lists too long to hold. */
  pages(query?: Query): AsyncGenerator<Row[], void, undefined>;
}

/** The app's log (`GET /api/v3/log`), by level. */
export type LogApi<Paths> = PagedList<RecordsOf<Paths, '/api/v3/log'>, ListQuery<Paths, '/api/v3/log'>>;

/** The blocklist: releases the app will not grab again. */
export interface BlocklistApi<Paths> extends PagedList<RecordsOf<Paths, '/api/v3/blocklist'>, ListQuery<Paths, '/api/v3/blocklist'>> {
  /** Removes one entry, so the release may be grabbed again; `ArrNotFoundError` when it is gone. */
  remove(id: number): Promise<void>;
  /** Removes several entries at once (`DELETE /api/v3/blocklist/bulk`). */
  removeMany(ids: number[]): Promise<void>;
}

/** Paged lists both apps offer the same way. */
export interface PagedListApis<Paths> {
  /**
   * The app's log entries (System > Logs), newest first by default.
   *
   * @example
   * ```ts
   * const errors = await radarr.logs.list({ level: 'error' });
   * ```
   */
  logs: LogApi<Paths>;
  /**
   * The blocklist, every page.
   *
   * @example
   * ```ts
   * const entries = await sonarr.blocklist.list();
   * await sonarr.blocklist.removeMany(entries.map((entry) => entry.id));
   * ```
   */
  blocklist: BlocklistApi<Paths>;
}

/** A `PagedList` over `fetchPage`, which reads one page. */
export function pagedList<Row extends { id?: number }, Query>(
  fetchPage: (query: Query | undefined, page: number, pageSize: number) => Promise<{ records?: Row[] | null; totalRecords?: number }>,
): PagedList<Row, Query> {
  const pages = (query?: Query) => paginate((page, pageSize) => fetchPage(query, page, pageSize), PAGE_SIZE);
  return { pages, list: (query) => collect(pages(query)) };
}

export function createPagedListApis<Paths>(host: DomainHost<CommonPaths>): PagedListApis<Paths> {
  type Query<P extends '/api/v3/log' | '/api/v3/blocklist'> = ListQuery<CommonPaths, P>;
  const logs = pagedList<{ id?: number }, Query<'/api/v3/log'>>((query: Query<'/api/v3/log'> | undefined, page, pageSize) =>
    request(host, 'get', '/api/v3/log', (GET, path) => GET(path, { params: { query: { ...query, page, pageSize } } })),
  );
  const blocklist = pagedList<{ id?: number }, Query<'/api/v3/blocklist'>>((query: Query<'/api/v3/blocklist'> | undefined, page, pageSize) =>
    request(host, 'get', '/api/v3/blocklist', (GET, path) => GET(path, { params: { query: { ...query, page, pageSize } } })),
  );
  return {
    // Each app's query and records are its own document's; the shared view checks the calls against both.
    logs: logs as unknown as LogApi<Paths>,
    blocklist: {
      ...(blocklist as unknown as PagedList<RecordsOf<Paths, '/api/v3/blocklist'>, ListQuery<Paths, '/api/v3/blocklist'>>),
      async remove(id) {
        await request(host, 'delete', '/api/v3/blocklist/{id}', (DELETE, path) => DELETE(path, { params: { path: { id } } }), { id });
      },
      async removeMany(ids) {
        await request(host, 'delete', '/api/v3/blocklist/bulk', (DELETE, path) => DELETE(path, { body: { ids } }));
      },
    },
  };
}
