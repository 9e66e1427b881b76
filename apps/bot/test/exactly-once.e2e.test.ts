/**
 * Exactly once to Discord across a hard crash (issue 9 #3). Every new message carries a nonce
 * derived from its group and first event, with `enforce_nonce: true`; the fake Discord honours it
 * as Discord documents it ("checked for uniqueness in the past few minutes; if another message was
 * created by the same author with the same nonce, that message will be returned and no new message
 * will be created"). `discarr start` runs as a real process and is SIGKILLed at the worst moment:
 * after Discord created the message, before the bot heard back and recorded it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRadarrSimulator, type RadarrSimulator } from '@discarr/arr-simulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { radarrWebhooks } from '../../../packages/arr-sdk/test/webhook-fixtures.ts';
import { startFakeDiscord, type FakeDiscord, type StoredMessage } from './fake-discord/fake-discord.ts';
import { NOTIFY, TEST_TOKEN } from './helpers/bot-config.ts';
import { freePort, healthy, writeWebhookConfig } from './helpers/bot-process.ts';
import { useTempDir } from './helpers/temp-dir.ts';
import { waitFor } from './helpers/wait-for.ts';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.ts');
const SECRET = 'webhook-secret-for-tests';
const tmp = useTempDir('discarr-once-');
let discord: FakeDiscord;
let radarr: RadarrSimulator;
let afterCreate: ((message: StoredMessage) => Promise<void>) | undefined;
const children: ChildProcess[] = [];

beforeEach(async () => {
  afterCreate = undefined;
  discord = await startFakeDiscord({ afterCreate: (message) => afterCreate?.(message) });
  radarr = await startRadarrSimulator({ scenario: 'idle', speed: 1, seed: 8 });
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all([discord.close(), radarr.close()]);
});

function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--conditions=@discarr/source', CLI, 'start'], { cwd: tmp.path, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

describe('the fake Discord', () => {
  it('answers a repeated nonce with enforce_nonce by the first message, and refuses a nonce over 25 characters', async () => {
    const post = async (body: Record<string, unknown>) => {
      const response = await fetch(`${discord.restApi}/v10/channels/${NOTIFY}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: 'x', ...body }) });
      return { status: response.status, id: ((await response.json()) as { id?: string }).id };
    };
    const first = await post({ nonce: 'abc', enforce_nonce: true });
    const again = await post({ nonce: 'abc', enforce_nonce: true });
    expect(again).toEqual(first);
    // Without enforce_nonce the nonce is not checked: Discord creates a second message.
    expect((await post({ nonce: 'abc' })).id).not.toBe(first.id);
    expect((await post({ nonce: 'x'.repeat(26), enforce_nonce: true })).status).toBe(400);
    expect(discord.channelMessages(NOTIFY)).toHaveLength(2);
  });
});

describe('a SIGKILL after Discord accepted a message, before the outbox recorded it', () => {
  it('does not repeat the message: the restart retries with the same nonce and Discord returns the first one', async () => {
    const port = await freePort();
    const statePath = join(tmp.path, 'state.json');
    writeWebhookConfig(tmp.path, { instances: [{ name: 'radarr', kind: 'radarr', url: radarr.url, apiKey: radarr.apiKey, secret: SECRET }], events: ['download.grabbed'], burstWindowMs: 0, statePath, port, logLevel: 'debug' });
    const env = { DISCORD_TOKEN: TEST_TOKEN, DISCARR_DISCORD_REST_API: discord.restApi };

    const first = start(env);
    const killed = once(first.child, 'exit');
    afterCreate = async () => {
      afterCreate = undefined;
      first.child.kill('SIGKILL');
      await killed;
    };
    await healthy(port, 20_000);
    const grab = { ...radarrWebhooks.Grab, movie: { ...(radarrWebhooks.Grab?.movie as object), id: 3, title: 'Little Comet' }, downloadId: 'comet-1' };
    const response = await fetch(`http://127.0.0.1:${port}/webhook/radarr?secret=${SECRET}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(grab) });
    expect(response.status).toBe(202);
    const [, signal] = (await killed) as [number | null, NodeJS.Signals | null];
    expect(signal).toBe('SIGKILL');
    expect(discord.channelMessages(NOTIFY)).toHaveLength(1);
    const nonce = discord.channelMessages(NOTIFY)[0]?.nonce;
    expect(nonce).toMatch(/^[\w-]{1,25}$/);
    // The crash left the message in the outbox, not recorded as delivered.
    const outbox = (JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, { groups: { messageId?: string; delivered: number }[] }>)['bot:outbox'];
    expect(outbox?.groups).toEqual([expect.objectContaining({ delivered: 0 })]);
    expect(outbox?.groups[0]?.messageId).toBeUndefined();

    const second = start(env);
    const creates = () => discord.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${NOTIFY}/messages`);
    await waitFor(() => creates().length === 2, 20_000, 'the restart to retry the message');
    expect((creates()[1]?.body as { nonce?: string; enforce_nonce?: boolean }).nonce).toBe(nonce);
    expect((creates()[1]?.body as { enforce_nonce?: boolean }).enforce_nonce).toBe(true);
    expect(discord.channelMessages(NOTIFY)).toHaveLength(1);
    second.child.kill('SIGTERM');
    const [code] = (await once(second.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    const after = (JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, { groups: { messageId?: string; delivered: number; events: unknown[] }[] }>)['bot:outbox'];
    expect(after?.groups.filter((group) => group.delivered < group.events.length)).toEqual([]);
    expect(discord.channelMessages(NOTIFY)).toHaveLength(1);
  });
});
