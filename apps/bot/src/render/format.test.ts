import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { episodeCode, escapeMarkdown, formatBytes, formatDuration, joinLinesWithin, progressBar, truncate } from './format.ts';

describe('format', () => {
  it('formats sizes, durations, bars and codes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(8_589_934_592)).toBe('8.0 GB');
    expect(formatBytes(Number.NaN)).toBe('0 B');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(3_723_000)).toBe('1h 2m');
    expect(formatDuration(90_061_000)).toBe('1d 1h');
    expect(formatDuration(-1)).toBe('?');
    expect(progressBar(52, 6)).toBe('▰▰▰▱▱▱ 52%');
    expect(progressBar(150)).toBe('▰▰▰▰▰▰▰▰▰▰ 100%');
    expect(progressBar(Number.NaN)).toBe('▱▱▱▱▱▱▱▱▱▱ 0%');
    expect(episodeCode(1, 2)).toBe('S01E02');
    expect(escapeMarkdown('a*b_c')).toBe('a\\*b\\_c');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 0)).toBe('');
    expect(truncate('abc', 1)).toBe('…');
  });

  it('joins lines within a budget and counts what it left out', () => {
    expect(joinLinesWithin(['aaaa', 'bbbb', 'cccc'], 100)).toBe('aaaa\nbbbb\ncccc');
    expect(joinLinesWithin(['aaaa', 'bbbb', 'cccc', 'dddd'], 24)).toBe('aaaa\nbbbb\n… and 2 more');
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 50 }), { maxLength: 100 }), fc.integer({ min: 0, max: 500 }), (lines, max) => {
        const text = joinLinesWithin(lines, max);
        expect(text.length).toBeLessThanOrEqual(max);
      }),
    );
  });
});
