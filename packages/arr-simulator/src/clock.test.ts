import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createRealtimeClock, createVirtualClock } from './clock.ts';
import { paginate, readPaging } from './model/paging.ts';
import { createRandom, hashInt31 } from './random.ts';
import { formatTimeSpan } from '@discarr/arr-sdk';

describe('clocks', () => {
  it('moves a virtual clock only when advanced and ticks its listeners', () => {
    const clock = createVirtualClock(1000);
    const ticks: number[] = [];
    const off = clock.onTick((now) => ticks.push(now));
    clock.advance(500);
    clock.set(10);
    clock.set(5000);
    off();
    clock.advance(1);
    expect(ticks).toEqual([1500, 1500, 5000]);
    expect(clock.now()).toBe(5001);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });

  it('runs a real-time clock at its speed and ticks on an interval', () => {
    vi.useFakeTimers();
    try {
      let real = 0;
      const clock = createRealtimeClock({ speed: 10, startMs: 0, realNow: () => real, tickIntervalMs: 100 });
      const ticks: number[] = [];
      clock.onTick((now) => ticks.push(now));
      real = 100;
      vi.advanceTimersByTime(100);
      expect(ticks).toEqual([1000]);
      expect(clock.advance(500)).toBe(1500);
      clock.stop();
      vi.advanceTimersByTime(1000);
      expect(ticks).toEqual([1000, 1500]);
      expect(() => createRealtimeClock({ speed: 0 })).toThrow(RangeError);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('helpers', () => {
  it('formats time left as a .NET TimeSpan', () => {
    expect(formatTimeSpan(0)).toBe('00:00:00');
    expect(formatTimeSpan(3_723_000)).toBe('01:02:03');
    expect(formatTimeSpan(90_061_000)).toBe('1.01:01:01');
  });

  it('draws the same sequence from the same seed and derives positive queue ids', () => {
    const a = createRandom(5);
    const b = createRandom(5);
    expect([a.next(), a.int(1, 6), a.hex(12)]).toEqual([b.next(), b.int(1, 6), b.hex(12)]);
    expect(() => a.pick([])).toThrow(RangeError);
    fc.assert(fc.property(fc.string(), (text) => hashInt31(text) > 0 && hashInt31(text) <= 0x7fffffff));
  });

  it('pages any list into disjoint pages that cover it in sort order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 60 }), fc.integer({ min: 1, max: 15 }), fc.boolean(), (values, pageSize, descending) => {
        const items = values.map((value, index) => ({ value, index }));
        const collected: number[] = [];
        for (let page = 1; page <= Math.ceil(items.length / pageSize) + 1; page++) {
          const request = readPaging(new URLSearchParams({ page: String(page), pageSize: String(pageSize), sortKey: 'value', sortDirection: descending ? 'descending' : 'ascending' }), { sortKey: 'value', sortDirection: 'ascending' });
          const result = paginate(items, request, (item) => item.value, 'value');
          expect(result.totalRecords).toBe(items.length);
          collected.push(...result.records.map((item) => item.value));
        }
        const sorted = [...values].sort((x, y) => (descending ? y - x : x - y));
        expect(collected).toEqual(sorted);
      }),
    );
  });
});
