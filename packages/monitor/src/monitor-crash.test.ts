/**
 * A hard crash between handing events out and saving the checkpoint: a monitor in a child process
 * with a real file store is SIGKILLed right after emitting, then restarted on the same file.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startRadarrSimulator, type RadarrSimulator } from '@discarr/arr-simulator';
import { afterEach, describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('../test/support/crash-child.ts', import.meta.url));
const MB = 1024 * 1024;

interface Run {
  child: ChildProcessWithoutNullStreams;
  events: { id: string; type: string }[];
  saves: number;
  /** Resolves when `done(run)` holds after a line. */
  when(done: (run: Run) => boolean, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

const children: ChildProcessWithoutNullStreams[] = [];
let sim: RadarrSimulator | undefined;
let dir: string | undefined;

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function startChild(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--conditions=@discarr/source', '--disable-warning=ExperimentalWarning', CHILD], { env: { ...process.env, ...env }, stdio: 'pipe' });
  children.push(child);
  const waiters: { done: (run: Run) => boolean; resolve: () => void }[] = [];
  const run: Run = {
    child,
    events: [],
    saves: 0,
    when(done, timeoutMs = 30_000) {
      if (done(run)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; events so far: ${JSON.stringify(run.events)}`)), timeoutMs);
        waiters.push({ done, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) console.error(stderr);
  });
  createInterface({ input: child.stdout }).on('line', (text) => {
    const message = JSON.parse(text) as { event?: { id: string; type: string }; saved?: number };
    if (message.event) run.events.push(message.event);
    if (message.saved !== undefined) run.saves = message.saved;
    for (const waiter of [...waiters]) {
      if (!waiter.done(run)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  return run;
}

describe('monitor across a hard crash', () => {
  it('repeats, with the same ids, only what it handed out after its last save, and loses nothing', async () => {
    // Real time at speed 1: a refresh of download-client state every second instead of the apps' 60 s.
    sim = await startRadarrSimulator({ port: 0, seed: 3, speed: 1, refreshIntervalMs: 1000, timing: { importDelayMs: 500, importDurationMs: 300, failedProcessingMs: 300 } });
    dir = await mkdtemp(join(tmpdir(), 'discarr-crash-'));
    const env = { SIM_URL: sim.url, API_KEY: sim.apiKey, STATE_PATH: join(dir, 'state.json') };

    // Run 1: wait for a durable checkpoint, grab, and kill the process as soon as the grabs are handed out.
    const first = startChild({ ...env, HOLD_SAVES_MS: '1000' });
    await first.when((r) => r.saves > 0);
    const savesBefore = first.saves;
    const movies = (sim.control.movies() as { id: number }[]).slice(0, 4);
    const grabbed = movies.map((movie) => sim?.control.grab({ movieId: movie.id, size: 10 * MB, bytesPerSecond: 20 * MB }).downloadId ?? '');
    await first.when((r) => r.events.filter((e) => e.type === 'download.grabbed').length === grabbed.length);
    first.child.kill('SIGKILL');
    await first.exited;
    // Handed out, never saved: the save was still waiting.
    expect(first.saves).toBe(savesBefore);
    const unsaved = first.events.map((e) => e.id);
    expect(unsaved.sort()).toEqual(grabbed.map((id) => `radarr:download.grabbed:${id}`).sort());

    // Run 2 on the same file: everything arrives, the unsaved events again with the same ids, nothing else twice.
    const second = startChild(env);
    await second.when((r) => r.events.filter((e) => e.type === 'download.imported').length === grabbed.length);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const ids = second.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const repeated = ids.filter((id) => unsaved.includes(id));
    expect(repeated.sort()).toEqual([...unsaved].sort());
    const all = new Set([...unsaved, ...ids]);
    for (const downloadId of grabbed) {
      expect(all.has(`radarr:download.grabbed:${downloadId}`)).toBe(true);
      expect(all.has(`radarr:download.imported:${downloadId}`)).toBe(true);
    }

    // Run 3 after a graceful stop: nothing is repeated at all.
    const third = startChild(env);
    await third.when((r) => r.saves > 0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    third.child.kill('SIGTERM');
    await third.exited;
    expect(third.events).toEqual([]);
  }, 60_000);
});
