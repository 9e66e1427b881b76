/** The webhooks the apps send for imports and blocked imports, shape for shape, against their sources. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Rec } from '../test/http.ts';
import { startRadarrSimulator, startSonarrSimulator, type SimulatorHandle, type SimulatorOptions } from './index.ts';

const handles: SimulatorHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((handle) => handle.close()));
});

/** Starts an instance whose webhooks are captured. */
async function capture<T extends SimulatorHandle>(start: (options: SimulatorOptions) => Promise<T>): Promise<{ sim: T; payloads: Rec[] }> {
  const payloads: Rec[] = [];
  const sim = await start({
    fetch: (_url, init) => {
      payloads.push(JSON.parse(typeof init?.body === 'string' ? init.body : 'null') as Rec);
      return Promise.resolve(new Response(null));
    },
  });
  handles.push(sim);
  sim.control.webhooks.setTargets([{ url: 'http://127.0.0.1:9/hook' }]);
  return { sim, payloads };
}

describe('webhook fidelity', () => {
  it('sends Radarr ManualInteractionRequired for an unmatched download without a movie', async () => {
    // Radarr master: src/NzbDrone.Core/Download/CompletedDownloadService.cs (title mismatch → SetStateToImportBlocked),
    // src/NzbDrone.Core/Notifications/Webhook/WebhookBase.cs (GetMovie(null) → null, left out by STJson),
    // WebhookGrabbedRelease.cs (no grab history: only the size).
    const { sim, payloads } = await capture(startRadarrSimulator);
    const stray = sim.control.grab({ unknown: true, title: 'Home.Video.2020.1080p', size: 1024, bytesPerSecond: 1024 });
    sim.control.advance(120_000);
    await sim.control.webhooks.idle();
    const blocked = payloads.filter((payload) => payload.eventType === 'ManualInteractionRequired');
    expect(blocked).toHaveLength(1);
    expect(blocked[0]).not.toHaveProperty('movie');
    expect(blocked[0]).toMatchObject({
      downloadId: stray.downloadId,
      downloadInfo: { title: 'Home.Video.2020.1080p', size: 1024 },
      downloadStatus: 'Warning',
      downloadStatusMessages: [{ title: 'Home.Video.2020.1080p', messages: ['Movie title mismatch, automatic import is not possible. Manual Import required.'] }],
      release: { size: 0 },
    });
  });

  it('sends Sonarr ManualInteractionRequired for an unmatched download without a series and with no episodes', async () => {
    // Sonarr main: src/NzbDrone.Core/Download/CompletedDownloadService.cs, Notifications/Webhook/WebhookBase.cs
    // (BuildManualInteractionRequiredPayload: remoteEpisode.Episodes is empty), WebhookGrabbedRelease.cs.
    const { sim, payloads } = await capture(startSonarrSimulator);
    sim.control.grab({ unknown: true, title: 'Some.Show.S01E01.720p', size: 1024, bytesPerSecond: 1024 });
    sim.control.advance(120_000);
    await sim.control.webhooks.idle();
    const blocked = payloads.find((payload) => payload.eventType === 'ManualInteractionRequired')!;
    expect(blocked).not.toHaveProperty('series');
    expect(blocked).toMatchObject({ episodes: [], release: { releaseType: 'unknown' }, downloadStatusMessages: [{ messages: [expect.stringContaining('Series title mismatch') as unknown] }] });
  });

  it('sends the Radarr Download webhook with the grabbed release only: title, indexer, size, flags', async () => {
    // Radarr master: WebhookBase.cs BuildOnDownloadPayload (new WebhookGrabbedRelease(message.Release, …)), WebhookGrabbedRelease.cs.
    const { sim, payloads } = await capture(startRadarrSimulator);
    const movieId = sim.control.missingMovieIds()[0]!;
    const grabbed = sim.control.grab({ movieId, size: 1024, bytesPerSecond: 1024 });
    sim.control.advance(120_000);
    await sim.control.webhooks.idle();
    const download = payloads.find((payload) => payload.eventType === 'Download')!;
    const grab = payloads.find((payload) => payload.eventType === 'Grab')!;
    expect(download.release).toEqual({ releaseTitle: grabbed.title, indexer: expect.any(String) as unknown, size: 1024, indexerFlags: [] });
    // The Grab webhook keeps the full release (quality, group, custom formats, languages).
    expect(grab.release).toMatchObject({ releaseTitle: grabbed.title, quality: expect.any(String) as unknown, releaseGroup: expect.any(String) as unknown });
  });
});
