/**
 * The nonce of a new message: derived from what the message is (its group and first event), never
 * random, so the retry after a crash sends the same nonce and Discord returns the first message.
 */
import { createHash } from 'node:crypto';
import type { OutboxGroup } from './outbox.ts';

/** Discord refuses a nonce longer than this. */
export const MAX_NONCE_LENGTH = 25;

/**
 * 25 characters of base64url of a SHA-256 over the group's key, its sequence number, its first
 * event id and how often it was posted again after a deletion (a re-post is a new message).
 */
export function nonceFor(group: Pick<OutboxGroup, 'key' | 'seq' | 'events' | 'reposts'>): string {
  const first = group.events[0]?.id ?? '';
  const text = `${group.key}\n${group.seq}\n${first}\n${group.reposts ?? 0}`;
  return createHash('sha256').update(text).digest('base64url').slice(0, MAX_NONCE_LENGTH);
}

/**
 * The nonce of a message that holds one group or several (see ./combine.ts): for one group its
 * `nonceFor`; for several, a SHA-256 over each group's key, sequence number and first event, and the
 * re-posts of the first, so the same batch sent again after a crash gets the same nonce.
 */
export function nonceForMessage(groups: readonly Pick<OutboxGroup, 'key' | 'seq' | 'events' | 'reposts'>[]): string {
  const [only] = groups;
  if (groups.length === 1 && only !== undefined) return nonceFor(only);
  const text = groups.map((group) => `${group.key}\n${group.seq}\n${group.events[0]?.id ?? ''}`).join('\n\n');
  return createHash('sha256').update(`${text}\n\n${only?.reposts ?? 0}`).digest('base64url').slice(0, MAX_NONCE_LENGTH);
}
