/** A `StateStore` in memory: for tests and for programs that do not need to survive a restart. */
import type { Logger } from '@discarr/arr-sdk';
import type { StateStore } from './state-store.ts';

/**
 * Creates a store that keeps JSON copies of its values in a Map. Values are copied on the way in
 * and out, as a file store would, so a caller mutating an object never changes what is stored. A
 * value that fails the `parse` given to `get` is dropped (and logged) as the file store does.
 */
export function createMemoryStore(initial?: Record<string, unknown>, options: { logger?: Logger } = {}): StateStore {
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(initial ?? {})) values.set(key, JSON.stringify(value));
  return {
    get<T>(key: string, parse?: (raw: unknown) => T): Promise<T | undefined> {
      const text = values.get(key);
      if (text === undefined) return Promise.resolve(undefined);
      const raw: unknown = JSON.parse(text);
      if (parse === undefined) return Promise.resolve(raw as T);
      try {
        return Promise.resolve(parse(raw));
      } catch (error) {
        values.delete(key);
        options.logger?.warn?.({ key, error: error instanceof Error ? error.message : String(error) }, 'a state key has the wrong shape; dropped it and going on without it');
        return Promise.resolve(undefined);
      }
    },
    set(key: string, value: unknown): Promise<void> {
      values.set(key, JSON.stringify(value));
      return Promise.resolve();
    },
    delete(key: string): Promise<void> {
      values.delete(key);
      return Promise.resolve();
    },
    flush: () => Promise.resolve(),
  };
}
