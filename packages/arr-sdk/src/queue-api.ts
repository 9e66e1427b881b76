/** Queue helpers shared by both apps: every page with the include flags, removal, status. */
import type { ClientCore } from './client-core.ts';
import { collect, paginate } from './paginate.ts';

/** How `DELETE /api/v3/queue/{id}` treats the download. */
export interface QueueRemoveOptions {
  /** Also remove it from the download client. Default true. */
  removeFromClient?: boolean;
  /** Add the release to the blocklist so it is not grabbed again. Default false. */
  blocklist?: boolean;
  /** With `blocklist`, do not search for a replacement. Default false. */
  skipRedownload?: boolean;
  /** Change the download client category instead of removing (torrent clients). Default false. */
  changeCategory?: boolean;
}

/** Largest page the helpers ask for: a 1000-item queue is one request. */
export const QUEUE_PAGE_SIZE = 1000;

export interface QueueApi<R extends { id?: number }, Status, Include extends object> {
  /** Every queue record (all pages, 1000 a page), with the app's include flags on by default. */
  list(options?: Include & { pageSize?: number }): Promise<R[]>;
  /** The queue page by page, as an async iterator of record arrays; stops at `totalRecords`. */
  pages(options?: Include & { pageSize?: number }): AsyncIterable<R[]>;
  /** `GET /queue/status`: counts, errors and warnings. */
  status(): Promise<Status>;
  /** Removes one download. */
  remove(id: number, options?: QueueRemoveOptions): Promise<void>;
  /** Removes several downloads in one request. */
  removeMany(ids: number[], options?: QueueRemoveOptions): Promise<void>;
  /** Grabs a pending release now (`POST /queue/grab/{id}`). */
  grab(id: number): Promise<void>;
}

export function createQueueApi<R extends { id?: number }, Status, Include extends object>(
  core: ClientCore<object>,
  defaults: Include,
): QueueApi<R, Status, Include> {
  const pages = (options: Include & { pageSize?: number } = {} as Include) => {
    const { pageSize = QUEUE_PAGE_SIZE, ...include } = options;
    const flags = { ...defaults, ...include } as Record<string, boolean>;
    return paginate<R>((page, size) => core.request('GET', '/api/v3/queue', { query: { ...flags, page, pageSize: size } }), pageSize);
  };
  const removeQuery = (o: QueueRemoveOptions) => ({
    removeFromClient: o.removeFromClient ?? true,
    blocklist: o.blocklist ?? false,
    skipRedownload: o.skipRedownload ?? false,
    changeCategory: o.changeCategory ?? false,
  });
  return {
    list: (options) => collect(pages(options)),
    pages,
    status: () => core.request('GET', '/api/v3/queue/status'),
    remove: (id, o = {}) => core.request('DELETE', '/api/v3/queue/{id}', { path: { id }, query: removeQuery(o) }),
    removeMany: (ids, o = {}) => core.request('DELETE', '/api/v3/queue/bulk', { query: removeQuery(o), body: { ids } }),
    grab: (id) => core.request('POST', '/api/v3/queue/grab/{id}', { path: { id } }),
  };
}
