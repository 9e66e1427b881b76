/**
 * Routing of interactions: slash commands, instance autocomplete, board and queue page buttons,
 * and the action buttons of alerts (whose actions arrive in part 2). Every interaction is answered
 * at once: the replies come from the monitor's snapshot, which needs no request.
 */
import type { Monitor } from '@discarr/monitor';
import { MessageFlags } from 'discord.js';
import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, Interaction } from 'discord.js';
import type { Logger } from 'pino';
import type { OutgoingMessage } from '../contracts.ts';
import type { StatusBoard } from '../board/status-board.ts';
import { parseBoardPage } from '../render/board-render.ts';
import { parseQueuePage, renderDiskSpace, renderHealth, renderQueue, renderStatus } from '../render/command-render.ts';
import { parseActionId } from '../render/notification-render.ts';
import { errorSummary } from './error-summary.ts';

export type MonitorView = Pick<Monitor, 'snapshot' | 'instanceNames'>;

export interface InteractionContext {
  monitor: MonitorView;
  board: StatusBoard;
  logger: Logger;
}

/** Discord shows at most 25 autocomplete choices. */
const MAX_CHOICES = 25;

function reply(message: OutgoingMessage): { embeds: OutgoingMessage['embeds']; components: NonNullable<OutgoingMessage['components']> } {
  return { embeds: message.embeds, components: message.components ?? [] };
}

export function createInteractionHandler(context: InteractionContext): (interaction: Interaction) => Promise<void> {
  const logger = context.logger.child({ component: 'interactions' });

  async function command(interaction: ChatInputCommandInteraction): Promise<void> {
    const snapshot = context.monitor.snapshot();
    const instance = interaction.options.getString('instance') ?? undefined;
    switch (interaction.commandName) {
      case 'status':
        await interaction.reply(reply(renderStatus(snapshot)));
        return;
      case 'queue':
        await interaction.reply(reply(renderQueue(snapshot, instance, 0).message));
        return;
      case 'health':
        await interaction.reply(reply(renderHealth(snapshot, instance)));
        return;
      case 'diskspace':
        await interaction.reply(reply(renderDiskSpace(snapshot, instance)));
        return;
      default:
        await interaction.reply({ content: `Unknown command \`/${interaction.commandName}\`.`, flags: MessageFlags.Ephemeral });
    }
  }

  async function autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const typed = focused.value.toLowerCase();
    const names = focused.name === 'instance' ? context.monitor.instanceNames() : [];
    const choices = names
      .filter((name) => name.toLowerCase().includes(typed))
      .slice(0, MAX_CHOICES)
      .map((name) => ({ name, value: name }));
    await interaction.respond(choices);
  }

  async function button(interaction: ButtonInteraction): Promise<void> {
    const boardPage = parseBoardPage(interaction.customId);
    if (boardPage !== undefined) {
      await interaction.deferUpdate();
      context.board.setPage(interaction.channelId, boardPage);
      return;
    }
    const queuePage = parseQueuePage(interaction.customId);
    if (queuePage !== undefined) {
      await interaction.update(reply(renderQueue(context.monitor.snapshot(), queuePage.instance, queuePage.page).message));
      return;
    }
    const action = parseActionId(interaction.customId);
    if (action !== undefined) {
      await interaction.reply({
        content: `The **${action.kind}** action on \`${action.instance}\` is not available yet: it arrives with the management commands.`,
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    await interaction.reply({ content: 'This button is no longer supported.', flags: MessageFlags.Ephemeral });
  }

  return async (interaction) => {
    try {
      if (interaction.isChatInputCommand()) await command(interaction);
      else if (interaction.isAutocomplete()) await autocomplete(interaction);
      else if (interaction.isButton()) await button(interaction);
    } catch (error) {
      logger.warn({ err: errorSummary(error), interaction: interaction.type }, 'interaction not answered');
    }
  };
}
