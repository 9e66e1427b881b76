/**
 * What the apps answer over REST where it is easy to get wrong, each case checked against the
 * app's source (cited beside it).
 */
import { HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';
import { afterEach, describe, expect, it } from 'vitest';
import { call, type Rec } from '../test/http.ts';
import { startRadarrSimulator, startSonarrSimulator, type SimulatorHandle } from './index.ts';

const handles: SimulatorHandle[] = [];
const connections: HubConnection[] = [];
afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.stop()));
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
});
async function track<T extends SimulatorHandle>(promise: Promise<T>): Promise<T> {
  const handle = await promise;
  handles.push(handle);
  return handle;
}
async function listen(sim: SimulatorHandle): Promise<{ name: string; body: Rec }[]> {
  const messages: { name: string; body: Rec }[] = [];
  const connection = new HubConnectionBuilder().withUrl(`${sim.url}/signalr/messages?access_token=${sim.apiKey}`).configureLogging(LogLevel.None).build();
  connection.on('receiveMessage', (message: { name: string; body: Rec }) => messages.push(message));
  connections.push(connection);
  await connection.start();
  return messages;
}

describe('api fidelity', () => {
  it('reads the apikey query parameter before the X-Api-Key header', async () => {
    // Radarr master: src/Radarr.Http/Authentication/ApiKeyAuthenticationHandler.cs (ParseApiKey: query, then header, then bearer).
    const radarr = await track(startRadarrSimulator());
    expect((await call(radarr, '/api/v3/system/status?apikey=wrong')).status).toBe(401);
    expect((await call(radarr, `/api/v3/system/status?ApiKey=${radarr.apiKey}`, { key: 'wrong' })).status).toBe(200);
  });

  it('answers an unknown command name with a 500 and stores a known one in the app\'s spelling', async () => {
    // Radarr master: src/Radarr.Api.V3/Commands/CommandController.cs (`.Single(...)` over the Command classes).
    const radarr = await track(startRadarrSimulator());
    const unknown = await call<Rec>(radarr, '/api/v3/command', { method: 'POST', body: { name: 'NoSuchCommand' } });
    expect(unknown.status).toBe(500);
    expect(unknown.body.message).toBe('Sequence contains no matching element');
    const known = await call<Rec>(radarr, '/api/v3/command', { method: 'POST', body: { name: 'rsssync' } });
    expect(known.status).toBe(201);
    expect(known.body.name).toBe('RssSync');
    const sonarr = await track(startSonarrSimulator());
    expect((await call(sonarr, '/api/v3/command', { method: 'POST', body: { name: 'MoviesSearch' } })).status).toBe(500);
  });

  it('answers model-binding failures as problem details and validation failures as an array', async () => {
    // ASP.NET Core's [ApiController] model binding (RFC 7807) runs before FluentValidation's array.
    const radarr = await track(startRadarrSimulator());
    const broken = await fetch(`${radarr.url}/api/v3/movie`, { method: 'POST', headers: { 'X-Api-Key': radarr.apiKey, 'content-type': 'application/json' }, body: '{"title":' });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem: unknown = await broken.json();
    expect(problem).toMatchObject({ title: 'One or more validation errors occurred.', status: 400, errors: { $: [expect.any(String)] } });
    const notObject = await call<Rec>(radarr, '/api/v3/movie', { method: 'POST', body: [1, 2] });
    expect(notObject.body).toMatchObject({ status: 400, errors: { $: [expect.stringContaining('MovieResource')] } });
    const invalid = await call<Rec[]>(radarr, '/api/v3/movie', { method: 'POST', body: { title: '' } });
    expect(Array.isArray(invalid.body)).toBe(true);
  });

  it('filters paged history by eventType numbers only, and reads history joined to its media', async () => {
    // Radarr master: src/Radarr.Api.V3/History/HistoryController.cs (paged: int[] eventType; since: MovieHistoryEventType?),
    // src/NzbDrone.Core/History/HistoryRepository.cs (Since joins Movies).
    const radarr = await track(startRadarrSimulator());
    const movieId = radarr.control.missingMovieIds()[0]!;
    radarr.control.grab({ movieId, size: 1024, bytesPerSecond: 1024, protocol: 'torrent' });
    radarr.control.refresh();
    const byName = await call<Rec>(radarr, '/api/v3/history?eventType=grabbed');
    expect(byName.status).toBe(400);
    expect(byName.body).toMatchObject({ errors: { eventType: ["The value 'grabbed' is not valid."] } });
    expect((await call<Rec>(radarr, '/api/v3/history?eventType=1')).body.totalRecords).toBe(1);
    const since = await call<Rec[]>(radarr, '/api/v3/history/since?date=2024-01-01T00:00:00Z&eventType=grabbed');
    // HistoryService.cs stores the protocol as DownloadProtocol's number.
    expect(since.body).toHaveLength(1);
    expect(since.body[0]).toMatchObject({ movieId, eventType: 'grabbed', data: { protocol: '2' } });
    await call(radarr, `/api/v3/queue/${(await call<Rec[]>(radarr, '/api/v3/queue/details')).body[0]!.id as number}`, { method: 'DELETE' });
    expect((await call(radarr, `/api/v3/movie/${movieId}`, { method: 'DELETE' })).status).toBe(200);
    expect((await call<Rec[]>(radarr, '/api/v3/history/since?date=2024-01-01T00:00:00Z')).body).toEqual([]);
    expect((await call<Rec>(radarr, '/api/v3/history')).body.totalRecords).toBe(0);
  });

  it('names quality sources as each app does', async () => {
    // Radarr: Source (tv, webdl, bluray, …); Sonarr main: src/NzbDrone.Core/Qualities/QualitySource.cs (television, web, bluray, …).
    const radarr = await track(startRadarrSimulator());
    const sonarr = await track(startSonarrSimulator());
    const sources = async (sim: SimulatorHandle): Promise<string[]> => [...new Set((await call<Rec[]>(sim, '/api/v3/qualityprofile')).body.flatMap((profile) => (profile.items as Rec[]).map((item) => (item.quality as Rec).source as string)))].sort();
    expect(await sources(radarr)).toEqual(['bluray', 'tv', 'webdl']);
    expect(await sources(sonarr)).toEqual(['bluray', 'television', 'web']);
  });

  it('leaves out fields the apps do not send: root folder total space, movie file width and height', async () => {
    // RootFolderResource has no TotalSpace (both apps); Radarr's REST MediaInfoResource has no Width/Height.
    const radarr = await track(startRadarrSimulator());
    const folders = (await call<Rec[]>(radarr, '/api/v3/rootfolder')).body;
    expect(folders[0]).not.toHaveProperty('totalSpace');
    expect((await call<Rec[]>(radarr, '/api/v3/diskspace')).body[0]).toHaveProperty('totalSpace');
    const movie = (await call<Rec[]>(radarr, '/api/v3/movie')).body.find((candidate) => candidate.hasFile === true)!;
    const file = (await call<Rec>(radarr, `/api/v3/moviefile/${movie.movieFileId as number}`)).body;
    expect(file.mediaInfo).not.toHaveProperty('width');
    expect(file.mediaInfo).not.toHaveProperty('height');
    expect(file.mediaInfo).toHaveProperty('resolution');
  });

  it('greets every connected client when one connects, syncs health after every check run and tasks after every command', async () => {
    // Radarr master: src/NzbDrone.SignalR/MessageHub.cs (Clients.All), src/Radarr.Api.V3/Health/HealthController.cs
    // (HealthCheckCompleteEvent → sync), src/Radarr.Api.V3/System/Tasks/TaskController.cs (CommandExecutedEvent → sync).
    const radarr = await track(startRadarrSimulator());
    const first = await listen(radarr);
    await expect.poll(() => first.length).toBe(1);
    const second = await listen(radarr);
    await expect.poll(() => first.filter((message) => message.name === 'version').length).toBe(2);
    expect(second.filter((message) => message.name === 'version')).toHaveLength(1);
    radarr.control.raiseHealth({ source: 'IndexerStatusCheck', type: 'warning', message: 'a' });
    radarr.control.raiseHealth({ source: 'IndexerStatusCheck', type: 'warning', message: 'a' });
    radarr.control.advance(6 * 3_600_000);
    await expect.poll(() => second.filter((message) => message.name === 'health').length).toBe(3);
    await call(radarr, '/api/v3/command', { method: 'POST', body: { name: 'RssSync' } });
    radarr.control.advance(1_000);
    expect(second.filter((message) => message.name === 'system/task')).toHaveLength(0);
    radarr.control.advance(5_000);
    await expect.poll(() => second.filter((message) => message.name === 'system/task').length).toBeGreaterThanOrEqual(1);
  });
});
