/**
 * Every management helper of both clients calls an operation our documents declare for that app,
 * with only the query parameters the operation declares, the required ones present, and a JSON
 * body exactly when the operation takes one: the helpers cannot drift from `openapi/*.yaml`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createRadarrClient, type RadarrClient } from '../radarr-client.ts';
import { createSonarrClient, type SonarrClient } from '../sonarr-client.ts';

interface Parameter { name: string; in: string; required?: boolean; $ref?: string }
interface Operation { operationId: string; parameters?: Parameter[]; requestBody?: { required?: boolean } }
interface Doc { paths: Record<string, Record<string, unknown>>; components: { parameters?: Record<string, Parameter> } }
interface Seen { method: string; url: URL; body: string }

function load(app: 'radarr' | 'sonarr'): Doc {
  return parse(readFileSync(new URL(`../../../../openapi/${app}.yaml`, import.meta.url), 'utf8')) as Doc;
}

/** The operation a request reaches; literal paths win over templates, as in the apps' routing. */
function operationOf(doc: Doc, method: string, pathname: string): { op: Operation; query: Parameter[] } | undefined {
  const byLiteralFirst = Object.entries(doc.paths).sort(([a], [b]) => a.split('{').length - b.split('{').length);
  for (const [template, item] of byLiteralFirst) {
    const pattern = template.split('/');
    const parts = pathname.split('/');
    const matches = pattern.length === parts.length && pattern.every((segment, i) => segment.startsWith('{') || segment === parts[i]);
    const op = item[method.toLowerCase()] as Operation | undefined;
    if (matches && op) {
      const resolve = (p: Parameter) => (p.$ref ? (doc.components.parameters?.[p.$ref.split('/').at(-1) ?? ''] ?? p) : p);
      const shared = (item.parameters as Parameter[] | undefined) ?? [];
      return { op, query: [...shared, ...(op.parameters ?? [])].map(resolve).filter((p) => p.in === 'query') };
    }
  }
  return undefined;
}

/** Answers every request with the smallest body each helper can work with (a real HTTP server). */
function answer(method: string, path: string): { status: number; body?: unknown } {
  const page = { page: 1, pageSize: 1000, totalRecords: 1, records: [{ id: 1 }] };
  if (method === 'POST' && path === '/api/v3/command') return { status: 201, body: { id: 1, name: 'Backup', status: 'queued' } };
  if (path === '/api/v3/command/1') return { status: 200, body: { id: 1, name: 'Backup', status: 'completed' } };
  if (path === '/api/v3/system/backup' && method === 'GET') return { status: 200, body: [{ id: 1, type: 'manual', time: '2026-12-04T00:00:00Z' }] };
  if (path === '/api/v3/update') return { status: 200, body: [{ version: '1', installable: true, installed: false }] };
  if (method === 'GET' && /\/(log|blocklist|paged)$/.test(path)) return { status: 200, body: page };
  if (method === 'GET') return { status: 200, body: /\/\d+$/.test(path) ? { id: 1 } : [] };
  if (method === 'DELETE') return { status: 200 };
  return { status: method === 'POST' ? 201 : 202, body: method === 'PUT' && path.endsWith('/editor') ? [] : {} };
}

let server: Server;
let base = '';
const seen: Seen[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push({ method: req.method ?? 'GET', url, body });
      const reply = answer(req.method ?? 'GET', url.pathname);
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

type Call = [string, () => Promise<unknown>];

function shared(c: RadarrClient | SonarrClient): Call[] {
  const definition = { id: 1, quality: { id: 1, name: 'SDTV', source: 'dvd', resolution: 480 }, title: 'SDTV', weight: 1 };
  return [
    ['tagUsage.list', () => c.tagUsage.list()],
    ['tagUsage.get', () => c.tagUsage.get(1)],
    ['tagUsage.unused', () => c.tagUsage.unused()],
    ['customFormats.list', () => c.customFormats.list()],
    ['customFormats.get', () => c.customFormats.get(1)],
    ['customFormats.create', () => c.customFormats.create({ name: 'x', specifications: [] })],
    ['customFormats.update', () => c.customFormats.update(1, { name: 'x', specifications: [] })],
    ['customFormats.delete', () => c.customFormats.delete(1)],
    ['qualityDefinitions.list', () => c.qualityDefinitions.list()],
    ['qualityDefinitions.update', () => (c.kind === 'radarr' ? c.qualityDefinitions.update([{ ...definition, quality: { ...definition.quality, modifier: 'none' } }]) : c.qualityDefinitions.update([definition]))],
    ['backups.list', () => c.backups.list()],
    ['backups.create', () => c.backups.create()],
    ['backups.restore', () => c.backups.restore(1, { restart: true })],
    ['backups.delete', () => c.backups.delete(1)],
    ['updates.list', () => c.updates.list()],
    ['updates.available', () => c.updates.available()],
    ['updates.install', () => c.updates.install({ installMajorUpdate: false })],
    ['logs.list', () => c.logs.list({ level: 'warn', sortKey: 'time', sortDirection: 'descending' })],
    ['blocklist.remove', () => c.blocklist.remove(1)],
    ['blocklist.removeMany', () => c.blocklist.removeMany([1])],
    ['importListExclusions.list', () => c.importListExclusions.list()],
    ['importListExclusions.remove', () => c.importListExclusions.remove(1)],
    ['importListExclusions.removeMany', () => c.importListExclusions.removeMany([1])],
  ];
}

function radarrCalls(c: RadarrClient): Call[] {
  return [
    ...shared(c),
    ['blocklist.list', () => c.blocklist.list({ movieIds: [1], protocols: ['torrent'] })],
    ['importListExclusions.add', () => c.importListExclusions.add({ tmdbId: 603, movieTitle: 'The Matrix', movieYear: 1999 })],
    ['importListExclusions.addMany', () => c.importListExclusions.addMany([{ tmdbId: 603, movieTitle: 'The Matrix', movieYear: 1999 }])],
    ['movieEditor.edit', () => c.movieEditor.edit({ movieIds: [1], monitored: true })],
    ['movieEditor.delete', () => c.movieEditor.delete({ movieIds: [1], deleteFiles: false })],
  ];
}

function sonarrCalls(c: SonarrClient): Call[] {
  return [
    ...shared(c),
    ['blocklist.list', () => c.blocklist.list({ seriesIds: [1], protocols: ['usenet'] })],
    ['importListExclusions.add', () => c.importListExclusions.add({ tvdbId: 81189, title: 'Breaking Bad' })],
    ['seriesEditor.edit', () => c.seriesEditor.edit({ seriesIds: [1], seasonFolder: true })],
    ['seriesEditor.delete', () => c.seriesEditor.delete({ seriesIds: [1], deleteFiles: false })],
  ];
}

describe.each([
  ['radarr', () => radarrCalls(createRadarrClient({ baseUrl: base, apiKey: 'key-1234', retry: false, sleep: () => Promise.resolve() }))],
  ['sonarr', () => sonarrCalls(createSonarrClient({ baseUrl: base, apiKey: 'key-1234', retry: false, sleep: () => Promise.resolve() }))],
] as const)('%s management helpers', (app, calls) => {
  const doc = load(app);
  const labels = (app === 'radarr' ? radarrCalls(createRadarrClient({ baseUrl: 'http://x', apiKey: 'k' })) : sonarrCalls(createSonarrClient({ baseUrl: 'http://x', apiKey: 'k' }))).map(([label]) => label);

  it.each(labels)('%s calls a declared operation with declared parameters and body', async (label) => {
    const call = calls().find(([l]) => l === label)?.[1];
    const before = seen.length;
    await call?.();
    const made = seen.slice(before);
    expect(made.length).toBeGreaterThan(0);
    for (const request of made) {
      const found = operationOf(doc, request.method, request.url.pathname);
      expect(found, `${request.method} ${request.url.pathname} is not in openapi/${app}.yaml`).toBeDefined();
      const declared = new Set(found?.query.map((p) => p.name));
      for (const key of request.url.searchParams.keys()) expect(declared, `${found?.op.operationId} has no query parameter ${key}`).toContain(key);
      for (const p of found?.query.filter((q) => q.required) ?? []) expect(request.url.searchParams.has(p.name), `${found?.op.operationId} needs ${p.name}`).toBe(true);
      expect(request.body !== '', `${found?.op.operationId} ${found?.op.requestBody ? 'takes' : 'takes no'} body`).toBe(found?.op.requestBody !== undefined);
    }
  });
});
