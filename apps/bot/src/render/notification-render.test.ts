import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MonitorEvent } from '@discarr/monitor';
import { allEventTypes, episodeImport, makeEvent } from '../../test/helpers/events.ts';
import { limitViolations } from './discord-limits.ts';
import { EVENT_COLOURS, parseActionId, renderNotification } from './notification-render.ts';

describe('renderNotification', () => {
  it('renders a grabbed movie with poster, colour, instance as author, fields and links', () => {
    const message = renderNotification([makeEvent('download.grabbed')]);
    const [embed] = message.embeds;
    expect(embed?.title).toBe('📥 Grabbed: The Matrix (1999)');
    expect(embed?.author?.name).toBe('radarr');
    expect(embed?.color).toBe(EVENT_COLOURS['download.grabbed']);
    expect(embed?.thumbnail?.url).toBe('https://image.tmdb.org/t/p/original/matrix.jpg');
    expect(embed?.fields?.map((field) => field.name)).toEqual(['Quality', 'Size', 'Indexer', 'Download client', 'Release', 'Links']);
    expect(embed?.fields?.find((field) => field.name === 'Links')?.value).toBe(
      '[TMDb](https://www.themoviedb.org/movie/603) · [IMDb](https://www.imdb.com/title/tt0133093/)',
    );
    expect(embed?.timestamp).toBe('2026-01-05T12:00:00.000Z');
    expect(message.components).toBeUndefined();
  });

  it('says so when the app did not grab a new download (put in the download client directly)', () => {
    const radarr = renderNotification([{ ...makeEvent('download.grabbed'), notGrabbed: true }]).embeds[0];
    expect(radarr?.title).toBe('📥 New in the download client: The Matrix (1999)');
    expect(radarr?.description).toContain('Radarr did not grab this download: it was put in the download client directly.');
    const grabbed = renderNotification([makeEvent('download.grabbed')]).embeds[0];
    expect(grabbed?.description ?? '').not.toContain('did not grab');
    // Its failure offers no blocklist: the app has no release to blocklist.
    const failed = renderNotification([{ ...makeEvent('download.failed'), notGrabbed: true }]);
    expect(failed.components?.flatMap((row) => row.components.map((button) => ('custom_id' in button ? button.custom_id : '')))).toEqual(['action:retry:radarr:SABnzbd_nzo_abc123', 'action:remove:radarr:SABnzbd_nzo_abc123']);
    // In a group of grabs, its line says so.
    const group = renderNotification([makeEvent('download.grabbed'), { ...makeEvent('download.grabbed', { id: 'other' }), notGrabbed: true }]).embeds[0];
    expect(group?.description?.match(/not grabbed by Radarr/g)).toHaveLength(1);
  });

  it('renders every event type within Discord limits with its own colour', () => {
    for (const event of allEventTypes()) {
      const message = renderNotification([event]);
      expect(limitViolations(message), event.type).toEqual([]);
      expect(message.embeds[0]?.color).toBe(EVENT_COLOURS[event.type]);
      expect(message.embeds[0]?.title?.length).toBeGreaterThan(0);
    }
    expect(new Set(Object.values(EVENT_COLOURS)).size).toBeGreaterThan(10);
  });

  it('puts action buttons on failed, stalled and import-blocked downloads', () => {
    const ids = (event: MonitorEvent): string[] =>
      renderNotification([event]).components?.flatMap((row) => row.components.map((button) => ('custom_id' in button ? button.custom_id : ''))) ?? [];
    expect(ids(makeEvent('download.failed'))).toEqual([
      'action:retry:radarr:SABnzbd_nzo_abc123',
      'action:blocklist:radarr:SABnzbd_nzo_abc123',
      'action:remove:radarr:SABnzbd_nzo_abc123',
    ]);
    expect(ids(makeEvent('download.stalled'))).toHaveLength(3);
    expect(ids(makeEvent('download.importBlocked'))).toEqual(['action:manualImport:radarr:SABnzbd_nzo_abc123', 'action:remove:radarr:SABnzbd_nzo_abc123']);
    expect(ids(makeEvent('download.imported'))).toEqual([]);
    const longId = makeEvent('download.failed', { download: { downloadId: 'x'.repeat(95) } });
    expect(renderNotification([longId]).components).toBeUndefined();
    expect(parseActionId('action:manualImport:sonarr-4k:abc:def')).toEqual({ kind: 'manualImport', instance: 'sonarr-4k', downloadId: 'abc:def' });
    expect(parseActionId('action:explode:x:y')).toBeUndefined();
  });

  it('says a removal cannot tell the outcome when the movie was deleted, and says nothing of it otherwise', () => {
    const deleted = renderNotification([makeEvent('download.removed', { mediaDeleted: true })]).embeds[0]?.description ?? '';
    expect(deleted).toContain('The movie was deleted from the library');
    const plain = renderNotification([makeEvent('download.removed')]).embeds[0]?.description ?? '';
    expect(plain).not.toContain('deleted');
  });

  it('renders a season pack as one embed listing the imported episodes', () => {
    const message = renderNotification([episodeImport(2), episodeImport(1), episodeImport(3)]);
    expect(message.embeds).toHaveLength(1);
    const [embed] = message.embeds;
    expect(embed?.title).toBe('🎬 Imported: Severance (2022) — Season 1 (3 episodes)');
    expect(embed?.description).toBe('S01E01 · Episode 1\nS01E02 · Episode 2\nS01E03 · Episode 3');
    expect(embed?.author?.name).toBe('sonarr');
    expect(embed?.fields?.find((field) => field.name === 'Links')?.value).toContain('thetvdb.com');
  });

  it('renders a burst of one type as one embed, one line per event', () => {
    const events = Array.from({ length: 4 }, (_, index) => makeEvent('download.grabbed', { instance: index % 2 === 0 ? 'radarr' : 'radarr-4k' }));
    const [embed] = renderNotification(events).embeds;
    expect(embed?.title).toBe('📥 Grabbed × 4');
    expect(embed?.description?.split('\n')).toHaveLength(4);
    expect(embed?.description).toContain('`radarr-4k` **The Matrix \\(1999\\)** · Bluray-1080p');
  });

  it('renders mixed events and digests as a summary', () => {
    const digest = renderNotification([makeEvent('download.grabbed'), makeEvent('download.imported'), makeEvent('health.cleared')], { digest: true });
    expect(digest.embeds[0]?.title).toBe('🌙 While you were away: 3 events');
    expect(digest.embeds[0]?.description).toContain('📥 Grabbed: 1 · 🎬 Imported: 1 · 💚 Health issue resolved: 1');
    const mixed = renderNotification([makeEvent('instance.down'), makeEvent('disk.low')]);
    expect(mixed.embeds[0]?.description).toContain('Instance unreachable: connect ECONNREFUSED');
    expect(renderNotification([]).embeds).toHaveLength(1);
  });

  it('stays within Discord limits for any group of events', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 600 });
    const event = fc
      .record({ index: fc.nat(17), title: text, reason: text, quality: text, instance: fc.string({ minLength: 1, maxLength: 300 }), episodes: fc.nat(40) })
      .map(({ index, title, reason, quality, instance, episodes }) => {
        const base = allEventTypes()[index] as MonitorEvent;
        const patched = { ...base, instance } as MonitorEvent & { media?: unknown; download?: unknown; reason?: string };
        if ('media' in base) {
          patched.media = { ...base.media, title, episodes: Array.from({ length: episodes }, (_, n) => ({ seasonNumber: 1, episodeNumber: n, title })) };
        }
        if ('download' in base) patched.download = { ...base.download, quality, releaseTitle: title };
        if (base.type === 'download.failed') patched.reason = reason;
        return patched;
      });
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 120 }), fc.boolean(), (group, digest) => {
        expect(limitViolations(renderNotification(group, { digest }))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('renders the poison grab of issue 9 (a numeric quality) instead of throwing', () => {
    const poison = { ...makeEvent('download.grabbed'), download: { downloadId: 'p', quality: 123, releaseTitle: 456, indexer: 7, downloadClient: false } } as unknown as MonitorEvent;
    const message = renderNotification([poison]);
    expect(message.embeds[0]?.fields?.find((field) => field.name === 'Quality')?.value).toBe('123');
    expect(message.embeds[0]?.fields?.find((field) => field.name === 'Release')?.value).toBe('`456`');
  });

  it('never throws, and stays within Discord limits, whatever type each fact of any event has', () => {
    const odd = fc.oneof(fc.string({ maxLength: 50 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.array(fc.anything(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
    const mutate = (value: unknown, paths: { path: string[]; replacement: unknown }[]): unknown => {
      const copy = structuredClone(value) as Record<string, unknown>;
      for (const { path, replacement } of paths) {
        let target: Record<string, unknown> = copy;
        for (const key of path.slice(0, -1)) {
          const next = target[key];
          if (typeof next !== 'object' || next === null) break;
          target = next as Record<string, unknown>;
        }
        const last = path.at(-1);
        if (last !== undefined) target[last] = replacement;
      }
      return copy;
    };
    const keys = ['media', 'download', 'progress', 'health', 'disk', 'title', 'episodes', 'quality', 'releaseTitle', 'indexer', 'downloadClient', 'messages', 'reason', 'error', 'version', 'instance', 'size', 'percent', 'label', 'message', 'at', '0', 'seasonNumber'];
    const paths = fc.array(fc.record({ path: fc.array(fc.constantFrom(...keys), { minLength: 1, maxLength: 3 }), replacement: odd }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(17), paths), { minLength: 1, maxLength: 5 }), fc.boolean(), (picks, digest) => {
        const events = allEventTypes();
        const group = picks.map(([index, changes]) => mutate(events[index], changes) as MonitorEvent);
        const message = renderNotification(group, { digest });
        expect(limitViolations(message)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});
