import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DownloadState } from './events.ts';
import { diffQueue, type QueueTransition, type TrackedDownload } from './queue-diff.ts';
import { groupQueue, toQueueItem, type QueueGroup } from './queue-item.ts';
import { episodeRecords, movieRecord } from '../test/support/fake-source.ts';

const group = (downloadId: string, state: DownloadState): QueueGroup => ({
  downloadId,
  items: [],
  state,
  size: 100,
  sizeleft: 50,
  media: { mediaType: 'movie', title: downloadId },
  download: { downloadId },
  messages: [],
});

function run(snapshots: QueueGroup[][]): QueueTransition[] {
  let previous: Record<string, TrackedDownload> = {};
  const all: QueueTransition[] = [];
  snapshots.forEach((groups, index) => {
    const { next, transitions } = diffQueue({ previous, groups, now: index * 1000 });
    previous = next;
    all.push(...transitions);
  });
  return all;
}

const kinds = (transitions: QueueTransition[]) => transitions.map((t) => `${t.kind}:${t.kind === 'left' ? t.tracked.downloadId : t.group.downloadId}`);

describe('diffQueue', () => {
  it('announces a grab, a completion and a departure once each', () => {
    const transitions = run([[group('a', 'downloading')], [group('a', 'downloading')], [group('a', 'importPending')], [group('a', 'importing')], []]);
    expect(kinds(transitions)).toEqual(['grabbed:a', 'completed:a', 'left:a']);
  });

  it('gives a failed download its final event while it is still in the queue', () => {
    const transitions = run([[group('a', 'downloading')], [group('a', 'failed')], [group('a', 'failed')], []]);
    expect(kinds(transitions)).toEqual(['grabbed:a', 'failed:a', 'left:a']);
    const left = transitions.at(-1);
    expect(left?.kind === 'left' && left.tracked.failed).toBe(true);
  });

  it('announces a blocked import after the completion, once', () => {
    const transitions = run([[group('a', 'downloading')], [group('a', 'importBlocked')], [group('a', 'importPending')], [group('a', 'importBlocked')]]);
    expect(kinds(transitions)).toEqual(['grabbed:a', 'completed:a', 'importBlocked:a']);
  });

  it('counts stall episodes so each gets its own event', () => {
    const transitions = run([[group('a', 'downloading')], [group('a', 'stalled')], [group('a', 'downloading')], [group('a', 'stalled')]]);
    const stalls = transitions.flatMap((t) => (t.kind === 'stalled' ? [t.stallCount] : []));
    expect(stalls).toEqual([1, 2]);
  });

  it('treats a download without progress as stalled when the tracker says so', () => {
    const first = diffQueue({ previous: {}, groups: [group('a', 'downloading')], now: 0 });
    const second = diffQueue({ previous: first.next, groups: [group('a', 'downloading')], now: 1, stalledWithoutProgress: new Set(['a']) });
    expect(kinds(second.transitions)).toEqual(['stalled:a']);
  });

  it('announces nothing on a baseline read', () => {
    const { next, transitions } = diffQueue({ previous: {}, groups: [group('a', 'downloading'), group('b', 'importPending')], now: 0, baseline: true });
    expect(transitions).toEqual([]);
    expect(Object.keys(next)).toEqual(['a', 'b']);
  });

  it('emits one completed event for a season pack', () => {
    const records = episodeRecords('pack', 1, 2, [1, 2, 3, 4], { status: 'completed', trackedDownloadState: 'importPending', sizeleft: 0 });
    const groups = groupQueue(records.map((r) => toQueueItem(r, 'sonarr')));
    expect(groups).toHaveLength(1);
    const { transitions } = diffQueue({ previous: {}, groups, now: 0 });
    expect(kinds(transitions)).toEqual(['grabbed:pack', 'completed:pack']);
    expect(groups[0]?.media.episodes?.map((e) => e.episodeNumber)).toEqual([1, 2, 3, 4]);
    expect(groups[0]?.media.seasonNumber).toBe(2);
  });

  const stateArb = fc.constantFrom<DownloadState>('queued', 'downloading', 'stalled', 'paused', 'completed', 'importPending', 'importing', 'importBlocked', 'failed', 'warning');
  const snapshotArb = fc.uniqueArray(fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), state: stateArb }), { selector: (r) => r.id, maxLength: 5 });

  it('never gives one download two final events, and gives every departed download exactly one', () => {
    fc.assert(
      fc.property(fc.array(snapshotArb, { maxLength: 25 }), (snapshots) => {
        // One lifecycle per appearance: a download that leaves and comes back is a new download.
        let previous: Record<string, TrackedDownload> = {};
        const finals = new Map<string, number>();
        let lifecycle = new Map<string, number>();
        const keyOf = (id: string) => `${id}#${lifecycle.get(id) ?? 0}`;
        for (const [index, snapshot] of [...snapshots, []].entries()) {
          const { next, transitions } = diffQueue({ previous, groups: snapshot.map((s) => group(s.id, s.state)), now: index });
          for (const t of transitions) {
            if (t.kind === 'failed') finals.set(keyOf(t.group.downloadId), (finals.get(keyOf(t.group.downloadId)) ?? 0) + 1);
            if (t.kind === 'left') {
              const key = keyOf(t.tracked.downloadId);
              if (!t.tracked.failed) finals.set(key, (finals.get(key) ?? 0) + 1);
              expect(finals.get(key)).toBe(1);
              lifecycle = new Map(lifecycle).set(t.tracked.downloadId, (lifecycle.get(t.tracked.downloadId) ?? 0) + 1);
            }
          }
          previous = next;
        }
        for (const count of finals.values()) expect(count).toBe(1);
        // The final empty read: everything left, nothing tracked.
        expect(Object.keys(previous)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('announces every grab once per appearance, whatever the order of snapshots', () => {
    fc.assert(
      fc.property(fc.array(snapshotArb, { maxLength: 20 }), (snapshots) => {
        const transitions = run(snapshots.map((s) => s.map((r) => group(r.id, r.state))));
        const grabs = transitions.filter((t) => t.kind === 'grabbed').length;
        const lefts = transitions.filter((t) => t.kind === 'left').length;
        const stillThere = snapshots.at(-1)?.length ?? 0;
        expect(grabs).toBe(lefts + stillThere);
      }),
      { numRuns: 300 },
    );
  });

  it('maps queue record fields to states as the apps mean them', () => {
    const state = (fields: Parameters<typeof movieRecord>[2]) => toQueueItem(movieRecord('x', 1, fields), 'radarr').state;
    expect(state({ trackedDownloadState: 'failedPending', status: 'failed' })).toBe('failed');
    expect(state({ trackedDownloadState: 'importBlocked', status: 'completed' })).toBe('importBlocked');
    // qBittorrent's stalledDL, as the apps pass it on (QBittorrent.cs): warning, errorMessage, tracked status ok.
    expect(state({ trackedDownloadState: 'downloading', status: 'warning', errorMessage: 'The download is stalled with no connections' })).toBe('stalled');
    // Any other warning (missing files, a client error) is not a stall.
    expect(state({ trackedDownloadState: 'downloading', status: 'warning' })).toBe('warning');
    expect(state({ trackedDownloadState: 'downloading', status: 'warning', errorMessage: 'qBittorrent is reporting missing files' })).toBe('warning');
    expect(state({ trackedDownloadState: 'downloading', status: 'queued' })).toBe('queued');
    expect(state({ trackedDownloadState: 'downloading', status: 'paused' })).toBe('paused');
    expect(state({ trackedDownloadState: 'importing', status: 'completed' })).toBe('importing');
    expect(state({ trackedDownloadState: 'imported', status: 'completed' })).toBe('completed');
    expect(state({ trackedDownloadState: 'downloading', status: 'downloadClientUnavailable' })).toBe('warning');
    expect(state({ trackedDownloadState: 'downloading', status: 'delay' })).toBe('delay');
    expect(state({ trackedDownloadState: 'downloading', status: 'something' })).toBe('unknown');
  });

  it('reads a record of the wrong shape from a hostile server without throwing, keeping only texts', () => {
    const odd = { statusMessages: 5, errorMessage: 7, movie: { title: 9, images: 'x', tags: 'y' } } as unknown as Parameters<typeof movieRecord>[2];
    const item = toQueueItem(movieRecord('odd', 1, odd), 'radarr');
    expect(item.messages).toEqual([]);
    expect(item.media).toMatchObject({ mediaType: 'movie', title: 'Movie.1.2020.1080p.BluRay.x264-GRP' });
    const mixed = toQueueItem(movieRecord('m', 1, { statusMessages: [null, { title: 't', messages: [1, 'real'] }] } as unknown as Parameters<typeof movieRecord>[2]), 'radarr');
    expect(mixed.messages).toEqual(['real']);
  });

  it('carries the media facts a notification needs', () => {
    const labels = (ids: readonly (number | null | undefined)[] | null | undefined) => ids?.map((id) => (id === 1 ? '4k' : String(id)));
    const item = toQueueItem(movieRecord('dl1', 7, { timeleft: '00:10:00', statusMessages: [{ title: 'stalled', messages: ['No seeds'] }] }), 'radarr', labels);
    expect(item.media).toMatchObject({ mediaType: 'movie', title: 'Movie 7', year: 2020, movieId: 7, tmdbId: 107, posterUrl: 'https://image.tmdb.org/p/7.jpg', tags: ['4k'] });
    expect(item.download).toMatchObject({ downloadId: 'dl1', quality: 'Bluray-1080p', size: 1000, indexer: 'Indexer', downloadClient: 'qBittorrent', protocol: 'torrent' });
    expect(item.timeleftMs).toBe(600_000);
    expect(item.messages).toEqual(['No seeds']);
  });
});
