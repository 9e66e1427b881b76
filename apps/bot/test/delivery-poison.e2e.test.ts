/**
 * One bad payload never stops delivery (issue 9 #1), through the real code path: the bot's HTTP
 * server on 127.0.0.1, the real monitor and webhook ingestion, the real discord.js client against
 * the fake Discord, a state file. A Radarr simulator answers the monitor's reads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startRadarrSimulator, type RadarrSimulator } from '@discarr/arr-simulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../src/app.ts';
import type { BotConfig } from '../src/contracts.ts';
import { createLogger } from '../src/logging.ts';
import { radarrWebhooks } from '../../../packages/arr-sdk/test/webhook-fixtures.ts';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/fake-discord.ts';
import { NOTIFY, TEST_TOKEN, testConfig } from './helpers/bot-config.ts';
import { useTempDir } from './helpers/temp-dir.ts';
import { waitFor } from './helpers/wait-for.ts';

const SECRET = 'webhook-secret-for-tests';
const tmp = useTempDir('discarr-poison-');
let discord: FakeDiscord;
let radarr: RadarrSimulator;
let bot: RunningBot | undefined;

beforeEach(async () => {
  discord = await startFakeDiscord();
  radarr = await startRadarrSimulator({ scenario: 'idle', speed: 1, seed: 5 });
});
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await Promise.all([discord.close(), radarr.close()]);
});

function config(burstWindowMs: number): BotConfig {
  return testConfig({
    discord: { token: TEST_TOKEN, guildIds: [], globalCommands: false, boardChannels: [] },
    instances: [{ name: 'radarr', kind: 'radarr', baseUrl: radarr.url, apiKey: radarr.apiKey, push: { signalr: false, webhook: { secret: SECRET } } }],
    routes: [{ channel: NOTIFY, events: ['download.grabbed'] }],
    notifications: { burstWindowMs, seasonPackWindowMs: 600_000 },
    state: { path: join(tmp.path, 'state.json') },
  });
}

function collect(): { stream: Writable; text: () => string } {
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

async function post(body: unknown): Promise<number> {
  if (bot === undefined) throw new Error('bot not started');
  const response = await fetch(`${bot.http.url}/webhook/radarr?secret=${SECRET}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  return response.status;
}

const POISON = { eventType: 'Grab', movie: { id: 1, title: 'x' }, release: { quality: 123 }, downloadId: 'p' };
const VALID = { ...radarrWebhooks.Grab, movie: { ...(radarrWebhooks.Grab?.movie as object), id: 2, title: 'Valid Movie' }, downloadId: 'valid-1' };

describe('a poison webhook', () => {
  for (const burstWindowMs of [0, 2000]) {
    it(`never blocks the channel: a valid grab sent after it reaches Discord (burst window ${burstWindowMs} ms)`, async () => {
      const logs = collect();
      const logger = createLogger({ level: 'debug', pretty: false, secrets: [TEST_TOKEN, radarr.apiKey, SECRET], destination: logs.stream });
      bot = await startBot({ config: config(burstWindowMs), logger, restApi: discord.restApi });
      // The SDK may refuse the wrong type (400), or take it and the renderer format it: never a blocked channel.
      expect([202, 400]).toContain(await post(POISON));
      expect(await post(VALID)).toBe(202);
      await waitFor(() => discord.channelMessages(NOTIFY).some((message) => JSON.stringify(message.embeds).includes('Valid Movie')), 10_000, 'the valid grab in Discord');
      await bot.stop();
      bot = undefined;
      // Nothing is left behind in the outbox for the next start.
      const state = JSON.parse(readFileSync(join(tmp.path, 'state.json'), 'utf8')) as Record<string, { groups?: { events: unknown[]; delivered: number }[] } | undefined>;
      const groups = state['bot:outbox']?.groups ?? [];
      expect(groups.filter((group) => group.delivered < group.events.length)).toEqual([]);
      expect(logs.text()).not.toContain('text.replace is not a function');
    });
  }
});
