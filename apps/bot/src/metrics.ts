/**
 * The bot's Prometheus metrics, on a registry of their own (two bots in one process never share
 * one), with Node's default process metrics beside them.
 */
import type { ArrRequestEvent } from '@discarr/arr-sdk';
import type { StateStore } from '@discarr/monitor';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BotMetrics } from './contracts.ts';

export function createMetrics(options: { defaultMetrics?: boolean } = {}): BotMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    eventsTotal: new Counter({ name: 'discarr_events_total', help: 'Monitor events, by type and instance.', labelNames: ['type', 'instance'], registers }),
    notificationsSent: new Counter({ name: 'discarr_notifications_sent_total', help: 'Notifications Discord accepted, by channel.', labelNames: ['channel'], registers }),
    notificationsFailed: new Counter({ name: 'discarr_notifications_failed_total', help: 'Notification attempts that failed (retried later), by reason.', labelNames: ['reason'], registers }),
    notificationsPending: new Gauge({ name: 'discarr_notifications_pending', help: 'Notifications in the outbox, not yet accepted by Discord.', registers }),
    notificationsDeadLettered: new Counter({ name: 'discarr_notifications_dead_letters_total', help: 'Notifications moved to the dead letters (never deliverable), by reason: render, rejected.', labelNames: ['reason'], registers }),
    discordRateLimited: new Counter({ name: 'discarr_discord_rate_limited_total', help: 'Discord 429 answers, by route.', labelNames: ['route'], registers }),
    sdkRequests: new Counter({ name: 'discarr_sdk_requests_total', help: 'Requests to Radarr and Sonarr, by instance, route and status.', labelNames: ['instance', 'route', 'status'], registers }),
    sdkRequestSeconds: new Histogram({
      name: 'discarr_sdk_request_duration_seconds',
      help: 'Duration of requests to Radarr and Sonarr (answers from the cache excluded).',
      labelNames: ['instance', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    sdkCacheHits: new Counter({ name: 'discarr_sdk_cache_hits_total', help: 'SDK requests answered from the cache or joined to one in flight.', labelNames: ['instance'], registers }),
    boardEdits: new Counter({ name: 'discarr_board_edits_total', help: 'Status board messages posted or edited, by channel.', labelNames: ['channel'], registers }),
  };
}

/**
 * The SDK's `onRequest` hook feeding the SDK metrics: pass it as `client.onRequest` of each
 * instance. The route label is the method and the path template (`GET /api/v3/queue/{id}`).
 */
export function sdkRequestRecorder(metrics: BotMetrics): (event: ArrRequestEvent) => void {
  return (event) => {
    const route = `${event.method} ${event.route}`;
    metrics.sdkRequests.inc({ instance: event.instance, route, status: event.status === undefined ? 'error' : String(event.status) });
    if (event.cached) metrics.sdkCacheHits.inc({ instance: event.instance });
    else metrics.sdkRequestSeconds.observe({ instance: event.instance, route }, event.durationMs / 1000);
  };
}

/**
 * The state file's metrics: `discarr_state_writes_total` and `discarr_state_written_bytes_total`
 * (successful writes: the disk's wear), `discarr_state_write_failures_total` (every failed write,
 * retries included) and `discarr_state_writable` (1 while the state file is written, 0 during an
 * outage). Pass `written` and `writeFailed` as the file store's `onWrite` and `onWriteFailure`,
 * then `watch` the store.
 */
export function stateStoreMetrics(metrics: BotMetrics): { written: (bytes: number) => void; writeFailed: () => void; watch: (store: StateStore) => void } {
  const writes = new Counter({ name: 'discarr_state_writes_total', help: 'Writes of the state file (each rewrites the whole file).', registers: [metrics.registry] });
  const bytes = new Counter({ name: 'discarr_state_written_bytes_total', help: 'Bytes written to the state file.', registers: [metrics.registry] });
  const failures = new Counter({ name: 'discarr_state_write_failures_total', help: 'Writes of the state file that failed (the state is kept in memory and the write retried).', registers: [metrics.registry] });
  let watched: StateStore | undefined;
  new Gauge({
    name: 'discarr_state_writable',
    help: '1 while the state file is written, 0 while writing it fails.',
    registers: [metrics.registry],
    collect() {
      this.set(watched?.writeStatus?.().ok === false ? 0 : 1);
    },
  });
  return {
    written: (count) => {
      writes.inc();
      bytes.inc(count);
    },
    writeFailed: () => {
      failures.inc();
    },
    watch: (store) => {
      watched = store;
    },
  };
}
