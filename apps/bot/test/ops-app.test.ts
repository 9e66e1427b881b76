/**
 * The whole bot, composed as `discarr start` runs it: simulated Radarr and Sonarr, the real
 * discord.js client against the fake Discord, the HTTP server on a free port, a state file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startRadarrSimulator, startSonarrSimulator, type RadarrSimulator, type SonarrSimulator } from '@discarr/arr-simulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../src/app.ts';
import { runCli, type CliIo } from '../src/cli/run-cli.ts';
import type { BotConfig } from '../src/contracts.ts';
import { createLogger } from '../src/logging.ts';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/fake-discord.ts';
import { BOARD, GUILD, NOTIFY, TEST_TOKEN, testConfig } from './helpers/bot-config.ts';
import { useTempDir } from './helpers/temp-dir.ts';
import { waitFor } from './helpers/wait-for.ts';

const TOKEN = TEST_TOKEN;
const WEBHOOK_SECRET = 'webhook-secret-for-tests';

const tmp = useTempDir('discarr-app-');
let discord: FakeDiscord;
let radarr: RadarrSimulator;
let sonarr: SonarrSimulator;
const bots: RunningBot[] = [];

beforeEach(async () => {
  discord = await startFakeDiscord();
  radarr = await startRadarrSimulator({ scenario: 'busy', speed: 20, seed: 3 });
  sonarr = await startSonarrSimulator({ scenario: 'idle', speed: 20, seed: 4 });
});
afterEach(async () => {
  await Promise.all(bots.splice(0).map((bot) => bot.stop()));
  await Promise.all([discord.close(), radarr.close(), sonarr.close()]);
});

function output(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    }),
    text: () => chunks.join(''),
  };
}

function config(overrides: Partial<BotConfig> = {}): BotConfig {
  return testConfig({
    discord: { token: TOKEN, guildIds: [], globalCommands: false, boardChannels: [BOARD] },
    instances: [
      { name: 'radarr', kind: 'radarr', baseUrl: radarr.url, apiKey: radarr.apiKey, push: { webhook: { secret: WEBHOOK_SECRET } }, intervals: { queueActiveMs: 500, queueIdleMs: 1000, healthMs: 1000, statusMs: 1000 } },
      { name: 'sonarr', kind: 'sonarr', baseUrl: sonarr.url, apiKey: sonarr.apiKey, intervals: { queueActiveMs: 500, queueIdleMs: 1000, healthMs: 1000, statusMs: 1000 } },
    ],
    notifications: { burstWindowMs: 200, seasonPackWindowMs: 1000 },
    board: { minEditIntervalMs: 200, itemsPerPage: 10 },
    state: { path: join(tmp.path, 'state.json') },
    log: { level: 'debug', pretty: false },
    ...overrides,
  });
}

async function json(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('startBot', () => {
  it('runs the monitor, Discord and the HTTP server together, and stops cleanly', async () => {
    const logs = output();
    const logger = createLogger({ level: 'debug', pretty: false, secrets: [TOKEN, radarr.apiKey, sonarr.apiKey, WEBHOOK_SECRET], destination: logs.stream });
    const bot = await startBot({ config: config(), logger, restApi: discord.restApi });
    bots.push(bot);

    // Healthy once Discord is connected and both instances answered.
    let health = await json(`${bot.http.url}/healthz`);
    const deadline = Date.now() + 10_000;
    while (health.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = await json(`${bot.http.url}/healthz`);
    }
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', discord: 'connected', down: [] } });

    // The board is posted and notifications flow from the simulator to the fake Discord.
    await waitFor(() => discord.channelMessages(BOARD).length === 1, 10_000, 'the board');
    await waitFor(() => discord.channelMessages(NOTIFY).length > 0, 15_000, 'a notification');

    const metrics = await (await fetch(`${bot.http.url}/metrics`)).text();
    expect(metrics).toMatch(/discarr_sdk_requests_total\{instance="radarr",route="GET \/api\/v3\/[^"]+",status="200"\} \d+/);
    expect(metrics).toMatch(/discarr_events_total\{type="[^"]+",instance="radarr"\} \d+/);
    expect(metrics).toMatch(/discarr_notifications_sent_total\{channel="400000000000000001"\} \d+/);
    expect(metrics).toMatch(/discarr_board_edits_total\{channel="300000000000000001"\} \d+/);
    expect(metrics).toContain('discarr_sdk_request_duration_seconds_bucket');

    // Webhooks reach the monitor: a Radarr test webhook with the secret is taken, without it refused.
    const test = await fetch(`${bot.http.url}/webhook/radarr?secret=${WEBHOOK_SECRET}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ eventType: 'Test', instanceName: 'Radarr', applicationUrl: '', movie: { id: 1, title: 'Test Title', year: 1970, releaseDate: '1970-01-01', folderPath: 'C:\\testpath', tmdbId: 0, tags: [] } }) });
    expect(test.status).toBe(200);
    expect((await fetch(`${bot.http.url}/webhook/radarr`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${bot.http.url}/webhook/lidarr`, { method: 'POST', body: '{}' })).status).toBe(404);

    await bot.stop();
    bots.splice(bots.indexOf(bot), 1);
    await expect(fetch(`${bot.http.url}/healthz`)).rejects.toThrow();
    // One store for the monitor and the bot, written at shutdown.
    const state = readFileSync(join(tmp.path, 'state.json'), 'utf8');
    expect(state).toContain('bot:board:300000000000000001');
    expect(state).not.toContain(TOKEN);
    // No secret in any log line, and the log says it stopped.
    const text = logs.text();
    expect(text).toContain('"msg":"stopped"');
    for (const secret of [TOKEN, radarr.apiKey, sonarr.apiKey, WEBHOOK_SECRET]) expect(text).not.toContain(secret);
  });

  it('reports an unreachable instance at /healthz', async () => {
    const bot = await startBot({
      config: config({ instances: [{ name: 'radarr', kind: 'radarr', baseUrl: 'http://127.0.0.1:9', apiKey: 'k'.repeat(32), intervals: { statusMs: 500, queueIdleMs: 500, queueActiveMs: 500, healthMs: 500, maxBackoffMs: 500 }, client: { retry: false, timeoutMs: 500 } }] }),
      logger: createLogger({ level: 'silent', pretty: false, secrets: [] }),
      restApi: discord.restApi,
    });
    bots.push(bot);
    let health = await json(`${bot.http.url}/healthz`);
    const deadline = Date.now() + 10_000;
    while (!(health.body.instances as Record<string, { state: string }>).radarr?.state.match(/down/) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = await json(`${bot.http.url}/healthz`);
    }
    expect(health.status).toBe(503);
    expect((health.body.down as string[])[0]).toMatch(/^radarr: unreachable/);
  });

  it('fails to start, leaving nothing running, when Discord cannot be reached', async () => {
    await discord.close();
    const port = new URL(discord.restApi).port;
    await expect(startBot({ config: config({ http: { host: '127.0.0.1', port: 0 } }), logger: createLogger({ level: 'silent', pretty: false, secrets: [] }), restApi: `http://127.0.0.1:${port}/api` })).rejects.toThrow(/could not connect to Discord/);
    discord = await startFakeDiscord();
  });
});

describe('discarr start and register-commands', () => {
  function io(env: Record<string, string>, stop: Promise<string>) {
    const stdout = output();
    const stderr = output();
    const cliIo: CliIo = { stdout: stdout.stream, stderr: stderr.stream, env, cwd: tmp.path, shutdownSignal: () => stop };
    return { cliIo, stdout, stderr };
  }

  it('starts from the environment alone and stops on a signal with exit code 0', async () => {
    let signal: (name: string) => void = () => undefined;
    const stop = new Promise<string>((resolve) => (signal = resolve));
    const { cliIo, stdout } = io(
      {
        DISCORD_TOKEN: TOKEN,
        DISCORD_CHANNEL_ID: NOTIFY,
        RADARR_URL: radarr.url,
        RADARR_API_KEY: radarr.apiKey,
        DISCARR_HTTP_HOST: '127.0.0.1',
        DISCARR_HTTP_PORT: '0',
        DISCARR_STATE_PATH: join(tmp.path, 'cli-state.json'),
        DISCARR_DISCORD_REST_API: discord.restApi,
      },
      stop,
    );
    const exit = runCli(['start'], cliIo);
    await waitFor(() => discord.channelMessages(NOTIFY).length > 0, 15_000, 'the board in the legacy channel');
    // No guild id configured (the older Discarr had none): the commands go to every guild the bot is in.
    expect(discord.requests.filter((request) => request.method === 'PUT').map((request) => request.path)).toEqual([`/applications/${discord.applicationId}/guilds/${GUILD}/commands`]);
    expect(stdout.text()).toContain('slash commands registered in 1 guild(s): every guild the bot is in');
    signal('SIGTERM');
    expect(await exit).toBe(0);
    expect(stdout.text()).toContain('"signal":"SIGTERM"');
    expect(stdout.text()).not.toContain(TOKEN);
    expect(stdout.text()).not.toContain(radarr.apiKey);
    expect(existsSync(join(tmp.path, 'cli-state.json'))).toBe(true);
  });

  it('exits 1 when Discord cannot be reached', async () => {
    await discord.close();
    const { cliIo, stdout } = io({ DISCORD_TOKEN: TOKEN, RADARR_URL: radarr.url, RADARR_API_KEY: radarr.apiKey, DISCARR_HTTP_PORT: '0', DISCARR_HTTP_HOST: '127.0.0.1', DISCARR_STATE_PATH: join(tmp.path, 's.json'), DISCARR_DISCORD_REST_API: discord.restApi }, new Promise(() => undefined));
    expect(await runCli(['start'], cliIo)).toBe(1);
    expect(stdout.text()).toContain('Discarr could not start');
    discord = await startFakeDiscord();
  });

  it('registers the commands in each configured guild, and only those', async () => {
    discord.joinGuild({ id: '500000000000000001', channels: [] });
    discord.joinGuild({ id: '500000000000000002', channels: [] });
    const { cliIo, stdout } = io({ DISCORD_TOKEN: TOKEN, DISCARR_DISCORD_GUILD_IDS: '500000000000000001,500000000000000002', DISCARR_DISCORD_REST_API: discord.restApi }, new Promise(() => undefined));
    expect(await runCli(['register-commands'], cliIo)).toBe(0);
    expect(stdout.text()).toContain('Commands registered in 2 configured guild(s).');
    const puts = discord.requests.filter((request) => request.method === 'PUT').map((request) => request.path);
    expect(puts).toEqual([`/applications/${discord.applicationId}/guilds/500000000000000001/commands`, `/applications/${discord.applicationId}/guilds/500000000000000002/commands`]);
    expect(discord.requests.some((request) => request.path === '/users/@me/guilds')).toBe(false);
  });

  it('without guild ids, registers the commands in every guild the bot is in (paged), and says so', async () => {
    const ids = Array.from({ length: 201 }, (_, index) => String(500000000000000001n + BigInt(index)));
    for (const id of ids) discord.joinGuild({ id, channels: [] });
    const { cliIo, stdout } = io({ DISCORD_TOKEN: TOKEN, DISCARR_DISCORD_REST_API: discord.restApi }, new Promise(() => undefined));
    expect(await runCli(['register-commands'], cliIo)).toBe(0);
    expect(stdout.text()).toContain('Commands registered in 202 guild(s) the bot is in.');
    expect(stdout.text()).toContain(`registered in Guild ${GUILD} (${GUILD})`);
    expect(discord.requests.filter((request) => request.path === '/users/@me/guilds')).toHaveLength(2);
    const puts = discord.requests.filter((request) => request.method === 'PUT').map((request) => request.path);
    expect(puts.toSorted()).toEqual([GUILD, ...ids].map((id) => `/applications/${discord.applicationId}/guilds/${id}/commands`).toSorted());
    expect([...discord.commands.keys()]).not.toContain('global');
  });

  it('registers globally with --global, and refuses without a guild or a token', async () => {
    const global = io({ DISCORD_TOKEN: TOKEN, DISCARR_DISCORD_REST_API: discord.restApi }, new Promise(() => undefined));
    expect(await runCli(['register-commands', '--global'], global.cliIo)).toBe(0);
    expect(discord.requests.filter((request) => request.method === 'PUT').map((request) => request.path)).toEqual([`/applications/${discord.applicationId}/commands`]);
    discord.leaveGuild(GUILD);
    const noGuild = io({ DISCORD_TOKEN: TOKEN, DISCARR_DISCORD_REST_API: discord.restApi }, new Promise(() => undefined));
    expect(await runCli(['register-commands'], noGuild.cliIo)).toBe(1);
    expect(noGuild.stderr.text()).toContain('The bot is in no guild');
    expect(noGuild.stderr.text()).toContain(`client_id=${discord.applicationId}&scope=bot+applications.commands`);
    const noToken = io({}, new Promise(() => undefined));
    expect(await runCli(['register-commands'], noToken.cliIo)).toBe(1);
    expect(noToken.stderr.text()).toContain('discord.token is missing');
  });

  it('exits 1 and names the guild when Discord refuses one', async () => {
    const { cliIo, stdout, stderr } = io({ DISCORD_TOKEN: TOKEN, DISCARR_DISCORD_GUILD_IDS: `${GUILD},500000000000000009`, DISCARR_DISCORD_REST_API: discord.restApi }, new Promise(() => undefined));
    expect(await runCli(['register-commands'], cliIo)).toBe(1);
    expect(stdout.text()).toContain(`registered in ${GUILD}`);
    expect(stderr.text()).toContain('NOT registered in 500000000000000009: Missing Access');
    expect(stderr.text()).toContain('Commands registered in 1 of 2 configured guild(s).');
  });

  it('exits 1 when Discord refuses the registration', async () => {
    await discord.close();
    const { cliIo } = io({ DISCORD_TOKEN: TOKEN, DISCARR_DISCORD_GUILD_IDS: '500000000000000001', DISCARR_DISCORD_APPLICATION_ID: '600000000000000001', DISCARR_DISCORD_REST_API: discord.restApi }, new Promise(() => undefined));
    expect(await runCli(['register-commands'], cliIo)).toBe(1);
    discord = await startFakeDiscord();
  });
});
