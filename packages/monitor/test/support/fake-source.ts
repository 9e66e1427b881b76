/** An in-memory Radarr/Sonarr for engine tests that need no HTTP: records in, failures on demand. */
import { ArrAuthError, ArrNetworkError, createRadarrClient, createSonarrClient } from '@discarr/arr-sdk';
import type { DiskRecord, HealthRecord, HistoryRecord, MovieRecord, QueueRecord, SeriesRecord, TagRecord } from '../../src/arr-records.ts';
import type { ArrReader } from '../../src/arr-reader.ts';

export interface FakeSource extends ArrReader {
  kind: 'radarr' | 'sonarr';
  queueRecords: QueueRecord[];
  healthRecords: HealthRecord[];
  disks: DiskRecord[];
  history: HistoryRecord[];
  libraryRecords: (MovieRecord | SeriesRecord)[];
  tagRecords: TagRecord[];
  /** Movie or series ids deleted from the library (their history is gone too, as the apps' inner join drops it). */
  deletedMedia: Set<number>;
  version: string;
  /** `down`: every read fails with a connection error; `auth`: with 401. */
  failure: 'none' | 'down' | 'auth';
  requests: Record<string, number>;
}

const context = { instance: 'fake', method: 'GET', path: '/api/v3/x' };

export function createFakeSource(kind: 'radarr' | 'sonarr'): FakeSource {
  const options = { baseUrl: 'http://127.0.0.1:9', apiKey: 'fake-key', retry: false as const };
  const source: FakeSource = {
    kind,
    client: kind === 'radarr' ? { app: 'radarr', client: createRadarrClient(options) } : { app: 'sonarr', client: createSonarrClient(options) },
    queueRecords: [],
    healthRecords: [],
    disks: [{ path: '/data', label: 'data', freeSpace: 500e9, totalSpace: 1000e9 }],
    history: [],
    libraryRecords: [],
    tagRecords: [{ id: 1, label: '4k' }],
    deletedMedia: new Set(),
    version: '6.0.3.10150',
    failure: 'none',
    requests: {},
    async status() {
      await gate('status');
      return { appName: kind === 'radarr' ? 'Radarr' : 'Sonarr', version: source.version };
    },
    async health() {
      await gate('health');
      return structuredClone(source.healthRecords);
    },
    async diskSpace() {
      await gate('disk');
      return structuredClone(source.disks);
    },
    async queue() {
      await gate('queue');
      return structuredClone(source.queueRecords);
    },
    async library() {
      await gate('library');
      return structuredClone(source.libraryRecords);
    },
    async tags() {
      await gate('tags');
      return structuredClone(source.tagRecords);
    },
    async historySince(date) {
      await gate('history');
      const deleted = (r: HistoryRecord) => source.deletedMedia.has((kind === 'radarr' ? r.movieId : r.seriesId) ?? -1);
      return structuredClone(source.history.filter((r) => Date.parse(r.date ?? '') >= date.getTime() && !deleted(r)));
    },
    async mediaExists(id) {
      await gate('media');
      return !source.deletedMedia.has(id);
    },
  };
  async function gate(name: string): Promise<void> {
    source.requests[name] = (source.requests[name] ?? 0) + 1;
    await Promise.resolve();
    if (source.failure === 'down') throw new ArrNetworkError('connection failed (ECONNREFUSED)', 'ECONNREFUSED', context);
    if (source.failure === 'auth') throw new ArrAuthError(401, context);
  }
  return source;
}

/** A Radarr queue record with the movie embedded. */
export function movieRecord(downloadId: string, movieId: number, fields: Partial<QueueRecord> = {}): QueueRecord {
  return {
    id: movieId * 1000,
    downloadId,
    title: `Movie.${movieId}.2020.1080p.BluRay.x264-GRP`,
    size: 1000,
    sizeleft: 1000,
    status: 'downloading',
    trackedDownloadStatus: 'ok',
    trackedDownloadState: 'downloading',
    statusMessages: [],
    protocol: 'torrent',
    downloadClient: 'qBittorrent',
    indexer: 'Indexer',
    quality: { quality: { name: 'Bluray-1080p' } },
    movieId,
    movie: { id: movieId, title: `Movie ${movieId}`, year: 2020, tmdbId: 100 + movieId, images: [{ coverType: 'poster', remoteUrl: `https://image.tmdb.org/p/${movieId}.jpg` }], tags: [1] },
    ...fields,
  };
}

/** The Sonarr queue records of one download covering `episodes` of season `season`. */
export function episodeRecords(downloadId: string, seriesId: number, season: number, episodes: number[], fields: Partial<QueueRecord> = {}): QueueRecord[] {
  return episodes.map((n) => ({
    id: seriesId * 10000 + season * 100 + n,
    downloadId,
    title: `Series.${seriesId}.S0${season}.1080p.WEB-DL-GRP`,
    size: 5000,
    sizeleft: 5000,
    status: 'downloading',
    trackedDownloadStatus: 'ok',
    trackedDownloadState: 'downloading',
    statusMessages: [],
    protocol: 'usenet',
    downloadClient: 'SABnzbd',
    indexer: 'NZBIndexer',
    quality: { quality: { name: 'WEBDL-1080p' } },
    seriesId,
    episodeId: seriesId * 1000 + season * 100 + n,
    seasonNumber: season,
    series: { id: seriesId, title: `Series ${seriesId}`, year: 2019, tvdbId: 500 + seriesId, images: [{ coverType: 'poster', remoteUrl: `https://artworks/${seriesId}.jpg` }] },
    episode: { id: seriesId * 1000 + season * 100 + n, seasonNumber: season, episodeNumber: n, title: `Episode ${n}` },
    ...fields,
  }));
}

/** A history record. */
export function historyRecord(eventType: string, downloadId: string, date: number, fields: Partial<HistoryRecord> = {}): HistoryRecord {
  return { id: Math.floor(Math.random() * 1e9), eventType, downloadId, date: new Date(date).toISOString(), sourceTitle: 'Release', data: {}, ...fields };
}
