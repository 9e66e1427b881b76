/**
 * Who may do what with the management commands: the `permissions` key of `discarr.yml`. Discord
 * roles (and optionally user ids) are granted capabilities, on every instance or on the listed ones:
 * `read` (the read commands), `request` (search and add), `manage` (queue actions, refresh) and
 * `search` (trigger searches). Everyone in the guild has `everyone` (default `read`); members with
 * Manage Server have every capability, so an operator can never lock themselves out.
 *
 * @example
 * ```yaml
 * permissions:
 *   grants:
 *     - roles: ["123456789012345678"]        # @Family
 *       capabilities: [request]
 *     - roles: ["223456789012345678"]        # @Mods
 *       instances: [radarr-4k]
 *       capabilities: [request, manage, search]
 *   auditChannel: "323456789012345678"
 * ```
 */
import { z } from 'zod';

/** What a member may do; each command and button needs one. */
export const CAPABILITIES = ['read', 'request', 'manage', 'search'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Capabilities granted to some roles or users. */
export interface PermissionGrant {
  /** Role ids; a member with any of them gets the capabilities. */
  roles?: string[];
  /** User ids; these users get the capabilities. */
  users?: string[];
  /** Instance names the grant covers; every instance when absent. */
  instances?: string[];
  capabilities: Capability[];
}

/** The `permissions` key. */
export interface PermissionsConfig {
  /** What every member of the guild may do, on every instance. Default `['read']`. */
  everyone: Capability[];
  /** Capabilities granted to roles or users. Default none (only Manage Server members manage). */
  grants: PermissionGrant[];
  /** A channel every management action is written to (who, what, which instance, outcome, duration). */
  auditChannel?: string;
  /** Adding a movie or series through the bot subscribes the requester to its import (`/notify`). Default true. */
  subscribeOnAdd: boolean;
}

/** The defaults of the `permissions` key. */
export const PERMISSIONS_DEFAULTS: PermissionsConfig = { everyone: ['read'], grants: [], subscribeOnAdd: true };

/** The same separator as config-schema's FIX_SEPARATOR (which imports this module, so it cannot be imported here). */
const FIX = '\u241F';
const says = (problem: string, fix: string): string => `${problem}${FIX}${fix}`;

const discordId = z
  .union([z.string(), z.number().int()])
  .transform(String)
  .pipe(z.string().regex(/^\d{17,20}$/, says('is not a Discord id (17 to 20 digits)', 'copy it with Developer Mode on: right-click the role, user or channel > Copy ID')));

const capability = z.enum(CAPABILITIES, says('is not a capability', `use one of ${CAPABILITIES.join(', ')}`));

const grantSchema = z
  .strictObject({
    roles: z.array(discordId).optional(),
    users: z.array(discordId).optional(),
    instances: z.array(z.string()).optional(),
    capabilities: z.array(capability, says('is missing', `list what the grant allows, e.g. capabilities: [request] (one of ${CAPABILITIES.join(', ')})`)).min(1, says('is empty', 'list at least one capability')),
  })
  .refine((grant) => (grant.roles?.length ?? 0) + (grant.users?.length ?? 0) > 0, says('grants to nobody', 'list role ids under roles: or user ids under users:'));

/** The schema of the `permissions` key, defaults filled in. */
export const permissionsSchema = z
  .strictObject({
    everyone: z.array(capability).default(() => [...PERMISSIONS_DEFAULTS.everyone]),
    grants: z.array(grantSchema).default(() => []),
    auditChannel: discordId.optional(),
    subscribeOnAdd: z.boolean().default(PERMISSIONS_DEFAULTS.subscribeOnAdd),
  })
  .prefault({});

/** A problem of the permission map found across keys, in config-schema's cross-field form. */
export interface PermissionIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Checks the raw `permissions` value against the configured instance names: a grant naming an
 * unknown instance is an error (a typo would silently grant nothing).
 */
export function permissionIssues(raw: unknown, instanceNames: readonly string[]): PermissionIssue[] {
  const grants = typeof raw === 'object' && raw !== null && Array.isArray((raw as { grants?: unknown }).grants) ? ((raw as { grants: unknown[] }).grants) : [];
  const known = new Set(instanceNames.map((name) => name.toLowerCase()));
  const issues: PermissionIssue[] = [];
  grants.forEach((grant, grantIndex) => {
    const instances = typeof grant === 'object' && grant !== null ? (grant as { instances?: unknown }).instances : undefined;
    if (!Array.isArray(instances)) return;
    instances.forEach((name: unknown, index) => {
      if (typeof name === 'string' && !known.has(name.toLowerCase())) {
        issues.push({ path: ['permissions', 'grants', grantIndex, 'instances', index], message: says('names no configured instance', `use one of: ${instanceNames.join(', ') || '(none configured)'}`) });
      }
    });
  });
  return issues;
}

/**
 * Warnings for role ids the permission map names that no guild has (a role deleted, or copied from
 * another server). `rolesByGuild` holds the role ids of each guild the bot can see.
 */
export function unknownRoleWarnings(permissions: PermissionsConfig | undefined, rolesByGuild: ReadonlyMap<string, readonly string[]>): string[] {
  if (permissions === undefined || rolesByGuild.size === 0) return [];
  const everyRole = new Set([...rolesByGuild.values()].flat());
  const warnings: string[] = [];
  permissions.grants.forEach((grant, index) => {
    for (const role of grant.roles ?? []) {
      if (!everyRole.has(role)) warnings.push(`permissions.grants[${index}].roles: role ${role} exists in none of the bot's guilds (${[...rolesByGuild.keys()].join(', ')}); it grants nothing until it does`);
    }
  });
  return warnings;
}
