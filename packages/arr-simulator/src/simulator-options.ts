/** The options of a simulator and the inputs and results of its control handle's grabs. */
import type { SimClock } from './clock.ts';
import type { DownloadFate } from './model/download.ts';
import type { LifecycleTiming } from './model/lifecycle.ts';
import type { RefreshCadence } from './model/refresh-schedule.ts';
import type { ScenarioName } from './scenarios.ts';

/** Options of `startRadarrSimulator` and `startSonarrSimulator`. */
export interface SimulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** The API key clients must send (default: 32 hex characters derived from the seed). */
  apiKey?: string;
  /** Seed of the generated library, downloads and scenario (default 1). */
  seed?: number;
  /** Simulated time to run on; default a virtual clock, or a real-time one when `speed` is set. */
  clock?: SimClock;
  /** URL base such as `/radarr` (default none). */
  urlBase?: string;
  /** What the instance is doing (default `idle`). */
  scenario?: ScenarioName;
  /** Runs a real-time clock this many times faster than real time (ignored when `clock` is set). */
  speed?: number;
  /** `instanceName` of system/status and webhooks (default `Radarr`/`Sonarr`). */
  instanceName?: string;
  /** Number of movies or series generated (default from the scenario). */
  librarySize?: number;
  /** Lifecycle timings (import delay and duration). */
  timing?: Partial<LifecycleTiming>;
  /**
   * Simulated milliseconds between two RefreshMonitoredDownloads runs, the only moments the queue
   * learns the download client's progress (default 60 000 as in the apps; the `storm` scenario
   * runs 15 000).
   */
  refreshIntervalMs?: number;
  /**
   * How RefreshMonitoredDownloads is scheduled. `apps` (default) as the apps do: the scheduler
   * looks every 30 s and runs the task once `refreshIntervalMs` has passed since the last run ended
   * (about every 90 s with the default minute), grabs, imports and blocked imports ask for another
   * refresh 5 s later, and a grab shows in the queue from the refresh after it. `fixed`: exactly every
   * `refreshIntervalMs`, and a grab shows in the queue at once (simpler arithmetic for tests).
   */
  refreshCadence?: RefreshCadence;
  /** The fetch webhooks are sent with. */
  fetch?: typeof fetch;
}

/** A download to put in the queue through the control handle. */
export interface GrabInput {
  /** Radarr: the movie. */
  movieId?: number;
  /** Sonarr: the series and its episodes (several episodes make a season pack). */
  seriesId?: number;
  /** Sonarr: the episodes of the series (several make a season pack). */
  episodeIds?: number[];
  /** A download the app cannot match to the library (no movie or series): hidden from `GET /queue` unless `includeUnknownMovieItems`/`includeUnknownSeriesItems`. */
  unknown?: boolean;
  /** Release title. Default: one generated from the media and a drawn quality. */
  title?: string;
  /** Size in bytes. Default: one typical of the drawn quality. */
  size?: number;
  /** Download speed. Default: drawn from the seed (2 to 40 MiB/s). */
  bytesPerSecond?: number;
  /** Download protocol. Default: drawn from the seed. */
  protocol?: 'usenet' | 'torrent';
  /** Milliseconds the client keeps it queued before downloading. Default 0. */
  startDelayMs?: number;
  /** What happens to it. Default: imported (blocked import for an `unknown` download). */
  fate?: DownloadFate;
}

/** What `grab` put in the queue. */
export interface GrabbedDownload {
  /** The download client's id of the download. */
  downloadId: string;
  /** Queue record ids (one per episode for a Sonarr season pack). */
  queueIds: number[];
  /** The release title. */
  title: string;
}

/** What `addPendingRelease` held back. */
export interface PendingReleaseHandle {
  /** The pending release's id. */
  id: number;
  /** Queue record ids (one per episode on Sonarr), the ids `POST /queue/grab/{id}` takes. */
  queueIds: number[];
  /** The release title. */
  title: string;
}

