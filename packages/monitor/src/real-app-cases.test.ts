/**
 * What the real apps send, replayed through the engine: downloads the app could not match, season
 * packs imported file by file, history's protocol numbers, and tags as labels on every path.
 */
import { describe, expect, it } from 'vitest';
import { of } from '../test/support/events.ts';
import { episodeRecords, historyRecord, movieRecord } from '../test/support/fake-source.ts';
import { createHarness, startHarness } from '../test/support/harness.ts';
import { outcomesOf } from './history-facts.ts';
import { createMemoryStore } from './memory-store.ts';
import { downloadInfo, envelope, episodeFile, radarrRelease, remoteMovie, webhookEpisode, webhookMovie, webhookSeries } from '../test/support/webhooks.ts';

const MIN = 60_000;

describe('ManualInteractionRequired for a download the app could not match', () => {
  // Radarr master: src/NzbDrone.Core/Download/CompletedDownloadService.cs blocks the import of a
  // download without a movie ("Unable to parse download") and publishes ManualInteractionRequiredEvent;
  // Notifications/Webhook/WebhookBase.cs BuildManualInteractionRequiredPayload then sends Movie = null
  // (GetMovie(null)) with DownloadInfo built from the client's item. Sonarr main does the same.
  it('emits an import-blocked event named by the download title (Radarr, no movie)', async () => {
    const h = await startHarness();
    const result = h.monitor.ingestWebhook('radarr', {
      eventType: 'ManualInteractionRequired',
      ...envelope('Radarr'),
      downloadInfo: downloadInfo('Some.Unknown.Film.2024.1080p.WEB-DL', { quality: 'WEBDL-1080p', size: 4_000_000_000, indexer: 'NZBgeek' }),
      downloadClient: 'SABnzbd',
      downloadClientType: 'Sabnzbd',
      downloadId: 'SABnzbd_nzo_unmatched',
      downloadStatus: 'Warning',
      downloadStatusMessages: [{ title: 'Some.Unknown.Film.2024.1080p.WEB-DL', messages: ['Unable to parse download, automatic import is not possible.'] }],
      release: { releaseTitle: 'Some.Unknown.Film.2024.1080p.WEB-DL', indexer: 'NZBgeek', size: 4_000_000_000 },
    });
    expect(result.emitted).toBe(1);
    const [event] = of(h.events, 'download.importBlocked');
    expect(event).toMatchObject({
      id: 'radarr:download.importBlocked:SABnzbd_nzo_unmatched',
      source: 'webhook',
      media: { mediaType: 'movie', title: 'Some.Unknown.Film.2024.1080p.WEB-DL' },
      download: { downloadId: 'SABnzbd_nzo_unmatched', releaseTitle: 'Some.Unknown.Film.2024.1080p.WEB-DL', quality: 'WEBDL-1080p', size: 4_000_000_000, indexer: 'NZBgeek', downloadClient: 'SABnzbd' },
      messages: ['Unable to parse download, automatic import is not possible.'],
    });
    await h.monitor.stop();
  });

  it('emits it for Sonarr too (no series, no episodes)', async () => {
    const h = await startHarness({ instances: [{ name: 'sonarr', kind: 'sonarr' }] });
    h.monitor.ingestWebhook('sonarr', {
      eventType: 'ManualInteractionRequired',
      ...envelope('Sonarr'),
      downloadInfo: { quality: 'WEBDL-1080p', qualityVersion: 1, title: 'Mystery.Show.S01.1080p', size: 9_000_000_000 },
      episodes: [],
      downloadId: 'q-unmatched',
      downloadStatus: 'Warning',
      downloadStatusMessages: [{ title: 'x', messages: ['Unknown Series'] }],
    });
    expect(of(h.events, 'download.importBlocked')[0]).toMatchObject({ media: { mediaType: 'series', title: 'Mystery.Show.S01.1080p' }, messages: ['Unknown Series'] });
    await h.monitor.stop();
  });
});

describe('a Sonarr season pack imported file by file', () => {
  // Sonarr main: src/NzbDrone.Core/Notifications/NotificationService.cs sends one Download per
  // imported episode file (Handle(EpisodeImportedEvent), WebhookBase.BuildOnDownloadPayload: episodeFile,
  // isUpgrade) and, when "On Import Complete" is on, one Download for the whole download
  // (Handle(DownloadCompletedEvent), BuildOnImportCompletePayload: episodeFiles, fileCount, no isUpgrade).
  const series = webhookSeries(4, 'Series 4');
  const base = { ...envelope('Sonarr'), series, downloadClient: 'SABnzbd', downloadClientType: 'Sabnzbd', downloadId: 'pack4' };
  const perFile = (n: number) => ({ ...base, eventType: 'Download', episodes: [webhookEpisode(2, n)], episodeFile: episodeFile(40 + n), isUpgrade: n === 2, release: { releaseTitle: 'Series.4.S02.1080p', indexer: 'NZBgeek', size: 9000 } });
  const complete = { ...base, eventType: 'Download', episodes: [1, 2, 3].map((n) => webhookEpisode(2, n)), episodeFiles: [1, 2, 3].map((n) => episodeFile(40 + n)), fileCount: 3, sourcePath: '/downloads/Series.4.S02', destinationPath: '/tv/Series 4/Season 02' };

  it('is one import with every episode at the import-complete webhook, never seen in the queue', async () => {
    const h = await startHarness({ instances: [{ name: 'sonarr', kind: 'sonarr' }] });
    expect([1, 2, 3].map((n) => h.monitor.ingestWebhook('sonarr', perFile(n)).emitted)).toEqual([0, 0, 0]);
    expect(h.monitor.ingestWebhook('sonarr', complete).emitted).toBe(1);
    expect(h.monitor.ingestWebhook('sonarr', perFile(3)).emitted).toBe(0);
    await h.advance(MIN);
    const imported = of(h.events, 'download.imported');
    expect(imported).toHaveLength(1);
    expect(imported[0]).toMatchObject({ id: 'sonarr:download.imported:pack4', isUpgrade: true, media: { title: 'Series 4', seasonNumber: 2 } });
    expect(imported[0]?.media.episodes?.map((e) => e.episodeNumber)).toEqual([1, 2, 3]);
    await h.monitor.stop();
  });

  it('is one import with every episode once the per-file webhooks stop, without an import-complete webhook', async () => {
    const h = await startHarness({ instances: [{ name: 'sonarr', kind: 'sonarr' }] });
    for (const n of [1, 2, 3]) {
      h.monitor.ingestWebhook('sonarr', perFile(n));
      await h.advance(2000);
    }
    expect(of(h.events, 'download.imported')).toEqual([]);
    await h.advance(MIN);
    const imported = of(h.events, 'download.imported');
    expect(imported).toHaveLength(1);
    expect(imported[0]?.media.episodes?.map((e) => e.episodeNumber)).toEqual([1, 2, 3]);
    await h.monitor.stop();
  });

  it('is one import with every episode from history when the monitor stops before the pack settles', async () => {
    const store = createMemoryStore();
    const first = createHarness({ instances: [{ name: 'sonarr', kind: 'sonarr' }], store });
    await first.monitor.start();
    await first.advance(1000);
    for (const n of [1, 2]) first.monitor.ingestWebhook('sonarr', perFile(n));
    await first.monitor.stop();
    expect(of(first.events, 'download.imported')).toEqual([]);
    const sonarr = first.source('sonarr');
    for (const n of [1, 2, 3]) {
      sonarr.history.push(historyRecord('downloadFolderImported', 'pack4', first.clock.now(), { seriesId: 4, episodeId: 2000 + n, series: { id: 4, title: 'Series 4' }, episode: { seasonNumber: 2, episodeNumber: n } }));
    }
    const second = createHarness({ instances: [{ name: 'sonarr', kind: 'sonarr' }], store, clock: first.clock, sources: first.sources });
    await second.monitor.start();
    await second.advance(MIN);
    const imported = of(second.events, 'download.imported');
    expect(imported).toHaveLength(1);
    expect(imported[0]).toMatchObject({ source: 'history', isUpgrade: true });
    expect(imported[0]?.media.episodes?.map((e) => e.episodeNumber)).toEqual([1, 2, 3]);
    await second.monitor.stop();
  });

  it('is one import when the import-complete webhook comes first', async () => {
    const h = await startHarness({ instances: [{ name: 'sonarr', kind: 'sonarr' }] });
    expect(h.monitor.ingestWebhook('sonarr', complete).emitted).toBe(1);
    for (const n of [1, 2, 3]) expect(h.monitor.ingestWebhook('sonarr', perFile(n)).emitted).toBe(0);
    await h.advance(MIN);
    expect(of(h.events, 'download.imported')).toHaveLength(1);
    await h.monitor.stop();
  });
});

describe('history of downloads known only from history', () => {
  // Radarr master and Sonarr main: src/NzbDrone.Core/History/HistoryService.cs stores
  // data.protocol as the number of Indexers/DownloadProtocol.cs (1 usenet, 2 torrent).
  it('names the protocol as the queue does: "1" usenet, "2" torrent', async () => {
    const h = await startHarness();
    const now = h.clock.now();
    const radarr = h.source();
    radarr.history.push(historyRecord('grabbed', 'u1', now, { movieId: 1, movie: { id: 1, title: 'Usenet Movie' }, data: { protocol: '1', indexer: 'NZBgeek' } }));
    radarr.history.push(historyRecord('grabbed', 't1', now, { movieId: 2, movie: { id: 2, title: 'Torrent Movie' }, data: { protocol: '2' } }));
    await h.advance(2 * MIN);
    const grabbed = of(h.events, 'download.grabbed');
    expect(grabbed.map((e) => [e.download.downloadId, e.download.protocol, e.source])).toEqual([
      ['u1', 'usenet', 'history'],
      ['t1', 'torrent', 'history'],
    ]);
    await h.monitor.stop();
  });
});

describe('tags', () => {
  // Webhooks carry tag labels (Radarr master: Notifications/Webhook/WebhookMovie.cs, built with
  // GetTagLabels), REST resources tag ids (MovieResource.Tags): events carry the labels on both paths.
  it('carries tag labels whether the download was learnt by webhook or by queue read, reading the tag list once', async () => {
    const h = await startHarness();
    const movie = webhookMovie(1, 'Movie 1', { tags: ['4k'] });
    h.monitor.ingestWebhook('radarr', { eventType: 'Grab', ...envelope('Radarr'), movie, remoteMovie: remoteMovie(movie), release: radarrRelease(), downloadId: 'hook' });
    h.source().queueRecords = [movieRecord('read', 1), movieRecord('hook', 1)];
    await h.advance(MIN);
    h.source().queueRecords = [movieRecord('read', 1), movieRecord('hook', 1), movieRecord('later', 1)];
    await h.advance(MIN);
    const grabbed = of(h.events, 'download.grabbed');
    expect(grabbed.map((e) => [e.download.downloadId, e.source, e.media.tags])).toEqual([
      ['hook', 'webhook', ['4k']],
      // Read on the queue read the Grab webhook asked for.
      ['read', 'webhook', ['4k']],
      ['later', 'poll', ['4k']],
    ]);
    expect(h.source().requests.tags).toBe(1);
    await h.monitor.stop();
  });
});

describe('downloads that leave the queue', () => {
  // Radarr master: src/NzbDrone.Core/Download/FailedDownloadService.cs records downloadFailed in
  // history and the download leaves the queue right after processing, its trackedDownloadStatus
  // still "ok" (TrackedDownloads/DownloadMonitoringService.cs): the failure is known from history.
  it('reports a failed download that left the queue from its downloadFailed history record', async () => {
    const h = await startHarness();
    const radarr = h.source();
    radarr.queueRecords = [movieRecord('f1', 1)];
    await h.advance(MIN);
    radarr.queueRecords = [];
    radarr.history.push(historyRecord('downloadFailed', 'f1', h.clock.now(), { movieId: 1, data: { message: 'Download failed: unpacking failed', protocol: '2' } }));
    await h.advance(2 * MIN);
    expect(h.types()).toEqual(['download.grabbed', 'download.failed']);
    expect(of(h.events, 'download.failed')[0]).toMatchObject({ id: 'radarr:download.failed:f1', source: 'history', reason: 'Download failed: unpacking failed', media: { title: 'Movie 1' } });
    await h.advance(10 * MIN);
    expect(h.types()).toEqual(['download.grabbed', 'download.failed']);
    await h.monitor.stop();
  });

  // Radarr master: src/NzbDrone.Core/History/HistoryRepository.cs Since() inner-joins Movie, and
  // HistoryService.cs Handle(MoviesDeletedEvent) deletes the movie's history: the history of a movie
  // deleted right after its import or failure is absent from history/since, and neither app sends a
  // webhook for a failed download (Notifications/Webhook/Webhook.cs). What became of it is unknown.
  it('calls a finished download removed because its movie was deleted, when the movie was deleted right after the import', async () => {
    const h = await startHarness();
    const radarr = h.source();
    radarr.queueRecords = [movieRecord('i1', 1)];
    await h.advance(MIN);
    radarr.queueRecords = [movieRecord('i1', 1, { status: 'completed', trackedDownloadState: 'importing', sizeleft: 0 })];
    await h.advance(MIN);
    radarr.queueRecords = [];
    radarr.history.push(historyRecord('downloadFolderImported', 'i1', h.clock.now(), { movieId: 1 }));
    radarr.deletedMedia.add(1);
    await h.advance(10 * MIN);
    expect(h.types()).toEqual(['download.grabbed', 'download.completed', 'download.removed']);
    expect(of(h.events, 'download.removed')[0]).toMatchObject({ id: 'radarr:download.removed:i1', mediaDeleted: true, media: { title: 'Movie 1' } });
    await h.monitor.stop();
  });

  it('calls a failed download removed because its movie was deleted, when the movie was deleted right after the failure', async () => {
    const h = await startHarness();
    const radarr = h.source();
    radarr.queueRecords = [movieRecord('f2', 1)];
    await h.advance(MIN);
    // FailedDownloadService.cs: the failure leaves the queue at once, known only from history.
    radarr.queueRecords = [];
    radarr.history.push(historyRecord('downloadFailed', 'f2', h.clock.now(), { movieId: 1, data: { message: 'Download failed: unpacking failed' } }));
    radarr.deletedMedia.add(1);
    await h.advance(10 * MIN);
    expect(h.types()).toEqual(['download.grabbed', 'download.removed']);
    expect(of(h.events, 'download.removed')[0]).toMatchObject({ id: 'radarr:download.removed:f2', mediaDeleted: true, media: { title: 'Movie 1' } });
    await h.monitor.stop();
  });

  it('calls a Sonarr download removed because its series was deleted, whatever the client had done', async () => {
    const h = await startHarness({ instances: [{ name: 'sonarr', kind: 'sonarr' }] });
    const sonarr = h.source('sonarr');
    sonarr.queueRecords = [...episodeRecords('s1', 7, 1, [1]), ...episodeRecords('s2', 8, 1, [1])];
    await h.advance(MIN);
    sonarr.queueRecords = [];
    sonarr.history.push(historyRecord('downloadFailed', 's1', h.clock.now(), { seriesId: 7, episodeId: 7101 }));
    sonarr.deletedMedia.add(7);
    await h.advance(10 * MIN);
    const removed = of(h.events, 'download.removed');
    expect(removed.map((e) => [e.download.downloadId, e.mediaDeleted])).toEqual([
      ['s1', true],
      // Its series is still there: removed by hand or by the client.
      ['s2', undefined],
    ]);
    await h.monitor.stop();
  });

  it('still calls a download removed when it left unfinished and its movie is still there', async () => {
    const h = await startHarness();
    const radarr = h.source();
    radarr.queueRecords = [movieRecord('r1', 1)];
    await h.advance(MIN);
    radarr.queueRecords = [];
    await h.advance(10 * MIN);
    expect(h.types()).toEqual(['download.grabbed', 'download.removed']);
    expect(of(h.events, 'download.removed')[0]?.mediaDeleted).toBeUndefined();
    await h.monitor.stop();
  });
});

describe('stalled downloads', () => {
  // Radarr master: src/NzbDrone.Core/Download/Clients/QBittorrent/QBittorrent.cs reports stalledDL as
  // DownloadItemStatus.Warning with Message "The download is stalled with no connections"; the queue
  // shows status "warning", errorMessage, trackedDownloadStatus "ok" and no status messages.
  it('reports a stall the client reports at once, and not other warnings', async () => {
    const h = await startHarness({ stalledAfterMs: 10 * MIN });
    const radarr = h.source();
    radarr.queueRecords = [movieRecord('s1', 1, { sizeleft: 600 }), movieRecord('m1', 2, { sizeleft: 600 })];
    await h.advance(MIN);
    radarr.queueRecords = [
      movieRecord('s1', 1, { sizeleft: 600, status: 'warning', trackedDownloadStatus: 'ok', errorMessage: 'The download is stalled with no connections' }),
      movieRecord('m1', 2, { sizeleft: 600, status: 'warning', trackedDownloadStatus: 'ok', errorMessage: 'qBittorrent is reporting missing files' }),
    ];
    await h.advance(2 * MIN);
    const stalled = of(h.events, 'download.stalled');
    expect(stalled.map((e) => [e.download.downloadId, e.messages])).toEqual([['s1', ['The download is stalled with no connections']]]);
    const m1 = h.monitor.snapshot().instances[0]?.queue.find((q) => q.download.downloadId === 'm1');
    expect(m1).toMatchObject({ state: 'warning', messages: ['qBittorrent is reporting missing files'] });
    await h.monitor.stop();
  });
});

describe('history records of the wrong shape', () => {
  it('reads them without throwing: odd event types settle nothing, odd data fields are left out', () => {
    const odd = [
      historyRecord('__proto__', 'x1', 1000),
      historyRecord('constructor', 'x2', 1000),
      { ...historyRecord('grabbed', 'x3', 1000), data: 'oops' },
      { ...historyRecord('grabbed', 'x4', 1000), data: { protocol: 2, indexer: 5, size: '12' } },
    ] as unknown as Parameters<typeof outcomesOf>[0];
    const outcomes = outcomesOf(odd, 'radarr');
    expect(outcomes.map((o) => [o.kind, o.downloadId])).toEqual([
      ['grabbed', 'x3'],
      ['grabbed', 'x4'],
    ]);
    expect(outcomes[1]?.download).toEqual({ downloadId: 'x4', releaseTitle: 'Release', size: 12 });
  });

  it('reads health and disk records of the wrong shape without failing the read', async () => {
    const h = await startHarness();
    const radarr = h.source();
    radarr.healthRecords = [{ source: 5, type: 'warning' }, { source: 'IndexerCheck', type: 'error', message: 3 }] as unknown as typeof radarr.healthRecords;
    radarr.disks = [{ path: '/data', freeSpace: '1', totalSpace: 10 }] as unknown as typeof radarr.disks;
    await h.monitor.refresh();
    expect(h.monitor.snapshot().instances[0]).toMatchObject({ state: 'up', disks: [{ path: '/data', freeSpace: 0, totalSpace: 10 }] });
    expect(h.monitor.snapshot().instances[0]?.lastError).toBeUndefined();
    await h.monitor.stop();
  });
});
