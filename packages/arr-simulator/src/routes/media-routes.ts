/**
 * What Radarr's and Sonarr's media endpoints do alike: validating an added movie or series, the
 * calendar window, the wanted lists' paging, grabbing a cached release, manual-import candidates.
 * The app routes (`radarr/routes.ts`, `sonarr/routes.ts`) pass in what differs.
 */
import type { Router } from '../http/router.ts';
import { boolParam, reply } from '../http/router.ts';
import { failure, isRecord, problemReply, type ValidationFailure } from '../http/validation.ts';
import { releaseQualityFields } from '../library/qualities.ts';
import type { Download } from '../model/download.ts';
import type { DownloadQueue } from '../model/download-queue.ts';
import type { AppKind, Json } from '../model/media-app.ts';
import type { Settings } from '../model/settings.ts';
import type { TrackedDownloads } from '../model/tracked-downloads.ts';
import { paginate, readPaging, type SortDirection } from '../model/paging.ts';
import { releaseCommonJson, type ReleaseCache } from './release-cache.ts';

/**
 * Validates the body of `POST /movie` or `POST /series` as the apps' FluentValidation does
 * (Radarr master: src/Radarr.Api.V3/Movies/MovieController.cs; Sonarr main: Series/SeriesController.cs):
 * `path` or `rootFolderPath` (each required when the other is missing; a root folder must exist),
 * a valid and existing quality profile, a title (Radarr: only without a TMDb id), and the external
 * id (`mediaId`, the app's own check, which also refuses a duplicate).
 */
export function validateAdd(body: Record<string, unknown>, settings: Pick<Settings, 'qualityProfiles' | 'rootFolders'>, mediaId: (body: Record<string, unknown>) => ValidationFailure | undefined, options: { titleRequired: boolean }): ValidationFailure[] {
  const failures: ValidationFailure[] = [];
  const filled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
  if (!filled(body.rootFolderPath) && !filled(body.path)) {
    failures.push(failure('Path', "'Path' must not be empty.", body.path, 'NotEmptyValidator'));
    failures.push(failure('RootFolderPath', "'Root Folder Path' must not be empty.", body.rootFolderPath, 'NotEmptyValidator'));
  } else if (!filled(body.path) && filled(body.rootFolderPath)) {
    const root = body.rootFolderPath.replace(/\/+$/, '');
    if (!settings.rootFolders.some((folder) => folder.path === root)) failures.push(failure('RootFolderPath', `Root folder '${body.rootFolderPath}' does not exist`, body.rootFolderPath, 'RootFolderExistsValidator', { path: body.rootFolderPath }));
  }
  const profileId = body.qualityProfileId;
  if (typeof profileId !== 'number' || !Number.isInteger(profileId) || profileId <= 0) {
    failures.push(failure('QualityProfileId', "'Quality Profile Id' must be greater than '0'.", profileId, 'GreaterThanValidator', { comparisonValue: 0 }));
  } else if (!settings.qualityProfiles.some((profile) => profile.id === profileId)) {
    failures.push(failure('QualityProfileId', 'Quality Profile does not exist', profileId, 'QualityProfileExistsValidator'));
  }
  if (options.titleRequired && !filled(body.title)) failures.push(failure('Title', "'Title' must not be empty.", body.title, 'NotEmptyValidator'));
  const idFailure = mediaId(body);
  if (idFailure !== undefined) failures.push(idFailure);
  return failures;
}

/** The root folder of an added item: `rootFolderPath`, or the parent of `path`. */
export function rootFolderOf(body: Record<string, unknown>): string {
  return typeof body.rootFolderPath === 'string' && body.rootFolderPath !== '' ? body.rootFolderPath : String(body.path).split('/').slice(0, -1).join('/');
}

/** The numbers of a JSON array (tag ids, …); an empty list for anything else. */
export function numberList(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((item): item is number => typeof item === 'number') : [];
}

/** The calendar window: `start` (default today, midnight UTC) to `end` (default two days later), inclusive. */
export function calendarWindow(query: URLSearchParams, now: number): { contains(iso: string): boolean; unmonitored: boolean } {
  const startRaw = query.get('start');
  const endRaw = query.get('end');
  const start = startRaw === null ? now - (now % 86_400_000) : Date.parse(startRaw);
  const end = endRaw === null ? start + 2 * 86_400_000 : Date.parse(endRaw);
  return {
    contains(iso) {
      const at = Date.parse(iso);
      return at >= start && at <= end;
    },
    unmonitored: boolParam(query, 'unmonitored'),
  };
}

/** A paged wanted list (`wanted/missing`, `wanted/cutoff`) of items whose `monitored` matches the query (default true). */
export function wantedPage<T extends { monitored: boolean }>(
  query: URLSearchParams,
  items: Iterable<T>,
  options: { predicate: (item: T) => boolean; sort: { sortKey: string; sortDirection: SortDirection }; sortValue: (item: T, key: string) => string | undefined; json: (item: T) => Json },
): Json {
  const monitored = query.get('monitored') !== 'false';
  const matching = [...items].filter((item) => item.monitored === monitored && options.predicate(item));
  const page = paginate(matching, readPaging(query, options.sort), options.sortValue, options.sort.sortKey);
  return { ...page, records: page.records.map(options.json) };
}

/**
 * `POST /release`: grabs a release a search cached. Both apps' ReleaseController answer the posted
 * resource back (`return release;`); Sonarr's document says so, so the Sonarr simulator echoes the
 * body, while Radarr's answers the release as the search listed it, as its document describes.
 */
export function registerReleaseGrab(router: Router, lifecycle: TrackedDownloads, releases: ReleaseCache, answer: 'echo' | 'release' = 'release'): void {
  router.add('POST', '/api/v3/release', ({ body }) => {
    const release = isRecord(body) && typeof body.guid === 'string' ? releases.get(body.guid) : undefined;
    if (release === undefined) return reply.error(404, "Couldn't find requested release in cache, cache timeout probably expired.");
    lifecycle.grab({ target: release.target, title: release.title, quality: release.quality, size: release.size, protocol: release.protocol, indexerId: release.indexerId });
    return reply.json(answer === 'echo' ? body : (release.json ?? releaseCommonJson(release)));
  });
}

/** The fields of a manual-import candidate both apps send, for one file of a download. */
export function manualImportItemJson(kind: AppKind, download: Download, file: { id: number; relativePath: string; name: string; size: number }): Json {
  return {
    id: file.id,
    path: `${download.outputPath}/${file.relativePath}`,
    relativePath: file.relativePath,
    folderName: download.title,
    name: file.name,
    size: file.size,
    ...releaseQualityFields(kind, download.quality),
    releaseGroup: download.releaseGroup,
    qualityWeight: download.quality.id * 100,
    downloadId: download.downloadId,
    customFormatScore: 0,
    indexerFlags: 0,
    rejections: download.statusMessages.flatMap((message) => message.messages).map((reason) => ({ reason, type: 'permanent' })),
  };
}

/**
 * `GET /manualimport` (candidates of a download, or of every blocked import) and `POST /manualimport`,
 * which, as in the apps, only re-evaluates the posted items and answers them back, filled in
 * (`ManualImportController.ReprocessItems`): the import itself is the ManualImport command.
 */
export function registerManualImport(router: Router, queue: DownloadQueue, itemsOf: (download: Download) => Json[], reprocess: (item: Record<string, unknown>, download: Download | undefined) => Json): void {
  const items = (downloadId: string | null): Json[] => queue.downloads().filter((download) => (downloadId === null ? download.phase === 'importBlocked' : download.downloadId === downloadId)).flatMap(itemsOf);
  router.add('GET', '/api/v3/manualimport', ({ query }) => reply.json(items(query.get('downloadId'))));
  router.add('POST', '/api/v3/manualimport', ({ body }) => {
    if (!Array.isArray(body)) return notAnObject(body, 'System.Collections.Generic.List`1[ManualImportReprocessResource]');
    // The apps throw BadRequestException("items must be provided") for an empty list.
    if (body.length === 0) return reply.error(400, 'items must be provided');
    return reply.json(body.filter(isRecord).map((item) => reprocess(item, typeof item.downloadId === 'string' ? queue.find(item.downloadId) : undefined)));
  });
}

/**
 * Answers a body that is not a JSON object as ASP.NET Core's model binding does, before any
 * validator runs: problem details naming the body (`$`) or saying that a body is required.
 */
export function notAnObject(body: unknown, resource: string): ReturnType<typeof problemReply> {
  if (body === undefined) return problemReply({ '': ['A non-empty request body is required.'] });
  return problemReply({ '$': [`The JSON value could not be converted to ${resource}. Path: $ | LineNumber: 0 | BytePositionInLine: 1.`], resource: ['The resource field is required.'] });
}
