/**
 * Sonarr's management helpers against a real HTTP server on 127.0.0.1 that answers as Sonarr v4
 * does. Each route cites the Sonarr controller (Sonarr/Sonarr `main`) whose behaviour it models.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, startLoopbackServer, type LoopbackServer } from '../../test/loopback-server.ts';
import { ArrNotFoundError, ArrValidationError } from '../errors.ts';
import { createSonarrClient, type SonarrClient } from '../sonarr-client.ts';
import { ArrCommandFailedError } from './command-failed-error.ts';

let server: LoopbackServer;
let sonarr: SonarrClient;

beforeEach(async () => {
  server = await startLoopbackServer();
  sonarr = createSonarrClient({ baseUrl: server.url, apiKey: 'key-1234', retry: false, sleep: () => Promise.resolve() });
});
afterEach(async () => {
  await server.close();
});

const bodyOf = (index: number): unknown => JSON.parse(server.requests[index]?.body ?? 'null');
const pathsRequested = () => server.requests.map((r) => `${r.method} ${r.url}`);
const empty = (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(200).end();
};
const failure = (propertyName: string, errorMessage: string, attemptedValue: unknown) => ({ propertyName, errorMessage, attemptedValue, severity: 'error', errorCode: 'PredicateValidator' });

/** A paged list as Sonarr's PagingResource serves it (Sonarr.Http/PagingResource.cs). */
function pagedRoute(records: { id: number }[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const page = Number(query.get('page') ?? 1);
    const pageSize = Number(query.get('pageSize') ?? 10);
    json(res, 200, { page, pageSize, sortKey: 'id', sortDirection: 'descending', totalRecords: records.length, records: records.slice((page - 1) * pageSize, page * pageSize) });
  };
}

describe('sonarr import list exclusions', () => {
  // Sonarr main: src/Sonarr.Api.V3/ImportLists/ImportListExclusionController.cs: paged at
  // `importlistexclusion/paged` (id descending), a TVDB id already excluded is refused with 400
  // (ImportListExclusionExistsValidator.cs), bulk delete takes `{ ids }`.
  it('collects every page, adds one, refuses a duplicate and removes one or several', async () => {
    const stored = Array.from({ length: 1500 }, (_, i) => ({ id: 1500 - i, tvdbId: 70000 + i, title: `Series ${i}` }));
    server.route('GET', '/api/v3/importlistexclusion/paged', pagedRoute(stored));
    server.route('POST', '/api/v3/importlistexclusion', (_req, res, body) => {
      const input = JSON.parse(body) as { tvdbId: number; title: string };
      if (stored.some((e) => e.tvdbId === input.tvdbId)) return json(res, 400, [failure('TvdbId', 'This exclusion has already been added.', input.tvdbId)]);
      json(res, 201, { id: 1501, ...input });
    });
    server.route('DELETE', '/api/v3/importlistexclusion/1501', empty);
    server.route('DELETE', '/api/v3/importlistexclusion/bulk', (_req, res) => json(res, 200, {}));

    const all = await sonarr.importListExclusions.list();
    expect(all).toHaveLength(1500);
    expect(pathsRequested()).toEqual(['GET /api/v3/importlistexclusion/paged?page=1&pageSize=1000', 'GET /api/v3/importlistexclusion/paged?page=2&pageSize=1000']);
    expect(await sonarr.importListExclusions.add({ tvdbId: 81189, title: 'Breaking Bad' })).toMatchObject({ id: 1501, tvdbId: 81189 });
    const duplicate = await sonarr.importListExclusions.add({ tvdbId: 70000, title: 'Series 0' }).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(ArrValidationError);
    expect((duplicate as ArrValidationError).failures[0]).toMatchObject({ propertyName: 'TvdbId', errorMessage: 'This exclusion has already been added.' });
    await sonarr.importListExclusions.remove(1501);
    await sonarr.importListExclusions.removeMany([1, 2, 3]);
    expect(bodyOf(server.requests.length - 1)).toEqual({ ids: [1, 2, 3] });
  });
});

describe('sonarr series editor', () => {
  // Sonarr main: src/Sonarr.Api.V3/Series/SeriesEditorController.cs: PUT answers 202 with the
  // changed series, DELETE removes them (with files and exclusions when asked); 400 with the
  // failures of SeriesEditorValidator (root folder, quality profile).
  it('edits several series in one request and drops cached tags', async () => {
    server.route('GET', '/api/v3/tag', (_req, res) => json(res, 200, [{ id: 4, label: 'anime' }]));
    server.route('PUT', '/api/v3/series/editor', (_req, res, body) => {
      const { seriesIds, seriesType } = JSON.parse(body) as { seriesIds: number[]; seriesType: string };
      json(res, 202, seriesIds.map((id) => ({ id, title: `Series ${id}`, seriesType, tags: [4] })));
    });
    server.route('DELETE', '/api/v3/series/editor', empty);
    await sonarr.tags();
    const edited = await sonarr.seriesEditor.edit({ seriesIds: [1, 2], seriesType: 'anime', tags: [4], applyTags: 'add' });
    expect(edited.map((s) => s.seriesType)).toEqual(['anime', 'anime']);
    expect(bodyOf(1)).toEqual({ seriesIds: [1, 2], seriesType: 'anime', tags: [4], applyTags: 'add' });
    await sonarr.tags();
    await expect(sonarr.seriesEditor.delete({ seriesIds: [7, 8], deleteFiles: true, addImportListExclusion: true })).resolves.toBeUndefined();
    expect(bodyOf(3)).toEqual({ seriesIds: [7, 8], deleteFiles: true, addImportListExclusion: true });
    expect(pathsRequested()).toEqual(['GET /api/v3/tag', 'PUT /api/v3/series/editor', 'GET /api/v3/tag', 'DELETE /api/v3/series/editor']);
  });

  it('throws ArrValidationError naming the field Sonarr refuses', async () => {
    server.route('PUT', '/api/v3/series/editor', (_req, res) => json(res, 400, [failure('QualityProfileId', 'QualityProfile does not exist', 99)]));
    const error = await sonarr.seriesEditor.edit({ seriesIds: [1], qualityProfileId: 99 }).catch((e: unknown) => e);
    expect((error as ArrValidationError).failures[0]?.propertyName).toBe('QualityProfileId');
  });
});

describe('sonarr shared management helpers', () => {
  // Sonarr main: src/Sonarr.Api.V3/Tags/TagController.cs (detail: `restrictionIds` for release
  // profiles, `seriesIds`), System/Backup/BackupController.cs (404 for an unknown backup id),
  // Logs/LogController.cs (paged), CustomFormats/CustomFormatController.cs (DELETE answers 200, empty).
  it('reads tag usage with Sonarr\'s members', async () => {
    server.route('GET', '/api/v3/tag/detail', (_req, res) =>
      json(res, 200, [{ id: 1, label: 'kids', delayProfileIds: [], importListIds: [], notificationIds: [], restrictionIds: [2], indexerIds: [], downloadClientIds: [], autoTagIds: [], seriesIds: [] }]),
    );
    const [kids] = await sonarr.tagUsage.list();
    expect(kids?.restrictionIds).toEqual([2]);
    expect(await sonarr.tagUsage.unused()).toEqual([]);
  });

  it('creates a backup and fails with ArrCommandFailedError when Sonarr aborts the command', async () => {
    server.route('POST', '/api/v3/command', (_req, res) => json(res, 201, { id: 8, name: 'Backup', status: 'queued' }));
    server.route('GET', '/api/v3/command/8', (_req, res) => json(res, 200, { id: 8, name: 'Backup', status: 'aborted' }));
    const error = await sonarr.backups.create().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrCommandFailedError);
    expect((error as ArrCommandFailedError).message).toContain('ended aborted');
    server.route('DELETE', '/api/v3/system/backup/12', (_req, res) => json(res, 404, { message: 'NotFound' }));
    await expect(sonarr.backups.delete(12)).rejects.toBeInstanceOf(ArrNotFoundError);
  });

  it('pages the log and deletes a custom format', async () => {
    server.route('GET', '/api/v3/log', pagedRoute(Array.from({ length: 3 }, (_, i) => ({ id: i + 1, time: '2026-12-04T10:00:00Z', level: 'info', logger: 'x', message: 'y' }))));
    server.route('DELETE', '/api/v3/customformat/3', empty);
    expect(await sonarr.logs.list({ sortKey: 'time', sortDirection: 'descending' })).toHaveLength(3);
    expect(server.requests[0]?.url).toBe('/api/v3/log?sortKey=time&sortDirection=descending&page=1&pageSize=1000');
    await expect(sonarr.customFormats.delete(3)).resolves.toBeUndefined();
  });
});
