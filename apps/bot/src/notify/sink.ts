/**
 * What delivery needs from where messages go, beyond `MessageSink`: a nonce on each new message
 * (so a repeated create is a no-op), an abort signal (so a stop ends a request in flight) and,
 * optionally, a user's DM channel.
 * A `MessageSink` that ignores both (the demo's terminal) is still a valid `NotificationSink`.
 */
import type { OutgoingMessage } from '../contracts.ts';

/** Options of one delivery call. */
export interface SendOptions {
  /**
   * For a new message: Discord's `nonce` (at most 25 characters), sent with `enforce_nonce: true`,
   * so a create repeated within a few minutes returns the first message instead of a second one.
   */
  nonce?: string;
  /** Aborts the request (a stop's deadline, or an attempt that took too long). */
  signal?: AbortSignal;
}

/** Where notifications go: Discord in production, the terminal in the demo, a recorder in tests. */
export interface NotificationSink {
  send(channelId: string, message: OutgoingMessage, options?: SendOptions): Promise<{ messageId: string }>;
  /** Throws `MessageGoneError` when the message was deleted. */
  edit(channelId: string, messageId: string, message: OutgoingMessage, options?: SendOptions): Promise<void>;
  /**
   * Opens the direct-message channel with a user (Discord: `POST /users/@me/channels`, which
   * returns the existing one when there is one) and returns its id. A sink without it (the demo's
   * terminal) has no DMs: direct messages go to their fallback channel, mentioning the user.
   */
  openDirect?(userId: string, options?: SendOptions): Promise<string>;
}
