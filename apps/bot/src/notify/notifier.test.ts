import { afterEach, describe, expect, it } from 'vitest';
import type { MonitorEvent } from '@discarr/monitor';
import type { BotConfig } from '../contracts.ts';
import { createMetrics } from '../metrics.ts';
import { testConfig } from '../../test/helpers/bot-config.ts';
import { captureLogger } from '../../test/helpers/capture-logger.ts';
import { allEventTypes, episodeImport, makeEvent } from '../../test/helpers/events.ts';
import { createTestStore, type TestStore } from '../../test/helpers/memory-store.ts';
import { HttpLikeError, createRecordingSink, type RecordingSink } from '../../test/helpers/recording-sink.ts';
import { createVirtualClock, type VirtualClock } from '../../test/helpers/virtual-clock.ts';
import { OUTBOX_KEY, SENT_KEY, createNotifier, type Notifier } from './notifier.ts';

interface Harness {
  notifier: Notifier;
  sink: RecordingSink;
  store: TestStore;
  clock: VirtualClock;
  metrics: ReturnType<typeof createMetrics>;
  logs: ReturnType<typeof captureLogger>;
}

const running: Notifier[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((notifier) => notifier.stop()));
});

function harness(config: BotConfig = testConfig(), shared: Partial<Pick<Harness, 'sink' | 'store' | 'clock'>> = {}): Harness {
  const clock = shared.clock ?? createVirtualClock();
  const sink = shared.sink ?? createRecordingSink(clock.now);
  const store = shared.store ?? createTestStore();
  const metrics = createMetrics({ defaultMetrics: false });
  const logs = captureLogger();
  const notifier = createNotifier({ config, store, sink, clock, logger: logs.logger, metrics });
  running.push(notifier);
  return { notifier, sink, store, clock, metrics, logs };
}

async function metricValue(metrics: ReturnType<typeof createMetrics>, name: string): Promise<number> {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((one) => one.name === name);
  return (metric?.values ?? []).reduce((sum, value) => sum + value.value, 0);
}

describe('notifier', () => {
  it('sends each routed event as one message in the route channel', async () => {
    const { notifier, sink, clock, metrics } = harness(testConfig({ routes: [{ channel: 'a' }, { channel: 'b', events: ['download.failed'] }] }));
    await notifier.handle(makeEvent('download.grabbed'));
    await notifier.handle(makeEvent('download.failed'));
    await notifier.handle(makeEvent('download.progress'));
    await clock.advance(0);
    expect(sink.sends().map((call) => [call.channelId, call.message.embeds[0]?.title])).toEqual([
      ['a', '📥 Grabbed: The Matrix (1999)'],
      ['a', '❌ Download failed: The Matrix (1999)'],
      ['b', '❌ Download failed: The Matrix (1999)'],
    ]);
    expect(notifier.pending()).toBe(0);
    expect(await metricValue(metrics, 'discarr_notifications_sent_total')).toBe(3);
    expect(await metricValue(metrics, 'discarr_notifications_pending')).toBe(0);
  });

  it('sends one message per channel when two routes of a channel match, mentioning both routes roles', async () => {
    const { notifier, sink, clock } = harness(testConfig({ routes: [{ channel: 'a', mentionRoles: ['1'] }, { channel: 'a', mentionRoles: ['2', '1'] }] }));
    await notifier.handle(makeEvent('download.imported'));
    await clock.advance(0);
    expect(sink.sends()).toHaveLength(1);
    expect(sink.sends()[0]?.message.content).toBe('<@&1> <@&2>');
    expect(sink.sends()[0]?.message.mentionRoles).toEqual(['1', '2']);
  });

  it('writes the outbox and the handled ids a few times for a burst of 1000 events, not once per event, and keeps every event', async () => {
    const store = createTestStore();
    const sets = new Map<string, number>();
    const set = store.set.bind(store);
    store.set = (key, value) => {
      sets.set(key, (sets.get(key) ?? 0) + 1);
      return set(key, value);
    };
    const { notifier } = harness(testConfig({ routes: [{ channel: 'a' }] }), { store });
    const events = Array.from({ length: 1000 }, (_, index) => makeEvent('download.grabbed', { id: `burst:${index}` }));
    await Promise.all(events.map((event) => notifier.handle(event)));
    // Each copy of the lists is as long as the burst: one per event made the burst cost its square.
    expect(sets.get(OUTBOX_KEY)).toBeLessThanOrEqual(5);
    expect(sets.get(SENT_KEY)).toBeLessThanOrEqual(5);
    const stored = JSON.parse(store.data.get(SENT_KEY) ?? '[]') as [string, number][];
    expect(new Set(stored.map(([id]) => id))).toEqual(new Set(events.map((event) => event.id)));
    const outbox = JSON.parse(store.data.get(OUTBOX_KEY) ?? '{}') as { groups: { events: { id: string }[] }[] };
    expect(outbox.groups.flatMap((group) => group.events.map((event) => event.id)).sort()).toEqual(events.map((event) => event.id).sort());
  });

  it('ignores an event id it has seen, across restarts', async () => {
    const first = harness();
    const event = makeEvent('download.imported');
    await first.notifier.handle(event);
    await first.notifier.handle(event);
    await first.clock.advance(0);
    expect(first.sink.sends()).toHaveLength(1);
    await first.notifier.stop();
    const second = harness(testConfig(), { store: first.store, sink: first.sink, clock: first.clock });
    await second.notifier.handle(event);
    await second.clock.advance(10_000);
    expect(first.sink.sends()).toHaveLength(1);
    expect(new Map(JSON.parse(first.store.data.get(SENT_KEY) ?? '[]') as [string, number][]).has(event.id)).toBe(true);
  });

  it('keeps every notification through an outage and delivers them in order with backoff', async () => {
    const { notifier, sink, clock, metrics, store } = harness();
    sink.failWith = new HttpLikeError(503);
    for (const event of allEventTypes()) await notifier.handle(event);
    await clock.advance(0);
    expect(notifier.pending()).toBe(17);
    expect(sink.calls).toHaveLength(0);
    const failuresAfterFirst = sink.failures;
    // Backoff: the next attempts come at 1 s, 2 s, 4 s... not in a tight loop.
    await clock.advance(999);
    expect(sink.failures).toBe(failuresAfterFirst);
    await clock.advance(120_000);
    expect(sink.failures).toBeLessThan(20);
    expect((JSON.parse(store.data.get(OUTBOX_KEY) ?? '{}') as { groups: unknown[] }).groups).toHaveLength(17);
    sink.failWith = undefined;
    await clock.advance(60_000);
    expect(notifier.pending()).toBe(0);
    // In order; what waited beyond the channel's window goes combined, one embed per message.
    const shown = sink.sends().flatMap((call) => call.message.embeds);
    expect(shown).toHaveLength(17);
    expect(sink.sends().length).toBeLessThan(17);
    expect(shown[0]?.title).toContain('Grabbed');
    expect(shown[16]?.title).toContain('Deleted');
    expect(await metricValue(metrics, 'discarr_notifications_failed_total')).toBe(sink.failures);
  });

  it('resumes the outbox after a restart without losing or repeating', async () => {
    const first = harness();
    first.sink.failWith = new HttpLikeError(502);
    await first.notifier.handle(makeEvent('download.imported'));
    await first.notifier.handle(makeEvent('media.added'));
    await first.clock.advance(0);
    await first.notifier.stop();
    first.sink.failWith = undefined;
    const second = harness(testConfig(), { store: first.store, sink: first.sink, clock: first.clock });
    await second.clock.advance(0);
    expect(first.sink.sends()).toHaveLength(2);
    expect(second.notifier.pending()).toBe(0);
  });

  it('sets aside a message Discord refuses for good instead of blocking the channel', async () => {
    const { notifier, sink, clock, logs } = harness();
    sink.failWith = new HttpLikeError(403);
    await notifier.handle(makeEvent('download.imported'));
    await clock.advance(0);
    sink.failWith = undefined;
    await notifier.handle(makeEvent('media.added'));
    await clock.advance(0);
    expect(sink.sends()).toHaveLength(1);
    expect(logs.text()).toContain('notification cannot be delivered; moved to the dead letters');
  });

  it('edits one message as the episodes of a season pack import', async () => {
    const { notifier, sink, clock } = harness(testConfig({ notifications: { burstWindowMs: 0, seasonPackWindowMs: 600_000 } }));
    for (let episode = 1; episode <= 8; episode += 1) {
      await notifier.handle(episodeImport(episode));
      await clock.advance(30_000);
    }
    expect(sink.sends()).toHaveLength(1);
    const messageId = sink.sends()[0]?.messageId ?? '';
    expect(sink.edits().every((call) => call.messageId === messageId)).toBe(true);
    expect(sink.edits()).toHaveLength(7);
    expect(sink.messages.get(messageId)?.message.embeds[0]?.title).toBe('🎬 Imported: Severance (2022) — Season 1 (8 episodes)');
    // After the window a new import of the same download starts a new message.
    await clock.advance(600_000);
    await notifier.handle(episodeImport(9));
    await clock.advance(0);
    expect(sink.sends()).toHaveLength(2);
  });

  it('keeps editing the same season-pack message after a restart, and re-posts it when deleted', async () => {
    const first = harness();
    await first.notifier.handle(episodeImport(1));
    await first.clock.advance(0);
    await first.notifier.stop();
    const second = harness(testConfig(), { store: first.store, sink: first.sink, clock: first.clock });
    await second.notifier.handle(episodeImport(2));
    await second.clock.advance(2000);
    expect(first.sink.sends()).toHaveLength(1);
    expect(first.sink.edits()).toHaveLength(1);
    first.sink.deleteMessage(first.sink.sends()[0]?.messageId ?? '');
    await second.notifier.handle(episodeImport(3));
    await second.clock.advance(2000);
    expect(first.sink.sends()).toHaveLength(2);
    expect(first.sink.sends()[1]?.message.embeds[0]?.title).toContain('(3 episodes)');
  });

  it('groups a burst of one type into one message, edited at most once a second', async () => {
    const { notifier, sink, clock } = harness(testConfig({ notifications: { burstWindowMs: 10_000, seasonPackWindowMs: 600_000 } }));
    for (let index = 0; index < 50; index += 1) {
      await notifier.handle(makeEvent('download.grabbed'));
      await clock.advance(100);
    }
    await notifier.handle(makeEvent('health.raised'));
    await clock.advance(5000);
    const grabbed = sink.calls.filter((call) => call.message.embeds[0]?.title?.startsWith('📥'));
    expect(grabbed.filter((call) => call.op === 'send')).toHaveLength(1);
    expect(grabbed.filter((call) => call.op === 'edit').length).toBeLessThanOrEqual(6);
    const last = sink.messages.get(grabbed[0]?.messageId ?? '');
    expect(last?.message.embeds[0]?.title).toBe('📥 Grabbed × 50');
    expect(sink.sends().filter((call) => call.message.embeds[0]?.title?.startsWith('⚠️'))).toHaveLength(1);
    // After the window, a new grab opens a new message.
    await clock.advance(10_000);
    await notifier.handle(makeEvent('download.grabbed'));
    await clock.advance(0);
    expect(sink.sends().filter((call) => call.message.embeds[0]?.title?.startsWith('📥'))).toHaveLength(2);
  });

  it('holds non-urgent events in quiet hours and sends one digest when they end; urgent ones go at once', async () => {
    const clock = createVirtualClock(Date.parse('2026-01-05T21:30:00Z'));
    const config = testConfig({ routes: [{ channel: 'night', mentionRoles: ['9'], quietHours: { start: '22:00', end: '07:00', timezone: 'UTC' } }] });
    const { notifier, sink } = harness(config, { clock });
    await notifier.handle(makeEvent('download.grabbed'));
    await clock.advance(0);
    expect(sink.sends()).toHaveLength(1);
    await clock.advance(3600_000); // 22:30: quiet
    await notifier.handle(makeEvent('download.imported'));
    await notifier.handle(makeEvent('media.added'));
    await notifier.handle(makeEvent('download.failed'));
    await clock.advance(1000);
    expect(sink.sends().map((call) => call.message.embeds[0]?.title)).toEqual(['📥 Grabbed: The Matrix (1999)', '❌ Download failed: The Matrix (1999)']);
    expect(notifier.pending()).toBe(2);
    // Flushing (shutdown) does not send what quiet hours hold; it stays for later.
    await notifier.flush(1000);
    expect(sink.sends()).toHaveLength(2);
    await clock.advance(8 * 3600_000); // 06:30: still quiet
    expect(sink.sends()).toHaveLength(2);
    await clock.advance(3600_000); // 07:30
    expect(sink.sends()).toHaveLength(3);
    const digest = sink.sends()[2]?.message;
    expect(digest?.embeds[0]?.title).toBe('🌙 While you were away: 2 events');
    expect(digest?.content).toBe('<@&9>');
    expect(notifier.pending()).toBe(0);
  });

  it('flush delivers what is in backoff, within its deadline', async () => {
    const { notifier, sink, clock } = harness();
    sink.failWith = new HttpLikeError(500);
    await notifier.handle(makeEvent('download.imported'));
    await clock.advance(0);
    sink.failWith = undefined;
    await notifier.flush(5000);
    expect(sink.sends()).toHaveLength(1);
    sink.failWith = new Error('socket hang up');
    await notifier.handle(makeEvent('media.added'));
    const flushed = notifier.flush(2000);
    await clock.advance(2500);
    await flushed;
    expect(notifier.pending()).toBe(1);
  });

  it('ignores events after stop and events no route takes', async () => {
    const { notifier, sink, clock } = harness(testConfig({ routes: [{ channel: 'a', instances: ['other'] }] }));
    await notifier.handle(makeEvent('download.imported'));
    await notifier.stop();
    await notifier.handle(makeEvent('download.imported', { instance: 'other' }));
    await clock.advance(0);
    expect(sink.calls).toHaveLength(0);
  });

  it('keeps a held digest across a restart and adds later quiet events to it', async () => {
    const clock = createVirtualClock(Date.parse('2026-01-05T23:00:00Z'));
    const config = testConfig({ routes: [{ channel: 'night', quietHours: { start: '22:00', end: '07:00', timezone: 'UTC' } }] });
    const first = harness(config, { clock });
    await first.notifier.handle(makeEvent('download.imported'));
    await first.notifier.stop();
    const second = harness(config, { clock, store: first.store, sink: first.sink });
    await second.notifier.handle(makeEvent('media.added'));
    await clock.advance(0);
    expect(second.notifier.pending()).toBe(2);
    await clock.advance(9 * 3600_000);
    expect(first.sink.sends()).toHaveLength(1);
    expect(first.sink.sends()[0]?.message.embeds[0]?.title).toBe('🌙 While you were away: 2 events');
  });

  it('groups a Sonarr burst of one kind and instance (different series and downloads) within the window, as for Radarr', async () => {
    const { notifier, sink, clock } = harness(testConfig({ notifications: { burstWindowMs: 10_000, seasonPackWindowMs: 600_000 } }));
    for (let index = 0; index < 6; index += 1) {
      const grab = episodeImport(1, `sab_${index}`);
      await notifier.handle({ ...grab, type: 'download.grabbed', id: `grab:${index}`, media: { ...grab.media, title: `Show ${index}` } } as unknown as MonitorEvent);
      await notifier.handle({ ...episodeImport(1, `other_${index}`), instance: 'sonarr-4k', id: `import:4k:${index}` });
      await clock.advance(1500);
    }
    await clock.advance(5000);
    const titles = sink.sends().map((call) => call.message.embeds[0]?.title);
    expect(titles).toHaveLength(2);
    const shown = sink.sends().map((call) => sink.messages.get(call.messageId)?.message.embeds[0]?.title);
    expect(shown).toEqual(['📥 Grabbed × 6', '🎬 Imported × 6']);
    // A later episode of one of those downloads still joins its message (a season pack), after the burst window.
    await clock.advance(60_000);
    await notifier.handle({ ...episodeImport(2, 'other_3'), instance: 'sonarr-4k', id: 'import:4k:late' });
    await clock.advance(2000);
    expect(sink.sends()).toHaveLength(2);
    expect(sink.messages.get(sink.sends()[1]?.messageId ?? '')?.message.embeds[0]?.title).toBe('🎬 Imported × 7');
  });
});
