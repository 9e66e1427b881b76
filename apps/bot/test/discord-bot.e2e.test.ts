/**
 * The real discord.js client against the fake Discord: login, command registration, the board,
 * notifications, outages, rate limits, restarts and interactions.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BotConfig } from '../src/contracts.ts';
import { COMMAND_NAMES } from '../src/discord/commands.ts';
import { startDiscordBot, type DiscordBot } from '../src/discord/discord-bot.ts';
import { createMetrics } from '../src/metrics.ts';
import { BOARD, GUILD, NOTIFY, TEST_TOKEN, testConfig } from './helpers/bot-config.ts';
import { captureLogger, type CapturedLogger } from './helpers/capture-logger.ts';
import { allEventTypes, episodeImport, instanceSnapshot, makeEvent, snapshotOf } from './helpers/events.ts';
import { createFakeMonitor, type FakeMonitor } from './helpers/fake-monitor.ts';
import { createTestStore, type TestStore } from './helpers/memory-store.ts';
import { createVirtualClock, type VirtualClock } from './helpers/virtual-clock.ts';
import { waitFor } from './helpers/wait-for.ts';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/fake-discord.ts';

const TOKEN = TEST_TOKEN;

let discord: FakeDiscord;
const bots: DiscordBot[] = [];

beforeEach(async () => {
  discord = await startFakeDiscord();
});
afterEach(async () => {
  await Promise.all(bots.splice(0).map((bot) => bot.stop()));
  await discord.close();
});

interface Started {
  bot: DiscordBot;
  store: TestStore;
  monitor: FakeMonitor;
  logs: CapturedLogger;
  metrics: ReturnType<typeof createMetrics>;
  clock: VirtualClock | undefined;
}

async function start(options: { config?: Partial<BotConfig>; store?: TestStore; monitor?: FakeMonitor; clock?: VirtualClock; logs?: CapturedLogger; refreshTimeoutMs?: number; channelLimit?: { requests: number; windowMs: number } } = {}): Promise<Started> {
  const config = testConfig({ ...options.config, discord: { ...testConfig().discord, ...options.config?.discord, token: TOKEN } });
  const store = options.store ?? createTestStore();
  const monitor = options.monitor ?? createFakeMonitor(snapshotOf(instanceSnapshot('radarr', 3), instanceSnapshot('sonarr', 1, { kind: 'sonarr' })));
  const logs = options.logs ?? captureLogger('debug');
  const metrics = createMetrics({ defaultMetrics: false });
  const bot = await startDiscordBot({ config, monitor, store, logger: logs.logger, metrics, restApi: discord.restApi, stopFlushMs: 3000, ...(options.clock === undefined ? {} : { clock: options.clock }), ...(options.refreshTimeoutMs === undefined ? {} : { refreshTimeoutMs: options.refreshTimeoutMs }), channelLimit: options.channelLimit });
  bots.push(bot);
  return { bot, store, monitor, logs, metrics, clock: options.clock };
}

async function stopBot(bot: DiscordBot): Promise<void> {
  bots.splice(bots.indexOf(bot), 1);
  await bot.stop();
}

/** The title of every embed in the channel, in order (a message that waited for the channel limit may carry several). */
function embedTitles(channelId: string): string[] {
  return discord.channelMessages(channelId).flatMap((message) => (message.embeds as { title?: string }[]).map((embed) => embed.title ?? ''));
}

describe('Discord bot against a fake Discord', () => {
  it('logs in with the Guilds intent only, registers guild commands and posts the board', async () => {
    const { bot } = await start();
    expect(bot.isConnected()).toBe(true);
    expect(discord.identifies).toEqual([TOKEN]);
    const puts = discord.requests.filter((request) => request.method === 'PUT');
    expect(puts.map((request) => request.path)).toEqual([`/applications/${discord.applicationId}/guilds/200000000000000001/commands`]);
    expect((puts[0]?.body as { name: string }[]).map((command) => command.name)).toEqual([...COMMAND_NAMES]);
    expect(bot.client.options.intents.bitfield).toBe(1);
    const [board] = discord.channelMessages(BOARD);
    expect(board?.embeds.map((embed) => (embed as { title: string }).title)).toEqual(['🟢 radarr', '🟢 sonarr']);
  });

  it('registers commands globally when configured', async () => {
    await start({ config: { discord: { ...testConfig().discord, globalCommands: true } } });
    expect(discord.requests.filter((request) => request.method === 'PUT').map((request) => request.path)).toEqual([`/applications/${discord.applicationId}/commands`]);
  });

  it('turns each event type into the right notification in the right channel', async () => {
    const routes = [{ channel: NOTIFY }, { channel: BOARD, events: ['download.failed' as const], mentionRoles: ['500000000000000001'] }];
    // The fake Discord here limits nothing: the notifier keeps to a limit as loose (Discord's own 5 per 5 s is tested below and in delivery.test.ts).
    const { monitor, metrics } = await start({ config: { routes }, channelLimit: { requests: 100, windowMs: 1000 } });
    for (const event of allEventTypes()) await monitor.emit(event);
    await waitFor(() => discord.channelMessages(NOTIFY).length === 17 && discord.channelMessages(BOARD).length === 2, 10_000, 'notifications');
    expect(embedTitles(NOTIFY)).toEqual([
      '📥 Grabbed: The Matrix (1999)',
      '⏸️ Download stalled: The Matrix (1999)',
      '✅ Download completed: The Matrix (1999)',
      '🎬 Imported: The Matrix (1999)',
      '❌ Download failed: The Matrix (1999)',
      '🚧 Import blocked: The Matrix (1999)',
      '🗑️ Removed from queue: The Matrix (1999)',
      '⚠️ Health issue',
      '💚 Health issue resolved',
      '🔴 Instance unreachable',
      '🟢 Instance reachable again',
      '🔑 API key rejected',
      '💾 Disk space low',
      '💾 Disk space back to normal',
      '⬆️ Updated',
      '➕ Added: The Matrix (1999)',
      '➖ Deleted: The Matrix (1999)',
    ]);
    const failed = discord.channelMessages(BOARD)[1];
    expect(failed?.content).toBe('<@&500000000000000001>');
    const post = discord.requests.find((request) => request.method === 'POST' && request.path === `/channels/${BOARD}/messages` && (request.body as { content?: string }).content !== undefined);
    expect((post?.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [], roles: ['500000000000000001'] });
    expect(JSON.stringify(failed?.components)).toContain('action:retry:radarr:SABnzbd_nzo_abc123');
    const events = (await metrics.registry.getSingleMetricAsString('discarr_events_total'));
    expect(events).toContain('discarr_events_total{type="download.grabbed",instance="radarr"} 1');
  });

  it('sends a season pack as one message edited as episodes import', async () => {
    const { monitor } = await start();
    for (let episode = 1; episode <= 6; episode += 1) {
      await monitor.emit(episodeImport(episode));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await waitFor(() => embedTitles(NOTIFY)[0]?.includes('(6 episodes)') === true, 5000, 'six episodes');
    expect(discord.channelMessages(NOTIFY)).toHaveLength(1);
    const patches = discord.requests.filter((request) => request.method === 'PATCH' && request.path.startsWith(`/channels/${NOTIFY}/`));
    expect(patches.length).toBeGreaterThanOrEqual(1);
  });

  it('edits the board at most once per interval however fast the monitor changes (virtual time)', async () => {
    const clock = createVirtualClock(Date.now());
    const { monitor } = await start({ clock, config: { board: { minEditIntervalMs: 5000, itemsPerPage: 10 } } });
    const boardId = discord.channelMessages(BOARD)[0]?.id ?? '';
    for (let tick = 0; tick < 120; tick += 1) {
      const instance = instanceSnapshot('radarr', 3);
      const [first] = instance.queue;
      if (first !== undefined) first.percent = tick % 100;
      monitor.setSnapshot(snapshotOf(instance));
      await monitor.emit(makeEvent('download.progress'));
      await clock.advance(500);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await clock.advance(5000);
    await waitFor(() => discord.requests.at(-1)?.at !== undefined && Date.now() - (discord.requests.at(-1)?.at ?? 0) > 50, 5000, 'quiet');
    const patches = discord.requests.filter((request) => request.method === 'PATCH' && request.path === `/channels/${BOARD}/messages/${boardId}`);
    // 60 virtual seconds at one edit per 5 s: at most 13 edits (the first may come at once).
    expect(patches.length).toBeGreaterThanOrEqual(8);
    expect(patches.length).toBeLessThanOrEqual(13);
    expect(discord.channelMessages(BOARD)).toHaveLength(1);
    expect(discord.rateLimitedCount()).toBe(0);
  });

  it('keeps the board across a restart and recreates it when deleted', async () => {
    const first = await start({ config: { board: { minEditIntervalMs: 300, itemsPerPage: 10 } } });
    const [board] = discord.channelMessages(BOARD);
    await stopBot(first.bot);
    first.monitor.setSnapshot(snapshotOf(instanceSnapshot('radarr', 5)));
    const second = await start({ store: first.store, monitor: first.monitor, config: { board: { minEditIntervalMs: 300, itemsPerPage: 10 } } });
    expect(discord.channelMessages(BOARD)).toHaveLength(1);
    const edits = discord.requests.filter((request) => request.method === 'PATCH' && request.path === `/channels/${BOARD}/messages/${board?.id ?? ''}`);
    expect(edits).toHaveLength(1);
    expect(discord.channelMessages(BOARD)[0]?.embeds).toHaveLength(1);

    discord.deleteMessage(BOARD, board?.id ?? '');
    second.monitor.setSnapshot(snapshotOf(instanceSnapshot('radarr', 2)));
    second.bot.board.requestRender();
    await waitFor(() => discord.channelMessages(BOARD).length === 1, 10_000, 'board recreated');
    const recreated = discord.channelMessages(BOARD)[0];
    expect(recreated?.id).not.toBe(board?.id);
    expect(discord.requests.some((request) => request.status === 404 && request.path === `/channels/${BOARD}/messages/${board?.id ?? ''}`)).toBe(true);
    expect((JSON.parse(second.store.data.get(`bot:board:${BOARD}`) ?? '{}') as { messageId?: string }).messageId).toBe(recreated?.id);
  });

  it('loses nothing through a Discord outage (REST 503s and gateway down) and reconnects', async () => {
    const clock = createVirtualClock(Date.now());
    const { bot, monitor, metrics } = await start({ clock });
    discord.setOutage(true);
    const events = Array.from({ length: 20 }, (_, index) => makeEvent('media.added', { media: { mediaType: 'movie', title: `Film ${index}` } }));
    for (const event of events) await monitor.emit(event);
    for (let step = 0; step < 10; step += 1) {
      await clock.advance(2000);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect(discord.channelMessages(NOTIFY)).toHaveLength(0);
    expect(bot.notifier.pending()).toBe(20);
    expect(discord.requests.filter((request) => request.status === 503).length).toBeGreaterThan(0);
    discord.setOutage(false);
    for (let step = 0; step < 200 && embedTitles(NOTIFY).length < 20; step += 1) {
      await clock.advance(5000);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect(embedTitles(NOTIFY).sort()).toEqual(events.map((_, index) => `➕ Added: Film ${index}`).sort());
    expect(bot.notifier.pending()).toBe(0);
    expect(await metrics.registry.getSingleMetricAsString('discarr_notifications_failed_total')).toMatch(/reason="http_503"/);
    await waitFor(() => bot.isConnected(), 20_000, 'gateway reconnect');
  }, 40_000);

  it('obeys 429 storms and delivers everything exactly once', async () => {
    await discord.close();
    discord = await startFakeDiscord({ channelLimit: { limit: 5, windowMs: 400 } });
    // The notifier keeps to the limit this fake Discord enforces (5 per 400 ms); the 429s come on top.
    const { monitor, bot, metrics } = await start({ channelLimit: { requests: 5, windowMs: 400 } });
    discord.rateLimitNext(10, { method: 'POST', retryAfterSeconds: 0.3, pathPattern: /^\/channels\/\d+\/messages$/ });
    const events = Array.from({ length: 40 }, (_, index) => makeEvent('media.added', { media: { mediaType: 'movie', title: `Storm ${index}` } }));
    for (const event of events) await monitor.emit(event);
    await waitFor(() => embedTitles(NOTIFY).length >= 40, 20_000, 'storm delivered');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(embedTitles(NOTIFY)).toEqual(events.map((_, index) => `➕ Added: Storm ${index}`));
    expect(bot.notifier.pending()).toBe(0);
    expect(discord.rateLimitedCount()).toBeGreaterThanOrEqual(10);
    const counted = await metrics.registry.getSingleMetricAsString('discarr_discord_rate_limited_total');
    expect(counted).toMatch(/discarr_discord_rate_limited_total\{route="\/channels\/:id\/messages"\} \d+/);
  }, 30_000);

  it('never re-sends after a restart, even when the monitor repeats its events', async () => {
    const first = await start();
    const events = [makeEvent('download.imported'), makeEvent('health.raised'), makeEvent('instance.up')];
    for (const event of events) await first.monitor.emit(event);
    await waitFor(() => discord.channelMessages(NOTIFY).length === 3, 5000, 'three notifications');
    await stopBot(first.bot);
    const second = await start({ store: first.store, monitor: first.monitor });
    for (const event of events) await second.monitor.emit(event);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(discord.channelMessages(NOTIFY)).toHaveLength(3);
    expect(discord.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${NOTIFY}/messages`)).toHaveLength(3);
  });

  it('holds quiet-hour events and posts one digest when the window ends', async () => {
    const clock = createVirtualClock(Date.parse('2026-01-05T23:00:00Z'));
    const routes = [{ channel: NOTIFY, quietHours: { start: '22:00', end: '07:00', timezone: 'UTC' } }];
    const { monitor } = await start({ clock, config: { routes } });
    await monitor.emit(makeEvent('download.grabbed'));
    await monitor.emit(makeEvent('download.imported'));
    await monitor.emit(makeEvent('instance.down'));
    await waitFor(() => discord.channelMessages(NOTIFY).length === 1, 5000, 'urgent alert');
    expect(embedTitles(NOTIFY)).toEqual(['🔴 Instance unreachable']);
    await clock.advance(7 * 3600_000); // 06:00: still quiet
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(discord.channelMessages(NOTIFY)).toHaveLength(1);
    await clock.advance(3600_000);
    await waitFor(() => discord.channelMessages(NOTIFY).length === 2, 5000, 'digest');
    expect(embedTitles(NOTIFY)[1]).toBe('🌙 While you were away: 2 events');
  });

  it('answers /status, /queue, /health and /diskspace, autocompletes instances and pages with buttons', async () => {
    const monitor = createFakeMonitor(snapshotOf(instanceSnapshot('radarr', 25), instanceSnapshot('radarr-4k', 60), instanceSnapshot('sonarr', 1, { kind: 'sonarr' })));
    const { bot } = await start({ monitor, config: { board: { minEditIntervalMs: 300, itemsPerPage: 10 } } });
    const status = await discord.waitForResponse(discord.dispatchInteraction({ type: 'command', name: 'status' }));
    expect(status.callbacks[0]?.type).toBe(4);
    expect(JSON.stringify(status.callbacks[0]?.data)).toContain('Discarr status: 3/3 instances up');

    const queue = await discord.waitForResponse(discord.dispatchInteraction({ type: 'command', name: 'queue', options: [{ name: 'instance', type: 3, value: 'radarr' }] }));
    const queueData = JSON.stringify(queue.callbacks[0]?.data);
    expect(queueData).toContain('Queue of radarr: 25 downloads');
    expect(queueData).toContain('queue:page:radarr:1');
    const next = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: 'queue:page:radarr:2' }));
    expect(next.callbacks[0]?.type).toBe(7);
    expect(JSON.stringify(next.callbacks[0]?.data)).toContain('Page 3/3');

    const health = await discord.waitForResponse(discord.dispatchInteraction({ type: 'command', name: 'health', options: [{ name: 'instance', type: 3, value: 'sonarr' }] }));
    expect(JSON.stringify(health.callbacks[0]?.data)).toContain('Indexers unavailable due to failures');
    const disks = await discord.waitForResponse(discord.dispatchInteraction({ type: 'command', name: 'diskspace' }));
    expect(JSON.stringify(disks.callbacks[0]?.data)).toContain('93.1 GB free of 931 GB');
    const unknown = await discord.waitForResponse(discord.dispatchInteraction({ type: 'command', name: 'health', options: [{ name: 'instance', type: 3, value: 'lidarr' }] }));
    expect(JSON.stringify(unknown.callbacks[0]?.data)).toContain('No instance is named');

    const complete = await discord.waitForResponse(discord.dispatchInteraction({ type: 'autocomplete', name: 'queue', options: [{ name: 'instance', type: 3, value: 'RAD', focused: true }] }));
    expect(complete.callbacks[0]).toEqual({ type: 8, data: { choices: [{ name: 'radarr', value: 'radarr' }, { name: 'radarr-4k', value: 'radarr-4k' }] } });

    const boardMessage = discord.channelMessages(BOARD)[0];
    const page = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: 'board:page:1', channelId: BOARD, messageId: boardMessage?.id ?? '' }));
    expect(page.callbacks[0]?.type).toBe(6);
    bot.board.requestRender();
    await waitFor(() => JSON.stringify(discord.channelMessages(BOARD)[0]?.embeds).includes('page 2/'), 10_000, 'board page 2');

    const action = await discord.waitForResponse(discord.dispatchInteraction({ type: 'button', customId: 'action:retry:radarr:abc' }));
    expect(action.callbacks[0]?.type).toBe(4);
    expect(action.callbacks[0]?.data?.flags).toBe(64);
    const answeredWithin = discord.requests.filter((request) => request.path.endsWith('/callback'));
    expect(answeredWithin.every((request) => request.status === 204)).toBe(true);
  });

  it('defers a command whose answer needs a read, then edits the answer in (a slow monitor, a 500 ms deadline)', async () => {
    await discord.close();
    discord = await startFakeDiscord({ interactionDeadlineMs: 500 });
    // The fake enforces the deadline: a callback after it is refused as Discord does.
    const late = discord.dispatchInteraction({ type: 'command', name: 'status' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const refused = await fetch(`${discord.restApi}/v10/interactions/${late.id}/${late.token}/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 4, data: { content: 'late' } }) });
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { code: number }).code).toBe(10062);

    // The bot just started: radarr not read yet. Its read takes 1.5 s, three times the deadline.
    const monitor = createFakeMonitor(snapshotOf(instanceSnapshot('radarr', 0, { state: 'unknown', version: undefined, queue: [] }), instanceSnapshot('sonarr', 1, { kind: 'sonarr' })));
    let readDoneAt = 0;
    monitor.onRefresh(async (name) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      monitor.setSnapshot(snapshotOf(instanceSnapshot(name ?? 'radarr', 2), instanceSnapshot('sonarr', 1, { kind: 'sonarr' })));
      readDoneAt = Date.now();
    });
    await start({ monitor });
    const status = await discord.waitForResponse(discord.dispatchInteraction({ type: 'command', name: 'status' }), { edited: true, timeoutMs: 10_000 });
    expect(monitor.refreshes).toEqual(['radarr']);
    // First the deferral (type 5, "thinking"), accepted within the deadline; then the edit with the read's answer.
    expect(status.callbacks).toEqual([{ type: 5, data: expect.anything() as unknown }]);
    const callback = discord.requests.find((request) => request.path === `/interactions/${status.id}/${status.token}/callback`);
    const edit = discord.requests.find((request) => request.method === 'PATCH' && request.path.endsWith(`/${status.token}/messages/@original`));
    expect(callback?.status).toBe(204);
    expect((callback?.at ?? Infinity) - status.dispatchedAt).toBeLessThan(500);
    expect(edit?.status).toBe(200);
    expect(edit?.at ?? 0).toBeGreaterThanOrEqual(readDoneAt);
    expect(status.edits).toHaveLength(1);
    expect(JSON.stringify(status.edits[0])).toContain('Discarr status: 2/2 instances up');

    // Once read, the same command is answered at once from the snapshot, with no refresh.
    const again = await discord.waitForResponse(discord.dispatchInteraction({ type: 'command', name: 'queue', options: [{ name: 'instance', type: 3, value: 'radarr' }] }));
    expect(again.callbacks[0]?.type).toBe(4);
    expect(monitor.refreshes).toEqual(['radarr']);
  });

  it('answers with what it has when the read outlasts the refresh timeout', async () => {
    const monitor = createFakeMonitor(snapshotOf(instanceSnapshot('radarr', 0, { state: 'unknown', version: undefined, queue: [] })));
    monitor.onRefresh(() => new Promise(() => undefined));
    await start({ monitor, refreshTimeoutMs: 300 });
    const health = await discord.waitForResponse(discord.dispatchInteraction({ type: 'command', name: 'health' }), { edited: true });
    expect(health.callbacks[0]?.type).toBe(5);
    expect(health.edits).toHaveLength(1);
  });

  it('never writes the token to its logs', async () => {
    const logs = captureLogger('debug');
    const { monitor, bot } = await start({ logs });
    discord.setOutage(true);
    await monitor.emit(makeEvent('download.failed'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    discord.setOutage(false);
    await bot.notifier.flush(3000);
    await stopBot(bot);
    expect(logs.lines.length).toBeGreaterThan(3);
    expect(logs.text()).not.toContain(TOKEN);
    expect(logs.text()).not.toContain(TOKEN.split('.')[2] ?? 'x');
    expect(logs.text()).not.toContain('interaction-token');
  });

  it('resumes after the gateway drops the connection', async () => {
    const { bot, logs } = await start();
    discord.dropGateway(4000);
    await waitFor(() => logs.text().includes('gateway resumed'), 10_000, 'resume');
    expect(bot.isConnected()).toBe(true);
  });

  it('refuses to start without a token and fails cleanly when Discord cannot be reached', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const common = { monitor: createFakeMonitor(snapshotOf()), store: createTestStore(), logger: captureLogger().logger, metrics };
    await expect(startDiscordBot({ ...common, config: testConfig() })).rejects.toThrow(/discord\.token is missing/);
    const closed = await startFakeDiscord();
    const restApi = closed.restApi;
    await closed.close();
    await expect(
      startDiscordBot({ ...common, config: testConfig({ discord: { ...testConfig().discord, token: TOKEN } }), restApi, readyTimeoutMs: 2000 }),
    ).rejects.toThrow(/could not connect to Discord/);
  });
});

describe('slash command registration against a fake Discord', () => {
  const SECOND = '200000000000000002';
  const LATER = '200000000000000003';
  const guildRoute = (guildId: string) => `/applications/${discord.applicationId}/guilds/${guildId}/commands`;
  const globalRoute = () => `/applications/${discord.applicationId}/commands`;
  const puts = () => discord.requests.filter((request) => request.method === 'PUT').map((request) => request.path);
  const logged = (logs: CapturedLogger) => logs.lines.map((line) => JSON.parse(line) as { level: number; msg: string; guilds?: string[]; guild?: string; count?: number; scope?: string });

  it('with the default config (no guild id), registers in every guild of READY and GUILD_CREATE, and logs which', async () => {
    discord.joinGuild({ id: SECOND, channels: [] });
    const { bot, logs } = await start({ config: { discord: { ...testConfig().discord, guildIds: [] } } });
    // Done before startDiscordBot resolves.
    expect(puts().toSorted()).toEqual([guildRoute(GUILD), guildRoute(SECOND)]);
    expect(discord.commands.get(GUILD)).toEqual([...COMMAND_NAMES]);
    expect(discord.commands.get(SECOND)).toEqual([...COMMAND_NAMES]);
    expect(discord.commands.has('global')).toBe(false);
    expect(bot.commands?.scope).toBe('every guild');
    expect(bot.commands?.registeredGuilds().toSorted()).toEqual([GUILD, SECOND]);
    const line = logged(logs).find((entry) => entry.msg.startsWith('slash commands registered'));
    expect(line).toMatchObject({ msg: 'slash commands registered in 2 guild(s): every guild the bot is in', scope: 'every guild', count: 2 });
    expect(line?.guilds?.toSorted()).toEqual([`Guild ${GUILD} (${GUILD})`, `Guild ${SECOND} (${SECOND})`]);
  });

  it('registers in a guild the bot joins later, and again after it left and was invited back', async () => {
    const { bot, logs } = await start({ config: { discord: { ...testConfig().discord, guildIds: [] } } });
    expect(puts()).toEqual([guildRoute(GUILD)]);
    discord.joinGuild({ id: LATER, channels: [] });
    await waitFor(() => bot.commands?.registeredGuilds().includes(LATER) === true, 5000, 'the commands in the joined guild');
    expect(puts()).toEqual([guildRoute(GUILD), guildRoute(LATER)]);
    expect(logged(logs).find((entry) => entry.guild === `Guild ${LATER} (${LATER})`)).toMatchObject({ msg: 'slash commands registered in a guild the bot joined', count: 2 });

    discord.leaveGuild(LATER);
    await waitFor(() => bot.commands?.registeredGuilds().includes(LATER) === false, 5000, 'the guild forgotten');
    discord.joinGuild({ id: LATER, channels: [] });
    await waitFor(() => puts().length === 3, 5000, 'the commands registered again');
    expect(puts()[2]).toBe(guildRoute(LATER));
    // A guild already registered is not registered twice when the gateway repeats it (a new session).
    discord.dropGateway(1000);
    await waitFor(() => discord.identifies.length === 2 && bot.isConnected(), 10_000, 'a new session');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await bot.commands?.settled();
    expect(puts()).toHaveLength(3);
  });

  it('in no guild yet, says so, then registers in the first guild it joins', async () => {
    discord.leaveGuild(GUILD);
    const { bot, logs } = await start({ config: { discord: { ...testConfig().discord, guildIds: [], boardChannels: [] } } });
    expect(puts()).toEqual([]);
    expect(logged(logs).some((entry) => entry.msg.startsWith('slash commands registered'))).toBe(false);
    expect(logged(logs).find((entry) => entry.msg.startsWith('the bot is in no guild yet'))).toMatchObject({ level: 40, count: 0 });
    discord.joinGuild({ id: LATER, channels: [] });
    await waitFor(() => puts().length === 1, 5000, 'the commands in the joined guild');
    expect(puts()).toEqual([guildRoute(LATER)]);
    expect(bot.commands?.registeredGuilds()).toEqual([LATER]);
  });

  it('with guild ids, registers in those only, not in other or later guilds, and logs a refused one', async () => {
    discord.joinGuild({ id: SECOND, channels: [] });
    const { bot, logs } = await start({ config: { discord: { ...testConfig().discord, guildIds: [SECOND, '200000000000000009'] } } });
    expect(puts().toSorted()).toEqual([guildRoute(SECOND), guildRoute('200000000000000009')]);
    expect([...discord.commands.keys()]).toEqual([SECOND]);
    expect(bot.commands?.scope).toBe('configured guilds');
    const entries = logged(logs);
    expect(entries.find((entry) => entry.msg.startsWith('slash commands registered'))).toMatchObject({ msg: 'slash commands registered in 1 configured guild(s)', guilds: [SECOND], count: 1 });
    expect(entries.find((entry) => entry.msg.startsWith('slash commands NOT registered'))).toMatchObject({ level: 50, guilds: ['200000000000000009'] });
    discord.joinGuild({ id: LATER, channels: [] });
    await waitFor(() => bot.client.guilds.cache.has(LATER), 5000, 'the joined guild');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(puts()).toHaveLength(2);
  });

  it('in global mode, uses the global route only, also when a guild is joined', async () => {
    const { bot, logs } = await start({ config: { discord: { ...testConfig().discord, guildIds: [], globalCommands: true } } });
    expect(puts()).toEqual([globalRoute()]);
    expect(discord.commands.get('global')).toEqual([...COMMAND_NAMES]);
    expect(logged(logs).find((entry) => entry.msg.startsWith('slash commands registered'))).toMatchObject({ scope: 'global' });
    discord.joinGuild({ id: LATER, channels: [] });
    await waitFor(() => bot.client.guilds.cache.has(LATER), 5000, 'the joined guild');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(puts()).toEqual([globalRoute()]);
  });
});
