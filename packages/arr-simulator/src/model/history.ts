/** The history log: what was grabbed, imported, failed or deleted, and when. */
import { releaseQualityFields, type QualityDefinition } from '../library/qualities.ts';
import { isoDate } from '../time-format.ts';

export type HistoryEventType =
  | 'grabbed'
  | 'downloadFolderImported'
  | 'movieFolderImported'
  | 'seriesFolderImported'
  | 'downloadFailed'
  | 'movieFileDeleted'
  | 'episodeFileDeleted'
  | 'movieFileRenamed'
  | 'episodeFileRenamed'
  | 'downloadIgnored';

export interface HistoryEntry {
  id: number;
  date: number;
  eventType: HistoryEventType;
  downloadId?: string;
  sourceTitle: string;
  quality: QualityDefinition;
  customFormatScore: number;
  data: Record<string, string>;
  movieId?: number;
  seriesId?: number;
  episodeId?: number;
}

export interface HistoryLog {
  add(entry: Omit<HistoryEntry, 'id'>): HistoryEntry;
  all(): readonly HistoryEntry[];
  /** Entries at or after `date` (inclusive, as the apps), oldest first. */
  since(date: number, eventType?: string): HistoryEntry[];
}

export function createHistoryLog(): HistoryLog {
  const entries: HistoryEntry[] = [];
  let nextId = 1;
  return {
    add(entry) {
      const created = { ...entry, id: nextId++ };
      entries.push(created);
      return created;
    },
    all: () => entries,
    since(date, eventType) {
      return entries
        .filter((entry) => entry.date >= date && (eventType === undefined || entry.eventType === eventType))
        .sort((a, b) => a.date - b.date || a.id - b.id);
    },
  };
}

/** A history record as both apps answer it; `media` holds the app's fields (`movieId`, or `seriesId`, `episodeId`, and embedded media). */
export function historyRecordJson(kind: 'radarr' | 'sonarr', entry: HistoryEntry, media: Record<string, unknown>): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: entry.id,
    ...media,
    sourceTitle: entry.sourceTitle,
    ...releaseQualityFields(kind, entry.quality),
    customFormatScore: entry.customFormatScore,
    qualityCutoffNotMet: false,
    date: isoDate(entry.date),
    eventType: entry.eventType,
    data: entry.data,
  };
  if (entry.downloadId !== undefined) json.downloadId = entry.downloadId;
  return json;
}
