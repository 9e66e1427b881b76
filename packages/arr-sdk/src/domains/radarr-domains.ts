/**
 * Radarr's management helpers: the ones both apps share (tag usage, custom formats, quality
 * definitions, backups, updates, logs, blocklist) and Radarr's own (import list exclusions by TMDb
 * id, the movie editor). Built on the client's typed methods.
 */
import type { CommonPaths, Data } from '../call-types.ts';
import type { components, paths } from '../generated/radarr.ts';
import { createMaintenanceApis, type MaintenanceApis } from './maintenance.ts';
import { createManagementApis, type ManagementApis } from './management.ts';
import { createPagedListApis, pagedList, type PagedList, type PagedListApis } from './paged-lists.ts';
import { domainHost, endpoint, request, type BodyOf, type DomainClient, type DomainHost, type ListQuery, type RecordsOf } from './raw-result.ts';

type S = components['schemas'];
type P = paths;

/** What a bulk movie write makes stale besides the movies: root folders (free space) and tag usage. */
const MEDIA_WRITE = endpoint({ invalidates: ['rootfolder', 'tag'] });

/** Radarr's import list exclusions (`/api/v3/exclusions`): movies import lists must not add. */
export interface RadarrExclusionApi extends PagedList<RecordsOf<P, '/api/v3/exclusions/paged'>, ListQuery<P, '/api/v3/exclusions/paged'>> {
  /** Excludes one movie (by TMDb id); `ArrValidationError` for a TMDb id, title or year that is missing. */
  add(exclusion: S['ImportListExclusionInput']): Promise<S['ImportListExclusion']>;
  /** Excludes several movies at once (`POST /api/v3/exclusions/bulk`); one already excluded is kept as it is. */
  addMany(exclusions: S['ImportListExclusionInput'][]): Promise<Data<P, '/api/v3/exclusions/bulk', 'post'>>;
  /** Removes one exclusion, so import lists may add the movie again. */
  remove(id: number): Promise<void>;
  /** Removes several exclusions at once (`DELETE /api/v3/exclusions/bulk`). */
  removeMany(ids: number[]): Promise<void>;
}

/** Radarr's movie editor (`/api/v3/movie/editor`): one request for many movies. */
export interface MovieEditorApi {
  /**
   * Changes several movies at once; a member left out keeps each movie's value. Answers the
   * changed movies. With `rootFolderPath` and `moveFiles`, Radarr moves the folders in a
   * background command (`BulkMoveMovie`).
   *
   * @example
   * ```ts
   * await radarr.movieEditor.edit({ movieIds: [1, 2], monitored: false, tags: [4], applyTags: 'add' });
   * ```
   */
  edit(changes: BodyOf<P, '/api/v3/movie/editor', 'put'>): Promise<S['Movie'][]>;
  /**
   * Deletes several movies at once, with their files and an import exclusion each when asked.
   *
   * @example
   * ```ts
   * await radarr.movieEditor.delete({ movieIds: [7, 8], deleteFiles: true, addImportExclusion: true });
   * ```
   */
  delete(request: BodyOf<P, '/api/v3/movie/editor', 'delete'>): Promise<void>;
}

/** Every management helper of a Radarr client. */
export interface RadarrDomains extends ManagementApis<P>, MaintenanceApis<P>, PagedListApis<P> {
  /**
   * Import list exclusions, every page.
   *
   * @example
   * ```ts
   * await radarr.importListExclusions.add({ tmdbId: 603, movieTitle: 'The Matrix', movieYear: 1999 });
   * ```
   */
  importListExclusions: RadarrExclusionApi;
  /** Bulk edits and deletes of movies (the Mass Editor). */
  movieEditor: MovieEditorApi;
}

/** The management helpers of a Radarr client, over its typed methods. */
export function createRadarrDomains(client: DomainClient<P>, baseUrl: URL): RadarrDomains {
  const host = domainHost(client, baseUrl);
  // Sound: every operation of CommonPaths is Radarr's own or Sonarr's twin (see commonView).
  const common = host as unknown as DomainHost<CommonPaths>;
  const exclusions = pagedList((query: ListQuery<P, '/api/v3/exclusions/paged'> | undefined, page, pageSize) =>
    request(host, 'get', '/api/v3/exclusions/paged', (GET, path) => GET(path, { params: { query: { ...query, page, pageSize } } })),
  );
  return {
    ...createManagementApis<P>(common),
    ...createMaintenanceApis<P>(common),
    ...createPagedListApis<P>(common),
    importListExclusions: {
      ...exclusions,
      add: (exclusion) => request(host, 'post', '/api/v3/exclusions', (POST, path) => POST(path, { body: exclusion })),
      addMany: (list) => request(host, 'post', '/api/v3/exclusions/bulk', (POST, path) => POST(path, { body: list })),
      async remove(id) {
        await request(host, 'delete', '/api/v3/exclusions/{id}', (DELETE, path) => DELETE(path, { params: { path: { id } } }), { id });
      },
      async removeMany(ids) {
        await request(host, 'delete', '/api/v3/exclusions/bulk', (DELETE, path) => DELETE(path, { body: { ids } }));
      },
    },
    movieEditor: {
      edit: (changes) => request(host, 'put', '/api/v3/movie/editor', (PUT, path) => PUT(path, { body: changes, ...MEDIA_WRITE })),
      async delete(body) {
        await request(host, 'delete', '/api/v3/movie/editor', (DELETE, path) => DELETE(path, { body, ...MEDIA_WRITE }));
      },
    },
  };
}
