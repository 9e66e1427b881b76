/**
 * Manual import of a blocked download from Discord: the files the app offers
 * (`GET /manualimport?downloadId=`) in a select, with the app's rejections; the chosen one imported
 * through the SDK's manual-import helper (the ManualImport command), waited for, audited. A select
 * is applied once: a second choice is told what happened.
 */
import { ComponentType, MessageFlags, type ButtonInteraction, type StringSelectMenuInteraction } from 'discord.js';
import { escapeMarkdown, formatBytes, truncate } from '../render/format.ts';
import { claimRefusal, ConfirmationBook } from './confirmations.ts';
import { audited, type Actor, type ManageContext } from './context.ts';
import { logDetail, userMessageFor } from './instance-errors.ts';
import { resolveInstance } from './instances.ts';
import { applyImport, importCandidates, type ImportCandidate } from './queue-actions.ts';
import { STRINGS } from './strings.ts';

/** The manual-import select: `m:mi:<token>`. */
export const IMPORT_SELECT_PREFIX = 'm:mi:';
/** How long the select stays usable. */
const SESSION_TTL_MS = 15 * 60_000;

export interface ImportRequest {
  instance: string;
  downloadId: string;
  title: string;
  actor: Actor;
}

interface ImportSession extends ImportRequest {
  candidates: ImportCandidate[];
}

const REFUSALS = { expired: STRINGS.expired, running: STRINGS.inProgress, done: STRINGS.alreadyDone, cancelled: STRINGS.cancelled };

export interface ManualImportFlow {
  /** Answers the Manual import button: defers, reads the candidates, shows them in a select. */
  offer(interaction: ButtonInteraction, request: ImportRequest): Promise<void>;
  /** Applies the chosen candidate. */
  choose(interaction: StringSelectMenuInteraction, token: string): Promise<void>;
}

export function createManualImportFlow(context: ManageContext): ManualImportFlow {
  const sessions = new ConfirmationBook<ImportSession>(context.clock, SESSION_TTL_MS);
  return {
    async offer(interaction, request) {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const resolved = resolveInstance(context.monitor, request.instance);
      if ('error' in resolved) {
        await interaction.editReply({ content: resolved.error });
        return;
      }
      let candidates: ImportCandidate[];
      try {
        candidates = await importCandidates(resolved, request.downloadId);
      } catch (error) {
        context.logger.warn({ err: logDetail(error), instance: request.instance }, 'manual-import candidates could not be read');
        await interaction.editReply({ content: userMessageFor(error, request.instance) });
        return;
      }
      if (candidates.length === 0) {
        await interaction.editReply({ content: STRINGS.manualImportNone(request.instance) });
        return;
      }
      const token = sessions.create({ ...request, candidates });
      await interaction.editReply(candidatesMessage(request.title, candidates.slice(0, 25), token));
    },

    async choose(interaction, token) {
      const claim = sessions.confirm(token);
      if (claim.kind !== 'run') {
        await interaction.reply({ content: claimRefusal(claim, REFUSALS), flags: MessageFlags.Ephemeral });
        return;
      }
      const startedAt = context.clock.now();
      await interaction.deferUpdate();
      const session = claim.payload;
      const candidate = session.candidates.find((one) => String(one.index) === interaction.values[0]);
      const result = await apply(context, session, candidate);
      claim.finish(result.message);
      audited(context, session.actor, startedAt, { action: 'queue.manualImport', instance: session.instance, target: session.title, outcome: result.ok ? 'done' : 'failed', detail: result.message });
      await interaction.editReply({ content: result.message, embeds: [], components: [] });
    },
  };
}

async function apply(context: ManageContext, session: ImportSession, candidate: ImportCandidate | undefined): Promise<{ ok: boolean; message: string }> {
  const resolved = resolveInstance(context.monitor, session.instance);
  if ('error' in resolved) return { ok: false, message: resolved.error };
  if (candidate?.file === undefined) return { ok: false, message: STRINGS.manualImportNoMedia };
  try {
    const status = await applyImport(resolved, candidate, context.commandWait);
    return { ok: status === 'completed', message: STRINGS.manualImportDone(escapeMarkdown(candidate.name), session.instance, status) };
  } catch (error) {
    context.logger.warn({ err: logDetail(error), instance: session.instance }, 'manual import failed');
    return { ok: false, message: userMessageFor(error, session.instance) };
  }
}

function candidatesMessage(title: string, candidates: ImportCandidate[], token: string) {
  const lines = candidates.map(
    (candidate) =>
      `• **${truncate(escapeMarkdown(candidate.name), 150)}** · ${candidate.quality ?? '?'} · ${formatBytes(candidate.size)}${candidate.rejections.length === 0 ? '' : `\n  ⚠️ ${truncate(escapeMarkdown(candidate.rejections.join('; ')), 300)}`}`,
  );
  return {
    embeds: [{ title: truncate(STRINGS.manualImportTitle(title), 256), description: `${STRINGS.manualImportPick}\n\n${lines.join('\n')}`.slice(0, 4000), color: 0xe67e22 }],
    components: [
      {
        type: ComponentType.ActionRow as const,
        components: [
          {
            type: ComponentType.StringSelect as const,
            custom_id: `${IMPORT_SELECT_PREFIX}${token}`,
            placeholder: STRINGS.manualImportPlaceholder,
            options: candidates.map((candidate) => ({
              label: truncate(candidate.name, 100),
              value: String(candidate.index),
              description: truncate([candidate.quality ?? '?', formatBytes(candidate.size), ...candidate.rejections].join(' · '), 100),
            })),
          },
        ],
      },
    ],
  };
}
