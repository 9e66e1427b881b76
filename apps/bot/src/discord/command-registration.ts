/**
 * Where the slash commands are registered when the bot starts, in one of three scopes:
 * - `global` (`discord.globalCommands`): one global PUT; they can take up to an hour to appear;
 * - `configured guilds` (`discord.guildIds`): a PUT in each listed guild, instant;
 * - `every guild` (the default, no guild listed): a PUT in each guild the gateway reported at READY
 *   (its GUILD_CREATEs), then in each guild the bot joins later (`guildCreate`) or that comes back
 *   from an outage (`guildAvailable`), instant too.
 * The logs say what was done: the scope, the guilds and how many, and which failed.
 */
import { Events, type Client, type Guild } from 'discord.js';
import type { Logger } from 'pino';
import type { BotConfig } from '../contracts.ts';
import { registerGlobalCommands, registerGuildCommands } from './commands.ts';
import { errorSummary } from './error-summary.ts';

export type CommandScope = 'global' | 'configured guilds' | 'every guild';

/**
 * Where the commands go, decided once for `start` and `discarr register-commands`: globally when
 * configured (or forced, `--global`), else in the configured guilds, else in every guild the bot is in.
 */
export function commandScope(discord: Pick<BotConfig['discord'], 'guildIds' | 'globalCommands'>, forceGlobal = false): CommandScope {
  if (forceGlobal || discord.globalCommands) return 'global';
  return discord.guildIds.length > 0 ? 'configured guilds' : 'every guild';
}

export interface CommandRegistration {
  scope: CommandScope;
  /** Guilds the commands were registered in so far (empty in the global scope). */
  registeredGuilds(): string[];
  /** Resolves when every registration started so far has finished. */
  settled(): Promise<void>;
}

export interface CommandRegistrationOptions {
  /** A client that is ready. */
  client: Client;
  applicationId: string;
  discord: Pick<BotConfig['discord'], 'guildIds' | 'globalCommands'>;
  logger: Logger;
}

/** At most this many guilds are named in one log line. */
const LOGGED_GUILDS = 25;

function describe(guilds: readonly Guild[]): { guilds: string[]; more?: number } {
  const named = guilds.slice(0, LOGGED_GUILDS).map((guild) => `${guild.name} (${guild.id})`);
  return guilds.length > LOGGED_GUILDS ? { guilds: named, more: guilds.length - LOGGED_GUILDS } : { guilds: named };
}

/**
 * Registers the commands for a client that is ready, and, in the `every guild` scope, keeps
 * registering them in the guilds it joins. Listeners are attached before the first await, so no
 * guild joined meanwhile is missed. Never throws: without its commands the bot still delivers.
 */
export async function registerBotCommands(options: CommandRegistrationOptions): Promise<CommandRegistration> {
  const { client, applicationId, discord, logger } = options;
  const scope = commandScope(discord);
  const registered = new Set<string>();
  const inFlight = new Map<string, Promise<boolean>>();

  /** One guild, once at a time; true when Discord accepted it. */
  function registerIn(guildId: string): Promise<boolean> {
    const running = inFlight.get(guildId);
    if (running !== undefined) return running;
    const attempt = registerGuildCommands(client.rest, applicationId, guildId).then(
      () => {
        registered.add(guildId);
        return true;
      },
      (error: unknown) => {
        logger.error({ err: errorSummary(error), guild: guildId, scope }, 'could not register the slash commands in a guild');
        return false;
      },
    );
    const tracked = attempt.finally(() => inFlight.delete(guildId));
    inFlight.set(guildId, tracked);
    return tracked;
  }

  const registration: CommandRegistration = {
    scope,
    registeredGuilds: () => [...registered],
    settled: async () => {
      while (inFlight.size > 0) await Promise.all(inFlight.values());
    },
  };

  if (scope === 'global') {
    try {
      await registerGlobalCommands(client.rest, applicationId);
      logger.info({ scope }, 'slash commands registered globally (they can take up to an hour to appear)');
    } catch (error) {
      logger.error({ err: errorSummary(error), scope }, 'could not register the slash commands globally');
    }
    return registration;
  }

  if (scope === 'configured guilds') {
    const results = await Promise.all(discord.guildIds.map(async (guildId) => [guildId, await registerIn(guildId)] as const));
    const ok = results.filter(([, done]) => done).map(([guildId]) => guildId);
    const failed = results.filter(([, done]) => !done).map(([guildId]) => guildId);
    if (ok.length > 0) logger.info({ scope, guilds: ok, count: ok.length }, `slash commands registered in ${ok.length} configured guild(s)`);
    if (failed.length > 0) logger.error({ scope, guilds: failed, count: failed.length }, `slash commands NOT registered in ${failed.length} of ${discord.guildIds.length} configured guild(s)`);
    return registration;
  }

  // Every guild the bot is in: follow the guilds it joins, leaves, and that come back from an outage.
  const onGuild = (reason: 'joined' | 'available') => (guild: Guild) => {
    if (registered.has(guild.id) || inFlight.has(guild.id)) return;
    void registerIn(guild.id).then((done) => {
      if (done) logger.info({ scope, guild: `${guild.name} (${guild.id})`, reason, count: registered.size }, `slash commands registered in a guild the bot ${reason === 'joined' ? 'joined' : 'regained (it was unavailable)'}`);
    });
  };
  client.on(Events.GuildCreate, onGuild('joined'));
  client.on(Events.GuildAvailable, onGuild('available'));
  client.on(Events.GuildDelete, (guild) => {
    // Left or kicked (an outage is `guildUnavailable`): a later invite registers again.
    registered.delete(guild.id);
  });

  const guilds = [...client.guilds.cache.values()];
  const available = guilds.filter((guild) => guild.available);
  const unavailable = guilds.filter((guild) => !guild.available);
  const results = await Promise.all(available.map(async (guild) => [guild, await registerIn(guild.id)] as const));
  const ok = results.filter(([, done]) => done).map(([guild]) => guild);
  const failed = results.filter(([, done]) => !done).map(([guild]) => guild);
  if (guilds.length === 0) {
    logger.warn({ scope, count: 0 }, 'the bot is in no guild yet, so no slash command is registered: invite it (scopes bot and applications.commands) and they are registered in each guild it joins');
  } else if (ok.length > 0) {
    logger.info({ scope, ...describe(ok), count: ok.length }, `slash commands registered in ${ok.length} guild(s): every guild the bot is in`);
  }
  if (failed.length > 0) logger.error({ scope, ...describe(failed), count: failed.length }, `slash commands NOT registered in ${failed.length} of ${available.length} guild(s)`);
  if (unavailable.length > 0) logger.warn({ scope, guilds: unavailable.map((guild) => guild.id), count: unavailable.length }, `${unavailable.length} guild(s) unavailable (Discord outage): their slash commands are registered when they come back`);
  return registration;
}
