/** `createMonitor`: instances in, typed events out. */
import { parseRadarrWebhook, parseSonarrWebhook } from '@discarr/arr-sdk';
import { createArrReader, type ArrReader, type InstanceClient } from './arr-reader.ts';
import { systemClock } from './clock.ts';
import { DEFAULTS } from './defaults.ts';
import { MonitorConfigError, MonitorNotRunningError } from './errors.ts';
import { EventBus, type EventHandler } from './event-bus.ts';
import type { EventOf, MonitorEvent, MonitorEventType } from './events.ts';
import { createFileStore } from './file-store.ts';
import { InstanceWatcher } from './instance-watcher.ts';
import { errorMessage } from './watcher-context.ts';
import { clientLoggerOf, completeLogger, type CompleteLogger } from './logging.ts';
import type { InstanceConfig, MonitorOptions } from './monitor-options.ts';
import { resolveSettings } from './resolve-options.ts';
import type { PushChannel, SignalrChannelOptions } from './signalr-channel.ts';
import type { MonitorSnapshot } from './snapshot.ts';
import type { WebhookPayload } from './webhook-ingest.ts';

/** What a webhook body did: which instance took it, its event type, and how many events it produced. */
export interface WebhookIngestResult {
  /** The instance that took it. */
  instance: string;
  /** The webhook's `eventType` as the app sent it (`Grab`, `Download`). */
  eventType: string;
  /** Events emitted from it (0 while held). */
  emitted: number;
  /** Taken before the monitor started: held, and ingested (its events emitted) once it runs. */
  held: boolean;
}

/** Webhooks held before the first start, at most. */
const MAX_HELD_WEBHOOKS = 1000;

/** A running (or runnable) monitor. Every monitor owns its state; two in one process never interfere. */
export interface Monitor {
  /** Loads the checkpoints and starts watching every instance. Resolves once every first read has started. */
  start(): Promise<void>;
  /** Stops timers and push connections, lets reads in flight finish, saves and flushes the state. */
  stop(): Promise<void>;
  /** Reads everything of one instance (or all) now; resolves when done. */
  refresh(name?: string): Promise<void>;
  /**
   * Calls `handler` for every event of `type` (or every event with `'*'`); returns the unsubscribe function.
   * Delivery: nothing lost; nothing repeated across a graceful `stop()`; after a hard crash, the events
   * handed out since the last save come again with the same ids (de-duplicate by `id` to act once).
   */
  on<T extends MonitorEventType>(type: T, handler: (event: EventOf<T>) => void | Promise<void>): () => void;
  /** Calls `handler` for every event, whatever its type; returns the unsubscribe function. */
  on(type: '*', handler: (event: MonitorEvent) => void | Promise<void>): () => void;
  /** Events from now on, buffered up to `bufferSize` (progress dropped first); ends on `signal` or `stop()`. */
  events(options?: { signal?: AbortSignal }): AsyncIterableIterator<MonitorEvent>;
  /** The current state of every instance; cheap (no request). */
  snapshot(): MonitorSnapshot;
  /** The configured instance names, in configuration order. */
  instanceNames(): string[];
  /**
   * The SDK client the monitor reads an instance with, tagged with its app (`undefined` for an
   * unknown name). Commands sent through it share the instance's request queue (concurrency limit)
   * and cache with the monitor's own reads, instead of opening a second client.
   *
   * @example
   * ```ts
   * const found = monitor.client('radarr-4k');
   * if (found?.app === 'radarr') await found.client.command.run('RefreshMovie', { movieIds: [42] });
   * ```
   */
  client(name: string): InstanceClient | undefined;
  /**
   * Takes a webhook body for an instance (already authenticated by the caller): parses it with the
   * SDK's parser (throws `ArrWebhookError` when malformed) and emits its events at once. Before the
   * first `start()` a parsed body is held (`held: true`) and ingested once the monitor runs; after
   * `stop()`, or past 1000 held bodies, it throws `MonitorNotRunningError` (answer 503 with its
   * `retryAfterSeconds`): a webhook is never accepted and then dropped.
   * `createWebhookHandler` uses it; call it yourself with another HTTP framework.
   */
  ingestWebhook(name: string, body: unknown): WebhookIngestResult;
  /** The webhook secret configured for an instance, if any. */
  webhookSecret(name: string): string | undefined;
  /** Resolves when no read is in flight (tests, graceful hand-offs). */
  idle(): Promise<void>;
}

/** The logger of each monitor, for helpers built on it (the webhook handler). */
const loggers = new WeakMap<Monitor, CompleteLogger>();

/** The logger a monitor was created with, completed (silent when none). */
export function loggerOf(monitor: Monitor): CompleteLogger {
  return loggers.get(monitor) ?? completeLogger(undefined);
}

/**
 * Creates a monitor. Throws `MonitorConfigError` naming the bad field when the options are wrong.
 *
 * @example
 * ```ts
 * const monitor = createMonitor({ instances: [{ name: 'radarr', kind: 'radarr', baseUrl: 'http://localhost:7878', apiKey }] });
 * monitor.on('download.imported', (e) => console.log(`${e.media.title} imported`));
 * await monitor.start();
 * ```
 */
export function createMonitor(options: MonitorOptions): Monitor {
  return createMonitorWith(options, (config, logger) => createArrReader(config, clientLoggerOf(logger)));
}

/** `createMonitor` with the SDK client factory replaceable (tests and benchmarks). */
export function createMonitorWith(
  options: MonitorOptions,
  readerOf: (config: InstanceConfig, logger: CompleteLogger) => ArrReader,
  pushOf?: (config: InstanceConfig, options: SignalrChannelOptions) => PushChannel,
): Monitor {
  const settings = resolveSettings(options);
  const logger = completeLogger(options.logger);
  const clock = options.clock ?? systemClock;
  const store = options.store ?? createFileStore(DEFAULTS.statePath, { logger });
  const bus = new EventBus(options.bufferSize ?? DEFAULTS.bufferSize, logger);
  const random = options.random ?? Math.random;
  const watchers = new Map<string, InstanceWatcher>();
  for (const s of settings) {
    watchers.set(
      s.config.name,
      new InstanceWatcher(s, {
        clock,
        logger,
        store,
        random,
        reader: readerOf(s.config, logger),
        push: pushOf && ((o: SignalrChannelOptions) => pushOf(s.config, o)),
        emit: (event) => {
          bus.emit(event);
        },
      }),
    );
  }
  let state: 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' = 'idle';
  /** Webhooks parsed before the first start, ingested once it has started. */
  const held: { watcher: InstanceWatcher; payload: WebhookPayload }[] = [];

  /** Instance names are matched without case, as they are checked for uniqueness. */
  const find = (name: string): InstanceWatcher | undefined => watchers.get(name) ?? [...watchers.values()].find((w) => w.name.toLowerCase() === name.toLowerCase());
  const watcher = (name: string): InstanceWatcher => {
    const found = find(name);
    if (!found) throw new MonitorConfigError('name', `"${name}" is not a configured instance; known: ${[...watchers.keys()].join(', ') || '(none)'}`);
    return found;
  };

  const ingestHeld = (): void => {
    for (const { watcher: w, payload } of held.splice(0)) {
      try {
        w.ingestWebhook(payload);
      } catch (error) {
        logger.error({ instance: w.name, error: errorMessage(error) }, 'a webhook held before the start could not be ingested');
      }
    }
  };

  const monitor: Monitor = {
    async start() {
      if (state !== 'idle' && state !== 'stopped') return;
      state = 'starting';
      // Each instance starts on its own: one that cannot load never holds up another.
      const results = await Promise.allSettled([...watchers.values()].map((w) => w.start()));
      results.forEach((result, index) => {
        if (result.status === 'rejected') {
          logger.error({ instance: settings[index]?.config.name, error: errorMessage(result.reason) }, 'could not start watching the instance');
        }
      });
      state = 'running';
      ingestHeld();
    },
    async stop() {
      if (state !== 'running') return;
      state = 'stopping';
      await Promise.allSettled([...watchers.values()].map((w) => w.stop()));
      try {
        await store.flush();
      } catch (error) {
        logger.error({ error: errorMessage(error) }, 'could not flush the monitor state');
      }
      bus.close();
      state = 'stopped';
    },
    async refresh(name) {
      const targets = name === undefined ? [...watchers.values()] : [watcher(name)];
      await Promise.all(targets.map((w) => w.refresh()));
    },
    on(type: MonitorEventType | '*', handler: EventHandler<never>) {
      return bus.on(type as '*', handler as EventHandler);
    },
    events: (o) => bus.events(o),
    snapshot: () => ({ at: new Date(clock.now()).toISOString(), instances: [...watchers.values()].map((w) => w.snapshot()) }),
    instanceNames: () => [...watchers.keys()],
    client: (name) => find(name)?.client,
    ingestWebhook(name, body) {
      const w = watcher(name);
      const payload = w.kind === 'radarr' ? parseRadarrWebhook(body) : parseSonarrWebhook(body);
      const result = { instance: w.name, eventType: payload.eventType };
      if (state === 'running') return { ...result, emitted: w.ingestWebhook(payload), held: false };
      if (state === 'stopping' || state === 'stopped') throw new MonitorNotRunningError('stopped; not taking webhooks', 30);
      if (held.length >= MAX_HELD_WEBHOOKS) throw new MonitorNotRunningError(`not started yet, and ${String(MAX_HELD_WEBHOOKS)} webhooks are already held`, 5);
      held.push({ watcher: w, payload });
      return { ...result, emitted: 0, held: true };
    },
    webhookSecret: (name) => find(name)?.webhookSecret,
    async idle() {
      await Promise.all([...watchers.values()].map((w) => w.idle()));
    },
  };
  loggers.set(monitor, logger);
  return monitor;
}
