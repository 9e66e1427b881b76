/**
 * Destructive queue actions (remove; blocklist, with or without a new search; retry = blocklist and
 * search again) behind a confirmation that expires after 60 s and runs at most once.
 */
import { ButtonStyle, ComponentType, MessageFlags, type ButtonInteraction } from 'discord.js';
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';
import type { ActionKind } from '../render/notification-render.ts';
import { escapeMarkdown } from '../render/format.ts';
import { CANCEL_PREFIX, claimRefusal, CONFIRM_ALT_PREFIX, CONFIRM_PREFIX, CONFIRMATION_TTL_MS, ConfirmationBook } from './confirmations.ts';
import { audited, type Actor, type ManageContext } from './context.ts';
import { logDetail, userMessageFor } from './instance-errors.ts';
import { resolveInstance, type ResolvedInstance } from './instances.ts';
import { findDownload, mediaFromHistory, removeRecords, searchMedia } from './queue-actions.ts';
import { STRINGS, type QueueActionName } from './strings.ts';

export interface PendingAction {
  kind: Exclude<ActionKind, 'manualImport'>;
  instance: string;
  downloadId: string;
  title: string;
  actor: Actor;
}

const ACTION_NAMES: Record<PendingAction['kind'], QueueActionName> = { remove: 'remove', blocklist: 'blocklist', retry: 'retry' };
const REFUSALS = { expired: STRINGS.expired, running: STRINGS.inProgress, done: STRINGS.alreadyDone, cancelled: STRINGS.cancelled };

export interface QueueConfirmations {
  /** Replies (ephemeral, at once) with the confirmation of `action`. */
  ask(interaction: ButtonInteraction, action: PendingAction): Promise<void>;
  /** A Confirm, alternative Confirm or Cancel click. */
  answer(interaction: ButtonInteraction, click: { confirm: boolean; alternative: boolean; token: string }): Promise<void>;
}

export function createQueueConfirmations(context: ManageContext): QueueConfirmations {
  const book = new ConfirmationBook<PendingAction>(context.clock, CONFIRMATION_TTL_MS);
  return {
    async ask(interaction, action) {
      const token = book.create(action);
      await interaction.reply({ ...prompt(action, token), flags: MessageFlags.Ephemeral });
    },
    async answer(interaction, click) {
      if (!click.confirm) {
        book.cancel(click.token);
        await interaction.update({ content: STRINGS.cancelled, embeds: [], components: [] });
        return;
      }
      const claim = book.confirm(click.token);
      if (claim.kind === 'expired') {
        await interaction.update({ content: STRINGS.expired, embeds: [], components: [] });
        context.audit.record({ userId: interaction.user.id, userName: interaction.user.username, action: 'queue.confirm', outcome: 'expired', durationMs: 0 });
        return;
      }
      if (claim.kind !== 'run') {
        await interaction.reply({ content: claimRefusal(claim, REFUSALS), flags: MessageFlags.Ephemeral });
        return;
      }
      const startedAt = context.clock.now();
      await interaction.deferUpdate();
      const action = claim.payload;
      const result = await execute(context, action, click.alternative);
      claim.finish(result.message);
      audited(context, action.actor, startedAt, { action: `queue.${click.alternative ? 'blocklistOnly' : action.kind}`, instance: action.instance, target: action.title, outcome: result.ok ? 'done' : 'failed', detail: result.message });
      await interaction.editReply({ content: result.message, embeds: [], components: [] });
    },
  };
}

function prompt(action: PendingAction, token: string): { embeds: APIEmbed[]; components: APIActionRowComponent<APIComponentInMessageActionRow>[] } {
  const buttons: { type: ComponentType.Button; style: ButtonStyle.Danger; label: string; custom_id: string }[] = [{ type: ComponentType.Button, style: ButtonStyle.Danger, label: STRINGS.confirmButton, custom_id: `${CONFIRM_PREFIX}${token}` }];
  if (action.kind === 'blocklist') buttons.push({ type: ComponentType.Button, style: ButtonStyle.Danger, label: STRINGS.actionWord('blocklistOnly'), custom_id: `${CONFIRM_ALT_PREFIX}${token}` });
  return {
    embeds: [{ title: STRINGS.confirmTitle(ACTION_NAMES[action.kind]), description: STRINGS.confirmBody(escapeMarkdown(action.title), action.instance, CONFIRMATION_TTL_MS / 1000), color: 0xe67e22 }],
    components: [{ type: ComponentType.ActionRow, components: [...buttons, { type: ComponentType.Button, style: ButtonStyle.Secondary, label: STRINGS.cancelButton, custom_id: `${CANCEL_PREFIX}${token}` }] }],
  };
}

/** Runs a confirmed action: the message for the user and whether it worked. */
async function execute(context: ManageContext, action: PendingAction, alternative: boolean): Promise<{ ok: boolean; message: string }> {
  const resolved = resolveInstance(context.monitor, action.instance);
  if ('error' in resolved) return { ok: false, message: resolved.error };
  try {
    return { ok: true, message: await perform(resolved, action, alternative) };
  } catch (error) {
    context.logger.warn({ err: logDetail(error), instance: action.instance, action: action.kind }, 'queue action failed');
    return { ok: false, message: userMessageFor(error, action.instance) };
  }
}

async function perform(instance: ResolvedInstance, action: PendingAction, alternative: boolean): Promise<string> {
  const records = await findDownload(instance, action.downloadId);
  const title = escapeMarkdown(records?.media.title ?? action.title);
  if (action.kind === 'retry' && records === undefined) {
    // A failed download the app already dropped from the queue: its history says what it was for.
    const media = await mediaFromHistory(instance, action.downloadId);
    if (media === undefined || !(await searchMedia(instance, media))) return STRINGS.noMediaToSearch(instance.name);
    return STRINGS.searchStarted(escapeMarkdown(media.title), instance.name);
  }
  // Idempotent: a second removal (another prompt, another moderator) finds nothing left to do.
  if (records === undefined) return STRINGS.notInQueue(title, instance.name);
  if (action.kind === 'remove') {
    await removeRecords(instance, records, { blocklist: false });
    return STRINGS.removed(title, instance.name);
  }
  // Never grabbed by the app (added to the client by hand): nothing to blocklist, and no claim that it was.
  const { grabbed } = records;
  await removeRecords(instance, records, { blocklist: grabbed });
  const searching = !alternative && (await searchMedia(instance, records.media));
  return grabbed ? STRINGS.blocklisted(title, instance.name, searching) : STRINGS.removedNotGrabbed(title, instance.name, searching);
}
