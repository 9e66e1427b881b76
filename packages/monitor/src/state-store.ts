/**
 * Where the monitor (and the bot, sharing the same store) keeps what must survive a restart:
 * checkpoints, what was emitted, the bot's outbox and board message ids. Values are JSON.
 */
export interface StateStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Writes everything pending to durable storage (a no-op for the memory store). */
  flush(): Promise<void>;
}
