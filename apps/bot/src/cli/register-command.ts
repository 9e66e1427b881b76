/**
 * `discarr register-commands`: registers the slash commands now: globally (`--global` or
 * `discord.globalCommands`), in the configured `discord.guildIds`, or else in every guild the bot is
 * in (listed over REST with the token, no gateway connection needed).
 */
import { REST, Routes, type RESTGetCurrentApplicationResult } from 'discord.js';
import type { LoadedConfig } from '../config/load-config.ts';
import { commandScope } from '../discord/command-registration.ts';
import { listBotGuilds, registerGlobalCommands, registerGuildCommands } from '../discord/commands.ts';
import type { Logger } from '../logging.ts';
import type { CliIo } from './cli-io.ts';

export async function runRegisterCommands(loaded: LoadedConfig, logger: Logger, io: CliIo, forceGlobal: boolean): Promise<number> {
  const { discord } = loaded.config;
  if (discord.token === undefined) {
    io.stderr.write('discord.token is missing: set DISCORD_TOKEN (or DISCORD_TOKEN_FILE, or discord.token in discarr.yml) to register commands.\n');
    return 1;
  }
  const rest = new REST({ version: '10', ...(io.env.DISCARR_DISCORD_REST_API ? { api: io.env.DISCARR_DISCORD_REST_API } : {}) }).setToken(discord.token);
  const scope = commandScope(discord, forceGlobal);
  try {
    const applicationId = discord.applicationId ?? ((await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult).id;
    if (scope === 'global') {
      await registerGlobalCommands(rest, applicationId);
      io.stdout.write('Commands registered globally (they can take up to an hour to appear).\n');
      return 0;
    }
    const configured = scope === 'configured guilds';
    const guilds = configured ? discord.guildIds.map((id) => ({ id, name: '' })) : await listBotGuilds(rest);
    if (guilds.length === 0) {
      io.stderr.write(
        'The bot is in no guild, so there is nowhere to register the commands. Invite it first (scopes bot and applications.commands):\n' +
          `  https://discord.com/oauth2/authorize?client_id=${applicationId}&scope=bot+applications.commands\n` +
          'then run this again; or list guilds in discord.guildIds (DISCARR_DISCORD_GUILD_IDS), or pass --global (takes up to an hour to appear).\n',
      );
      return 1;
    }
    let failed = 0;
    for (const guild of guilds) {
      const label = guild.name === '' ? guild.id : `${guild.name} (${guild.id})`;
      try {
        await registerGuildCommands(rest, applicationId, guild.id);
        io.stdout.write(`  registered in ${label}\n`);
      } catch (error) {
        failed += 1;
        logger.error({ err: error, guild: guild.id }, 'registering the commands failed');
        io.stderr.write(`  NOT registered in ${label}: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    const which = configured ? 'configured guild(s)' : 'guild(s) the bot is in';
    if (failed > 0) {
      io.stderr.write(`Commands registered in ${guilds.length - failed} of ${guilds.length} ${which}.\n`);
      return 1;
    }
    io.stdout.write(`Commands registered in ${guilds.length} ${which}.\n`);
    return 0;
  } catch (error) {
    logger.error({ err: error }, 'registering the commands failed');
    return 1;
  }
}
