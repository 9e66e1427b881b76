/** Health checks: items appear and clear, keyed by their source as the apps do. */
import type { PushEvents } from './push-events.ts';

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

/** The health part of an instance: the board, and the push that follows each change. */
export interface HealthChecks {
  list(): HealthItem[];
  /** Raises a check; a new or changed one is signalled and sent as a Health webhook. */
  raise(input: { source: string; type: HealthItem['type']; message: string; wikiUrl?: string }): void;
  /** Clears a check; a cleared one is signalled and sent as a HealthRestored webhook. */
  clear(source: string): void;
}

export function createHealthChecks(options: { kind: 'radarr' | 'sonarr'; push: Pick<PushEvents, 'signal' | 'webhook'> }): HealthChecks {
  const board = createHealthBoard(`https://wiki.servarr.com/${options.kind}/system`);
  const { push } = options;
  return {
    list: () => board.list(),
    raise(input) {
      const { item, changed } = board.raise(input);
      if (!changed) return;
      push.signal('health', 'sync');
      push.webhook('Health', { level: item.type, message: item.message, type: item.source, wikiUrl: item.wikiUrl });
    },
    clear(source) {
      const item = board.clear(source);
      if (item === undefined) return;
      push.signal('health', 'sync');
      push.webhook('HealthRestored', { level: item.type, message: item.message, type: item.source, wikiUrl: item.wikiUrl, previousCheck: { level: item.type, message: item.message, type: item.source, wikiUrl: item.wikiUrl } });
    },
  };
}
