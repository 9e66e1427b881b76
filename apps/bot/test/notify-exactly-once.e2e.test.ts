/**
 * `/notify me` delivered exactly once across a hard crash (issue 12). `discarr start` runs as a real
 * process; a member subscribes with `/notify me` through the gateway; the import comes as Radarr's
 * webhook; the process is SIGKILLed at the worst moment: after Discord created the DM, before the
 * bot heard back and recorded it. The DM is a group of the notifier's outbox, persisted before it
 * was sent, with a nonce derived from it (`enforce_nonce`): the restart opens the DM channel again,
 * sends the same nonce, and Discord answers with the first message instead of a second one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRadarrSimulator, type RadarrSimulator } from '@discarr/arr-simulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { radarrWebhooks } from '../../../packages/arr-sdk/test/webhook-fixtures.ts';
import { startFakeDiscord, type FakeCommandOption, type FakeDiscord, type StoredMessage } from './fake-discord/fake-discord.ts';
import { TEST_TOKEN } from './helpers/bot-config.ts';
import { freePort, healthy, writeWebhookConfig } from './helpers/bot-process.ts';
import { startCli, type CliProcess } from './helpers/cli-process.ts';
import { useTempDir } from './helpers/temp-dir.ts';
import { waitFor } from './helpers/wait-for.ts';

const SECRET = 'webhook-secret-for-tests';
const ALICE = { id: '900000000000000002', username: 'alice' };
const tmp = useTempDir('discarr-notify-once-');
let discord: FakeDiscord;
let radarr: RadarrSimulator;
let afterCreate: ((message: StoredMessage) => Promise<void>) | undefined;
const processes: CliProcess[] = [];

beforeEach(async () => {
  afterCreate = undefined;
  discord = await startFakeDiscord({ afterCreate: (message) => afterCreate?.(message) });
  radarr = await startRadarrSimulator({ scenario: 'idle', speed: 1, seed: 8 });
});
afterEach(async () => {
  for (const { child } of processes.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all([discord.close(), radarr.close()]);
});

type StateFile = Record<string, { groups?: { channel: string; delivered: number; events: unknown[]; messageId?: string; direct?: unknown }[]; subscriptions?: unknown[] }>;

describe('a SIGKILL after Discord accepted a /notify me DM, before the outbox recorded it', () => {
  it('does not repeat the DM: the restart sends it again with the same nonce and Discord returns the first one', async () => {
    const port = await freePort();
    const statePath = join(tmp.path, 'state.json');
    writeWebhookConfig(tmp.path, { instances: [{ name: 'radarr', kind: 'radarr', url: radarr.url, apiKey: radarr.apiKey, secret: SECRET }], events: ['download.failed'], burstWindowMs: 0, statePath, port, logLevel: 'debug' });
    const env = { DISCORD_TOKEN: TEST_TOKEN, DISCARR_DISCORD_REST_API: discord.restApi };
    const movie = (radarr.control.movies() as { id: number; title: string }[]).find((one) => radarr.control.missingMovieIds().includes(one.id));
    if (movie === undefined) throw new Error('the simulated Radarr has no movie without a file');

    const first = startCli(['start'], { cwd: tmp.path, env });
    processes.push(first);
    await healthy(port, 20_000);
    const options: FakeCommandOption[] = [{ name: 'me', type: 1, options: [{ name: 'title', type: 3, value: `lib:radarr:${movie.id}` }] }];
    const subscribed = await discord.waitForResponse(discord.dispatchInteraction({ type: 'command', name: 'notify', options, member: ALICE }), { edited: true, timeoutMs: 20_000 });
    expect(JSON.stringify(subscribed.edits.at(-1))).toContain('You will be told when');

    afterCreate = async (message) => {
      if (message.channel_id !== discord.dmChannels.get(ALICE.id)) return;
      afterCreate = undefined;
      first.child.kill('SIGKILL');
      await first.exited;
    };
    const imported = { ...radarrWebhooks.Download, movie: { ...(radarrWebhooks.Download?.movie as object), id: movie.id, title: movie.title }, downloadId: 'notify-once-1' };
    const response = await fetch(`http://127.0.0.1:${port}/webhook/radarr?secret=${SECRET}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(imported) });
    expect(response.status).toBe(202);
    expect((await first.exited).signal).toBe('SIGKILL');
    const dm = discord.dmChannels.get(ALICE.id) ?? '';
    expect(discord.channelMessages(dm)).toHaveLength(1);
    const nonce = discord.channelMessages(dm)[0]?.nonce;
    expect(nonce).toMatch(/^[\w-]{1,25}$/);
    // The crash left the DM in the outbox (the user's queue), not recorded as delivered.
    const crashed = (JSON.parse(readFileSync(statePath, 'utf8')) as StateFile)['bot:outbox'];
    expect(crashed?.groups).toHaveLength(1);
    expect(crashed?.groups?.[0]).toMatchObject({ channel: `user:${ALICE.id}`, delivered: 0, direct: { userId: ALICE.id } });
    expect(crashed?.groups?.[0]?.messageId).toBeUndefined();

    const second = startCli(['start'], { cwd: tmp.path, env });
    processes.push(second);
    const creates = () => discord.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${dm}/messages`);
    await waitFor(() => creates().length === 2, 20_000, 'the restart to send the DM again');
    expect((creates()[1]?.body as { nonce?: string }).nonce).toBe(nonce);
    expect((creates()[1]?.body as { enforce_nonce?: boolean }).enforce_nonce).toBe(true);
    expect(discord.channelMessages(dm)).toHaveLength(1);
    expect(discord.channelMessages(dm)[0]?.content).toContain(`**${movie.title}** is ready: imported on \`radarr\``);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    const after = JSON.parse(readFileSync(statePath, 'utf8')) as StateFile;
    expect(after['bot:outbox']?.groups?.filter((group) => group.delivered < group.events.length)).toEqual([]);
    // The movie's subscription ended with its import.
    expect(after['bot:subscriptions']?.subscriptions).toEqual([]);
    expect(discord.channelMessages(dm)).toHaveLength(1);
  }, 60_000);
});
