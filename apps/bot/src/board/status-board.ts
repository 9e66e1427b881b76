/**
 * The status board: one message per board channel, edited in place. Edits are coalesced (at most
 * one per `minEditIntervalMs` per channel, none when nothing changed), so a busy monitor never
 * exceeds Discord's rate limits. The message id is kept in the store, so a restart edits the same
 * message; a board deleted by a user is posted again.
 */
import type { Clock, MonitorSnapshot, StateStore } from '@discarr/monitor';
import type { Logger } from 'pino';
import { MessageGoneError } from '../contracts.ts';
import type { BotConfig, BotMetrics, MessageSink, OutgoingMessage } from '../contracts.ts';
import { errorSummary } from '../discord/error-summary.ts';
import { renderBoard } from '../render/board-render.ts';

export interface StatusBoardOptions {
  config: BotConfig;
  store: StateStore;
  sink: MessageSink;
  snapshot: () => MonitorSnapshot;
  clock: Clock;
  logger: Logger;
  metrics: BotMetrics;
}

export interface StatusBoard {
  /** Loads the persisted message ids and posts or edits every board once. */
  start(): Promise<void>;
  /** Something changed: every board is redrawn as soon as its rate allows. */
  requestRender(): void;
  /** Shows another page on one channel's board (a page button was pressed). */
  setPage(channelId: string, page: number): void;
  /** Stops the timers and waits for an edit in flight. */
  stop(): Promise<void>;
}

/** What the store keeps per board channel. */
export interface BoardRecord {
  messageId?: string;
  page: number;
}

export function boardKey(channelId: string): string {
  return `bot:board:${channelId}`;
}

/** Retry delay after a failed edit grows to this many edit intervals. */
const MAX_BACKOFF_FACTOR = 32;

interface ChannelState {
  channelId: string;
  record: BoardRecord;
  /** What the message shows now (timestamps excluded), to skip edits that change nothing. */
  shown?: string;
  lastEditAt: number;
  dirty: boolean;
  busy?: Promise<void>;
  timer?: unknown;
  failures: number;
}

export function createStatusBoard(options: StatusBoardOptions): StatusBoard {
  const { config, store, sink, clock, metrics } = options;
  const logger = options.logger.child({ component: 'status-board' });
  const interval = Math.max(0, config.board.minEditIntervalMs);
  const channels = new Map<string, ChannelState>();
  let stopped = false;
  let started = false;
  let refreshTimer: unknown;

  // The monitor's snapshot also changes without events (first contact, speed, ETA): look at it
  // every interval; unchanged renders cost no request.
  function refreshLoop(): void {
    if (stopped) return;
    refreshTimer = clock.setTimeout(() => {
      for (const channel of channels.values()) {
        channel.dirty = true;
        schedule(channel);
      }
      refreshLoop();
    }, Math.max(1000, interval));
  }

  for (const channelId of new Set(config.discord.boardChannels)) {
    channels.set(channelId, { channelId, record: { page: 0 }, lastEditAt: Number.NEGATIVE_INFINITY, dirty: true, failures: 0 });
  }

  function schedule(channel: ChannelState): void {
    if (stopped || !started || channel.timer !== undefined || channel.busy !== undefined || !channel.dirty) return;
    const backoff = channel.failures === 0 ? 1 : Math.min(MAX_BACKOFF_FACTOR, 2 ** channel.failures);
    const due = channel.lastEditAt + Math.max(interval * backoff, channel.failures > 0 ? 1000 : 0);
    const delay = Math.max(0, due - clock.now());
    channel.timer = clock.setTimeout(() => {
      channel.timer = undefined;
      void run(channel);
    }, delay);
  }

  function run(channel: ChannelState): Promise<void> {
    if (channel.busy !== undefined) return channel.busy;
    channel.busy = (async () => {
      try {
        await render(channel);
      } finally {
        channel.busy = undefined;
        schedule(channel);
      }
    })();
    return channel.busy;
  }

  async function render(channel: ChannelState): Promise<void> {
    if (stopped || !channel.dirty) return;
    channel.dirty = false;
    let message: OutgoingMessage;
    try {
      const rendered = renderBoard(options.snapshot(), { page: channel.record.page, itemsPerPage: config.board.itemsPerPage, now: clock.now() });
      message = rendered.message;
      channel.record.page = Math.min(channel.record.page, rendered.pageCount - 1);
    } catch (error) {
      logger.error({ err: error, channel: channel.channelId }, 'could not render the status board');
      return;
    }
    const shown = comparable(message);
    if (shown === channel.shown && channel.record.messageId !== undefined) return;
    channel.lastEditAt = clock.now();
    try {
      const previousId = channel.record.messageId;
      if (previousId === undefined) {
        channel.record.messageId = (await sink.send(channel.channelId, message)).messageId;
      } else {
        try {
          await sink.edit(channel.channelId, previousId, message);
        } catch (error) {
          if (!(error instanceof MessageGoneError)) throw error;
          logger.info({ channel: channel.channelId }, 'status board message was deleted; posting a new one');
          channel.record.messageId = (await sink.send(channel.channelId, message)).messageId;
        }
      }
      channel.shown = shown;
      channel.failures = 0;
      metrics.boardEdits.inc({ channel: channel.channelId });
      if (channel.record.messageId !== previousId) await store.set(boardKey(channel.channelId), channel.record);
    } catch (error) {
      channel.failures += 1;
      channel.dirty = true;
      logger.warn({ err: errorSummary(error), channel: channel.channelId, failures: channel.failures }, 'status board not updated; will retry');
    }
  }

  return {
    async start() {
      await Promise.all(
        [...channels.values()].map(async (channel) => {
          const record = await store.get<BoardRecord>(boardKey(channel.channelId));
          if (record !== undefined) channel.record = { ...record, page: typeof record.page === 'number' ? record.page : 0 };
        }),
      );
      started = true;
      await Promise.all([...channels.values()].map((channel) => run(channel)));
      if (channels.size > 0) refreshLoop();
    },
    requestRender() {
      for (const channel of channels.values()) {
        channel.dirty = true;
        schedule(channel);
      }
    },
    setPage(channelId, page) {
      const channel = channels.get(channelId);
      if (channel === undefined) return;
      channel.record.page = Math.max(0, Math.floor(page));
      channel.dirty = true;
      void store.set(boardKey(channelId), channel.record).catch((error: unknown) => {
        logger.warn({ err: error }, 'could not persist the board page');
      });
      schedule(channel);
    },
    async stop() {
      stopped = true;
      if (refreshTimer !== undefined) clock.clearTimeout(refreshTimer);
      for (const channel of channels.values()) {
        if (channel.timer !== undefined) clock.clearTimeout(channel.timer);
        channel.timer = undefined;
      }
      await Promise.all([...channels.values()].map((channel) => channel.busy ?? Promise.resolve()));
    },
  };
}

/** The message without its timestamps: two renders of the same state compare equal. */
function comparable(message: OutgoingMessage): string {
  return JSON.stringify({ ...message, embeds: message.embeds.map((embed) => ({ ...embed, timestamp: undefined })) });
}
