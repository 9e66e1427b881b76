/** The parts of Radarr and Sonarr webhook payloads the monitor reads, typed loosely. */
import type { EpisodeRecord, MovieRecord, SeriesRecord } from './arr-records.ts';

export interface WebhookRelease {
  quality?: string | null;
  releaseTitle?: string | null;
  indexer?: string | null;
  size?: number | null;
  releaseGroup?: string | null;
}

export interface WebhookPayloadRecord {
  eventType: string;
  movie?: MovieRecord | null;
  remoteMovie?: MovieRecord | null;
  series?: SeriesRecord | null;
  episodes?: readonly EpisodeRecord[] | null;
  release?: WebhookRelease | null;
  downloadClient?: string | null;
  downloadClientType?: string | null;
  downloadId?: string | null;
  isUpgrade?: boolean | null;
  deletedFiles?: boolean | null;
  movieFile?: { id?: number | null; quality?: string | null; size?: number | null; relativePath?: string | null; sceneName?: string | null; releaseGroup?: string | null } | null;
  episodeFile?: { id?: number | null; quality?: string | null; size?: number | null; sceneName?: string | null; releaseGroup?: string | null } | null;
  /** Sonarr's "import complete" shape of `Download`: every file of the finished download. */
  episodeFiles?: readonly { id?: number | null; quality?: string | null; size?: number | null; sceneName?: string | null; releaseGroup?: string | null }[] | null;
  previousVersion?: string | null;
  newVersion?: string | null;
  message?: string | null;
  downloadStatusMessages?: readonly { title?: string | null; messages?: readonly string[] | null }[] | null;
  downloadStatus?: string | null;
}
