/**
 * Queue actions end to end: the alerts' buttons and `/queue`'s picker, through the real discord.js
 * against the fake Discord, acting on a simulated Radarr through the monitor's SDK client.
 * Permissions, confirmations (expiry, double click), blocklist, manual import, an instance down.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createVirtualClock } from './helpers/virtual-clock.ts';
import { acknowledgedAfter, ADMIN, ALICE, answerText, API_KEY, AUDIT, customIds, MOD, startHarness, type Harness } from './helpers/manage-harness.ts';
import { waitFor } from './helpers/wait-for.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Grabs a movie that is not on disk and waits until the monitor sees it in the queue. */
async function grabMovie(h: Harness, fate?: Parameters<Harness['radarr']['control']['grab']>[0]['fate']): Promise<{ downloadId: string; title: string }> {
  const movieId = h.radarr.control.missingMovieIds()[0] ?? 1;
  const grabbed = h.radarr.control.grab({ movieId, size: 4_000_000_000, bytesPerSecond: 400_000_000, ...(fate === undefined ? {} : { fate }) });
  await waitFor(() => h.monitor.snapshot().instances[0]?.queue.some((item) => item.download.downloadId === grabbed.downloadId) === true, 10_000, 'the grab in the snapshot');
  return grabbed;
}

async function queueIds(h: Harness): Promise<string[]> {
  const response = await fetch(`${h.radarr.url}/api/v3/queue?pageSize=1000`, { headers: { 'X-Api-Key': API_KEY } });
  const page = (await response.json()) as { records: { downloadId?: string }[] };
  return page.records.map((record) => record.downloadId ?? '');
}

describe('queue actions from the alerts’ buttons', () => {
  it('refuses a member without manage, ephemerally, naming the capability, and audits it', async () => {
    harness = await startHarness();
    const { downloadId } = await grabMovie(harness);
    const record = await harness.discord.waitForResponse(harness.discord.dispatchInteraction({ type: 'button', customId: `action:remove:radarr:${downloadId}`, member: ALICE }));
    expect(record.callbacks[0]).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(answerText(record)).toContain('**manage (act on downloads, refresh)** permission on `radarr`');
    expect(acknowledgedAfter(harness.discord, record)).toBeLessThan(3000);
    expect(await queueIds(harness)).toContain(downloadId);
    await waitFor(() => harness?.discord.channelMessages(AUDIT).length === 1, 5000, 'the audit line');
    expect(harness.discord.channelMessages(AUDIT)[0]?.content).toMatch(/⛔ <@900000000000000002> `queue.remove` on `radarr` → refused: missing manage/);
  }, 30_000);

  it('removes after confirmation, once, however often Confirm is clicked', async () => {
    harness = await startHarness();
    const { discord } = harness;
    const { downloadId } = await grabMovie(harness);
    const prompt = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: `action:remove:radarr:${downloadId}`, member: ADMIN }));
    expect(prompt.callbacks[0]).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(answerText(prompt)).toContain('Remove from the queue and the download client?');
    const confirm = customIds(prompt).find((id) => id.startsWith('m:ok:')) ?? '';
    const first = discord.dispatchInteraction({ type: 'button', customId: confirm, member: ADMIN });
    const second = discord.dispatchInteraction({ type: 'button', customId: confirm, member: ADMIN });
    await discord.waitForResponse(first, { edited: true, timeoutMs: 10_000 });
    await discord.waitForResponse(second);
    expect(first.callbacks[0]?.type).toBe(6);
    expect(answerText(first)).toMatch(/Removed \*\*.+\*\* from `radarr`/);
    expect(second.callbacks[0]).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(answerText(second)).toMatch(/Already in progress|Already done/);
    const third = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: confirm, member: ADMIN }));
    expect(answerText(third)).toContain('Already done: Removed');
    for (const record of [prompt, first, second, third]) expect(acknowledgedAfter(discord, record)).toBeLessThan(3000);
    expect(await queueIds(harness)).not.toContain(downloadId);
    // One DELETE reached the app: the double click did not act twice.
    expect(harness.radarr.control.requestCounts()['DELETE /api/v3/queue/{id}']).toBe(1);
    await waitFor(() => discord.channelMessages(AUDIT).some((message) => message.content.includes('`queue.remove` on `radarr`') && message.content.includes('→ done')), 5000, 'the audit line');
    expect(harness.logs.text()).toContain('"action":"queue.remove"');
    expect(harness.logs.text()).not.toContain(API_KEY);
  }, 30_000);

  it('warns at start about a granted role the guild does not have', async () => {
    harness = await startHarness({ permissions: { everyone: ['read'], grants: [{ roles: ['500000000000000077'], capabilities: ['manage'] }], subscribeOnAdd: true } });
    await waitFor(() => harness?.logs.text().includes('role 500000000000000077 exists in none of the bot') === true, 5000, 'the warning');
  }, 30_000);

  it('lets a confirmation expire after 60 s without acting', async () => {
    const clock = createVirtualClock(Date.now());
    harness = await startHarness({ clock });
    const { discord } = harness;
    const { downloadId } = await grabMovie(harness);
    const prompt = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: `action:remove:radarr:${downloadId}`, member: ADMIN }));
    await clock.advance(61_000);
    const late = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: customIds(prompt).find((id) => id.startsWith('m:ok:')) ?? '', member: ADMIN }));
    expect(late.callbacks[0]?.type).toBe(7);
    expect(answerText(late)).toContain('This confirmation has expired');
    expect(await queueIds(harness)).toContain(downloadId);
  }, 30_000);

  it('lets a member of a granted role blocklist and search again, and not on an instance the grant does not cover', async () => {
    harness = await startHarness();
    const { discord } = harness;
    const { downloadId } = await grabMovie(harness, { kind: 'stall', atFraction: 0.2 });
    const prompt = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: `action:blocklist:radarr:${downloadId}`, member: MOD }));
    const ids = customIds(prompt);
    expect(ids.some((id) => id.startsWith('m:ok2:'))).toBe(true);
    const done = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: ids.find((id) => id.startsWith('m:ok:')) ?? '', member: MOD }), { edited: true, timeoutMs: 10_000 });
    expect(answerText(done)).toMatch(/Blocklisted \*\*.+\*\* on `radarr` and started a search for another release/);
    const blocklist = (await (await fetch(`${harness.radarr.url}/api/v3/blocklist?pageSize=100`, { headers: { 'X-Api-Key': API_KEY } })).json()) as { records: { downloadId?: string; sourceTitle?: string }[] };
    expect(blocklist.records.length).toBeGreaterThan(0);
    const commands = (await (await fetch(`${harness.radarr.url}/api/v3/command`, { headers: { 'X-Api-Key': API_KEY } })).json()) as { name: string }[];
    expect(commands.map((command) => command.name)).toContain('MoviesSearch');

    const sonarrSeries = harness.sonarr.control.series()[0] as { id: number };
    const episode = (harness.sonarr.control.episodes(sonarrSeries.id) as { id: number }[])[0];
    const grabbed = harness.sonarr.control.grab({ seriesId: sonarrSeries.id, episodeIds: [episode?.id ?? 1] });
    const refused = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: `action:remove:sonarr:${grabbed.downloadId}`, member: MOD }));
    expect(answerText(refused)).toContain('permission on `sonarr`');
  }, 30_000);

  it('imports a blocked download from the candidates the app offers', async () => {
    harness = await startHarness();
    const { discord, radarr } = harness;
    const { downloadId } = await grabMovie(harness, { kind: 'blockImport', message: 'Not a Custom Format upgrade' });
    await waitFor(() => harness?.monitor.snapshot().instances[0]?.queue.some((item) => item.download.downloadId === downloadId && item.state === 'importBlocked') === true, 20_000, 'the blocked import');
    const offer = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: `action:manualImport:radarr:${downloadId}`, member: ADMIN }), { edited: true, timeoutMs: 10_000 });
    expect(offer.callbacks[0]).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(answerText(offer)).toContain('Not a Custom Format upgrade');
    const select = customIds(offer).find((id) => id.startsWith('m:mi:')) ?? '';
    const chosen = await discord.waitForResponse(discord.dispatchInteraction({ type: 'select', customId: select, values: ['0'], member: ADMIN }), { edited: true, timeoutMs: 15_000 });
    expect(chosen.callbacks[0]?.type).toBe(6);
    expect(answerText(chosen)).toMatch(/Manual import of \*\*.+\*\* on `radarr`: completed/);
    await waitFor(() => !radarr.control.queue().some((record) => (record as { downloadId?: string }).downloadId === downloadId), 10_000, 'the download imported');
    const again = await discord.waitForResponse(discord.dispatchInteraction({ type: 'select', customId: select, values: ['0'], member: ADMIN }));
    expect(answerText(again)).toContain('Already done');
  }, 40_000);

  it('opens a download’s actions from /queue’s picker, for members who may manage it', async () => {
    harness = await startHarness();
    const { discord } = harness;
    const { downloadId } = await grabMovie(harness);
    const queue = await discord.waitForResponse(discord.dispatchInteraction({ type: 'command', name: 'queue', options: [{ name: 'instance', type: 3, value: 'radarr' }], member: ALICE }));
    expect(customIds(queue)).toContain('m:pick');
    const value = `radarr|${downloadId}`;
    const refused = await discord.waitForResponse(discord.dispatchInteraction({ type: 'select', customId: 'm:pick', values: [value], member: ALICE }));
    expect(answerText(refused)).toContain('**manage (act on downloads, refresh)** permission');
    const picked = await discord.waitForResponse(discord.dispatchInteraction({ type: 'select', customId: 'm:pick', values: [value], member: ADMIN }));
    expect(picked.callbacks[0]).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(customIds(picked)).toEqual(expect.arrayContaining([`action:retry:radarr:${downloadId}`, `action:blocklist:radarr:${downloadId}`, `action:remove:radarr:${downloadId}`]));
    const prompt = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: `action:retry:radarr:${downloadId}`, member: ADMIN }));
    expect(answerText(prompt)).toContain('Blocklist the release and search again?');
  }, 30_000);

  it('searches again for a failed download the app already dropped from its queue, from its history', async () => {
    harness = await startHarness();
    const { discord, radarr } = harness;
    const movieId = radarr.control.missingMovieIds()[0] ?? 1;
    const { downloadId } = radarr.control.grab({ movieId, size: 1_000_000_000, bytesPerSecond: 100_000_000, fate: { kind: 'fail', atFraction: 0.2, message: 'Unpacking failed' } });
    // Radarr takes a failed download out of the queue once it has processed the failure.
    await waitFor(() => !radarr.control.queue().some((record) => (record as { downloadId?: string }).downloadId === downloadId), 20_000, 'the failure processed');
    const prompt = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: `action:retry:radarr:${downloadId}`, member: ADMIN }));
    const done = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: customIds(prompt).find((id) => id.startsWith('m:ok:')) ?? '', member: ADMIN }), { edited: true, timeoutMs: 10_000 });
    expect(answerText(done)).toMatch(/Started a search for \*\*.+\*\* on `radarr`/);
    const commands = (await (await fetch(`${radarr.url}/api/v3/command`, { headers: { 'X-Api-Key': API_KEY } })).json()) as { name: string }[];
    expect(commands.map((command) => command.name)).toContain('MoviesSearch');
  }, 40_000);

  it('imports a blocked Sonarr episode with its series and episode', async () => {
    harness = await startHarness();
    const { discord, sonarr } = harness;
    const series = sonarr.control.series()[0] as { id: number };
    const episode = (sonarr.control.episodes(series.id) as { id: number; hasFile?: boolean }[]).find((one) => one.hasFile !== true) ?? { id: 1 };
    const { downloadId } = sonarr.control.grab({ seriesId: series.id, episodeIds: [episode.id], size: 1_000_000_000, bytesPerSecond: 200_000_000, fate: { kind: 'blockImport', message: 'Episode file already imported' } });
    await waitFor(() => sonarr.control.queue().some((record) => (record as { downloadId?: string; trackedDownloadState?: string }).downloadId === downloadId && (record as { trackedDownloadState?: string }).trackedDownloadState === 'importBlocked'), 20_000, 'the blocked import');
    const offer = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: `action:manualImport:sonarr:${downloadId}`, member: ADMIN }), { edited: true, timeoutMs: 10_000 });
    const chosen = await discord.waitForResponse(discord.dispatchInteraction({ type: 'select', customId: customIds(offer).find((id) => id.startsWith('m:mi:')) ?? '', values: ['0'], member: ADMIN }), { edited: true, timeoutMs: 15_000 });
    expect(answerText(chosen)).toMatch(/Manual import of \*\*.+\*\* on `sonarr`: completed/);
  }, 40_000);

  it('tells the user clearly when the instance is down, and logs the detail', async () => {
    harness = await startHarness();
    const { discord } = harness;
    const { downloadId } = await grabMovie(harness);
    const prompt = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: `action:remove:radarr:${downloadId}`, member: ADMIN }));
    await harness.radarr.control.down();
    const done = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: customIds(prompt).find((id) => id.startsWith('m:ok:')) ?? '', member: ADMIN }), { edited: true, timeoutMs: 30_000 });
    expect(answerText(done)).toContain('`radarr` cannot be reached right now');
    expect(acknowledgedAfter(discord, done)).toBeLessThan(3000);
    expect(harness.logs.text()).toContain('queue action failed');
    await harness.radarr.control.up();
  }, 40_000);
});
