/**
 * `discarr_notifications_dead_letters_total`: notifications set aside for good (the bot could not
 * render them, or Discord refused them), by reason. Registered on the bot's registry on first use,
 * once per registry, beside the metrics of ../metrics.ts.
 */
import { Counter } from 'prom-client';
import type { BotMetrics } from '../contracts.ts';

export const DEAD_LETTERS_METRIC = 'discarr_notifications_dead_letters_total';

export function deadLetterCounter(metrics: BotMetrics): Counter<'reason'> {
  const existing = metrics.registry.getSingleMetric(DEAD_LETTERS_METRIC);
  if (existing instanceof Counter) return existing;
  return new Counter({ name: DEAD_LETTERS_METRIC, help: 'Notifications moved to the dead letters (never deliverable), by reason: render, rejected.', labelNames: ['reason'], registers: [metrics.registry] });
}
