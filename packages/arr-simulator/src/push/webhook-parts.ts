/**
 * Webhook payload parts Radarr and Sonarr send alike (`src/NzbDrone.Core/Notifications/Webhook/` in
 * both): the release, the download client fields, a media file, tag labels.
 */
import type { MediaFileFields } from '../library/media-files.ts';
import { ENGLISH } from '../library/qualities.ts';
import type { Tag } from '../library/settings.ts';
import type { Download } from '../model/download.ts';
import { isoDate } from '../time-format.ts';

type Json = Record<string, unknown>;

export function webhookRelease(download: Download): Json {
  return {
    quality: download.quality.name,
    qualityVersion: 1,
    releaseGroup: download.releaseGroup,
    releaseTitle: download.title,
    indexer: download.indexer,
    size: download.size,
    customFormatScore: download.customFormatScore,
    customFormats: [],
    languages: [ENGLISH],
    indexerFlags: [],
  };
}

/**
 * What the app remembers of the grab in an import or manual-interaction payload (WebhookGrabbedRelease.cs):
 * Radarr the title, indexer, size and indexer flags; Sonarr the title, indexer, size and release type.
 * A download the app never grabbed has no grab history: Radarr sends only a zero size, Sonarr only
 * the release type `unknown`.
 */
export function webhookGrabbedRelease(kind: 'radarr' | 'sonarr', download: Download, releaseType: 'singleEpisode' | 'multiEpisode' | 'seasonPack' = 'singleEpisode'): Json {
  const grabbed = download.target.kind !== 'unknown';
  if (kind === 'radarr') return grabbed ? { releaseTitle: download.title, indexer: download.indexer, size: download.size, indexerFlags: [] } : { size: 0 };
  if (!grabbed) return { releaseType: 'unknown' };
  return { releaseTitle: download.title, indexer: download.indexer, size: download.size, releaseType };
}

export function downloadClientFields(download: Download): Json {
  return {
    downloadClient: download.downloadClient,
    downloadClientType: download.protocol === 'torrent' ? 'qBittorrent' : 'SABnzbd',
    downloadId: download.downloadId,
    customFormatInfo: { customFormats: [], customFormatScore: download.customFormatScore },
  };
}

/** The download part of a ManualInteractionRequired payload (beside the movie or series, absent for a download matched to none). */
export function manualInteractionFields(kind: 'radarr' | 'sonarr', download: Download, releaseType?: 'singleEpisode' | 'multiEpisode' | 'seasonPack'): Json {
  return {
    downloadInfo: { quality: download.quality.name, qualityVersion: 1, title: download.title, size: download.size },
    downloadStatus: 'Warning',
    downloadStatusMessages: download.statusMessages,
    release: webhookGrabbedRelease(kind, download, releaseType),
    ...downloadClientFields(download),
  };
}

/** A movie or episode file; `extra` holds what only one app sends (Radarr's `indexerFlags`). */
export function webhookFile(file: MediaFileFields, sourcePath?: string, extra: Json = {}): Json {
  const json: Json = {
    id: file.id,
    relativePath: file.relativePath,
    path: file.path,
    quality: file.quality.name,
    qualityVersion: 1,
    releaseGroup: file.releaseGroup,
    sceneName: file.sceneName,
    ...extra,
    size: file.size,
    dateAdded: isoDate(file.dateAdded),
    languages: [ENGLISH],
  };
  if (sourcePath !== undefined) json.sourcePath = sourcePath;
  return json;
}

/** Webhooks name tags by label. */
export function tagLabels(ids: readonly number[], tags: readonly Tag[]): string[] {
  return ids.map((id) => tags.find((tag) => tag.id === id)?.label ?? String(id));
}
