/**
 * Queue reads on push, against a fake hub sending what Radarr and Sonarr send: about once a minute
 * (RefreshMonitoredDownloads, even with an empty queue) a `queue` sync, then 5 s later (debounced)
 * `queue/status` with the counts.
 */
import { describe, expect, it } from 'vitest';
import { of } from '../test/support/events.ts';
import { episodeRecords, historyRecord, movieRecord } from '../test/support/fake-source.ts';
import { startHarness, type Harness } from '../test/support/harness.ts';
import { envelope, episodeFile, webhookEpisode, webhookSeries } from '../test/support/webhooks.ts';

const MIN = 60_000;
const requests = (h: Harness, name?: string) => Object.values(h.source(name).requests).reduce((sum, n) => sum + n, 0);

/** A harness with its push channel connected and the start-up reads (disk, library baseline) done. */
async function connected(): Promise<Harness> {
  const h = await startHarness({ instances: [{ push: { signalr: true } }] });
  h.push().connect();
  await h.advance(10 * MIN);
  return h;
}

/** One refresh of the app: sync now, status with `count` 5 s later, then the rest of the minute. */
async function cycle(h: Harness, count: number, before?: () => void): Promise<void> {
  before?.();
  h.push().sync();
  await h.advance(5000);
  h.push().status(count);
  await h.advance(MIN - 5000);
}

describe('queue reads on push', () => {
  it('costs at most 12 requests in an idle hour with a sync and a status every minute', async () => {
    const h = await connected();
    for (const key of Object.keys(h.source().requests)) h.source().requests[key] = 0;
    for (let minute = 0; minute < 60; minute++) await cycle(h, 0);
    expect(requests(h)).toBeLessThanOrEqual(12);
    // The queue is read by the reconciliation poll alone (every 10 min with push).
    expect(h.source().requests.queue).toBeLessThanOrEqual(6);
    expect(h.types()).toEqual([]);
    await h.monitor.stop();
  });

  it('sees a grab in an idle instance within a second of the status message', async () => {
    const h = await connected();
    await cycle(h, 0);
    const queueReads = h.source().requests.queue ?? 0;
    h.source().queueRecords = [movieRecord('g1', 1)];
    h.push().sync();
    await h.advance(5000);
    expect(h.source().requests.queue ?? 0).toBe(queueReads);
    const statusAt = h.clock.now();
    h.push().status(1);
    await h.advance(1000);
    const grabbed = of(h.events, 'download.grabbed');
    expect(grabbed.map((e) => e.download.downloadId)).toEqual(['g1']);
    expect(Date.parse(grabbed[0]?.at ?? '') - statusAt).toBeLessThanOrEqual(1000);
    expect(h.source().requests.queue).toBe(queueReads + 1);
    await h.monitor.stop();
  });

  it('reads at once on a sync that comes between two refreshes of an idle instance (a grab)', async () => {
    const h = await connected();
    await cycle(h, 0);
    await cycle(h, 0);
    // A third refresh, then 20 s: the next one is 40 s away.
    h.push().sync();
    await h.advance(5000);
    h.push().status(0);
    await h.advance(15_000);
    const queueReads = h.source().requests.queue ?? 0;
    h.source().queueRecords = [movieRecord('g2', 1)];
    const syncAt = h.clock.now();
    h.push().sync();
    await h.advance(1000);
    const grabbed = of(h.events, 'download.grabbed');
    expect(grabbed.map((e) => e.download.downloadId)).toEqual(['g2']);
    expect(Date.parse(grabbed[0]?.at ?? '') - syncAt).toBeLessThanOrEqual(1000);
    expect(h.source().requests.queue).toBe(queueReads + 1);
    // Its status message 5 s later describes what was read: no second read.
    await h.advance(4000);
    h.push().status(1);
    await h.advance(1000);
    expect(h.source().requests.queue).toBe(queueReads + 1);
    await h.monitor.stop();
  });

  it('reads when errors or warnings flip while the count stays', async () => {
    const h = await connected();
    h.source().queueRecords = [movieRecord('b1', 1, { status: 'completed', sizeleft: 0, trackedDownloadState: 'importBlocked', trackedDownloadStatus: 'warning' })];
    h.push().status(1, { warnings: true });
    await h.advance(1000);
    expect(h.types()).toEqual(['download.grabbed', 'download.completed', 'download.importBlocked']);
    await cycle(h, 0, () => undefined);
    // A status unchanged from the previous one costs nothing; a flip costs one read.
    const reads = h.source().requests.queue ?? 0;
    h.push().status(1, { warnings: true });
    await h.advance(1000);
    h.push().status(1, { warnings: true });
    await h.advance(1000);
    expect(h.source().requests.queue).toBe(reads);
    h.source().queueRecords = [movieRecord('b1', 1, { status: 'failed', trackedDownloadState: 'failedPending', trackedDownloadStatus: 'error', errorMessage: 'bad' })];
    h.push().status(1, { errors: true });
    await h.advance(1000);
    expect(h.source().requests.queue).toBe(reads + 1);
    expect(h.types()).toContain('download.failed');
    await h.monitor.stop();
  });

  it('reads after a bare sync whose status message never comes', async () => {
    const h = await connected();
    await cycle(h, 0);
    const reads = h.source().requests.queue ?? 0;
    h.source().queueRecords = [movieRecord('s1', 1)];
    h.push().sync();
    await h.advance(5000);
    expect(h.source().requests.queue).toBe(reads);
    await h.advance(2000);
    expect(h.source().requests.queue).toBe(reads + 1);
    expect(h.types()).toEqual(['download.grabbed']);
    await h.monitor.stop();
  });

  it('reads an active download once per refresh cycle, with the progress of each', async () => {
    const h = await connected();
    const radarr = h.source();
    radarr.queueRecords = [movieRecord('a1', 1, { size: 1000, sizeleft: 1000 })];
    h.push().status(1);
    await h.advance(1000);
    expect(h.types()).toEqual(['download.grabbed']);
    const reads = radarr.requests.queue ?? 0;
    for (let minute = 1; minute <= 10; minute++) {
      // A refresh: the queue sync, the command that ran it, and the status 5 s later.
      await cycle(h, 1, () => {
        radarr.queueRecords = [movieRecord('a1', 1, { size: 1000, sizeleft: 1000 - minute * 50 })];
      });
      h.push().send('command', { action: 'updated', resource: { name: 'RefreshMonitoredDownloads', status: 'completed' } });
    }
    expect(radarr.requests.queue).toBe(reads + 10);
    expect(h.monitor.snapshot().instances[0]?.queue[0]?.percent).toBe(50);
    // Done: the last refresh shows it gone; the status of the same cycle costs nothing more.
    radarr.queueRecords = [];
    radarr.history.push(historyRecord('downloadFolderImported', 'a1', h.clock.now(), { movieId: 1 }));
    await cycle(h, 0);
    await h.advance(5 * MIN);
    expect(h.types()).toEqual(['download.grabbed', 'download.imported']);
    await h.monitor.stop();
  });

  it('costs one read when the sync and the status of a refresh arrive together', async () => {
    const h = await connected();
    const radarr = h.source();
    radarr.queueRecords = [movieRecord('t1', 1)];
    h.push().sync();
    h.push().status(1);
    await h.advance(1000);
    expect(h.types()).toEqual(['download.grabbed']);
    const reads = radarr.requests.queue ?? 0;
    h.push().sync();
    h.push().status(1);
    await h.advance(1000);
    expect(radarr.requests.queue).toBe(reads + 1);
    await h.monitor.stop();
  });
});

describe('first cycle', () => {
  it('reads status, queue and health at once; disk space and the library baseline later', async () => {
    const h = await startHarness({ instances: [{ name: 'a' }, { name: 'b' }] });
    for (const name of ['a', 'b']) expect(h.source(name).requests).toEqual({ status: 1, queue: 1, health: 1 });
    await h.advance(MIN);
    expect(h.monitor.snapshot().instances[0]?.disks).toHaveLength(1);
    expect(h.source('a').requests.library).toBeUndefined();
    await h.advance(5 * MIN);
    expect(h.source('a').requests.library).toBe(1);
    await h.monitor.stop();
  });
});

describe('monitor.refresh', () => {
  it('reads one instance (or all) now, resolves when done, and the snapshot shows it', async () => {
    const h = await startHarness({ instances: [{ name: 'a' }, { name: 'b' }] });
    await h.advance(MIN);
    const before = (name: string) => ({ ...h.source(name).requests });
    const a = before('a');
    const b = before('b');
    h.source('a').queueRecords = [movieRecord('r1', 1, { sizeleft: 250 })];
    h.source('a').disks = [{ path: '/data', label: 'data', freeSpace: 10e9, totalSpace: 1000e9 }];
    h.source('a').healthRecords = [{ source: 'IndexerCheck', type: 'warning', message: 'no indexers' }];
    await h.monitor.refresh('a');
    for (const task of ['status', 'queue', 'health', 'disk'] as const) expect(h.source('a').requests[task]).toBe((a[task] ?? 0) + 1);
    expect(h.source('b').requests).toEqual(b);
    const snapshot = h.monitor.snapshot().instances[0];
    expect(snapshot?.queue.map((q) => [q.queueId, q.percent])).toEqual([[1000, 75]]);
    expect(snapshot?.disks[0]?.freeSpace).toBe(10e9);
    // Two reads of one refresh, each with its event: the queue's waits for the tag list (a tag id first seen).
    expect(h.types('a').sort()).toEqual(['disk.low', 'download.grabbed']);

    h.source('b').queueRecords = [movieRecord('r2', 2)];
    await h.monitor.refresh();
    expect(h.source('a').requests.queue).toBe((a.queue ?? 0) + 2);
    expect(h.source('b').requests.queue).toBe((b.queue ?? 0) + 1);
    expect(h.monitor.snapshot().instances[1]?.queue).toHaveLength(1);
    await expect(h.monitor.refresh('nope')).rejects.toThrow(/not a configured instance/);
    await h.monitor.stop();
  });
});

describe('Sonarr Download webhooks of a season pack', () => {
  const base = { ...envelope('Sonarr'), series: webhookSeries(1, 'Series 1', { year: 2019 }), downloadId: 'pack1', downloadClient: 'SABnzbd' };
  const fileOf = (n: number) => ({
    ...base,
    eventType: 'Download',
    episodes: [webhookEpisode(1, n, { id: 1100 + n })],
    episodeFile: episodeFile(50 + n),
    isUpgrade: false,
  });

  async function withPack(): Promise<Harness> {
    const h = await startHarness({ instances: [{ name: 'sonarr', kind: 'sonarr' }] });
    h.source().queueRecords = episodeRecords('pack1', 1, 1, [1, 2, 3], { status: 'completed', sizeleft: 0, trackedDownloadState: 'importing' });
    await h.advance(MIN);
    expect(h.types()).toEqual(['download.grabbed', 'download.completed']);
    return h;
  }

  it('announces the pack when its last episode file is imported, not at the first', async () => {
    const h = await withPack();
    expect(h.monitor.ingestWebhook('sonarr', fileOf(1)).emitted).toBe(0);
    expect(h.monitor.ingestWebhook('sonarr', fileOf(2)).emitted).toBe(0);
    expect(h.monitor.ingestWebhook('sonarr', fileOf(3)).emitted).toBe(1);
    expect(h.monitor.ingestWebhook('sonarr', fileOf(3)).emitted).toBe(0);
    h.source().queueRecords = [];
    await h.advance(5 * MIN);
    expect(h.types()).toEqual(['download.grabbed', 'download.completed', 'download.imported']);
    const imported = of(h.events, 'download.imported')[0];
    expect(imported).toMatchObject({ id: 'sonarr:download.imported:pack1', source: 'webhook', media: { seasonNumber: 1 } });
    expect(imported?.media.episodes).toHaveLength(3);
    await h.monitor.stop();
  });

  it('announces the pack when it leaves the queue after some files, once', async () => {
    const h = await withPack();
    h.monitor.ingestWebhook('sonarr', fileOf(1));
    await h.advance(MIN);
    expect(h.types()).toEqual(['download.grabbed', 'download.completed']);
    h.source().queueRecords = [];
    await h.advance(MIN);
    expect(h.types()).toEqual(['download.grabbed', 'download.completed', 'download.imported']);
    expect(of(h.events, 'download.imported')[0]).toMatchObject({ source: 'webhook' });
    await h.monitor.stop();
  });

  it('announces the pack at the "import complete" webhook with every file', async () => {
    const h = await withPack();
    h.monitor.ingestWebhook('sonarr', fileOf(1));
    const complete = {
      ...base,
      eventType: 'Download',
      episodes: [1, 2, 3].map((n) => webhookEpisode(1, n, { id: 1100 + n })),
      episodeFiles: [1, 2, 3].map((n) => episodeFile(50 + n)),
      fileCount: 3,
    };
    expect(h.monitor.ingestWebhook('sonarr', complete).emitted).toBe(1);
    expect(h.types()).toEqual(['download.grabbed', 'download.completed', 'download.imported']);
    await h.monitor.stop();
  });
});
