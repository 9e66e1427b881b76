/**
 * The read commands of part 1 (`/status`, `/queue`, `/health`, `/diskspace`) and their
 * registration: per guild at start (instant), in the configured guilds or else in every guild the bot
 * is in, or globally when configured (up to an hour).
 */
import { Routes, SlashCommandBuilder } from 'discord.js';
import type { REST, RESTGetAPICurrentUserGuildsResult, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

export const COMMAND_NAMES = ['status', 'queue', 'health', 'diskspace'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

function withInstance(builder: SlashCommandBuilder, description: string): SlashCommandBuilder {
  builder.addStringOption((option) => option.setName('instance').setDescription(description).setAutocomplete(true).setRequired(false));
  return builder;
}

/** The command definitions, as the JSON Discord takes. */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [
    new SlashCommandBuilder().setName('status').setDescription('Reachability, version and activity of every Radarr and Sonarr instance'),
    withInstance(new SlashCommandBuilder().setName('queue').setDescription('Downloads in the queue, with progress'), 'Only this instance'),
    withInstance(new SlashCommandBuilder().setName('health').setDescription('Health checks reported by the instances'), 'Only this instance'),
    withInstance(new SlashCommandBuilder().setName('diskspace').setDescription('Free disk space of the instances'), 'Only this instance'),
  ].map((builder) => builder.toJSON());
}

export interface RegisterCommandsOptions {
  rest: REST;
  applicationId: string;
  /** The guilds to register in; must not be empty unless `global`. */
  guildIds: readonly string[];
  /** Register globally instead of per guild. */
  global: boolean;
}

/**
 * Overwrites the application's commands (a bulk PUT: commands removed from the list disappear),
 * globally or in each of `guildIds`. An empty guild list is an error, not a silent no-op: to cover
 * every guild the bot is in, list them first ({@link listBotGuilds}, or the client's guild cache).
 */
export async function registerCommands(options: RegisterCommandsOptions): Promise<void> {
  if (options.global) {
    await registerGlobalCommands(options.rest, options.applicationId);
    return;
  }
  if (options.guildIds.length === 0) throw new RangeError('registerCommands: no guild to register the commands in');
  for (const guildId of options.guildIds) await registerGuildCommands(options.rest, options.applicationId, guildId);
}

/** PUT of the commands in one guild: they appear there at once. */
export async function registerGuildCommands(rest: REST, applicationId: string, guildId: string): Promise<void> {
  await rest.put(Routes.applicationGuildCommands(applicationId, guildId), { body: commandDefinitions() });
}

/** PUT of the global commands: they can take up to an hour to appear everywhere. */
export async function registerGlobalCommands(rest: REST, applicationId: string): Promise<void> {
  await rest.put(Routes.applicationCommands(applicationId), { body: commandDefinitions() });
}

/** Every guild the bot is in, from REST (`GET /users/@me/guilds`, 200 a page), without a gateway connection. */
export async function listBotGuilds(rest: REST): Promise<{ id: string; name: string }[]> {
  const guilds: { id: string; name: string }[] = [];
  let after: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: '200' });
    if (after !== undefined) query.set('after', after);
    const page = (await rest.get(Routes.userGuilds(), { query })) as RESTGetAPICurrentUserGuildsResult;
    guilds.push(...page.map((guild) => ({ id: guild.id, name: guild.name })));
    const last = page.at(-1);
    if (page.length < 200 || last === undefined) return guilds;
    after = last.id;
  }
}
