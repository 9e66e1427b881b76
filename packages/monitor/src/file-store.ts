/**
 * The default `StateStore`: one JSON file, written atomically (temp file, fsync, rename), with
 * writes coalesced so a burst of `set`s costs one write. Each value is kept as its encoded JSON
 * bytes: a `set` serialises only its own key, a write gathers the bytes already encoded (no string
 * or buffer of the whole state is built), and a `set` that changes nothing writes nothing.
 *
 * Failures are loud and never lose the state in memory: a corrupt file is moved aside; a key whose
 * value fails its `parse` is set aside in a `.corrupt-<timestamp>` copy; a write that fails (full
 * disk, read-only folder) keeps the state in memory, is retried with backoff, logged once per
 * outage and once on recovery, and reported by `writeStatus()`. A file that cannot be read at all
 * (a folder, no permission) is a `StateFileError` naming the path and the fix.
 */
/* eslint-disable security/detect-non-literal-fs-filename -- the store reads and writes the one path its owner configured, never a path from untrusted input */
import * as fsPromises from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '@discarr/arr-sdk';
import type { StateStore, StoreWriteStatus } from './state-store.ts';

/** The file operations the store uses; tests replace some to inject failures (ENOSPC, EROFS). */
export interface FileStoreFs {
  /** As `fs.promises.readFile`. */
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  /** As `fs.promises.writeFile`. */
  writeFile(path: string, data: string, options: { encoding: 'utf8'; mode: number }): Promise<void>;
  /**
   * As `fs.promises.open`; the store writes, syncs and closes the handle. The state file is written
   * with `writeFile` given an iterable of `Uint8Array` pieces (the key set aside, a string).
   */
  open(path: string, flags: string, mode: number): Promise<Pick<fsPromises.FileHandle, 'writeFile' | 'sync' | 'close'>>;
  /** As `fs.promises.rename`. */
  rename(from: string, to: string): Promise<void>;
  /** As `fs.promises.unlink`. */
  unlink(path: string): Promise<void>;
  /** As `fs.promises.mkdir`. */
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
}

/** Options of `createFileStore`. */
export interface FileStoreOptions {
  /** Receives the lines about keys or files set aside, write outages and recoveries. */
  logger?: Logger;
  /** Time source of the `.corrupt-<timestamp>` suffix and of outages. Default `Date.now`. */
  now?: () => number;
  /** File operations. Default `node:fs/promises`; tests inject failures here. */
  fs?: Partial<FileStoreFs>;
  /** First retry of a failed write after this long, doubling up to `retryMaxMs`. Default 1 000. */
  retryBaseMs?: number;
  /** Longest delay between two retries of a failed write. Default 60 000. */
  retryMaxMs?: number;
  /** Called on every failed write (for a metric). */
  onWriteFailure?: (error: Error) => void;
  /** Called after every successful write with the bytes written (for a metric: disk wear, an SD card's). */
  onWrite?: (bytes: number) => void;
}

/** The state file cannot be used at all: the message names the path, the cause and the fix. */
export class StateFileError extends Error {
  /** Always `'StateFileError'`. */
  override name = 'StateFileError';
  /** The state file's path. */
  readonly path: string;
  /** The system error code (`EISDIR`, `EACCES`), when there was one. */
  readonly code: string | undefined;
  constructor(path: string, code: string | undefined, cause: unknown) {
    super(stateFileMessage(path, code, cause), { cause });
    this.path = path;
    this.code = code;
  }
}

function stateFileMessage(path: string, code: string | undefined, cause: unknown): string {
  if (code === 'EISDIR') {
    return `the state path "${path}" is a directory, not a file. Fix: set state.path (DISCARR_STATE_PATH) to a file, e.g. "${path.replace(/\/+$/, '')}/discarr-state.json".`;
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return `the state file "${path}" cannot be read (${code}). Fix: give the bot's user read and write access to it and its folder (with Docker, the /data volume must belong to the node user, uid 1000), or set state.path (DISCARR_STATE_PATH) elsewhere.`;
  }
  return `the state file "${path}" cannot be read (${code ?? messageOf(cause)}). Fix: check the path and its folder, or set state.path (DISCARR_STATE_PATH) elsewhere.`;
}

const defaultFs: FileStoreFs = {
  readFile: (path, encoding) => fsPromises.readFile(path, encoding),
  writeFile: (path, data, options) => fsPromises.writeFile(path, data, options),
  open: (path, flags, mode) => fsPromises.open(path, flags, mode),
  rename: (from, to) => fsPromises.rename(from, to),
  unlink: (path) => fsPromises.unlink(path),
  mkdir: (path, options) => fsPromises.mkdir(path, options),
};

/** A file-backed store; `path` is created (with its folder) on the first write. */
export function createFileStore(path: string, options: FileStoreOptions = {}): StateStore {
  return new FileStore(path, options);
}

class FileStore implements StateStore {
  readonly #path: string;
  readonly #options: FileStoreOptions;
  readonly #fs: FileStoreFs;
  readonly #now: () => number;
  /**
   * The state, each value as its JSON text encoded in UTF-8: a copy taken by `set` that costs a
   * fraction of the objects it stands for and lies outside V8's heap, is written as it is (a write
   * allocates no text of the whole state: with 10 instances of 500 downloads that was 6 MB of
   * garbage per write, twice a second), and gives `get` a fresh copy by parsing. The file holds it
   * as of the last successful write.
   */
  #data: Map<string, Buffer> | undefined;
  #loading: Promise<Map<string, Buffer>> | undefined;
  #writeCount = 0;
  /** Set by every change, cleared when a write starts: a write in flight rewrites if it is set again. */
  #dirty = false;
  #writing: Promise<void> | undefined;
  /** The current write outage; undefined while writes succeed. */
  #outage: { error: Error; since: number; failures: number } | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** The `.corrupt-<timestamp>` copy of keys set aside in this run, and what it holds. */
  #aside: { path: string; values: Record<string, unknown> } | undefined;

  constructor(path: string, options: FileStoreOptions) {
    this.#path = path;
    this.#options = options;
    this.#fs = { ...defaultFs, ...options.fs };
    this.#now = options.now ?? Date.now;
  }

  async get<T>(key: string, parse?: (raw: unknown) => T): Promise<T | undefined> {
    const map = await this.#ready();
    const raw = map.get(key);
    if (raw === undefined) return undefined;
    if (parse === undefined) return JSON.parse(raw.toString('utf8')) as T;
    try {
      return parse(JSON.parse(raw.toString('utf8')));
    } catch (error) {
      await this.#setAside(map, key, raw, error);
      return undefined;
    }
  }

  set(key: string, value: unknown): Promise<void> {
    // Not an async function: its frame would keep `value` alive until the write loop drains, and
    // under a steady stream of `set`s (every event persists the outbox) it never does, so every
    // caller's value piled up. The callback holds it only until the copy is taken.
    return this.#ready().then((map) => {
      const text = JSON.stringify(value) as string | undefined;
      if (text === undefined) throw new TypeError(`the state key "${key}" cannot be set to ${String(value)}: a value must be JSON`);
      const bytes = Buffer.from(text, 'utf8');
      // The same value again (a board record, a sent list that did not move) is not worth a write.
      if (map.get(key)?.equals(bytes) === true) return this.#writing ?? Promise.resolve();
      map.set(key, bytes);
      return this.#persist();
    });
  }

  async delete(key: string): Promise<void> {
    const map = await this.#ready();
    if (!map.delete(key)) return;
    await this.#persist();
  }

  async flush(): Promise<void> {
    await this.#ready();
    if (this.#writing) await this.#writing;
    // During an outage, one more try now instead of at the next retry.
    if (this.#outage && this.#dirty) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
      await this.#persist();
      const status = this.writeStatus();
      if (!status.ok) {
        this.#options.logger?.error?.(
          { path: this.#path, error: status.reason, since: new Date(status.since).toISOString() },
          'the state could not be written; what changed since the outage began is only in memory',
        );
      }
    }
  }

  writeStatus(): StoreWriteStatus {
    const outage = this.#outage;
    return outage ? { ok: false, reason: outage.error.message, since: outage.since, failures: outage.failures } : { ok: true };
  }

  #ready(): Promise<Map<string, Buffer>> {
    if (this.#data) return Promise.resolve(this.#data);
    this.#loading ??= this.#load().then((loaded) => {
      this.#data = loaded;
      return loaded;
    });
    return this.#loading;
  }

  async #load(): Promise<Map<string, Buffer>> {
    let text: string;
    try {
      text = await this.#fs.readFile(this.#path, 'utf8');
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return new Map();
      throw new StateFileError(this.#path, codeOf(error), error);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
      return new Map(Object.entries(parsed).map(([key, value]) => [key, Buffer.from(JSON.stringify(value), 'utf8')]));
    } catch (error) {
      const aside = this.#asidePath();
      await this.#fs.rename(this.#path, aside);
      this.#options.logger?.warn?.({ path: this.#path, movedTo: aside, error: messageOf(error) }, 'state file is corrupt; moved it aside and starting with empty state');
      return new Map();
    }
  }

  #asidePath(): string {
    return `${this.#path}.corrupt-${new Date(this.#now()).toISOString().replace(/[:.]/g, '-')}`;
  }

  /** Drops a key whose value failed its check, keeping a copy of it beside the state file. */
  async #setAside(map: Map<string, Buffer>, key: string, raw: Buffer, error: unknown): Promise<void> {
    // Two readers of the same bad key: only the first sets it aside.
    if (map.get(key) !== raw) return;
    map.delete(key);
    this.#aside ??= { path: this.#asidePath(), values: {} };
    this.#aside.values[key] = JSON.parse(raw.toString('utf8')) as unknown;
    const log = { path: this.#path, key, movedTo: this.#aside.path, error: messageOf(error) };
    try {
      await this.#fs.writeFile(this.#aside.path, `${JSON.stringify(this.#aside.values, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
      this.#options.logger?.warn?.(log, 'a state key has the wrong shape; set it aside and going on without it');
    } catch (writeError) {
      this.#options.logger?.error?.({ ...log, asideError: messageOf(writeError) }, 'a state key has the wrong shape and could not be copied aside; going on without it (the state file still holds it until the next write)');
    }
    await this.#persist();
  }

  async #writeOnce(snapshot: Iterable<Uint8Array>): Promise<void> {
    const fs = this.#fs;
    await fs.mkdir(dirname(this.#path), { recursive: true });
    const temp = `${this.#path}.tmp-${process.pid}-${++this.#writeCount}`;
    const handle = await fs.open(temp, 'w', 0o600);
    try {
      try {
        await handle.writeFile(snapshot);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, this.#path);
    } catch (error) {
      // No temp file survives a failed write (a full disk leaves a partial one).
      await fs.unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /** Writes until nothing is dirty; a failure starts (or continues) an outage and schedules a retry. */
  #persist(): Promise<void> {
    this.#dirty = true;
    // During an outage the retry timer writes; a `set` does not hammer the failing disk.
    if (this.#retryTimer !== undefined) return Promise.resolve();
    this.#writing ??= (async () => {
      try {
        while (this.#dirty) {
          this.#dirty = false;
          const parts = stateFileParts(await this.#ready());
          await this.#writeOnce(parts);
          this.#options.onWrite?.(parts.reduce((bytes, part) => bytes + part.byteLength, 0));
        }
        this.#recovered();
      } catch (error) {
        this.#dirty = true;
        this.#failed(error instanceof Error ? error : new Error(String(error)));
      } finally {
        this.#writing = undefined;
      }
    })();
    return this.#writing;
  }

  #failed(error: Error): void {
    this.#options.onWriteFailure?.(error);
    if (this.#outage) {
      this.#outage.failures += 1;
      this.#outage.error = error;
    } else {
      this.#outage = { error, since: this.#now(), failures: 1 };
      this.#options.logger?.error?.({ path: this.#path, error: error.message }, 'the state file cannot be written; the state is kept in memory and the write retried');
    }
    const base = this.#options.retryBaseMs ?? 1_000;
    const delay = Math.min(this.#options.retryMaxMs ?? 60_000, base * 2 ** Math.min(this.#outage.failures - 1, 16));
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.#persist();
    }, delay);
    // Pending retries never keep a stopping process alive; `flush` tries once more itself.
    this.#retryTimer.unref();
  }

  #recovered(): void {
    const outage = this.#outage;
    if (!outage) return;
    this.#outage = undefined;
    this.#options.logger?.info?.({ path: this.#path, failures: outage.failures, outageMs: this.#now() - outage.since }, 'the state file is written again');
  }
}

/**
 * The state file's bytes, in pieces: `{"key":value,...}` from the encoded values as they are now.
 * Taken all at once (a `set` during the write changes the map, not this list): the file is one
 * moment of the state.
 */
function stateFileParts(map: ReadonlyMap<string, Buffer>): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (const [key, value] of map) parts.push(Buffer.from(`${parts.length === 0 ? '{' : ','}${JSON.stringify(key)}:`, 'utf8'), value);
  parts.push(Buffer.from(parts.length === 0 ? '{}' : '}', 'utf8'));
  return parts;
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
