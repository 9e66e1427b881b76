import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InstanceSnapshot, QueueItemSnapshot } from '@discarr/monitor';
import { instanceSnapshot, queueItem, snapshotOf } from '../../test/helpers/events.ts';
import { parseBoardPage, renderBoard } from './board-render.ts';
import { limitViolations, messageEmbedLength } from './discord-limits.ts';

const now = Date.parse('2026-01-05T12:00:00Z');

describe('renderBoard', () => {
  it('shows one embed per instance with reachability, version, progress, health and disks', () => {
    const snapshot = snapshotOf(instanceSnapshot('radarr', 2), instanceSnapshot('sonarr', 1, { kind: 'sonarr', state: 'down', lastError: 'connect ECONNREFUSED' }));
    const { message, pageCount } = renderBoard(snapshot, { page: 0, itemsPerPage: 10, now });
    expect(pageCount).toBe(1);
    expect(message.components).toBeUndefined();
    expect(message.embeds).toHaveLength(2);
    const [radarr, sonarr] = message.embeds;
    expect(radarr?.title).toBe('🟢 radarr');
    expect(radarr?.description).toContain('**Radarr** v5.14.0.9383 · up · push connected');
    expect(radarr?.description).toMatch(/▰+▱+ 7% · 2\.9 MB\/s · ETA 10m 0s · downloading · WEBDL-1080p/);
    expect(radarr?.fields?.map((field) => field.name)).toEqual(['Health', 'Disk space']);
    expect(radarr?.fields?.[1]?.value).toContain('93.1 GB free of 931 GB (10%)');
    expect(sonarr?.title).toBe('🔴 sonarr');
    expect(sonarr?.description).toContain('unreachable');
    expect(sonarr?.description).toContain('connect ECONNREFUSED');
    expect(message.embeds.at(-1)?.timestamp).toBe('2026-01-05T12:00:00.000Z');
  });

  it('says so when no instance is configured and when an instance has no downloads', () => {
    expect(renderBoard(snapshotOf(), { page: 0, itemsPerPage: 10, now }).message.embeds[0]?.description).toBe('No instances configured.');
    const idle = renderBoard(snapshotOf(instanceSnapshot('radarr', 0, { health: [], disks: [] })), { page: 0, itemsPerPage: 10, now });
    expect(idle.message.embeds[0]?.description).toContain('*No downloads.*');
    expect(idle.message.embeds[0]?.fields).toEqual([]);
  });

  it('splits a long queue into embeds of itemsPerPage and pages with buttons', () => {
    const snapshot = snapshotOf(instanceSnapshot('radarr', 95));
    const first = renderBoard(snapshot, { page: 0, itemsPerPage: 10, now });
    expect(first.pageCount).toBeGreaterThan(1);
    expect(first.message.embeds[0]?.title).toBe('🟢 radarr (1–10 of 95)');
    const ids = first.message.components?.[0]?.components.map((button) => ('custom_id' in button ? button.custom_id : ''));
    expect(ids).toEqual(['board:page:0', 'board:page:1']);
    const last = renderBoard(snapshot, { page: 99, itemsPerPage: 10, now });
    expect(last.message.embeds.at(-1)?.title).toBe('🟢 radarr (91–95 of 95)');
    expect(last.message.embeds.at(-1)?.footer?.text).toBe(`Discarr status · page ${first.pageCount}/${first.pageCount}`);
    // Every download appears on exactly one page.
    const titles = Array.from({ length: first.pageCount }, (_, page) => renderBoard(snapshot, { page, itemsPerPage: 10, now }).message)
      .flatMap((message) => message.embeds.map((embed) => embed.description ?? ''))
      .join('\n');
    for (let index = 1; index <= 95; index += 1) expect(titles).toContain(`**Movie ${index}**`);
  });

  it('parses page button ids', () => {
    expect(parseBoardPage('board:page:3')).toBe(3);
    expect(parseBoardPage('board:page:-1')).toBeUndefined();
    expect(parseBoardPage('queue:page:3')).toBeUndefined();
  });

  it('never exceeds Discord limits and never loses a download, whatever the snapshot', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 400 });
    const item = fc.record({ title: text, percent: fc.double({ min: -10, max: 200, noNaN: true }), quality: fc.option(text, { nil: undefined }), messages: fc.array(text, { maxLength: 3 }) }).map(
      (raw, ): QueueItemSnapshot => ({ ...queueItem(1), title: raw.title, media: { mediaType: 'movie', title: raw.title }, percent: raw.percent, download: { downloadId: 'x', quality: raw.quality }, messages: raw.messages }),
    );
    const instance = fc
      .record({
        name: fc.string({ minLength: 1, maxLength: 60 }),
        state: fc.constantFrom('up', 'down', 'authFailed', 'unknown' as const),
        queue: fc.array(item, { maxLength: 60 }),
        health: fc.array(fc.record({ source: text, level: fc.constantFrom('notice', 'warning', 'error' as const), message: text }), { maxLength: 30 }),
        disks: fc.array(fc.record({ path: text, freeSpace: fc.nat(), totalSpace: fc.nat(), percentFree: fc.double({ min: 0, max: 100, noNaN: true }) }), { maxLength: 30 }),
        lastError: fc.option(fc.string({ maxLength: 2000 }), { nil: undefined }),
      })
      .map((raw): InstanceSnapshot => ({ ...instanceSnapshot(raw.name, 0), ...raw }));
    fc.assert(
      fc.property(fc.array(instance, { maxLength: 14 }), fc.integer({ min: 1, max: 30 }), (instances, itemsPerPage) => {
        const snapshot = snapshotOf(...instances);
        const { pageCount } = renderBoard(snapshot, { page: 0, itemsPerPage, now });
        let seen = 0;
        for (let page = 0; page < pageCount; page += 1) {
          const { message } = renderBoard(snapshot, { page, itemsPerPage, now });
          expect(limitViolations(message)).toEqual([]);
          expect(messageEmbedLength(message)).toBeLessThanOrEqual(6000);
          seen += message.embeds.reduce((sum, embed) => sum + ((embed.description ?? '').match(/▰|▱/g) === null ? 0 : (embed.description ?? '').split('\n').filter((line) => /[▰▱]{10} /.test(line)).length), 0);
        }
        expect(seen).toBe(instances.reduce((sum, one) => sum + one.queue.length, 0));
      }),
      { numRuns: 150 },
    );
  });
});
