/**
 * Routing of interactions: slash commands, instance autocomplete, board and queue page buttons,
 * and the action buttons of alerts (whose actions arrive in part 2). Discord drops an interaction
 * not acknowledged within 3 s, so an answer from the monitor's snapshot (no request) is sent at once,
 * and one that needs I/O first (an instance not read yet: a refresh through the monitor) is
 * deferred first, then edited in.
 */
import type { Monitor, MonitorSnapshot } from '@discarr/monitor';
import { MessageFlags } from 'discord.js';
import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, Interaction } from 'discord.js';
import type { Logger } from 'pino';
import type { OutgoingMessage } from '../contracts.ts';
import type { StatusBoard } from '../board/status-board.ts';
import { parseBoardPage } from '../render/board-render.ts';
import { parseQueuePage, renderDiskSpace, renderHealth, renderQueue, renderStatus, selectInstances } from '../render/command-render.ts';
import { parseActionId } from '../render/notification-render.ts';
import { errorSummary } from './error-summary.ts';

export type MonitorView = Pick<Monitor, 'snapshot' | 'instanceNames' | 'refresh'>;

export interface InteractionContext {
  monitor: MonitorView;
  board: StatusBoard;
  logger: Logger;
  /** How long a deferred command waits for the monitor's read before answering with what it has. Default 10 000. */
  refreshTimeoutMs?: number;
}

/** Discord shows at most 25 autocomplete choices. */
const MAX_CHOICES = 25;

function reply(message: OutgoingMessage): { embeds: OutgoingMessage['embeds']; components: NonNullable<OutgoingMessage['components']> } {
  return { embeds: message.embeds, components: message.components ?? [] };
}

export function createInteractionHandler(context: InteractionContext): (interaction: Interaction) => Promise<void> {
  const logger = context.logger.child({ component: 'interactions' });

  const refreshTimeoutMs = context.refreshTimeoutMs ?? 10_000;

  /** Reads the instances now (bounded by `refreshTimeoutMs`); a failed read shows in the snapshot. */
  async function refresh(names: string[]): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, refreshTimeoutMs);
    });
    const reads = Promise.all(names.map((name) => context.monitor.refresh(name))).catch((error: unknown) => {
      logger.warn({ err: errorSummary(error), instances: names }, 'refresh for a command failed');
    });
    try {
      await Promise.race([reads, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Replies at once from the snapshot, unless an instance the answer covers has not been read yet
   * (the bot just started): then defers first, refreshes, and edits the answer in.
   */
  async function answer(interaction: ChatInputCommandInteraction, instance: string | undefined, render: (snapshot: MonitorSnapshot) => OutgoingMessage): Promise<void> {
    const snapshot = context.monitor.snapshot();
    const unread = (selectInstances(snapshot, instance) ?? []).filter((one) => one.state === 'unknown').map((one) => one.name);
    if (unread.length === 0) {
      await interaction.reply(reply(render(snapshot)));
      return;
    }
    await interaction.deferReply();
    await refresh(unread);
    await interaction.editReply(reply(render(context.monitor.snapshot())));
  }

  async function command(interaction: ChatInputCommandInteraction): Promise<void> {
    const instance = interaction.options.getString('instance') ?? undefined;
    switch (interaction.commandName) {
      case 'status':
        await answer(interaction, undefined, renderStatus);
        return;
      case 'queue':
        await answer(interaction, instance, (snapshot) => renderQueue(snapshot, instance, 0).message);
        return;
      case 'health':
        await answer(interaction, instance, (snapshot) => renderHealth(snapshot, instance));
        return;
      case 'diskspace':
        await answer(interaction, instance, (snapshot) => renderDiskSpace(snapshot, instance));
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
