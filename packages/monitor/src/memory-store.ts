/** A `StateStore` in memory: for tests and for programs that do not need to survive a restart. */
import type { StateStore } from './state-store.ts';

/**
 * Creates a store that keeps JSON copies of its values in a Map. Values are copied on the way in
 * and out, as a file store would, so a caller mutating an object never changes what is stored.
 */
export function createMemoryStore(initial?: Record<string, unknown>): StateStore {
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(initial ?? {})) values.set(key, JSON.stringify(value));
  return {
    get<T>(key: string): Promise<T | undefined> {
      const text = values.get(key);
      return Promise.resolve(text === undefined ? undefined : (JSON.parse(text) as T));
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
