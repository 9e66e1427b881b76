/**
 * What the queue actions do on an instance, through the SDK: find a download's queue records (a
 * season pack has one per episode, sharing the download id), remove them (optionally blocklisting
 * the release), search again for what they were for, and import a blocked download's file by hand.
 * Idempotent: a download no longer in the queue is reported, not an error.
 */
import type { RadarrSchemas, SonarrSchemas } from '@discarr/arr-sdk';
import { grabbedByApp } from '@discarr/monitor';
import type { ResolvedInstance } from './instances.ts';
import { STRINGS } from './strings.ts';

/** The numeric history event type of a grab, the same in Radarr and Sonarr (the paged history's `eventType` filter takes numbers only). */
const GRABBED = 1;

/** What a download was for, as far as a search needs it. */
export interface DownloadMedia {
  title: string;
  movieIds: number[];
  episodeIds: number[];
}

/** The queue records of one download. */
export interface DownloadRecords {
  ids: number[];
  media: DownloadMedia;
  /**
   * Whether the app grabbed it (its records carry the grab's indexer or date). One put in the client
   * by hand was not, and the app cannot blocklist it: its blocklist is fed by the grab's history
   * (Radarr master and Sonarr main: src/NzbDrone.Core/Download/FailedDownloadService.cs MarkAsFailed
   * does nothing without one).
   */
  grabbed: boolean;
}

/** The records of `downloadId` in the instance's queue; undefined when none is left. */
export async function findDownload(instance: ResolvedInstance, downloadId: string): Promise<DownloadRecords | undefined> {
  if (instance.app === 'radarr') {
    const records = (await instance.client.queue.list()).filter((record) => record.downloadId === downloadId);
    const [first] = records;
    if (first === undefined) return undefined;
    return { ids: records.map((record) => record.id), media: { title: first.movie?.title ?? first.title, movieIds: unique(records.map((record) => record.movieId)), episodeIds: [] }, grabbed: records.some(grabbedByApp) };
  }
  const records = (await instance.client.queue.list()).filter((record) => record.downloadId === downloadId);
  const [first] = records;
  if (first === undefined) return undefined;
  return { ids: records.map((record) => record.id), media: { title: first.series?.title ?? first.title, movieIds: [], episodeIds: unique(records.map((record) => record.episodeId)) }, grabbed: records.some(grabbedByApp) };
}

/** What the instance's history says the download was for, when it has left the queue (a failed download): its grabs, one per movie or episode. */
export async function mediaFromHistory(instance: ResolvedInstance, downloadId: string): Promise<DownloadMedia | undefined> {
  if (instance.app === 'radarr') {
    const { data } = await instance.client.GET('/api/v3/history', { params: { query: { downloadId, eventType: [GRABBED], includeMovie: true, pageSize: 1000 } } });
    const records = data?.records ?? [];
    const [first] = records;
    return first === undefined ? undefined : { title: first.movie?.title ?? first.sourceTitle, movieIds: unique(records.map((record) => record.movieId)), episodeIds: [] };
  }
  const { data } = await instance.client.GET('/api/v3/history', { params: { query: { downloadId, eventType: [GRABBED], includeSeries: true, pageSize: 1000 } } });
  const records = data?.records ?? [];
  const [first] = records;
  return first === undefined ? undefined : { title: first.series?.title ?? first.sourceTitle, movieIds: [], episodeIds: unique(records.map((record) => record.episodeId)) };
}


/** Removes the download's records; `blocklist` keeps the release from being grabbed again. The app's own re-search is skipped: `search` runs one the bot can report. */
export async function removeRecords(instance: ResolvedInstance, records: DownloadRecords, options: { blocklist: boolean }): Promise<void> {
  const removal = { blocklist: options.blocklist, skipRedownload: true, removeFromClient: true };
  const [only] = records.ids;
  if (records.ids.length === 1 && only !== undefined) await instance.client.queue.remove(only, removal);
  else await instance.client.queue.removeMany(records.ids, removal);
}

/** Starts a search for the media; false when there is nothing to search for. */
export async function searchMedia(instance: ResolvedInstance, media: DownloadMedia): Promise<boolean> {
  if (instance.app === 'radarr') {
    if (media.movieIds.length === 0) return false;
    await instance.client.command.run('MoviesSearch', { movieIds: media.movieIds });
    return true;
  }
  if (media.episodeIds.length === 0) return false;
  await instance.client.command.run('EpisodeSearch', { episodeIds: media.episodeIds });
  return true;
}

/** A file the app offers to import for a blocked download. */
export interface ImportCandidate {
  /** Index in the app's list, used as the select value. */
  index: number;
  name: string;
  quality: string | undefined;
  size: number;
  rejections: string[];
  /** The file as the ManualImport command takes it; undefined when the app cannot tell its movie or episodes. */
  file: RadarrSchemas['ManualImportFile'] | SonarrSchemas['ManualImportFile'] | undefined;
}

/** The candidates of a download (`GET /manualimport?downloadId=`), in the app's order. */
export async function importCandidates(instance: ResolvedInstance, downloadId: string): Promise<ImportCandidate[]> {
  if (instance.app === 'radarr') {
    const items = await instance.client.manualImport.list({ downloadId, filterExistingFiles: false });
    return items.map((item, index) => {
      const movieId = item.movie?.id;
      const file: RadarrSchemas['ManualImportFile'] | undefined =
        typeof movieId === 'number' && movieId > 0
          ? { path: item.path, folderName: item.folderName, movieId, quality: item.quality, languages: item.languages, releaseGroup: item.releaseGroup, indexerFlags: item.indexerFlags, downloadId: item.downloadId ?? downloadId }
          : undefined;
      return { index, name: item.name, quality: item.quality.quality.name, size: item.size, rejections: item.rejections.map((rejection) => rejection.reason), file };
    });
  }
  const items = await instance.client.manualImport.list({ downloadId, filterExistingFiles: false });
  return items.map((item, index) => {
    const seriesId = item.series?.id;
    const episodeIds = (item.episodes ?? []).map((episode) => episode.id).filter((id): id is number => typeof id === 'number');
    const file: SonarrSchemas['ManualImportFile'] | undefined =
      typeof seriesId === 'number' && seriesId > 0 && episodeIds.length > 0
        ? { path: item.path, folderName: item.folderName, seriesId, episodeIds, quality: item.quality, languages: item.languages, releaseGroup: item.releaseGroup, indexerFlags: item.indexerFlags, releaseType: item.releaseType, downloadId: item.downloadId ?? downloadId }
        : undefined;
    return { index, name: item.name, quality: item.quality.quality.name, size: item.size, rejections: item.rejections.map((rejection) => rejection.reason), file };
  });
}

/** Imports one candidate through the SDK's manual-import helper and waits for the command; returns its status. */
export async function applyImport(instance: ResolvedInstance, candidate: ImportCandidate, wait: { timeoutMs: number; pollMs: number }): Promise<string> {
  if (candidate.file === undefined) throw new RangeError(STRINGS.manualImportNoMedia);
  if (instance.app === 'radarr') {
    const command = await instance.client.manualImport.apply([candidate.file as RadarrSchemas['ManualImportFile']], 'auto');
    return (await instance.client.command.wait(command, wait)).status;
  }
  const command = await instance.client.manualImport.apply([candidate.file as SonarrSchemas['ManualImportFile']], 'auto');
  return (await instance.client.command.wait(command, wait)).status;
}

function unique(values: (number | null | undefined)[]): number[] {
  return [...new Set(values.filter((value): value is number => typeof value === 'number' && value > 0))];
}
