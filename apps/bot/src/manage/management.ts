/**
 * The bot's management side, composed: the permission gate, the audit trail, the lookup cache,
 * the `/notify` subscriptions and every management command, button, select and autocomplete.
 * `../discord/interactions.ts` routes to it.
 */
import type { Clock, StateStore } from '@discarr/monitor';
import { MessageFlags, type AutocompleteInteraction, type ButtonInteraction, type ChatInputCommandInteraction, type REST, type StringSelectMenuInteraction } from 'discord.js';
import type { Logger } from 'pino';
import packageJson from '../../package.json' with { type: 'json' };
import type { BotConfig } from '../contracts.ts';
import { formatDuration } from '../render/format.ts';
import { createAddFlow } from './add-flow.ts';
import { createAudit, type Audit } from './audit.ts';
import { gate, type ManageContext } from './context.ts';
import type { ManagedMonitor } from './instances.ts';
import { createListCommands } from './list-commands.ts';
import { LookupCache } from './lookup-cache.ts';
import { createMediaSearch } from './media-search.ts';
import { createNotifyCommands } from './notify-commands.ts';
import { createQueueInteractions } from './queue-interactions.ts';
import { namesRoles, permissionRoleWarnings } from './role-check.ts';
import { refreshCommand, searchCommand } from './search-commands.ts';
import { STRINGS } from './strings.ts';
import { Subscriptions } from './subscriptions.ts';
import { answerTitleAutocomplete } from './title-options.ts';

export interface ManagementOptions {
  config: BotConfig;
  monitor: ManagedMonitor;
  store: StateStore;
  clock: Clock;
  logger: Logger;
  /** Discord's REST client (audit channel); none in the demo. */
  rest?: REST;
  /**
   * The `/notify me` subscriptions, as the notifier was given them (../sink-wiring.ts): it tells
   * their members through its outbox. Default: a new set on `store` that no notifier tells.
   */
  subscriptions?: Subscriptions;
  /** How long a command waits for an instance's command before saying it still runs. Default 60 s, polled every second. */
  commandWait?: { timeoutMs: number; pollMs: number };
  /** How long autocomplete waits for a lookup that is not cached. Default 1500 ms. */
  autocompleteBudgetMs?: number;
}

/** Each handler answers true when the interaction was its own. */
export interface Management {
  audit: Audit;
  subscriptions: Subscriptions;
  lookups: LookupCache;
  command(interaction: ChatInputCommandInteraction): Promise<boolean>;
  autocomplete(interaction: AutocompleteInteraction): Promise<boolean>;
  button(interaction: ButtonInteraction): Promise<boolean>;
  select(interaction: StringSelectMenuInteraction): Promise<boolean>;
}

export function createManagement(options: ManagementOptions): Management {
  const logger = options.logger.child({ component: 'manage' });
  const permissions = options.config.permissions;
  const audit = createAudit({ rest: options.rest, channel: permissions?.auditChannel, logger });
  const context: ManageContext = { monitor: options.monitor, permissions, audit, clock: options.clock, logger, commandWait: options.commandWait ?? { timeoutMs: 60_000, pollMs: 1000 } };
  const startedAt = options.clock.now();
  const lookups = new LookupCache({ clock: options.clock, logger, budgetMs: options.autocompleteBudgetMs });
  const subscriptions = options.subscriptions ?? new Subscriptions({ store: options.store, logger });
  const notify = createNotifyCommands(context, lookups, subscriptions);
  const subscribeOnAdd = permissions?.subscribeOnAdd ?? true;
  const addFlow = createAddFlow(context, lookups, async ({ actor, channelId, instance, kind, title, libraryId }) => {
    if (!subscribeOnAdd || libraryId <= 0) return false;
    return subscriptions.add({ userId: actor.userId, channelId, instance, kind: kind === 'radarr' ? 'movie' : 'series', libraryId, title });
  });
  const { rest } = options;
  if (rest !== undefined && namesRoles(options.config)) {
    void permissionRoleWarnings(options.config, rest).then((checked) => {
      for (const warning of checked?.warnings ?? []) logger.warn(warning);
    });
  }
  const mediaSearch = createMediaSearch(context, lookups, addFlow);
  const queue = createQueueInteractions(context);
  const lists = createListCommands(context);

  async function about(interaction: ChatInputCommandInteraction): Promise<void> {
    if ((await gate(context, interaction, 'read', undefined, 'about')) === undefined) return;
    const lines = options.monitor.snapshot().instances.map((one) => STRINGS.aboutInstance(one.name, one.kind === 'radarr' ? 'Radarr' : 'Sonarr', one.version, one.state, one.push));
    await interaction.reply({
      embeds: [{ title: STRINGS.aboutTitle, description: [STRINGS.aboutVersion(packageJson.version), STRINGS.aboutUptime(formatDuration(options.clock.now() - startedAt))].join('\n'), fields: [{ name: STRINGS.aboutInstances, value: lines.join('\n').slice(0, 1024) || '—' }], color: 0x5865f2 }],
      flags: MessageFlags.Ephemeral,
    });
  }

  return {
    audit,
    subscriptions,
    lookups,
    async command(interaction) {
      switch (interaction.commandName) {
        case 'movie':
        case 'series':
          await mediaSearch.command(interaction, interaction.commandName === 'movie' ? 'radarr' : 'sonarr');
          return true;
        case 'search':
          await searchCommand(context, lookups, interaction);
          return true;
        case 'refresh':
          await refreshCommand(context, lookups, interaction);
          return true;
        case 'calendar':
          await lists.calendar(interaction);
          return true;
        case 'wanted':
          await lists.wanted(interaction);
          return true;
        case 'notify':
          await notify.command(interaction);
          return true;
        case 'discarr':
          await about(interaction);
          return true;
        default:
          return false;
      }
    },
    autocomplete: async (interaction) => (await notify.autocomplete(interaction)) || answerTitleAutocomplete(context, lookups, subscriptions, interaction),
    async button(interaction) {
      return (await queue.button(interaction)) || (await mediaSearch.button(interaction)) || (await addFlow.button(interaction)) || (await lists.button(interaction));
    },
    async select(interaction) {
      return (await queue.select(interaction)) || (await mediaSearch.select(interaction)) || (await addFlow.select(interaction));
    },
  };
}
