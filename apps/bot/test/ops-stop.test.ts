/**
 * How `discarr start` stops, as a real process: SIGTERM with notifications pending and Discord
 * unreachable still exits 0 within Docker's grace period; a second signal exits at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRadarrSimulator, type RadarrSimulator } from '@discarr/arr-simulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/fake-discord.ts';
import { NOTIFY, TEST_TOKEN } from './helpers/bot-config.ts';
import { startCli, type CliProcess } from './helpers/cli-process.ts';
import { useTempDir } from './helpers/temp-dir.ts';
import { waitFor } from './helpers/wait-for.ts';

const tmp = useTempDir('discarr-stop-');
let discord: FakeDiscord;
let radarr: RadarrSimulator;
const children: CliProcess[] = [];

beforeEach(async () => {
  // Discord's per-channel limit (5 messages / 5 s): the busy scenario keeps the outbox full.
  discord = await startFakeDiscord({ channelLimit: { limit: 5, windowMs: 5_000 } });
  radarr = await startRadarrSimulator({ scenario: 'busy', speed: 20, seed: 3 });
});
afterEach(async () => {
  for (const cli of children.splice(0)) cli.child.kill('SIGKILL');
  await Promise.all([discord.close(), radarr.close()]);
});

function start(): CliProcess {
  const cli = startCli(['start'], {
    cwd: tmp.path,
    env: {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_CHANNEL_ID: NOTIFY,
      RADARR_URL: radarr.url,
      RADARR_API_KEY: radarr.apiKey,
      DISCARR_HTTP_HOST: '127.0.0.1',
      DISCARR_HTTP_PORT: '0',
      DISCARR_STATE_PATH: join(tmp.path, 'state.json'),
      DISCARR_DISCORD_REST_API: discord.restApi,
      DISCARR_LOG_PRETTY: 'false',
      CHECK_INTERVAL: '1',
    },
  });
  children.push(cli);
  return cli;
}

describe('discarr start: stopping', () => {
  it('exits 0 within 15 s of SIGTERM while Discord is unreachable (the reconnecting gateway does not keep it alive)', async () => {
    const cli = start();
    await cli.waitForOutput('"msg":"connected to Discord"');
    await waitFor(() => discord.channelMessages(NOTIFY).length > 0, 20_000, 'a first notification');
    // Discord goes away (REST 503, gateway refused): discord.js starts reconnecting.
    discord.setOutage(true);
    await cli.waitForOutput(/"status":503/, 10_000);
    const signalled = Date.now();
    cli.child.kill('SIGTERM');
    const exit = await cli.exited;
    expect(exit.code, cli.stdout() + cli.stderr()).toBe(0);
    expect(exit.at - signalled).toBeLessThan(15_000);
    expect(cli.stdout()).toContain('"msg":"stopped"');
  }, 60_000);

  it('exits 0 within 10 s of SIGTERM with the outbox backed up behind the channel limit', async () => {
    const cli = start();
    await cli.waitForOutput('"msg":"connected to Discord"');
    await waitFor(() => discord.channelMessages(NOTIFY).length >= 5, 20_000, 'the channel limit reached');
    const signalled = Date.now();
    cli.child.kill('SIGTERM');
    const exit = await cli.exited;
    expect(exit.code, cli.stdout() + cli.stderr()).toBe(0);
    // The bot's budget is 8 s (Docker kills after 10 s): the process is gone before that.
    expect(exit.at - signalled).toBeLessThan(10_000);
    expect(cli.stdout()).toContain('"msg":"stopped"');
    expect(cli.stdout()).not.toContain('Expected token to be set');
    // The state file is written at the end of the stop, whatever the outbox still holds.
    expect(Object.keys(JSON.parse(readFileSync(join(tmp.path, 'state.json'), 'utf8')) as object)).toContain('bot:outbox');
  }, 60_000);

  it('a second signal exits at once with 130', async () => {
    const cli = start();
    await cli.waitForOutput('"msg":"connected to Discord"');
    await waitFor(() => discord.channelMessages(NOTIFY).length > 0, 20_000, 'a first notification');
    discord.setOutage(true);
    cli.child.kill('SIGTERM');
    await cli.waitForOutput('"msg":"shutting down"', 5_000);
    const again = Date.now();
    cli.child.kill('SIGTERM');
    const exit = await cli.exited;
    expect(exit.code).toBe(130);
    expect(exit.at - again).toBeLessThan(3_000);
    expect(cli.stderr()).toContain('SIGTERM again: exiting without waiting');
  }, 60_000);
});
