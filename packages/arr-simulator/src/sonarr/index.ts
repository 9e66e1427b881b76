/** A simulated Sonarr: series, episodes, episode files, and Sonarr's endpoints and webhooks. */
import type { Instance, Json } from '../model/instance.ts';
import { startSimulator, type AppModule, type SimulatorControl, type SimulatorHandle, type SimulatorOptions } from '../simulator.ts';
import { createSonarrApp, type SonarrApp } from './app.ts';
import { createSonarrLibrary } from './library.ts';
import { webhookSeries } from './payloads.ts';
import { registerSonarrRoutes } from './routes.ts';
import { isoDate } from '../time-format.ts';

/** Control additions of a Sonarr simulator. */
export interface SonarrControlExtras {
  /** Adds a generated series with its episodes; sends SeriesAdd. */
  addSeries(fields?: { title?: string; tvdbId?: number; monitored?: boolean }): Json;
  /** Series of the library, as `GET /series` returns them. */
  series(): Json[];
  /** Episodes of a series, as `GET /episode?seriesId=` returns them. */
  episodes(seriesId: number): Json[];
  /** Ids of monitored, aired episodes without a file (of one series, or all). */
  missingEpisodeIds(seriesId?: number): number[];
}

/** The control surface of a Sonarr simulator: the shared controls plus Sonarr's own. */
export type SonarrControl = SimulatorControl & SonarrControlExtras;
/** A running Sonarr simulator, as `startSonarrSimulator` resolves it. */
export type SonarrSimulator = SimulatorHandle<SonarrControl>;

/** The Sonarr version the simulator reports (`GET /api/v3/system/status`) and models. */
export const SONARR_VERSION = '4.0.19.2000';

function sonarrModule(): AppModule<SonarrControlExtras> {
  let installed: SonarrApp | undefined;
  return {
    kind: 'sonarr',
    identity: { appName: 'Sonarr', version: SONARR_VERSION },
    defaultRootFolder: '/data/tv',
    install(instance: Instance, router, libraryOptions) {
      const library = createSonarrLibrary(libraryOptions);
      const app: SonarrApp = createSonarrApp(instance, library);
      installed = app;
      registerSonarrRoutes(router, instance, app);
      const extras: SonarrControlExtras = {
        addSeries(fields = {}) {
          const tvdbId = fields.tvdbId ?? 900_000 + library.series.size;
          const generated = library.candidate(tvdbId, fields.title);
          const series = library.add({ series: { ...generated.series, monitored: fields.monitored ?? true, added: isoDate(instance.clock.now()) }, episodes: generated.episodes });
          instance.push.webhook('SeriesAdd', { series: webhookSeries(series, instance.settings.tags) });
          instance.push.signal('series', 'updated', app.seriesJson(series));
          return app.seriesJson(series);
        },
        series: () => [...library.series.values()].map((series) => app.seriesJson(series)),
        episodes: (seriesId) => library.episodesOf(seriesId).map((episode) => app.episodeJson(episode)),
        missingEpisodeIds: (seriesId) => app.missingEpisodeIds(seriesId),
      };
      return { app, extras };
    },
    target(input) {
      if (input.seriesId === undefined || input.episodeIds === undefined || input.episodeIds.length === 0) throw new TypeError('A Sonarr grab needs a seriesId and episodeIds.');
      const first = installed?.library.episodes.get(input.episodeIds[0] ?? -1);
      return { kind: 'episodes', seriesId: input.seriesId, seasonNumber: first?.seasonNumber ?? 1, episodeIds: input.episodeIds };
    },
    testPayload: () => ({
      series: { id: 1, title: 'Test Title', titleSlug: 'test-title', path: 'C:\\testpath', tvdbId: 1234, tvMazeId: 0, tmdbId: 0, imdbId: '', type: 'standard', year: 0, genres: [], images: [], tags: [], originalLanguage: { id: 1, name: 'English' } },
      episodes: [{ id: 123, episodeNumber: 1, seasonNumber: 1, title: 'Test title', overview: '', airDate: '1970-01-01', airDateUtc: '1970-01-01T00:00:00Z', seriesId: 1, tvdbId: 0 }],
    }),
  };
}

/**
 * Starts a simulated Sonarr on a loopback port.
 *
 * @example
 * const sonarr = await startSonarrSimulator({ seed: 7 });
 * const [episodeId] = sonarr.control.missingEpisodeIds();
 * sonarr.control.grab({ seriesId: 1, episodeIds: [episodeId] });
 * sonarr.control.advance(10 * 60_000);
 * await sonarr.close();
 */
export function startSonarrSimulator(options: SimulatorOptions = {}): Promise<SonarrSimulator> {
  return startSimulator(sonarrModule(), options);
}
