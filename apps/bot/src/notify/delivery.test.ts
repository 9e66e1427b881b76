/** Delivery failures: permanent ones go to the dead letters at once, transient ones hold a channel only within the budget. */
import { afterEach, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../contracts.ts';
import { createMetrics } from '../metrics.ts';
import { NOTIFY, testConfig } from '../../test/helpers/bot-config.ts';
import { captureLogger } from '../../test/helpers/capture-logger.ts';
import { episodeImport, makeEvent } from '../../test/helpers/events.ts';
import { createTestStore, type TestStore } from '../../test/helpers/memory-store.ts';
import { HttpLikeError, createRecordingSink, type RecordingSink } from '../../test/helpers/recording-sink.ts';
import { createVirtualClock, type VirtualClock } from '../../test/helpers/virtual-clock.ts';
import { MAX_NONCE_LENGTH, nonceFor } from './nonce.ts';
import { DEAD_LETTERS_KEY, OUTBOX_KEY, RETRY_BUDGET_MS, createNotifier, type Notifier } from './notifier.ts';
import type { NotificationSink, SendOptions } from './sink.ts';

const running: Notifier[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((notifier) => notifier.stop()));
});

function setup(options: { sink?: NotificationSink & Partial<RecordingSink>; routes?: { channel: string }[]; burstWindowMs?: number; clock?: VirtualClock; store?: TestStore } = {}) {
  const clock = options.clock ?? createVirtualClock();
  const recording = createRecordingSink(clock.now);
  const sink = options.sink ?? recording;
  const store = options.store ?? createTestStore();
  const metrics = createMetrics({ defaultMetrics: false });
  const logs = captureLogger();
  const config = testConfig({ routes: options.routes ?? [{ channel: NOTIFY }], notifications: { burstWindowMs: options.burstWindowMs ?? 0, seasonPackWindowMs: 600_000 } });
  const notifier = createNotifier({ config, store, sink, clock, logger: logs.logger, metrics });
  running.push(notifier);
  return { notifier, sink: recording, clock, store, metrics, logs };
}

async function metricText(metrics: ReturnType<typeof createMetrics>): Promise<string> {
  return metrics.registry.metrics();
}

function deadLetters(store: TestStore): { reason: string; eventIds: string[]; channel: string }[] {
  return JSON.parse(store.data.get(DEAD_LETTERS_KEY) ?? '[]') as { reason: string; eventIds: string[]; channel: string }[];
}

describe('permanent failures', () => {
  it('moves a message Discord refuses for good (403) to the dead letters, logged once with its event id and counted, and the channel goes on at once', async () => {
    const { notifier, sink, clock, store, metrics, logs } = setup();
    sink.failWith = new HttpLikeError(403);
    const refused = makeEvent('download.imported');
    await notifier.handle(refused);
    await clock.advance(0);
    sink.failWith = undefined;
    await notifier.handle(makeEvent('media.added'));
    await clock.advance(0);
    expect(sink.sends()).toHaveLength(1);
    expect(deadLetters(store)).toEqual([expect.objectContaining({ channel: NOTIFY, eventIds: [refused.id], reason: 'discord 403: HTTP 403' })]);
    expect(notifier.deadLetters()).toHaveLength(1);
    const lines = logs.lines.filter((line) => line.includes(refused.id) && line.includes('dead letters'));
    expect(lines).toHaveLength(1);
    expect(await metricText(metrics)).toContain('discarr_notifications_dead_letters_total{reason="rejected"} 1');
    // Not retried later either.
    await clock.advance(600_000);
    expect(sink.failures).toBe(1);
    expect(notifier.pending()).toBe(0);
  });

  it('moves an event the renderer cannot show to the dead letters without spoiling the burst it would have joined', async () => {
    const { notifier, sink, clock, store, metrics } = setup({ burstWindowMs: 10_000 });
    await notifier.handle(makeEvent('download.grabbed'));
    const broken = makeEvent('download.grabbed');
    broken.download = { ...broken.download };
    // Whatever the renderer trips on (here a fact that throws when read), the event is set aside alone.
    Object.defineProperty(broken.download, 'releaseTitle', {
      get() {
        throw new TypeError('text.replace is not a function');
      },
      enumerable: true,
    });
    await notifier.handle(broken);
    await notifier.handle(makeEvent('download.grabbed'));
    await clock.advance(5000);
    const shown = sink.messages.get(sink.sends()[0]?.messageId ?? '');
    expect(shown?.message.embeds[0]?.title).toBe('📥 Grabbed × 2');
    expect(deadLetters(store)).toEqual([expect.objectContaining({ eventIds: [broken.id], reason: 'render: text.replace is not a function' })]);
    expect(await metricText(metrics)).toContain('discarr_notifications_dead_letters_total{reason="render"} 1');
    // The same event again is a duplicate, not a second dead letter.
    await notifier.handle(broken);
    expect(deadLetters(store)).toHaveLength(1);
  });
});

describe('transient failures', () => {
  it('hold the channel for at most the retry budget; then later messages go while the failing one keeps retrying', async () => {
    const clock = createVirtualClock();
    const recording = createRecordingSink(clock.now);
    // Discord answers 500 to this one message only (say its embed trips a bug there).
    const sink: NotificationSink = {
      send: (channel, message, options) => (JSON.stringify(message).includes('Unlucky') ? Promise.reject(new HttpLikeError(500)) : recording.send(channel, message, options)),
      edit: (channel, id, message, options) => recording.edit(channel, id, message, options),
    };
    const { notifier } = setup({ sink, clock });
    const unlucky = makeEvent('media.added', { media: { mediaType: 'movie', title: 'Unlucky', movieId: 9 } });
    await notifier.handle(unlucky);
    await notifier.handle(makeEvent('download.grabbed'));
    await clock.advance(RETRY_BUDGET_MS - 1000);
    expect(recording.sends()).toHaveLength(0);
    await clock.advance(1000);
    expect(recording.sends()).toHaveLength(1);
    // Later messages do not wait again behind it.
    await notifier.handle(makeEvent('download.completed'));
    await clock.advance(0);
    expect(recording.sends()).toHaveLength(2);
    expect(notifier.pending()).toBe(1);
  });

  it('hold the channel for at most the budget even when the failing message gets no answer at all', async () => {
    const clock = createVirtualClock();
    const recording = createRecordingSink(clock.now);
    // Discord never answers this one message (each try is abandoned at its timeout).
    const hang = (signal?: AbortSignal): Promise<never> => new Promise((_resolve, reject) => signal?.addEventListener('abort', () => { reject(new Error('aborted')); }));
    const sink: NotificationSink = {
      send: (channel, message, options) => (JSON.stringify(message).includes('Unlucky') ? hang(options?.signal) : recording.send(channel, message, options)),
      edit: (channel, id, message, options) => recording.edit(channel, id, message, options),
    };
    const { notifier } = setup({ sink, clock });
    await notifier.handle(makeEvent('media.added', { media: { mediaType: 'movie', title: 'Unlucky', movieId: 9 } }));
    await notifier.handle(makeEvent('download.grabbed'));
    await clock.advance(RETRY_BUDGET_MS - 1000);
    expect(recording.sends()).toHaveLength(0);
    await clock.advance(1000);
    expect(recording.sends()).toHaveLength(1);
  });

  it('never hold another channel', async () => {
    const { notifier, sink, clock } = setup({ routes: [{ channel: 'a' }, { channel: 'b' }] });
    const original = sink.send.bind(sink);
    sink.send = (channel, message, options) => (channel === 'a' ? Promise.reject(new Error('socket hang up')) : original(channel, message, options));
    await notifier.handle(makeEvent('download.imported'));
    await clock.advance(0);
    expect(sink.sends('b')).toHaveLength(1);
  });

  it('abandon an attempt that gets no answer and retry it with the same nonce', async () => {
    const clock = createVirtualClock();
    const nonces: (string | undefined)[] = [];
    let answer = false;
    const sink: NotificationSink = {
      send: (_channel, _message, options = {}) => {
        nonces.push(options.nonce);
        if (answer) return Promise.resolve({ messageId: '1' });
        return new Promise((_resolve, reject) => options.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
      },
      edit: () => Promise.resolve(),
    };
    const { notifier } = setup({ sink, clock });
    await notifier.handle(makeEvent('download.imported'));
    await clock.advance(15_000);
    answer = true;
    await clock.advance(2000);
    expect(nonces).toHaveLength(2);
    expect(nonces[0]).toBe(nonces[1]);
    expect(notifier.pending()).toBe(0);
  });
});

describe('the channel limit', () => {
  it('keeps to 5 requests per 5 s in a channel, the last of a window carrying every new message left as one, and a message that waited shows every event that joined meanwhile', async () => {
    const { notifier, sink, clock } = setup({ burstWindowMs: 60_000 });
    const types = ['download.grabbed', 'download.completed', 'download.imported', 'download.failed', 'media.added', 'media.deleted', 'health.raised'] as const;
    for (const type of types) await notifier.handle(makeEvent(type));
    await clock.advance(250);
    expect(sink.calls).toHaveLength(5);
    expect(sink.calls[4]?.message.embeds).toHaveLength(3);
    // Two more grabs join the first message while the channel is at its limit.
    await notifier.handle(makeEvent('download.grabbed'));
    await notifier.handle(makeEvent('download.grabbed'));
    await clock.advance(4650);
    expect(sink.calls).toHaveLength(5);
    await clock.advance(100);
    expect(sink.calls).toHaveLength(6);
    expect(sink.calls[5]?.op).toBe('edit');
    expect(sink.calls[5]?.message.embeds[0]?.title).toBe('📥 Grabbed × 3');
  });
});

describe('nonces', () => {
  it('give every new message a nonce of at most 25 characters, derived from its group and first event; a re-post after a deletion gets another', async () => {
    const { notifier, sink, clock, store } = setup();
    await notifier.handle(episodeImport(1));
    await notifier.handle(makeEvent('download.grabbed'));
    await clock.advance(0);
    const [first, second] = sink.sends();
    expect(first?.nonce).toMatch(/^[\w-]{25}$/);
    expect(second?.nonce).toMatch(/^[\w-]{25}$/);
    expect(first?.nonce).not.toBe(second?.nonce);
    const groups = (JSON.parse(store.data.get(OUTBOX_KEY) ?? '{}') as { groups: Parameters<typeof nonceFor>[0][] }).groups;
    expect(groups.map((group) => nonceFor(group))).toContain(first?.nonce);
    sink.deleteMessage(first?.messageId ?? '');
    await notifier.handle(episodeImport(2));
    await clock.advance(2000);
    const repost = sink.sends()[2];
    expect(repost?.message.embeds[0]?.title).toContain('(2 episodes)');
    expect(repost?.nonce).not.toBe(first?.nonce);
    expect(repost?.nonce?.length).toBeLessThanOrEqual(MAX_NONCE_LENGTH);
  });
});

/** A sink that answers each call only after `delayMs` of virtual time, and honours the abort signal; `delivered` has one title per embed shown. */
function slowSink(clock: VirtualClock, delayMs: number): NotificationSink & { delivered: string[] } {
  const delivered: string[] = [];
  const answer = (message: OutgoingMessage, options: SendOptions = {}): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = clock.setTimeout(() => {
        delivered.push(...message.embeds.map((embed) => embed.title ?? ''));
        resolve();
      }, delayMs);
      options.signal?.addEventListener('abort', () => {
        clock.clearTimeout(timer);
        reject(new Error('aborted'));
      });
    });
  let id = 0;
  return {
    delivered,
    send: async (_channel, message: OutgoingMessage, options) => {
      await answer(message, options);
      id += 1;
      return { messageId: String(id) };
    },
    edit: (_channel, _id, message, options) => answer(message, options),
  };
}

describe('flush and stop', () => {
  it('flush returns at its deadline and its pass stops there: nothing is delivered after, the rest stays in the outbox', async () => {
    const clock = createVirtualClock();
    const sink = slowSink(clock, 1000);
    const { notifier, store } = setup({ sink, clock, routes: [{ channel: 'a' }] });
    for (let index = 0; index < 10; index += 1) await notifier.handle(makeEvent('media.added', { id: `added:${index}` }));
    const flushed = notifier.flush(3500);
    await clock.advance(3500);
    await flushed;
    const atDeadline = sink.delivered.length;
    expect(atDeadline).toBeGreaterThanOrEqual(2);
    expect(atDeadline).toBeLessThanOrEqual(4);
    await notifier.stop();
    await clock.advance(60_000);
    expect(sink.delivered).toHaveLength(atDeadline);
    const groups = (JSON.parse(store.data.get(OUTBOX_KEY) ?? '{}') as { groups: { delivered: number; events: unknown[] }[] }).groups;
    expect(groups.filter((group) => group.delivered < group.events.length)).toHaveLength(10 - atDeadline);
  });

  it('stop({ deadlineMs }) delivers what it can, resolves by the deadline and delivers nothing after', async () => {
    const clock = createVirtualClock();
    const sink = slowSink(clock, 1000);
    const { notifier } = setup({ sink, clock, routes: [{ channel: 'a' }] });
    for (let index = 0; index < 20; index += 1) await notifier.handle(makeEvent('media.added', { id: `added:${index}` }));
    let stopped = false;
    const stopping = notifier.stop({ deadlineMs: 8000 }).then(() => (stopped = true));
    await clock.advance(7999);
    await stopping;
    expect(stopped).toBe(true);
    const count = sink.delivered.length;
    expect(count).toBeGreaterThan(0);
    await clock.advance(60_000);
    expect(sink.delivered).toHaveLength(count);
    expect(notifier.pending()).toBe(20 - count);
  });
});
