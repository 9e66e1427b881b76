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
  raise(input: { source: string; type: HealthItem['type']; message: string; wikiUrl?: string }): { item: HealthItem; changed: boolean; isNew: boolean };
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
      if (existing?.type === input.type && existing.message === input.message) return { item: existing, changed: false, isNew: false };
      const item: HealthItem = { id: existing?.id ?? nextId++, source: input.source, type: input.type, message: input.message, wikiUrl };
      items.set(input.source, item);
      return { item, changed: true, isNew: existing === undefined };
    },
    clear(source) {
      const item = items.get(source);
      items.delete(source);
      return item;
    },
    list: () => [...items.values()],
  };
}

/** The apps run their scheduled health checks every 6 hours (TaskManager: CheckHealth, 360 minutes). */
export const HEALTH_CHECK_INTERVAL_MS = 6 * 60 * 60_000;

/**
 * The health part of an instance: the board, and the push that follows each health-check run. As
 * in the apps (Radarr master: src/NzbDrone.Core/HealthCheck/HealthCheckService.cs,
 * src/Radarr.Api.V3/Health/HealthController.cs), every run ends with a `health` sync, a check that
 * starts failing sends the Health webhook once (a changed message does not), a check that passes
 * again sends HealthRestored.
 */
export interface HealthChecks {
  list(): HealthItem[];
  /** A run that finds the check of `source` failing. */
  raise(input: { source: string; type: HealthItem['type']; message: string; wikiUrl?: string }): void;
  /** A run that finds the check of `source` passing. */
  clear(source: string): void;
  /** When the next scheduled run is due. */
  nextRunAt(): number;
  /** A scheduled run at `at`: nothing changed, the `health` sync is sent. */
  run(at: number): void;
}

export function createHealthChecks(options: { kind: 'radarr' | 'sonarr'; push: Pick<PushEvents, 'signal' | 'webhook'>; startTime: number }): HealthChecks {
  const board = createHealthBoard(`https://wiki.servarr.com/${options.kind}/system`);
  const { push } = options;
  let nextRunAt = options.startTime + HEALTH_CHECK_INTERVAL_MS;
  return {
    list: () => board.list(),
    raise(input) {
      const { item, isNew } = board.raise(input);
      push.signal('health', 'sync');
      // Radarr's Health payload carries applicationUrl, Sonarr's does not (WebhookBase.cs BuildHealthPayload in each).
      if (isNew) push.webhook('Health', { level: item.type, message: item.message, type: item.source, wikiUrl: item.wikiUrl }, { applicationUrl: options.kind === 'radarr' });
    },
    nextRunAt: () => nextRunAt,
    run(at) {
      nextRunAt = at + HEALTH_CHECK_INTERVAL_MS;
      push.signal('health', 'sync');
    },
    clear(source) {
      const item = board.clear(source);
      push.signal('health', 'sync');
      if (item === undefined) return;
      // Neither app's HealthRestored payload has applicationUrl (WebhookBase.cs BuildHealthRestoredPayload).
      push.webhook('HealthRestored', { level: item.type, message: item.message, type: item.source, wikiUrl: item.wikiUrl }, { applicationUrl: false });
    },
  };
}
