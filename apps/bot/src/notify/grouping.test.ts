/** Grouping and the outbox with keys from outside: ids, instances and download ids like `__proto__` are plain values. */
import type { MonitorEvent } from '@discarr/monitor';
import fc from 'fast-check';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../test/helpers/bot-config.ts';
import { makeEvent } from '../../test/helpers/events.ts';
import { createTestStore } from '../../test/helpers/memory-store.ts';
import { placeEvent } from './grouping.ts';
import { Outbox, SENT_KEY } from './outbox.ts';

const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'a', 'b'];

describe('grouping with hostile keys', () => {
  it('groups by the values of instance, type and download id, and never touches Object.prototype', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ instance: fc.constantFrom(...HOSTILE), downloadId: fc.constantFrom(...HOSTILE), id: fc.constantFrom(...HOSTILE) }), { minLength: 1, maxLength: 30 }), async (inputs) => {
        const store = createTestStore();
        const outbox = new Outbox(store, pino({ level: 'silent' }));
        await outbox.load(0);
        const config = testConfig({ notifications: { burstWindowMs: 10_000, seasonPackWindowMs: 600_000 } });
        for (const [index, input] of inputs.entries()) {
          const base = makeEvent('download.grabbed');
          const event = { ...base, id: `${input.id}${index % 3 === 0 ? '' : String(index)}`, instance: input.instance, kind: 'sonarr', download: { ...base.download, downloadId: input.downloadId } } as MonitorEvent;
          if (outbox.seen(event.id)) continue;
          placeEvent(outbox, config, event, 1000 + index);
          outbox.markSeen(event.id, 1000 + index);
        }
        // One group per instance (same type, all within the window).
        const instances = new Set(outbox.groups().flatMap((group) => group.events.map((event) => event.instance)));
        expect(outbox.groups()).toHaveLength(instances.size);
        for (const group of outbox.groups()) expect(new Set(group.events.map((event) => event.instance)).size).toBe(1);
        await outbox.persist();
        await outbox.persistSent();
        // Read back: the ids survive as values.
        const again = new Outbox(store, pino({ level: 'silent' }));
        await again.load(2000);
        for (const group of outbox.groups()) for (const event of group.events) expect(again.seen(event.id)).toBe(true);
        expect(Array.isArray(JSON.parse(store.data.get(SENT_KEY) ?? 'null'))).toBe(true);
      }),
      { numRuns: 200 },
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).radarr).toBeUndefined();
  });

  it('reads the handled ids of earlier versions (an object keyed by id) without trusting its prototype', async () => {
    const store = createTestStore(new Map([[SENT_KEY, '{"__proto__": 5, "download.grabbed:radarr:1": 6}']]));
    const outbox = new Outbox(store, pino({ level: 'silent' }));
    await outbox.load(0);
    expect(outbox.seen('__proto__')).toBe(true);
    expect(outbox.seen('download.grabbed:radarr:1')).toBe(true);
    expect(outbox.seen('toString')).toBe(false);
  });
});
