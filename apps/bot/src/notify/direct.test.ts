import type { EventOf } from '@discarr/monitor';
import { afterEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/helpers/bot-config.ts';
import { captureLogger } from '../../test/helpers/capture-logger.ts';
import { makeEvent } from '../../test/helpers/events.ts';
import { createTestStore, type TestStore } from '../../test/helpers/memory-store.ts';
import { HttpLikeError, createRecordingSink, type RecordingSink } from '../../test/helpers/recording-sink.ts';
import { createVirtualClock, type VirtualClock } from '../../test/helpers/virtual-clock.ts';
import { describeOutbox } from '../cli/outbox-command.ts';
import { Subscriptions } from '../manage/subscriptions.ts';
import { createMetrics } from '../metrics.ts';
import { CANNOT_MESSAGE_USER } from './direct.ts';
import { createNotifier, type Notifier } from './notifier.ts';
import { Outbox } from './outbox.ts';

const USER = '900000000000000002';
const ASKED_IN = '400000000000000001';

/** A Discord-like error with a JSON code (`DiscordAPIError`). */
class CodedError extends HttpLikeError {
  code: number;
  constructor(status: number, code: number) {
    super(status);
    this.code = code;
  }
}

/** The recording sink with DMs: user `u`'s channel is `dm-u`; a closed user's DMs are refused with 50007. */
function dmSink(clock: VirtualClock): RecordingSink & { closed: Set<string>; opened: string[] } {
  const base = createRecordingSink(clock.now);
  const closed = new Set<string>();
  const opened: string[] = [];
  const record = base.send.bind(base);
  const send: RecordingSink['send'] = (channelId, message, options) => (channelId.startsWith('dm-') && closed.has(channelId.slice(3)) ? Promise.reject(new CodedError(403, CANNOT_MESSAGE_USER)) : record(channelId, message, options));
  return Object.assign(base, {
    closed,
    opened,
    openDirect(userId: string) {
      opened.push(userId);
      return Promise.resolve(`dm-${userId}`);
    },
    send,
  });
}

const running: Notifier[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((notifier) => notifier.stop()));
});

function setup(shared: { store?: TestStore; clock?: VirtualClock } = {}) {
  const clock = shared.clock ?? createVirtualClock();
  const store = shared.store ?? createTestStore();
  const sink = dmSink(clock);
  const logs = captureLogger();
  const metrics = createMetrics({ defaultMetrics: false });
  const subscriptions = new Subscriptions({ store, logger: logs.logger });
  // No route takes imports: whatever is sent is a direct message.
  const notifier = createNotifier({ config: testConfig({ routes: [{ channel: ASKED_IN, events: ['download.failed'] }] }), store, sink, clock, logger: logs.logger, metrics, recipients: subscriptions });
  running.push(notifier);
  return { clock, store, sink, logs, metrics, subscriptions, notifier };
}

async function metric(metrics: ReturnType<typeof createMetrics>, name: string): Promise<{ labels: Record<string, unknown>; value: number }[]> {
  return (await metrics.registry.getMetricsAsJSON()).find((one) => one.name === name)?.values ?? [];
}

const movieImport = (overrides: Partial<EventOf<'download.imported'>> = {}) => makeEvent('download.imported', overrides);
const subscribeToMatrix = (subscriptions: Subscriptions) => subscriptions.add({ userId: USER, channelId: ASKED_IN, instance: 'radarr', kind: 'movie', libraryId: 1, title: 'The Matrix' });

describe('direct messages through the outbox', () => {
  it('sends a DM with a nonce once, counts it under `dm`, and refuses the same event again', async () => {
    const { clock, sink, metrics, subscriptions, notifier } = setup();
    await subscribeToMatrix(subscriptions);
    const event = movieImport();
    await notifier.handle(event);
    await notifier.handle(event);
    await clock.advance(0);
    expect(sink.sends().map((call) => [call.channelId, call.message.content])).toEqual([[`dm-${USER}`, '🎬 **The Matrix** is ready: imported on `radarr`.']]);
    expect(sink.sends()[0]?.nonce).toMatch(/^[\w-]{25}$/);
    expect(sink.sends()[0]?.message.components).toBeUndefined();
    expect(await metric(metrics, 'discarr_notifications_sent_total')).toEqual([expect.objectContaining({ labels: { channel: 'dm' }, value: 1 })]);
    // The movie's subscription ended with its import: a later import tells nobody.
    expect(await subscriptions.list(USER)).toEqual([]);
    await notifier.handle(movieImport());
    await clock.advance(0);
    expect(sink.sends()).toHaveLength(1);
  });

  it('goes to the channel the member asked in, mentioning only them, when Discord refuses the DM with 50007', async () => {
    const { clock, sink, subscriptions, notifier } = setup();
    sink.closed.add(USER);
    await subscribeToMatrix(subscriptions);
    await notifier.handle(movieImport());
    await clock.advance(0);
    expect(sink.sends().map((call) => [call.channelId, call.message.content, call.message.mentionUsers])).toEqual([[ASKED_IN, `<@${USER}> 🎬 **The Matrix** is ready: imported on \`radarr\`. (Your DMs are closed, so here it is.)`, [USER]]]);
    expect(notifier.pending()).toBe(0);
  });

  it('retries a DM that failed transiently on the backoff timer, without another event', async () => {
    const { clock, sink, logs, subscriptions, notifier } = setup();
    await subscribeToMatrix(subscriptions);
    sink.failWith = new HttpLikeError(503);
    await notifier.handle(movieImport());
    await clock.advance(0);
    expect(sink.failures).toBe(1);
    expect(logs.text()).toContain('notification not delivered; will retry');
    sink.failWith = undefined;
    await clock.advance(999);
    expect(sink.sends()).toHaveLength(0);
    await clock.advance(1);
    expect(sink.sends().map((call) => call.channelId)).toEqual([`dm-${USER}`]);
    expect(notifier.pending()).toBe(0);
  });

  it('moves a DM Discord refuses for good to the dead letters, under the user', async () => {
    const { clock, sink, metrics, subscriptions, notifier } = setup();
    sink.closed.add(USER);
    await subscribeToMatrix(subscriptions);
    // DMs closed, and the channel they asked in is gone (Unknown Channel).
    const send = sink.send.bind(sink);
    sink.send = (channelId, message, options) => (channelId === ASKED_IN ? Promise.reject(new CodedError(404, 10003)) : send(channelId, message, options));
    const event = movieImport();
    await notifier.handle(event);
    await clock.advance(0);
    expect(notifier.deadLetters()).toEqual([expect.objectContaining({ channel: `user:${USER}`, eventIds: [event.id], reason: expect.stringContaining('discord 404') as unknown })]);
    expect(await metric(metrics, 'discarr_notifications_dead_letters_total')).toEqual([expect.objectContaining({ labels: { reason: 'rejected' }, value: 1 })]);
    expect(notifier.pending()).toBe(0);
  });

  it('sends what a stop left in the outbox at the next start, with the same nonce', async () => {
    const store = createTestStore();
    const clock = createVirtualClock();
    const first = setup({ store, clock });
    await subscribeToMatrix(first.subscriptions);
    first.sink.failWith = new HttpLikeError(502);
    await first.notifier.handle(movieImport());
    await clock.advance(0);
    await first.notifier.stop();
    expect(first.sink.failures).toBeGreaterThan(0);
    const left = new Map(store.data);

    const second = setup({ store, clock });
    await clock.advance(0);
    expect(second.sink.sends().map((call) => call.channelId)).toEqual([`dm-${USER}`]);
    // The nonce is the group's, whatever process sends it: another start from the same state sends the same.
    const again = setup({ store: createTestStore(left), clock });
    await clock.advance(0);
    expect(again.sink.sends()[0]?.nonce).toBe(second.sink.sends()[0]?.nonce);
    expect(again.sink.sends()[0]?.nonce).toMatch(/^[\w-]{25}$/);
  });

  it('lists a pending DM and a dead one under their user for the operator (discarr outbox)', async () => {
    const { clock, store, sink, logs, subscriptions, notifier } = setup();
    const other = '900000000000000003';
    await subscribeToMatrix(subscriptions);
    await subscriptions.add({ userId: other, channelId: ASKED_IN, instance: 'radarr', kind: 'movie', libraryId: 1, title: 'The Matrix' });
    // Her DMs are closed and the channel she asked in refuses the bot; his DM fails for now.
    sink.closed.add(USER);
    const send = sink.send.bind(sink);
    sink.send = (channelId, message, options) => (channelId === ASKED_IN ? Promise.reject(new CodedError(403, 50001)) : channelId === `dm-${other}` ? Promise.reject(new HttpLikeError(503)) : send(channelId, message, options));
    const event = movieImport();
    await notifier.handle(event);
    await clock.advance(0);
    await notifier.stop();
    const outbox = new Outbox(store, logs.logger);
    await outbox.load(clock.now(), { resume: false });
    const report = describeOutbox('state.json', outbox.groups(), outbox.deadLetters());
    expect(report).toContain('Pending: 1 notification(s) in 1 message(s), 1 channel(s)');
    expect(report).toContain(`  DM to user ${other}: 1 message(s)`);
    expect(report).toMatch(/failing, 1 attempt\(s\)/);
    expect(report).toContain(`DM to user ${USER}: discord 403`);
    expect(report).toContain(`    ${event.id}`);
  });
});
