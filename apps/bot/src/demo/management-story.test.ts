import { startRadarrSimulator, type RadarrSimulator } from '@discarr/arr-simulator';
import { createMemoryStore, createMonitor, type Monitor } from '@discarr/monitor';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '../../test/helpers/capture-logger.ts';
import { createRecordingSink } from '../../test/helpers/recording-sink.ts';
import { runManagementStory } from './management-story.ts';

let radarr: RadarrSimulator | undefined;
let monitor: Monitor | undefined;
afterEach(async () => {
  await monitor?.stop();
  await radarr?.close();
});

describe('the demo management story', () => {
  it('adds a movie, approves a blocked import and removes a failed download from its alert, as a user would', async () => {
    radarr = await startRadarrSimulator({ seed: 7, speed: 30 });
    const sim = radarr;
    monitor = createMonitor({ instances: [{ name: 'radarr', kind: 'radarr', baseUrl: sim.url, apiKey: sim.apiKey }], store: createMemoryStore() });
    await monitor.start();
    // The failed alert the user reacts to: one, in Radarr's words (Radarr master:
    // src/NzbDrone.Core/Download/FailedDownloadService.cs Check warns about a download it never grabbed).
    const failures: { downloadId: string; reason: string }[] = [];
    monitor.on('download.failed', (event) => {
      failures.push({ downloadId: event.download.downloadId, reason: event.reason });
    });
    const failing = sim.control.missingMovieIds()[0];
    const sink = createRecordingSink();
    const logs = captureLogger();
    const before = sim.control.movies().length;
    await runManagementStory({ monitor, radarr: sim, sink, channel: '1', logger: logs.logger, stepMs: 4000 });
    const titles = sink.sends('1').map((call) => call.message.embeds[0]?.title ?? '');
    expect(titles).toEqual([expect.stringMatching(/^👤 alice: \/movie search Arrival → Add$/), expect.stringMatching(/^👤 alice: Manual import/), expect.stringMatching(/^👤 alice: Remove .* → Confirm$/)]);
    expect(failures).toEqual([{ downloadId: expect.any(String) as string, reason: "Download has failed wasn't grabbed by Radarr, skipping automatic download handling" }]);
    expect(titles[2]).toContain((sim.control.movies() as { id: number; title: string }[]).find((movie) => movie.id === failing)?.title);
    expect(JSON.stringify(sink.sends('1')[1]?.message)).toContain(': completed.');
    expect(sim.control.movies().length).toBe(before + 1);
    expect(sim.control.queue().map((record) => record.downloadId)).not.toContain(failures[0]?.downloadId);
    expect(sim.control.queue()).toHaveLength(1); // the new movie's search; the blocked and failed downloads are gone
  }, 40_000);
});
