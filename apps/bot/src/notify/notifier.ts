/**
 * Delivery of notifications: an outbox in the state store holds every notification until the sink
 * (Discord) accepted it, retries with exponential backoff through outages and rate limits,
 * de-duplicates by event id across restarts, groups season packs and bursts into one message each
 * (edited as the group grows) and holds non-urgent events during quiet hours for one digest.
 */
import type { Clock, MonitorEvent, StateStore } from '@discarr/monitor';
import type { Logger } from 'pino';
import { MessageGoneError } from '../contracts.ts';
import type { BotConfig, BotMetrics, MessageSink, OutgoingMessage, RouteConfig } from '../contracts.ts';
import { errorSummary } from '../discord/error-summary.ts';
import { renderNotification } from '../render/notification-render.ts';
import { isQuiet, isUrgent, routesFor } from './router.ts';

export interface NotifierOptions {
  config: BotConfig;
  store: StateStore;
  sink: MessageSink;
  clock: Clock;
  logger: Logger;
  metrics: BotMetrics;
}

export interface Notifier {
  /** Queues the notifications of an event (persisted before it resolves); delivery follows. */
  handle(event: MonitorEvent): Promise<void>;
  /** Delivers everything deliverable now, ignoring backoff, until done or `timeoutMs` passed. */
  flush(timeoutMs: number): Promise<void>;
  /** Events accepted but not yet delivered (held quiet-hours events included). */
  pending(): number;
  /** Stops the timers and waits for a delivery in flight. The outbox stays in the store. */
  stop(): Promise<void>;
}

/** Store keys (shared store with the monitor). */
export const OUTBOX_KEY = 'bot:outbox';
export const SENT_KEY = 'bot:sent';

/** How long an event id is remembered to refuse duplicates. */
export const SENT_RETENTION_MS = 7 * 24 * 3600 * 1000;
/** At most one edit of a growing group per this interval, so a burst edits rarely. */
export const GROUP_EDIT_INTERVAL_MS = 1000;
/** Backoff of failed deliveries: 1 s, 2 s, 4 s … up to a minute. */
export const RETRY_BASE_MS = 1000;
export const RETRY_MAX_MS = 60_000;
/** A group holds at most this many events; the next one opens a new message. */
export const MAX_GROUP_EVENTS = 100;
export const MAX_DIGEST_EVENTS = 500;
/** "Open until sent": a finite far future, since the outbox is JSON (Infinity would become null). */
const UNTIL_SENT = Number.MAX_SAFE_INTEGER;
/** Held digests check for the end of quiet hours this often. */
const QUIET_CHECK_MS = 30_000;

type GroupKind = 'single' | 'pack' | 'burst' | 'digest';

/** One message in the making: a group of events, its Discord message id once sent. */
interface OutboxGroup {
  key: string;
  seq: number;
  channel: string;
  kind: GroupKind;
  events: MonitorEvent[];
  /** How many of `events` the message Discord last accepted shows. */
  delivered: number;
  messageId?: string;
  /** Further events may join until then (ms since epoch). */
  joinUntil: number;
  attempts: number;
  nextAttemptAt: number;
  mentionRoles: string[];
  /** For digests: the route whose quiet hours hold it. */
  quietRoute?: number;
}

interface OutboxState {
  seq: number;
  groups: OutboxGroup[];
}

/** Creates a notifier. It loads the outbox from the store at once and resumes delivery. */
export function createNotifier(options: NotifierOptions): Notifier {
  const { config, store, sink, clock, metrics } = options;
  const logger = options.logger.child({ component: 'notifier' });
  let state: OutboxState = { seq: 0, groups: [] };
  let sent = new Map<string, number>();
  let stopped = false;
  let timer: unknown;
  let timerAt = Number.POSITIVE_INFINITY;
  let running: Promise<void> | undefined;
  let again = false;
  // Passes never overlap: the timer's and flush's passes queue on this chain.
  let lock: Promise<unknown> = Promise.resolve();
  let handledSincePrune = 0;

  const loaded = (async () => {
    const [outbox, sentRecord] = await Promise.all([store.get<OutboxState>(OUTBOX_KEY), store.get<Record<string, number>>(SENT_KEY)]);
    if (outbox !== undefined && Array.isArray(outbox.groups)) {
      state = outbox;
      // A restart is a fresh start: what waited in backoff is tried again at once.
      for (const group of state.groups) group.nextAttemptAt = 0;
    }
    if (sentRecord !== undefined) sent = new Map(Object.entries(sentRecord));
    pruneSent();
    updatePendingGauge();
    if (pending() > 0) logger.info({ pending: pending() }, 'resuming delivery of the outbox');
  })();
  void loaded.then(() => {
    kick();
  }, (error: unknown) => {
    logger.error({ err: error }, 'could not load the outbox; starting empty');
  });

  function pending(): number {
    return state.groups.reduce((sum, group) => sum + group.events.length - group.delivered, 0);
  }

  function updatePendingGauge(): void {
    metrics.notificationsPending.set(pending());
  }

  function pruneSent(): void {
    const oldest = clock.now() - SENT_RETENTION_MS;
    for (const [id, at] of sent) if (at < oldest) sent.delete(id);
  }

  async function persist(): Promise<void> {
    await store.set(OUTBOX_KEY, state);
  }

  async function persistSent(): Promise<void> {
    await store.set(SENT_KEY, Object.fromEntries(sent));
  }

  function inOutbox(id: string): boolean {
    return state.groups.some((group) => group.events.some((event) => event.id === id));
  }

  function openGroup(channel: string, kind: GroupKind, key: string, joinUntil: number, roles: string[], quietRoute?: number): OutboxGroup {
    state.seq += 1;
    const group: OutboxGroup = {
      key,
      seq: state.seq,
      channel,
      kind,
      events: [],
      delivered: 0,
      joinUntil,
      attempts: 0,
      nextAttemptAt: 0,
      mentionRoles: roles,
    };
    if (quietRoute !== undefined) group.quietRoute = quietRoute;
    state.groups.push(group);
    return group;
  }

  /** An open group with this key that can take one more event. */
  function findOpen(key: string, now: number, max: number): OutboxGroup | undefined {
    return state.groups.find((group) => group.key === key && now < group.joinUntil && group.events.length < max);
  }

  /** Channel → the routes of that channel an event matched (one message per channel). */
  function channelsFor(event: MonitorEvent): Map<string, { routes: { route: RouteConfig; index: number }[]; roles: string[] }> {
    const channels = new Map<string, { routes: { route: RouteConfig; index: number }[]; roles: string[] }>();
    const matched = new Set(routesFor(config, event));
    config.routes.forEach((route, index) => {
      if (!matched.has(route)) return;
      const entry = channels.get(route.channel) ?? { routes: [], roles: [] };
      entry.routes.push({ route, index });
      for (const role of route.mentionRoles ?? []) if (!entry.roles.includes(role)) entry.roles.push(role);
      channels.set(route.channel, entry);
    });
    return channels;
  }

  function enqueue(event: MonitorEvent, now: number): boolean {
    const channels = channelsFor(event);
    for (const [channel, { routes, roles }] of channels) {
      const urgent = isUrgent(event);
      // Held only when every matching route of this channel is quiet.
      const quietRoute = urgent ? undefined : routes.every(({ route }) => isQuiet(route, now)) ? routes[0]?.index : undefined;
      let group: OutboxGroup;
      if (quietRoute !== undefined) {
        const key = `digest:${channel}:${quietRoute}`;
        group = findOpen(key, now, MAX_DIGEST_EVENTS) ?? openGroup(channel, 'digest', key, UNTIL_SENT, roles, quietRoute);
      } else if (event.kind === 'sonarr' && 'download' in event) {
        // A Sonarr season pack is one download (one downloadId) whose episodes import one by one.
        const key = `pack:${channel}:${event.instance}:${event.download.downloadId}:${event.type}`;
        group = findOpen(key, now, MAX_GROUP_EVENTS) ?? openGroup(channel, 'pack', key, now + config.notifications.seasonPackWindowMs, roles);
      } else {
        const key = `burst:${channel}:${event.type}`;
        const window = config.notifications.burstWindowMs;
        group = findOpen(key, now, MAX_GROUP_EVENTS) ?? openGroup(channel, window > 0 ? 'burst' : 'single', key, now + window, roles);
      }
      group.events.push(event);
    }
    return channels.size > 0;
  }

  async function handle(event: MonitorEvent): Promise<void> {
    await loaded;
    if (stopped) {
      logger.warn({ eventId: event.id, type: event.type }, 'event after stop ignored');
      return;
    }
    if (sent.has(event.id) || inOutbox(event.id)) {
      logger.debug({ eventId: event.id, type: event.type }, 'duplicate event ignored');
      return;
    }
    const now = clock.now();
    if (!enqueue(event, now)) return;
    sent.set(event.id, now);
    handledSincePrune += 1;
    if (handledSincePrune >= 500) {
      handledSincePrune = 0;
      pruneSent();
    }
    // Outbox first: after a crash between the two writes the event is still found in the outbox.
    await persist();
    await persistSent();
    updatePendingGauge();
    kick();
  }

  function render(group: OutboxGroup): OutgoingMessage {
    const message = renderNotification(group.events, { digest: group.kind === 'digest' });
    if (group.mentionRoles.length > 0) {
      message.content = group.mentionRoles.map((role) => `<@&${role}>`).join(' ');
      message.mentionRoles = [...group.mentionRoles];
    }
    return message;
  }

  function held(group: OutboxGroup, now: number): boolean {
    if (group.kind !== 'digest' || group.quietRoute === undefined) return false;
    const route = config.routes[group.quietRoute];
    return route !== undefined && isQuiet(route, now);
  }

  async function deliver(group: OutboxGroup): Promise<void> {
    const count = group.events.length;
    const message = render(group);
    if (group.messageId === undefined) {
      group.messageId = (await sink.send(group.channel, message)).messageId;
    } else {
      try {
        await sink.edit(group.channel, group.messageId, message);
      } catch (error) {
        if (!(error instanceof MessageGoneError)) throw error;
        logger.info({ channel: group.channel }, 'grouped message was deleted; sending it again');
        group.messageId = (await sink.send(group.channel, message)).messageId;
      }
    }
    const newly = count - group.delivered;
    group.delivered = count;
    group.attempts = 0;
    group.nextAttemptAt = clock.now() + GROUP_EDIT_INTERVAL_MS;
    if (group.kind === 'digest') group.joinUntil = 0;
    metrics.notificationsSent.inc({ channel: group.channel }, newly);
  }

  /** One pass over the outbox, exclusive. Returns whether anything was delivered. */
  function pass(ignoreBackoff: boolean): Promise<boolean> {
    const result = lock.then(() => passUnlocked(ignoreBackoff));
    lock = result.catch(() => undefined);
    return result;
  }

  async function passUnlocked(ignoreBackoff: boolean): Promise<boolean> {
    let progressed = false;
    const blocked = new Set<string>();
    const ordered = [...state.groups].sort((a, b) => a.seq - b.seq);
    for (const group of ordered) {
      if (stopped && !ignoreBackoff) break;
      if (group.delivered >= group.events.length) continue;
      const now = clock.now();
      if (held(group, now) || blocked.has(group.channel)) continue;
      if (!ignoreBackoff && group.nextAttemptAt > now) {
        // A failed message keeps the later ones of its channel waiting, so order is kept.
        if (group.attempts > 0) blocked.add(group.channel);
        continue;
      }
      try {
        await deliver(group);
        progressed = true;
      } catch (error) {
        blocked.add(group.channel);
        const status = statusOf(error);
        if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
          // Discord refused this message for good (no access, unknown channel, invalid body):
          // retrying forever would block the channel.
          metrics.notificationsFailed.inc({ reason: 'rejected' });
          logger.error({ err: errorSummary(error), channel: group.channel, events: group.events.length - group.delivered }, 'Discord rejected a notification; dropping it');
          group.delivered = group.events.length;
          group.joinUntil = 0;
        } else {
          group.attempts += 1;
          const delay = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (group.attempts - 1));
          group.nextAttemptAt = clock.now() + delay;
          metrics.notificationsFailed.inc({ reason: status === undefined ? 'network' : `http_${status}` });
          logger.warn({ err: errorSummary(error), channel: group.channel, attempts: group.attempts, retryInMs: delay }, 'notification not delivered; will retry');
        }
      }
      await persist();
      updatePendingGauge();
    }
    const now = clock.now();
    const before = state.groups.length;
    state.groups = state.groups.filter((group) => group.delivered < group.events.length || now < group.joinUntil);
    if (state.groups.length !== before) await persist();
    updatePendingGauge();
    return progressed;
  }

  function nextWake(): number {
    let wake = Number.POSITIVE_INFINITY;
    const now = clock.now();
    const blocked = new Set<string>();
    for (const group of [...state.groups].sort((a, b) => a.seq - b.seq)) {
      if (group.delivered >= group.events.length) {
        if (group.joinUntil < UNTIL_SENT) wake = Math.min(wake, group.joinUntil);
      } else if (held(group, now)) {
        wake = Math.min(wake, now + QUIET_CHECK_MS);
      } else if (!blocked.has(group.channel)) {
        // Behind a message in backoff, the rest of its channel waits for that message.
        if (group.attempts > 0) blocked.add(group.channel);
        wake = Math.min(wake, Math.max(now, group.nextAttemptAt));
      }
    }
    return wake;
  }

  function schedule(): void {
    if (stopped) return;
    const wake = nextWake();
    if (!Number.isFinite(wake)) return;
    if (timer !== undefined && timerAt <= wake) return;
    if (timer !== undefined) clock.clearTimeout(timer);
    timerAt = wake;
    timer = clock.setTimeout(() => {
      timer = undefined;
      timerAt = Number.POSITIVE_INFINITY;
      kick();
    }, Math.max(0, wake - clock.now()));
  }

  // A function, not an inline condition: `again` and `stopped` change while a pass awaits.
  function shouldRepeat(): boolean {
    return again && !stopped;
  }

  /** Runs passes until nothing is due; concurrent calls coalesce. */
  function kick(): void {
    if (stopped) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await pass(false);
        } while (shouldRepeat());
      } catch (error) {
        logger.error({ err: error }, 'outbox pass failed');
      } finally {
        running = undefined;
        schedule();
      }
    })();
  }

  function deliverable(): number {
    const now = clock.now();
    return state.groups.filter((group) => group.delivered < group.events.length && !held(group, now)).length;
  }

  async function flush(timeoutMs: number): Promise<void> {
    await loaded;
    const deadline = { passed: false };
    let deadlineTimer: unknown;
    const expired = new Promise<void>((resolve) => {
      deadlineTimer = clock.setTimeout(() => {
        deadline.passed = true;
        resolve();
      }, timeoutMs);
    });
    const more = (): boolean => !deadline.passed && deliverable() > 0;
    const work = (async () => {
      while (more()) {
        const progressed = await pass(true);
        if (!progressed && more()) {
          await new Promise<void>((resolve) => clock.setTimeout(resolve, 250));
        }
      }
    })();
    await Promise.race([work, expired]);
    clock.clearTimeout(deadlineTimer);
    if (deliverable() > 0) logger.warn({ pending: pending() }, 'flush ended with notifications still in the outbox; they stay for the next start');
  }

  async function stop(): Promise<void> {
    stopped = true;
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    await loaded.catch(() => undefined);
    if (running !== undefined) await running;
    await persist();
    await persistSent();
    await store.flush();
  }

  return { handle, flush, pending, stop };
}

/** The HTTP status of a discord.js error (`DiscordAPIError`, `HTTPError`), if any. */
function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const { status } = error;
    if (typeof status === 'number') return status;
  }
  return undefined;
}
