/** Radarr's side of the shared model: queue records, history, webhooks and commands for movies. */
import type { MovieEntity } from '../library/movies.ts';
import { GB } from '../library/media-files.ts';
import type { QualityDefinition } from '../library/qualities.ts';
import { blocklistRecordJson } from '../model/blocklist.ts';
import { historyRecordJson } from '../model/history.ts';
import { dotted } from '../library/titles.ts';
import { boolParam } from '../http/router.ts';
import type { CommandEntity } from '../model/commands.ts';
import type { DownloadTarget } from '../model/download.ts';
import type { Instance, Json, MediaApp } from '../model/instance.ts';
import { movieFileJson, type RadarrLibrary } from './library.ts';
import { downloadClientFields, manualInteractionFields, webhookGrabbedRelease, webhookRelease } from '../push/webhook-parts.ts';
import { webhookMovie, webhookMovieFile, webhookRemoteMovie } from './payloads.ts';

export function movieJson(movie: MovieEntity, library: RadarrLibrary): Json {
  const file = movie.hasFile ? library.files.get(movie.movieFileId) : undefined;
  const json: Json = { ...movie, alternateTitles: [], secondaryYearSourceId: 0, statistics: { movieFileCount: file === undefined ? 0 : 1, sizeOnDisk: movie.sizeOnDisk, releaseGroups: file === undefined ? [] : [file.releaseGroup] } };
  if (file !== undefined) json.movieFile = movieFileJson(file);
  if (movie.id === 0) {
    // A lookup candidate: not in the library, so no id, path or file.
    delete json.id;
    delete json.path;
  }
  return json;
}

export interface RadarrApp extends MediaApp {
  readonly library: RadarrLibrary;
  movieJson(movie: MovieEntity): Json;
  /** Grabs a release for each movie (monitored, without file, not queued). Returns how many were grabbed. */
  searchMovies(movieIds: readonly number[]): number;
  missingMovieIds(): number[];
}

export function createRadarrApp(instance: Instance, library: RadarrLibrary): RadarrApp {
  const movieOf = (target: DownloadTarget): MovieEntity | undefined => (target.kind === 'movie' ? library.movies.get(target.movieId) : undefined);
  const tags = instance.settings.tags;

  const app: RadarrApp = {
    kind: 'radarr',
    library,
    mediaSignals: ['movie'],
    movieJson: (movie) => movieJson(movie, library),

    queueMedia(target, query) {
      if (target.kind !== 'movie') return [{ fields: {}, trackedKey: '', pendingKey: '' }];
      const fields: Json = { movieId: target.movieId };
      const movie = library.movies.get(target.movieId);
      // Without includeMovie the record carries only movieId (the include flag avoids N+1 requests).
      if (movie !== undefined && boolParam(query, 'includeMovie')) fields.movie = movieJson(movie, library);
      return [{ fields, trackedKey: '', pendingKey: `-movie${target.movieId}` }];
    },

    historyTargets: (target) => (target.kind === 'movie' ? [{ movieId: target.movieId }] : []),

    historyJson(entry, query) {
      const media: Json = { movieId: entry.movieId ?? 0 };
      const movie = entry.movieId === undefined ? undefined : library.movies.get(entry.movieId);
      if (movie !== undefined && boolParam(query, 'includeMovie')) media.movie = movieJson(movie, library);
      return historyRecordJson('radarr', entry, media);
    },

    hasMedia: (entry) => entry.movieId !== undefined && library.movies.has(entry.movieId),

    blocklistJson: (entry) => blocklistRecordJson('radarr', entry, { movieId: entry.target.kind === 'movie' ? entry.target.movieId : 0 }),

    releaseTitle(target, quality: QualityDefinition, group) {
      const movie = movieOf(target);
      const name = movie === undefined ? 'Unknown.Movie' : `${dotted(movie.title)}.${movie.year}`;
      return `${name}.${quality.resolution}p.${quality.source === 'bluray' ? 'BluRay' : 'WEB-DL'}.x264-${group}`;
    },
    releaseSize(_target, quality, random) {
      const base = quality.resolution >= 2160 ? 25 : quality.resolution >= 1080 ? 8 : 4;
      return Math.floor((base * (0.6 + random.next() * 0.8)) * GB);
    },

    grabbed(download) {
      const movie = movieOf(download.target);
      if (movie === undefined) return;
      instance.push.webhook('Grab', { movie: webhookMovie(movie, tags), remoteMovie: webhookRemoteMovie(movie), release: webhookRelease(download), ...downloadClientFields(download) });
      // Radarr master: src/Radarr.Api.V3/Movies/MovieControllerWithSignalR.cs Handle(MovieGrabbedEvent)
      // sends the movie at once, marked `grabbed: true` (a field only this message carries).
      instance.push.signal('movie', 'updated', { ...movieJson(movie, library), grabbed: true });
    },

    imported(download, at) {
      const movie = movieOf(download.target);
      if (movie === undefined) return;
      const { file, replaced } = library.attachFile(movie.id, { size: download.size, dateAdded: at, sceneName: download.title, releaseGroup: download.releaseGroup, quality: download.quality });
      const payload: Json = {
        movie: webhookMovie(movie, tags),
        remoteMovie: webhookRemoteMovie(movie),
        movieFile: webhookMovieFile(file, `${download.outputPath}/${download.title}.mkv`),
        // Radarr master: WebhookBase.cs BuildOnDownloadPayload: the grabbed release, not the full one of Grab.
        release: webhookGrabbedRelease('radarr', download),
        isUpgrade: replaced !== undefined,
        ...downloadClientFields(download),
      };
      if (replaced !== undefined) payload.deletedFiles = [webhookMovieFile(replaced)];
      instance.push.webhook('Download', payload);
      instance.push.signal('movie', 'updated', movieJson(movie, library));
    },

    importBlocked(download) {
      // A download matched to no movie is sent without `movie` (Radarr master: CompletedDownloadService.cs
      // SetStateToImportBlocked, NotificationService.cs, WebhookBase.cs: GetMovie(null) is null, left out).
      const movie = movieOf(download.target);
      instance.push.webhook('ManualInteractionRequired', {
        ...(movie === undefined ? {} : { movie: webhookMovie(movie, tags) }),
        ...manualInteractionFields('radarr', download),
      });
    },

    searchCommand: (target) => (target.kind === 'movie' ? { name: 'MoviesSearch', body: { movieIds: [target.movieId] } } : undefined),

    runCommand(command: CommandEntity) {
      switch (command.name) {
        case 'MoviesSearch': {
          const ids = Array.isArray(command.body.movieIds) ? command.body.movieIds.filter((id): id is number => typeof id === 'number') : [];
          command.message = `Found ${app.searchMovies(ids)} release(s)`;
          return true;
        }
        case 'MissingMoviesSearch':
          command.message = `Found ${app.searchMovies(app.missingMovieIds())} release(s)`;
          return true;
        case 'RefreshMovie': {
          const ids = Array.isArray(command.body.movieIds) ? command.body.movieIds : [...library.movies.keys()].slice(0, 50);
          for (const id of ids) {
            const movie = typeof id === 'number' ? library.movies.get(id) : undefined;
            if (movie !== undefined) instance.push.signal('movie', 'updated', movieJson(movie, library));
          }
          return true;
        }
        case 'RenameMovie':
        case 'RenameFiles': {
          const ids = Array.isArray(command.body.movieIds) ? command.body.movieIds : [command.body.movieId];
          for (const id of ids) {
            const movie = typeof id === 'number' ? library.movies.get(id) : undefined;
            const file = movie?.hasFile === true ? library.files.get(movie.movieFileId) : undefined;
            if (movie === undefined || file === undefined) continue;
            instance.push.webhook('Rename', { movie: webhookMovie(movie, tags), renamedMovieFiles: [{ ...webhookMovieFile(file), previousRelativePath: `${file.sceneName || movie.title}.mkv`, previousPath: `${movie.path}/${file.sceneName || movie.title}.mkv` }] });
          }
          return true;
        }
        default:
          return false;
      }
    },

    pickTarget(random) {
      const ids = [...library.movies.keys()];
      for (let attempt = 0; attempt < 30 && ids.length > 0; attempt++) {
        const target: DownloadTarget = { kind: 'movie', movieId: random.pick(ids) };
        if (!instance.queue.isTargetQueued(target)) return target;
      }
      const free = ids.find((movieId) => !instance.queue.isTargetQueued({ kind: 'movie', movieId }));
      return free === undefined ? undefined : { kind: 'movie', movieId: free };
    },

    searchMovies(movieIds) {
      let grabbed = 0;
      for (const id of movieIds) {
        const movie = library.movies.get(id);
        if (movie === undefined || !movie.monitored) continue;
        const target: DownloadTarget = { kind: 'movie', movieId: id };
        if (instance.queue.isTargetQueued(target)) continue;
        instance.lifecycle.grab({ target });
        grabbed++;
      }
      return grabbed;
    },

    missingMovieIds() {
      return [...library.movies.values()].filter((movie) => movie.monitored && !movie.hasFile && movie.isAvailable).map((movie) => movie.id);
    },
  };
  return app;
}
