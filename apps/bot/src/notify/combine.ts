/**
 * One Discord message for several groups: when a channel has a single request left in its window
 * and several new groups wait for it, they go out as one message of up to 10 embeds (one per group,
 * in their order), so a burst of kinds costs one request instead of waiting for the next window.
 *
 * A combined message stays combined: its groups record the batch (the `seq`s of its groups) before
 * it is sent, so a retry after a crash sends the same groups under the same nonce; each group then
 * records the message id, and an edit of any of them renders the whole message again.
 */
import type { OutgoingMessage } from '../contracts.ts';
import { DISCORD_LIMITS, limitViolations, messageEmbedLength } from '../render/discord-limits.ts';

/** A description is never cut below this when a combined message must shrink to fit. */
const MIN_DESCRIPTION = 200;

/**
 * The messages of several groups as one: their embeds in order, their action rows (as many as
 * Discord takes), the union of their role mentions. Descriptions are shortened, longest first,
 * when the embeds together pass Discord's 6000 characters (a group in it grew after it was sent).
 */
export function combineMessages(messages: readonly OutgoingMessage[]): OutgoingMessage {
  if (messages.length === 1 && messages[0] !== undefined) return messages[0];
  const embeds = messages.flatMap((message) => message.embeds.map((embed) => ({ ...embed })));
  const rows = messages.flatMap((message) => message.components ?? []).slice(0, DISCORD_LIMITS.actionRows);
  const roles = [...new Set(messages.flatMap((message) => message.mentionRoles ?? []))];
  const combined: OutgoingMessage = { embeds };
  if (rows.length > 0) combined.components = rows;
  if (roles.length > 0) {
    combined.content = roles.map((role) => `<@&${role}>`).join(' ');
    combined.mentionRoles = roles;
  }
  shrinkToFit(combined);
  return combined;
}

/** Whether the messages fit in one Discord message as they are now (no shortening). */
export function fitsOneMessage(messages: readonly OutgoingMessage[]): boolean {
  const embeds = messages.reduce((sum, message) => sum + message.embeds.length, 0);
  if (embeds > DISCORD_LIMITS.embedsPerMessage) return false;
  const length = messages.reduce((sum, message) => sum + messageEmbedLength(message), 0);
  if (length > DISCORD_LIMITS.embedTotal) return false;
  return limitViolations(combineMessages(messages)).length === 0;
}

function shrinkToFit(message: OutgoingMessage): void {
  let excess = messageEmbedLength(message) - DISCORD_LIMITS.embedTotal;
  const longest = [...message.embeds].sort((a, b) => (b.description?.length ?? 0) - (a.description?.length ?? 0));
  for (const embed of longest) {
    if (excess <= 0) return;
    const description = embed.description ?? '';
    const cut = Math.min(excess + 1, description.length - MIN_DESCRIPTION);
    if (cut <= 0) continue;
    embed.description = `${description.slice(0, description.length - cut - 1)}…`;
    excess -= cut;
  }
}
