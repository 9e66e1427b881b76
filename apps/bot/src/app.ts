/**
 * The bot, composed: one state store (shared by the monitor and the bot's outbox and boards), the
 * monitor, the Discord side and the HTTP server. `stop()` shuts down in the order that loses
 * nothing, within a budget that fits Docker's grace period: no new events, the outbox flushed as
 * far as Discord takes it in time (the rest stays in the state file), Discord closed, the server
 * closed, the store written.
 */
import { createFileStore, createMonitor, createWebhookHandler, systemClock, type Clock, type Monitor, type StateStore } from '@discarr/monitor';
import type { Logger } from 'pino';
import type { BotConfig, BotMetrics } from './contracts.ts';
import { startDiscordBot, type DiscordBot } from './discord/discord-bot.ts';
import { healthOf, startHttpServer, type BotHttpServer } from './http-server.ts';
import { createMetrics, stateStoreMetrics } from './metrics.ts';
import { monitorOptionsOf } from './monitor-setup.ts';
import { heldUntil } from './webhook-gate.ts';

export interface StartBotOptions {
  config: BotConfig;
  logger: Logger;
  /** Default: a new registry. */
  metrics?: BotMetrics;
  /** Default: a file store at `config.state.path`, logging to `logger` and counting failed writes in `metrics`. */
  store?: StateStore;
  clock?: Clock;
  /** Discord REST base URL (a proxy; the fake Discord in tests). */
  restApi?: string;
  /** The whole graceful stop, from the signal to the state written. Default `STOP_BUDGET_MS`. */
  stopBudgetMs?: number;
}

export interface RunningBot {
  config: BotConfig;
  monitor: Monitor;
  discord: DiscordBot;
  http: BotHttpServer;
  metrics: BotMetrics;
  store: StateStore;
  /** Graceful shutdown within `stopBudgetMs`: monitor stopped, outbox flushed, Discord closed, server closed, state written. */
  stop(): Promise<void>;
}

/**
 * How long a graceful stop may take: under Docker's default 10 s before it kills, with room for
 * the process to exit. The compose file's `stop_grace_period` leaves a margin above it.
 */
export const STOP_BUDGET_MS = 8_000;

export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? createMetrics();
  const stateMetrics = stateStoreMetrics(metrics);
  const store = options.store ?? createFileStore(config.state.path, { logger: logger.child({ component: 'state' }), onWrite: stateMetrics.written, onWriteFailure: stateMetrics.writeFailed });
  stateMetrics.watch(store);
  // Reads the state file first: one that cannot be read (a directory, no permission) stops the
  // start here with a `StateFileError` naming the path and the fix, before anything connects.
  await store.flush();

  const monitor = createMonitor(monitorOptionsOf(config, { store, logger, metrics, clock }));
  let monitorStarted: () => void = () => undefined;
  const running = new Promise<void>((resolve) => (monitorStarted = resolve));
  const webhook = config.instances.some((instance) => instance.push?.webhook) ? heldUntil(running, createWebhookHandler(monitor), clock) : undefined;

  let discord: DiscordBot | undefined;
  let started = false;
  const http = await startHttpServer({
    host: config.http.host,
    port: config.http.port,
    metrics,
    logger: logger.child({ component: 'http' }),
    instanceNames: () => monitor.instanceNames(),
    health: () => {
      if (!started) throw new Error('Discord and the monitor are not started yet');
      return healthOf(discord?.isConnected() ? 'connected' : 'disconnected', monitor.snapshot(), store.writeStatus?.());
    },
    webhook,
  });

  try {
    // Discord first: it subscribes to the monitor, and the monitor emits each event only once.
    discord = await startDiscordBot({ config, monitor, store, logger, metrics, clock, restApi: options.restApi });
    await monitor.start();
    started = true;
    monitorStarted();
  } catch (error) {
    await discord?.stop(2_000);
    await monitor.stop();
    await http.close(0);
    await store.flush();
    throw error;
  }
  const connected = discord;
  const budgetMs = options.stopBudgetMs ?? STOP_BUDGET_MS;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const deadline = clock.now() + budgetMs;
      const left = (reserveMs: number) => Math.max(0, deadline - reserveMs - clock.now());
      logger.info({ budgetMs }, 'shutting down');
      // No new events; then the outbox (what Discord does not take in time stays in the store for
      // the next start) and Discord; then the server and the state. Each step has its share of the
      // budget and is left behind when it overruns: the process exits anyway.
      await within(monitor.stop(), left(budgetMs * 0.8), 'stopping the monitor', logger);
      await within(connected.stop(left(1_000)), left(800), 'disconnecting from Discord', logger);
      const pending = connected.notifier.pending();
      if (pending > 0) logger.warn({ pending }, 'notifications left in the outbox; they are sent at the next start');
      await within(http.close(Math.min(500, left(500))), left(300), 'closing the HTTP server', logger);
      await within(store.flush(), left(0), 'writing the state', logger);
      logger.info({ tookMs: budgetMs - left(0) }, 'stopped');
    })();
    return stopping;
  };

  return { config, monitor, discord: connected, http, metrics, store, stop };
}

/** Waits for `promise` at most `ms`; an overrun is logged and left behind. */
async function within(promise: Promise<unknown>, ms: number, what: string, logger: Logger): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => {
      resolve('late');
    }, ms);
  });
  const outcome = await Promise.race([promise.then(() => 'done' as const, (error: unknown) => error), late]);
  clearTimeout(timer);
  if (outcome === 'late') logger.warn({ afterMs: Math.round(ms) }, `${what} did not finish in time; going on without it`);
  else if (outcome !== 'done') logger.error({ err: outcome }, `${what} failed`);
}
