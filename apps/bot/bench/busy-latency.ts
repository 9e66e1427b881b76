/**
 * Change in the simulator → Discord, under load: the simulators' busy scenario (Radarr and Sonarr,
 * tens of downloads, new grabs, failures, imports) at 5× speed, a fake Discord enforcing Discord's
 * per-channel limit (5 messages / 5 s), every event routed to one channel with the default grouping
 * (burst window 10 s, season-pack window 10 min).
 *
 * The change is when the simulator writes the history entry (grab, import, failure: the same
 * moment the app would); the delivery is when the bot's outbox records that Discord accepted the
 * message showing the event (a store wrapper sees each outbox write). Events without a history
 * entry (progress, health, completions noticed at a refresh) are delivered too but not timed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRadarrSimulator, startSonarrSimulator, type RadarrSimulator, type SonarrSimulator } from '@discarr/arr-simulator';
import { createFileStore, type MonitorEvent, type StateStore } from '@discarr/monitor';
import { startBot } from '../src/app.ts';
import { createLogger } from '../src/logging.ts';
import { startFakeDiscord } from '../test/fake-discord/fake-discord.ts';
import { NOTIFY, TEST_TOKEN, testConfig } from '../test/helpers/bot-config.ts';

const HISTORY_OF: Partial<Record<MonitorEvent['type'], string[]>> = {
  'download.grabbed': ['grabbed'],
  'download.imported': ['downloadFolderImported', 'movieFolderImported', 'seriesFolderImported'],
  'download.failed': ['downloadFailed'],
};

export interface BusyLatency {
  /** Real ms from the simulator's change to the outbox recording Discord's acceptance, per timed event. */
  latencies: number[];
  /** The part before the monitor emitted the event (change → event). */
  detection: number[];
  /** The part after (event → Discord accepted): grouping, the outbox, the REST queue, the rate limit. */
  delivery: number[];
  /** Requests to the channel that changed messages (creates and edits). */
  requests: number;
  events: number;
  messages: number;
  served429: number;
  pendingAtEnd: number;
  /** Events by type (progress excluded). */
  types: Record<string, number>;
}

/** Records when each history entry is written: `<instance>\n<downloadId>\n<eventType>` → real times. */
function watchHistory(name: string, sim: RadarrSimulator | SonarrSimulator, changes: Map<string, number[]>): void {
  const { history } = sim.control.instance;
  const add = history.add.bind(history);
  history.add = (entry) => {
    const created = add(entry);
    const key = `${name}\n${entry.downloadId ?? ''}\n${entry.eventType}`;
    changes.set(key, [...(changes.get(key) ?? []), Date.now()]);
    return created;
  };
}

/** A store that notes when each event id is first shown in a message Discord accepted. */
function watchingStore(inner: StateStore, deliveredAt: Map<string, number>): StateStore {
  return {
    get: (key) => inner.get(key),
    delete: (key) => inner.delete(key),
    flush: () => inner.flush(),
    set(key, value) {
      if (key === 'bot:outbox') {
        const now = Date.now();
        for (const group of (value as { groups: { events: { id: string }[]; delivered: number }[] }).groups) {
          for (const event of group.events.slice(0, group.delivered)) if (!deliveredAt.has(event.id)) deliveredAt.set(event.id, now);
        }
      }
      return inner.set(key, value);
    },
  };
}

export async function busyLatency(seconds: number, speed = 5): Promise<BusyLatency> {
  const dir = mkdtempSync(join(tmpdir(), 'discarr-bench-busy-'));
  const discord = await startFakeDiscord({ channelLimit: { limit: 5, windowMs: 5_000 } });
  const radarr = await startRadarrSimulator({ scenario: 'busy', speed, seed: 21 });
  const sonarr = await startSonarrSimulator({ scenario: 'busy', speed, seed: 22 });
  const changes = new Map<string, number[]>();
  watchHistory('radarr', radarr, changes);
  watchHistory('sonarr', sonarr, changes);
  const deliveredAt = new Map<string, number>();
  const store = watchingStore(createFileStore(join(dir, 'state.json')), deliveredAt);
  const config = testConfig({
    discord: { token: TEST_TOKEN, guildIds: [], globalCommands: false, boardChannels: [] },
    instances: [
      { name: 'radarr', kind: 'radarr', baseUrl: radarr.url, apiKey: radarr.apiKey },
      { name: 'sonarr', kind: 'sonarr', baseUrl: sonarr.url, apiKey: sonarr.apiKey },
    ],
    routes: [{ channel: NOTIFY }],
    notifications: { burstWindowMs: 10_000, seasonPackWindowMs: 600_000 },
    state: { path: join(dir, 'state.json') },
  });
  const bot = await startBot({ config, store, logger: createLogger({ level: 'silent', pretty: false, secrets: [] }), restApi: discord.restApi });
  const timed: { id: string; changedAt: number; emittedAt: number }[] = [];
  const used = new Map<string, number>();
  let events = 0;
  const types = new Map<string, number>();
  bot.monitor.on('*', (event: MonitorEvent) => {
    if (event.type === 'download.progress') return;
    events += 1;
    types.set(event.type, (types.get(event.type) ?? 0) + 1);
    const download = 'download' in event ? event.download.downloadId : undefined;
    for (const type of HISTORY_OF[event.type] ?? []) {
      const key = `${event.instance}\n${download ?? ''}\n${type}`;
      const times = changes.get(key) ?? [];
      const index = used.get(key) ?? 0;
      const changedAt = times[index];
      if (download === undefined || changedAt === undefined) continue;
      used.set(key, index + 1);
      timed.push({ id: event.id, changedAt, emittedAt: Date.now() });
      break;
    }
  });
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  // What was emitted in the last seconds gets time to arrive; latencies are measured, not cut off.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && timed.some((one) => !deliveredAt.has(one.id))) await new Promise((resolve) => setTimeout(resolve, 100));
  const done = timed.flatMap((one) => {
    const at = deliveredAt.get(one.id);
    return at === undefined ? [] : [{ ...one, at }];
  });
  const result: BusyLatency = {
    latencies: done.map((one) => one.at - one.changedAt),
    detection: done.map((one) => one.emittedAt - one.changedAt),
    delivery: done.map((one) => one.at - one.emittedAt),
    requests: discord.requests.filter((request) => request.method !== 'GET' && request.path.startsWith(`/channels/${NOTIFY}/messages`)).length,
    events,
    messages: discord.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${NOTIFY}/messages` && request.status < 300).length,
    served429: discord.rateLimitedCount(),
    pendingAtEnd: bot.discord.notifier.pending(),
    types: Object.fromEntries(types),
  };
  await bot.stop();
  await Promise.all([radarr.close(), sonarr.close(), discord.close()]);
  rmSync(dir, { recursive: true, force: true });
  return result;
}
