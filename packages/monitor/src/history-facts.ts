/**
 * What history tells the monitor: the downloads imported or failed since a date, one entry per
 * download (the per-episode records of a season pack gathered by `downloadId`).
 */
import type { HistoryRecord } from './arr-records.ts';
import type { DownloadFacts, MediaFacts } from './events.ts';
import { compact, mergeMedia, movieFacts, qualityNameOf, seriesFacts, textOf } from './media-facts.ts';
import type { TagLabeler } from './tag-labels.ts';

export interface HistoryOutcome {
  kind: 'grabbed' | 'imported' | 'failed';
  downloadId: string;
  /** Epoch ms of the newest record of the outcome. */
  at: number;
  media: MediaFacts;
  download: DownloadFacts;
  /** Imported over an existing file (the app deleted the old one with reason `Upgrade`). */
  isUpgrade: boolean;
  reason?: string;
}

function mediaOf(record: HistoryRecord, kind: 'radarr' | 'sonarr', labels: TagLabeler | undefined): MediaFacts {
  return kind === 'radarr'
    ? movieFacts(record.movie, record.movieId, record.sourceTitle ?? undefined, labels?.(record.movie?.tags))
    : seriesFacts(record.series, [record.episode], record.seriesId, record.sourceTitle ?? undefined, labels?.(record.series?.tags));
}

/**
 * The download protocol of a `grabbed` record: the apps store the enum's number (`"1"` usenet,
 * `"2"` torrent; Radarr master and Sonarr main: src/NzbDrone.Core/History/HistoryService.cs,
 * src/NzbDrone.Core/Indexers/DownloadProtocol.cs), as the queue's names.
 */
export function protocolOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  switch (value) {
    case '1':
      return 'usenet';
    case '2':
      return 'torrent';
    case '0':
    case '':
      return undefined;
    default:
      return value.toLowerCase();
  }
}

function numberOf(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** The `data` of a history record: its string values only, whatever shape a server sends. */
function dataOf(record: HistoryRecord): Readonly<Record<string, string | undefined>> {
  const data: unknown = record.data;
  if (typeof data !== 'object' || data === null) return {};
  return Object.fromEntries(Object.entries(data).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function downloadOf(record: HistoryRecord, downloadId: string): DownloadFacts {
  const data = dataOf(record);
  return compact<DownloadFacts>({
    downloadId,
    releaseTitle: textOf(record.sourceTitle),
    quality: qualityNameOf(record.quality),
    size: numberOf(data.size),
    indexer: data.indexer,
    downloadClient: data.downloadClientName ?? data.downloadClient,
    protocol: protocolOf(data.protocol),
    releaseGroup: data.releaseGroup,
  });
}

/** The history event types that settle a download (a Map: an event type from a server never reaches a prototype). */
const OUTCOMES: ReadonlyMap<string, HistoryOutcome['kind']> = new Map([
  ['grabbed', 'grabbed'],
  ['downloadFolderImported', 'imported'],
  ['downloadFailed', 'failed'],
]);

/** Gathers the grab, import and failure records of a history read into one outcome per download. */
export function outcomesOf(records: readonly HistoryRecord[], kind: 'radarr' | 'sonarr', labels?: TagLabeler): HistoryOutcome[] {
  const upgraded = new Set<string>();
  for (const record of records) {
    const deleted = record.eventType === 'movieFileDeleted' || record.eventType === 'episodeFileDeleted';
    // The apps delete the replaced file with reason `Upgrade` while importing a better release.
    if (deleted && dataOf(record).reason === 'Upgrade') upgraded.add(mediaKey(record));
  }
  const byDownload = new Map<string, { kind: HistoryOutcome['kind']; records: HistoryRecord[] }>();
  for (const record of records) {
    const outcome = OUTCOMES.get(String(record.eventType));
    if (!outcome || !record.downloadId) continue;
    const key = `${outcome}:${record.downloadId}`;
    const entry = byDownload.get(key);
    if (entry) entry.records.push(record);
    else byDownload.set(key, { kind: outcome, records: [record] });
  }
  const outcomes: HistoryOutcome[] = [];
  for (const { kind: outcome, records: list } of byDownload.values()) {
    const first = list[0] as HistoryRecord;
    const downloadId = first.downloadId ?? '';
    const at = Math.max(...list.map((r) => Date.parse(r.date ?? '') || 0));
    outcomes.push(
      compact<HistoryOutcome>({
        kind: outcome,
        downloadId,
        at,
        media: mergeMedia(list.map((r) => mediaOf(r, kind, labels))),
        download: downloadOf(first, downloadId),
        isUpgrade: outcome === 'imported' && list.some((r) => upgraded.has(mediaKey(r))),
        reason: outcome === 'failed' ? (dataOf(first).message ?? 'download failed') : undefined,
      }),
    );
  }
  return outcomes.sort((a, b) => a.at - b.at);
}

function mediaKey(record: HistoryRecord): string {
  return record.episodeId ? `e${record.episodeId}` : `m${record.movieId ?? 0}`;
}

/** The newest record date of a read, as ISO, or undefined for an empty read. */
export function newestDate(records: readonly HistoryRecord[]): string | undefined {
  let newest: number | undefined;
  for (const record of records) {
    const at = Date.parse(record.date ?? '');
    if (Number.isFinite(at) && (newest === undefined || at > newest)) newest = at;
  }
  return newest === undefined ? undefined : new Date(newest).toISOString();
}
