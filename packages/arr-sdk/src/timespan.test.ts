import { expect, it } from 'vitest';
import fc from 'fast-check';
import { formatTimeSpan, parseTimeSpan } from './timespan.ts';

it('reads the TimeSpan strings the apps send', () => {
  expect(parseTimeSpan('00:01:05')).toBe(65_000);
  expect(parseTimeSpan('1.02:00:00')).toBe(26 * 3_600_000);
  expect(parseTimeSpan('00:00:01.5000000')).toBe(1500);
  expect(parseTimeSpan(undefined)).toBeUndefined();
  expect(parseTimeSpan('soon')).toBeUndefined();
});

it('formats what it parses back to the same milliseconds (whole seconds)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 400 * 86_400 }), (seconds) => {
      expect(parseTimeSpan(formatTimeSpan(seconds * 1000))).toBe(seconds * 1000);
    }),
  );
});
