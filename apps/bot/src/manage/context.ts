/**
 * What every management handler shares: the monitor (for snapshots and the instances' SDK clients),
 * the permission map, the audit trail, time and the log; and the gate every action passes first.
 */
import type { Clock } from '@discarr/monitor';
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type StringSelectMenuInteraction } from 'discord.js';
import type { Logger } from 'pino';
import type { Capability, PermissionsConfig } from '../config/permissions.ts';
import { allows, memberFacts, type MemberFacts } from './access.ts';
import type { Audit, AuditRecord } from './audit.ts';
import type { ManagedMonitor } from './instances.ts';
import { STRINGS } from './strings.ts';

export interface ManageContext {
  monitor: ManagedMonitor;
  permissions: PermissionsConfig | undefined;
  audit: Audit;
  clock: Pick<Clock, 'now'>;
  logger: Logger;
  /** How long a command waits for an instance's command (search, refresh, import) before saying it still runs. */
  commandWait: { timeoutMs: number; pollMs: number };
}

/** The interactions an action can come from. */
export type ActingInteraction = ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction;

/** Who acts, for the audit. */
export interface Actor extends MemberFacts {
  userName: string;
}

/**
 * The gate: the member behind `interaction` must have `capability` on `instance`. When they have
 * not, replies ephemerally with what is missing (no I/O before, so well within Discord's 3 s),
 * audits the refusal and returns undefined.
 */
export async function gate(context: ManageContext, interaction: ActingInteraction, capability: Capability, instance: string | undefined, action: string): Promise<Actor | undefined> {
  const member = memberFacts(interaction);
  if (member === undefined) {
    await interaction.reply({ content: STRINGS.notInGuild, flags: MessageFlags.Ephemeral });
    return undefined;
  }
  const actor = { ...member, userName: interaction.user.username };
  if (allows(context.permissions, member, capability, instance)) return actor;
  await interaction.reply({ content: STRINGS.missingCapability(capability, instance), flags: MessageFlags.Ephemeral });
  context.audit.record({ userId: actor.userId, userName: actor.userName, action, instance, outcome: 'refused', detail: `missing ${capability}`, durationMs: 0 });
  return undefined;
}

/** Audits an action of `actor` that started at `startedAt`. */
export function audited(context: ManageContext, actor: Actor, startedAt: number, entry: Omit<AuditRecord, 'userId' | 'userName' | 'durationMs'>): void {
  context.audit.record({ ...entry, userId: actor.userId, userName: actor.userName, durationMs: Math.max(0, context.clock.now() - startedAt) });
}
