/**
 * Records every response of a scripted session against both simulators, every webhook they send and
 * every SignalR message they push, and validates each against our OpenAPI documents with a real JSON
 * Schema validator: as written (open enums, extra properties allowed) and in a strict reading derived
 * at test time (closed enums, no property a schema does not list). When the apps' own documents are
 * at hand (`../shared/openapi/upstream`, never shipped), the answers are also checked against their
 * response schemas.
 */
import { existsSync, readFileSync } from 'node:fs';
import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { call, type Rec } from '../test/http.ts';
import { strictDocument } from '../test/strict-schema.ts';
import { upstreamDocument, upstreamValidator, UPSTREAM_DIR } from '../test/upstream-schema.ts';
import { startRadarrSimulator, startSonarrSimulator, type SimulatorControl, type SimulatorOptions } from './index.ts';

type Json = Record<string, unknown>;
interface Recorded {
  method: string;
  template: string;
  status: number;
  body: unknown;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

function loadDocument(name: string): Json {
  const path = fileURLToPath(new URL(`../../../openapi/${name}.yaml`, import.meta.url));
  return parse(readFileSync(path, 'utf8')) as Json;
}

/** Rewrites local refs so a schema taken out of the document resolves against it. */
function rebase(schema: unknown, id: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => rebase(item, id));
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `${id}${value}` : rebase(value, id)]));
}

function createValidator(name: string, mode: 'as written' | 'strict' = 'as written') {
  const written = loadDocument(name);
  const document = mode === 'strict' ? strictDocument(written) : written;
  const id = `https://discarr.invalid/${name}-${mode === 'strict' ? 'strict' : 'written'}.json`;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: id });
  const components = document.components as Json;
  const responsesOf = (template: string, method: string): Json | undefined => ((((document.paths as Json)[template] as Json | undefined)?.[method.toLowerCase()] as Json | undefined)?.responses as Json | undefined);
  const resolveResponse = (response: Json | undefined): Json | undefined => {
    if (response === undefined) return undefined;
    const ref = response.$ref;
    if (typeof ref === 'string') return (components.responses as Json)[ref.split('/').pop() ?? ''] as Json;
    return response;
  };
  return {
    /** Errors of one recorded response, or a note that the document does not describe it. */
    check(entry: Recorded): string[] {
      const responses = responsesOf(entry.template, entry.method);
      if (responses === undefined) return [`${entry.method} ${entry.template}: not in ${name}.yaml`];
      const response = resolveResponse((responses[String(entry.status)] ?? responses.default) as Json | undefined);
      if (response === undefined) return [`${entry.method} ${entry.template}: status ${entry.status} not documented`];
      const schema = ((response.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema;
      if (schema === undefined) return entry.body === undefined ? [] : [`${entry.method} ${entry.template} ${entry.status}: body sent where none is documented`];
      const validate = ajv.compile(rebase(schema, id) as Json);
      if (validate(entry.body)) return [];
      return (validate.errors ?? []).slice(0, 5).map((error) => `${entry.method} ${entry.template} ${entry.status}: ${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
    },
    checkWebhook(payload: unknown): string[] {
      const validate = ajv.compile({ $ref: `${id}#/components/schemas/WebhookPayload` });
      if (validate(payload)) return [];
      const eventType = (payload as Json).eventType;
      return (validate.errors ?? []).slice(0, 5).map((error) => `webhook ${String(eventType)}: ${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
    },
    /**
     * Errors of one SignalR message: the envelope the apps' SignalRMessage serialises to, and the
     * resource against the schema of the REST answer it mirrors (a deleted movie is only `{id}`).
     */
    checkMessage(message: unknown): string[] {
      const envelope = ajv.compile(SIGNALR_ENVELOPE);
      if (!envelope(message)) return (envelope.errors ?? []).slice(0, 5).map((error) => `signalr: ${error.instancePath} ${error.message ?? ''} ${JSON.stringify(message).slice(0, 120)}`);
      const { name, body } = message as { name: string; body: { action?: string; resource?: unknown } };
      if (body.resource === undefined) return [];
      const template = SIGNALR_RESOURCES[name];
      if (template === undefined) return [`signalr ${name}: a resource the documents do not describe`];
      const onlyId = name === 'movie' && body.action === 'deleted';
      const responses = responsesOf(template, 'GET');
      const schema = onlyId ? DELETED_ID : (((resolveResponse(responses?.['200'] as Json | undefined)?.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema);
      if (schema === undefined) return [`signalr ${name}: GET ${template} has no 200 schema`];
      const validate = ajv.compile(rebase(schema, id) as Json);
      if (validate(body.resource)) return [];
      return (validate.errors ?? []).slice(0, 5).map((error) => `signalr ${name} ${body.action ?? ''}: ${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
    },
  };
}

/** The SignalR message envelope (Radarr master: src/NzbDrone.SignalR/SignalRMessage.cs), closed. */
const SIGNALR_ENVELOPE = {
  type: 'object',
  required: ['name', 'body'],
  additionalProperties: false,
  properties: {
    name: { enum: ['version', 'queue', 'queue/details', 'queue/status', 'health', 'command', 'system/task', 'movie', 'series', 'episode'] },
    body: {
      oneOf: [
        { type: 'object', required: ['version'], additionalProperties: false, properties: { version: { type: 'string' } } },
        { type: 'object', required: ['action'], additionalProperties: false, properties: { action: { enum: ['sync', 'updated', 'created', 'deleted'] }, resource: {} } },
      ],
    },
  },
};
const DELETED_ID = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer' } } };
/** The REST answer each SignalR resource mirrors. */
const SIGNALR_RESOURCES: Record<string, string> = {
  'queue/status': '/api/v3/queue/status',
  command: '/api/v3/command/{id}',
  movie: '/api/v3/movie/{id}',
  series: '/api/v3/series/{id}',
  episode: '/api/v3/episode/{id}',
};

function capturingFetch(payloads: unknown[]): typeof fetch {
  return (_input, init) => {
    payloads.push(JSON.parse(typeof init?.body === 'string' ? init.body : 'null') as unknown);
    return Promise.resolve(new Response(null, { status: 200 }));
  };
}

function recorder(target: { url: string; apiKey: string }, log: Recorded[]) {
  return async <T = unknown>(method: string, template: string, path: string, body?: unknown): Promise<T> => {
    const result = await call<T>(target, path, { method, ...(body === undefined ? {} : { body }) });
    log.push({ method, template, status: result.status, body: result.body });
    return result.body;
  };
}

/** The routes both apps serve alike, recorded the same way in each session. */
async function recordSystemRoutes(rec: ReturnType<typeof recorder>): Promise<void> {
  for (const path of ['/api', '/ping', '/api/v3/system/status', '/api/v3/health', '/api/v3/diskspace', '/api/v3/system/task']) await rec('GET', path, path);
}

/** The settings and command routes both apps serve alike, one of each. */
async function recordSharedRoutes(rec: ReturnType<typeof recorder>): Promise<void> {
  for (const resource of ['qualityprofile', 'rootfolder', 'tag', 'downloadclient', 'indexer']) await rec('GET', `/api/v3/${resource}/{id}`, `/api/v3/${resource}/1`);
  await rec('POST', '/api/v3/tag', '/api/v3/tag', { label: 'requested-by-bot' });
  const queued = await rec<Rec>('POST', '/api/v3/command', '/api/v3/command', { name: 'RssSync' });
  await rec('DELETE', '/api/v3/command/{id}', `/api/v3/command/${String(queued.id)}`);
  await rec('DELETE', '/api/v3/blocklist/bulk', '/api/v3/blocklist/bulk', { ids: [12345] });
}

/** Starts a busy instance whose webhooks and SignalR messages are captured, with a recorder of its responses. */
async function startSession<T extends { url: string; apiKey: string; control: SimulatorControl; close(): Promise<void> }>(start: (options: SimulatorOptions) => Promise<T>) {
  const payloads: unknown[] = [];
  const sim = await start({ seed: 5, scenario: 'busy', refreshCadence: 'fixed', fetch: capturingFetch(payloads) });
  sim.control.webhooks.setTargets([{ url: 'http://127.0.0.1:9/hook' }]);
  const messages: unknown[] = [];
  const connection = new HubConnectionBuilder().withUrl(`${sim.url}/signalr/messages?access_token=${sim.apiKey}`).configureLogging(LogLevel.None).build();
  connection.on('receiveMessage', (message: unknown) => messages.push(message));
  await connection.start();
  const log: Recorded[] = [];
  const close = async (): Promise<void> => {
    await connection.stop();
    await sim.close();
  };
  return { sim, payloads, messages, log, rec: recorder(sim, log), close };
}

/**
 * Where the apps' own documents say otherwise than the apps do, and the apps' C# sources decide:
 * the command resource's `body` forbids the arguments every command carries (the controller reads
 * the raw body into the command class), and a health check's `wikiUrl` is documented as the `HttpUri`
 * object although it is serialised as its string.
 */
const UPSTREAM_SLOPPINESS: readonly ((error: string) => boolean)[] = [
  (error) => error.includes('/api/v3/command') && error.includes('/body must NOT have additional properties'),
  (error) => error.includes('/api/v3/health 200') && error.includes('/wikiUrl must be object'),
];

/** Answers, webhooks and SignalR messages validated strictly, over both sessions (reported by the last test). */
const strictCounts = { answers: 0, webhooks: 0, messages: 0 };
/** Both sessions' recorded answers, for the check against the apps' own documents. */
const sessions: Record<'radarr' | 'sonarr', Recorded[]> = { radarr: [], sonarr: [] };

/**
 * Ends a scripted session (health restored, an update, the Test webhook), then validates every
 * recorded response and webhook; returns the errors and the webhook event types sent.
 */
async function finishSession(sim: { control: SimulatorControl }, document: 'radarr' | 'sonarr', healthSource: string, log: Recorded[], payloads: unknown[], messages: unknown[]): Promise<{ errors: string[]; strictErrors: string[]; unrecorded: string[]; types: unknown[]; names: unknown[] }> {
  sim.control.clearHealth(healthSource);
  await new Promise((resolve) => setTimeout(resolve, 100));
  sim.control.appUpdated();
  await sim.control.sendTestWebhook();
  await sim.control.webhooks.idle();
  const validator = createValidator(document);
  const errors = [...log.flatMap((entry) => validator.check(entry)), ...payloads.flatMap((payload) => validator.checkWebhook(payload))];
  const strict = createValidator(document, 'strict');
  const strictErrors = [...log.flatMap((entry) => strict.check(entry)), ...payloads.flatMap((payload) => strict.checkWebhook(payload)), ...messages.flatMap((message) => strict.checkMessage(message))];
  strictCounts.answers += log.length;
  strictCounts.webhooks += payloads.length;
  strictCounts.messages += messages.length;
  sessions[document] = log;
  // Every route the simulator answers is in the session, so every one of them is validated strictly.
  const recorded = new Set(log.map((entry) => `${entry.method} ${entry.template}`));
  const unrecorded = sim.control.routes().map((route) => `${route.method} ${route.template}`).filter((route) => !recorded.has(route));
  return { errors, strictErrors, unrecorded, types: [...new Set(payloads.map((payload) => (payload as Json).eventType))].sort(), names: [...new Set(messages.map((message) => (message as Json).name))].sort() };
}

describe('schema conformance', () => {
  it('answers every Radarr route and sends every webhook as the Radarr document describes', async () => {
    const { sim: radarr, payloads, messages, log, rec, close } = await startSession(startRadarrSimulator);
    try {
      const missing = radarr.control.missingMovieIds();
      const grabbed = radarr.control.grab({ movieId: missing[0]!, bytesPerSecond: 50 * 1024 * 1024, size: 1024 * 1024 * 1024 });
      const blocked = radarr.control.grab({ movieId: missing[1]!, fate: { kind: 'blockImport', message: 'Not an upgrade' }, size: 1024 * 1024, bytesPerSecond: 1024 * 1024 });
      radarr.control.grab({ movieId: missing[2]!, fate: { kind: 'fail', atFraction: 0.1, message: 'failed' }, size: 1024 * 1024, bytesPerSecond: 1024 * 1024 });
      // Added to the client by hand and failed there: the app only warns and keeps it in the queue.
      const byHand = radarr.control.addClientDownload({ movieId: missing[8]!, fate: { kind: 'fail', atFraction: 0.1, message: 'Aborted, cannot be completed' }, size: 1024 * 1024, bytesPerSecond: 1024 * 1024 });
      const delayed = [radarr.control.addPendingRelease({ movieId: missing[5]! }), radarr.control.addPendingRelease({ movieId: missing[6]! }), radarr.control.addPendingRelease({ movieId: missing[7]! })];
      radarr.control.advance(20_000);
      radarr.control.raiseHealth({ source: 'DownloadClientCheck', type: 'error', message: 'Unable to communicate with qBittorrent' });
      await recordSystemRoutes(rec);
      await recordSharedRoutes(rec);
      await rec('GET', '/api/v3/system/task/{id}', '/api/v3/system/task/1');
      await rec('GET', '/api/v3/queue', '/api/v3/queue?includeMovie=true&pageSize=100');
      await rec('GET', '/api/v3/queue', '/api/v3/queue');
      await rec('GET', '/api/v3/queue', '/api/v3/queue?includeUnknownMovieItems=true&includeMovie=true&pageSize=100');
      await rec('GET', '/api/v3/queue', `/api/v3/queue?movieIds=${missing[0]!}&movieIds=${missing[5]!}&protocol=torrent&quality=7&quality=3&languages=1&status=downloading&status=delay`);
      await rec('GET', '/api/v3/queue', '/api/v3/queue?status=delay&includeMovie=true');
      await rec('GET', '/api/v3/queue/details', '/api/v3/queue/details?includeMovie=true');
      await rec('GET', '/api/v3/queue/status', '/api/v3/queue/status');
      await rec('GET', '/api/v3/manualimport', `/api/v3/manualimport?downloadId=${blocked.downloadId}`);
      await rec('POST', '/api/v3/manualimport', '/api/v3/manualimport', [{ downloadId: blocked.downloadId, movieId: missing[1], path: '/downloads/x.mkv' }]);
      await rec('POST', '/api/v3/command', '/api/v3/command', { name: 'ManualImport', importMode: 'move', files: [{ path: '/downloads/x.mkv', movieId: missing[1], downloadId: blocked.downloadId }] });
      await rec('DELETE', '/api/v3/queue/{id}', `/api/v3/queue/${grabbed.queueIds[0]!}?blocklist=true&removeFromClient=true`);
      const details = await rec<Rec[]>('GET', '/api/v3/queue/details', '/api/v3/queue/details');
      await rec('DELETE', '/api/v3/queue/bulk', '/api/v3/queue/bulk', { ids: details.slice(0, 2).map((record) => record.id) });
      await rec('POST', '/api/v3/queue/grab/{id}', `/api/v3/queue/grab/${delayed[0]!.queueIds[0]!}`);
      await rec('POST', '/api/v3/queue/grab/{id}', '/api/v3/queue/grab/1');
      await rec('POST', '/api/v3/queue/grab/bulk', '/api/v3/queue/grab/bulk', { ids: [delayed[1]!.queueIds[0]!] });
      await rec('POST', '/api/v3/queue/grab/bulk', '/api/v3/queue/grab/bulk', { ids: [1] });
      await rec('DELETE', '/api/v3/queue/{id}', `/api/v3/queue/${delayed[2]!.queueIds[0]!}?blocklist=true`);
      await rec('GET', '/api/v3/blocklist', '/api/v3/blocklist');
      radarr.control.advance(600_000);
      const warned = await rec<Rec>('GET', '/api/v3/queue', '/api/v3/queue?includeMovie=true&pageSize=100');
      expect((warned.records as Rec[]).find((record) => record.downloadId === byHand.downloadId)).toMatchObject({ status: 'failed', trackedDownloadStatus: 'warning', trackedDownloadState: 'downloading' });
      await rec('GET', '/api/v3/queue/details', `/api/v3/queue/details?movieId=${missing[8]!}&includeMovie=true`);
      await rec('GET', '/api/v3/queue/status', '/api/v3/queue/status');
      await rec('DELETE', '/api/v3/queue/{id}', `/api/v3/queue/${byHand.queueIds[0]!}?removeFromClient=true&blocklist=true`);
      await rec('GET', '/api/v3/history', '/api/v3/history?includeMovie=true&pageSize=50');
      await rec('GET', '/api/v3/history', `/api/v3/history?eventType=1&eventType=3&eventType=4&eventType=6&eventType=7&eventType=8&eventType=9&movieIds=${missing[0]!}&quality=3&languages=1`);
      await rec('GET', '/api/v3/history/since', '/api/v3/history/since?date=2024-01-01T00:00:00Z&includeMovie=true');
      await rec('GET', '/api/v3/history/movie', `/api/v3/history/movie?movieId=${missing[0]!}`);
      await rec('GET', '/api/v3/calendar', '/api/v3/calendar?start=2024-06-01T00:00:00Z&end=2025-06-01T00:00:00Z');
      await rec('GET', '/api/v3/wanted/missing', '/api/v3/wanted/missing');
      await rec('GET', '/api/v3/wanted/cutoff', '/api/v3/wanted/cutoff');
      const movies = await rec<Rec[]>('GET', '/api/v3/movie', '/api/v3/movie');
      const withFile = movies.find((movie) => movie.hasFile === true)!;
      await rec('GET', '/api/v3/movie/{id}', `/api/v3/movie/${String(withFile.id)}`);
      await rec('PUT', '/api/v3/movie/{id}', `/api/v3/movie/${String(withFile.id)}`, { ...withFile, monitored: false });
      const lookup = await rec<Rec[]>('GET', '/api/v3/movie/lookup', '/api/v3/movie/lookup?term=harbor');
      await rec('GET', '/api/v3/movie/lookup', '/api/v3/movie/lookup?term=tmdb:603');
      await rec('GET', '/api/v3/movie/lookup/tmdb', '/api/v3/movie/lookup/tmdb?tmdbId=603');
      await rec('GET', '/api/v3/movie/lookup/imdb', '/api/v3/movie/lookup/imdb?imdbId=tt0133093');
      const candidate = lookup[0]!;
      await rec('POST', '/api/v3/movie', '/api/v3/movie', { ...candidate, qualityProfileId: 1, rootFolderPath: '/data/movies', monitored: true, addOptions: { searchForMovie: true } });
      await rec('POST', '/api/v3/movie', '/api/v3/movie', { ...candidate, qualityProfileId: 1, rootFolderPath: '/data/movies' });
      await rec('POST', '/api/v3/movie', '/api/v3/movie', { title: '' });
      await rec('GET', '/api/v3/movie/{id}', '/api/v3/movie/999999');
      await rec('GET', '/api/v3/moviefile', `/api/v3/moviefile?movieId=${String(withFile.id)}`);
      await rec('GET', '/api/v3/moviefile/{id}', `/api/v3/moviefile/${String(withFile.movieFileId)}`);
      await rec('DELETE', '/api/v3/moviefile/{id}', `/api/v3/moviefile/${String(withFile.movieFileId)}`);
      const command = await rec<Rec>('POST', '/api/v3/command', '/api/v3/command', { name: 'MoviesSearch', movieIds: [missing[3]!] });
      await rec('POST', '/api/v3/command', '/api/v3/command', { name: 'RefreshMonitoredDownloads' });
      radarr.control.advance(5000);
      await rec('GET', '/api/v3/command/{id}', `/api/v3/command/${String(command.id)}`);
      await rec('GET', '/api/v3/command', '/api/v3/command');
      await rec('GET', '/api/v3/qualityprofile', '/api/v3/qualityprofile');
      await rec('GET', '/api/v3/qualityprofile/{id}', '/api/v3/qualityprofile/1');
      await rec('GET', '/api/v3/rootfolder', '/api/v3/rootfolder');
      await rec('GET', '/api/v3/rootfolder/{id}', '/api/v3/rootfolder/1');
      await rec('GET', '/api/v3/tag', '/api/v3/tag');
      await rec('POST', '/api/v3/tag', '/api/v3/tag', { label: 'discord' });
      await rec('GET', '/api/v3/tag/{id}', '/api/v3/tag/1');
      await rec('GET', '/api/v3/downloadclient', '/api/v3/downloadclient');
      await rec('GET', '/api/v3/indexer', '/api/v3/indexer');
      const releases = await rec<Rec[]>('GET', '/api/v3/release', `/api/v3/release?movieId=${missing[4]!}`);
      await rec('POST', '/api/v3/release', '/api/v3/release', { guid: releases[0]!.guid, indexerId: releases[0]!.indexerId });
      const blocklist = await rec<Rec>('GET', '/api/v3/blocklist', '/api/v3/blocklist');
      await rec('DELETE', '/api/v3/blocklist/{id}', `/api/v3/blocklist/${String((blocklist.records as Rec[])[0]!.id)}`);
      await rec('DELETE', '/api/v3/blocklist/bulk', '/api/v3/blocklist/bulk', { ids: [99] });
      await rec('DELETE', '/api/v3/movie/{id}', `/api/v3/movie/${String(withFile.id)}`);
      await rec('POST', '/api/v3/command', '/api/v3/command', { name: 'RenameMovie', movieIds: movies.filter((movie) => movie.hasFile === true).slice(1, 2).map((movie) => movie.id) });
      radarr.control.advance(5000);
      const { errors, strictErrors, unrecorded, types, names } = await finishSession(radarr, 'radarr', 'DownloadClientCheck', log, payloads, messages);
      expect(errors).toEqual([]);
      expect(strictErrors).toEqual([]);
      expect(unrecorded).toEqual([]);
      expect(names).toEqual(['command', 'health', 'movie', 'queue', 'queue/details', 'queue/status', 'system/task', 'version']);
      expect(types).toEqual(['ApplicationUpdate', 'Download', 'Grab', 'Health', 'HealthRestored', 'ManualInteractionRequired', 'MovieAdded', 'MovieDelete', 'MovieFileDelete', 'Rename', 'Test']);
    } finally {
      await close();
    }
  });

  it('answers every Sonarr route and sends every webhook as the Sonarr document describes', async () => {
    const { sim: sonarr, payloads, messages, log, rec, close } = await startSession(startSonarrSimulator);
    try {
      const missing = sonarr.control.missingEpisodeIds();
      const episodes = (id: number) => sonarr.control.episodes(id) as Rec[];
      const firstEpisode = (await call<Rec[]>(sonarr, `/api/v3/episode?episodeIds=${missing[0]!}`)).body[0]!;
      const seriesId = firstEpisode.seriesId as number;
      const season = episodes(seriesId).filter((episode) => episode.seasonNumber === 1).map((episode) => episode.id as number);
      const pack = sonarr.control.grab({ seriesId, episodeIds: season, size: 1024 * 1024 * 1024, bytesPerSecond: 50 * 1024 * 1024 });
      const blocked = sonarr.control.grab({ seriesId: (firstEpisode.seriesId as number) + 1, episodeIds: [episodes((firstEpisode.seriesId as number) + 1)[0]!.id as number], fate: { kind: 'blockImport', message: 'Not an upgrade' }, size: 1024 * 1024, bytesPerSecond: 1024 * 1024 });
      const delayedSeries = (sonarr.control.series() as Rec[]).map((entry) => entry.id as number).find((id) => id !== seriesId && sonarr.control.missingEpisodeIds(id).length >= 2)!;
      const delayedEpisodes = sonarr.control.missingEpisodeIds(delayedSeries).slice(0, 2);
      const byHandSeries = (sonarr.control.series() as Rec[]).map((entry) => entry.id as number).find((id) => id !== seriesId && id !== delayedSeries && sonarr.control.missingEpisodeIds(id).length > 0)!;
      // Added to the client by hand and failed there: the app only warns and keeps it in the queue.
      const byHand = sonarr.control.addClientDownload({ seriesId: byHandSeries, episodeIds: sonarr.control.missingEpisodeIds(byHandSeries).slice(0, 1), fate: { kind: 'fail', atFraction: 0.1, message: 'qBittorrent is reporting an error' }, size: 1024 * 1024, bytesPerSecond: 1024 * 1024 });
      const delayed = sonarr.control.addPendingRelease({ seriesId: delayedSeries, episodeIds: delayedEpisodes.slice(0, 1) });
      const delayedToo = sonarr.control.addPendingRelease({ seriesId: delayedSeries, episodeIds: delayedEpisodes.slice(1) });
      sonarr.control.advance(20_000);
      sonarr.control.raiseHealth({ source: 'IndexerStatusCheck', type: 'warning', message: 'Indexers unavailable due to failures' });
      await recordSystemRoutes(rec);
      await recordSharedRoutes(rec);
      await rec('GET', '/api/v3/queue', '/api/v3/queue?includeSeries=true&includeEpisode=true&pageSize=200');
      await rec('GET', '/api/v3/queue', '/api/v3/queue');
      await rec('GET', '/api/v3/queue', '/api/v3/queue?includeUnknownSeriesItems=true&includeSeries=true&includeEpisode=true&pageSize=200');
      await rec('GET', '/api/v3/queue', `/api/v3/queue?seriesIds=${seriesId}&seriesIds=${delayedSeries}&protocol=usenet&quality=4&languages=1&status=downloading&status=delay`);
      await rec('GET', '/api/v3/queue/details', '/api/v3/queue/details?includeSeries=true&includeEpisode=true');
      await rec('GET', '/api/v3/queue/details', `/api/v3/queue/details?episodeIds=${season[0]!}&episodeIds=${delayedEpisodes[0]!}&includeEpisode=true`);
      await rec('POST', '/api/v3/queue/grab/{id}', `/api/v3/queue/grab/${delayed.queueIds[0]!}`);
      await rec('POST', '/api/v3/queue/grab/bulk', '/api/v3/queue/grab/bulk', { ids: delayedToo.queueIds });
      await rec('GET', '/api/v3/queue/status', '/api/v3/queue/status');
      await rec('GET', '/api/v3/manualimport', `/api/v3/manualimport?downloadId=${blocked.downloadId}`);
      await rec('POST', '/api/v3/manualimport', '/api/v3/manualimport', [{ downloadId: blocked.downloadId, seriesId, path: '/downloads/x.mkv' }]);
      const details = await rec<Rec[]>('GET', '/api/v3/queue/details', '/api/v3/queue/details');
      const other = details.find((record) => record.downloadId !== pack.downloadId)!;
      await rec('DELETE', '/api/v3/queue/{id}', `/api/v3/queue/${String(other.id)}?blocklist=true`);
      await rec('DELETE', '/api/v3/queue/bulk', '/api/v3/queue/bulk', { ids: details.filter((record) => record.downloadId !== pack.downloadId).slice(1, 3).map((record) => record.id) });
      sonarr.control.advance(600_000);
      const warned = await rec<Rec>('GET', '/api/v3/queue', '/api/v3/queue?includeSeries=true&includeEpisode=true&pageSize=200');
      expect((warned.records as Rec[]).find((record) => record.downloadId === byHand.downloadId)).toMatchObject({ status: 'failed', trackedDownloadStatus: 'warning', trackedDownloadState: 'downloading' });
      await rec('GET', '/api/v3/queue/details', `/api/v3/queue/details?seriesId=${byHandSeries}&includeSeries=true&includeEpisode=true`);
      await rec('GET', '/api/v3/queue/status', '/api/v3/queue/status');
      await rec('DELETE', '/api/v3/queue/{id}', `/api/v3/queue/${byHand.queueIds[0]!}?removeFromClient=true&blocklist=true`);
      await rec('GET', '/api/v3/history', '/api/v3/history?includeSeries=true&includeEpisode=true&pageSize=50');
      await rec('GET', '/api/v3/history', `/api/v3/history?eventType=1&eventType=2&eventType=3&eventType=4&eventType=5&eventType=6&eventType=7&seriesIds=${seriesId}&episodeId=${season[0]!}&quality=4&languages=1`);
      await rec('GET', '/api/v3/history/since', '/api/v3/history/since?date=2024-01-01T00:00:00Z&includeSeries=true&includeEpisode=true');
      await rec('GET', '/api/v3/history/series', `/api/v3/history/series?seriesId=${seriesId}`);
      await rec('GET', '/api/v3/calendar', '/api/v3/calendar?start=2024-10-01T00:00:00Z&end=2025-03-01T00:00:00Z&includeSeries=true');
      await rec('GET', '/api/v3/wanted/missing', '/api/v3/wanted/missing?includeSeries=true');
      await rec('GET', '/api/v3/wanted/cutoff', '/api/v3/wanted/cutoff');
      const series = await rec<Rec[]>('GET', '/api/v3/series', '/api/v3/series');
      await rec('GET', '/api/v3/series/{id}', `/api/v3/series/${seriesId}`);
      await rec('PUT', '/api/v3/series/{id}', `/api/v3/series/${seriesId}`, { ...series[0], monitored: true });
      const lookup = await rec<Rec[]>('GET', '/api/v3/series/lookup', '/api/v3/series/lookup?term=orchard');
      await rec('GET', '/api/v3/series/lookup', '/api/v3/series/lookup?term=tvdb:81189');
      await rec('POST', '/api/v3/series', '/api/v3/series', { ...lookup[0], qualityProfileId: 1, rootFolderPath: '/data/tv', addOptions: { searchForMissingEpisodes: true, monitor: 'all' } });
      await rec('POST', '/api/v3/series', '/api/v3/series', { ...lookup[0], qualityProfileId: 1, rootFolderPath: '/data/tv' });
      await rec('GET', '/api/v3/episode', `/api/v3/episode?seriesId=${seriesId}`);
      await rec('GET', '/api/v3/episode/{id}', `/api/v3/episode/${season[0]!}`);
      await rec('PUT', '/api/v3/episode/{id}', `/api/v3/episode/${season[0]!}`, { monitored: true });
      await rec('PUT', '/api/v3/episode/monitor', '/api/v3/episode/monitor', { episodeIds: [season[0]!], monitored: true });
      const files = await rec<Rec[]>('GET', '/api/v3/episodefile', `/api/v3/episodefile?seriesId=${seriesId}`);
      await rec('GET', '/api/v3/episodefile/{id}', `/api/v3/episodefile/${String(files[0]!.id)}`);
      await rec('DELETE', '/api/v3/episodefile/{id}', `/api/v3/episodefile/${String(files[0]!.id)}`);
      const command = await rec<Rec>('POST', '/api/v3/command', '/api/v3/command', { name: 'SeasonSearch', seriesId, seasonNumber: 1 });
      await rec('POST', '/api/v3/command', '/api/v3/command', { name: 'EpisodeSearch', episodeIds: [missing[5]!] });
      await rec('POST', '/api/v3/command', '/api/v3/command', { name: 'RenameSeries', seriesIds: [seriesId] });
      sonarr.control.advance(5000);
      await rec('GET', '/api/v3/command/{id}', `/api/v3/command/${String(command.id)}`);
      await rec('GET', '/api/v3/command', '/api/v3/command');
      // The searches end: each executed command is followed by a system/task sync.
      sonarr.control.advance(5000);
      await rec('GET', '/api/v3/qualityprofile', '/api/v3/qualityprofile');
      await rec('GET', '/api/v3/rootfolder', '/api/v3/rootfolder');
      await rec('GET', '/api/v3/tag', '/api/v3/tag');
      await rec('GET', '/api/v3/downloadclient', '/api/v3/downloadclient');
      await rec('GET', '/api/v3/indexer', '/api/v3/indexer');
      const releases = await rec<Rec[]>('GET', '/api/v3/release', `/api/v3/release?seriesId=${seriesId}&seasonNumber=1`);
      await rec('POST', '/api/v3/release', '/api/v3/release', { guid: releases[0]!.guid, indexerId: releases[0]!.indexerId });
      await rec('GET', '/api/v3/system/task/{id}', '/api/v3/system/task/1');
      const blocklist = await rec<Rec>('GET', '/api/v3/blocklist', '/api/v3/blocklist');
      await rec('DELETE', '/api/v3/blocklist/{id}', `/api/v3/blocklist/${String((blocklist.records as Rec[])[0]!.id)}`);
      await rec('DELETE', '/api/v3/series/{id}', `/api/v3/series/${String(series[series.length - 1]!.id)}`);
      const { errors, strictErrors, unrecorded, types, names } = await finishSession(sonarr, 'sonarr', 'IndexerStatusCheck', log, payloads, messages);
      expect(errors).toEqual([]);
      expect(strictErrors).toEqual([]);
      expect(unrecorded).toEqual([]);
      expect(names).toEqual(['command', 'episode', 'health', 'queue', 'queue/details', 'queue/status', 'series', 'system/task', 'version']);
      expect(types).toEqual(['ApplicationUpdate', 'Download', 'EpisodeFileDelete', 'Grab', 'Health', 'HealthRestored', 'ManualInteractionRequired', 'Rename', 'SeriesAdd', 'SeriesDelete', 'Test']);
    } finally {
      await close();
    }
  });

  it.skipIf(!existsSync(UPSTREAM_DIR))('answers as the apps\' own documents describe their responses, where they describe them', () => {
    const checked: string[] = [];
    const errors: string[] = [];
    for (const app of ['radarr', 'sonarr'] as const) {
      const validator = upstreamValidator(upstreamDocument(app));
      for (const entry of sessions[app]) {
        const result = validator.check(entry);
        if (result === undefined) continue;
        checked.push(`${app} ${entry.method} ${entry.template}`);
        errors.push(...result.filter((error) => !UPSTREAM_SLOPPINESS.some((known) => known(error))).map((error) => `${app} ${error}`));
      }
    }
    expect(errors).toEqual([]);
    expect(checked.length).toBeGreaterThan(60);
    console.info(`strictly validated: ${strictCounts.answers} answers, ${strictCounts.webhooks} webhooks, ${strictCounts.messages} SignalR messages; ${checked.length} answers against the apps' own documents`);
  });
});
