/**
 * Delivery: takes the outbox's groups to the sink, channel by channel (channels in parallel, each
 * channel in order), and decides what a failure means.
 *
 * - A permanent failure (see ./failure.ts) moves that message's undelivered events to the dead
 *   letters, logged once with their event ids and counted; the channel goes on at once.
 * - A transient failure retries with backoff (1 s, 2 s, 4 s … 60 s). The failing message holds its
 *   channel's later messages (order is kept) for at most `retryBudgetMs`, counted from the start of
 *   its first failed try (its last try still gets `LAST_TRY_MS`); after that they go ahead of it,
 *   while it keeps retrying. When the next message fails too, the channel is down, not the
 *   message: the first one holds the channel again, so an outage costs one attempt per backoff step.
 *   `holdsChannel` is the one place this rule lives.
 * - When a channel has one request left in its window and several new groups wait for it, they go
 *   as one message (see ./combine.ts); its groups then share that message, its edits and its fate.
 * - A direct message (./direct.ts) queues under its user as under a channel, by the same rules.
 */
import type { Clock, MonitorEvent } from '@discarr/monitor';
import type { Logger } from 'pino';
import { MessageGoneError } from '../contracts.ts';
import type { BotConfig, BotMetrics, OutgoingMessage } from '../contracts.ts';
import { DISCORD_LIMITS } from '../render/discord-limits.ts';
import { renderNotification } from '../render/notification-render.ts';
import { text } from '../render/safe-event.ts';
import { combineMessages, fitsOneMessage } from './combine.ts';
import { metricChannel, renderDirect, sendDirect } from './direct.ts';
import { classifyFailure, RenderError, type Failure } from './failure.ts';
import { nonceForMessage } from './nonce.ts';
import type { Outbox, OutboxGroup } from './outbox.ts';
import { isQuiet } from './router.ts';
import type { NotificationSink } from './sink.ts';

/** At most one edit of a growing group per this interval, so a burst edits rarely. */
export const GROUP_EDIT_INTERVAL_MS = 1000;
/** Backoff of failed deliveries: 1 s, 2 s, 4 s … up to a minute. */
export const RETRY_BASE_MS = 1000;
export const RETRY_MAX_MS = 60_000;
/** Default of `retryBudgetMs`: the longest a channel waits behind one failing message. */
export const RETRY_BUDGET_MS = 30_000;
/** Default of `attemptTimeoutMs`: one request that takes longer is abandoned (and retried). */
export const ATTEMPT_TIMEOUT_MS = 15_000;
/** Default of `channelLimit`: Discord lets a bot change about 5 messages per 5 s in a channel. */
export const CHANNEL_LIMIT = { requests: 5, windowMs: 5000 };
/** The last try of a failing message, at the end of its budget, still gets this long to be answered. */
export const LAST_TRY_MS = 2000;
/**
 * A new message that would take its channel's last request of the window waits this long after it
 * was opened for the others of its refresh (they arrive within milliseconds), so they share that
 * request instead of waiting for the next window (see ./combine.ts).
 */
export const LAST_REQUEST_GATHER_MS = 250;
/** Held digests check for the end of quiet hours this often. */
export const QUIET_CHECK_MS = 30_000;

export interface DeliveryOptions {
  config: BotConfig;
  outbox: Outbox;
  sink: NotificationSink;
  clock: Clock;
  logger: Logger;
  metrics: BotMetrics;
  retryBudgetMs?: number;
  attemptTimeoutMs?: number;
  /** Requests per channel the bot allows itself (Discord's per-channel message limit). Default 5 per 5 s. */
  channelLimit?: { requests: number; windowMs: number };
}

/** How a pass runs: `ignoreBackoff` for a flush; `signal` ends it (no attempt starts after it fired). */
export interface PassOptions {
  ignoreBackoff: boolean;
  signal: AbortSignal;
}

type Outcome = 'delivered' | 'dead' | 'failed' | 'aborted';

/** Renders a group as one message, with its route's role mentions. Throws `RenderError`. */
export function renderGroup(group: OutboxGroup): OutgoingMessage {
  if (group.direct !== undefined) return renderDirect(group, group.direct, group.direct.closed === true);
  let message: OutgoingMessage;
  try {
    message = renderNotification(group.events, { digest: group.kind === 'digest' });
  } catch (error) {
    throw new RenderError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  if (group.mentionRoles.length > 0) {
    message.content = group.mentionRoles.map((role) => `<@&${role}>`).join(' ');
    message.mentionRoles = [...group.mentionRoles];
  }
  return message;
}

export class Delivery {
  readonly #options: DeliveryOptions;
  readonly #budget: number;
  readonly #attemptTimeout: number;
  readonly #logger: Logger;
  readonly #limit: { requests: number; windowMs: number };
  /** Channel → when its last requests started (at most `#limit.requests`, newest last). */
  readonly #requests = new Map<string, number[]>();

  constructor(options: DeliveryOptions) {
    this.#options = options;
    this.#budget = options.retryBudgetMs ?? RETRY_BUDGET_MS;
    this.#attemptTimeout = options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS;
    this.#logger = options.logger;
    this.#limit = options.channelLimit ?? CHANNEL_LIMIT;
  }

  /**
   * When the channel may take its next request under the channel limit. Keeping to it here, rather
   * than letting the REST client hold requests back, means a request waits unrendered: when it goes,
   * it shows every event that joined meanwhile, instead of a stale message and one more edit.
   */
  roomAt(channel: string): number {
    const recent = this.#requests.get(channel) ?? [];
    return recent.length < this.#limit.requests ? Number.NEGATIVE_INFINITY : (recent[0] ?? 0) + this.#limit.windowMs;
  }

  /** Requests of the channel within the last window. */
  #inWindow(channel: string, now: number): number {
    return (this.#requests.get(channel) ?? []).filter((at) => at > now - this.#limit.windowMs).length;
  }

  /** A new group that has not been tried, is not part of a batch yet and is not in backoff. */
  #isNew(group: OutboxGroup, now: number, ignoreBackoff: boolean): boolean {
    return group.messageId === undefined && group.batch === undefined && group.failingSince === undefined && (ignoreBackoff || group.nextAttemptAt <= now);
  }

  /** Until when a new group for its channel's last request of the window waits for others to join it. */
  gatherUntil(group: OutboxGroup, now: number): number {
    if (!this.#isNew(group, now, false) || this.#inWindow(group.channel, now) !== this.#limit.requests - 1) return Number.NEGATIVE_INFINITY;
    return (group.pendingSince ?? now) + LAST_REQUEST_GATHER_MS;
  }

  #spend(channel: string, at: number): void {
    const recent = [...(this.#requests.get(channel) ?? []), at];
    this.#requests.set(channel, recent.slice(-this.#limit.requests));
  }

  /**
   * The one rule that holds back a channel: a message that failed transiently, and is waiting to
   * retry, keeps the later messages of its channel waiting, for at most the retry budget.
   */
  holdsChannel(group: OutboxGroup, now: number): boolean {
    return group.failingSince !== undefined && now - group.failingSince < this.#budget;
  }

  /** A digest whose route is still in its quiet hours waits, without holding anything back. */
  held(group: OutboxGroup, now: number): boolean {
    if (group.kind !== 'digest' || group.quietRoute === undefined) return false;
    const route = this.#options.config.routes[group.quietRoute];
    return route !== undefined && isQuiet(route, now);
  }

  /**
   * Channel → its groups with something to deliver and not held by quiet hours, the longest
   * waiting first (new messages thus keep their order: each waits since it was opened).
   */
  queues(now: number): Map<string, OutboxGroup[]> {
    const queues = new Map<string, OutboxGroup[]>();
    for (const group of this.#options.outbox.groups()) {
      if (group.delivered >= group.events.length || this.held(group, now)) continue;
      const queue = queues.get(group.channel) ?? [];
      queue.push(group);
      queues.set(group.channel, queue);
    }
    const waiting = (group: OutboxGroup): number => group.pendingSince ?? Number.NEGATIVE_INFINITY;
    for (const queue of queues.values()) queue.sort((a, b) => waiting(a) - waiting(b) || a.seq - b.seq);
    return queues;
  }

  /** Messages that could be delivered now, backoff aside (what a flush waits for). */
  deliverable(now: number): number {
    let count = 0;
    for (const queue of this.queues(now).values()) count += queue.length;
    return count;
  }

  /** When the next pass is due (`Infinity`: nothing to do until a new event). */
  nextWake(now: number): number {
    let wake = Number.POSITIVE_INFINITY;
    for (const group of this.#options.outbox.groups()) {
      if (group.delivered < group.events.length && this.held(group, now)) wake = Math.min(wake, now + QUIET_CHECK_MS);
    }
    for (const [channel, queue] of this.queues(now)) {
      const room = this.roomAt(channel);
      for (const group of queue) {
        wake = Math.min(wake, Math.max(now, group.nextAttemptAt, room, this.gatherUntil(group, now)));
        // Its retry comes at the latest when its budget runs out (see #retryLater): nothing behind it is due before.
        if (group.nextAttemptAt > now && this.holdsChannel(group, now)) break;
      }
    }
    return wake;
  }

  /** One pass over every channel; true when anything was delivered. */
  async pass(options: PassOptions): Promise<boolean> {
    const results = await Promise.all([...this.queues(this.#options.clock.now()).values()].map((queue) => this.#channelPass(queue, options)));
    return results.includes(true);
  }

  async #channelPass(queue: OutboxGroup[], options: PassOptions): Promise<boolean> {
    const { clock } = this.#options;
    let progressed = false;
    // A message past its budget that failed in this pass: if the next one fails too, the channel is down.
    let skipped: OutboxGroup | undefined;
    for (const group of queue) {
      if (options.signal.aborted) break;
      const now = clock.now();
      if (!options.ignoreBackoff && group.nextAttemptAt > now) {
        if (this.holdsChannel(group, now)) break;
        continue;
      }
      if (group.delivered >= group.events.length) continue; // Went out with a group before it in this pass.
      if (this.roomAt(group.channel) > now) break;
      if (!options.ignoreBackoff && this.gatherUntil(group, now) > now) break;
      const message = await this.#messageOf(group, options, now);
      this.#spend(group.channel, now);
      const outcome = await this.#attempt(message, options.signal);
      if (outcome === 'aborted') break;
      if (outcome === 'delivered') progressed = true;
      if (outcome !== 'failed') continue;
      if (skipped !== undefined) {
        this.#channelDown(skipped, group);
        break;
      }
      if (this.holdsChannel(group, clock.now())) break;
      skipped = group;
    }
    return progressed;
  }

  /**
   * The groups that go out in one message with `group`: those it already shares a message (or a
   * recorded batch) with; or, when this is the channel's last request in its window, it and the
   * next new groups ready behind it, as many as fit in one message. A new batch is persisted
   * before it is sent, so its nonce stays the same across a restart.
   */
  async #messageOf(group: OutboxGroup, options: PassOptions, now: number): Promise<OutboxGroup[]> {
    const all = this.#options.outbox.groups();
    const { batch } = group;
    if (batch !== undefined) {
      // Not yet sent: the batch's groups still to deliver (one set aside meanwhile stays out). Sent: every group of the message, for its edit.
      const members = group.messageId === undefined ? all.filter((other) => other.messageId === undefined && other.delivered < other.events.length && batch.includes(other.seq)) : all.filter((other) => other.messageId === group.messageId);
      return members.sort((a, b) => batch.indexOf(a.seq) - batch.indexOf(b.seq));
    }
    const isNew = (other: OutboxGroup): boolean => this.#isNew(other, now, options.ignoreBackoff);
    // A direct message always goes alone: it is one person's.
    if (this.#inWindow(group.channel, now) < this.#limit.requests - 1 || !isNew(group) || group.direct !== undefined) return [group];
    // The groups waiting now, not only those the pass started with: events keep arriving while it sends.
    const queue = this.queues(now).get(group.channel) ?? [];
    const members = [group];
    const rendered = [tryRender(group)];
    if (rendered[0] === undefined) return [group];
    for (const other of queue) {
      if (members.length >= DISCORD_LIMITS.embedsPerMessage) break;
      if (other === group || other.delivered >= other.events.length || !isNew(other)) continue;
      const message = tryRender(other);
      if (message === undefined || !fitsOneMessage([...(rendered as OutgoingMessage[]), message])) continue;
      members.push(other);
      rendered.push(message);
    }
    if (members.length === 1) return members;
    const seqs = members.map((member) => member.seq);
    for (const member of members) member.batch = seqs;
    await this.#options.outbox.persist();
    return members;
  }

  /** Two messages in a row failed: the channel is down. The first holds it again, the second's failure is not its own. */
  #channelDown(first: OutboxGroup, second: OutboxGroup): void {
    const now = this.#options.clock.now();
    first.failingSince = now;
    first.nextAttemptAt = Math.min(first.nextAttemptAt, now + this.#budget);
    second.attempts = 0;
    delete second.failingSince;
    second.nextAttemptAt = first.nextAttemptAt;
  }

  /** One delivery of one message (one group, or several combined); the outbox is persisted after it. */
  async #attempt(groups: OutboxGroup[], stop: AbortSignal): Promise<Outcome> {
    const { outbox } = this.#options;
    const outcome = await this.#deliver(groups, stop);
    // After a stop nothing is written: what Discord may have taken is sent again with the same nonce.
    if (outcome === 'aborted' || stop.aborted) return 'aborted';
    if (outcome === 'dead') await outbox.persistDeadLetters();
    await outbox.persist();
    this.#options.metrics.notificationsPending.set(outbox.pending());
    return outcome;
  }

  /** Renders each group; one the renderer cannot show goes to the dead letters alone, the others go on. */
  #render(groups: OutboxGroup[]): { sent: OutboxGroup[]; message: OutgoingMessage } | undefined {
    const sent: OutboxGroup[] = [];
    const messages: OutgoingMessage[] = [];
    for (const group of groups) {
      try {
        messages.push(renderGroup(group));
        sent.push(group);
      } catch (error) {
        this.deadLetter(group, classifyFailure(error));
      }
    }
    return sent.length === 0 ? undefined : { sent, message: combineMessages(messages) };
  }

  async #deliver(groups: OutboxGroup[], stop: AbortSignal): Promise<Outcome> {
    const { clock, metrics } = this.#options;
    const rendered = this.#render(groups);
    if (rendered === undefined) return 'dead';
    const { sent, message } = rendered;
    const lead = sent[0] as OutboxGroup;
    const counts = sent.map((group) => group.events.length);
    const attempt = new AbortController();
    const onStop = (): void => { attempt.abort(stop.reason); };
    stop.addEventListener('abort', onStop, { once: true });
    const startedAt = clock.now();
    // A failing message's tries end with its budget: the channel never waits for it much longer.
    const timeout = lead.failingSince === undefined ? this.#attemptTimeout : Math.min(this.#attemptTimeout, Math.max(LAST_TRY_MS, lead.failingSince + this.#budget - startedAt));
    let timedOut = false;
    const timer = clock.setTimeout(() => {
      timedOut = true;
      attempt.abort(new Error(`no answer within ${timeout} ms`));
    }, timeout);
    try {
      await this.#sendOrEdit(sent, message, attempt.signal);
    } catch (error) {
      if (stop.aborted) return 'aborted';
      const failure = classifyFailure(error, timedOut);
      if (failure.permanent) {
        for (const group of sent) this.deadLetter(group, failure);
        return 'dead';
      }
      this.#retryLater(lead, failure, startedAt);
      // The groups of one message share its retries.
      for (const group of sent.slice(1)) Object.assign(group, { attempts: lead.attempts, failingSince: lead.failingSince, nextAttemptAt: lead.nextAttemptAt });
      return 'failed';
    } finally {
      clock.clearTimeout(timer);
      stop.removeEventListener('abort', onStop);
    }
    sent.forEach((group, index) => {
      const count = counts[index] ?? group.events.length;
      metrics.notificationsSent.inc({ channel: metricChannel(group) }, count - group.delivered);
      this.#delivered(group, count);
    });
    return 'delivered';
  }

  #delivered(group: OutboxGroup, count: number): void {
    const now = this.#options.clock.now();
    group.delivered = count;
    // Events that joined during the request wait from now.
    if (group.delivered < group.events.length) group.pendingSince = now;
    else delete group.pendingSince;
    group.attempts = 0;
    delete group.failingSince;
    group.nextAttemptAt = now + GROUP_EDIT_INTERVAL_MS;
    if (group.kind === 'digest') group.joinUntil = 0;
  }

  async #sendOrEdit(groups: OutboxGroup[], message: OutgoingMessage, signal: AbortSignal): Promise<void> {
    const { sink } = this.#options;
    const lead = groups[0] as OutboxGroup;
    if (lead.direct !== undefined) {
      // Never edited (one event, nothing joins it): sent to the user, or where they asked when their DMs are closed.
      lead.messageId = (await sendDirect(sink, lead, lead.direct, { nonce: nonceForMessage(groups), signal }, this.#logger)).messageId;
      return;
    }
    const post = async (): Promise<void> => {
      const { messageId } = await sink.send(lead.channel, message, { nonce: nonceForMessage(groups), signal });
      for (const group of groups) group.messageId = messageId;
    };
    if (lead.messageId === undefined) {
      await post();
      return;
    }
    try {
      await sink.edit(lead.channel, lead.messageId, message, { signal });
    } catch (error) {
      if (!(error instanceof MessageGoneError)) throw error;
      this.#logger.info({ channel: lead.channel }, 'grouped message was deleted; sending it again');
      for (const group of groups) {
        delete group.messageId;
        group.reposts = (group.reposts ?? 0) + 1;
      }
      await post();
    }
  }

  /** Schedules the next try; the budget counts from the start of the first failed try. */
  #retryLater(group: OutboxGroup, failure: Failure, startedAt: number): void {
    const now = this.#options.clock.now();
    group.attempts += 1;
    group.failingSince ??= startedAt;
    const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (group.attempts - 1));
    group.nextAttemptAt = now + delay;
    // While it holds its channel, its last retry comes when the budget runs out: if that fails, the next message goes.
    if (this.holdsChannel(group, now)) group.nextAttemptAt = Math.min(group.nextAttemptAt, (group.failingSince ?? now) + this.#budget);
    this.#options.metrics.notificationsFailed.inc({ reason: failure.reason });
    this.#logger.warn({ err: { message: failure.detail, status: failure.status }, channel: group.channel, attempts: group.attempts, retryInMs: delay }, 'notification not delivered; will retry');
  }

  /** Moves the group's undelivered events to the dead letters; the group is done. */
  deadLetter(group: OutboxGroup, failure: Failure): void {
    // A group of a combined message with nothing new (re-rendered for another's edit) has no events to set aside.
    if (group.delivered < group.events.length) this.deadLetterEvents(group.channel, group.events.slice(group.delivered), failure);
    group.delivered = group.events.length;
    group.joinUntil = 0;
    group.packUntil = 0;
    group.attempts = 0;
    delete group.failingSince;
    delete group.pendingSince;
  }

  /** Records events as dead letters of a channel: kept in the outbox, logged once with their ids, counted. */
  deadLetterEvents(channel: string, events: MonitorEvent[], failure: Failure): void {
    const eventIds = events.map((event) => event.id);
    this.#options.outbox.addDeadLetter({ at: this.#options.clock.now(), channel, reason: failure.detail, eventIds, events: events.map(storable) });
    this.#options.metrics.notificationsDeadLettered.inc({ reason: failure.reason }, events.length);
    this.#options.metrics.notificationsFailed.inc({ reason: failure.reason });
    this.#logger.error({ eventIds, channel, reason: failure.detail }, 'notification cannot be delivered; moved to the dead letters (list them with: discarr outbox)');
  }
}

/** The event as JSON keeps it; one that JSON cannot hold (it broke the renderer, it may break the store) keeps its identity only. */
/** The group's message, or undefined when the renderer cannot show it (it then goes alone, and fails alone). */
function tryRender(group: OutboxGroup): OutgoingMessage | undefined {
  try {
    return renderGroup(group);
  } catch {
    return undefined;
  }
}

function storable(event: MonitorEvent): MonitorEvent {
  try {
    return JSON.parse(JSON.stringify(event)) as MonitorEvent;
  } catch {
    return { id: text(event.id) ?? '', type: event.type, instance: text(event.instance) ?? '', kind: event.kind, at: text(event.at) ?? '' } as unknown as MonitorEvent;
  }
}
