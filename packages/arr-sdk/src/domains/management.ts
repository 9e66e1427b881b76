/**
 * What a management UI needs besides the library, the same way in both apps: tags with their usage,
 * custom formats and quality definitions. Typed by the calling app's document.
 */
import type { CommonPaths, Data } from '../call-types.ts';
import { endpoint, request, typed, type BodyOf, type DomainHost } from './raw-result.ts';

/** Tags with what uses them (`GET /api/v3/tag/detail`). */
export interface TagUsageApi<Paths> {
  /**
   * Every tag with the ids of what uses it (movies or series, import lists, notifications, indexers,
   * download clients, delay and release profiles, auto tags). Read fresh, never from the cache.
   *
   * @example
   * ```ts
   * for (const tag of await radarr.tagUsage.list()) console.log(tag.label, tag.movieIds.length);
   * ```
   */
  list(): Promise<Data<Paths, '/api/v3/tag/detail'>>;
  /** One tag with its usage; `ArrNotFoundError` when no tag has this id. */
  get(id: number): Promise<Data<Paths, '/api/v3/tag/detail/{id}'>>;
  /**
   * The tags nothing uses, the ones a clean-up may delete (the apps refuse to delete a tag in use).
   *
   * @example
   * ```ts
   * const unused = await sonarr.tagUsage.unused();
   * ```
   */
  unused(): Promise<Data<Paths, '/api/v3/tag/detail'>>;
}

/** Custom formats (`/api/v3/customformat`). */
export interface CustomFormatApi<Paths> {
  /**
   * Every custom format with its conditions.
   *
   * @example
   * ```ts
   * const names = (await radarr.customFormats.list()).map((format) => format.name);
   * ```
   */
  list(): Promise<Data<Paths, '/api/v3/customformat'>>;
  /** One custom format; `ArrNotFoundError` when none has this id. */
  get(id: number): Promise<Data<Paths, '/api/v3/customformat/{id}'>>;
  /**
   * Creates a custom format. The app refuses (`ArrValidationError`) a name already taken, an empty
   * name, or a format without conditions.
   *
   * @example
   * ```ts
   * const x265 = await radarr.customFormats.create({
   *   name: 'x265',
   *   specifications: [{ name: 'x265', implementation: 'ReleaseTitleSpecification', negate: false, required: false, fields: [{ order: 0, name: 'value', advanced: false, value: '(x|h)\\.?265' }] }],
   * });
   * ```
   */
  create(format: BodyOf<Paths, '/api/v3/customformat', 'post'>): Promise<Data<Paths, '/api/v3/customformat', 'post'>>;
  /**
   * Replaces custom format `id` with `format` (send every condition: the app keeps only those sent).
   *
   * @example
   * ```ts
   * const format = await radarr.customFormats.get(3);
   * await radarr.customFormats.update(3, { ...format, includeCustomFormatWhenRenaming: true });
   * ```
   */
  update(id: number, format: BodyOf<Paths, '/api/v3/customformat/{id}', 'put'>): Promise<Data<Paths, '/api/v3/customformat/{id}', 'put'>>;
  /** Deletes custom format `id` (and its scores in every quality profile). */
  delete(id: number): Promise<void>;
}

/** Quality definitions: the size limits of each quality (`/api/v3/qualitydefinition`). */
export interface QualityDefinitionApi<Paths> {
  /**
   * Every quality definition, in the app's order (weight).
   *
   * @example
   * ```ts
   * for (const d of await sonarr.qualityDefinitions.list()) console.log(d.title, d.minSize, d.maxSize);
   * ```
   */
  list(): Promise<Data<Paths, '/api/v3/qualitydefinition'>>;
  /**
   * Saves several definitions at once (`PUT /qualitydefinition/update`) and answers every
   * definition after the change. Send whole definitions as read, with the sizes changed.
   *
   * @example
   * ```ts
   * const all = await radarr.qualityDefinitions.list();
   * await radarr.qualityDefinitions.update(all.map((d) => (d.title === 'Bluray-1080p' ? { ...d, maxSize: 200 } : d)));
   * ```
   */
  update(definitions: BodyOf<Paths, '/api/v3/qualitydefinition/update', 'put'>): Promise<Data<Paths, '/api/v3/qualitydefinition/update', 'put'>>;
}

/** Management helpers both apps offer the same way. */
export interface ManagementApis<Paths> {
  /** Tags with what uses them: list, get, the unused ones. */
  tagUsage: TagUsageApi<Paths>;
  /** Custom formats: list, get, create, update, delete. */
  customFormats: CustomFormatApi<Paths>;
  /** Quality definitions (size limits per quality): list and update. */
  qualityDefinitions: QualityDefinitionApi<Paths>;
}

/** Tag usage is what a clean-up decides by: never read it from the `tag` cache group. */
const FRESH_TAG_USAGE = endpoint({ resource: 'tag/detail' });

/** Whether anything uses the tag: every member of a tag detail but its id and label is a list of ids. */
function inUse(tag: object): boolean {
  return Object.entries(tag).some(([key, value]) => key !== 'id' && Array.isArray(value) && value.length > 0);
}

export function createManagementApis<Paths>(host: DomainHost<CommonPaths>): ManagementApis<Paths> {
  const tagList = () => request(host, 'get', '/api/v3/tag/detail', (GET, path) => GET(path, { ...FRESH_TAG_USAGE }));
  return {
    tagUsage: {
      list: () => typed(tagList()),
      get: (id) => typed(request(host, 'get', '/api/v3/tag/detail/{id}', (GET, path) => GET(path, { params: { path: { id } }, ...FRESH_TAG_USAGE }), { id })),
      unused: async () => typed(Promise.resolve((await tagList()).filter((tag) => !inUse(tag)))),
    },
    customFormats: {
      list: () => typed(request(host, 'get', '/api/v3/customformat', (GET, path) => GET(path))),
      get: (id) => typed(request(host, 'get', '/api/v3/customformat/{id}', (GET, path) => GET(path, { params: { path: { id } } }), { id })),
      create: (format) => typed(request(host, 'post', '/api/v3/customformat', (POST, path) => POST(path, { body: format as BodyOf<CommonPaths, typeof path, 'post'> }))),
      update: (id, format) =>
        typed(request(host, 'put', '/api/v3/customformat/{id}', (PUT, path) => PUT(path, { params: { path: { id } }, body: format as BodyOf<CommonPaths, typeof path, 'put'> }), { id })),
      async delete(id) {
        await request(host, 'delete', '/api/v3/customformat/{id}', (DELETE, path) => DELETE(path, { params: { path: { id } } }), { id });
      },
    },
    qualityDefinitions: {
      list: () => typed(request(host, 'get', '/api/v3/qualitydefinition', (GET, path) => GET(path))),
      update: (definitions) =>
        typed(request(host, 'put', '/api/v3/qualitydefinition/update', (PUT, path) => PUT(path, { body: definitions as BodyOf<CommonPaths, typeof path, 'put'> }))),
    },
  };
}
