/**
 * The failed alert of a download the app keeps in its queue, end to end: a download put in the client
 * by hand, which Radarr never grabbed, fails in the client; Radarr only warns and keeps it (Radarr
 * master: src/NzbDrone.Core/Download/FailedDownloadService.cs Check). The bot posts one failed alert
 * with Radarr's message, and the alert's own Remove button, then Confirm, removes it from the queue.
 * Real discord.js against the fake Discord, the simulated Radarr through the monitor's SDK client.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NOTIFY } from './helpers/bot-config.ts';
import { ADMIN, answerText, API_KEY, customIds, startHarness, type Harness } from './helpers/manage-harness.ts';
import { waitFor } from './helpers/wait-for.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const RADARR_WARNING = "Download has failed wasn't grabbed by Radarr, skipping automatic download handling";

async function queueIds(h: Harness): Promise<string[]> {
  const response = await fetch(`${h.radarr.url}/api/v3/queue?pageSize=1000`, { headers: { 'X-Api-Key': API_KEY } });
  const page = (await response.json()) as { records: { downloadId?: string }[] };
  return page.records.map((record) => record.downloadId ?? '');
}

describe('the failed alert of a download the app never grabbed', () => {
  it('is posted once with the app\'s message, and its Remove button removes the download', async () => {
    harness = await startHarness();
    const { discord, radarr } = harness;
    const movieId = radarr.control.missingMovieIds()[0] ?? 1;
    const own = radarr.control.addClientDownload({ movieId, size: 2_000_000_000, bytesPerSecond: 100_000_000, fate: { kind: 'fail', atFraction: 0.2, message: 'Aborted, cannot be completed' } });
    const removeId = `action:remove:radarr:${own.downloadId}`;
    const alerts = () => discord.channelMessages(NOTIFY).filter((message) => JSON.stringify(message.components).includes(removeId));
    await waitFor(() => alerts().length > 0, 20_000, 'the failed alert');
    const [alert] = alerts();
    expect(JSON.stringify(alert?.embeds)).toContain(RADARR_WARNING);
    expect(JSON.stringify(alert?.embeds)).toContain('Download failed');
    expect(await queueIds(harness)).toContain(own.downloadId);

    const prompt = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: removeId, member: ADMIN }));
    const confirm = customIds(prompt).find((id) => id.startsWith('m:ok:')) ?? '';
    const done = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: confirm, member: ADMIN }), { edited: true, timeoutMs: 10_000 });
    expect(answerText(done)).toMatch(/Removed \*\*.+\*\* from `radarr`/);
    expect(await queueIds(harness)).not.toContain(own.downloadId);
    // Still one alert for it, whatever the monitor read afterwards.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(alerts()).toHaveLength(1);
    expect(harness.monitor.snapshot().instances.find((one) => one.name === 'radarr')?.queue.map((item) => item.download.downloadId)).not.toContain(own.downloadId);
  }, 60_000);

  it('says that nothing was blocklisted when its Blocklist button is used, since the app has no grab to blocklist, and removes it', async () => {
    harness = await startHarness();
    const { discord, radarr } = harness;
    const movieId = radarr.control.missingMovieIds()[0] ?? 1;
    const own = radarr.control.addClientDownload({ movieId, size: 2_000_000_000, bytesPerSecond: 100_000_000, fate: { kind: 'fail', atFraction: 0.2, message: 'Aborted, cannot be completed' } });
    const blocklistId = `action:blocklist:radarr:${own.downloadId}`;
    const removeId = `action:remove:radarr:${own.downloadId}`;
    const alerts = () => discord.channelMessages(NOTIFY).filter((message) => JSON.stringify(message.components).includes(removeId));
    await waitFor(() => alerts().length > 0, 20_000, 'the failed alert');
    // The alert offers no blocklist; /queue's picker (or an older alert) still can, so the action answers for itself.
    expect(JSON.stringify(alerts()[0]?.components)).not.toContain(blocklistId);

    const prompt = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: blocklistId, member: ADMIN }));
    // "Blocklist only": no search, so the outcome is the blocklist's alone.
    const only = customIds(prompt).find((id) => id.startsWith('m:ok2:')) ?? '';
    expect(only).not.toBe('');
    const done = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: only, member: ADMIN }), { edited: true, timeoutMs: 10_000 });
    expect(answerText(done)).toMatch(/Removed \*\*.+\*\* from `radarr`\. Nothing was blocklisted: `radarr` did not grab this download/);
    expect(answerText(done)).not.toMatch(/^Blocklisted/);
    expect(await queueIds(harness)).not.toContain(own.downloadId);
    const blocklist = (await (await fetch(`${radarr.url}/api/v3/blocklist?pageSize=100`, { headers: { 'X-Api-Key': API_KEY } })).json()) as { totalRecords: number };
    expect(blocklist.totalRecords).toBe(0);
  }, 60_000);
});
