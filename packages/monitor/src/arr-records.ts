/**
 * The parts of Radarr and Sonarr records the monitor reads, typed loosely (every field optional and
 * possibly null) so that the SDK's generated types, webhook payloads and test fixtures all fit.
 */

export interface ImageRecord {
  coverType?: string | null;
  remoteUrl?: string | null;
  url?: string | null;
}

/** The fields movies and series share (a library resource, or the copy embedded in a record). */
interface LibraryItemRecord {
  id?: number | null;
  title?: string | null;
  year?: number | null;
  imdbId?: string | null;
  images?: readonly ImageRecord[] | null;
  tags?: readonly number[] | null;
  /** ISO date the item was added to the library (library resources and SignalR bodies carry it). */
  added?: string | null;
}

export interface MovieRecord extends LibraryItemRecord {
  tmdbId?: number | null;
}

export interface SeriesRecord extends LibraryItemRecord {
  tvdbId?: number | null;
}

export interface EpisodeRecord {
  id?: number | null;
  seasonNumber?: number | null;
  episodeNumber?: number | null;
  title?: string | null;
}

export interface QualityRecord {
  quality?: { name?: string | null } | null;
}

export interface StatusMessageRecord {
  title?: string | null;
  messages?: readonly string[] | null;
}

/** What queue and history records of either app share: the download and the media they concern. */
interface DownloadRecordBase {
  id?: number | null;
  downloadId?: string | null;
  quality?: QualityRecord | null;
  movieId?: number | null;
  movie?: MovieRecord | null;
  seriesId?: number | null;
  episodeId?: number | null;
  series?: SeriesRecord | null;
  episode?: EpisodeRecord | null;
}

/** A queue record of either app (with the include flags on). */
export interface QueueRecord extends DownloadRecordBase {
  title?: string | null;
  size?: number | null;
  sizeleft?: number | null;
  timeleft?: string | null;
  status?: string | null;
  trackedDownloadStatus?: string | null;
  trackedDownloadState?: string | null;
  statusMessages?: readonly StatusMessageRecord[] | null;
  errorMessage?: string | null;
  protocol?: string | null;
  downloadClient?: string | null;
  indexer?: string | null;
  releaseGroup?: string | null;
  seasonNumber?: number | null;
}

/** A history record of either app (with the include flags on). */
export interface HistoryRecord extends DownloadRecordBase {
  date?: string | null;
  eventType?: string | null;
  sourceTitle?: string | null;
  data?: Readonly<Record<string, string | null | undefined>> | null;
}

export interface HealthRecord {
  source?: string | null;
  type?: string | null;
  message?: string | null;
  wikiUrl?: string | null;
}

export interface DiskRecord {
  path?: string | null;
  label?: string | null;
  freeSpace?: number | null;
  totalSpace?: number | null;
}

export interface StatusRecord {
  appName?: string | null;
  version?: string | null;
}
