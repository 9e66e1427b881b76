/**
 * Radarr's management helpers against a real HTTP server on 127.0.0.1 that answers as Radarr does.
 * Each route cites the Radarr controller (Radarr/Radarr master) whose behaviour it models.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, startLoopbackServer, type LoopbackServer } from '../../test/loopback-server.ts';
import { ArrError, ArrNotFoundError, ArrValidationError } from '../errors.ts';
import { createRadarrClient, type RadarrClient } from '../radarr-client.ts';
import { ArrCommandFailedError } from './command-failed-error.ts';

let server: LoopbackServer;
let radarr: RadarrClient;
let now = 0;

beforeEach(async () => {
  server = await startLoopbackServer();
  now = 0;
  const sleep = (ms: number) => {
    now += ms;
    return Promise.resolve();
  };
  radarr = createRadarrClient({ baseUrl: server.url, apiKey: 'key-1234', retry: false, sleep, now: () => now });
});
afterEach(async () => {
  await server.close();
});

const bodyOf = (index: number): unknown => JSON.parse(server.requests[index]?.body ?? 'null');
const pathsRequested = () => server.requests.map((r) => `${r.method} ${r.url}`);

/**
 * A paged list as Radarr's PagingResource serves it (Radarr.Http/PagingResource.cs): `page` and
 * `pageSize` from the query, `totalRecords` of the whole list, the page's slice in `records`.
 */
function pagedRoute(records: { id: number }[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const page = Number(query.get('page') ?? 1);
    const pageSize = Number(query.get('pageSize') ?? 10);
    json(res, 200, { page, pageSize, sortKey: 'id', sortDirection: 'descending', totalRecords: records.length, records: records.slice((page - 1) * pageSize, page * pageSize) });
  };
}

/** FluentValidation failures as Radarr's ErrorHandler writes them (Radarr.Http/ErrorManagement). */
const failure = (propertyName: string, errorMessage: string, attemptedValue: unknown) => ({ propertyName, errorMessage, attemptedValue, severity: 'error', errorCode: 'PredicateValidator' });

describe('radarr tag usage', () => {
  // Radarr master: src/Radarr.Api.V3/Tags/TagController.cs (detail routes), TagDetailsResource.cs
  const tag = (id: number, label: string, movieIds: number[], indexerIds: number[] = []) => ({
    id, label, delayProfileIds: [], importListIds: [], notificationIds: [], releaseProfileIds: [], indexerIds, downloadClientIds: [], autoTagIds: [], movieIds,
  });

  it('lists every tag with its usage, read fresh each time, and names the unused ones', async () => {
    server.route('GET', '/api/v3/tag/detail', (_req, res) => json(res, 200, [tag(1, '4k', [10, 11]), tag(2, 'old', []), tag(3, 'private', [], [5])]));
    const tags = await radarr.tagUsage.list();
    expect(tags.map((t) => [t.label, t.movieIds.length])).toEqual([['4k', 2], ['old', 0], ['private', 0]]);
    expect((await radarr.tagUsage.unused()).map((t) => t.label)).toEqual(['old']);
    // The `tag` group is cached for 5 minutes by default; usage must not be.
    expect(server.requests.filter((r) => r.url === '/api/v3/tag/detail')).toHaveLength(2);
  });

  it('throws ArrNotFoundError for a tag id Radarr does not know', async () => {
    server.route('GET', '/api/v3/tag/detail/4', (_req, res) => json(res, 200, tag(4, 'anime', [1])));
    expect((await radarr.tagUsage.get(4)).movieIds).toEqual([1]);
    const error = await radarr.tagUsage.get(99).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrNotFoundError);
    expect((error as ArrNotFoundError).path).toBe('/api/v3/tag/detail/99');
    expect((error as ArrNotFoundError).method).toBe('GET');
  });
});

describe('radarr errors behind a URL base', () => {
  it('name the path with the URL base, as every other helper\'s do', async () => {
    server.route('GET', '/radarr/api/v3/customformat/9', (_req, res) => json(res, 404, { message: 'NotFound' }));
    const behindBase = createRadarrClient({ baseUrl: `${server.url}/radarr/`, apiKey: 'key-1234', retry: false });
    const error = await behindBase.customFormats.get(9).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrNotFoundError);
    expect((error as ArrNotFoundError).path).toBe('/radarr/api/v3/customformat/9');
    expect((error as ArrNotFoundError).message).not.toContain('key-1234');
  });
});

describe('radarr custom formats', () => {
  // Radarr master: src/Radarr.Api.V3/CustomFormats/CustomFormatController.cs: a unique, non-empty
  // name and at least one condition, or 400 with the failures; create answers 201, update 202.
  const spec = { name: 'x265', implementation: 'ReleaseTitleSpecification', negate: false, required: false, fields: [{ order: 0, name: 'value', advanced: false, value: '(x|h)\\.?265' }] };
  beforeEach(() => {
    const formats = new Map<number, Record<string, unknown>>([[1, { id: 1, name: 'HDR', includeCustomFormatWhenRenaming: false, specifications: [spec] }]]);
    const write = (status: number, id: number) => (_req: IncomingMessage, res: ServerResponse, body: string) => {
      const format = JSON.parse(body) as { name?: string; specifications?: unknown[] };
      const failures = [];
      if (!format.name) failures.push(failure('Name', "'Name' must not be empty.", format.name));
      if ([...formats.values()].some((f) => f.name === format.name && f.id !== id)) failures.push(failure('Name', 'Must be unique.', format.name));
      if (!format.specifications?.length) failures.push(failure('', 'Must contain at least one Condition', null));
      if (failures.length > 0) return json(res, 400, failures);
      formats.set(id, { ...format, id });
      json(res, status, formats.get(id));
    };
    server.route('GET', '/api/v3/customformat', (_req, res) => json(res, 200, [...formats.values()]));
    server.route('POST', '/api/v3/customformat', write(201, 2));
    server.route('PUT', '/api/v3/customformat/2', write(202, 2));
    for (const id of [1, 2]) {
      server.route('GET', `/api/v3/customformat/${id}`, (_req, res) => (formats.has(id) ? json(res, 200, formats.get(id)) : json(res, 404, { message: 'NotFound' })));
      server.route('DELETE', `/api/v3/customformat/${id}`, (_req, res) => {
        formats.delete(id);
        res.writeHead(200).end();
      });
    }
  });

  it('creates, reads, replaces and deletes a custom format', async () => {
    const created = await radarr.customFormats.create({ name: 'x265', specifications: [spec] });
    expect(created).toMatchObject({ id: 2, name: 'x265' });
    expect(bodyOf(0)).toEqual({ name: 'x265', specifications: [spec] });
    const updated = await radarr.customFormats.update(2, { ...created, includeCustomFormatWhenRenaming: true });
    expect(updated.includeCustomFormatWhenRenaming).toBe(true);
    expect((await radarr.customFormats.get(2)).includeCustomFormatWhenRenaming).toBe(true);
    expect((await radarr.customFormats.list()).map((f) => f.name)).toEqual(['HDR', 'x265']);
    await expect(radarr.customFormats.delete(2)).resolves.toBeUndefined();
    await expect(radarr.customFormats.get(2)).rejects.toBeInstanceOf(ArrNotFoundError);
  });

  it('throws ArrValidationError with every failure Radarr reports for a taken name and no condition', async () => {
    const error = await radarr.customFormats.create({ name: 'HDR', specifications: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrValidationError);
    expect((error as ArrValidationError).failures.map((f) => f.errorMessage)).toEqual(['Must be unique.', 'Must contain at least one Condition']);
    expect((error as ArrValidationError).message).toContain('Name: Must be unique.');
  });
});

describe('radarr quality definitions', () => {
  // Radarr master: src/Radarr.Api.V3/Qualities/QualityDefinitionController.cs: PUT update saves
  // the definitions sent and answers every definition (202).
  const definition = (id: number, title: string, maxSize: number | null) => ({ id, quality: { id, name: title, source: 'bluray', resolution: 1080, modifier: 'none' }, title, weight: id, minSize: 0, maxSize, preferredSize: 95 });

  it('lists the definitions and saves several in one request', async () => {
    const stored = [definition(7, 'Bluray-1080p', 400), definition(8, 'Remux-1080p', null)];
    server.route('GET', '/api/v3/qualitydefinition', (_req, res) => json(res, 200, stored));
    server.route('PUT', '/api/v3/qualitydefinition/update', (_req, res, body) => json(res, 202, JSON.parse(body)));
    const all = await radarr.qualityDefinitions.list();
    const saved = await radarr.qualityDefinitions.update(all.map((d) => (d.title === 'Bluray-1080p' ? { ...d, maxSize: 200 } : d)));
    expect(saved.map((d) => d.maxSize)).toEqual([200, null]);
    expect(pathsRequested()).toEqual(['GET /api/v3/qualitydefinition', 'PUT /api/v3/qualitydefinition/update']);
    expect(bodyOf(1)).toEqual([{ ...stored[0], maxSize: 200 }, stored[1]]);
  });

  it('throws ArrValidationError for a maximum below the preferred size', async () => {
    // Radarr master: src/Radarr.Api.V3/Qualities/QualityDefinitionResourceValidator.cs
    server.route('PUT', '/api/v3/qualitydefinition/update', (_req, res, body) => {
      const [sent] = JSON.parse(body) as { maxSize: number; preferredSize: number }[];
      if (sent && sent.maxSize < sent.preferredSize) return json(res, 400, [{ ...failure('MaxSize', `'Max Size' must be greater than or equal to '${sent.preferredSize}'.`, sent.maxSize), errorCode: 'GreaterThanOrEqualTo' }]);
      json(res, 202, JSON.parse(body));
    });
    const error = await radarr.qualityDefinitions.update([definition(7, 'Bluray-1080p', 50)]).catch((e: unknown) => e);
    expect((error as ArrValidationError).failures[0]?.propertyName).toBe('MaxSize');
  });
});

describe('radarr backups', () => {
  // Radarr master: src/Radarr.Api.V3/System/Backup/BackupController.cs (list newest first, delete
  // and restore of an unknown id answer 404, restore answers {restartRequired: true});
  // src/NzbDrone.Core/Backup/BackupService.cs writes a manual backup for the Backup command.
  const backup = (id: number, type: string, time: string) => ({ id, name: `radarr_backup_${id}.zip`, path: `/backup/${type}/radarr_backup_${id}.zip`, type, size: 1024, time });
  let commandStatus: string[];
  beforeEach(() => {
    commandStatus = ['started', 'completed'];
    const backups = [backup(1, 'scheduled', '2026-12-04T03:00:00Z'), backup(2, 'manual', '2026-12-01T10:00:00Z')];
    server.route('GET', '/api/v3/system/backup', (_req, res) => json(res, 200, backups));
    server.route('POST', '/api/v3/command', (_req, res, body) => {
      if ((JSON.parse(body) as { name: string }).name === 'Backup') backups.unshift(backup(3, 'manual', '2026-12-04T17:00:00Z'));
      json(res, 201, { id: 31, name: 'Backup', commandName: 'Backup', status: 'queued' });
    });
    server.route('GET', '/api/v3/command/31', (_req, res) => {
      const status = commandStatus.shift() ?? 'completed';
      json(res, 200, { id: 31, name: 'Backup', status, message: status === 'failed' ? 'Access to the path is denied' : 'Completed' });
    });
    server.route('POST', '/api/v3/system/backup/restore/2', (_req, res) => json(res, 200, { restartRequired: true }));
    server.route('POST', '/api/v3/system/restart', (_req, res) => json(res, 200, { restarting: true }));
    server.route('DELETE', '/api/v3/system/backup/1', (_req, res) => json(res, 200, {}));
  });

  it('creates a backup with the Backup command, waits for it and answers the new manual backup', async () => {
    const created = await radarr.backups.create({ pollMs: 1000 });
    expect(created).toMatchObject({ id: 3, type: 'manual' });
    expect(bodyOf(0)).toEqual({ name: 'Backup' });
    expect(pathsRequested()).toEqual(['POST /api/v3/command', 'GET /api/v3/command/31', 'GET /api/v3/command/31', 'GET /api/v3/system/backup']);
  });

  it('throws ArrCommandFailedError with Radarr\'s message when the Backup command fails', async () => {
    commandStatus = ['failed'];
    const error = await radarr.backups.create().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrCommandFailedError);
    expect(error).toBeInstanceOf(ArrError);
    expect((error as ArrCommandFailedError).status).toBe('failed');
    expect((error as ArrCommandFailedError).message).toContain('Access to the path is denied');
    expect((error as ArrCommandFailedError).path).toBe('/api/v3/command/31');
  });

  it('restores a backup, restarting Radarr when asked, and deletes one', async () => {
    expect(await radarr.backups.restore(2)).toEqual({ restartRequired: true });
    await radarr.backups.restore(2, { restart: true });
    await radarr.backups.delete(1);
    expect(pathsRequested()).toEqual(['POST /api/v3/system/backup/restore/2', 'POST /api/v3/system/backup/restore/2', 'POST /api/v3/system/restart', 'DELETE /api/v3/system/backup/1']);
  });

  it('throws ArrNotFoundError for a backup that is gone', async () => {
    server.route('DELETE', '/api/v3/system/backup/9', (_req, res) => json(res, 404, { message: 'NotFound' }));
    await expect(radarr.backups.delete(9)).rejects.toBeInstanceOf(ArrNotFoundError);
    await expect(radarr.backups.restore(9)).rejects.toBeInstanceOf(ArrNotFoundError);
  });
});

describe('radarr updates', () => {
  // Radarr master: src/Radarr.Api.V3/Update/UpdateController.cs (installable only for the latest
  // newer release); src/NzbDrone.Core/Update/InstallUpdateService.cs runs ApplicationUpdate.
  const update = (version: string, installed: boolean, installable: boolean) => ({
    version, branch: 'master', releaseDate: '2026-12-01T00:00:00Z', fileName: `Radarr.${version}.tar.gz`, url: 'https://example.invalid', installed, installable, latest: installable, changes: { new: [], fixed: [] }, hash: 'abc',
  });

  it('lists the releases, names the installable one and installs it with the ApplicationUpdate command', async () => {
    server.route('GET', '/api/v3/update', (_req, res) => json(res, 200, [update('6.0.4.10291', false, true), update('6.0.3.10187', true, false)]));
    server.route('POST', '/api/v3/command', (_req, res, body) => json(res, 201, { id: 40, ...JSON.parse(body), status: 'queued' }));
    server.route('GET', '/api/v3/command/40', (_req, res) => json(res, 200, { id: 40, name: 'ApplicationUpdate', status: 'completed' }));
    expect(await radarr.updates.list()).toHaveLength(2);
    expect((await radarr.updates.available()).map((u) => u.version)).toEqual(['6.0.4.10291']);
    const ended = await radarr.updates.install({ installMajorUpdate: true });
    expect(ended.status).toBe('completed');
    expect(bodyOf(2)).toEqual({ name: 'ApplicationUpdate', installMajorUpdate: true });
  });
});

describe('radarr paged lists', () => {
  // Radarr master: src/Radarr.Api.V3/Logs/LogController.cs, Blocklist/BlocklistController.cs,
  // ImportLists/ImportListExclusionController.cs (paged at `exclusions/paged`).
  it('collects every page of the log, 1000 records a page, with the level filter on each page', async () => {
    const records = Array.from({ length: 2500 }, (_, i) => ({ id: 2500 - i, time: '2026-12-04T10:00:00Z', level: 'error', logger: 'Test', message: `m${i}` }));
    server.route('GET', '/api/v3/log', pagedRoute(records));
    const logs = await radarr.logs.list({ level: 'error' });
    expect(logs).toHaveLength(2500);
    expect(new Set(logs.map((l) => l.id)).size).toBe(2500);
    expect(pathsRequested()).toEqual([1, 2, 3].map((page) => `GET /api/v3/log?level=error&page=${page}&pageSize=1000`));
  });

  it('reads the blocklist page by page and removes entries one by one or in bulk', async () => {
    server.route('GET', '/api/v3/blocklist', pagedRoute(Array.from({ length: 1200 }, (_, i) => ({ id: i + 1, movieId: 1, sourceTitle: `r${i}` }))));
    server.route('DELETE', '/api/v3/blocklist/5', (_req, res) => {
      res.writeHead(200).end();
    });
    server.route('DELETE', '/api/v3/blocklist/bulk', (_req, res) => {
      res.writeHead(200).end();
    });
    const sizes: number[] = [];
    for await (const page of radarr.blocklist.pages({ movieIds: [1] })) sizes.push(page.length);
    expect(sizes).toEqual([1000, 200]);
    await radarr.blocklist.remove(5);
    await radarr.blocklist.removeMany([6, 7]);
    expect(bodyOf(3)).toEqual({ ids: [6, 7] });
    await expect(radarr.blocklist.remove(99)).rejects.toBeInstanceOf(ArrNotFoundError);
  });

  it('lists, adds and removes import list exclusions', async () => {
    server.route('GET', '/api/v3/exclusions/paged', pagedRoute([{ id: 1 }, { id: 2 }].map((e) => ({ ...e, tmdbId: 600 + e.id, movieTitle: 't', movieYear: 1999 }))));
    server.route('POST', '/api/v3/exclusions', (_req, res, body) => {
      const input = JSON.parse(body) as { tmdbId: number; movieYear: number };
      if (input.movieYear <= 0) return json(res, 400, [failure('MovieYear', "'Movie Year' must be greater than '0'.", input.movieYear)]);
      json(res, 201, { id: 3, ...input });
    });
    server.route('POST', '/api/v3/exclusions/bulk', (_req, res, body) => json(res, 200, JSON.parse(body)));
    server.route('DELETE', '/api/v3/exclusions/3', (_req, res) => {
      res.writeHead(200).end();
    });
    server.route('DELETE', '/api/v3/exclusions/bulk', (_req, res) => json(res, 200, {}));
    expect((await radarr.importListExclusions.list()).map((e) => e.tmdbId)).toEqual([601, 602]);
    expect(await radarr.importListExclusions.add({ tmdbId: 603, movieTitle: 'The Matrix', movieYear: 1999 })).toMatchObject({ id: 3, tmdbId: 603 });
    const invalid = await radarr.importListExclusions.add({ tmdbId: 604, movieTitle: 'x', movieYear: 0 }).catch((e: unknown) => e);
    expect((invalid as ArrValidationError).failures[0]?.propertyName).toBe('MovieYear');
    expect(await radarr.importListExclusions.addMany([{ tmdbId: 605, movieTitle: 'y', movieYear: 2000 }])).toHaveLength(1);
    await radarr.importListExclusions.remove(3);
    await radarr.importListExclusions.removeMany([1, 2]);
    expect(bodyOf(server.requests.length - 1)).toEqual({ ids: [1, 2] });
  });
});

describe('radarr movie editor', () => {
  // Radarr master: src/Radarr.Api.V3/Movies/MovieEditorController.cs: PUT answers 202 with the
  // changed movies, DELETE answers an empty object.
  it('edits and deletes several movies in one request each, and drops cached tags', async () => {
    server.route('GET', '/api/v3/tag', (_req, res) => json(res, 200, [{ id: 4, label: '4k' }]));
    server.route('PUT', '/api/v3/movie/editor', (_req, res, body) => {
      const { movieIds, monitored } = JSON.parse(body) as { movieIds: number[]; monitored: boolean };
      json(res, 202, movieIds.map((id) => ({ id, title: `Movie ${id}`, monitored, tags: [4] })));
    });
    server.route('DELETE', '/api/v3/movie/editor', (_req, res) => json(res, 200, {}));
    await radarr.tags();
    const edited = await radarr.movieEditor.edit({ movieIds: [1, 2], monitored: false, tags: [4], applyTags: 'add' });
    expect(edited.map((m) => [m.id, m.monitored])).toEqual([[1, false], [2, false]]);
    expect(bodyOf(1)).toEqual({ movieIds: [1, 2], monitored: false, tags: [4], applyTags: 'add' });
    await radarr.tags();
    await radarr.movieEditor.delete({ movieIds: [7], deleteFiles: true, addImportExclusion: true });
    expect(bodyOf(3)).toEqual({ movieIds: [7], deleteFiles: true, addImportExclusion: true });
    // Tag usage changed: the cached tag list was dropped by the edit.
    expect(pathsRequested()).toEqual(['GET /api/v3/tag', 'PUT /api/v3/movie/editor', 'GET /api/v3/tag', 'DELETE /api/v3/movie/editor']);
  });

  it('throws ArrValidationError for a root folder Radarr refuses', async () => {
    server.route('PUT', '/api/v3/movie/editor', (_req, res) => json(res, 400, [failure('RootFolderPath', "'Root Folder Path' must be an existing root folder.", '/nope')]));
    const error = await radarr.movieEditor.edit({ movieIds: [1], rootFolderPath: '/nope', moveFiles: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArrValidationError);
    expect((error as ArrValidationError).path).toBe('/api/v3/movie/editor');
  });
});
