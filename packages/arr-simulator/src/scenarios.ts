/**
 * Scenarios: what a simulated instance is doing, deterministic from its seed.
 * - `idle`: a library, an empty queue.
 * - `busy`: tens of concurrent downloads, new grabs over time, occasional failures, stalls and
 *   blocked imports, health blips.
 * - `storm`: 1000 imports within a minute of simulated time (season packs on Sonarr), on a 15-s
 *   refresh interval (imports follow the refreshes, and a 60-s cycle notices nothing before 60 s).
 * - `flaky`: `busy` with faults on (503 with Retry-After, database locked, 500s) and some latency.
 * - `large`: a 5000-item library and a 1000-item queue.
 */
import type { FaultInjector } from './faults/fault-injector.ts';
import type { DownloadFate } from './model/download.ts';
import type { AppKind, Instance } from './model/instance.ts';
import type { Random } from './random.ts';

/** The names of the scenarios, in a stable order (for CLI and option validation). */
export const SCENARIO_NAMES = ['idle', 'busy', 'storm', 'flaky', 'large'] as const;
/** A scenario: what a simulated instance is doing, deterministic from its seed (`idle`, `busy`, `storm`, `flaky`, `large`). */
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

const LIBRARY_SIZES: Record<ScenarioName, Record<AppKind, number>> = {
  idle: { radarr: 60, sonarr: 12 },
  busy: { radarr: 300, sonarr: 40 },
  storm: { radarr: 1200, sonarr: 150 },
  flaky: { radarr: 300, sonarr: 40 },
  // Sonarr counts series: 300 series hold about 5000 episodes.
  large: { radarr: 5000, sonarr: 300 },
};

/**
 * The RefreshMonitoredDownloads interval a scenario runs on unless the options fix one: the apps'
 * 60 s, but 15 s for `storm`, whose thousand imports must land within a minute (the interval is a
 * row of the apps' ScheduledTasks table, which users do shorten).
 */
export function scenarioRefreshIntervalMs(name: ScenarioName): number {
  return name === 'storm' ? 15_000 : 60_000;
}

/** How many movies (Radarr) or series (Sonarr) a scenario's library holds. */
export function scenarioLibrarySize(name: ScenarioName, kind: AppKind = 'radarr'): number {
  return LIBRARY_SIZES[name][kind];
}

const MB = 1024 * 1024;
const MINUTE = 60_000;

function randomFate(random: Random): DownloadFate {
  const roll = random.next();
  if (roll < 0.06) return { kind: 'fail', atFraction: 0.2 + random.next() * 0.6, message: random.pick(['Download failed: par2 repair failed', 'Download failed: not enough articles', 'Aborted: too many missing articles']) };
  if (roll < 0.12) return { kind: 'stall', atFraction: 0.1 + random.next() * 0.7 };
  if (roll < 0.17) return { kind: 'blockImport', message: random.pick(['Not an upgrade for existing file(s)', 'Unable to determine if file is a sample', 'No files found are eligible for import']) };
  return { kind: 'import' };
}

function grabRandom(instance: Instance, random: Random, options: { fate?: DownloadFate; bytesPerSecond?: number; size?: number; seasonPack?: boolean; startDelayMs?: number } = {}): number {
  const target = instance.app.pickTarget(random, { seasonPack: options.seasonPack ?? false });
  if (target === undefined) return 0;
  instance.lifecycle.grab({
    target,
    fate: options.fate ?? randomFate(random),
    bytesPerSecond: options.bytesPerSecond ?? random.int(1, 30) * MB,
    ...(options.size === undefined ? {} : { size: options.size }),
    startDelayMs: options.startDelayMs ?? (random.chance(0.2) ? random.int(10_000, 5 * MINUTE) : 0),
  });
  return target.kind === 'episodes' ? target.episodeIds.length : 1;
}

/**
 * Downloads someone put in the client by hand, which the app matches to nothing in its library:
 * one still downloading, one finished and blocked (title mismatch). `GET /queue` lists them only
 * with `includeUnknownMovieItems` / `includeUnknownSeriesItems`. They draw from their own generator,
 * so the rest of the scenario is the same with or without them.
 */
function addStrays(instance: Instance): void {
  const random = instance.scenarioRandom('strays');
  instance.lifecycle.grab({ target: { kind: 'unknown' }, random, title: 'Family.Holiday.2019.1080p.WEB-DL.x264', size: 6000 * MB, bytesPerSecond: random.int(256, 1024) * 1024, startDelayMs: 0 });
  instance.lifecycle.grab({ target: { kind: 'unknown' }, random, title: 'Concert.Recording.Live.720p.x264', size: 50 * MB, bytesPerSecond: 10 * MB, startDelayMs: 0 });
}

/** Grabs new downloads and blips health over time; returns a function that stops it. */
function runBusy(instance: Instance, random: Random): () => void {
  for (let index = 0; index < 30; index++) grabRandom(instance, random);
  addStrays(instance);
  instance.lifecycle.trackAll();
  let nextGrabAt = instance.clock.now() + random.int(20_000, 60_000);
  let nextHealthAt = instance.clock.now() + random.int(5, 15) * MINUTE;
  let healthClearAt: number | undefined;
  let active = true;
  instance.onTick((now) => {
    if (!active) return;
    while (nextGrabAt <= now) {
      if (instance.queue.size < 60) grabRandom(instance, random);
      nextGrabAt += random.int(20_000, 60_000);
    }
    // A stalled torrent finds peers again after a while.
    for (const download of instance.queue.downloads()) {
      if (download.phase === 'stalled' && now - download.phaseSince > 15 * MINUTE) instance.lifecycle.resume(download.downloadId);
    }
    if (healthClearAt !== undefined && healthClearAt <= now) {
      instance.health.clear('IndexerStatusCheck');
      healthClearAt = undefined;
    }
    if (nextHealthAt <= now) {
      instance.health.raise({ source: 'IndexerStatusCheck', type: 'warning', message: `Indexers unavailable due to failures: ${random.pick(instance.settings.indexers).name}` });
      healthClearAt = now + random.int(1, 5) * MINUTE;
      nextHealthAt = now + random.int(10, 30) * MINUTE;
    }
  });
  return () => {
    active = false;
  };
}

/**
 * Starts a scenario on an instance; returns a function that stops what it runs over time (the
 * downloads it queued stay).
 */
export function applyScenario(name: ScenarioName, instance: Instance, faults: FaultInjector): () => void {
  const random = instance.scenarioRandom(name);
  switch (name) {
    case 'idle':
      return () => undefined;
    case 'busy':
      return runBusy(instance, random);
    case 'flaky': {
      const stop = runBusy(instance, random);
      faults.add({ kind: 'error503', rate: 0.05, retryAfterSeconds: 5 });
      faults.add({ kind: 'databaseLocked', rate: 0.02 });
      faults.add({ kind: 'error500', rate: 0.02 });
      faults.setLatency(20);
      return () => {
        stop();
        faults.clear();
      };
    }
    case 'storm': {
      // Small downloads finishing 5 to 45 s from now: the refreshes at 15, 30 and 45 s notice
      // them, and each import is done 7 s later (default timing), all within the minute.
      let records = 0;
      const seasonPack = instance.kind === 'sonarr';
      while (records < 1000) {
        const size = random.int(50, 400) * MB;
        const seconds = random.int(5, 45);
        const added = grabRandom(instance, random, { fate: { kind: 'import' }, size, bytesPerSecond: Math.ceil(size / seconds), seasonPack, startDelayMs: 0 });
        if (added === 0) break;
        records += added;
      }
      instance.lifecycle.trackAll();
      return () => undefined;
    }
    case 'large': {
      // Slow downloads (hours to days), so the queue stays about 1000 items long.
      for (let index = 0; index < 1000; index++) {
        if (grabRandom(instance, random, { bytesPerSecond: random.int(16, 512) * 1024, startDelayMs: 0 }) === 0) break;
      }
      instance.lifecycle.trackAll();
      return () => undefined;
    }
  }
}
