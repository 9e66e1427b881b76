/**
 * Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
 * Discord rejects a message that exceeds any of them with a 400, so every renderer checks against
 * these and truncates or paginates instead.
 */
import type { APIEmbed } from 'discord.js';
import type { OutgoingMessage } from '../contracts.ts';

export const DISCORD_LIMITS = {
  embedsPerMessage: 10,
  /** Sum of title, description, field names and values, footer text and author name of all embeds. */
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  content: 2000,
  actionRows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
} as const;

/** The characters Discord counts towards the 6000 limit of one embed. */
export function embedLength(embed: APIEmbed): number {
  let length = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  length += embed.footer?.text.length ?? 0;
  length += embed.author?.name.length ?? 0;
  for (const field of embed.fields ?? []) length += field.name.length + field.value.length;
  return length;
}

/** The characters Discord counts towards the 6000 limit of a whole message. */
export function messageEmbedLength(message: OutgoingMessage): number {
  return message.embeds.reduce((sum, embed) => sum + embedLength(embed), 0);
}

/** Every limit a message breaks (empty when Discord would accept it). Used by tests and as a last guard. */
export function limitViolations(message: OutgoingMessage): string[] {
  const problems: string[] = [];
  if (message.embeds.length > DISCORD_LIMITS.embedsPerMessage) problems.push(`${message.embeds.length} embeds`);
  const total = messageEmbedLength(message);
  if (total > DISCORD_LIMITS.embedTotal) problems.push(`embed total ${total}`);
  if ((message.content?.length ?? 0) > DISCORD_LIMITS.content) problems.push('content too long');
  message.embeds.forEach((embed, index) => {
    if ((embed.title?.length ?? 0) > DISCORD_LIMITS.title) problems.push(`embed ${index} title`);
    if ((embed.description?.length ?? 0) > DISCORD_LIMITS.description) problems.push(`embed ${index} description`);
    if ((embed.fields?.length ?? 0) > DISCORD_LIMITS.fields) problems.push(`embed ${index} field count`);
    if ((embed.footer?.text.length ?? 0) > DISCORD_LIMITS.footerText) problems.push(`embed ${index} footer`);
    if ((embed.author?.name.length ?? 0) > DISCORD_LIMITS.authorName) problems.push(`embed ${index} author`);
    for (const field of embed.fields ?? []) {
      if (field.name.length > DISCORD_LIMITS.fieldName || field.name.length === 0) problems.push(`embed ${index} field name`);
      if (field.value.length > DISCORD_LIMITS.fieldValue || field.value.length === 0) problems.push(`embed ${index} field value`);
    }
  });
  const rows = message.components ?? [];
  if (rows.length > DISCORD_LIMITS.actionRows) problems.push('too many action rows');
  for (const row of rows) {
    if (row.components.length > DISCORD_LIMITS.buttonsPerRow) problems.push('too many buttons in a row');
    for (const component of row.components) {
      if ('custom_id' in component && component.custom_id.length > DISCORD_LIMITS.customId) problems.push('custom id too long');
    }
  }
  return problems;
}
