/**
 * `/notify me <title> [season] [episode]`, `/notify list`, `/notify cancel <title>`: the member's
 * subscriptions to imports (./subscriptions.ts; the notifier tells them through its outbox). A
 * subscription is to a movie, a series, one season of it or one episode. Needs `read` on the instance.
 */
import { MessageFlags, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { escapeMarkdown, truncate } from '../render/format.ts';
import { allows, memberFacts } from './access.ts';
import { audited, type ManageContext } from './context.ts';
import type { LookupCache } from './lookup-cache.ts';
import { answerScopeAutocomplete, EpisodeLists, resolveScope } from './scope-options.ts';
import { STRINGS } from './strings.ts';
import { scopeLabel, type Subscriptions } from './subscriptions.ts';
import { resolveLibraryItem } from './title-options.ts';

export interface NotifyCommands {
  command(interaction: ChatInputCommandInteraction): Promise<void>;
  /** The `season` and `episode` options' autocomplete; false when the interaction is not one of these. */
  autocomplete(interaction: AutocompleteInteraction): Promise<boolean>;
}

export function createNotifyCommands(context: ManageContext, cache: LookupCache, subscriptions: Subscriptions): NotifyCommands {
  const episodes = new EpisodeLists(() => context.clock.now());

  async function list(interaction: ChatInputCommandInteraction): Promise<void> {
    const mine = await subscriptions.list(interaction.user.id);
    const lines = mine.map((one) => `• **${truncate(escapeMarkdown(scopeLabel(one)), 150)}**${one.episodeTitle === undefined ? '' : ` (${truncate(escapeMarkdown(one.episodeTitle), 60)})`} · \`${one.instance}\``);
    await interaction.reply({ embeds: [{ title: STRINGS.subscriptionsTitle, description: lines.length === 0 ? STRINGS.noSubscriptions : lines.join('\n').slice(0, 4000), color: 0x3498db }], flags: MessageFlags.Ephemeral });
  }

  async function cancel(interaction: ChatInputCommandInteraction): Promise<void> {
    const cancelled = await subscriptions.cancel(interaction.user.id, interaction.options.getString('title', true));
    await interaction.reply({ content: cancelled === undefined ? STRINGS.notSubscribed : STRINGS.unsubscribed(escapeMarkdown(scopeLabel(cancelled))), flags: MessageFlags.Ephemeral });
  }

  async function me(interaction: ChatInputCommandInteraction): Promise<void> {
    const startedAt = context.clock.now();
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const title = interaction.options.getString('title', true);
    const requested = interaction.options.getString('instance');
    const item = await resolveLibraryItem(context, cache, title, requested);
    if (item === undefined || 'error' in item) {
      await interaction.editReply({ content: item === undefined ? STRINGS.noMatchInLibrary(escapeMarkdown(title), requested ?? 'any instance') : item.error });
      return;
    }
    const member = memberFacts(interaction);
    if (member === undefined || !allows(context.permissions, member, 'read', item.instance.name)) {
      await interaction.editReply({ content: member === undefined ? STRINGS.notInGuild : STRINGS.missingCapability('read', item.instance.name) });
      return;
    }
    const scope = await resolveScope(context, episodes, item, interaction.options.getInteger('season'), interaction.options.getInteger('episode'));
    if ('error' in scope) {
      await interaction.editReply({ content: scope.error });
      return;
    }
    const subscription = { userId: member.userId, channelId: interaction.channelId, instance: item.instance.name, kind: item.media.kind, libraryId: item.libraryId, title: item.media.title, ...scope };
    const added = await subscriptions.add(subscription);
    const label = scopeLabel(subscription);
    audited(context, { ...member, userName: interaction.user.username }, startedAt, { action: 'notify.me', instance: item.instance.name, target: label, outcome: 'done', detail: added ? 'subscribed' : 'already subscribed' });
    await interaction.editReply({ content: added ? STRINGS.subscribed(escapeMarkdown(label)) : STRINGS.alreadySubscribed(escapeMarkdown(label)) });
  }

  return {
    async command(interaction) {
      const sub = interaction.options.getSubcommand();
      if (sub === 'list') await list(interaction);
      else if (sub === 'cancel') await cancel(interaction);
      else await me(interaction);
    },
    autocomplete: (interaction) => answerScopeAutocomplete(context, cache, episodes, interaction),
  };
}
