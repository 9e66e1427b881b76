/** Combined messages: a burst of kinds in one channel goes out within Discord's window, each group keeping its message, edits, nonce and mentions. */
import { afterEach, describe, expect, it } from 'vitest';
import type { BotConfig, OutgoingMessage } from '../contracts.ts';
import { createMetrics } from '../metrics.ts';
import { limitViolations, messageEmbedLength } from '../render/discord-limits.ts';
import { NOTIFY, testConfig } from '../../test/helpers/bot-config.ts';
import { captureLogger } from '../../test/helpers/capture-logger.ts';
import { makeEvent } from '../../test/helpers/events.ts';
import { createTestStore, type TestStore } from '../../test/helpers/memory-store.ts';
import { HttpLikeError, createRecordingSink } from '../../test/helpers/recording-sink.ts';
import { createVirtualClock, type VirtualClock } from '../../test/helpers/virtual-clock.ts';
import { combineMessages } from './combine.ts';
import { OUTBOX_KEY, createNotifier, type Notifier } from './notifier.ts';

const running: Notifier[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((notifier) => notifier.stop()));
});

function setup(options: { clock?: VirtualClock; store?: TestStore; routes?: BotConfig['routes'] } = {}) {
  const clock = options.clock ?? createVirtualClock();
  const sink = createRecordingSink(clock.now);
  const store = options.store ?? createTestStore();
  const config = testConfig({ routes: options.routes ?? [{ channel: NOTIFY }], notifications: { burstWindowMs: 60_000, seasonPackWindowMs: 600_000 } });
  const notifier = createNotifier({ config, store, sink, clock, logger: captureLogger().logger, metrics: createMetrics({ defaultMetrics: false }) });
  running.push(notifier);
  return { notifier, sink, clock, store };
}

const KINDS = ['download.grabbed', 'download.completed', 'download.imported', 'download.failed', 'download.importBlocked', 'media.added', 'media.deleted', 'health.raised'] as const;

interface StoredGroup { seq: number; key: string; messageId?: string; batch?: number[]; delivered: number; events: unknown[] }
function storedGroups(store: TestStore): StoredGroup[] {
  return (JSON.parse(store.data.get(OUTBOX_KEY) ?? '{}') as { groups: StoredGroup[] }).groups;
}

describe('a burst of kinds in one channel', () => {
  it('goes out within the first window as at most 5 requests, every kind shown, and the groups inside keep their edits', async () => {
    const { notifier, sink, clock, store } = setup();
    for (const type of KINDS) await notifier.handle(makeEvent(type));
    await clock.advance(1000);
    expect(sink.calls.length).toBeLessThanOrEqual(5);
    const titles = sink.sends().flatMap((call) => call.message.embeds.map((embed) => embed.title ?? ''));
    expect(titles).toHaveLength(KINDS.length);
    expect(notifier.pending()).toBe(0);
    const combined = sink.sends().at(-1);
    expect(combined?.message.embeds.length).toBeGreaterThan(1);
    expect(limitViolations(combined?.message as OutgoingMessage)).toEqual([]);
    // Each group records the message it went out in.
    const inCombined = storedGroups(store).filter((group) => group.messageId === combined?.messageId);
    expect(inCombined).toHaveLength(combined?.message.embeds.length ?? 0);
    expect(inCombined.every((group) => group.batch?.length === inCombined.length)).toBe(true);
    // A later event of a kind inside the combined message edits that message; the other embeds stay.
    await clock.advance(1000);
    await notifier.handle(makeEvent('health.raised'));
    await clock.advance(5000);
    const edit = sink.edits().at(-1);
    expect(edit?.messageId).toBe(combined?.messageId);
    expect(edit?.message.embeds).toHaveLength(combined?.message.embeds.length ?? 0);
    expect(edit?.message.embeds.at(-1)?.title).toContain('× 2');
    expect(edit?.message.embeds.slice(0, -1).map((embed) => embed.title)).toEqual(combined?.message.embeds.slice(0, -1).map((embed) => embed.title));
    expect(sink.sends()).toHaveLength(5);
  });

  it('carries the union of its groups role mentions', async () => {
    const { notifier, sink, clock } = setup({ routes: [{ channel: NOTIFY, events: ['download.grabbed', 'download.completed', 'download.imported', 'download.failed', 'media.added'], mentionRoles: ['11'] }, { channel: NOTIFY, events: ['media.deleted', 'health.raised'], mentionRoles: ['22'] }] });
    for (const type of ['download.grabbed', 'download.completed', 'download.imported', 'download.failed', 'media.added', 'media.deleted', 'health.raised'] as const) await notifier.handle(makeEvent(type));
    await clock.advance(1000);
    const combined = sink.sends().at(-1);
    expect(combined?.message.embeds).toHaveLength(3);
    expect(combined?.message.mentionRoles).toEqual(['11', '22']);
    expect(combined?.message.content).toBe('<@&11> <@&22>');
  });

  it('is sent again after a restart as the same message under the same nonce, so Discord posts it once', async () => {
    const clock = createVirtualClock();
    const store = createTestStore();
    const first = setup({ clock, store });
    const original = first.sink.send.bind(first.sink);
    let calls = 0;
    // Discord takes the combined message, but its answer is lost (the bot dies before recording it).
    first.sink.send = async (channel, message, options) => {
      calls += 1;
      const sent = await original(channel, message, options);
      if (calls === 5) throw new HttpLikeError(503);
      return sent;
    };
    for (const type of KINDS) await first.notifier.handle(makeEvent(type));
    await clock.advance(1000);
    const lost = first.sink.sends().at(-1);
    expect(lost?.message.embeds.length).toBeGreaterThan(1);
    await first.notifier.stop();
    const second = setup({ clock, store });
    await clock.advance(10_000);
    const again = second.sink.sends();
    expect(again).toHaveLength(1);
    expect(again[0]?.nonce).toBe(lost?.nonce);
    expect(again[0]?.message.embeds.map((embed) => embed.title)).toEqual(lost?.message.embeds.map((embed) => embed.title));
    expect(second.notifier.pending()).toBe(0);
  });
});

describe('combineMessages', () => {
  it('keeps a combined message within 6000 characters by shortening the longest descriptions', () => {
    const big = (title: string): OutgoingMessage => ({ embeds: [{ title, description: 'x'.repeat(3500) }] });
    const combined = combineMessages([big('a'), big('b'), big('c')]);
    expect(combined.embeds.map((embed) => embed.title)).toEqual(['a', 'b', 'c']);
    expect(messageEmbedLength(combined)).toBeLessThanOrEqual(6000);
    expect(limitViolations(combined)).toEqual([]);
  });
});
