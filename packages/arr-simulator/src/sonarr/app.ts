/** Sonarr's side of the shared model: per-episode queue records, history, webhooks and commands. */
import { GB } from '../library/media-files.ts';
import { blocklistRecordJson } from '../model/blocklist.ts';
import { historyRecordJson } from '../model/history.ts';
import type { EpisodeEntity, SeriesEntity } from '../library/series.ts';
import { dotted } from '../library/titles.ts';
import { boolParam } from '../http/router.ts';
import type { CommandEntity } from '../model/commands.ts';
import type { Download, DownloadTarget } from '../model/download.ts';
import type { Instance, Json, MediaApp } from '../model/instance.ts';
import type { EpisodeFileEntity, SonarrLibrary } from './library.ts';
import { downloadClientFields, manualInteractionFields, webhookGrabbedRelease, webhookRelease } from '../push/webhook-parts.ts';
import { packFileName, webhookEpisode, webhookEpisodeFile, webhookSeries } from './payloads.ts';
import { createSonarrResources } from './resources.ts';
import { createEpisodeSearch } from './search.ts';

export interface SonarrApp extends MediaApp {
  readonly library: SonarrLibrary;
  seriesJson(series: SeriesEntity): Json;
  episodeJson(episode: EpisodeEntity, options?: { includeSeries?: boolean; includeEpisodeFile?: boolean }): Json;
  /** Grabs one release per episode, or one season pack when every episode of a season is wanted. */
  searchEpisodes(episodeIds: readonly number[]): number;
  /** Monitored, aired episodes without a file, of monitored series (of one series when given). */
  missingEpisodeIds(seriesId?: number): number[];
  /** Whether an episode has a file whose quality is not its series' profile cutoff (`wanted/cutoff`). */
  cutoffUnmet(episode: EpisodeEntity): boolean;
}

export function createSonarrApp(instance: Instance, library: SonarrLibrary): SonarrApp {
  const tags = instance.settings.tags;
  const episodesOf = (target: DownloadTarget): EpisodeEntity[] =>
    target.kind === 'episodes' ? target.episodeIds.map((id) => library.episodes.get(id)).filter((episode): episode is EpisodeEntity => episode !== undefined) : [];
  // The release type the grab history keeps (Sonarr main: Parser/Model/ReleaseType.cs).
  const releaseTypeOf = (target: DownloadTarget): 'singleEpisode' | 'multiEpisode' | 'seasonPack' => {
    if (target.kind !== 'episodes' || target.episodeIds.length <= 1) return 'singleEpisode';
    const season = library.episodesOf(target.seriesId).filter((episode) => episode.seasonNumber === target.seasonNumber);
    return season.every((episode) => target.episodeIds.includes(episode.id)) ? 'seasonPack' : 'multiEpisode';
  };
  const seriesOf = (target: DownloadTarget): SeriesEntity | undefined => (target.kind === 'episodes' ? library.series.get(target.seriesId) : undefined);

  const { seriesJson, episodeJson, aired } = createSonarrResources(library, instance.clock);

  const search = createEpisodeSearch(instance, library, aired);
  const app: SonarrApp = {
    kind: 'sonarr',
    library,
    mediaSignals: ['series', 'episode'],
    seriesJson,
    episodeJson,

    queueMedia(target, query) {
      // A download matched to no series has no series or episode fields.
      if (target.kind !== 'episodes') return [{ fields: { episodeHasFile: false }, trackedKey: '', pendingKey: '' }];
      const includeSeries = boolParam(query, 'includeSeries');
      const includeEpisode = boolParam(query, 'includeEpisode');
      const series = library.series.get(target.seriesId);
      // A season pack is one download and one queue record per episode, all sharing the downloadId.
      return target.episodeIds.map((episodeId) => {
        const episode = library.episodes.get(episodeId);
        const fields: Json = { seriesId: target.seriesId, episodeId, seasonNumber: episode?.seasonNumber ?? target.seasonNumber, episodeHasFile: episode?.hasFile ?? false };
        if (includeSeries && series !== undefined) fields.series = seriesJson(series);
        if (includeEpisode && episode !== undefined) fields.episode = episodeJson(episode);
        return { fields, trackedKey: `-ep${episodeId}`, pendingKey: `-ep${episodeId}` };
      });
    },

    historyTargets: (target) => (target.kind === 'episodes' ? target.episodeIds.map((episodeId) => ({ seriesId: target.seriesId, episodeId })) : []),

    historyJson(entry, query) {
      const media: Json = { episodeId: entry.episodeId ?? 0, seriesId: entry.seriesId ?? 0 };
      const series = entry.seriesId === undefined ? undefined : library.series.get(entry.seriesId);
      const episode = entry.episodeId === undefined ? undefined : library.episodes.get(entry.episodeId);
      if (series !== undefined && boolParam(query, 'includeSeries')) media.series = seriesJson(series);
      if (episode !== undefined && boolParam(query, 'includeEpisode')) media.episode = episodeJson(episode);
      return historyRecordJson('sonarr', entry, media);
    },

    hasMedia: (entry) => entry.seriesId !== undefined && library.series.has(entry.seriesId) && entry.episodeId !== undefined && library.episodes.has(entry.episodeId),

    blocklistJson: (entry) => blocklistRecordJson('sonarr', entry, { seriesId: entry.target.kind === 'episodes' ? entry.target.seriesId : 0, episodeIds: entry.target.kind === 'episodes' ? entry.target.episodeIds : [] }),

    releaseTitle(target, quality, group) {
      const series = seriesOf(target);
      const episodes = episodesOf(target);
      const name = series === undefined ? 'Unknown.Series' : dotted(series.title);
      const season = `S${String(target.kind === 'episodes' ? target.seasonNumber : 1).padStart(2, '0')}`;
      const code = episodes.length === 1 && episodes[0] !== undefined ? `${season}E${String(episodes[0].episodeNumber).padStart(2, '0')}` : season;
      return `${name}.${code}.${quality.resolution}p.${quality.source === 'bluray' ? 'BluRay' : quality.source === 'television' ? 'HDTV' : 'WEB-DL'}.x264-${group}`;
    },
    releaseSize(target, quality, random) {
      const perEpisode = quality.resolution >= 2160 ? 6 : quality.resolution >= 1080 ? 2 : 1;
      const count = Math.max(1, target.kind === 'episodes' ? target.episodeIds.length : 1);
      return Math.floor(perEpisode * count * (0.6 + random.next() * 0.8) * GB);
    },

    grabbed(download) {
      const series = seriesOf(download.target);
      if (series === undefined) return;
      instance.push.webhook('Grab', { series: webhookSeries(series, tags), episodes: episodesOf(download.target).map(webhookEpisode), release: webhookRelease(download), ...downloadClientFields(download) });
      // Sonarr main: src/Sonarr.Api.V3/Episodes/EpisodeControllerWithSignalR.cs Handle(EpisodeGrabbedEvent)
      // sends each episode at once (`episode.ToResource()`: no series or file), marked `grabbed: true`
      // (a field only this message carries).
      for (const episode of episodesOf(download.target)) instance.push.signal('episode', 'updated', { ...episodeJson(episode), grabbed: true });
    },

    imported(download, at) {
      const series = seriesOf(download.target);
      if (series === undefined) return;
      const episodes = episodesOf(download.target);
      const results = episodes.map((episode) => library.attachFile(episode.id, { size: Math.floor(download.size / Math.max(1, episodes.length)), dateAdded: at, sceneName: download.title, releaseGroup: download.releaseGroup, quality: download.quality }));
      if (results.length === 0) return;
      for (const payload of importWebhooks({ series: webhookSeries(series, tags), episodes, results, download, releaseType: releaseTypeOf(download.target) })) instance.push.webhook('Download', payload);
      instance.push.signal('series', 'updated', seriesJson(series));
      for (const episode of episodes) instance.push.signal('episode', 'updated', episodeJson(episode));
    },

    importBlocked(download) {
      // A download matched to no series is sent without `series` and with no episodes (Sonarr main:
      // CompletedDownloadService.cs, WebhookBase.cs BuildManualInteractionRequiredPayload).
      const series = seriesOf(download.target);
      instance.push.webhook('ManualInteractionRequired', {
        ...(series === undefined ? {} : { series: webhookSeries(series, tags) }),
        episodes: episodesOf(download.target).map(webhookEpisode),
        ...manualInteractionFields('sonarr', download, releaseTypeOf(download.target)),
      });
    },

    searchCommand: (target) => (target.kind === 'episodes' ? { name: 'EpisodeSearch', body: { episodeIds: target.episodeIds } } : undefined),

    runCommand(command: CommandEntity) {
      const body = command.body;
      const seriesId = typeof body.seriesId === 'number' ? body.seriesId : undefined;
      const report = (count: number): true => {
        command.message = `Found ${count} release(s)`;
        return true;
      };
      switch (command.name) {
        case 'EpisodeSearch':
          return report(app.searchEpisodes(Array.isArray(body.episodeIds) ? body.episodeIds.filter((id): id is number => typeof id === 'number') : []));
        case 'SeasonSearch':
          return report(app.searchEpisodes(app.missingEpisodeIds(seriesId).filter((id) => library.episodes.get(id)?.seasonNumber === body.seasonNumber)));
        case 'SeriesSearch':
          return report(seriesId === undefined ? 0 : app.searchEpisodes(app.missingEpisodeIds(seriesId)));
        // Both take an optional seriesId (Sonarr main: IndexerSearch/MissingEpisodeSearchCommand.cs, CutoffUnmetEpisodeSearchCommand.cs).
        case 'MissingEpisodeSearch':
          return report(app.searchEpisodes(app.missingEpisodeIds(seriesId)));
        case 'CutoffUnmetEpisodeSearch':
          return report(app.searchEpisodes(search.cutoffUnmetEpisodeIds(seriesId)));
        case 'RefreshSeries': {
          const list = seriesId === undefined ? [...library.series.values()].slice(0, 50) : [library.series.get(seriesId)].filter((series): series is SeriesEntity => series !== undefined);
          for (const series of list) instance.push.signal('series', 'updated', seriesJson(series));
          return true;
        }
        case 'RenameFiles':
        case 'RenameSeries': {
          const ids = Array.isArray(body.seriesIds) ? body.seriesIds : [seriesId];
          for (const id of ids) {
            const series = typeof id === 'number' ? library.series.get(id) : undefined;
            if (series === undefined) continue;
            const renamed = [...library.files.values()].filter((file) => file.seriesId === series.id).map((file) => ({ ...webhookEpisodeFile(file), previousRelativePath: file.sceneName === '' ? file.relativePath : `${file.sceneName}.mkv`, previousPath: file.path }));
            instance.push.webhook('Rename', { series: webhookSeries(series, tags), renamedEpisodeFiles: renamed });
          }
          return true;
        }
        default:
          return false;
      }
    },

    pickTarget: (random, options) => search.pickTarget(random, options),
    searchEpisodes: (episodeIds) => search.searchEpisodes(episodeIds),
    missingEpisodeIds: (seriesId) => search.missingEpisodeIds(seriesId),
    cutoffUnmet: (episode) => search.cutoffUnmet(episode),
  };
  return app;
}

/**
 * The Download webhooks of one import. Sonarr main: NotificationService.cs sends one per imported
 * file (EpisodeImportedEvent, WebhookBase.cs BuildOnDownloadPayload), then one for the whole download
 * (DownloadCompletedEvent, BuildOnImportCompletePayload: every file, `fileCount`, the paths, no `isUpgrade`).
 */
function importWebhooks(input: { series: Json; episodes: readonly EpisodeEntity[]; results: readonly { file: EpisodeFileEntity; replaced?: EpisodeFileEntity }[]; download: Download; releaseType: 'singleEpisode' | 'multiEpisode' | 'seasonPack' }): Json[] {
  const { series, episodes, results, download } = input;
  const release = webhookGrabbedRelease('sonarr', download, input.releaseType);
  const { customFormatInfo: _perFile, ...client } = downloadClientFields(download);
  const perFile = results.map((result, index): Json => {
    const episode = episodes[index];
    const payload: Json = {
      series,
      episodes: episode === undefined ? [] : [webhookEpisode(episode)],
      episodeFile: webhookEpisodeFile(result.file, `${download.outputPath}/${packFileName(download.title, episode, episodes.length)}`),
      release,
      isUpgrade: result.replaced !== undefined,
      ...downloadClientFields(download),
    };
    if (result.replaced !== undefined) payload.deletedFiles = [webhookEpisodeFile(result.replaced)];
    return payload;
  });
  const seasonNumber = results[0]?.file.seasonNumber ?? 1;
  return [
    ...perFile,
    {
      series,
      episodes: episodes.map(webhookEpisode),
      episodeFiles: results.map((result) => webhookEpisodeFile(result.file)),
      fileCount: results.length,
      release,
      ...client,
      sourcePath: download.outputPath,
      destinationPath: `${String(series.path)}/Season ${seasonNumber}`,
    },
  ];
}
