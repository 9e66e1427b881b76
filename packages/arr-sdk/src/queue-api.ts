/** Queue helpers shared by both apps: every page with the include flags, removal, status. */
import type { CommonPaths } from './call-types.ts';
import type { ClientCore } from './client-core.ts';
import { collect, paginate, type PageEnvelope } from './paginate.ts';

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

/** The queue helpers of a client, typed by its queue record `R`, its status `Status` and its include flags. */
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

/**
 * The queue helpers over the shared view of a client: paths and parameters are checked against
 * both documents; `R` and `Status` are the calling app's own (type tests hold them to its document).
 */
export function createQueueApi<R extends { id?: number }, Status, Include extends object>(core: ClientCore<CommonPaths>, defaults: Include): QueueApi<R, Status, Include> {
  const pages = (options: Include & { pageSize?: number } = {} as Include) => {
    const { pageSize = QUEUE_PAGE_SIZE, ...include } = options;
    // The include flags differ per app (includeMovie, includeSeries...): each app's type checks them.
    const flags = { ...defaults, ...include } as object;
    return paginate<R>(
      (page, size) => core.call('get', '/api/v3/queue', { params: { query: { ...flags, page, pageSize: size } } }) as unknown as Promise<PageEnvelope<R>>,
      pageSize,
    );
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
    status: () => core.call('get', '/api/v3/queue/status') as unknown as Promise<Status>,
    remove: async (id, o = {}) => {
      await core.call('delete', '/api/v3/queue/{id}', { params: { path: { id }, query: removeQuery(o) } });
    },
    removeMany: async (ids, o = {}) => {
      await core.call('delete', '/api/v3/queue/bulk', { params: { query: removeQuery(o) }, body: { ids } });
    },
    grab: async (id) => {
      await core.call('post', '/api/v3/queue/grab/{id}', { params: { path: { id } } });
    },
  };
}
