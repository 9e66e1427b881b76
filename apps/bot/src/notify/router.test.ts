import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../test/helpers/events.ts';
import { testConfig } from '../../test/helpers/bot-config.ts';
import { isQuiet, isUrgent, minutesOfDay, parseClockTime, routesFor } from './router.ts';

describe('routesFor', () => {
  const config = testConfig({
    routes: [
      { channel: 'all' },
      { channel: 'failures', events: ['download.failed', 'download.progress'] },
      { channel: '4k', instances: ['radarr-4k'] },
      { channel: 'kids', tags: [5] },
      { channel: 'uhd', qualities: ['bluray-2160p'] },
    ],
  });
  const channels = (event: Parameters<typeof routesFor>[1]): string[] => routesFor(config, event).map((route) => route.channel);

  it('sends every event but progress to routes without an events filter', () => {
    expect(channels(makeEvent('download.grabbed'))).toEqual(['all']);
    expect(channels(makeEvent('download.progress'))).toEqual(['failures']);
    expect(channels(makeEvent('download.failed'))).toEqual(['all', 'failures']);
  });

  it('filters by instance, tag and quality', () => {
    expect(channels(makeEvent('health.raised', { instance: 'radarr-4k' }))).toEqual(['all', '4k']);
    const kids = makeEvent('download.imported');
    kids.media = { ...kids.media, tags: [3, 5] as unknown as typeof kids.media.tags }; // ids or labels: compared as text
    expect(channels(kids)).toEqual(['all', 'kids']);
    const uhd = makeEvent('download.grabbed');
    uhd.download = { ...uhd.download, quality: 'Bluray-2160p' };
    expect(channels(uhd)).toEqual(['all', 'uhd']);
    // Events without media or quality never pass those filters.
    expect(channels(makeEvent('disk.low'))).toEqual(['all']);
  });
});

describe('quiet hours', () => {
  const at = (iso: string): number => Date.parse(iso);
  const route = { channel: 'c', quietHours: { start: '22:00', end: '07:00', timezone: 'Europe/Paris' } };

  it('spans midnight in the route time zone', () => {
    // Paris is UTC+1 in January.
    expect(isQuiet(route, at('2026-01-05T20:59:00Z'))).toBe(false);
    expect(isQuiet(route, at('2026-01-05T21:00:00Z'))).toBe(true);
    expect(isQuiet(route, at('2026-01-05T23:30:00Z'))).toBe(true);
    expect(isQuiet(route, at('2026-01-06T05:59:00Z'))).toBe(true);
    expect(isQuiet(route, at('2026-01-06T06:00:00Z'))).toBe(false);
  });

  it('handles a same-day window, no window and malformed times', () => {
    const day = { channel: 'c', quietHours: { start: '09:00', end: '17:30', timezone: 'UTC' } };
    expect(isQuiet(day, at('2026-01-05T08:59:00Z'))).toBe(false);
    expect(isQuiet(day, at('2026-01-05T12:00:00Z'))).toBe(true);
    expect(isQuiet(day, at('2026-01-05T17:30:00Z'))).toBe(false);
    expect(isQuiet({ channel: 'c' }, at('2026-01-05T12:00:00Z'))).toBe(false);
    expect(isQuiet({ channel: 'c', quietHours: { start: '25:00', end: '07:00' } }, 0)).toBe(false);
    expect(isQuiet({ channel: 'c', quietHours: { start: '07:00', end: '07:00' } }, 0)).toBe(false);
    expect(parseClockTime('24:00')).toBe(1440);
    expect(parseClockTime('7:5')).toBeUndefined();
    expect(minutesOfDay(at('2026-01-05T00:30:00Z'), 'America/New_York')).toBe(19 * 60 + 30);
  });

  it('knows which events are urgent', () => {
    expect(isUrgent(makeEvent('download.failed'))).toBe(true);
    expect(isUrgent(makeEvent('instance.down'))).toBe(true);
    expect(isUrgent(makeEvent('disk.low'))).toBe(true);
    expect(isUrgent(makeEvent('download.imported'))).toBe(false);
    expect(isUrgent(makeEvent('health.raised'))).toBe(false);
    expect(isUrgent(makeEvent('health.raised', { health: { source: 's', level: 'error', message: 'm' } }))).toBe(true);
  });
});
