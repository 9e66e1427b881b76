import { describe, expect, it } from 'vitest';
import { diskFacts, updateDisks } from './disk-tracker.ts';

const GB = 1e9;
const t = { minFreeBytes: 10 * GB, minFreePercent: 5, hysteresisPercent: 2 };

describe('updateDisks', () => {
  it('reports a disk low below the percent threshold and ok only past the hysteresis', () => {
    let state = {};
    const read = (free: number) => {
      const result = updateDisks(state, [diskFacts('/data', free * GB, 1000 * GB)], t, free);
      state = result.next;
      return [result.low.length, result.ok.length];
    };
    expect(read(100)).toEqual([0, 0]);
    expect(read(40)).toEqual([1, 0]);
    expect(read(30)).toEqual([0, 0]);
    expect(read(55)).toEqual([0, 0]);
    expect(read(75)).toEqual([0, 1]);
    expect(read(70)).toEqual([0, 0]);
  });

  it('reports a disk low below the absolute threshold', () => {
    const { low } = updateDisks({}, [diskFacts('/small', 5 * GB, 50 * GB, 'small')], t, 0);
    expect(low[0]?.disk).toMatchObject({ path: '/small', label: 'small', percentFree: 10 });
  });

  it('ignores a disk without a size', () => {
    expect(updateDisks({}, [diskFacts('/mnt', 0, 0)], t, 0).next).toEqual({});
  });
});
