/**
 * The monitor's events into a notifier and a status board writing to one sink: the wiring the bot
 * (Discord, ./discord/discord-bot.ts) and the demo (the terminal, ./demo/run-demo.ts) share. The
 * `/notify me` subscriptions tell the notifier who waits for an import: their messages go through
 * its outbox.
 */
import type { Clock, Monitor, StateStore } from '@discarr/monitor';
import type { Logger } from 'pino';
import { createStatusBoard, type StatusBoard } from './board/status-board.ts';
import type { BotConfig, BotMetrics, MessageSink } from './contracts.ts';
import { errorSummary } from './discord/error-summary.ts';
import { Subscriptions } from './manage/subscriptions.ts';
import { createNotifier, type Notifier } from './notify/notifier.ts';
import type { NotificationSink } from './notify/sink.ts';

export interface SinkWiringOptions {
  config: BotConfig;
  monitor: Pick<Monitor, 'on' | 'snapshot'>;
  store: StateStore;
  sink: MessageSink & NotificationSink;
  clock: Clock;
  logger: Logger;
  metrics: BotMetrics;
  /** The per-channel limit the notifier keeps to. Default Discord's: 5 messages per 5 s. */
  channelLimit?: { requests: number; windowMs: number };
}

export interface SinkWiring {
  notifier: Notifier;
  board: StatusBoard;
  /** The `/notify me` subscriptions the notifier tells (the commands add and cancel them). */
  subscriptions: Subscriptions;
  /**
   * Stops taking events, then stops the notifier within `deadlineMs` (the outbox delivered as far
   * as the sink takes it, the rest kept in the store) and the board.
   */
  stop: (deadlineMs: number) => Promise<void>;
}

/** Subscribes the notifier and the board to every event, and posts (or edits) each board once. */
export async function wireMonitorToSink(options: SinkWiringOptions): Promise<SinkWiring> {
  const { config, monitor, store, sink, clock, logger, metrics, channelLimit } = options;
  const subscriptions = new Subscriptions({ store, logger: logger.child({ component: 'subscriptions' }) });
  const notifier = createNotifier({ config, store, sink, clock, logger, metrics, channelLimit, recipients: subscriptions });
  const board = createStatusBoard({ config, store, sink, snapshot: () => monitor.snapshot(), clock, logger, metrics });
  const unsubscribe = monitor.on('*', (event) => {
    metrics.eventsTotal.inc({ type: event.type, instance: event.instance });
    board.requestRender();
    return notifier.handle(event).catch((error: unknown) => {
      logger.error({ err: errorSummary(error), eventId: event.id }, 'could not queue a notification');
    });
  });
  await board.start();
  return {
    notifier,
    board,
    subscriptions,
    stop: async (deadlineMs) => {
      unsubscribe();
      await Promise.all([notifier.stop({ deadlineMs }), board.stop()]);
    },
  };
}
