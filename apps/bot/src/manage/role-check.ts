/**
 * `discarr config check`'s look at the permission map against Discord: role ids that none of the
 * bot's guilds has are warnings (a deleted role, an id copied from another server). Needs the token;
 * without one, or when Discord cannot be asked, it says nothing rather than guess.
 */
import { REST, Routes, type RESTGetAPIGuildRolesResult } from 'discord.js';
import { unknownRoleWarnings } from '../config/permissions.ts';
import type { BotConfig } from '../contracts.ts';
import { listBotGuilds } from '../discord/commands.ts';

/** The report's lines (empty when there is nothing to say). `restApi` overrides Discord's REST base (the tests' fake Discord). */
export async function permissionRoleReport(config: BotConfig, restApi: string | undefined): Promise<string> {
  const grants = config.permissions?.grants ?? [];
  if (config.discord.token === undefined || !grants.some((grant) => (grant.roles?.length ?? 0) > 0)) return '';
  const rest = new REST({ version: '10', timeout: 5000, retries: 0, ...(restApi === undefined || restApi === '' ? {} : { api: restApi }) }).setToken(config.discord.token);
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
    return 'Permission roles not checked: Discord could not be asked for the bot\'s guilds.\n';
  }
  const warnings = unknownRoleWarnings(config.permissions, rolesByGuild);
  if (rolesByGuild.size === 0) return '';
  return warnings.length === 0 ? `Permission roles: every role id exists (${rolesByGuild.size} guild(s) checked).\n` : `${['Permission warnings', ...warnings.map((warning) => `  ! ${warning}`)].join('\n')}\n`;
}
