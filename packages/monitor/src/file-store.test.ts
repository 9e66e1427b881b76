import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFileStore } from './file-store.ts';
import { createMemoryStore } from './memory-store.ts';

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
});
