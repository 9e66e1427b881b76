import { describe, expect, it } from 'vitest';
import { MonitorConfigError } from './errors.ts';
import { of } from '../test/support/events.ts';
import { createMemoryStore } from './memory-store.ts';
import { createMonitor } from './monitor.ts';
import { createHarness, startHarness } from '../test/support/harness.ts';
import { episodeRecords, historyRecord, movieRecord } from '../test/support/fake-source.ts';
import { downloadInfo, envelope, movieFile, radarrRelease, remoteMovie, webhookMovie } from '../test/support/webhooks.ts';

const MIN = 60_000;

describe('monitor lifecycle (fake instance)', () => {
  it('follows a movie from grab to import, once each', async () => {
    const h = await startHarness({ progressThrottleMs: 1000 });
    const radarr = h.source();
    radarr.queueRecords = [movieRecord('dl1', 1)];
    await h.advance(MIN);
    radarr.queueRecords = [movieRecord('dl1', 1, { sizeleft: 500 })];
    await h.advance(5000);
    radarr.queueRecords = [movieRecord('dl1', 1, { sizeleft: 0, status: 'completed', trackedDownloadState: 'importPending' })];
    await h.advance(5000);
    radarr.queueRecords = [];
    radarr.history.push(historyRecord('downloadFolderImported', 'dl1', h.clock.now(), { movieId: 1 }));
    await h.advance(5000);
    await h.advance(10 * MIN);
    expect(h.types()).toEqual(['download.grabbed', 'download.completed', 'download.imported']);
    const imported = of(h.events, 'download.imported')[0];
    expect(imported).toMatchObject({
      id: 'radarr:download.imported:dl1',
      instance: 'radarr',
      kind: 'radarr',
      isUpgrade: false,
      media: { title: 'Movie 1', year: 2020, posterUrl: 'https://image.tmdb.org/p/1.jpg', tags: ['4k'] },
      download: { downloadId: 'dl1', quality: 'Bluray-1080p', indexer: 'Indexer', downloadClient: 'qBittorrent', size: 1000 },
    });
    const progress = of(h.events, 'download.progress');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)?.progress.percent).toBe(50);
    expect(h.monitor.snapshot().instances[0]).toMatchObject({ name: 'radarr', state: 'up', push: 'off', version: '6.0.3.10150', queue: [] });
    await h.monitor.stop();
  });

  it('announces a season pack as one download with its episodes', async () => {
    const h = await startHarness({ instances: [{ name: 'sonarr', kind: 'sonarr' }] });
    const sonarr = h.source();
    sonarr.queueRecords = episodeRecords('pack', 3, 1, [1, 2, 3]);
    await h.advance(MIN);
    sonarr.queueRecords = episodeRecords('pack', 3, 1, [1, 2, 3], { sizeleft: 0, status: 'completed', trackedDownloadState: 'importing' });
    await h.advance(5000);
    sonarr.queueRecords = [];
    for (const n of [1, 2, 3]) {
      sonarr.history.push(historyRecord('downloadFolderImported', 'pack', h.clock.now(), { seriesId: 3, episodeId: 3100 + n, episode: { seasonNumber: 1, episodeNumber: n } }));
    }
    await h.advance(5000);
    expect(h.types()).toEqual(['download.grabbed', 'download.completed', 'download.imported']);
    const imported = of(h.events, 'download.imported')[0];
    expect(imported?.media).toMatchObject({ mediaType: 'episode', title: 'Series 3', seasonNumber: 1 });
    expect(imported?.media.episodes?.map((e) => e.episodeNumber)).toEqual([1, 2, 3]);
    await h.monitor.stop();
  });

  it('reports failed downloads from the queue and from history, once', async () => {
    const h = await startHarness();
    const radarr = h.source();
    radarr.queueRecords = [movieRecord('a', 1), movieRecord('b', 2)];
    await h.advance(MIN);
    radarr.queueRecords = [movieRecord('a', 1, { status: 'failed', trackedDownloadState: 'failedPending', errorMessage: 'Unpacking failed' }), movieRecord('b', 2)];
    await h.advance(5000);
    radarr.queueRecords = [];
    radarr.history.push(historyRecord('downloadFailed', 'a', h.clock.now(), { data: { message: 'Unpacking failed' } }));
    radarr.history.push(historyRecord('downloadFailed', 'b', h.clock.now(), { data: { message: 'Not enough disk space' } }));
    await h.advance(5000);
    await h.advance(5 * MIN);
    const failed = of(h.events, 'download.failed');
    expect(failed.map((e) => [e.download.downloadId, e.reason])).toEqual([
      ['a', 'Unpacking failed'],
      ['b', 'Not enough disk space'],
    ]);
    expect(h.types().filter((t) => t === 'download.removed' || t === 'download.imported')).toEqual([]);
    await h.monitor.stop();
  });

  it('calls a download that vanished without an import removed, after the grace period', async () => {
    const h = await startHarness({ removedGraceMs: 30_000 });
    h.source().queueRecords = [movieRecord('gone', 1)];
    await h.advance(MIN);
    h.source().queueRecords = [];
    await h.advance(5000);
    expect(h.types()).toEqual(['download.grabbed']);
    await h.advance(MIN);
    expect(h.types()).toEqual(['download.grabbed', 'download.removed']);
    expect(of(h.events, 'download.removed')[0]?.media.title).toBe('Movie 1');
    await h.monitor.stop();
  });

  it('does not call a download removed when one read missed it', async () => {
    const h = await startHarness({ removedGraceMs: 30_000 });
    h.source().queueRecords = [movieRecord('flaky', 1)];
    await h.advance(MIN);
    h.source().queueRecords = [];
    await h.advance(5000);
    h.source().queueRecords = [movieRecord('flaky', 1)];
    await h.advance(MIN);
    expect(h.types()).toEqual(['download.grabbed']);
    await h.monitor.stop();
  });

  it('reports stalled downloads, whether the app says so or progress stops', async () => {
    const h = await startHarness({ stalledAfterMs: 2 * MIN });
    const radarr = h.source();
    radarr.queueRecords = [movieRecord('warn', 1), movieRecord('slow', 2, { sizeleft: 800 })];
    await h.advance(MIN);
    radarr.queueRecords = [
      movieRecord('warn', 1, { status: 'warning', trackedDownloadStatus: 'warning', statusMessages: [{ title: 'x', messages: ['The download is stalled with no connections'] }] }),
      movieRecord('slow', 2, { sizeleft: 800 }),
    ];
    await h.advance(3 * MIN);
    const stalled = of(h.events, 'download.stalled');
    expect(stalled.map((e) => e.download.downloadId).sort()).toEqual(['slow', 'warn']);
    expect(stalled.find((e) => e.download.downloadId === 'warn')?.messages).toEqual(['The download is stalled with no connections']);
    expect(stalled.find((e) => e.download.downloadId === 'slow')?.progress.percent).toBe(20);
    await h.monitor.stop();
  });

  it('reports a blocked import with the app messages', async () => {
    const h = await startHarness();
    h.source().queueRecords = [
      movieRecord('blocked', 1, { status: 'completed', trackedDownloadState: 'importBlocked', trackedDownloadStatus: 'warning', statusMessages: [{ title: 'x', messages: ['Not a Custom Format upgrade'] }] }),
    ];
    await h.advance(MIN);
    expect(h.types()).toEqual(['download.grabbed', 'download.completed', 'download.importBlocked']);
    expect(of(h.events, 'download.importBlocked')[0]?.messages).toEqual(['Not a Custom Format upgrade']);
    await h.monitor.stop();
  });

  it('announces nothing for what was already in the queue at the very first start', async () => {
    const h = createHarness();
    h.source().queueRecords = [movieRecord('old', 1)];
    await h.monitor.start();
    await h.advance(MIN);
    expect(h.types()).toEqual([]);
    expect(h.monitor.snapshot().instances[0]?.queue).toHaveLength(1);
    h.source().queueRecords = [movieRecord('old', 1, { status: 'completed', trackedDownloadState: 'importPending', sizeleft: 0 })];
    await h.advance(5000);
    expect(h.types()).toEqual(['download.completed']);
    await h.monitor.stop();
  });
});

describe('monitor reachability', () => {
  it('reports an outage with one down event and one up event, and catches up on what happened meanwhile', async () => {
    const h = await startHarness();
    const radarr = h.source();
    radarr.queueRecords = [movieRecord('during', 1)];
    await h.advance(MIN);
    radarr.failure = 'down';
    await h.advance(30 * MIN);
    expect(h.types()).toEqual(['download.grabbed', 'instance.down']);
    expect(h.monitor.snapshot().instances[0]?.state).toBe('down');
    radarr.queueRecords = [];
    radarr.history.push(historyRecord('downloadFolderImported', 'during', h.clock.now() - MIN, { movieId: 1 }));
    radarr.history.push(historyRecord('downloadFolderImported', 'unseen', h.clock.now() - MIN, { movieId: 9, movie: { id: 9, title: 'Unseen' } }));
    radarr.failure = 'none';
    await h.advance(10 * MIN);
    expect(h.types()).toEqual(['download.grabbed', 'instance.down', 'instance.up', 'download.imported', 'download.imported']);
    const up = of(h.events, 'instance.up')[0];
    expect(up?.downForMs).toBeGreaterThan(25 * MIN);
    expect(up?.version).toBe('6.0.3.10150');
    expect(of(h.events, 'download.imported').map((e) => e.media.title).sort()).toEqual(['Movie 1', 'Unseen']);
    await h.monitor.stop();
  });

  it('backs off while an instance is down', async () => {
    const h = await startHarness();
    const radarr = h.source();
    radarr.failure = 'down';
    const before = Object.values(radarr.requests).reduce((a, b) => a + b, 0);
    await h.advance(60 * MIN);
    const during = Object.values(radarr.requests).reduce((a, b) => a + b, 0) - before;
    expect(during).toBeLessThan(25);
    await h.monitor.stop();
  });

  it('reports a refused API key once', async () => {
    const h = createHarness();
    h.source().failure = 'auth';
    await h.monitor.start();
    await h.advance(30 * MIN);
    expect(h.types()).toEqual(['instance.authFailed']);
    expect(of(h.events, 'instance.authFailed')[0]?.error).toMatch(/API key/);
    expect(h.monitor.snapshot().instances[0]?.state).toBe('authFailed');
    h.source().failure = 'none';
    await h.advance(10 * MIN);
    expect(h.types()).toEqual(['instance.authFailed', 'instance.up']);
    await h.monitor.stop();
  });

  it('keeps one bad instance from holding up another', async () => {
    const h = createHarness({ instances: [{ name: 'bad' }, { name: 'good' }] });
    h.source('bad').failure = 'down';
    await h.monitor.start();
    await h.advance(1000);
    h.source('good').queueRecords = [movieRecord('g', 1)];
    await h.advance(MIN);
    expect(h.types('good')).toEqual(['download.grabbed']);
    expect(h.types('bad')).toEqual(['instance.down']);
    await h.monitor.stop();
  });
});

describe('monitor health, disk and version', () => {
  it('suppresses a health blip and raises a lasting problem once', async () => {
    const h = await startHarness({ health: { raiseAfterChecks: 2, raiseAfterMs: 2 * MIN, clearAfterChecks: 2, clearAfterMs: 2 * MIN } });
    const radarr = h.source();
    radarr.healthRecords = [{ source: 'IndexerStatusCheck', type: 'warning', message: 'Indexers unavailable', wikiUrl: 'https://wiki' }];
    await h.advance(MIN);
    radarr.healthRecords = [];
    await h.advance(5 * MIN);
    expect(h.types()).toEqual([]);
    radarr.healthRecords = [{ source: 'DownloadClientCheck', type: 'error', message: 'Unable to communicate with qBittorrent' }];
    await h.advance(5 * MIN);
    expect(h.types()).toEqual(['health.raised']);
    expect(h.monitor.snapshot().instances[0]?.health).toEqual([{ source: 'DownloadClientCheck', level: 'error', message: 'Unable to communicate with qBittorrent' }]);
    radarr.healthRecords = [];
    await h.advance(10 * MIN);
    expect(h.types()).toEqual(['health.raised', 'health.cleared']);
    const [raised, cleared] = h.events;
    expect(raised?.id.replace('raised', 'x')).toBe(cleared?.id.replace('cleared', 'x'));
    await h.monitor.stop();
  });

  it('reports low disk space and its recovery', async () => {
    const h = await startHarness({ instances: [{ disk: { minFreePercent: 10, hysteresisPercent: 5 } }] });
    h.source().disks = [{ path: '/data', freeSpace: 50, totalSpace: 1000 }];
    await h.advance(6 * MIN);
    h.source().disks = [{ path: '/data', freeSpace: 120, totalSpace: 1000 }];
    await h.advance(6 * MIN);
    h.source().disks = [{ path: '/data', freeSpace: 200, totalSpace: 1000 }];
    await h.advance(6 * MIN);
    expect(h.types()).toEqual(['disk.low', 'disk.ok']);
    expect(h.monitor.snapshot().instances[0]?.disks[0]?.percentFree).toBe(20);
    await h.monitor.stop();
  });

  it('reports an app update from the status', async () => {
    const h = await startHarness();
    h.source().version = '6.1.0.1';
    await h.advance(6 * MIN);
    expect(of(h.events, 'app.updated')).toMatchObject([{ previousVersion: '6.0.3.10150', newVersion: '6.1.0.1', id: 'radarr:app.updated:6.1.0.1' }]);
    await h.monitor.stop();
  });
});

describe('monitor persistence', () => {
  it('never repeats an event across a restart, and announces what happened while it was stopped', async () => {
    const store = createMemoryStore();
    const first = createHarness({ store });
    await first.monitor.start();
    await first.advance(1000);
    const radarr = first.source();
    radarr.queueRecords = [movieRecord('a', 1), movieRecord('b', 2)];
    await first.advance(MIN);
    radarr.queueRecords = [movieRecord('b', 2)];
    radarr.history.push(historyRecord('downloadFolderImported', 'a', first.clock.now(), { movieId: 1 }));
    await first.advance(5000);
    await first.monitor.stop();
    expect(first.types()).toEqual(['download.grabbed', 'download.grabbed', 'download.imported']);

    await first.clock.advance(10 * MIN);
    radarr.queueRecords = [movieRecord('c', 3)];
    radarr.history.push(historyRecord('downloadFolderImported', 'b', first.clock.now(), { movieId: 2 }));

    const second = createHarness({ store, clock: first.clock, sources: first.sources });
    await second.monitor.start();
    await second.advance(MIN);
    expect(second.types()).toEqual(['download.grabbed', 'download.imported']);
    expect(of(second.events, 'download.imported')[0]?.download.downloadId).toBe('b');
    expect(of(second.events, 'download.grabbed')[0]?.download.downloadId).toBe('c');
    await second.monitor.stop();
  });
});

describe('monitor webhooks and options', () => {
  it('emits webhook events at once, with the ids polling uses', async () => {
    const h = await startHarness({ instances: [{ push: { signalr: false, webhook: { secret: 'webhook-secret' } } }] });
    h.source().queueRecords = [movieRecord('w1', 1, { status: 'completed', trackedDownloadState: 'importing', sizeleft: 0 })];
    await h.advance(MIN);
    const movie1 = webhookMovie(1, 'Movie 1', { year: 2020 });
    const result = h.monitor.ingestWebhook('radarr', {
      eventType: 'Download',
      ...envelope('Radarr'),
      movie: movie1,
      remoteMovie: remoteMovie(movie1),
      movieFile: movieFile(5, { quality: 'Bluray-1080p', size: 1000 }),
      isUpgrade: true,
      downloadId: 'w1',
    });
    expect(result).toEqual({ instance: 'radarr', eventType: 'Download', emitted: 1, held: false });
    h.source().queueRecords = [];
    h.source().history.push(historyRecord('downloadFolderImported', 'w1', h.clock.now(), { movieId: 1 }));
    await h.advance(5 * MIN);
    expect(h.types()).toEqual(['download.grabbed', 'download.completed', 'download.imported']);
    expect(of(h.events, 'download.imported')[0]).toMatchObject({ source: 'webhook', isUpgrade: true });
    const two = webhookMovie(2, 'Two');
    const grab = {
      eventType: 'Grab',
      ...envelope('Radarr'),
      movie: two,
      remoteMovie: remoteMovie(two),
      release: radarrRelease({ quality: 'WEBDL-1080p', releaseTitle: 'Two.2021', indexer: 'X', size: 10 }),
      downloadId: 'w2',
    };
    h.monitor.ingestWebhook('radarr', grab);
    expect(h.monitor.ingestWebhook('radarr', grab).emitted).toBe(0);
    h.monitor.ingestWebhook('radarr', { eventType: 'ApplicationUpdate', instanceName: 'R', applicationUrl: '', message: 'up', previousVersion: '6.0.3.10150', newVersion: '6.0.4.1' });
    h.monitor.ingestWebhook('radarr', { eventType: 'MovieAdded', instanceName: 'R', applicationUrl: '', movie: webhookMovie(3, 'Three'), addMethod: 'manual' });
    h.monitor.ingestWebhook('radarr', { eventType: 'MovieDelete', instanceName: 'R', applicationUrl: '', movie: webhookMovie(3, 'Three'), deletedFiles: true });
    h.monitor.ingestWebhook('radarr', {
      eventType: 'ManualInteractionRequired',
      instanceName: 'R',
      applicationUrl: '',
      movie: webhookMovie(4, 'Four'),
      downloadInfo: downloadInfo('Four.2020.1080p'),
      downloadStatus: 'warning',
      downloadId: 'w4',
      downloadStatusMessages: [{ title: 't', messages: ['No files found'] }],
    });
    expect(h.types().slice(3)).toEqual(['download.grabbed', 'app.updated', 'media.added', 'media.deleted', 'download.importBlocked']);
    await h.monitor.stop();
  });

  it('names the bad field of wrong options', () => {
    const ok = { name: 'r', kind: 'radarr' as const, baseUrl: 'http://localhost:7878', apiKey: 'k' };
    const field = (instances: unknown[]) => {
      try {
        createMonitor({ instances: instances as never, store: createMemoryStore() });
      } catch (error) {
        return error instanceof MonitorConfigError ? error.field : 'other';
      }
      return 'none';
    };
    expect(field([ok])).toBe('none');
    expect(field([ok, { ...ok }])).toBe('instances[1].name');
    expect(field([{ ...ok, baseUrl: 'nope' }])).toBe('instances[0].baseUrl');
    expect(field([{ ...ok, baseUrl: 'ftp://x' }])).toBe('instances[0].baseUrl');
    expect(field([{ ...ok, baseUrl: 'http://u:p@x' }])).toBe('instances[0].baseUrl');
    expect(field([{ ...ok, apiKey: ' ' }])).toBe('instances[0].apiKey');
    expect(field([{ ...ok, kind: 'lidarr' }])).toBe('instances[0].kind');
    expect(field([{ ...ok, name: '' }])).toBe('instances[0].name');
    expect(field([{ ...ok, intervals: { queueIdleMs: -1 } }])).toBe('instances[0].intervals.queueIdleMs');
    expect(field([{ ...ok, push: { webhook: { secret: 'short' } } }])).toBe('instances[0].push.webhook.secret');
    expect(field([null])).toBe('instances[0]');
    expect(createMonitor({ instances: [ok], store: createMemoryStore() }).client('nope')).toBeUndefined();
  });

  it('tells a caller still passing the former url to rename it to baseUrl', () => {
    const old = { name: 'r', kind: 'radarr', url: 'http://localhost:7878', apiKey: 'k' };
    const error: unknown = (() => {
      try {
        createMonitor({ instances: [old] as never, store: createMemoryStore() });
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(MonitorConfigError);
    expect((error as MonitorConfigError).field).toBe('instances[0].url');
    expect((error as MonitorConfigError).message).toBe('monitor options: instances[0].url is the old name of baseUrl; rename instances[0].url to baseUrl');
  });
});
