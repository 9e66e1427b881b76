import { readdirSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFileStore, StateFileError, type FileStoreFs } from './file-store.ts';
import { createMemoryStore } from './memory-store.ts';

// The test of what a pending set keeps alive needs a full GC on demand.
setFlagsFromString('--expose-gc');

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'discarr-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('createFileStore', () => {
  it('writes JSON that a new store reads back', async () => {
    const path = join(await tempDir(), 'nested', 'state.json');
    const store = createFileStore(path);
    await store.set('a', { n: 1 });
    await store.set('b', [1, 2]);
    await store.delete('b');
    await store.delete('missing');
    await store.flush();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ a: { n: 1 } });
    expect(await createFileStore(path).get('a')).toEqual({ n: 1 });
  });

  it('coalesces a burst of writes and leaves no temp file behind', async () => {
    const dir = await tempDir();
    const path = join(dir, 'state.json');
    const store = createFileStore(path);
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.set(`k${i}`, i)));
    await store.flush();
    expect(Object.keys(JSON.parse(await readFile(path, 'utf8')) as object)).toHaveLength(50);
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('keeps no caller\'s value alive while its set waits for a busy write loop (only the copy it stores)', async () => {
    // A gate holds every write open, as a slow disk under a steady stream of sets does.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowOpen: FileStoreFs['open'] = async (path, flags, mode) => {
      const handle = await open(path, flags, mode);
      return { writeFile: async (data: Iterable<Uint8Array>) => { await gate; await handle.writeFile(data); }, sync: () => handle.sync(), close: () => handle.close() };
    };
    const store = createFileStore(join(await tempDir(), 'state.json'), { fs: { open: slowOpen } });
    await store.get('warm-up');
    // The value lives only in this function's scope and whatever `set` keeps of it.
    const setOnce = (): { collected: WeakRef<object>; pending: Promise<void> } => {
      const value = Array.from({ length: 1000 }, (_, i) => [`id-${i}`, i]);
      return { collected: new WeakRef(value), pending: store.set('sent', value) };
    };
    const { collected, pending } = setOnce();
    const more = store.set('sent', []);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const gc = runInNewContext('gc') as () => void;
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
    gc();
    expect(collected.deref()).toBeUndefined();
    release();
    await Promise.all([pending, more]);
    expect(await store.get('sent')).toEqual([]);
  });

  it('writes nothing for a set that changes nothing, and writes again for one that does', async () => {
    const path = join(await tempDir(), 'state.json');
    let opened = 0;
    const counting: FileStoreFs['open'] = (file, flags, mode) => {
      opened++;
      return open(file, flags, mode);
    };
    const store = createFileStore(path, { fs: { open: counting } });
    await store.set('board', { messageId: '1', rows: ['a'] });
    await store.set('board', { messageId: '1', rows: ['a'] });
    await store.set('board', { rows: ['a'], messageId: '1' });
    await store.flush();
    // The last set holds the same data in another key order: another text, so it is written.
    expect(opened).toBe(2);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ board: { messageId: '1', rows: ['a'] } });
  });

  it('reports each successful write with the bytes it wrote, and no write for a set that changes nothing or a failed one', async () => {
    const path = join(await tempDir(), 'state.json');
    let full = false;
    const written: number[] = [];
    const store = createFileStore(path, { fs: fullDisk(() => full), retryBaseMs: 60_000, onWrite: (bytes) => written.push(bytes) });
    await store.set('board', { messageId: '1', title: 'Amélie' });
    expect(written).toEqual([(await readFile(path)).byteLength]);
    await store.set('board', { messageId: '1', title: 'Amélie' });
    full = true;
    await store.set('other', 1);
    expect(written).toHaveLength(1);
    full = false;
    await store.flush();
    expect(written).toHaveLength(2);
    expect(written[1]).toBe((await readFile(path)).byteLength);
  });

  it('writes the file from each key\'s encoded bytes, keeping text outside ASCII intact', async () => {
    const path = join(await tempDir(), 'state.json');
    const written: unknown[] = [];
    const capturing: FileStoreFs['open'] = async (file, flags, mode) => {
      const handle = await open(file, flags, mode);
      return {
        writeFile: (data: Iterable<Uint8Array>) => {
          written.push(data);
          return handle.writeFile(data);
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    };
    const store = createFileStore(path, { fs: { open: capturing } });
    const title = 'Amélie — 千と千尋の神隠し 🎬 "quoted" \\ \u2028';
    await store.set('movie', { title });
    await store.set('other "key"', [1]);
    await store.flush();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ movie: { title }, 'other "key"': [1] });
    expect(await createFileStore(path).get('movie')).toEqual({ title });
    // No text of the whole state is built for a write: the pieces are the keys' own bytes.
    const last = written.at(-1);
    expect(typeof last).not.toBe('string');
    expect([...(last as Iterable<Uint8Array>)].some((part) => Buffer.from(part).toString('utf8') === JSON.stringify({ title }))).toBe(true);
  });

  it('writes an empty object once every key is deleted', async () => {
    const path = join(await tempDir(), 'state.json');
    const store = createFileStore(path);
    await store.set('a', 1);
    await store.delete('a');
    await store.flush();
    expect(await readFile(path, 'utf8')).toBe('{}');
  });

  it('refuses a value that is not JSON, naming the key, and keeps the state as it was', async () => {
    const path = join(await tempDir(), 'state.json');
    const store = createFileStore(path);
    await store.set('a', { n: 1 });
    await expect(store.set('b', undefined)).rejects.toThrow('the state key "b" cannot be set to undefined: a value must be JSON');
    await store.flush();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ a: { n: 1 } });
  });

  it('never leaves a half-written file: every read during writes parses', async () => {
    const path = join(await tempDir(), 'state.json');
    const store = createFileStore(path);
    await store.set('big', 'x'.repeat(200_000));
    const writes = Array.from({ length: 20 }, (_, i) => store.set('big', String(i).repeat(200_000)));
    for (let i = 0; i < 20; i++) {
      const text = await readFile(path, 'utf8');
      expect(() => JSON.parse(text) as unknown).not.toThrow();
    }
    await Promise.all(writes);
  });

  it('moves a corrupt file aside, logs it, and starts empty', async () => {
    const dir = await tempDir();
    const path = join(dir, 'state.json');
    await writeFile(path, '{"truncated": ');
    const warn = vi.fn();
    const store = createFileStore(path, { logger: { warn, error: vi.fn() }, now: () => Date.UTC(2025, 0, 2) });
    expect(await store.get('anything')).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ path, movedTo: `${path}.corrupt-2025-01-02T00-00-00-000Z` }), expect.stringContaining('corrupt'));
    expect((await readdir(dir)).sort()).toEqual(['state.json.corrupt-2025-01-02T00-00-00-000Z']);
    await store.set('fresh', true);
    expect(await createFileStore(path).get('fresh')).toBe(true);
  });

  it('treats a JSON value that is not an object as corrupt', async () => {
    const path = join(await tempDir(), 'state.json');
    await writeFile(path, '[1,2]');
    expect(await createFileStore(path).get('x')).toBeUndefined();
  });

  it('hands out copies, so callers never change what is stored', async () => {
    const store = createFileStore(join(await tempDir(), 's.json'));
    const value = { list: [1] };
    await store.set('v', value);
    value.list.push(2);
    const read = await store.get<{ list: number[] }>('v');
    read?.list.push(3);
    expect(await store.get('v')).toEqual({ list: [1] });
  });
});

/** The outbox's and the checkpoint's shapes as their owners check them (notify/, checkpoint.ts); here, the mechanism. */
function parseOutboxGroups(raw: unknown): { groups: { events: unknown[] }[] } {
  const groups = (raw as { groups?: unknown }).groups;
  if (!Array.isArray(groups) || !groups.every((group: { events?: unknown }) => Array.isArray(group.events))) throw new Error('groups[].events is not a list');
  return raw as { groups: { events: unknown[] }[] };
}
function parseCheckpointQueue(raw: unknown): { queue: Record<string, unknown> } {
  const queue = (raw as { queue?: unknown }).queue;
  if (typeof queue !== 'object' || queue === null) throw new Error('queue is not an object');
  return raw as { queue: Record<string, unknown> };
}

function logger() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

function errno(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/** An fs layer whose temp-file writes write half the data, then fail with ENOSPC, while `full()` is true (a full disk). */
function fullDisk(full: () => boolean): Partial<FileStoreFs> {
  return {
    async open(path, flags, mode) {
      const handle = await open(path, flags, mode);
      return {
        async writeFile(data: Iterable<Uint8Array>) {
          if (!full()) return handle.writeFile(data);
          const parts = [...data];
          await handle.writeFile(parts.slice(0, Math.ceil(parts.length / 2)));
          throw errno('ENOSPC', 'no space left on device, write');
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
  };
}

describe('createFileStore: wrong-shape keys', () => {
  it.each([
    ['an outbox group with events: null', 'bot:outbox', { groups: [{ channel: '1', events: null }] }, parseOutboxGroups],
    ['a checkpoint with queue: null', 'monitor:checkpoint:radarr', { schema: 3, queue: null }, parseCheckpointQueue],
  ] as const)('sets aside %s in a .corrupt copy, logs it, and keeps every other key', async (_name, key, bad, parse) => {
    const dir = await tempDir();
    const path = join(dir, 'state.json');
    await writeFile(path, JSON.stringify({ [key]: bad, 'bot:board:1': { messageId: '9' } }));
    const log = logger();
    const store = createFileStore(path, { logger: log, now: () => Date.UTC(2025, 0, 2) });
    expect(await store.get(key, parse as (raw: unknown) => unknown)).toBeUndefined();
    expect(await store.get('bot:board:1')).toEqual({ messageId: '9' });
    await store.flush();
    const aside = `${path}.corrupt-2025-01-02T00-00-00-000Z`;
    expect(JSON.parse(await readFile(aside, 'utf8'))).toEqual({ [key]: bad });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ 'bot:board:1': { messageId: '9' } });
    expect(log.warn).toHaveBeenCalledWith(expect.objectContaining({ path, key, movedTo: aside, error: expect.stringMatching(/null|not/) as string }), expect.stringContaining('wrong shape'));
    // Once set aside, the key is gone: the next read is a first start for its owner, not another error.
    expect(await store.get(key, parse as (raw: unknown) => unknown)).toBeUndefined();
    expect(log.warn).toHaveBeenCalledTimes(1);
  });

  it('returns what parse returns for a good value', async () => {
    const store = createFileStore(join(await tempDir(), 's.json'));
    await store.set('q', { queue: { a: 1 } });
    expect(await store.get('q', parseCheckpointQueue)).toEqual({ queue: { a: 1 } });
  });
});

describe('createFileStore: write failures', () => {
  it('on a full disk (ENOSPC): keeps the state in memory, leaves no temp file, logs once, retries, and logs the recovery', async () => {
    const dir = await tempDir();
    const path = join(dir, 'state.json');
    let full = false;
    const log = logger();
    const failures: Error[] = [];
    // What the folder holds as each failed write is reported (retries run every 20-40 ms, so a
    // later look could catch the next attempt's temp file mid-write).
    const afterFailures: string[][] = [];
    const onWriteFailure = (error: Error) => {
      failures.push(error);
      afterFailures.push(readdirSync(dir));
    };
    const store = createFileStore(path, { logger: log, fs: fullDisk(() => full), retryBaseMs: 20, retryMaxMs: 40, onWriteFailure });
    await store.set('before', 1);
    full = true;
    await store.set('during', 2);
    await store.set('during2', 3);
    expect(await store.get('during')).toBe(2);
    expect(store.writeStatus?.()).toMatchObject({ ok: false, reason: expect.stringContaining('ENOSPC') as string, failures: expect.any(Number) as number });
    await vi.waitFor(() => {
      expect(failures.length).toBeGreaterThanOrEqual(3);
    });
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ path, error: expect.stringContaining('ENOSPC') as string }), expect.stringContaining('kept in memory'));
    expect(new Set(afterFailures.map((names) => names.join()))).toEqual(new Set(['state.json']));
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ before: 1 });

    full = false;
    await vi.waitFor(() => {
      expect(store.writeStatus?.()).toEqual({ ok: true });
    });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ before: 1, during: 2, during2: 3 });
    expect(log.info).toHaveBeenCalledTimes(1);
    expect(log.info).toHaveBeenCalledWith(expect.objectContaining({ path, failures: failures.length }), 'the state file is written again');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('flush during an outage tries once more, logs what is only in memory, and resolves', async () => {
    const dir = await tempDir();
    const log = logger();
    const store = createFileStore(join(dir, 'state.json'), { logger: log, fs: fullDisk(() => true), retryBaseMs: 60_000 });
    await store.set('a', 1);
    await store.flush();
    expect(log.error).toHaveBeenLastCalledWith(expect.objectContaining({ error: expect.stringContaining('ENOSPC') as string }), expect.stringContaining('only in memory'));
    expect(await readdir(dir)).toEqual([]);
  });

  // Root ignores file modes, so as root the read-only folder is exercised through the CLI run as
  // another user (apps/bot/test/ops-state.test.ts); here it runs as any other user.
  it.skipIf(process.getuid?.() === 0)('in a read-only folder: the state stays in memory and writeStatus names the error', async () => {
    const dir = await tempDir();
    await chmod(dir, 0o555);
    const store = createFileStore(join(dir, 'state.json'), { retryBaseMs: 60_000 });
    await store.set('a', 1);
    expect(await store.get('a')).toBe(1);
    expect(store.writeStatus?.()).toMatchObject({ ok: false, reason: expect.stringMatching(/EACCES|EROFS/) as string });
    await chmod(dir, 0o755);
  });
});

describe('createFileStore: a state path that cannot be read', () => {
  it('is a StateFileError naming the path and the fix when the path is a directory', async () => {
    const path = join(await tempDir(), 'state.json');
    await mkdir(path);
    const error = await createFileStore(path).flush().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StateFileError);
    expect((error as Error).message).toContain(`"${path}" is a directory`);
    expect((error as Error).message).toContain('DISCARR_STATE_PATH');
  });

  it('is a StateFileError naming the permission fix when the file cannot be read', async () => {
    const path = join(await tempDir(), 'state.json');
    const store = createFileStore(path, { fs: { readFile: () => Promise.reject(errno('EACCES', `permission denied, open '${path}'`)) } });
    const error = await store.get('x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StateFileError);
    expect((error as Error).message).toMatch(/cannot be read \(EACCES\)\. Fix: give the bot's user read and write access/);
  });
});

describe('createMemoryStore', () => {
  it('keeps JSON copies', async () => {
    const store = createMemoryStore({ seeded: 1 });
    expect(await store.get('seeded')).toBe(1);
    const value = { a: 1 };
    await store.set('v', value);
    value.a = 2;
    expect(await store.get('v')).toEqual({ a: 1 });
    await store.delete('v');
    expect(await store.get('v')).toBeUndefined();
    await store.flush();
  });

  it('drops a value that fails its parse', async () => {
    const store = createMemoryStore({ bad: { queue: null }, good: { queue: {} } });
    expect(await store.get('bad', parseCheckpointQueue)).toBeUndefined();
    expect(await store.get('bad')).toBeUndefined();
    expect(await store.get('good', parseCheckpointQueue)).toEqual({ queue: {} });
  });
});
