/**
 * The audit trail: every management action (who, what, which instance, outcome, duration) goes to
 * the log and, when configured, to an audit channel. Posting is best effort: a channel Discord
 * refuses is logged and never fails the action.
 */
import { Routes, type REST } from 'discord.js';
import type { Logger } from 'pino';
import { errorSummary } from '../discord/error-summary.ts';
import { escapeMarkdown, truncate } from '../render/format.ts';

/** One management action, as audited. */
export interface AuditRecord {
  /** The Discord user id and name. */
  userId: string;
  userName: string;
  /** What was done, e.g. `queue.remove`, `movie.add`, `search.missing`. */
  action: string;
  instance?: string;
  /** What it was done to (a title), when there is one. */
  target?: string;
  outcome: 'done' | 'refused' | 'failed' | 'expired' | 'cancelled';
  /** A short detail of the outcome (the error, the command status). */
  detail?: string;
  durationMs: number;
}

export interface Audit {
  record(entry: AuditRecord): void;
  /** Resolves when every audit message posted so far has been answered (tests, shutdown). */
  settled(): Promise<void>;
}

const OUTCOME_ICONS: Record<AuditRecord['outcome'], string> = { done: '✅', refused: '⛔', failed: '❌', expired: '⌛', cancelled: '↩️' };

/** The one line an audit channel gets for a record. */
export function auditLine(entry: AuditRecord): string {
  const parts = [`${OUTCOME_ICONS[entry.outcome]} <@${entry.userId}> \`${entry.action}\``];
  if (entry.instance !== undefined) parts.push(`on \`${entry.instance}\``);
  if (entry.target !== undefined) parts.push(`“${truncate(escapeMarkdown(entry.target), 200)}”`);
  parts.push(`→ ${entry.outcome}${entry.detail === undefined ? '' : `: ${truncate(escapeMarkdown(entry.detail), 300)}`}`, `(${entry.durationMs} ms)`);
  return parts.join(' ');
}

export function createAudit(options: { rest: REST | undefined; channel: string | undefined; logger: Logger }): Audit {
  const logger = options.logger.child({ component: 'audit' });
  const inFlight = new Set<Promise<void>>();
  return {
    record(entry) {
      logger.info({ audit: entry }, `${entry.action} by ${entry.userName} (${entry.userId})${entry.instance === undefined ? '' : ` on ${entry.instance}`}: ${entry.outcome}`);
      const { rest, channel } = options;
      if (rest === undefined || channel === undefined) return;
      const posting = rest
        .post(Routes.channelMessages(channel), { body: { content: auditLine(entry), allowed_mentions: { parse: [] } } })
        .then(
          () => undefined,
          (error: unknown) => {
            logger.warn({ err: errorSummary(error), channel }, 'could not write to the audit channel');
          },
        );
      inFlight.add(posting);
      void posting.finally(() => inFlight.delete(posting));
    },
    async settled() {
      await Promise.all([...inFlight]);
    },
  };
}
