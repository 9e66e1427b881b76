import { afterEach, describe, expect, it } from 'vitest';
import type { EventOf, MonitorEvent } from './events.ts';
import { radarrInstance, SimWorld, sonarrInstance } from './test-support/sim.ts';

const of = <T extends MonitorEvent['type']>(events: MonitorEvent[], type: T) => events.filter((e): e is EventOf<T> => e.type === type);
const MB = 1024 * 1024;

let world: SimWorld;
afterEach(async () => {
  await world.close();
});

describe('monitor against the simulator', () => {
  it('follows a Radarr download from grab to import, once each', async () => {
    world = new SimWorld();
    const sim = await world.startRadarr();
    const watched = world.watch([radarrInstance(sim)], { progressThrottleMs: 2000 });
    await watched.monitor.start();
    await world.run(2000);
    const movie = sim.control.movies()[0] as { id: number; title: string };
    const grabbed = sim.control.grab({ movieId: movie.id, size: 100 * MB, bytesPerSecond: 5 * MB });
    await world.run(60_000);
    expect(watched.types()).toEqual(['download.grabbed', 'download.completed', 'download.imported']);
    const imported = of(watched.events(), 'download.imported')[0];
    expect(imported).toMatchObject({ instance: 'radarr', kind: 'radarr', id: `radarr:download.imported:${grabbed.downloadId}`, media: { title: movie.title, movieId: movie.id } });
    expect(imported?.media.posterUrl).toMatch(/^https?:/);
    expect(imported?.download).toMatchObject({ downloadId: grabbed.downloadId, size: 100 * MB });
    expect(of(watched.events(), 'download.progress').length).toBeGreaterThan(2);
  });
});
