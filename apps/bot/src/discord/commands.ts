/**
 * The read commands of part 1 (`/status`, `/queue`, `/health`, `/diskspace`) and their
 * registration: per guild at start (instant), or globally when configured (up to an hour).
 */
import { Routes, SlashCommandBuilder } from 'discord.js';
import type { REST, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

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
  guildIds: readonly string[];
  /** Register globally instead of per guild. */
  global: boolean;
}

/** Overwrites the application's commands (a bulk PUT: commands removed from the list disappear). */
export async function registerCommands(options: RegisterCommandsOptions): Promise<void> {
  const body = commandDefinitions();
  if (options.global) {
    await options.rest.put(Routes.applicationCommands(options.applicationId), { body });
    return;
  }
  for (const guildId of options.guildIds) {
    await options.rest.put(Routes.applicationGuildCommands(options.applicationId, guildId), { body });
  }
}
