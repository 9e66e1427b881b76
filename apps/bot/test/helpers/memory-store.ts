/** A StateStore in memory that copies values through JSON like the file store does. */
import type { StateStore } from '@discarr/monitor';

export interface TestStore extends StateStore {
  data: Map<string, string>;
}

export function createTestStore(data = new Map<string, string>()): TestStore {
  return {
    data,
    get<T>(key: string) {
      const text = data.get(key);
      return Promise.resolve(text === undefined ? undefined : (JSON.parse(text) as T));
    },
    set(key, value) {
      data.set(key, JSON.stringify(value));
      return Promise.resolve();
    },
    delete(key) {
      data.delete(key);
      return Promise.resolve();
    },
    flush: () => Promise.resolve(),
  };
}
