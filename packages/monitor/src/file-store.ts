/**
 * The default `StateStore`: one JSON file, written atomically (temp file, fsync, rename), with
 * writes coalesced so a burst of `set`s costs one write. A corrupt file is moved aside and the
 * store starts empty instead of crashing the program.
 */
/* eslint-disable security/detect-non-literal-fs-filename -- the store reads and writes the one path its owner configured, never a path from untrusted input */
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MonitorLogger } from './monitor-options.ts';
import type { StateStore } from './state-store.ts';

export interface FileStoreOptions {
  /** Receives the line about a corrupt file moved aside, and write failures. */
  logger?: Pick<MonitorLogger, 'warn' | 'error'>;
  /** Time source of the `.corrupt-<timestamp>` suffix. Default `Date.now`. */
  now?: () => number;
}

/** A file-backed store; `path` is created (with its folder) on the first write. */
export function createFileStore(path: string, options: FileStoreOptions = {}): StateStore {
  const now = options.now ?? Date.now;
  let data: Map<string, unknown> | undefined;
  let loading: Promise<Map<string, unknown>> | undefined;
  let writeCount = 0;
  let dirty = false;
  let writing: Promise<void> | undefined;

  async function load(): Promise<Map<string, unknown>> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return new Map();
      throw error;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
      return new Map(Object.entries(parsed));
    } catch (error) {
      const aside = `${path}.corrupt-${new Date(now()).toISOString().replace(/[:.]/g, '-')}`;
      await rename(path, aside);
      options.logger?.warn(
        { path, movedTo: aside, error: error instanceof Error ? error.message : String(error) },
        'state file is corrupt; moved it aside and starting with empty state',
      );
      return new Map();
    }
  }

  function ready(): Promise<Map<string, unknown>> {
    if (data) return Promise.resolve(data);
    loading ??= load().then((loaded) => {
      data = loaded;
      return loaded;
    });
    return loading;
  }

  async function writeOnce(snapshot: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.tmp-${process.pid}-${++writeCount}`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(snapshot, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /** Writes until nothing is dirty; every caller waiting on it learns the state it wrote is durable. */
  function persist(): Promise<void> {
    dirty = true;
    writing ??= (async () => {
      try {
        while (dirty) {
          dirty = false;
          const map = await ready();
          await writeOnce(JSON.stringify(Object.fromEntries(map)));
        }
      } finally {
        writing = undefined;
      }
    })();
    return writing;
  }

  return {
    async get<T>(key: string): Promise<T | undefined> {
      const map = await ready();
      const value = map.get(key);
      return value === undefined ? undefined : (structuredClone(value) as T);
    },
    async set(key: string, value: unknown): Promise<void> {
      const map = await ready();
      map.set(key, JSON.parse(JSON.stringify(value)) as unknown);
      await persist();
    },
    async delete(key: string): Promise<void> {
      const map = await ready();
      if (!map.delete(key)) return;
      await persist();
    },
    async flush(): Promise<void> {
      await ready();
      if (writing) await writing;
    },
  };
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
