/**
 * Direct messages of the outbox: a member waiting for an import (`/notify me`) is told by DM or,
 * when their DMs are closed, in the channel they asked in, mentioning them. Each (event, user) is a
 * group of its own in the outbox, queued under `user:<id>`: it has what a channel's message has
 * (persisted before it is sent, a nonce derived from it so a retry after a crash returns Discord's
 * first message, retries with backoff, dead letters, metrics, `discarr outbox`). Who waits for what
 * is the recipients' business (../manage/subscriptions.ts); the notifier asks them per event.
 */
import type { MonitorEvent } from '@discarr/monitor';
import type { Logger } from 'pino';
import type { OutgoingMessage } from '../contracts.ts';
import { STRINGS } from '../manage/strings.ts';
import { escapeMarkdown } from '../render/format.ts';
import { renderNotification } from '../render/notification-render.ts';
import { discordCodeOf } from './failure.ts';
import { directQueue, type DirectTarget, type Outbox, type OutboxGroup } from './outbox.ts';
import type { NotificationSink, SendOptions } from './sink.ts';

/** Discord's "Cannot send messages to this user": the user's DMs are closed to the bot. */
export const CANNOT_MESSAGE_USER = 50007;

/** One person to tell about an event, and why. */
export interface DirectRecipient {
  userId: string;
  /** The channel the message goes to, mentioning them, when their DMs are closed. */
  fallbackChannel: string;
  /** What they waited for, one label per subscription the event answers. */
  scopes: string[];
  /** Those subscriptions (the recipients end the one-off ones in `queued`). */
  subscriptionIds: string[];
}

/** Who waits for an event: asked by the notifier for every event it accepts. */
export interface DirectRecipients {
  /** The people to tell about `event`, one entry per person (none for most events). */
  recipientsOf(event: MonitorEvent): Promise<DirectRecipient[]>;
  /** Their messages are in the outbox, persisted: subscriptions that end with this event end now. */
  queued(event: MonitorEvent, recipients: readonly DirectRecipient[]): Promise<void>;
}

/** Puts one direct message per recipient into the outbox; returns how many. */
export function placeDirect(outbox: Outbox, event: MonitorEvent, recipients: readonly DirectRecipient[], now: number): number {
  for (const recipient of recipients) {
    const direct: DirectTarget = { userId: recipient.userId, fallbackChannel: recipient.fallbackChannel, scopes: [...recipient.scopes] };
    // Nothing joins it (joinUntil 0): one event, one message, never edited.
    const group = outbox.open({ key: `direct:${recipient.userId}:${event.id}`, channel: directQueue(recipient.userId), kind: 'single', joinUntil: 0, mentionRoles: [], direct });
    group.pendingSince = now;
    group.events.push(event);
  }
  return recipients.length;
}

/**
 * The message of a direct group: one line saying what is ready, and the import's embed (poster,
 * episodes, quality) without its buttons. In the fallback channel it mentions the user, and only them.
 */
export function renderDirect(group: OutboxGroup, direct: DirectTarget, inChannel: boolean): OutgoingMessage {
  const instance = group.events[0]?.instance ?? '';
  const what = escapeMarkdown(direct.scopes.join(', '));
  let embeds: OutgoingMessage['embeds'] = [];
  try {
    embeds = renderNotification(group.events).embeds;
  } catch {
    // An event the renderer cannot show still gets its line: the person waited for it.
  }
  if (!inChannel) return { content: STRINGS.importedDm(what, instance), embeds };
  return { content: STRINGS.importedMention(direct.userId, what, instance), embeds, mentionUsers: [direct.userId] };
}

/** The metrics label of a group's channel: `dm` for direct messages (no label per user). */
export function metricChannel(group: OutboxGroup): string {
  if (group.direct === undefined) return group.channel;
  return group.direct.closed === true ? group.direct.fallbackChannel : 'dm';
}

/**
 * Sends a direct group: into the user's DM channel; when Discord refuses it with 50007 (DMs
 * closed), or the sink has no DMs, into the fallback channel, mentioning them. Both carry the
 * group's nonce, so a retry of either after a crash returns the first message. Throws what the
 * sink throws otherwise (the delivery decides between retry and dead letter).
 */
export async function sendDirect(sink: NotificationSink, group: OutboxGroup, direct: DirectTarget, options: SendOptions, logger: Logger): Promise<{ messageId: string }> {
  if (direct.closed !== true && sink.openDirect !== undefined) {
    const channelId = await sink.openDirect(direct.userId, { signal: options.signal });
    try {
      return await sink.send(channelId, renderDirect(group, direct, false), options);
    } catch (error) {
      if (discordCodeOf(error) !== CANNOT_MESSAGE_USER) throw error;
      logger.info({ user: direct.userId, channel: direct.fallbackChannel }, 'the user does not take DMs from the bot; telling them in the channel they asked in');
    }
  }
  direct.closed = true;
  return sink.send(direct.fallbackChannel, renderDirect(group, direct, true), options);
}
