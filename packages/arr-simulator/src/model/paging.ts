/** Paging and sorting as the apps' `PagingResource`: 1-based `page`, `pageSize`, `sortKey`, `sortDirection`. */

export type SortDirection = 'ascending' | 'descending' | 'default';

export interface PagingRequest {
  page: number;
  pageSize: number;
  sortKey: string;
  sortDirection: SortDirection;
}

export interface Page<T> {
  page: number;
  pageSize: number;
  sortKey: string;
  sortDirection: SortDirection;
  totalRecords: number;
  records: T[];
}

/** The apps' default page size: a client that forgets `pageSize` sees 10 records. */
export const DEFAULT_PAGE_SIZE = 10;

function positiveInt(value: string | null, fallback: number): number {
  if (value === null || value === '') return fallback;
  const parsed = Number.parseInt(value, 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

/**
 * Reads paging parameters as the apps do (Radarr master: src/Radarr.Http/PagingResource.cs): no
 * `sortDirection` means descending (`PagingResource`'s constructor), `default` means the endpoint's
 * own direction (`MapToPagingSpec`); values the app would not understand fall back to its defaults.
 */
export function readPaging(query: URLSearchParams, defaults: { sortKey: string; sortDirection: SortDirection }): PagingRequest {
  const direction = query.get('sortDirection')?.toLowerCase();
  return {
    page: positiveInt(query.get('page'), 1),
    pageSize: positiveInt(query.get('pageSize'), DEFAULT_PAGE_SIZE),
    sortKey: query.get('sortKey') ?? defaults.sortKey,
    sortDirection: direction === 'ascending' || direction === 'descending' ? direction : direction === undefined ? 'descending' : defaults.sortDirection,
  };
}

type SortValue = string | number | undefined;

/**
 * Sorts (stable, undefined last) then slices one page. `valueOf` maps a sort key to a comparable
 * value; a key it cannot sort by falls back to `fallbackKey`, which the page then names.
 * `pastEnd: 'lastFullPage'` answers a page past the end as the queue does (QueueController.cs): with
 * page `max(floor(total / pageSize), 1)` — an earlier page, not an empty one.
 */
export function paginate<T>(items: readonly T[], request: PagingRequest, valueOf: (item: T, sortKey: string) => SortValue, fallbackKey: string, options: { pastEnd?: 'empty' | 'lastFullPage' } = {}): Page<T> {
  const probe = items[0];
  const key = probe !== undefined && valueOf(probe, request.sortKey) === undefined && valueOf(probe, fallbackKey) !== undefined ? fallbackKey : request.sortKey;
  const sign = request.sortDirection === 'descending' ? -1 : 1;
  const decorated = items.map((item, index) => ({ item, index, value: valueOf(item, key) }));
  decorated.sort((a, b) => {
    if (a.value === b.value) return a.index - b.index;
    if (a.value === undefined) return 1;
    if (b.value === undefined) return -1;
    return (a.value < b.value ? -1 : 1) * sign;
  });
  let page = request.page;
  if (options.pastEnd === 'lastFullPage' && page > 1 && (page - 1) * request.pageSize >= items.length) page = Math.max(Math.floor(items.length / request.pageSize), 1);
  const start = (page - 1) * request.pageSize;
  return {
    page,
    pageSize: request.pageSize,
    sortKey: key,
    sortDirection: request.sortDirection,
    totalRecords: items.length,
    records: decorated.slice(start, start + request.pageSize).map((entry) => entry.item),
  };
}
