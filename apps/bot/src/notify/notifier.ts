/**
 * The notifier: takes the monitor's events, puts each into the outbox (./grouping.ts, persisted
 * before `handle` resolves), and runs delivery (./delivery.ts) whenever something is due, on the
 * injected clock. It de-duplicates by event id across restarts, flushes within a deadline and stops
 * within one: what Discord has not taken by then stays in the outbox for the next start.
 */
import type { Clock, MonitorEvent, StateStore } from '@discarr/monitor';
import type { Logger } from 'pino';
import type { BotConfig, BotMetrics } from '../contracts.ts';
import { renderNotification } from '../render/notification-render.ts';
import { Delivery } from './delivery.ts';
import { placeDirect, type DirectRecipient, type DirectRecipients } from './direct.ts';
import { classifyFailure, RenderError } from './failure.ts';
import { channelsFor, placeEvent } from './grouping.ts';
import { Outbox, type DeadLetter } from './outbox.ts';
import type { NotificationSink } from './sink.ts';

export { OUTBOX_KEY, SENT_KEY, DEAD_LETTERS_KEY, SENT_RETENTION_MS } from './outbox.ts';
export type { DeadLetter } from './outbox.ts';
export { GROUP_EDIT_INTERVAL_MS, RETRY_BASE_MS, RETRY_MAX_MS, RETRY_BUDGET_MS } from './delivery.ts';
export { MAX_GROUP_EVENTS, MAX_DIGEST_EVENTS } from './grouping.ts';

export interface NotifierOptions {
  config: BotConfig;
  store: StateStore;
  /** A `MessageSink` will do; a `NotificationSink` also gets nonces and abort signals. */
  sink: NotificationSink;
  clock: Clock;
  logger: Logger;
  metrics: BotMetrics;
  /** The longest a channel waits behind one failing message. Default 30 000. */
  retryBudgetMs?: number;
  /** One request that takes longer is abandoned and retried (with the same nonce). Default 15 000. */
  attemptTimeoutMs?: number;
  /** Requests per channel the notifier allows itself. Default 5 per 5 s, Discord's per-channel limit. */
  channelLimit?: { requests: number; windowMs: number };
  /** Who waits for an event (`/notify me`): each is told by a direct message through this outbox. */
  recipients?: DirectRecipients;
}

export interface NotifierStopOptions {
  /**
   * How long the stop may take, in ms from the call: the outbox is delivered as far as Discord
   * takes it within this time, then every request in flight is aborted and the outbox written.
   * Without it the stop delivers nothing more.
   */
  deadlineMs?: number;
}

export interface Notifier {
  /** Queues the notifications of an event (persisted before it resolves); delivery follows. */
  handle(event: MonitorEvent): Promise<void>;
  /** Delivers what is deliverable now, ignoring backoff, until done or `timeoutMs` passed; then its pass stops. */
  flush(timeoutMs: number): Promise<void>;
  /** Events accepted but not yet delivered (held quiet-hours events included). */
  pending(): number;
  /** Notifications set aside for good (see `discarr outbox`). */
  deadLetters(): readonly DeadLetter[];
  /** Stops within `deadlineMs` (see there); nothing is delivered after it resolves. The outbox stays in the store. */
  stop(options?: NotifierStopOptions): Promise<void>;
}

/** Creates a notifier. It loads the outbox from the store at once and resumes delivery. */
export function createNotifier(options: NotifierOptions): Notifier {
  return new OutboxNotifier(options);
}

/** A flush leaves this much of a stop's deadline for aborting and writing the outbox. */
const STOP_RESERVE_MS = 500;
/** A flush whose pass delivered nothing waits this long before the next. */
const FLUSH_PAUSE_MS = 250;

class OutboxNotifier implements Notifier {
  readonly #config: BotConfig;
  readonly #store: StateStore;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #metrics: BotMetrics;
  readonly #outbox: Outbox;
  readonly #delivery: Delivery;
  readonly #recipients: DirectRecipients | undefined;
  readonly #loaded: Promise<void>;
  /** Aborted by `stop()`: every pass and request in flight ends. */
  readonly #stopping = new AbortController();
  #timer: unknown;
  #timerAt = Number.POSITIVE_INFINITY;
  /** The timer-driven run of passes, if one is going. */
  #running: Promise<void> | undefined;
  #again = false;
  /** Passes never overlap: the timer's and flush's passes queue on this chain. */
  #lock: Promise<unknown> = Promise.resolve();

  constructor(options: NotifierOptions) {
    this.#config = options.config;
    this.#store = options.store;
    this.#clock = options.clock;
    this.#metrics = options.metrics;
    this.#logger = options.logger.child({ component: 'notifier' });
    this.#outbox = new Outbox(options.store, this.#logger);
    this.#recipients = options.recipients;
    this.#delivery = new Delivery({ ...options, outbox: this.#outbox, logger: this.#logger });
    this.#loaded = this.#outbox.load(this.#clock.now()).then(() => {
      this.#updateGauge();
      if (this.pending() > 0) this.#logger.info({ pending: this.pending() }, 'resuming delivery of the outbox');
    });
    this.#loaded.then(
      () => { this.#kick(); },
      (error: unknown) => { this.#logger.error({ err: error }, 'could not load the outbox; starting empty'); },
    );
  }

  get #stopped(): boolean {
    return this.#stopping.signal.aborted;
  }

  pending(): number {
    return this.#outbox.pending();
  }

  deadLetters(): readonly DeadLetter[] {
    return this.#outbox.deadLetters();
  }

  async handle(event: MonitorEvent): Promise<void> {
    await this.#loaded;
    // Asked first: from the duplicate check to the outbox written nothing awaits, so a repeat is refused.
    const recipients = await this.#recipientsOf(event);
    if (this.#stopped) {
      this.#logger.warn({ eventId: event.id, type: event.type }, 'event after stop ignored');
      return;
    }
    if (this.#outbox.seen(event.id)) {
      this.#logger.debug({ eventId: event.id, type: event.type }, 'duplicate event ignored');
      return;
    }
    const now = this.#clock.now();
    // An event the renderer cannot show goes to the channels' dead letters; the people waiting for it are still told.
    const unrenderable = this.#unrenderable(event);
    const placed = (unrenderable ? 0 : placeEvent(this.#outbox, this.#config, event, now)) + placeDirect(this.#outbox, event, recipients, now);
    if (placed === 0 && !unrenderable) return;
    this.#outbox.markSeen(event.id, now);
    if (unrenderable) await this.#outbox.persistDeadLetters();
    // Outbox first: after a crash between the two writes the event is still found in the outbox.
    if (placed > 0) await this.#outbox.persist();
    await this.#outbox.persistSent();
    if (recipients.length > 0) await this.#recipients?.queued(event, recipients);
    if (placed === 0) return;
    this.#updateGauge();
    this.#kick();
  }

  /** The people waiting for the event; none when asking fails (logged: the channels still get it). */
  async #recipientsOf(event: MonitorEvent): Promise<DirectRecipient[]> {
    if (this.#recipients === undefined) return [];
    try {
      return await this.#recipients.recipientsOf(event);
    } catch (error) {
      this.#logger.error({ err: error, eventId: event.id }, 'could not read who waits for this event; nobody is told by DM');
      return [];
    }
  }

  /** An event the renderer cannot show never joins a group (it would spoil the group): it goes to the dead letters. */
  #unrenderable(event: MonitorEvent): boolean {
    try {
      renderNotification([event]);
      return false;
    } catch (error) {
      const failure = classifyFailure(new RenderError(error instanceof Error ? error.message : String(error), { cause: error }));
      for (const channel of channelsFor(this.#config, event).keys()) this.#delivery.deadLetterEvents(channel, [event], failure);
      return true;
    }
  }

  async flush(timeoutMs: number): Promise<void> {
    await this.#loaded.catch(() => undefined);
    if (this.#stopped) return;
    const ends = new AbortController();
    const onStop = (): void => { ends.abort(); };
    this.#stopping.signal.addEventListener('abort', onStop, { once: true });
    const timer = this.#clock.setTimeout(() => { ends.abort(); }, timeoutMs);
    const expired = new Promise<void>((resolve) => { ends.signal.addEventListener('abort', () => { resolve(); }, { once: true }); });
    const more = (): boolean => !ends.signal.aborted && this.#delivery.deliverable(this.#clock.now()) > 0;
    const work = (async () => {
      while (more()) {
        const progressed = await this.#pass({ ignoreBackoff: true, signal: ends.signal });
        if (!progressed && more()) await Promise.race([expired, new Promise<void>((resolve) => this.#clock.setTimeout(resolve, FLUSH_PAUSE_MS))]);
      }
    })();
    await Promise.race([work, expired]);
    // The deadline ends this flush's pass too: nothing it started is delivered after it returns.
    ends.abort();
    this.#clock.clearTimeout(timer);
    this.#stopping.signal.removeEventListener('abort', onStop);
    if (this.#delivery.deliverable(this.#clock.now()) > 0) {
      this.#logger.warn({ pending: this.pending() }, 'flush ended with notifications still in the outbox; they stay for the next start');
    }
  }

  async stop(options: NotifierStopOptions = {}): Promise<void> {
    const started = this.#clock.now();
    if (options.deadlineMs !== undefined && !this.#stopped) {
      await this.flush(Math.max(0, options.deadlineMs - Math.min(STOP_RESERVE_MS, options.deadlineMs / 10)));
    }
    this.#stopping.abort();
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#loaded.catch(() => undefined);
    // Aborted requests end at once; a sink that ignores the signal is not waited for past the deadline.
    const left = options.deadlineMs === undefined ? undefined : Math.max(0, started + options.deadlineMs - this.#clock.now());
    if (this.#running !== undefined) await (left === undefined ? this.#running : Promise.race([this.#running, new Promise<void>((resolve) => this.#clock.setTimeout(resolve, left))]));
    await this.#outbox.persist();
    await this.#outbox.persistSent();
    await this.#outbox.persistDeadLetters();
    await this.#store.flush();
  }

  #updateGauge(): void {
    this.#metrics.notificationsPending.set(this.pending());
  }

  /** One pass over the outbox, exclusive; finished groups are dropped after it. */
  #pass(options: { ignoreBackoff: boolean; signal: AbortSignal }): Promise<boolean> {
    const result = this.#lock.then(async () => {
      if (options.signal.aborted) return false;
      const progressed = await this.#delivery.pass(options);
      if (!this.#stopped && this.#outbox.prune(this.#clock.now())) await this.#outbox.persist();
      this.#updateGauge();
      return progressed;
    });
    this.#lock = result.catch(() => undefined);
    return result;
  }

  /** Runs passes until nothing is due; concurrent calls coalesce. */
  #kick(): void {
    if (this.#stopped) return;
    if (this.#running !== undefined) {
      this.#again = true;
      return;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await this.#pass({ ignoreBackoff: false, signal: this.#stopping.signal });
        } while (this.#repeat());
      } catch (error) {
        this.#logger.error({ err: error }, 'outbox pass failed');
      } finally {
        this.#running = undefined;
        this.#schedule();
      }
    })();
  }

  // A method, not an inline condition: `#again` and the stop change while a pass awaits.
  #repeat(): boolean {
    return this.#again && !this.#stopped;
  }

  #schedule(): void {
    if (this.#stopped) return;
    const wake = this.#delivery.nextWake(this.#clock.now());
    if (!Number.isFinite(wake)) return;
    if (this.#timer !== undefined && this.#timerAt <= wake) return;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timerAt = wake;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Number.POSITIVE_INFINITY;
      this.#kick();
    }, Math.max(0, wake - this.#clock.now()));
  }
}
