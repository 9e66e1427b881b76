/**
 * Who may do what: a member's capabilities on an instance, from the permission map
 * (`config/permissions.ts`), the member's roles and whether they have Manage Server.
 */
import { PermissionFlagsBits, type Interaction } from 'discord.js';
import { PERMISSIONS_DEFAULTS, type Capability, type PermissionsConfig } from '../config/permissions.ts';

/** The facts about a member a permission decision needs. */
export interface MemberFacts {
  userId: string;
  roleIds: readonly string[];
  /** Manage Server: every capability on every instance. */
  manageGuild: boolean;
}

/** The member behind an interaction; undefined outside a guild (a DM), where nothing is allowed. */
export function memberFacts(interaction: Interaction): MemberFacts | undefined {
  if (!interaction.inGuild()) return undefined;
  const member = interaction.member;
  const roleIds = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  return { userId: interaction.user.id, roleIds, manageGuild: interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild) };
}

/** Whether `member` has `capability` on `instance`. */
export function allows(permissions: PermissionsConfig | undefined, member: MemberFacts, capability: Capability, instance: string | undefined): boolean {
  if (member.manageGuild) return true;
  const map = permissions ?? PERMISSIONS_DEFAULTS;
  if (map.everyone.includes(capability)) return true;
  return map.grants.some((grant) => {
    if (!grant.capabilities.includes(capability)) return false;
    if (grant.instances !== undefined && (instance === undefined || !grant.instances.some((name) => name.toLowerCase() === instance.toLowerCase()))) return false;
    return (grant.users ?? []).includes(member.userId) || (grant.roles ?? []).some((role) => member.roleIds.includes(role));
  });
}
