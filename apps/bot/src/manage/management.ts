/**
 * The bot's management side, composed: the permission gate, the audit trail and every management
 * command, button and select. `interactions.ts` routes to it.
 */
import type { Clock, StateStore } from '@discarr/monitor';
import type { AutocompleteInteraction, ButtonInteraction, ChatInputCommandInteraction, REST, StringSelectMenuInteraction } from 'discord.js';
import type { Logger } from 'pino';
import type { BotConfig } from '../contracts.ts';
import { createAudit, type Audit } from './audit.ts';
import type { ManageContext } from './context.ts';
import type { ManagedMonitor } from './instances.ts';
import { createQueueInteractions } from './queue-interactions.ts';

export interface ManagementOptions {
  config: BotConfig;
  monitor: ManagedMonitor;
  store: StateStore;
  clock: Clock;
  logger: Logger;
  /** Discord's REST client (audit channel, DMs); none in the demo. */
  rest?: REST;
  /** How long a command waits for an instance's command before saying it still runs. Default 60 s, polled every second. */
  commandWait?: { timeoutMs: number; pollMs: number };
}

/** Each handler answers true when the interaction was its own. */
export interface Management {
  audit: Audit;
  command(interaction: ChatInputCommandInteraction): Promise<boolean>;
  autocomplete(interaction: AutocompleteInteraction): Promise<boolean>;
  button(interaction: ButtonInteraction): Promise<boolean>;
  select(interaction: StringSelectMenuInteraction): Promise<boolean>;
}

export function createManagement(options: ManagementOptions): Management {
  const logger = options.logger.child({ component: 'manage' });
  const permissions = options.config.permissions;
  const audit = createAudit({ rest: options.rest, channel: permissions?.auditChannel, logger });
  const context: ManageContext = {
    monitor: options.monitor,
    permissions,
    audit,
    clock: options.clock,
    logger,
    commandWait: options.commandWait ?? { timeoutMs: 60_000, pollMs: 1000 },
  };
  const queue = createQueueInteractions(context);
  return {
    audit,
    command: () => Promise.resolve(false),
    autocomplete: () => Promise.resolve(false),
    button: (interaction) => queue.button(interaction),
    select: (interaction) => queue.select(interaction),
  };
}
