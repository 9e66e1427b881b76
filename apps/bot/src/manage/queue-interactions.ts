/**
 * The queue actions as Discord interactions: the alerts' buttons (`action:<kind>:<instance>:<id>`,
 * made by render/notification-render.ts, whose format this keeps) and the `/queue` picker lead to a
 * confirmation (remove, blocklist, retry) or to the files a blocked import offers. Each needs
 * `manage` on the instance; each outcome is audited.
 */
import { ButtonStyle, ComponentType, MessageFlags, type ButtonInteraction, type StringSelectMenuInteraction } from 'discord.js';
import { QUEUE_PICK_ID } from '../render/command-render.ts';
import { ACTION_PREFIX, parseActionId, type ActionKind } from '../render/notification-render.ts';
import { escapeMarkdown, truncate } from '../render/format.ts';
import { parseConfirmation } from './confirmations.ts';
import { gate, type ManageContext } from './context.ts';
import { createManualImportFlow, IMPORT_SELECT_PREFIX } from './manual-import-flow.ts';
import { createQueueConfirmations } from './queue-confirm.ts';
import { STRINGS } from './strings.ts';


export interface QueueInteractions {
  /** Handles the button when it is one of the queue actions'; false otherwise. */
  button(interaction: ButtonInteraction): Promise<boolean>;
  /** Handles the select when it is one of the queue actions'; false otherwise. */
  select(interaction: StringSelectMenuInteraction): Promise<boolean>;
}

export function createQueueInteractions(context: ManageContext): QueueInteractions {
  const confirmations = createQueueConfirmations(context);
  const manualImport = createManualImportFlow(context);

  /** The download as the monitor's snapshot knows it (no request). */
  function snapshotItem(instance: string, downloadId: string) {
    return context.monitor.snapshot().instances.find((one) => one.name === instance)?.queue.find((item) => item.download.downloadId === downloadId);
  }

  async function onAction(interaction: ButtonInteraction, kind: ActionKind, instance: string, downloadId: string): Promise<void> {
    const actor = await gate(context, interaction, 'manage', instance, `queue.${kind}`);
    if (actor === undefined) return;
    const item = snapshotItem(instance, downloadId);
    const title = item === undefined ? downloadId : item.media.title || item.title;
    if (kind === 'manualImport') await manualImport.offer(interaction, { instance, downloadId, title, actor });
    else await confirmations.ask(interaction, { kind, instance, downloadId, title, actor });
  }

  /** `/queue`'s picker: the chosen download's actions, for members who may manage it. */
  async function onPick(interaction: StringSelectMenuInteraction): Promise<void> {
    const [value = ''] = interaction.values;
    const separator = value.indexOf('|');
    const instance = value.slice(0, separator);
    const downloadId = value.slice(separator + 1);
    const actor = await gate(context, interaction, 'manage', instance, 'queue.pick');
    if (actor === undefined) return;
    const item = snapshotItem(instance, downloadId);
    const kinds: { kind: ActionKind; label: string; style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Danger }[] = [
      { kind: 'retry', label: STRINGS.actionWord('retry'), style: ButtonStyle.Primary },
      { kind: 'blocklist', label: STRINGS.actionWord('blocklist'), style: ButtonStyle.Secondary },
      { kind: 'remove', label: STRINGS.actionWord('remove'), style: ButtonStyle.Danger },
    ];
    if (item?.state === 'importBlocked') kinds.unshift({ kind: 'manualImport', label: STRINGS.actionWord('manualImport'), style: ButtonStyle.Primary });
    const buttons = kinds
      .map((one) => ({ type: ComponentType.Button as const, style: one.style, label: truncate(one.label, 80), custom_id: `${ACTION_PREFIX}${one.kind}:${instance}:${downloadId}` }))
      .filter((button) => button.custom_id.length <= 100);
    const title = escapeMarkdown(item === undefined ? downloadId : item.media.title || item.title);
    await interaction.reply({ content: STRINGS.queueActionsFor(title, instance), components: [{ type: ComponentType.ActionRow, components: buttons }], flags: MessageFlags.Ephemeral });
  }

  return {
    async button(interaction) {
      const action = parseActionId(interaction.customId);
      if (action !== undefined) {
        await onAction(interaction, action.kind, action.instance, action.downloadId);
        return true;
      }
      const click = parseConfirmation(interaction.customId);
      if (click === undefined) return false;
      await confirmations.answer(interaction, click);
      return true;
    },
    async select(interaction) {
      if (interaction.customId === QUEUE_PICK_ID) {
        await onPick(interaction);
        return true;
      }
      if (!interaction.customId.startsWith(IMPORT_SELECT_PREFIX)) return false;
      await manualImport.choose(interaction, interaction.customId.slice(IMPORT_SELECT_PREFIX.length));
      return true;
    },
  };
}
