/**
 * The slash commands (the read commands, and the management commands of `../manage/`) and their
 * registration: per guild at start (instant), in the configured guilds or else in every guild the bot
 * is in, or globally when configured (up to an hour).
 */
import { Routes, SlashCommandBuilder, SlashCommandSubcommandBuilder } from 'discord.js';
import type { REST, RESTGetAPICurrentUserGuildsResult, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

export const COMMAND_NAMES = ['status', 'queue', 'health', 'diskspace', 'movie', 'series', 'search', 'refresh', 'calendar', 'wanted', 'notify', 'discarr'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

type Options = SlashCommandBuilder | SlashCommandSubcommandBuilder;

function withInstance<T extends Options>(builder: T, description = 'Only this instance'): T {
  builder.addStringOption((option) => option.setName('instance').setDescription(description).setAutocomplete(true).setRequired(false));
  return builder;
}

function withTitle<T extends Options>(builder: T, description: string, required = true): T {
  builder.addStringOption((option) => option.setName('title').setDescription(description).setAutocomplete(true).setRequired(required).setMaxLength(200));
  return builder;
}

function mediaSearch(name: 'movie' | 'series', what: string): SlashCommandBuilder {
  const builder = new SlashCommandBuilder().setName(name).setDescription(`Find a ${what} and add it`);
  builder.addSubcommand((sub) => withInstance(withTitle(sub.setName('search').setDescription(`Look a ${what} up, see whether it is in the library, add it`), `The ${what}'s title`), 'Look it up on this instance'));
  return builder;
}

/** The command definitions, as the JSON Discord takes. */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const search = new SlashCommandBuilder().setName('search').setDescription('Trigger searches on the instances');
  search.addSubcommand((sub) => withInstance(sub.setName('missing').setDescription('Search for every monitored item without a file')));
  search.addSubcommand((sub) => withInstance(sub.setName('cutoff').setDescription('Search for upgrades of every item below its quality cutoff')));
  search.addSubcommand((sub) => withInstance(withTitle(sub.setName('item').setDescription('Search for one movie or series now'), 'A title in the library')));
  const notify = new SlashCommandBuilder().setName('notify').setDescription('Be told when something is imported');
  notify.addSubcommand((sub) =>
    withInstance(withTitle(sub.setName('me').setDescription('Get a DM when this movie, series, season or episode is imported'), 'A title in the library'))
      .addIntegerOption((option) => option.setName('season').setDescription('Only this season of the series').setAutocomplete(true).setMinValue(0).setRequired(false))
      .addIntegerOption((option) => option.setName('episode').setDescription('Only this episode of the season').setAutocomplete(true).setMinValue(1).setRequired(false)),
  );
  notify.addSubcommand((sub) => sub.setName('list').setDescription('What you are waiting for'));
  notify.addSubcommand((sub) => sub.setName('cancel').setDescription('Stop waiting for something').addStringOption((option) => option.setName('title').setDescription('What to stop waiting for').setAutocomplete(true).setRequired(true)));
  const discarr = new SlashCommandBuilder().setName('discarr').setDescription('About this bot');
  discarr.addSubcommand((sub) => sub.setName('about').setDescription('Version, instances and uptime'));
  const wanted = withInstance(new SlashCommandBuilder().setName('wanted').setDescription('Monitored items without a file, or below their quality cutoff'));
  wanted.addStringOption((option) => option.setName('list').setDescription('Which list (default missing)').addChoices({ name: 'missing', value: 'missing' }, { name: 'cutoff unmet', value: 'cutoff' }).setRequired(false));
  const calendar = withInstance(new SlashCommandBuilder().setName('calendar').setDescription('Upcoming releases, by day'));
  calendar.addIntegerOption((option) => option.setName('days').setDescription('How many days ahead (default 7)').setMinValue(1).setMaxValue(60).setRequired(false));
  return [
    new SlashCommandBuilder().setName('status').setDescription('Reachability, version and activity of every Radarr and Sonarr instance'),
    withInstance(new SlashCommandBuilder().setName('queue').setDescription('Downloads in the queue, with progress')),
    withInstance(new SlashCommandBuilder().setName('health').setDescription('Health checks reported by the instances')),
    withInstance(new SlashCommandBuilder().setName('diskspace').setDescription('Free disk space of the instances')),
    mediaSearch('movie', 'movie'),
    mediaSearch('series', 'series'),
    search,
    withTitle(withInstance(new SlashCommandBuilder().setName('refresh').setDescription('Refresh one movie or series, or the monitored downloads')), 'A title in the library (default: the monitored downloads)', false),
    calendar,
    wanted,
    notify,
    discarr,
  ].map((builder) => builder.toJSON());
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
