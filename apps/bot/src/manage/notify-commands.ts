/**
 * `/notify me <title>`, `/notify list`, `/notify cancel <title>`: the member's subscriptions to
 * imports (./subscriptions.ts). Needs `read` on the instance.
 */
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { escapeMarkdown, truncate } from '../render/format.ts';
import { allows, memberFacts } from './access.ts';
import { audited, type ManageContext } from './context.ts';
import type { LookupCache } from './lookup-cache.ts';
import { STRINGS } from './strings.ts';
import type { Subscriptions } from './subscriptions.ts';
import { resolveLibraryItem } from './title-options.ts';

export async function notifyCommand(context: ManageContext, cache: LookupCache, subscriptions: Subscriptions, interaction: ChatInputCommandInteraction): Promise<void> {
  const sub = interaction.options.getSubcommand();
  if (sub === 'list') {
    const mine = await subscriptions.list(interaction.user.id);
    const lines = mine.map((one) => `• **${truncate(escapeMarkdown(one.title), 150)}** · \`${one.instance}\``);
    await interaction.reply({ embeds: [{ title: STRINGS.subscriptionsTitle, description: lines.length === 0 ? STRINGS.noSubscriptions : lines.join('\n').slice(0, 4000), color: 0x3498db }], flags: MessageFlags.Ephemeral });
    return;
  }
  if (sub === 'cancel') {
    const cancelled = await subscriptions.cancel(interaction.user.id, interaction.options.getString('title', true));
    await interaction.reply({ content: cancelled === undefined ? STRINGS.notSubscribed : STRINGS.unsubscribed(escapeMarkdown(cancelled.title)), flags: MessageFlags.Ephemeral });
    return;
  }
  const startedAt = context.clock.now();
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const title = interaction.options.getString('title', true);
  const item = await resolveLibraryItem(context, cache, title, interaction.options.getString('instance'));
  if (item === undefined || 'error' in item) {
    await interaction.editReply({ content: item === undefined ? STRINGS.noMatchInLibrary(escapeMarkdown(title), interaction.options.getString('instance') ?? 'any instance') : item.error });
    return;
  }
  const member = memberFacts(interaction);
  if (member === undefined || !allows(context.permissions, member, 'read', item.instance.name)) {
    await interaction.editReply({ content: member === undefined ? STRINGS.notInGuild : STRINGS.missingCapability('read', item.instance.name) });
    return;
  }
  const added = await subscriptions.add({ userId: member.userId, channelId: interaction.channelId, instance: item.instance.name, kind: item.media.kind, libraryId: item.libraryId, title: item.media.title });
  audited(context, { ...member, userName: interaction.user.username }, startedAt, { action: 'notify.me', instance: item.instance.name, target: item.media.title, outcome: 'done', detail: added ? 'subscribed' : 'already subscribed' });
  await interaction.editReply({ content: added ? STRINGS.subscribed(escapeMarkdown(item.media.title)) : STRINGS.alreadySubscribed(escapeMarkdown(item.media.title)) });
}
