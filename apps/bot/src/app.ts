/**
 * The bot, composed: one state store (shared by the monitor and the bot's outbox and boards), the
 * monitor, the Discord side and the HTTP server. `stop()` shuts down in the order that loses
 * nothing: no new events, the outbox flushed, Discord closed, the server closed, the store written.
 */
import { createFileStore, createMonitor, createWebhookHandler, systemClock, type Clock, type Monitor, type StateStore } from '@discarr/monitor';
import type { Logger } from 'pino';
import type { BotConfig, BotMetrics } from './contracts.ts';
import { startDiscordBot, type DiscordBot } from './discord/discord-bot.ts';
import { healthOf, startHttpServer, type BotHttpServer } from './http-server.ts';
import { createMetrics } from './metrics.ts';
import { countEvents, monitorOptionsOf } from './monitor-setup.ts';

export interface StartBotOptions {
  config: BotConfig;
  logger: Logger;
  /** Default: a new registry. */
  metrics?: BotMetrics;
  /** Default: a file store at `config.state.path`. */
  store?: StateStore;
  clock?: Clock;
  /** Discord REST base URL (the fake Discord in tests). */
  restApi?: string;
}

export interface RunningBot {
  config: BotConfig;
  monitor: Monitor;
  discord: DiscordBot;
  http: BotHttpServer;
  metrics: BotMetrics;
  store: StateStore;
  /** Graceful shutdown; waits at most about `timeoutMs` for the outbox. */
  stop(timeoutMs?: number): Promise<void>;
}

/** How long shutdown waits for Discord to accept what the outbox holds. */
export const SHUTDOWN_FLUSH_MS = 10_000;

export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? createMetrics();
  const store = options.store ?? createFileStore(config.state.path);

  const monitor = createMonitor(monitorOptionsOf(config, { store, logger, metrics, clock }));
  countEvents(monitor, metrics);
  const webhook = config.instances.some((instance) => instance.push?.webhook) ? createWebhookHandler(monitor) : undefined;

  let discord: DiscordBot | undefined;
  const http = await startHttpServer({
    host: config.http.host,
    port: config.http.port,
    metrics,
    logger: logger.child({ component: 'http' }),
    instanceNames: () => monitor.instanceNames(),
    health: () => healthOf(discord?.isConnected() ? 'connected' : 'disconnected', monitor.snapshot()),
    ...(webhook ? { webhook } : {}),
  });

  try {
    await monitor.start();
    discord = await startDiscordBot({ config, monitor, store, logger, metrics, clock, ...(options.restApi ? { restApi: options.restApi } : {}) });
  } catch (error) {
    await monitor.stop();
    await http.close(0);
    await store.flush();
    throw error;
  }
  const connected = discord;

  let stopping: Promise<void> | undefined;
  const stop = (timeoutMs = SHUTDOWN_FLUSH_MS) => {
    stopping ??= (async () => {
      logger.info('shutting down');
      await monitor.stop();
      try {
        await connected.notifier.flush(timeoutMs);
      } catch (error) {
        logger.warn({ err: error }, 'the outbox could not be flushed; what it holds is sent at the next start');
      }
      await connected.stop();
      await http.close();
      await store.flush();
      logger.info('stopped');
    })();
    return stopping;
  };

  return { config, monitor, discord: connected, http, metrics, store, stop };
}
