/**
 * `/notify me`: a member waits for a movie or series; when the monitor reports its import, they get
 * a DM (or, when their DMs are closed, a mention in the channel they asked in). Subscriptions and
 * pending deliveries live in the state store, written before anything is sent; each delivery has a
 * key (event id + subscription) remembered once sent, and a nonce derived from it that Discord
 * de-duplicates (`enforce_nonce`), so a delivery is made exactly once, across restarts and
 * repeated events. A movie's subscription ends with its import; a series' lasts until cancelled.
 *
 * Deliveries are the bot's own direct messages: the notifier's outbox (../notify/) routes events to
 * configured channels and has no per-user delivery, so they are kept here, in the same store.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { MonitorEvent, StateStore } from '@discarr/monitor';
import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import type { Logger } from 'pino';
import { errorSummary } from '../discord/error-summary.ts';
import { escapeMarkdown } from '../render/format.ts';
import { STRINGS } from './strings.ts';

/** Store key of the subscriptions and their pending deliveries. */
export const SUBSCRIPTIONS_KEY = 'bot:subscriptions';
/** How long a sent delivery's key is remembered against repeats. */
const SENT_RETENTION_MS = 7 * 24 * 3600_000;

export interface Subscription {
  id: string;
  userId: string;
  /** Where `/notify me` was used: the fallback when DMs are closed. */
  channelId: string;
  instance: string;
  kind: 'movie' | 'series';
  /** The movie's or series' id in the instance's library. */
  libraryId: number;
  title: string;
}

interface PendingDelivery {
  key: string;
  userId: string;
  channelId: string;
  title: string;
  instance: string;
}

interface SubscriptionState {
  subscriptions: Subscription[];
  pending: PendingDelivery[];
  /** Delivery key → when it was sent. */
  sent: Record<string, number>;
}

export interface SubscriptionsOptions {
  store: StateStore;
  rest: REST | undefined;
  logger: Logger;
  now: () => number;
}

export class Subscriptions {
  readonly #options: SubscriptionsOptions;
  #state: SubscriptionState = { subscriptions: [], pending: [], sent: {} };
  readonly #loaded: Promise<void>;
  #delivering: Promise<void> | undefined;

  constructor(options: SubscriptionsOptions) {
    this.#options = options;
    this.#loaded = options.store.get<SubscriptionState>(SUBSCRIPTIONS_KEY).then((saved) => {
      if (saved !== undefined && Array.isArray(saved.subscriptions)) this.#state = { subscriptions: saved.subscriptions, pending: saved.pending, sent: saved.sent };
    });
    // What was pending at the last stop goes out now.
    void this.#loaded.then(() => this.deliver());
  }

  /** Subscribes; false when the member already waits for it. */
  async add(subscription: Omit<Subscription, 'id'>): Promise<boolean> {
    await this.#loaded;
    const same = this.#state.subscriptions.some((one) => one.userId === subscription.userId && one.instance === subscription.instance && one.kind === subscription.kind && one.libraryId === subscription.libraryId);
    if (same) return false;
    this.#state.subscriptions.push({ ...subscription, id: randomBytes(6).toString('base64url') });
    await this.#save();
    return true;
  }

  async list(userId: string): Promise<Subscription[]> {
    await this.#loaded;
    return this.#state.subscriptions.filter((one) => one.userId === userId);
  }

  /** Cancels one of the member's subscriptions; the cancelled one, if it existed. */
  async cancel(userId: string, id: string): Promise<Subscription | undefined> {
    await this.#loaded;
    const found = this.#state.subscriptions.find((one) => one.userId === userId && one.id === id);
    if (found === undefined) return undefined;
    this.#state.subscriptions = this.#state.subscriptions.filter((one) => one !== found);
    await this.#save();
    return found;
  }

  /** Takes a monitor event: an import of something waited for queues its deliveries (persisted), then delivers. */
  async handle(event: MonitorEvent): Promise<void> {
    await this.#loaded;
    if (event.type === 'download.imported') {
      const media = event.media;
      const matching = this.#state.subscriptions.filter(
        (one) => one.instance === event.instance && ((one.kind === 'movie' && media.movieId === one.libraryId) || (one.kind === 'series' && media.seriesId === one.libraryId)),
      );
      for (const subscription of matching) {
        const key = `${event.id}\n${subscription.id}`;
        if (this.#state.sent[key] !== undefined || this.#state.pending.some((one) => one.key === key)) continue;
        this.#state.pending.push({ key, userId: subscription.userId, channelId: subscription.channelId, title: subscription.title, instance: subscription.instance });
      }
      // A movie is imported once: its subscriptions end. A series goes on.
      this.#state.subscriptions = this.#state.subscriptions.filter((one) => one.kind === 'series' || !matching.includes(one));
      if (matching.length > 0) await this.#save();
    }
    // Any event is a chance to retry what failed before (no timer of its own).
    if (this.#state.pending.length > 0) await this.deliver();
  }

  /** Pending deliveries not yet sent. */
  pending(): number {
    return this.#state.pending.length;
  }

  /** Sends what is pending; one pass at a time. */
  deliver(): Promise<void> {
    this.#delivering ??= this.#pass().finally(() => {
      this.#delivering = undefined;
    });
    return this.#delivering;
  }

  async #pass(): Promise<void> {
    const { rest, logger, now } = this.#options;
    if (rest === undefined) return;
    for (const delivery of [...this.#state.pending]) {
      try {
        await sendOnce(rest, delivery);
      } catch (error) {
        logger.warn({ err: errorSummary(error), user: delivery.userId }, 'a /notify delivery failed; retried at the next event');
        continue;
      }
      this.#state.pending = this.#state.pending.filter((one) => one.key !== delivery.key);
      this.#state.sent[delivery.key] = now();
      await this.#save();
    }
  }

  async #save(): Promise<void> {
    const cutoff = this.#options.now() - SENT_RETENTION_MS;
    this.#state.sent = Object.fromEntries(Object.entries(this.#state.sent).filter(([, at]) => at >= cutoff));
    await this.#options.store.set(SUBSCRIPTIONS_KEY, this.#state);
  }
}

/** A DM, or the mention in the channel when the member's DMs are closed; the same nonce on every try. */
async function sendOnce(rest: REST, delivery: PendingDelivery): Promise<void> {
  const nonce = createHash('sha256').update(delivery.key).digest('base64url').slice(0, 25);
  const title = escapeMarkdown(delivery.title);
  const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: delivery.userId } })) as { id: string };
  try {
    await rest.post(Routes.channelMessages(dm.id), { body: { content: STRINGS.importedDm(title, delivery.instance), nonce, enforce_nonce: true, allowed_mentions: { parse: [] } } });
  } catch (error) {
    if (!(error instanceof DiscordAPIError) || error.code !== RESTJSONErrorCodes.CannotSendMessagesToThisUser) throw error;
    await rest.post(Routes.channelMessages(delivery.channelId), {
      body: { content: STRINGS.importedMention(delivery.userId, title, delivery.instance), nonce, enforce_nonce: true, allowed_mentions: { parse: [], users: [delivery.userId] } },
    });
  }
}
