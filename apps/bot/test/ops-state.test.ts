/**
 * The state file's failures, through `discarr start` as a real process: a state path that is a
 * directory or cannot be read stops the start with the path and the fix; a read-only state folder
 * keeps the bot delivering, with the outage at /healthz, /metrics and in the log.
 *
 * Root ignores file modes, so the bot runs without root's power over files (`helpers/unprivileged.ts`:
 * as `nobody`, or as root without the capabilities that override file modes); the tests that need file
 * modes are skipped, saying why, where neither is possible.
 */
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRadarrSimulator, type RadarrSimulator } from '@discarr/arr-simulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/fake-discord.ts';
import { NOTIFY, TEST_TOKEN } from './helpers/bot-config.ts';
import { httpUrlOf, startCli, type CliProcess } from './helpers/cli-process.ts';
import { useTempDir } from './helpers/temp-dir.ts';
import { UNPRIVILEGED } from './helpers/unprivileged.ts';
import { waitFor } from './helpers/wait-for.ts';

/** Why the tests that need file modes cannot run here, if they cannot. */
const needsModes = UNPRIVILEGED.how === 'unavailable' ? UNPRIVILEGED.reason : undefined;
if (needsModes !== undefined) console.warn(`ops-state: tests of unreadable and read-only state skipped: ${needsModes}`);

const tmp = useTempDir('discarr-state-');
let discord: FakeDiscord;
let radarr: RadarrSimulator;
const children: CliProcess[] = [];

beforeEach(async () => {
  discord = await startFakeDiscord();
  radarr = await startRadarrSimulator({ scenario: 'busy', speed: 20, seed: 3 });
  // The bot's user must reach the folder (mkdtemp makes it private to us).
  chmodSync(tmp.path, 0o755);
});
afterEach(async () => {
  for (const cli of children.splice(0)) cli.child.kill('SIGKILL');
  await Promise.all([discord.close(), radarr.close()]);
});

function start(statePath: string): CliProcess {
  const cli = startCli(['start'], {
    cwd: tmp.path,
    // Where neither way exists, the tests that need no file mode run as they are.
    unprivileged: needsModes === undefined,
    env: {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_CHANNEL_ID: NOTIFY,
      RADARR_URL: radarr.url,
      RADARR_API_KEY: radarr.apiKey,
      DISCARR_HTTP_HOST: '127.0.0.1',
      DISCARR_HTTP_PORT: '0',
      DISCARR_STATE_PATH: statePath,
      DISCARR_DISCORD_REST_API: discord.restApi,
      DISCARR_LOG_PRETTY: 'false',
      CHECK_INTERVAL: '1',
    },
  });
  children.push(cli);
  return cli;
}

describe('discarr start: the state file', () => {
  it('exits 1 naming the path and the fix when the state path is a directory, before connecting to Discord', async () => {
    const path = join(tmp.path, 'discarr-state.json');
    mkdirSync(path);
    const cli = start(path);
    const exit = await cli.exited;
    expect(exit.code).toBe(1);
    expect(cli.stderr()).toContain(`the state path "${path}" is a directory, not a file. Fix: set state.path (DISCARR_STATE_PATH) to a file, e.g. "${path}/discarr-state.json".`);
    expect(discord.identifies).toEqual([]);
  });

  it.skipIf(needsModes !== undefined)('exits 1 naming the path and the fix when the state file cannot be read', async () => {
    const path = join(tmp.path, 'discarr-state.json');
    writeFileSync(path, '{}');
    chmodSync(path, 0o000);
    // Root reads any file; the bot runs without that power (nobody, or root without CAP_DAC_OVERRIDE).
    const cli = start(path);
    const exit = await cli.exited;
    expect(exit.code).toBe(1);
    expect(cli.stderr()).toContain(`the state file "${path}" cannot be read (EACCES). Fix: give the bot's user read and write access`);
  });

  it.skipIf(needsModes !== undefined)('in a read-only state folder: notifications still flow; /healthz 503 names the outage; /metrics counts it; no temp file', async () => {
    const dir = join(tmp.path, 'data');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    const cli = start(join(dir, 'discarr-state.json'));
    await cli.waitForOutput('"msg":"HTTP server listening"');
    const url = httpUrlOf(cli.stdout());
    await waitFor(() => discord.channelMessages(NOTIFY).length > 0, 20_000, 'a notification despite the read-only folder');
    await cli.waitForOutput('"msg":"the state file cannot be written; the state is kept in memory and the write retried"');
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(503);
    const body = (await health.json()) as { state: { writable: boolean; error: string }; down: string[] };
    expect(body.state).toMatchObject({ writable: false, error: expect.stringMatching(/EACCES|EROFS/) as string });
    expect(body.down.some((line) => line.startsWith('state: the state file cannot be written'))).toBe(true);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^discarr_state_write_failures_total [1-9]\d*$/m);
    expect(metrics).toMatch(/^discarr_state_writable 0$/m);
    expect(metrics).toMatch(/^discarr_state_writes_total 0$/m);
    // One error line per outage, however many writes fail.
    expect(cli.stdout().match(/the state file cannot be written; the state is kept in memory/g)).toHaveLength(1);
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('with keys of the wrong shape (an outbox group with events: null, a checkpoint with queue: null): delivers, sets them aside, never a 500', async () => {
    // A folder the bot's user may write in.
    const dir = join(tmp.path, 'data');
    mkdirSync(dir);
    if (UNPRIVILEGED.how === 'user') chownSync(dir, UNPRIVILEGED.uid, UNPRIVILEGED.gid);
    const path = join(dir, 'discarr-state.json');
    const board = { channelId: NOTIFY, messageId: '999999999999999999' };
    writeFileSync(
      path,
      JSON.stringify({
        'bot:outbox': { seq: 1, groups: [{ seq: 1, channel: NOTIFY, key: 'x', events: null, delivered: 0 }] },
        'monitor:checkpoint:radarr': { schema: 1, queue: null, emitted: {} },
        [`bot:board:${NOTIFY}`]: board,
      }),
    );
    const cli = start(path);
    await cli.waitForOutput('"msg":"HTTP server listening"');
    const url = httpUrlOf(cli.stdout());
    await waitFor(() => discord.channelMessages(NOTIFY).length > 0, 20_000, 'a notification despite the bad keys');
    for (let i = 0; i < 5; i++) expect((await fetch(`${url}/healthz`)).status).not.toBe(500);
    await cli.waitForOutput('a state key has the wrong shape; set it aside');
    // Successful writes are counted with their bytes (the disk's wear); setting the key aside wrote the file.
    const written = await (await fetch(`${url}/metrics`)).text();
    const count = (name: string): number => Number(written.split('\n').find((line) => line.startsWith(`${name} `))?.split(' ')[1]);
    expect(count('discarr_state_writes_total')).toBeGreaterThanOrEqual(1);
    expect(count('discarr_state_written_bytes_total')).toBeGreaterThan(count('discarr_state_writes_total') * 100);
    const aside = readdirSync(dir).filter((name) => name.startsWith('discarr-state.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, aside[0]!), 'utf8'))).toMatchObject({ 'monitor:checkpoint:radarr': { queue: null } });
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
    const state = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    // The bad checkpoint is replaced by a good one; the rest of the state was kept.
    expect(state['monitor:checkpoint:radarr']).toMatchObject({ queue: expect.any(Object) as object });
    expect(state).toHaveProperty(`bot:board:${NOTIFY}`);
  }, 60_000);
});
