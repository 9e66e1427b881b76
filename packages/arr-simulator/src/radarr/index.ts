/** A simulated Radarr: movies, movie files, and Radarr's endpoints and webhooks. */
import type { MovieEntity } from '../library/movies.ts';
import type { Instance, Json } from '../model/instance.ts';
import { createRadarrApp, type RadarrApp } from './app.ts';
import { createRadarrLibrary } from './library.ts';
import { webhookMovie } from './payloads.ts';
import { registerRadarrRoutes } from './routes.ts';
import { startSimulator, type AppModule, type SimulatorControl, type SimulatorHandle, type SimulatorOptions } from '../simulator.ts';
import { isoDate } from '../time-format.ts';

/** Control additions of a Radarr simulator. */
export interface RadarrControlExtras {
  /** Adds a movie to the library (generated, with the given fields); sends MovieAdded. */
  addMovie(fields?: Partial<Pick<MovieEntity, 'title' | 'year' | 'tmdbId' | 'monitored' | 'qualityProfileId' | 'hasFile'>>): Json;
  /** The movies of the library, as `GET /movie` returns them. */
  movies(): Json[];
  /** Movie ids that are monitored, available and without a file. */
  missingMovieIds(): number[];
}

/** The control surface of a Radarr simulator: the shared controls plus Radarr's own. */
export type RadarrControl = SimulatorControl & RadarrControlExtras;
/** A running Radarr simulator, as `startRadarrSimulator` resolves it. */
export type RadarrSimulator = SimulatorHandle<RadarrControl>;

/** The Radarr version the simulator reports (`GET /api/v3/system/status`) and models. */
export const RADARR_VERSION = '6.0.3.10000';

const radarrModule: AppModule<RadarrControlExtras> = {
  kind: 'radarr',
  identity: { appName: 'Radarr', version: RADARR_VERSION },
  defaultRootFolder: '/data/movies',
  install(instance: Instance, router, libraryOptions) {
    const library = createRadarrLibrary(libraryOptions);
    const app: RadarrApp = createRadarrApp(instance, library);
    registerRadarrRoutes(router, instance, app);
    const extras: RadarrControlExtras = {
      addMovie(fields = {}) {
        const tmdbId = fields.tmdbId ?? 900_000 + library.movies.size;
        const candidate = library.candidate(tmdbId);
        const movie = library.add({ ...candidate, ...fields, tmdbId, hasFile: false, added: isoDate(instance.clock.now()) });
        instance.push.webhook('MovieAdded', { movie: webhookMovie(movie, instance.settings.tags), addMethod: 'manual' });
        instance.push.signal('movie', 'updated', app.movieJson(movie));
        return app.movieJson(movie);
      },
      movies: () => [...library.movies.values()].map((movie) => app.movieJson(movie)),
      missingMovieIds: () => app.missingMovieIds(),
    };
    return { app, extras };
  },
  target(input) {
    if (input.movieId === undefined) throw new TypeError('A Radarr grab needs a movieId.');
    return { kind: 'movie', movieId: input.movieId };
  },
  testPayload: () => ({
    movie: { id: 1, title: 'Test Title', year: 1970, releaseDate: '1970-01-01', folderPath: 'C:\\testpath', tmdbId: 0, imdbId: '', overview: '', genres: [], images: [], tags: [], originalLanguage: { id: 1, name: 'English' } },
    remoteMovie: { tmdbId: 1234, imdbId: '5678', title: 'Test title', year: 1970 },
    release: { quality: 'Test Quality', qualityVersion: 1, releaseGroup: 'Test Group', releaseTitle: 'Test Title', indexer: 'Test Indexer', size: 9999999, customFormatScore: 0, customFormats: [], languages: [], indexerFlags: [] },
  }),
};

/**
 * Starts a simulated Radarr on a loopback port.
 *
 * @example
 * const radarr = await startRadarrSimulator({ seed: 7 });
 * const { downloadId } = radarr.control.grab({ movieId: 1 });
 * radarr.control.advance(10 * 60_000); // downloads, imports, sends webhooks
 * await radarr.close();
 */
export function startRadarrSimulator(options: SimulatorOptions = {}): Promise<RadarrSimulator> {
  return startSimulator(radarrModule, options);
}
