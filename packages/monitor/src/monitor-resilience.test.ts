import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultKind } from '@discarr/arr-simulator';
import type { MonitorEvent } from './events.ts';
import { createFileStore } from './file-store.ts';
import { radarrInstance, SimWorld, sonarrInstance } from '../test/support/sim.ts';

const MB = 1024 * 1024;
let world: SimWorld;
const dirs: string[] = [];

afterEach(async () => {
  await world.close();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** How many events of `type` each download got. */
function countBy(events: MonitorEvent[], types: MonitorEvent['type'][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) {
    if (!types.includes(event.type) || !('download' in event)) continue;
    const key = `${event.instance}:${event.download.downloadId}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('monitor resilience', () => {
  it('emits every import exactly once across a restart in the middle of a storm', async () => {
    world = new SimWorld();
    // A refresh every 5 s (the apps' interval is configurable) so imports land while the first monitor runs.
    const sim = await world.startRadarr({ refreshIntervalMs: 5000 });
    const dir = await mkdtemp(join(tmpdir(), 'discarr-monitor-'));
    dirs.push(dir);
    const path = join(dir, 'state.json');
    const first = world.watch([radarrInstance(sim)], { store: createFileStore(path) });
    await first.monitor.start();
    await world.run(2000);
    const movies = sim.control.movies() as { id: number }[];
    const grabbed = movies.slice(0, 60).map((movie, index) =>
      sim.control.grab({ movieId: movie.id, size: (10 + ((index * 37) % 190)) * MB, bytesPerSecond: (5 + (index % 4) * 5) * MB }),
    );
    await world.run(15_000);
    const importedBefore = first.types().filter((t) => t === 'download.imported').length;
    expect(importedBefore).toBeGreaterThan(0);
    expect(importedBefore).toBeLessThan(60);
    await first.monitor.stop();
    // Imports go on while no monitor runs.
    await world.run(20_000);

    const second = world.watch([radarrInstance(sim)], { store: createFileStore(path) });
    await second.monitor.start();
    await world.run(3 * 60_000, 2000);
    const all = [...first.events(), ...second.events()];
    const imported = countBy(all, ['download.imported']);
    expect(imported.size).toBe(60);
    expect([...imported.values()].every((n) => n === 1)).toBe(true);
    const grabs = countBy(all, ['download.grabbed']);
    expect(grabs.size).toBe(60);
    expect([...grabs.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(grabbed.map((g) => `radarr:${g.downloadId}`))).toEqual(new Set(imported.keys()));
    expect(second.events().some((e) => e.type === 'download.imported' && e.source === 'history')).toBe(true);
    expect(all.filter((e) => e.type === 'download.removed')).toEqual([]);
  });

  it("emits every import of the simulator's storm scenario exactly once across a restart", async () => {
    world = new SimWorld();
    // The storm: 1000 downloads, season packs included, all imported within a minute.
    const sim = await world.startSonarr({ scenario: 'storm', seed: 5 });
    const dir = await mkdtemp(join(tmpdir(), 'discarr-monitor-'));
    dirs.push(dir);
    const path = join(dir, 'state.json');
    const first = world.watch([sonarrInstance(sim)], { store: createFileStore(path) });
    await first.monitor.start();
    await world.run(25_000, 1000);
    const before = countBy(first.events(), ['download.imported']).size;
    await first.monitor.stop();
    await world.run(10_000, 1000);
    const second = world.watch([sonarrInstance(sim)], { store: createFileStore(path) });
    await second.monitor.start();
    await world.run(3 * 60_000, 2000);
    const all = [...first.events(), ...second.events()];
    const imported = countBy(all, ['download.imported']);
    // The truth: every download the app's own history says it imported.
    const response = await fetch(`${sim.url}/api/v3/history/since?date=1970-01-01T00:00:00Z&eventType=downloadFolderImported`, { headers: { 'X-Api-Key': sim.apiKey } });
    const history = (await response.json()) as { downloadId?: string }[];
    const downloads = new Set(history.filter((h) => h.downloadId).map((h) => `sonarr:${h.downloadId ?? ''}`));
    expect(downloads.size).toBeGreaterThan(100);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(downloads.size);
    expect(new Set(imported.keys())).toEqual(downloads);
    expect([...imported.values()].every((n) => n === 1)).toBe(true);
  });

  it('gives every download exactly one final event after ten minutes of 30% faults', async () => {
    world = new SimWorld();
    const radarr = await world.startRadarr({ seed: 7 });
    const sonarr = await world.startSonarr({ seed: 8 });
    const errors: string[] = [];
    const ignore = () => undefined;
    const watched = world.watch([radarrInstance(radarr), sonarrInstance(sonarr)], {
      logger: { debug: ignore, info: ignore, warn: ignore, error: (_data, message) => errors.push(message) },
    });
    await watched.monitor.start();
    await world.run(3000);
    const kinds: FaultKind[] = ['error500', 'databaseLocked', 'error503', 'truncatedJson', 'reset', 'error502'];
    for (const sim of [radarr, sonarr]) for (const kind of kinds) sim.control.faults.add({ kind, rate: 0.058 });
    const movies = radarr.control.movies() as { id: number }[];
    const series = sonarr.control.series() as { id: number }[];
    const expected = new Set<string>();
    for (let minute = 0; minute < 10; minute++) {
      for (let i = 0; i < 3; i++) {
        const n = minute * 3 + i;
        const fail = n % 5 === 0;
        const movie = movies[n];
        if (movie) {
          const g = radarr.control.grab({
            movieId: movie.id,
            size: (20 + (n % 7) * 30) * MB,
            bytesPerSecond: 4 * MB,
            ...(fail ? { fate: { kind: 'fail' as const, atFraction: 0.5, message: 'Download client reported an error' } } : {}),
          });
          expected.add(`radarr:${g.downloadId}`);
        }
        const show = series[n];
        const episodes = show ? (sonarr.control.episodes(show.id) as { id: number; seasonNumber: number }[]).filter((e) => e.seasonNumber === 1).slice(0, 1 + (n % 3)) : [];
        if (show && episodes.length > 0) {
          const g = sonarr.control.grab({ seriesId: show.id, episodeIds: episodes.map((e) => e.id), size: (30 + (n % 5) * 20) * MB, bytesPerSecond: 4 * MB, ...(fail ? { fate: { kind: 'fail' as const, atFraction: 0.3, message: 'Unpacking failed' } } : {}) });
          expected.add(`sonarr:${g.downloadId}`);
        }
      }
      await world.run(60_000, 2000);
    }
    for (const sim of [radarr, sonarr]) sim.control.faults.clear();
    await world.run(6 * 60_000, 5000);
    const finals = countBy(watched.events(), ['download.imported', 'download.failed', 'download.removed']);
    expect(new Set(finals.keys())).toEqual(expected);
    const repeated = [...finals.entries()].filter(([, n]) => n !== 1);
    expect(repeated).toEqual([]);
    expect(watched.events().filter((e) => e.type === 'download.removed')).toEqual([]);
    const ids = watched.events().filter((e) => e.type !== 'download.progress').map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Every failure became state or a debug line; nothing unexpected was logged as an error.
    expect(errors).toEqual([]);
  }, 120_000);
});
