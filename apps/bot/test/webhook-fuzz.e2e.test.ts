/**
 * Fuzzing the webhooks (issue 9 #1): 1000 mutated payloads of every webhook event type of Radarr
 * and Sonarr (fast-check: values of the wrong type, deleted and added keys, `__proto__` and
 * `constructor` keys and values, huge strings, bodies that are not objects) sent to `discarr start`
 * running as its own process (real HTTP server on 127.0.0.1, real monitor against simulated Radarr
 * and Sonarr, real discord.js against the fake Discord). Afterwards the process is alive, nothing
 * waits in the outbox, and a valid grab sent last reaches Discord; no secret shows in the logs,
 * `/healthz`, `/metrics` or a Discord message. The figures are printed (`FUZZ ...`).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startRadarrSimulator, startSonarrSimulator, type RadarrSimulator, type SonarrSimulator } from '@discarr/arr-simulator';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { radarrUnmatchedInteraction, radarrWebhooks, sonarrImportComplete, sonarrUnmatchedInteraction, sonarrWebhooks } from '../../../packages/arr-sdk/test/webhook-fixtures.ts';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/fake-discord.ts';
import { NOTIFY, TEST_TOKEN } from './helpers/bot-config.ts';
import { freePort, writeWebhookConfig } from './helpers/bot-process.ts';
import { useTempDir } from './helpers/temp-dir.ts';
import { waitFor } from './helpers/wait-for.ts';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.ts');
const RADARR_SECRET = 'radarr-webhook-secret-f1';
const SONARR_SECRET = 'sonarr-webhook-secret-f2';
const PER_TYPE = 1000;
const CONCURRENCY = 8;
const tmp = useTempDir('discarr-fuzz-');

let discord: FakeDiscord;
let radarr: RadarrSimulator;
let sonarr: SonarrSimulator;
beforeAll(async () => {
  discord = await startFakeDiscord();
  radarr = await startRadarrSimulator({ scenario: 'idle', speed: 1, seed: 31 });
  sonarr = await startSonarrSimulator({ scenario: 'idle', speed: 1, seed: 32 });
});
afterAll(async () => {
  await Promise.all([discord.close(), radarr.close(), sonarr.close()]);
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One change to a payload: at the `pick`-th path (of all paths in it, modulo), do `op`. */
interface Mutation {
  pick: number;
  op: 'replace' | 'delete' | 'add';
  key: string;
  value: Json;
}

const HOSTILE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'eventType', 'downloadId', 'movie', 'series', 'episodes', 'release', 'title', 'quality', 'x'];
const leaf: fc.Arbitrary<Json> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant<Json>([]),
  fc.constant<Json>({}),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', '', ' ', '../../etc/passwd', '<@&123>', '@everyone'),
  fc.constant('x'.repeat(20_000)),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...HOSTILE_KEYS), fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxKeys: 2 }) as fc.Arbitrary<Json>,
);
const mutations = fc.array(fc.record({ pick: fc.nat(), op: fc.constantFrom<Mutation['op']>('replace', 'replace', 'delete', 'add'), key: fc.constantFrom(...HOSTILE_KEYS), value: leaf }), { minLength: 1, maxLength: 4 });

/** Every path to a value in `root` (the root itself included, as `[]`). */
function pathsOf(root: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(root)) root.forEach((value, index) => out.push(...pathsOf(value, [...prefix, index])));
  else if (root !== null && typeof root === 'object') for (const [key, value] of Object.entries(root)) out.push(...pathsOf(value, [...prefix, key]));
  return out;
}

function setOwn(target: Record<string, Json>, key: string, value: Json): void {
  // defineProperty: `__proto__` becomes an own key that JSON.stringify writes out, as an attacker would send it.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The payload after the mutations, as JSON text. */
function mutate(payload: Record<string, unknown>, changes: Mutation[]): string {
  let root = structuredClone(payload) as Json;
  for (const { value: shared, ...rest } of changes) {
    // Samples share constants ({}, []): each change gets its own copy, or the payload could hold itself.
    const change = { ...rest, value: structuredClone(shared) };
    const paths = pathsOf(root);
    const path = paths[change.pick % paths.length] ?? [];
    if (path.length === 0) {
      if (change.op === 'replace') root = change.value;
      else if (root !== null && typeof root === 'object' && !Array.isArray(root)) setOwn(root, change.key, change.value);
      continue;
    }
    let parent: Json = root;
    for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[step] ?? null;
    const last = path.at(-1) ?? '';
    if (parent === null || typeof parent !== 'object') continue;
    const container = parent as Record<string, Json>;
    if (change.op === 'replace') setOwn(container, String(last), change.value);
    else if (change.op === 'delete') Reflect.deleteProperty(container, String(last));
    else {
      const target = container[String(last)];
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) setOwn(target, change.key, change.value);
      else setOwn(container, change.key, change.value);
    }
  }
  return JSON.stringify(root);
}

/** Peak and current resident set of a process, from /proc (Linux). */
function memoryOf(pid: number): { peakMb: number; rssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (pattern: RegExp): number => Number(pattern.exec(status)?.[1] ?? Number.NaN);
  return { peakMb: Math.round(kb(/^VmHWM:\s+(\d+) kB/m) / 1024), rssMb: Math.round(kb(/^VmRSS:\s+(\d+) kB/m) / 1024) };
}

describe('webhook fuzzing against discarr start', () => {
  it('survives 1000 mutated payloads of every webhook type of both apps; no channel blocked, no secret leaked, a valid grab sent last reaches Discord', async () => {
    const port = await freePort();
    const statePath = join(tmp.path, 'state.json');
    writeWebhookConfig(tmp.path, {
      instances: [
        { name: 'radarr', kind: 'radarr', url: radarr.url, apiKey: radarr.apiKey, secret: RADARR_SECRET },
        { name: 'sonarr', kind: 'sonarr', url: sonarr.url, apiKey: sonarr.apiKey, secret: SONARR_SECRET },
      ],
      events: ['*'],
      burstWindowMs: 2000,
      statePath,
      port,
      logLevel: 'info',
    });
    const child: ChildProcessByStdio<null, Readable, Readable> = spawn(process.execPath, ['--conditions=@discarr/source', CLI, 'start'], {
      cwd: tmp.path,
      env: { PATH: process.env.PATH ?? '', DISCORD_TOKEN: TEST_TOKEN, DISCARR_DISCORD_REST_API: discord.restApi },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let logs = '';
    child.stdout.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
    const base = `http://127.0.0.1:${port}`;
    await waitFor(() => logs.includes('"msg":"connected to Discord"'), 30_000, 'the bot to connect');
    await new Promise((resolve) => setTimeout(resolve, 500));

    const bodies: { app: 'radarr' | 'sonarr'; name: string; payload: Record<string, unknown> }[] = [
      ...Object.entries(radarrWebhooks).map(([name, payload]) => ({ app: 'radarr' as const, name, payload })),
      { app: 'radarr', name: 'ManualInteractionRequired (unmatched)', payload: radarrUnmatchedInteraction },
      ...Object.entries(sonarrWebhooks).map(([name, payload]) => ({ app: 'sonarr' as const, name, payload })),
      { app: 'sonarr', name: 'Download (import complete)', payload: sonarrImportComplete },
      { app: 'sonarr', name: 'ManualInteractionRequired (unmatched)', payload: sonarrUnmatchedInteraction },
    ];
    const statuses = new Map<number, number>();
    const serverErrors: string[] = [];
    let sent = 0;
    let peakMb = 0;
    for (const [index, body] of bodies.entries()) {
      const samples = fc.sample(mutations, { numRuns: PER_TYPE, seed: 1000 + index });
      const secret = body.app === 'radarr' ? RADARR_SECRET : SONARR_SECRET;
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < samples.length) {
          const text = mutate(body.payload, samples[next++] ?? []);
          const response = await fetch(`${base}/webhook/${body.app}?secret=${secret}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
          const answer = await response.text();
          sent += 1;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status >= 500 && serverErrors.length < 5) serverErrors.push(`${body.app} ${body.name}: ${response.status} ${answer.slice(0, 200)} for ${text.slice(0, 300)}`);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      peakMb = Math.max(peakMb, memoryOf(child.pid ?? 0).peakMb);
    }
    expect(exited()).toBe(false);

    // A valid grab, sent last (after the burst window, so it opens its own message), reaches Discord.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const sentinel = { ...radarrWebhooks.Grab, movie: { ...(radarrWebhooks.Grab?.movie as object), id: 777, title: 'Fuzz Sentinel' }, downloadId: 'sentinel-1' };
    const last = await fetch(`${base}/webhook/radarr?secret=${RADARR_SECRET}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sentinel) });
    expect(last.status).toBe(202);
    await waitFor(() => discord.channelMessages(NOTIFY).some((message) => JSON.stringify(message.embeds).includes('Fuzz Sentinel')), 30_000, 'the sentinel grab in Discord');
    // No channel blocked: the outbox drains.
    let metrics = '';
    await waitFor(() => /\ndiscarr_notifications_pending 0\n/.test(metrics) || (void fetch(`${base}/metrics`).then(async (response) => (metrics = await response.text())), false), 30_000, 'the outbox to drain');
    const health = await (await fetch(`${base}/healthz`)).text();
    metrics = await (await fetch(`${base}/metrics`)).text();
    const memory = memoryOf(child.pid ?? 0);
    peakMb = Math.max(peakMb, memory.peakMb);
    expect(exited()).toBe(false);

    const crashed = exited();
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    const discordText = JSON.stringify([...discord.messages.values()].flatMap((channel) => [...channel.values()]));
    const secrets = [TEST_TOKEN, radarr.apiKey, sonarr.apiKey, RADARR_SECRET, SONARR_SECRET];
    const leaks = (text: string): number => secrets.filter((secret) => text.includes(secret)).length;
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, { groups?: { delivered: number; events: unknown[] }[] } | undefined>;
    const blocked = (state['bot:outbox']?.groups ?? []).filter((group) => group.delivered < group.events.length).length;
    const deadLetters = Number(/discarr_notifications_dead_letters_total\{[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0);
    const figures = {
      payloadsSent: sent,
      types: bodies.length,
      statuses: Object.fromEntries(statuses),
      serverErrors: serverErrors.length,
      crashes: crashed ? 1 : 0,
      channelsBlocked: blocked,
      deadLetters,
      discordMessages: discord.channelMessages(NOTIFY).length,
      secretsInLogs: leaks(logs),
      secretsInHealthz: leaks(health),
      secretsInMetrics: leaks(metrics),
      secretsInDiscord: leaks(discordText),
      peakRssMb: peakMb,
    };
    console.log(`FUZZ ${JSON.stringify(figures)}`);
    expect(serverErrors).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(PER_TYPE * bodies.length);
    expect(blocked).toBe(0);
    expect(figures.secretsInLogs + figures.secretsInHealthz + figures.secretsInMetrics + figures.secretsInDiscord).toBe(0);
    // Nothing polluted Object.prototype in the bot: it still answered, counted and stopped cleanly.
    expect(logs).not.toContain('is not included in');
  }, 600_000);
});
