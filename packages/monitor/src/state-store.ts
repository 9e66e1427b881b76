/**
 * Where the monitor (and the bot, sharing the same store) keeps what must survive a restart:
 * checkpoints, what was emitted, the bot's outbox and board message ids. Values are JSON.
 */
export interface StateStore {
  /**
   * The value of `key`, or `undefined`. With `parse`, the stored JSON is checked before use: when
   * `parse` throws, the key is set aside (a file store keeps it in a `.corrupt-<timestamp>` copy and
   * logs it), removed from the state, and `undefined` is returned; every other key is kept.
   */
  get<T>(key: string, parse?: (raw: unknown) => T): Promise<T | undefined>;
  /**
   * Sets `key`. Resolves once the value is in memory and a write was tried: a store whose storage
   * fails keeps the state in memory and retries (see `writeStatus`), it never rejects a `set`.
   */
  set(key: string, value: unknown): Promise<void>;
  /** Removes `key` (no error when absent). */
  delete(key: string): Promise<void>;
  /** Writes everything pending to durable storage (a no-op for the memory store). */
  flush(): Promise<void>;
  /** Whether the last write reached durable storage. Absent for stores that cannot fail (memory). */
  writeStatus?(): StoreWriteStatus;
}

/** What `StateStore.writeStatus` reports. */
export type StoreWriteStatus =
  | {
      /** The last write reached durable storage. */
      ok: true;
    }
  | {
      /** Writes are failing; the state is kept in memory and retried. */
      ok: false;
      /** The failing write's error, in words (`ENOSPC: no space left on device, write`). */
      reason: string;
      /** When the outage began (epoch ms). */
      since: number;
      /** Failed attempts in this outage. */
      failures: number;
    };
