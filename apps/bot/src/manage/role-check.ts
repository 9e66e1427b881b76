/**
 * The permission map against Discord: role ids that none of the bot's guilds has are warnings (a
 * deleted role, an id copied from another server). `discarr config check` prints them; the bot logs
 * them when it starts. When Discord cannot be asked, nothing is claimed either way.
 */
import { REST, Routes, type RESTGetAPIGuildRolesResult } from 'discord.js';
import { unknownRoleWarnings } from '../config/permissions.ts';
import type { BotConfig } from '../contracts.ts';
import { listBotGuilds } from '../discord/commands.ts';

/** The warnings, and how many guilds' roles were read; undefined when Discord could not be asked. */
export async function permissionRoleWarnings(config: BotConfig, rest: REST): Promise<{ warnings: string[]; guilds: number } | undefined> {
  const rolesByGuild = new Map<string, string[]>();
  try {
    const guildIds = config.discord.guildIds.length > 0 ? config.discord.guildIds : (await listBotGuilds(rest)).map((guild) => guild.id);
    for (const guildId of guildIds) {
      try {
        const roles = (await rest.get(Routes.guildRoles(guildId))) as RESTGetAPIGuildRolesResult;
        rolesByGuild.set(guildId, roles.map((role) => role.id));
      } catch {
        // A guild the bot is not in, or cannot read: no evidence either way.
      }
    }
  } catch {
    return undefined;
  }
  return { warnings: unknownRoleWarnings(config.permissions, rolesByGuild), guilds: rolesByGuild.size };
}

/** Whether the permission map names any role (else there is nothing to check). */
export function namesRoles(config: BotConfig): boolean {
  return (config.permissions?.grants ?? []).some((grant) => (grant.roles?.length ?? 0) > 0);
}

/** `discarr config check`'s lines (empty when there is nothing to say). `restApi` overrides Discord's REST base (the tests' fake Discord). */
export async function permissionRoleReport(config: BotConfig, restApi: string | undefined): Promise<string> {
  if (config.discord.token === undefined || !namesRoles(config)) return '';
  const rest = new REST({ version: '10', timeout: 5000, retries: 0, ...(restApi === undefined || restApi === '' ? {} : { api: restApi }) }).setToken(config.discord.token);
  const checked = await permissionRoleWarnings(config, rest);
  if (checked === undefined) return "Permission roles not checked: Discord could not be asked for the bot's guilds.\n";
  if (checked.guilds === 0) return '';
  if (checked.warnings.length === 0) return `Permission roles: every role id exists (${checked.guilds} guild(s) checked).\n`;
  return `${['Permission warnings', ...checked.warnings.map((warning) => `  ! ${warning}`)].join('\n')}\n`;
}
