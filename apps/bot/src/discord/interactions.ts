/**
 * Routing of interactions: the read commands, instance autocomplete, board and queue page buttons,
 * and everything of the management side (its commands, the alerts' action buttons, selects:
 * `../manage/management.ts`). Discord drops an interaction not acknowledged within 3 s, so an
 * answer from the monitor's snapshot (no request) is sent at once, and one that needs I/O first is
 * deferred first, then edited in. Commands answer only in the configured guilds (every guild when
 * none is configured).
 */
import type { Clock, Monitor, MonitorSnapshot, StateStore } from '@discarr/monitor';
import { MessageFlags } from 'discord.js';
import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, Interaction, REST } from 'discord.js';
import type { Logger } from 'pino';
import type { BotConfig, OutgoingMessage } from '../contracts.ts';
import { allows, memberFacts } from '../manage/access.ts';
import { createManagement, type Management } from '../manage/management.ts';
import type { Subscriptions } from '../manage/subscriptions.ts';
import { STRINGS } from '../manage/strings.ts';
import type { StatusBoard } from '../board/status-board.ts';
import { parseBoardPage } from '../render/board-render.ts';
import { parseQueuePage, renderDiskSpace, renderHealth, renderQueue, renderStatus, selectInstances } from '../render/command-render.ts';
import { parseActionId } from '../render/notification-render.ts';
import { errorSummary } from './error-summary.ts';

/** The monitor as the interactions use it; `client` (the instances' SDK clients) enables the management side. */
export type MonitorView = Pick<Monitor, 'snapshot' | 'instanceNames' | 'refresh'> & Partial<Pick<Monitor, 'client'>>;

export interface InteractionContext {
  monitor: MonitorView;
  board: StatusBoard;
  logger: Logger;
  /** How long a deferred command waits for the monitor's read before answering with what it has. Default 10 000. */
  refreshTimeoutMs?: number;
  /** The configuration: the guilds commands answer in, the permission map. */
  config?: BotConfig;
  store?: StateStore;
  clock?: Clock;
  /** Discord's REST client (the audit channel). */
  rest?: REST;
  /** The `/notify me` subscriptions the notifier tells (../sink-wiring.ts). */
  subscriptions?: Subscriptions;
  /** The management side, when built by the caller (else built here from the above when the monitor has SDK clients). */
  management?: Management;
}

/** Discord shows at most 25 autocomplete choices. */
const MAX_CHOICES = 25;

function reply(message: OutgoingMessage): { embeds: OutgoingMessage['embeds']; components: NonNullable<OutgoingMessage['components']> } {
  return { embeds: message.embeds, components: message.components ?? [] };
}

export function createInteractionHandler(context: InteractionContext): (interaction: Interaction) => Promise<void> {
  const logger = context.logger.child({ component: 'interactions' });

  const refreshTimeoutMs = context.refreshTimeoutMs ?? 10_000;
  const guildIds = context.config?.discord.guildIds ?? [];
  const management = context.management ?? managementOf(context);

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
    if (management !== undefined && (await management.command(interaction))) return;
    const instance = interaction.options.getString('instance') ?? undefined;
    const member = memberFacts(interaction);
    if (context.config !== undefined && member !== undefined && !allows(context.config.permissions, member, 'read', instance)) {
      await interaction.reply({ content: STRINGS.missingCapability('read', instance), flags: MessageFlags.Ephemeral });
      return;
    }
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
        await interaction.reply({ content: STRINGS.unknownCommand(interaction.commandName), flags: MessageFlags.Ephemeral });
    }
  }

  async function autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    if (management !== undefined && (await management.autocomplete(interaction))) return;
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
    if (management !== undefined && (await management.button(interaction))) return;
    const action = parseActionId(interaction.customId);
    if (action !== undefined) {
      await interaction.reply({ content: STRINGS.instanceUnavailable(action.instance), flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.reply({ content: 'This button is no longer supported.', flags: MessageFlags.Ephemeral });
  }

  /** Outside the configured guilds, nothing answers but a short refusal. */
  async function outsideGuilds(interaction: Interaction): Promise<boolean> {
    if (guildIds.length === 0 || (interaction.guildId !== null && guildIds.includes(interaction.guildId))) return false;
    if (interaction.isAutocomplete()) await interaction.respond([]);
    else if (interaction.isRepliable()) await interaction.reply({ content: STRINGS.notInThisGuild, flags: MessageFlags.Ephemeral });
    return true;
  }

  return async (interaction) => {
    try {
      if (await outsideGuilds(interaction)) return;
      if (interaction.isChatInputCommand()) await command(interaction);
      else if (interaction.isAutocomplete()) await autocomplete(interaction);
      else if (interaction.isButton()) await button(interaction);
      else if (interaction.isStringSelectMenu() && management !== undefined) await management.select(interaction);
    } catch (error) {
      logger.warn({ err: errorSummary(error), interaction: interaction.type }, 'interaction not answered');
    }
  };
}

/** The management side when the monitor lends its SDK clients and the configuration is known. */
function managementOf(context: InteractionContext): Management | undefined {
  const { monitor, config, store, clock, subscriptions } = context;
  const client = monitor.client?.bind(monitor);
  if (client === undefined || config === undefined || store === undefined || clock === undefined) return undefined;
  return createManagement({ config, monitor: { snapshot: () => monitor.snapshot(), instanceNames: () => monitor.instanceNames(), refresh: (name) => monitor.refresh(name), client }, store, clock, logger: context.logger, rest: context.rest, subscriptions });
}
