/**
 * Queue records as both apps build them: the release and status fields are the same in Radarr and
 * Sonarr; only the media fields (`movieId`, or `seriesId`/`episodeId`/… per episode) and the key
 * the record id is hashed from differ, and those come from the app as {@link QueueMedia}.
 */
import { releaseQualityFields } from '../library/qualities.ts';
import { hashInt31 } from '../random.ts';
import { pendingStatusFields, queueStatusFields, type Download, type PendingRelease } from './download.ts';

type Json = Record<string, unknown>;

/** One record's media part, as the app fills it in. */
export interface QueueMedia {
  /** `movieId` (+ `movie`), or `seriesId`, `episodeId`, `seasonNumber`, `episodeHasFile` (+ `series`, `episode`). */
  fields: Json;
  /** Appended to `trackedDownload-{client}-{downloadId}` before hashing the record id (`''` or `-ep{id}`). */
  trackedKey: string;
  /** Appended to `pending-{id}` before hashing a pending release's record id (`-movie{id}` or `-ep{id}`). */
  pendingKey: string;
}

function releaseFields(kind: 'radarr' | 'sonarr', release: Pick<Download, 'quality' | 'title' | 'protocol'> & { indexer: string | undefined }, customFormatScore: number): Json {
  return {
    ...releaseQualityFields(kind, release.quality),
    customFormatScore,
    title: release.title,
    protocol: release.protocol,
    // The indexer comes from the grab in history: a download the app never grabbed has none (TrackedDownloadService.cs).
    ...(release.indexer === undefined ? {} : { indexer: release.indexer }),
    downloadClientHasPostImportCategory: false,
  };
}

/** The records of a tracked download: one per media part (one for a movie, one per episode of a pack). */
export function downloadQueueRecords(kind: 'radarr' | 'sonarr', download: Download, media: readonly QueueMedia[]): Json[] {
  const status = download.shown ?? queueStatusFields(download);
  const release = releaseFields(kind, { ...download, indexer: download.grabbed ? download.indexer : undefined }, download.customFormatScore);
  return media.map((part) => ({
    id: hashInt31(`trackedDownload-${download.downloadClientId}-${download.downloadId}${part.trackedKey}`),
    ...part.fields,
    ...release,
    ...status,
    downloadId: download.downloadId,
    downloadClient: download.downloadClient,
    outputPath: download.outputPath,
  }));
}

/** The records of a pending release: status `delay`, no download id or client yet, nothing tracked. */
export function pendingQueueRecords(kind: 'radarr' | 'sonarr', pending: PendingRelease, media: readonly QueueMedia[], now: number): Json[] {
  const status = pendingStatusFields(pending, now);
  const release = releaseFields(kind, pending, 0);
  return media.map((part) => ({ id: hashInt31(`pending-${pending.id}${part.pendingKey}`), ...part.fields, ...release, ...status }));
}
