import { describe, expect, it } from 'vitest';
import { createMetrics, sdkRequestRecorder } from './metrics.ts';

describe('metrics', () => {
  it('exports every bot metric with the documented names', async () => {
    const metrics = createMetrics();
    metrics.eventsTotal.inc({ type: 'download.grabbed', instance: 'radarr' });
    metrics.notificationsSent.inc({ channel: '123456789012345678' });
    metrics.notificationsFailed.inc({ reason: 'rate_limited' });
    metrics.notificationsPending.set(3);
    metrics.discordRateLimited.inc({ route: '/channels/:id/messages' });
    metrics.boardEdits.inc({ channel: '123456789012345678' });
    const text = await metrics.registry.metrics();
    for (const name of [
      'discarr_events_total{type="download.grabbed",instance="radarr"} 1',
      'discarr_notifications_sent_total{channel="123456789012345678"} 1',
      'discarr_notifications_failed_total{reason="rate_limited"} 1',
      'discarr_notifications_pending 3',
      'discarr_discord_rate_limited_total{route="/channels/:id/messages"} 1',
      'discarr_board_edits_total{channel="123456789012345678"} 1',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('records SDK requests, their latency and cache hits from the onRequest hook', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const record = sdkRequestRecorder(metrics);
    record({ instance: 'radarr', method: 'GET', route: '/api/v3/queue', status: 200, durationMs: 40, attempts: 1, cached: false });
    record({ instance: 'radarr', method: 'GET', route: '/api/v3/tag', status: 200, durationMs: 0, attempts: 1, cached: true });
    record({ instance: 'sonarr', method: 'GET', route: '/api/v3/system/status', status: undefined, durationMs: 15_000, attempts: 3, cached: false, error: 'ArrTimeoutError' });
    const text = await metrics.registry.metrics();
    expect(text).toContain('discarr_sdk_requests_total{instance="radarr",route="GET /api/v3/queue",status="200"} 1');
    expect(text).toContain('discarr_sdk_requests_total{instance="sonarr",route="GET /api/v3/system/status",status="error"} 1');
    expect(text).toContain('discarr_sdk_cache_hits_total{instance="radarr"} 1');
    expect(text).toContain('discarr_sdk_request_duration_seconds_count{instance="radarr",route="GET /api/v3/queue"} 1');
    expect(text).toContain('discarr_sdk_request_duration_seconds_sum{instance="sonarr",route="GET /api/v3/system/status"} 15');
    expect(text).not.toContain('process_resident_memory_bytes');
  });

  it('keeps two bots in one process apart', async () => {
    const first = createMetrics({ defaultMetrics: false });
    const second = createMetrics({ defaultMetrics: false });
    first.notificationsPending.set(5);
    expect(await second.registry.metrics()).toContain('discarr_notifications_pending 0');
  });
});
