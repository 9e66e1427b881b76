/**
 * Sonarr's management helpers: the ones both apps share (tag usage, custom formats, quality
 * definitions, backups, updates, logs, blocklist) and Sonarr's own (import list exclusions by TVDB
 * id, the series editor). Built on the client's typed methods.
 */
import type { CommonPaths } from '../call-types.ts';
import type { components, paths } from '../generated/sonarr.ts';
import { createMaintenanceApis, type MaintenanceApis } from './maintenance.ts';
import { createManagementApis, type ManagementApis } from './management.ts';
import { createPagedListApis, pagedList, type PagedList, type PagedListApis } from './paged-lists.ts';
import { domainHost, endpoint, request, type BodyOf, type DomainClient, type DomainHost, type ListQuery, type RecordsOf } from './raw-result.ts';

type S = components['schemas'];
type P = paths;

/** What a bulk series write makes stale besides the series: root folders (free space) and tag usage. */
const MEDIA_WRITE = endpoint({ invalidates: ['rootfolder', 'tag'] });

/** Sonarr's import list exclusions (`/api/v3/importlistexclusion`): series import lists must not add. */
export interface SonarrExclusionApi extends PagedList<RecordsOf<P, '/api/v3/importlistexclusion/paged'>, ListQuery<P, '/api/v3/importlistexclusion/paged'>> {
  /** Excludes one series (by TVDB id); `ArrValidationError` for a TVDB id already excluded. */
  add(exclusion: S['ImportListExclusionInput']): Promise<S['ImportListExclusion']>;
  /** Removes one exclusion, so import lists may add the series again. */
  remove(id: number): Promise<void>;
  /** Removes several exclusions at once (`DELETE /api/v3/importlistexclusion/bulk`). */
  removeMany(ids: number[]): Promise<void>;
}

/** Sonarr's series editor (`/api/v3/series/editor`): one request for many series. */
export interface SeriesEditorApi {
  /**
   * Changes several series at once; a member left out keeps each series' value. Answers the
   * changed series. With `rootFolderPath` and `moveFiles`, Sonarr moves the folders in a
   * background command (`BulkMoveSeries`).
   *
   * @example
   * ```ts
   * await sonarr.seriesEditor.edit({ seriesIds: [1, 2], seriesType: 'anime', tags: [4], applyTags: 'add' });
   * ```
   */
  edit(changes: BodyOf<P, '/api/v3/series/editor', 'put'>): Promise<S['Series'][]>;
  /**
   * Deletes several series at once, with their files and an import list exclusion each when asked.
   *
   * @example
   * ```ts
   * await sonarr.seriesEditor.delete({ seriesIds: [7, 8], deleteFiles: true, addImportListExclusion: true });
   * ```
   */
  delete(request: BodyOf<P, '/api/v3/series/editor', 'delete'>): Promise<void>;
}

/** Every management helper of a Sonarr client. */
export interface SonarrDomains extends ManagementApis<P>, MaintenanceApis<P>, PagedListApis<P> {
  /**
   * Import list exclusions, every page.
   *
   * @example
   * ```ts
   * await sonarr.importListExclusions.add({ tvdbId: 81189, title: 'Breaking Bad' });
   * ```
   */
  importListExclusions: SonarrExclusionApi;
  /** Bulk edits and deletes of series (the Mass Editor). */
  seriesEditor: SeriesEditorApi;
}

/** The management helpers of a Sonarr client, over its typed methods. */
export function createSonarrDomains(client: DomainClient<P>, baseUrl: URL): SonarrDomains {
  const host = domainHost(client, baseUrl);
  // Sound: every operation of CommonPaths is Sonarr's own or Radarr's twin (see commonView).
  const common = host as unknown as DomainHost<CommonPaths>;
  const exclusions = pagedList((query: ListQuery<P, '/api/v3/importlistexclusion/paged'> | undefined, page, pageSize) =>
    request(host, 'get', '/api/v3/importlistexclusion/paged', (GET, path) => GET(path, { params: { query: { ...query, page, pageSize } } })),
  );
  return {
    ...createManagementApis<P>(common),
    ...createMaintenanceApis<P>(common),
    ...createPagedListApis<P>(common),
    importListExclusions: {
      ...exclusions,
      add: (exclusion) => request(host, 'post', '/api/v3/importlistexclusion', (POST, path) => POST(path, { body: exclusion })),
      async remove(id) {
        await request(host, 'delete', '/api/v3/importlistexclusion/{id}', (DELETE, path) => DELETE(path, { params: { path: { id } } }), { id });
      },
      async removeMany(ids) {
        await request(host, 'delete', '/api/v3/importlistexclusion/bulk', (DELETE, path) => DELETE(path, { body: { ids } }));
      },
    },
    seriesEditor: {
      edit: (changes) => request(host, 'put', '/api/v3/series/editor', (PUT, path) => PUT(path, { body: changes, ...MEDIA_WRITE })),
      async delete(body) {
        await request(host, 'delete', '/api/v3/series/editor', (DELETE, path) => DELETE(path, { body, ...MEDIA_WRITE }));
      },
    },
  };
}
