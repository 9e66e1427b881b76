/**
 * The management commands end to end, through the real discord.js against the fake Discord, on
 * simulated Radarr and Sonarr through the monitor's SDK clients: search and add (autocomplete
 * under a slow instance, validation errors), searches and refresh with the command wait, calendar,
 * wanted pages, /notify me across restarts, /discarr about, the guild restriction.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InteractionRecord } from './fake-discord/fake-discord.ts';
import { acknowledgedAfter, ADMIN, ALICE, answerText, API_KEY, choose, click, command, customIds, MOD, option, startHarness, STRING, sub, type Harness } from './helpers/manage-harness.ts';
import { waitFor } from './helpers/wait-for.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function choices(record: InteractionRecord): { name: string; value: string }[] {
  return (record.callbacks[0]?.data as { choices?: { name: string; value: string }[] } | undefined)?.choices ?? [];
}

async function radarrGet<T>(h: Harness, path: string): Promise<T> {
  return (await (await fetch(`${h.radarr.url}${path}`, { headers: { 'X-Api-Key': API_KEY } })).json()) as T;
}

describe('/movie search and the add form', () => {
  it('autocompletes within 3 s from the cache when the instance is slow', async () => {
    harness = await startHarness();
    const { discord, radarr } = harness;
    const autocomplete = (value: string) => discord.waitForResponse(discord.dispatchInteraction({ type: 'autocomplete', name: 'movie', options: [sub('search', [{ name: 'title', type: STRING, value, focused: true }])], member: ALICE }));
    const warm = await autocomplete('Dune');
    expect(choices(warm).length).toBeGreaterThan(0);
    expect(choices(warm)[0]?.value).toMatch(/^tmdb:\d+$/);
    radarr.control.resetRequestCounts();
    radarr.control.faults.setLatency(5000, 'GET /api/v3/movie/lookup');
    const cached = await autocomplete('Dune');
    const longer = await autocomplete('Dune R');
    for (const record of [cached, longer]) {
      expect(record.callbacks[0]?.type).toBe(8);
      expect(acknowledgedAfter(discord, record)).toBeLessThan(3000);
    }
    expect(choices(cached)).toEqual(choices(warm));
    // Not looked up yet, answered from the earlier lookup of "dune" while the slow one runs behind.
    expect(choices(longer).length).toBeGreaterThan(0);
    for (const choice of choices(longer)) expect(choice.name).toMatch(/^Dune R/);
    expect(radarr.control.requestCounts()['GET /api/v3/movie/lookup'] ?? 0).toBeLessThanOrEqual(1);
    radarr.control.faults.clear();
  }, 30_000);

  it('shows the result, adds it with the chosen profile and folder, subscribes the requester, and adds once', async () => {
    harness = await startHarness();
    const search = await command(harness, 'movie', [sub('search', [option('title', 'Arrival')])], MOD);
    expect(search.callbacks[0]).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(answerText(search)).toContain('Not in the library yet');
    const add = await click(harness, customIds(search).find((id) => id.startsWith('m:add:')) ?? '', MOD, true);
    const form = customIds(add);
    expect(form.some((id) => id.endsWith(':profile'))).toBe(true);
    expect(form.some((id) => id.endsWith(':root'))).toBe(true);
    const monitor = await choose(harness, form.find((id) => id.endsWith(':monitor')) ?? '', ['movieAndCollection'], MOD);
    expect(monitor.callbacks[0]?.type).toBe(7);
    const submit = form.find((id) => id.startsWith('m:as:')) ?? '';
    const done = await click(harness, submit, MOD, true);
    expect(done.callbacks[0]?.type).toBe(6);
    expect(answerText(done)).toMatch(/Added \*\*Arrival\*\* to `radarr` and started a search\. You will be told when it is imported\./);
    const tmdbId = Number(/tmdb:(\d+)/.exec(answerText(search))?.[1]);
    const movies = await radarrGet<{ title: string; addOptions?: unknown }[]>(harness, `/api/v3/movie?tmdbId=${tmdbId}`);
    expect(movies.map((movie) => movie.title)).toEqual(['Arrival']);
    const again = await click(harness, submit, MOD);
    expect(answerText(again)).toContain('Already done');
    const list = await command(harness, 'notify', [sub('list')], MOD, false);
    expect(answerText(list)).toContain('Arrival');
  }, 40_000);

  it('adds a series with the chosen series type through /series search', async () => {
    harness = await startHarness();
    const search = await command(harness, 'series', [sub('search', [option('title', 'Severance')])]);
    expect(answerText(search)).toMatch(/\d+ seasons?/);
    const form = customIds(await click(harness, customIds(search).find((id) => id.startsWith('m:add:')) ?? '', ADMIN, true));
    const typed = await choose(harness, form.find((id) => id.endsWith(':type')) ?? '', ['anime']);
    expect(typed.callbacks[0]?.type).toBe(7);
    await choose(harness, form.find((id) => id.endsWith(':monitor')) ?? '', ['future']);
    const done = await click(harness, form.find((id) => id.startsWith('m:as:')) ?? '', ADMIN, true);
    expect(answerText(done)).toMatch(/Added \*\*Severance\*\* to `sonarr`/);
    const tvdbId = Number(/tvdb:(\d+)/.exec(answerText(search))?.[1]);
    const series = (await (await fetch(`${harness.sonarr.url}/api/v3/series?tvdbId=${tvdbId}`, { headers: { 'X-Api-Key': API_KEY } })).json()) as { id: number; title: string; seriesType: string }[];
    expect(series.map((one) => ({ title: one.title, seriesType: one.seriesType }))).toEqual([{ title: 'Severance', seriesType: 'anime' }]);
    // addOptions.monitor 'future' (Sonarr main: Tv/EpisodeMonitoredService.cs): no episode that aired is monitored.
    const episodes = (await (await fetch(`${harness.sonarr.url}/api/v3/episode?seriesId=${String(series[0]?.id)}`, { headers: { 'X-Api-Key': API_KEY } })).json()) as { airDateUtc: string; monitored: boolean }[];
    const unmonitored = episodes.filter((episode) => !episode.monitored).map((episode) => Date.parse(episode.airDateUtc));
    const monitored = episodes.filter((episode) => episode.monitored).map((episode) => Date.parse(episode.airDateUtc));
    expect(unmonitored.length).toBeGreaterThan(0);
    expect(Math.max(...unmonitored)).toBeLessThanOrEqual(Math.min(...monitored, Number.POSITIVE_INFINITY));
  }, 40_000);

  it('says in plain words why the instance refused an add', async () => {
    harness = await startHarness();
    const search = await command(harness, 'movie', [sub('search', [option('title', 'Solaris')])]);
    const addId = customIds(search).find((id) => id.startsWith('m:add:')) ?? '';
    const first = customIds(await click(harness, addId, ADMIN, true)).find((id) => id.startsWith('m:as:')) ?? '';
    const second = customIds(await click(harness, addId, ADMIN, true)).find((id) => id.startsWith('m:as:')) ?? '';
    await click(harness, first, ADMIN, true);
    const refused = await click(harness, second, ADMIN, true);
    expect(answerText(refused)).toContain('`radarr` refused: already in the library.');
  }, 40_000);

  it('refuses search without request, and lookups reach the user as clear errors when the instance is down', async () => {
    harness = await startHarness({ permissions: { everyone: ['read'], grants: [], subscribeOnAdd: true } });
    const refused = await command(harness, 'movie', [sub('search', [option('title', 'Arrival')])], ALICE, false);
    expect(answerText(refused)).toContain('**request (search and add movies and series)** permission on `radarr`');
    await harness.radarr.control.down();
    const down = await command(harness, 'movie', [sub('search', [option('title', 'Arrival')])]);
    expect(answerText(down)).toContain('`radarr` cannot be reached right now');
    await harness.radarr.control.up();
  }, 40_000);
});

describe('searches, refresh, calendar, wanted, about', () => {
  it('runs /search missing, waits for the command and edits the outcome in', async () => {
    harness = await startHarness();
    const record = await command(harness, 'search', [sub('missing', [option('instance', 'radarr')])], MOD);
    await waitFor(() => answerText(record).includes('completed'), 15_000, 'the command outcome');
    expect(answerText(record)).toContain('Search for missing items on `radarr`: **completed**');
    const commands = await radarrGet<{ name: string }[]>(harness, '/api/v3/command');
    expect(commands.map((one) => one.name)).toContain('MissingMoviesSearch');
  }, 30_000);

  it('searches for one library item chosen by title, and refreshes it', async () => {
    harness = await startHarness();
    const movie = harness.radarr.control.movies()[0] as { id: number; title: string };
    const complete = await harness.discord.waitForResponse(harness.discord.dispatchInteraction({ type: 'autocomplete', name: 'search', options: [sub('item', [{ name: 'title', type: STRING, value: movie.title.slice(0, 4), focused: true }])] }));
    expect(choices(complete).map((choice) => choice.value)).toContain(`lib:radarr:${movie.id}`);
    const searched = await command(harness, 'search', [sub('item', [option('title', `lib:radarr:${movie.id}`)])], MOD);
    await waitFor(() => answerText(searched).includes('completed'), 15_000, 'the search outcome');
    const refreshed = await command(harness, 'refresh', [option('title', movie.title)], MOD);
    await waitFor(() => answerText(refreshed).includes('completed'), 15_000, 'the refresh outcome');
    expect(answerText(refreshed)).toContain(`Refresh of ${movie.title}`);
  }, 30_000);

  it('refuses /refresh without manage and tells when the instance is down during the command', async () => {
    harness = await startHarness();
    const refused = await command(harness, 'refresh', [option('instance', 'sonarr')], MOD, false);
    expect(answerText(refused)).toContain('permission on `sonarr`');
    await harness.radarr.control.down();
    const down = await command(harness, 'refresh', [option('instance', 'radarr')]);
    await waitFor(() => !answerText(down).includes('started'), 20_000, 'the failure');
    expect(answerText(down)).toContain('`radarr` cannot be reached right now');
    const item = await command(harness, 'search', [sub('item', [option('title', 'lib:radarr:1')])], ADMIN);
    expect(answerText(item)).toContain('`radarr` cannot be reached right now');
    await harness.radarr.control.up();
  }, 40_000);

  it('pages /wanted with buttons and shows /calendar by day', async () => {
    harness = await startHarness();
    const wanted = await command(harness, 'wanted', [option('instance', 'radarr')], ALICE);
    const missing = harness.radarr.control.missingMovieIds().length;
    expect(answerText(wanted)).toContain(`Missing: ${missing}`);
    if (missing > 10) {
      const next = customIds(wanted).find((id) => id.endsWith(':1')) ?? '';
      const page = await click(harness, next, ALICE);
      expect(page.callbacks[0]?.type).toBe(7);
      expect(answerText(page)).toContain('Page 2/');
    }
    const calendar = await command(harness, 'calendar', [option('days', 30, 4)], ALICE);
    expect(answerText(calendar)).toContain('Coming up in the next 30 days');
  }, 30_000);

  it('answers /discarr about, and nothing outside the configured guilds', async () => {
    harness = await startHarness();
    const about = await command(harness, 'discarr', [sub('about')], ALICE, false);
    expect(answerText(about)).toMatch(/Version \d+\.\d+\.\d+/);
    expect(answerText(about)).toContain('`radarr` Radarr v6');
    const elsewhere = await harness.discord.waitForResponse(harness.discord.dispatchInteraction({ type: 'command', name: 'status', guildId: '200000000000000099' }));
    expect(elsewhere.callbacks[0]).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(answerText(elsewhere)).toContain('Discarr does not answer in this server.');
  }, 30_000);
});

describe('/notify me', () => {
  it('tells the member by DM exactly once, across restarts', async () => {
    harness = await startHarness();
    const h = harness;
    const movieId = h.radarr.control.missingMovieIds()[0] ?? 1;
    const title = (h.radarr.control.movies() as { id: number; title: string }[]).find((movie) => movie.id === movieId)?.title ?? '';
    const subscribed = await command(h, 'notify', [sub('me', [option('title', `lib:radarr:${movieId}`)])], ALICE);
    expect(answerText(subscribed)).toContain('You will be told when');
    await h.stopBot();
    await h.restart();
    h.radarr.control.grab({ movieId, size: 3_000_000_000, bytesPerSecond: 100_000_000 });
    const dms = () => h.discord.channelMessages(h.discord.dmChannels.get(ALICE.id ?? '') ?? '');
    await waitFor(() => dms().length > 0, 30_000, 'the DM');
    expect(dms()[0]?.content).toContain(`**${title}** is ready: imported on \`radarr\``);
    await h.stopBot();
    await h.restart();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(dms()).toHaveLength(1);
    const list = await command(h, 'notify', [sub('list')], ALICE, false);
    expect(answerText(list)).toContain('You are not waiting for anything');
  }, 60_000);

  it('mentions the member in the channel when their DMs are closed', async () => {
    harness = await startHarness();
    const h = harness;
    h.discord.setDmsClosed(ALICE.id ?? '', true);
    const movieId = h.radarr.control.missingMovieIds()[1] ?? 2;
    await command(h, 'notify', [sub('me', [option('title', `lib:radarr:${movieId}`)])], ALICE);
    h.radarr.control.grab({ movieId, size: 3_000_000_000, bytesPerSecond: 100_000_000 });
    const channel = h.discord.guilds[0]?.channels[0]?.id ?? '';
    await waitFor(() => h.discord.channelMessages(channel).some((message) => message.content.startsWith(`<@${ALICE.id ?? ''}>`)), 30_000, 'the mention');
  }, 60_000);
});
