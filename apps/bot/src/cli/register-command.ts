/** `discarr register-commands`: registers the slash commands now (per guild, or globally). */
import { REST, Routes, type RESTGetCurrentApplicationResult } from 'discord.js';
import type { LoadedConfig } from '../config/load-config.ts';
import { registerCommands } from '../discord/commands.ts';
import type { Logger } from '../logging.ts';
import type { CliIo } from './run-cli.ts';

export async function runRegisterCommands(loaded: LoadedConfig, logger: Logger, io: CliIo, forceGlobal: boolean): Promise<number> {
  const { discord } = loaded.config;
  if (discord.token === undefined) {
    io.stderr.write('discord.token is missing: set DISCORD_TOKEN (or DISCORD_TOKEN_FILE, or discord.token in discarr.yml) to register commands.\n');
    return 1;
  }
  const rest = new REST({ version: '10', ...(io.env.DISCARR_DISCORD_REST_API ? { api: io.env.DISCARR_DISCORD_REST_API } : {}) }).setToken(discord.token);
  const global = forceGlobal || discord.globalCommands;
  if (!global && discord.guildIds.length === 0) {
    io.stderr.write('No guild to register in: set discord.guildIds (or DISCARR_DISCORD_GUILD_IDS), or pass --global (takes up to an hour to appear).\n');
    return 1;
  }
  try {
    const applicationId = discord.applicationId ?? ((await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult).id;
    await registerCommands({ rest, applicationId, guildIds: discord.guildIds, global });
    io.stdout.write(global ? 'Commands registered globally (they can take up to an hour to appear).\n' : `Commands registered in ${discord.guildIds.length} guild(s).\n`);
    return 0;
  } catch (error) {
    logger.error({ err: error }, 'registering the commands failed');
    return 1;
  }
}
