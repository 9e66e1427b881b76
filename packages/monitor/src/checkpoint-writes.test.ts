/**
 * The state file lives on a home server's disk, often an SD card: the checkpoint is written when
 * something changed, not at every read of an unchanged queue.
 */
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileStore } from './file-store.ts';
import { radarrInstance, SimWorld } from '../test/support/sim.ts';

const MB = 1024 * 1024;
let world: SimWorld;
let dir: string;
afterEach(async () => {
  await world.close();
  await rm(dir, { recursive: true, force: true });
});

describe('checkpoint writes', () => {
  it('leaves the state file unwritten while the queue is read and its downloads only progress', async () => {
    world = new SimWorld();
    dir = await mkdtemp(join(tmpdir(), 'discarr-writes-'));
    let writes = 0;
    // The real file store on a real file; only `rename` (the last step of every write) is counted.
    const store = createFileStore(join(dir, 'state.json'), {
      fs: {
        rename: async (from, to) => {
          writes++;
          await rename(from, to);
        },
      },
    });
    // The apps' refresh every 60 s: each one a queue read by the monitor.
    const sim = await world.startRadarr({ refreshIntervalMs: 60_000, refreshCadence: 'fixed' });
    await world.watchStarted([radarrInstance(sim)], { store });
    for (const movie of (sim.control.movies() as { id: number }[]).slice(0, 5)) {
      sim.control.grab({ movieId: movie.id, size: 10_000 * MB, bytesPerSecond: MB });
    }
    // The grabs are announced (and written), and the first library read (5 minutes after the start) is done.
    await world.run(360_000, 5000);
    sim.control.resetRequestCounts();
    writes = 0;

    await world.run(600_000, 5000);
    // Every download is still downloading (10 GB at 1 MB/s), so each read found progress only.
    expect(sim.control.requestCounts()['GET /api/v3/queue']).toBeGreaterThanOrEqual(8);
    expect(writes).toBe(0);
  }, 60_000);
});
