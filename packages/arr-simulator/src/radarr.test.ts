import { afterEach, describe, expect, it } from 'vitest';
import { call, type Rec } from '../test/http.ts';
import { startRadarrSimulator, type RadarrSimulator } from './index.ts';

let sim: RadarrSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: Parameters<typeof startRadarrSimulator>[0] = {}): Promise<RadarrSimulator> {
  sim = await startRadarrSimulator({ seed: 42, ...options });
  return sim;
}

describe('radarr simulator', () => {
  it('takes a grab through downloading and import to a file on the virtual clock', async () => {
    const radarr = await start();
    const movieId = radarr.control.missingMovieIds()[0]!;
    const grabbed = radarr.control.grab({ movieId, size: 600 * 1024 * 1024, bytesPerSecond: 10 * 1024 * 1024 });
    expect(grabbed.queueIds[0]).toBeGreaterThan(1000);

    const first = await call<Rec[]>(radarr, '/api/v3/queue/details');
    expect(first.body).toHaveLength(1);
    expect(first.body[0]).toMatchObject({ movieId, status: 'downloading', trackedDownloadState: 'downloading', sizeleft: 600 * 1024 * 1024, timeleft: '00:01:00' });

    radarr.control.advance(30_000);
    const half = (await call<Rec[]>(radarr, '/api/v3/queue/details')).body[0]!;
    expect(half.sizeleft).toBe(300 * 1024 * 1024);
    expect(half.timeleft).toBe('00:00:30');
    expect(Date.parse(half.estimatedCompletionTime as string)).toBe(radarr.control.clock.now() + 30_000);

    radarr.control.advance(31_000);
    const done = (await call<Rec[]>(radarr, '/api/v3/queue/details')).body[0]!;
    expect(done).toMatchObject({ status: 'completed', trackedDownloadState: 'importPending', sizeleft: 0 });

    radarr.control.advance(10_000);
    expect((await call<Rec[]>(radarr, '/api/v3/queue/details')).body).toHaveLength(0);
    const movie = (await call<Rec>(radarr, `/api/v3/movie/${movieId}`)).body;
    expect(movie.hasFile).toBe(true);
    const history = (await call<Rec[]>(radarr, `/api/v3/history/movie?movieId=${movieId}`)).body;
    expect(history.map((record) => record.eventType)).toEqual(['downloadFolderImported', 'grabbed']);
    expect(history[0]!.downloadId).toBe(grabbed.downloadId);
  });
});
