/**
 * `/notify me` end to end: the real discord.js against the fake Discord, the real monitor over the
 * simulated Radarr and Sonarr. Subscriptions to a series, a season or an episode; the import of a
 * season pack (one `download.imported` event with every episode) tells each waiting member once,
 * by DM through the notifier's outbox; closed DMs (Discord's 50007) go to the channel with a
 * mention; a DM Discord fails with a 5xx is retried on the outbox's backoff timer, with no event to
 * wake it; adding through the bot subscribes the requester unless configured not to.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeCommandOption, InteractionRecord, StoredMessage } from './fake-discord/fake-discord.ts';
import { acknowledgedAfter, ADMIN, ALICE, answerText, command, customIds, DEFAULT_PERMISSIONS, INTEGER, MOD, option, startHarness, STRING, sub, type Harness } from './helpers/manage-harness.ts';
import { waitFor } from './helpers/wait-for.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function choices(record: InteractionRecord): { name: string; value: string | number }[] {
  return (record.callbacks[0]?.data as { choices?: { name: string; value: string | number }[] } | undefined)?.choices ?? [];
}

function dms(h: Harness, userId: string | undefined): StoredMessage[] {
  const channel = h.discord.dmChannels.get(userId ?? '');
  return channel === undefined ? [] : h.discord.channelMessages(channel);
}

interface Episode {
  id: number;
  seasonNumber: number;
  episodeNumber: number;
  hasFile: boolean;
}

/** A series with a season of at least four episodes without a file, and those episodes. */
function seasonWithoutFiles(h: Harness): { seriesId: number; title: string; season: number; episodes: Episode[] } {
  for (const series of h.sonarr.control.series() as { id: number; title: string }[]) {
    const missing = (h.sonarr.control.episodes(series.id) as unknown as Episode[]).filter((episode) => !episode.hasFile && episode.seasonNumber > 0);
    for (const season of new Set(missing.map((episode) => episode.seasonNumber))) {
      const episodes = missing.filter((episode) => episode.seasonNumber === season).sort((a, b) => a.episodeNumber - b.episodeNumber);
      if (episodes.length >= 4) return { seriesId: series.id, title: series.title, season, episodes };
    }
  }
  throw new Error('the simulated Sonarr has no season of four episodes without a file');
}

const code = (season: number, episode: number) => `S${String(season).padStart(2, '0')}E${String(episode).padStart(2, '0')}`;

describe('/notify me for a season or an episode', () => {
  it('tells an episode subscriber and a season subscriber once each when the season pack holding it is imported', async () => {
    harness = await startHarness();
    const h = harness;
    const { seriesId, title, season, episodes } = seasonWithoutFiles(h);
    const [wanted, , , left] = episodes as [Episode, Episode, Episode, Episode];
    const series = option('title', `lib:sonarr:${seriesId}`);
    const episodeAnswer = await command(h, 'notify', [sub('me', [series, option('season', season, INTEGER), option('episode', wanted.episodeNumber, INTEGER)])], ALICE);
    expect(answerText(episodeAnswer)).toContain(`You will be told when **${title} · ${code(season, wanted.episodeNumber)}** is imported.`);
    const seasonAnswer = await command(h, 'notify', [sub('me', [series, option('season', season, INTEGER)])], MOD);
    expect(answerText(seasonAnswer)).toContain(`**${title} · season ${season}**`);
    // An episode the pack does not hold: its subscriber hears nothing.
    await command(h, 'notify', [sub('me', [series, option('season', season, INTEGER), option('episode', left.episodeNumber, INTEGER)])], ADMIN);

    const pack = episodes.filter((episode) => episode !== left);
    h.sonarr.control.grab({ seriesId, episodeIds: pack.map((episode) => episode.id), size: 4_000_000_000, bytesPerSecond: 400_000_000 });
    await waitFor(() => dms(h, ALICE.id).length > 0 && dms(h, MOD.id).length > 0, 40_000, 'the DMs of the pack');
    // Long enough for any later event of the pack (simulated minutes) to have come.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(dms(h, ALICE.id)).toHaveLength(1);
    expect(dms(h, MOD.id)).toHaveLength(1);
    expect(dms(h, ADMIN.id)).toHaveLength(0);
    expect(dms(h, ALICE.id)[0]?.content).toContain(`**${title} · ${code(season, wanted.episodeNumber)}** is ready: imported on \`sonarr\``);
    expect(dms(h, MOD.id)[0]?.content).toContain(`**${title} · season ${season}** is ready`);
    // The DM carries the import's embed (the pack's episodes), without buttons.
    expect(JSON.stringify(dms(h, MOD.id)[0]?.embeds)).toContain(`Season ${season} (${pack.length} episodes)`);
    expect(dms(h, MOD.id)[0]?.components).toEqual([]);

    // The episode's subscription ended with its import; the season's lasts; the other episode's waits.
    expect(answerText(await command(h, 'notify', [sub('list')], ALICE, false))).toContain('You are not waiting for anything');
    expect(answerText(await command(h, 'notify', [sub('list')], MOD, false))).toContain(`${title} · season ${season}`);
    expect(answerText(await command(h, 'notify', [sub('list')], ADMIN, false))).toContain(code(season, left.episodeNumber));
  }, 90_000);

  it('autocompletes the seasons and episodes of the chosen series, and refuses what the series does not have', async () => {
    harness = await startHarness();
    const h = harness;
    const { seriesId, season, episodes } = seasonWithoutFiles(h);
    const series = option('title', `lib:sonarr:${seriesId}`);
    const complete = async (focused: FakeCommandOption, others: FakeCommandOption[]) => {
      const record = await h.discord.waitForResponse(h.discord.dispatchInteraction({ type: 'autocomplete', name: 'notify', options: [sub('me', [series, ...others, { ...focused, focused: true }])], member: ALICE }));
      expect(acknowledgedAfter(h.discord, record)).toBeLessThan(3000);
      return choices(record);
    };
    const seasons = await complete(option('season', '', INTEGER), []);
    expect(seasons).toContainEqual({ name: `Season ${season}`, value: season });
    const listed = await complete(option('episode', '', INTEGER), [option('season', season, INTEGER)]);
    for (const episode of episodes) expect(listed.map((choice) => choice.value)).toContain(episode.episodeNumber);
    expect(listed[0]?.name).toMatch(/^Episode \d+/);

    expect(answerText(await command(h, 'notify', [sub('me', [series, option('season', 99, INTEGER)])], ALICE))).toContain('has no season 99');
    expect(answerText(await command(h, 'notify', [sub('me', [series, option('season', season, INTEGER), option('episode', 999, INTEGER)])], ALICE))).toContain(`has no episode 999 in season ${season}`);
    expect(answerText(await command(h, 'notify', [sub('me', [series, option('episode', 1, INTEGER)])], ALICE))).toContain('Choose the season of the episode too');
    const movieId = h.radarr.control.missingMovieIds()[0] ?? 1;
    expect(answerText(await command(h, 'notify', [sub('me', [option('title', `lib:radarr:${movieId}`), option('season', 1, INTEGER)])], ALICE))).toContain('only be chosen for a series');

    // Cancel works per subscription: the season's goes, the series' stays.
    await command(h, 'notify', [sub('me', [series])], ALICE);
    await command(h, 'notify', [sub('me', [series, option('season', season, INTEGER)])], ALICE);
    const cancelChoices = choices(await h.discord.waitForResponse(h.discord.dispatchInteraction({ type: 'autocomplete', name: 'notify', options: [sub('cancel', [{ name: 'title', type: STRING, value: 'season', focused: true }])], member: ALICE })));
    expect(cancelChoices).toHaveLength(1);
    const cancelled = await command(h, 'notify', [sub('cancel', [option('title', String(cancelChoices[0]?.value))])], ALICE, false);
    expect(answerText(cancelled)).toContain(`season ${season}`);
    const list = answerText(await command(h, 'notify', [sub('list')], ALICE, false));
    expect(list).not.toContain(`season ${season}`);
    expect(list).toContain('sonarr');
  }, 60_000);
});

describe('delivery of /notify me through the outbox', () => {
  it('retries a DM Discord failed with a 5xx on the backoff timer, with no new event to wake it', async () => {
    harness = await startHarness();
    const h = harness;
    const movieId = h.radarr.control.missingMovieIds()[0] ?? 1;
    await command(h, 'notify', [sub('me', [option('title', `lib:radarr:${movieId}`)])], ALICE);
    // The DM channel Discord would open for her (the same on every open): its messages fail eight times.
    const opened = await fetch(`${h.discord.restApi}/v10/users/@me/channels`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ recipient_id: ALICE.id }) });
    const dm = ((await opened.json()) as { id: string }).id;
    // discord.js tries a 5xx four times itself: eight failures are two of the outbox's attempts.
    // The id is Discord's snowflake (digits only).
    // eslint-disable-next-line security/detect-non-literal-regexp
    h.discord.failNext(8, { status: 502, method: 'POST', pathPattern: new RegExp(`^/channels/${dm}/messages$`) });
    h.radarr.control.grab({ movieId, size: 3_000_000_000, bytesPerSecond: 300_000_000 });
    const retries = () => h.logs.lines.filter((line) => line.includes('notification not delivered; will retry') && line.includes(`user:${ALICE.id ?? ''}`)).length;
    await waitFor(() => retries() >= 1, 40_000, 'the first failed DM');
    // No event can come any more: only the outbox's own timer can send it now.
    await h.monitor.stop();
    await waitFor(() => h.discord.channelMessages(dm).length > 0, 20_000, 'the DM after the retries');
    expect(h.discord.failedCount()).toBe(8);
    expect(retries()).toBe(2);
    expect(h.discord.channelMessages(dm)).toHaveLength(1);
    expect(h.discord.channelMessages(dm)[0]?.content).toContain('is ready: imported on `radarr`');
  }, 60_000);

  it('tells a member whose DMs are closed in the channel they asked in, mentioning only them, once', async () => {
    harness = await startHarness();
    const h = harness;
    h.discord.setDmsClosed(ALICE.id ?? '', true);
    const { seriesId, title, season, episodes } = seasonWithoutFiles(h);
    await command(h, 'notify', [sub('me', [option('title', `lib:sonarr:${seriesId}`), option('season', season, INTEGER)])], ALICE);
    h.sonarr.control.grab({ seriesId, episodeIds: episodes.map((episode) => episode.id), size: 4_000_000_000, bytesPerSecond: 400_000_000 });
    const channel = h.discord.guilds[0]?.channels[0]?.id ?? '';
    const mentions = () => h.discord.channelMessages(channel).filter((message) => message.content.startsWith(`<@${ALICE.id ?? ''}>`));
    await waitFor(() => mentions().length > 0, 40_000, 'the mention');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(mentions()).toHaveLength(1);
    expect(mentions()[0]?.content).toContain(`**${title} · season ${season}** is ready`);
    const post = h.discord.requests.find((request) => request.method === 'POST' && request.path === `/channels/${channel}/messages` && JSON.stringify(request.body).includes(`<@${ALICE.id ?? ''}>`));
    expect((post?.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [], roles: [], users: [ALICE.id] });
    // Discord refused the DM (50007) before: nothing is in her DM channel.
    expect(dms(h, ALICE.id)).toHaveLength(0);
  }, 60_000);
});

describe('adding through the bot', () => {
  async function addArrival(h: Harness): Promise<string> {
    const search = await command(h, 'movie', [sub('search', [option('title', 'Arrival')])], MOD);
    const form = customIds(await h.discord.waitForResponse(h.discord.dispatchInteraction({ type: 'button', customId: customIds(search).find((id) => id.startsWith('m:add:')) ?? '', member: MOD }), { edited: true, timeoutMs: 20_000 }));
    const done = await h.discord.waitForResponse(h.discord.dispatchInteraction({ type: 'button', customId: form.find((id) => id.startsWith('m:as:')) ?? '', member: MOD }), { edited: true, timeoutMs: 20_000 });
    return answerText(done);
  }

  it('subscribes the requester, who is told by DM when the movie is imported', async () => {
    harness = await startHarness();
    const h = harness;
    expect(await addArrival(h)).toContain('You will be told when it is imported.');
    const movie = (h.radarr.control.movies() as { id: number; title: string }[]).find((one) => one.title === 'Arrival');
    h.radarr.control.grab({ movieId: movie?.id ?? 0, size: 3_000_000_000, bytesPerSecond: 300_000_000 });
    await waitFor(() => dms(h, MOD.id).length > 0, 40_000, 'the DM');
    expect(dms(h, MOD.id)[0]?.content).toContain('**Arrival** is ready: imported on `radarr`');
  }, 60_000);

  it('does not subscribe the requester when subscribeOnAdd is false', async () => {
    harness = await startHarness({ permissions: { ...DEFAULT_PERMISSIONS, subscribeOnAdd: false } });
    const h = harness;
    const added = await addArrival(h);
    expect(added).toContain('Added **Arrival**');
    expect(added).not.toContain('You will be told');
    expect(answerText(await command(h, 'notify', [sub('list')], MOD, false))).toContain('You are not waiting for anything');
  }, 60_000);
});
