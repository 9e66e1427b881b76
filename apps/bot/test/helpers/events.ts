/** Hand-made monitor events and snapshots for tests. */
import type { EventOf, InstanceSnapshot, MonitorEvent, MonitorEventType, MonitorSnapshot, QueueItemSnapshot } from '@discarr/monitor';

let counter = 0;

const movie = { mediaType: 'movie' as const, title: 'The Matrix', year: 1999, movieId: 1, tmdbId: 603, imdbId: 'tt0133093', posterUrl: 'https://image.tmdb.org/t/p/original/matrix.jpg', tags: ['1'] };
const download = { downloadId: 'SABnzbd_nzo_abc123', releaseTitle: 'The.Matrix.1999.1080p.BluRay.x264-GROUP', quality: 'Bluray-1080p', size: 8_589_934_592, indexer: 'NZBgeek', downloadClient: 'SABnzbd', protocol: 'usenet', releaseGroup: 'GROUP' };
const progress = { percent: 52, size: 8_589_934_592, sizeleft: 4_123_168_604, speedBytesPerSecond: 5_242_880, etaMs: 786_000, state: 'downloading' as const };
const health = { source: 'IndexerStatusCheck', level: 'warning' as const, message: 'Indexers unavailable due to failures: NZBgeek', wikiUrl: 'https://wiki.servarr.com/radarr/system#indexers-are-unavailable-due-to-failures' };
const disk = { path: '/data', label: 'data', freeSpace: 10_737_418_240, totalSpace: 2_199_023_255_552, percentFree: 0.49 };

/** One event of the given type with plausible facts; `overrides` replace top-level fields. */
export function makeEvent<T extends MonitorEventType>(type: T, overrides: Partial<EventOf<T>> = {}): EventOf<T> {
  counter += 1;
  const base = { type, id: `${type}:${counter}`, instance: 'radarr', kind: 'radarr' as const, at: '2026-01-05T12:00:00.000Z', source: 'poll' as const };
  const byType: { [K in MonitorEventType]: Omit<EventOf<K>, keyof typeof base> } = {
    'download.grabbed': { media: movie, download },
    'download.progress': { media: movie, download, progress },
    'download.stalled': { media: movie, download, progress: { ...progress, state: 'stalled' }, messages: ['The download is stalled with no connections'] },
    'download.completed': { media: movie, download },
    'download.imported': { media: movie, download, isUpgrade: false },
    'download.failed': { media: movie, download, reason: 'Download client reported failure: par2 repair failed' },
    'download.importBlocked': { media: movie, download, messages: ['No files found are eligible for import'] },
    'download.removed': { media: movie, download },
    'health.raised': { health },
    'health.cleared': { health },
    'instance.down': { error: 'connect ECONNREFUSED 127.0.0.1:7878' },
    'instance.up': { version: '5.14.0.9383', downForMs: 120_000 },
    'instance.authFailed': { error: 'HTTP 401: the API key was rejected' },
    'disk.low': { disk },
    'disk.ok': { disk: { ...disk, freeSpace: 500_000_000_000, percentFree: 22.7 } },
    'app.updated': { previousVersion: '5.13.0.9000', newVersion: '5.14.0.9383' },
    'media.added': { media: movie },
    'media.deleted': { media: movie, deletedFiles: true },
  };
  return { ...base, ...byType[type], ...overrides } as unknown as EventOf<T>;
}

/** The import event of one episode of a Sonarr season pack. */
export function episodeImport(episodeNumber: number, downloadId = 'qbit_pack_S01'): EventOf<'download.imported'> {
  return makeEvent('download.imported', {
    id: `import:${downloadId}:${episodeNumber}`,
    instance: 'sonarr',
    kind: 'sonarr',
    media: {
      mediaType: 'episode',
      title: 'Severance',
      year: 2022,
      seriesId: 7,
      tvdbId: 371980,
      seasonNumber: 1,
      episodes: [{ seasonNumber: 1, episodeNumber, title: `Episode ${episodeNumber}` }],
      posterUrl: 'https://artworks.thetvdb.com/severance.jpg',
    },
    download: { downloadId, quality: 'WEBDL-2160p', size: 40_000_000_000, releaseTitle: 'Severance.S01.2160p.WEB-DL', indexer: 'Torznab', downloadClient: 'qBittorrent' },
  });
}

export function allEventTypes(): MonitorEvent[] {
  const types: MonitorEventType[] = [
    'download.grabbed', 'download.progress', 'download.stalled', 'download.completed', 'download.imported', 'download.failed',
    'download.importBlocked', 'download.removed', 'health.raised', 'health.cleared', 'instance.down', 'instance.up',
    'instance.authFailed', 'disk.low', 'disk.ok', 'app.updated', 'media.added', 'media.deleted',
  ];
  return types.map((type) => makeEvent(type));
}

export function queueItem(index: number, overrides: Partial<QueueItemSnapshot> = {}): QueueItemSnapshot {
  return {
    queueId: index,
    title: `Movie ${index}`,
    media: { mediaType: 'movie', title: `Movie ${index}`, year: 2000 + (index % 25) },
    download: { downloadId: `dl-${index}`, quality: 'WEBDL-1080p', size: 4_000_000_000 },
    state: 'downloading',
    percent: (index * 7) % 100,
    size: 4_000_000_000,
    sizeleft: 2_000_000_000,
    speedBytesPerSecond: 3_000_000,
    etaMs: 600_000,
    messages: [],
    ...overrides,
  };
}

export function instanceSnapshot(name: string, queueLength: number, overrides: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
  return {
    name,
    kind: 'radarr',
    baseUrl: `http://127.0.0.1/${name}`,
    state: 'up',
    version: '5.14.0.9383',
    lastContact: '2026-01-05T12:00:00.000Z',
    push: 'connected',
    queue: Array.from({ length: queueLength }, (_, index) => queueItem(index + 1)),
    health: [{ source: 'IndexerStatusCheck', level: 'warning', message: 'Indexers unavailable due to failures' }],
    disks: [{ path: '/data', freeSpace: 100_000_000_000, totalSpace: 1_000_000_000_000, percentFree: 10 }],
    ...overrides,
  };
}

export function snapshotOf(...instances: InstanceSnapshot[]): MonitorSnapshot {
  return { at: '2026-01-05T12:00:00.000Z', instances };
}
