/**
 * `/notify me`: who waits for which movie, series, season or episode, kept in the state store.
 * The notifier asks it, for every event, who to tell (`recipientsOf`); the messages then go through
 * the notifier's outbox like every notification (../notify/direct.ts), so they are persisted before
 * they are sent, made exactly once (nonces, across restarts and crashes), retried with backoff and
 * dead-lettered when Discord refuses them for good.
 *
 * What an import answers: a movie's subscription, a series' (any episode), a season's (an episode
 * of that season) or an episode's. A person is told once per import, however many of their
 * subscriptions it answers: a season pack is one message to a season's subscriber, not one per
 * episode. Movie and episode subscriptions end with their import; season and series ones last until
 * cancelled (a season airs episode by episode). An upgrade of a file already there tells nobody.
 */
import { randomBytes } from 'node:crypto';
import type { MonitorEvent, StateStore } from '@discarr/monitor';
import type { Logger } from 'pino';
import type { DirectRecipient, DirectRecipients } from '../notify/direct.ts';
import { STRINGS } from './strings.ts';

/** Store key of the subscriptions. */
export const SUBSCRIPTIONS_KEY = 'bot:subscriptions';

export interface Subscription {
  id: string;
  userId: string;
  /** Where `/notify me` was used: the message goes there, mentioning the member, when their DMs are closed. */
  channelId: string;
  instance: string;
  kind: 'movie' | 'series';
  /** The movie's or series' id in the instance's library. */
  libraryId: number;
  title: string;
  /** Only this season of the series (0: specials). */
  seasonNumber?: number;
  /** Only this episode of `seasonNumber`. */
  episodeNumber?: number;
  /** The episode's title, when known. */
  episodeTitle?: string;
}

/** What a subscription waits for, as the member reads it: `Severance`, `Severance · season 2`, `Severance · S02E03`. */
export function scopeLabel(subscription: Pick<Subscription, 'title' | 'seasonNumber' | 'episodeNumber'>): string {
  const { title, seasonNumber, episodeNumber } = subscription;
  if (seasonNumber === undefined) return title;
  if (episodeNumber === undefined) return STRINGS.seasonScope(title, seasonNumber);
  return STRINGS.episodeScope(title, seasonNumber, episodeNumber);
}

/** Whether an import of `event` answers the subscription. */
export function answers(subscription: Subscription, event: Extract<MonitorEvent, { type: 'download.imported' }>): boolean {
  const { media } = event;
  if (subscription.instance !== event.instance) return false;
  if (subscription.kind === 'movie') return media.movieId === subscription.libraryId;
  if (media.seriesId !== subscription.libraryId) return false;
  const { seasonNumber, episodeNumber } = subscription;
  if (seasonNumber === undefined) return true;
  const episodes = media.episodes ?? [];
  // Without its episodes, an import names its season only when they all belong to one.
  if (episodes.length === 0) return episodeNumber === undefined && media.seasonNumber === seasonNumber;
  return episodes.some((episode) => episode.seasonNumber === seasonNumber && (episodeNumber === undefined || episode.episodeNumber === episodeNumber));
}

/** One-off subscriptions end with the import that answers them. */
function endsWithImport(subscription: Subscription): boolean {
  return subscription.kind === 'movie' || subscription.episodeNumber !== undefined;
}

export interface SubscriptionsOptions {
  store: StateStore;
  logger: Logger;
}

export class Subscriptions implements DirectRecipients {
  readonly #store: StateStore;
  readonly #logger: Logger;
  #subscriptions: Subscription[] = [];
  readonly #loaded: Promise<void>;

  constructor(options: SubscriptionsOptions) {
    this.#store = options.store;
    this.#logger = options.logger;
    this.#loaded = options.store.get<unknown>(SUBSCRIPTIONS_KEY).then((saved) => {
      this.#subscriptions = this.#parse(saved);
    });
  }

  #parse(saved: unknown): Subscription[] {
    if (typeof saved !== 'object' || saved === null || !('subscriptions' in saved) || !Array.isArray(saved.subscriptions)) return [];
    const valid = saved.subscriptions.filter(isSubscription);
    if (valid.length < saved.subscriptions.length) this.#logger.error({ dropped: saved.subscriptions.length - valid.length }, '/notify subscriptions of the wrong shape were dropped from the state file');
    // Earlier versions kept their own deliveries here; those now live in the notifier's outbox.
    const pending = 'pending' in saved && Array.isArray(saved.pending) ? saved.pending.length : 0;
    if (pending > 0) this.#logger.warn({ pending }, '/notify deliveries left by an earlier version were not sent (they are not in the outbox)');
    return valid;
  }

  /** Subscribes; false when the member already waits for exactly that. */
  async add(subscription: Omit<Subscription, 'id'>): Promise<boolean> {
    await this.#loaded;
    const same = this.#subscriptions.some(
      (one) =>
        one.userId === subscription.userId &&
        one.instance === subscription.instance &&
        one.kind === subscription.kind &&
        one.libraryId === subscription.libraryId &&
        one.seasonNumber === subscription.seasonNumber &&
        one.episodeNumber === subscription.episodeNumber,
    );
    if (same) return false;
    this.#subscriptions.push({ ...subscription, id: randomBytes(6).toString('base64url') });
    await this.#save();
    return true;
  }

  async list(userId: string): Promise<Subscription[]> {
    await this.#loaded;
    return this.#subscriptions.filter((one) => one.userId === userId);
  }

  /** Cancels one of the member's subscriptions; the cancelled one, if it existed. */
  async cancel(userId: string, id: string): Promise<Subscription | undefined> {
    await this.#loaded;
    const found = this.#subscriptions.find((one) => one.userId === userId && one.id === id);
    if (found === undefined) return undefined;
    this.#subscriptions = this.#subscriptions.filter((one) => one !== found);
    await this.#save();
    return found;
  }

  /** The members an import answers, one entry each with every subscription of theirs it answers. */
  async recipientsOf(event: MonitorEvent): Promise<DirectRecipient[]> {
    await this.#loaded;
    if (event.type !== 'download.imported' || event.isUpgrade) return [];
    const byUser = new Map<string, DirectRecipient>();
    for (const subscription of this.#subscriptions) {
      if (!answers(subscription, event)) continue;
      const recipient = byUser.get(subscription.userId) ?? { userId: subscription.userId, fallbackChannel: subscription.channelId, scopes: [], subscriptionIds: [] };
      recipient.scopes.push(scopeLabel(subscription));
      recipient.subscriptionIds.push(subscription.id);
      byUser.set(subscription.userId, recipient);
    }
    return [...byUser.values()];
  }

  /** The messages are in the outbox: the movie and episode subscriptions they answer end. */
  async queued(_event: MonitorEvent, recipients: readonly DirectRecipient[]): Promise<void> {
    const answered = new Set(recipients.flatMap((recipient) => recipient.subscriptionIds));
    const before = this.#subscriptions.length;
    this.#subscriptions = this.#subscriptions.filter((one) => !answered.has(one.id) || !endsWithImport(one));
    if (this.#subscriptions.length !== before) await this.#save();
  }

  async #save(): Promise<void> {
    await this.#store.set(SUBSCRIPTIONS_KEY, { subscriptions: this.#subscriptions });
  }
}

function isSubscription(value: unknown): value is Subscription {
  if (typeof value !== 'object' || value === null) return false;
  const one = value as Record<string, unknown>;
  const optionalNumber = (field: unknown): boolean => field === undefined || (typeof field === 'number' && Number.isInteger(field));
  return (
    typeof one.id === 'string' &&
    typeof one.userId === 'string' &&
    typeof one.channelId === 'string' &&
    typeof one.instance === 'string' &&
    (one.kind === 'movie' || one.kind === 'series') &&
    typeof one.libraryId === 'number' &&
    typeof one.title === 'string' &&
    optionalNumber(one.seasonNumber) &&
    optionalNumber(one.episodeNumber)
  );
}
