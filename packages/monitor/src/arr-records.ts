/**
 * The parts of Radarr and Sonarr REST records the monitor reads, picked by name from the SDK's
 * generated types (so a field renamed in our OpenAPI documents breaks the build where it is used)
 * and made loose: every field optional and possibly null, at every depth, because what a server
 * sends is checked where it is read, never trusted to be complete.
 */
import type { RadarrSchemas, SonarrSchemas } from '@discarr/arr-sdk';

type R = RadarrSchemas;
type S = SonarrSchemas;

/** `T` with every field optional and nullable, at every depth. */
export type Loose<T> = T extends string | number | boolean | null | undefined
  ? T
  : T extends readonly (infer U)[]
    ? readonly Loose<U>[]
    : T extends object
      ? { [K in keyof T]?: Loose<T[K]> | null }
      : T;

export type ImageRecord = Loose<Pick<R['MediaCover'], 'coverType' | 'remoteUrl' | 'url'>>;

/** What movies and series share: the library resource, or the copy embedded in a record. */
type LibraryFields = 'id' | 'title' | 'year' | 'imdbId' | 'images' | 'tags' | 'added';

/** A Radarr movie (library resource or embedded); `tags` are tag ids. */
export type MovieRecord = Loose<Pick<R['Movie'], LibraryFields | 'tmdbId'>>;

/** A Sonarr series (library resource or embedded); `tags` are tag ids. */
export type SeriesRecord = Loose<Pick<S['Series'], LibraryFields | 'tvdbId'>>;

export type EpisodeRecord = Loose<Pick<S['Episode'], 'id' | 'seasonNumber' | 'episodeNumber' | 'title'>>;

export type QualityRecord = Loose<Pick<R['QualityModel'], 'quality'>>;

export type StatusMessageRecord = Loose<R['StatusMessage']>;

/** A queue record of either app (with the include flags on). */
export type QueueRecord = Loose<
  Pick<
    R['QueueRecord'],
    | 'id'
    | 'downloadId'
    | 'quality'
    | 'movieId'
    | 'movie'
    | 'title'
    | 'size'
    | 'sizeleft'
    | 'timeleft'
    | 'status'
    | 'trackedDownloadStatus'
    | 'trackedDownloadState'
    | 'statusMessages'
    | 'errorMessage'
    | 'protocol'
    | 'downloadClient'
    | 'indexer'
    | 'added'
  >
> &
  Loose<Pick<S['QueueRecord'], 'seriesId' | 'episodeId' | 'series' | 'episode' | 'seasonNumber'>>;

/** A history record of either app (with the include flags on). */
export type HistoryRecord = Loose<Pick<R['HistoryRecord'], 'id' | 'downloadId' | 'quality' | 'movieId' | 'movie' | 'date' | 'eventType' | 'sourceTitle' | 'data'>> &
  Loose<Pick<S['HistoryRecord'], 'seriesId' | 'episodeId' | 'series' | 'episode'>>;

export type HealthRecord = Loose<Pick<R['HealthItem'], 'source' | 'type' | 'message' | 'wikiUrl'>>;

export type DiskRecord = Loose<Pick<R['DiskSpace'], 'path' | 'label' | 'freeSpace' | 'totalSpace'>>;

export type StatusRecord = Loose<Pick<R['SystemStatus'], 'appName' | 'version'>>;

/** A tag of either app (`GET /tag`). */
export type TagRecord = Loose<Pick<R['Tag'], 'id' | 'label'>>;
