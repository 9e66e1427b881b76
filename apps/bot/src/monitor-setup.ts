/** The monitor as the bot runs it: options from the bot's config, with metrics and logs wired in. */
import type { Clock, InstanceConfig, MonitorOptions, StateStore } from '@discarr/monitor';
import type { Logger } from 'pino';
import type { BotConfig, BotMetrics } from './contracts.ts';
import { sdkRequestRecorder } from './metrics.ts';

/** The monitor's options from the bot's config: SDK metrics and logs wired into every client. */
export function monitorOptionsOf(config: BotConfig, parts: { store: StateStore; logger: Logger; metrics: BotMetrics; clock: Clock }): MonitorOptions {
  const onRequest = sdkRequestRecorder(parts.metrics);
  const instances: InstanceConfig[] = config.instances.map((instance) => ({
    ...instance,
    client: { ...instance.client, onRequest, logger: parts.logger.child({ instance: instance.name }) },
  }));
  return {
    instances,
    store: parts.store,
    clock: parts.clock,
    logger: parts.logger.child({ component: 'monitor' }),
    progressThrottleMs: config.monitor.progressThrottleMs,
    stalledAfterMs: config.monitor.stalledAfterMs,
  };
}
