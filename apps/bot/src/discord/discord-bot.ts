/**
 * The Discord side of the bot: a discord.js client with only the Guilds intent, its slash commands
 * registered (./command-registration.ts), the notifier and status board posting through it, the
 * monitor's events feeding both, and the interactions routed.
 */
import type { Clock, Monitor, StateStore } from '@discarr/monitor';
import { systemClock } from '@discarr/monitor';
import { Client, Events, GatewayIntentBits, Options, Status } from 'discord.js';
import type { ClientOptions } from 'discord.js';
import type { Logger } from 'pino';
import type { BotConfig, BotMetrics } from '../contracts.ts';
import type { StatusBoard } from '../board/status-board.ts';
import type { Notifier } from '../notify/notifier.ts';
import { wireMonitorToSink } from '../sink-wiring.ts';
import { registerBotCommands, type CommandRegistration } from './command-registration.ts';
import { createDiscordSink } from './discord-sink.ts';
import { errorSummary } from './error-summary.ts';
import { createInteractionHandler } from './interactions.ts';

export interface DiscordBotOptions {
  config: BotConfig;
  monitor: Pick<Monitor, 'on' | 'snapshot' | 'instanceNames' | 'refresh'> & Partial<Pick<Monitor, 'client'>>;
  store: StateStore;
  logger: Logger;
  metrics: BotMetrics;
  clock?: Clock;
  /** Discord's REST base (a proxy; tests: `http://127.0.0.1:PORT/api`). Discord's rate limits apply whatever it is. */
  restApi?: string;
  /** How long `stop()` tries to deliver the outbox when not given a budget. Default 4 500 (`DISCORD_STOP_MS` in all). */
  stopFlushMs?: number;
  /** How long to wait for the gateway's READY. Default 30 000. */
  readyTimeoutMs?: number;
  /** How long a deferred command waits for the monitor's read before answering with what it has. Default 10 000. */
  refreshTimeoutMs?: number;
  /** The per-channel limit the notifier keeps to. Default Discord's: 5 messages per 5 s (tests against a faster fake Discord set theirs). */
  channelLimit?: { requests: number; windowMs: number };
  gatewayOverride?: never;
}

export interface DiscordBot {
  client: Client;
  notifier: Notifier;
  board: StatusBoard;
  /** Where the slash commands went (undefined when no application id was known). */
  commands: CommandRegistration | undefined;
  isConnected(): boolean;
  /**
   * Within `budgetMs` (default `stopFlushMs` plus the time to close): flushes the outbox as far as Discord accepts (the
   * rest stays in the store), stops the board, destroys the client. Resolves by the budget's end
   * even when Discord is unreachable.
   */
  stop(budgetMs?: number): Promise<void>;
}

/** The default budget of `DiscordBot.stop`. */
export const DISCORD_STOP_MS = 6_000;
/** Of a stop's budget, what is kept for the board and destroying the client after the flush. */
const CLOSE_RESERVE_MS = 1_500;

/**
 * discord.js's options: only the Guilds intent, and no cache the bot does not read. It posts and
 * edits messages over REST by id, and interactions carry their member: no message, member (but its
 * own), presence, reaction, emoji, sticker, thread, voice or event cache. Guilds, channels, roles and
 * users stay cached (command registration and permission checks read them). Discord's own REST limits
 * (50 requests/s global, the default offset) stay whatever the base URL.
 */
export function discordClientOptions(restApi: string | undefined): ClientOptions {
  return {
    intents: [GatewayIntentBits.Guilds],
    rest: restApi === undefined ? {} : { api: restApi },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildScheduledEventManager: 0,
      StageInstanceManager: 0,
      ThreadManager: 0,
      ThreadMemberManager: 0,
      VoiceStateManager: 0,
      AutoModerationRuleManager: 0,
      GuildBanManager: 0,
      GuildInviteManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
    }),
  };
}

/** Logs in, registers the commands, starts the board and subscribes to the monitor. */
export async function startDiscordBot(options: DiscordBotOptions): Promise<DiscordBot> {
  const { config, monitor, store, metrics } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger.child({ component: 'discord' });
  const token = config.discord.token;
  if (token === undefined || token === '') throw new Error('discord.token is missing: set DISCORD_TOKEN to connect to Discord.');

  const client = new Client(discordClientOptions(options.restApi));
  client.on(Events.Error, (error) => {
    logger.error({ err: errorSummary(error) }, 'discord.js client error');
  });
  client.on(Events.ShardDisconnect, (event, shardId) => {
    logger.warn({ code: event.code, shardId }, 'gateway disconnected');
  });
  client.on(Events.ShardResume, (shardId) => {
    logger.info({ shardId }, 'gateway resumed');
  });

  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  let readyTimer: ReturnType<typeof setTimeout> | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    readyTimer = setTimeout(() => {
      reject(new Error(`Discord did not become ready within ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    client.once(Events.ClientReady, () => {
      resolve();
    });
  });
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw new Error(`could not connect to Discord: ${errorSummary(error).message}`, { cause: error });
  } finally {
    clearTimeout(readyTimer);
    // When login itself failed, nobody awaits `ready` any more.
    ready.catch(() => undefined);
  }
  const applicationId = config.discord.applicationId ?? client.application?.id ?? client.user?.id;
  logger.info({ user: client.user?.tag, applicationId, guilds: client.guilds.cache.size }, 'connected to Discord');

  // Attaches its guild listeners before its first await: no guild joined meanwhile is missed.
  const commands = applicationId === undefined ? undefined : await registerBotCommands({ client, applicationId, discord: config.discord, logger });
  if (commands === undefined) logger.error('no application id known: the slash commands are not registered (set discord.applicationId)');

  const { notifier, board, subscriptions, stop: stopDelivery } = await wireMonitorToSink({ config, monitor, store, sink: createDiscordSink(client, metrics), clock, logger, metrics, channelLimit: options.channelLimit });
  const onInteraction = createInteractionHandler({ monitor, board, logger, config, store, clock, rest: client.rest, subscriptions, ...(options.refreshTimeoutMs === undefined ? {} : { refreshTimeoutMs: options.refreshTimeoutMs }) });
  client.on(Events.InteractionCreate, (interaction) => {
    void onInteraction(interaction);
  });

  let stopping: Promise<void> | undefined;
  return {
    client,
    notifier,
    board,
    commands,
    isConnected: () => client.ws.status === Status.Ready,
    stop(budgetMs = options.stopFlushMs === undefined ? DISCORD_STOP_MS : options.stopFlushMs + CLOSE_RESERVE_MS) {
      stopping ??= (async () => {
        const deadline = Date.now() + budgetMs;
        // The outbox delivered as far as Discord takes it before the reserve; the rest stays in the store.
        await raceDeadline(stopDelivery(Math.max(0, budgetMs - CLOSE_RESERVE_MS)), deadline - CLOSE_RESERVE_MS / 2);
        // While Discord is unreachable, destroy() can wait on a reconnecting shard: bounded too.
        await raceDeadline(client.destroy(), deadline);
        logger.info({ pending: notifier.pending() }, 'disconnected from Discord');
      })();
      return stopping;
    },
  };
}

/** Waits for `promise` until the epoch-ms `deadline` at the latest; a rejection counts as done. */
async function raceDeadline(promise: Promise<unknown>, deadline: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))))]);
  clearTimeout(timer);
}
