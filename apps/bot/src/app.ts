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
import { monitorOptionsOf } from './monitor-setup.ts';

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
  /** How long shutdown waits for Discord to take what the outbox holds. Default `SHUTDOWN_FLUSH_MS`. */
  stopFlushMs?: number;
}

export interface RunningBot {
  config: BotConfig;
  monitor: Monitor;
  discord: DiscordBot;
  http: BotHttpServer;
  metrics: BotMetrics;
  store: StateStore;
  /** Graceful shutdown: monitor stopped, outbox flushed (within `stopFlushMs`), Discord closed, server closed, state written. */
  stop(): Promise<void>;
}

/** How long shutdown waits for Discord to accept what the outbox holds. */
export const SHUTDOWN_FLUSH_MS = 10_000;

export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? createMetrics();
  const store = options.store ?? createFileStore(config.state.path);

  const monitor = createMonitor(monitorOptionsOf(config, { store, logger, metrics, clock }));
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
    // Discord first: it subscribes to the monitor, and the monitor emits each event only once.
    discord = await startDiscordBot({ config, monitor, store, logger, metrics, clock, stopFlushMs: options.stopFlushMs ?? SHUTDOWN_FLUSH_MS, ...(options.restApi ? { restApi: options.restApi } : {}) });
    await monitor.start();
  } catch (error) {
    await discord?.stop();
    await monitor.stop();
    await http.close(0);
    await store.flush();
    throw error;
  }
  const connected = discord;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('shutting down');
      // No new events, then the outbox flushed (what Discord does not take in time stays in the
      // store for the next start), then the rest.
      await monitor.stop();
      await connected.stop();
      const pending = connected.notifier.pending();
      if (pending > 0) logger.warn({ pending }, 'notifications left in the outbox; they are sent at the next start');
      await http.close();
      await store.flush();
      logger.info('stopped');
    })();
    return stopping;
  };

  return { config, monitor, discord: connected, http, metrics, store, stop };
}
