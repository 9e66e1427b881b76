/** Health checks: items appear and clear, keyed by their source as the apps do. */

export type HealthLevel = 'ok' | 'notice' | 'warning' | 'error';

export interface HealthItem {
  id: number;
  source: string;
  type: Exclude<HealthLevel, 'ok'>;
  message: string;
  wikiUrl: string;
}

export interface HealthBoard {
  /** Raises or replaces the check of `source`; returns the item and whether it is new or changed. */
  raise(input: { source: string; type: HealthItem['type']; message: string; wikiUrl?: string }): { item: HealthItem; changed: boolean };
  /** Clears the check of `source`; returns the cleared item, if there was one. */
  clear(source: string): HealthItem | undefined;
  list(): HealthItem[];
}

export function createHealthBoard(wikiBase: string): HealthBoard {
  const items = new Map<string, HealthItem>();
  let nextId = 1;
  return {
    raise(input) {
      const existing = items.get(input.source);
      const wikiUrl = input.wikiUrl ?? `${wikiBase}#${input.source.replace(/Check$/, '').toLowerCase()}`;
      if (existing?.type === input.type && existing.message === input.message) return { item: existing, changed: false };
      const item: HealthItem = { id: existing?.id ?? nextId++, source: input.source, type: input.type, message: input.message, wikiUrl };
      items.set(input.source, item);
      return { item, changed: true };
    },
    clear(source) {
      const item = items.get(source);
      items.delete(source);
      return item;
    },
    list: () => [...items.values()],
  };
}
