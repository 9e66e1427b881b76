/**
 * The outbox: every notification (to a channel, or a direct message to a user) from the moment an
 * event is accepted until Discord took it, the event ids already handled (so a repeat is refused
 * across restarts), and the dead letters (messages that can never be delivered, kept for the
 * operator). All of it lives in the state store, so a restart resumes where the last run stopped.
 *
 * Keys that come from outside (event ids, channel ids) are only ever looked up in `Map`s or
 * compared as values, never used as properties of a plain object.
 */
import type { MonitorEvent, StateStore } from '@discarr/monitor';
import type { Logger } from 'pino';

/** Store keys (the store is shared with the monitor). */
export const OUTBOX_KEY = 'bot:outbox';
export const SENT_KEY = 'bot:sent';
export const DEAD_LETTERS_KEY = 'bot:dead-letters';

/** How long an event id is remembered to refuse duplicates. */
export const SENT_RETENTION_MS = 7 * 24 * 3600 * 1000;
/** At most this many dead letters are kept; the oldest go first. */
export const MAX_DEAD_LETTERS = 1000;
/** "Open until sent": a finite far future, since the outbox is JSON (Infinity would become null). */
export const UNTIL_SENT = Number.MAX_SAFE_INTEGER;

/** How a group came to be: a digest is rendered as such, the others by what they hold. */
export type GroupKind = 'single' | 'burst' | 'digest';

/**
 * The person a direct message is for (a `/notify me` subscription, see ./direct.ts). Its group's
 * `channel` is `user:<id>` (`directQueue`): the user's messages queue, retry and count apart from
 * every channel's.
 */
export interface DirectTarget {
  userId: string;
  /** Where the message goes instead, mentioning the user, when Discord refuses the DM (error 50007, DMs closed). */
  fallbackChannel: string;
  /** What the user waited for, one label per subscription (`Severance · season 2`). */
  scopes: string[];
  /** Set once Discord refused the DM: the message went (or goes) to `fallbackChannel`. */
  closed?: boolean;
}

/** The queue of a user's direct messages: what `OutboxGroup.channel` holds for them. */
export function directQueue(userId: string): string {
  return `user:${userId}`;
}

/** How an outbox channel reads for the operator: `channel 123`, or `DM to user 456`. */
export function describeTarget(channel: string): string {
  return channel.startsWith('user:') ? `DM to user ${channel.slice('user:'.length)}` : `channel ${channel}`;
}

/** One message in the making: a group of events, its Discord message id once sent. */
export interface OutboxGroup {
  /** What events may join it: `burst:<channel>:<instance>:<type>` or `digest:<channel>:<route>`. */
  key: string;
  /** Order of creation; a channel's messages go out in this order. */
  seq: number;
  channel: string;
  kind: GroupKind;
  events: MonitorEvent[];
  /** How many of `events` the message Discord last accepted shows. */
  delivered: number;
  messageId?: string;
  /** Further events of its key may join until then (ms since epoch). */
  joinUntil: number;
  /** Further events of a download it holds may join until then (a Sonarr season pack). */
  packUntil?: number;
  /** Failed attempts in a row (0 when the last attempt succeeded). */
  attempts: number;
  /** Not tried before then: backoff after a failure, or the pause between edits of a growing group. */
  nextAttemptAt: number;
  /** When the current run of failures began; absent while the group is not failing. */
  failingSince?: number;
  /** Since when its oldest undelivered event waits; absent when nothing waits. */
  pendingSince?: number;
  /** Times the message was posted again after a user deleted it (each post gets its own nonce). */
  reposts?: number;
  mentionRoles: string[];
  /** For a direct message: to whom (its `channel` is then `directQueue(userId)`). */
  direct?: DirectTarget;
  /** For digests: the route whose quiet hours hold it. */
  quietRoute?: number;
  /**
   * When it went out with other groups in one message (see ./combine.ts): the `seq`s of that
   * message's groups, in order; recorded before the send, so a retry sends the same message.
   */
  batch?: number[];
}

/** A message that can never be delivered: why, and the events it held. */
export interface DeadLetter {
  at: number;
  channel: string;
  /** `render: ...` (the bot could not build the message) or `discord <status>: ...` (Discord refused it). */
  reason: string;
  eventIds: string[];
  events: MonitorEvent[];
}

interface StoredOutbox {
  seq: number;
  groups: OutboxGroup[];
}

/** The state of the outbox and what it persists; one per notifier. */
export class Outbox {
  readonly #store: StateStore;
  readonly #logger: Logger;
  #seq = 0;
  /** Every group not yet finished, in creation order. */
  #groups: OutboxGroup[] = [];
  /** Event id → when it was accepted. */
  #sent = new Map<string, number>();
  #deadLetters: DeadLetter[] = [];
  /** What the next write hands to the store, and that write while it waits for its turn's other callers. */
  #dirty = new Set<'outbox' | 'sent' | 'dead'>();
  #batch: Promise<void> | undefined;

  constructor(store: StateStore, logger: Logger) {
    this.#store = store;
    this.#logger = logger;
  }

  /**
   * Loads what the last run left; malformed groups are set aside with a log line. With `resume`
   * (the default) what waited in backoff is due at once; without, the groups stay as stored.
   */
  async load(now: number, options: { resume?: boolean } = {}): Promise<void> {
    const [outbox, sent, dead] = await Promise.all([this.#store.get<unknown>(OUTBOX_KEY), this.#store.get<unknown>(SENT_KEY), this.#store.get<unknown>(DEAD_LETTERS_KEY)]);
    if (isRecord(outbox) && Array.isArray(outbox.groups)) {
      const groups = outbox.groups.filter(isGroup);
      const dropped = outbox.groups.length - groups.length;
      if (dropped > 0) this.#logger.error({ dropped }, 'outbox groups of the wrong shape were dropped from the state file');
      // A restart is a fresh start: what waited in backoff is tried again at once.
      if (options.resume ?? true) for (const group of groups) {
        group.nextAttemptAt = 0;
        delete group.failingSince;
      }
      this.#groups = groups.sort((a, b) => a.seq - b.seq);
      this.#seq = Math.max(typeof outbox.seq === 'number' && Number.isFinite(outbox.seq) ? outbox.seq : 0, ...groups.map((group) => group.seq));
    }
    this.#sent = sentEntries(sent);
    if (Array.isArray(dead)) this.#deadLetters = dead.filter(isDeadLetter);
    this.pruneSent(now);
  }

  /** Groups not finished, in creation order (the array is the outbox's own; do not reorder it). */
  groups(): readonly OutboxGroup[] {
    return this.#groups;
  }

  deadLetters(): readonly DeadLetter[] {
    return this.#deadLetters;
  }

  /** Events accepted but not yet shown in Discord (held digests included). */
  pending(): number {
    return this.#groups.reduce((sum, group) => sum + group.events.length - group.delivered, 0);
  }

  /** Whether the event id was handled already (sent, in the outbox, or dead-lettered). */
  seen(id: string): boolean {
    return this.#sent.has(id) || this.#groups.some((group) => group.events.some((event) => event.id === id));
  }

  markSeen(id: string, now: number): void {
    this.#sent.set(id, now);
    if (this.#sent.size % 500 === 0) this.pruneSent(now);
  }

  pruneSent(now: number): void {
    const oldest = now - SENT_RETENTION_MS;
    for (const [id, at] of this.#sent) if (at < oldest) this.#sent.delete(id);
  }

  /** The first group matching `accepts`, in creation order. */
  find(accepts: (group: OutboxGroup) => boolean): OutboxGroup | undefined {
    return this.#groups.find(accepts);
  }

  open(fields: Omit<OutboxGroup, 'seq' | 'events' | 'delivered' | 'attempts' | 'nextAttemptAt'>): OutboxGroup {
    this.#seq += 1;
    const group: OutboxGroup = { ...fields, seq: this.#seq, events: [], delivered: 0, attempts: 0, nextAttemptAt: 0 };
    this.#groups.push(group);
    return group;
  }

  /** Moves events to the dead letters (kept, capped at `MAX_DEAD_LETTERS`). */
  addDeadLetter(letter: DeadLetter): void {
    this.#deadLetters.push(letter);
    const over = this.#deadLetters.length - MAX_DEAD_LETTERS;
    if (over > 0) {
      this.#deadLetters.splice(0, over);
      this.#logger.warn({ dropped: over, kept: MAX_DEAD_LETTERS }, 'the oldest dead letters were dropped');
    }
  }

  /** Drops the groups that are delivered and can take no more events; true when any went. */
  prune(now: number): boolean {
    const before = this.#groups.length;
    const live = (group: OutboxGroup): boolean => group.delivered < group.events.length || now < group.joinUntil || now < (group.packUntil ?? 0);
    // The groups of a combined message stay while any of them may still change it: an edit renders them all.
    const liveMessages = new Set(this.#groups.filter((group) => group.batch !== undefined && live(group)).map((group) => group.messageId ?? `batch:${group.batch?.join(',') ?? ''}`));
    const keeps = (group: OutboxGroup): boolean => live(group) || (group.batch !== undefined && liveMessages.has(group.messageId ?? `batch:${group.batch.join(',')}`));
    this.#groups = this.#groups.filter(keeps);
    return this.#groups.length !== before;
  }

  /** Writes the groups (the others are written by their own methods). */
  persist(): Promise<void> {
    return this.#write('outbox');
  }

  /** Writes the handled event ids, as `[id, at]` pairs (no object keyed by outside input). */
  persistSent(): Promise<void> {
    return this.#write('sent');
  }

  persistDeadLetters(): Promise<void> {
    return this.#write('dead');
  }

  /**
   * Hands the parts asked for to the store once, after the other callers of this turn of the event
   * loop asked too: a burst of events (thousands of downloads on a first start) costs one copy of
   * each list instead of one per event, which made the bot's CPU and memory grow with the square
   * of the burst. Resolves once the store holds what was asked, as of the write.
   */
  #write(part: 'outbox' | 'sent' | 'dead'): Promise<void> {
    this.#dirty.add(part);
    this.#batch ??= new Promise<void>((resolve) => {
      setImmediate(resolve);
    }).then(async () => {
      this.#batch = undefined;
      const parts = this.#dirty;
      this.#dirty = new Set();
      const stored: StoredOutbox = { seq: this.#seq, groups: this.#groups };
      await Promise.all([
        parts.has('outbox') ? this.#store.set(OUTBOX_KEY, stored) : undefined,
        parts.has('sent') ? this.#store.set(SENT_KEY, [...this.#sent]) : undefined,
        parts.has('dead') ? this.#store.set(DEAD_LETTERS_KEY, this.#deadLetters) : undefined,
      ]);
    });
    return this.#batch;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isGroup(value: unknown): value is OutboxGroup {
  if (!isRecord(value)) return false;
  const { key, seq, channel, kind, events, delivered, joinUntil, mentionRoles } = value;
  return (
    typeof key === 'string' &&
    typeof seq === 'number' &&
    typeof channel === 'string' &&
    (kind === 'single' || kind === 'burst' || kind === 'digest' || kind === 'pack') &&
    Array.isArray(events) &&
    events.every((event) => isRecord(event) && typeof event.id === 'string' && typeof event.type === 'string') &&
    typeof delivered === 'number' &&
    typeof joinUntil === 'number' &&
    (mentionRoles === undefined || (Array.isArray(mentionRoles) && mentionRoles.every((role) => typeof role === 'string'))) &&
    (value.direct === undefined || isDirectTarget(value.direct)) &&
    normalize(value)
  );
}

/** Fills the fields older state files lack; always true (used inside `isGroup`). */
function normalize(group: Record<string, unknown>): true {
  if (typeof group.attempts !== 'number') group.attempts = 0;
  if (typeof group.nextAttemptAt !== 'number') group.nextAttemptAt = 0;
  if (group.mentionRoles === undefined) group.mentionRoles = [];
  if (group.batch !== undefined && !(Array.isArray(group.batch) && group.batch.every((seq) => typeof seq === 'number'))) delete group.batch;
  // Files of earlier versions called a season-pack group `pack`; it is a burst that takes its download's later events.
  if (group.kind === 'pack') group.kind = 'burst';
  return true;
}

function isDirectTarget(value: unknown): value is DirectTarget {
  return (
    isRecord(value) &&
    typeof value.userId === 'string' &&
    typeof value.fallbackChannel === 'string' &&
    Array.isArray(value.scopes) &&
    value.scopes.every((scope) => typeof scope === 'string') &&
    (value.closed === undefined || typeof value.closed === 'boolean')
  );
}

function isDeadLetter(value: unknown): value is DeadLetter {
  return isRecord(value) && typeof value.channel === 'string' && typeof value.reason === 'string' && Array.isArray(value.eventIds) && Array.isArray(value.events);
}

/** The handled ids from either format: `[id, at]` pairs, or the object earlier versions wrote. */
function sentEntries(value: unknown): Map<string, number> {
  const sent = new Map<string, number>();
  const entries: unknown[] = Array.isArray(value) ? value : isRecord(value) ? Object.entries(value) : [];
  for (const entry of entries) {
    if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number') sent.set(entry[0], entry[1]);
  }
  return sent;
}
