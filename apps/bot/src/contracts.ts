/**
 * The seams between the bot's parts: the validated config, where messages go (Discord or the
 * demo's terminal), and the metrics every part reports to. Written once, used by all.
 */
import type { InstanceConfig, MonitorEventType } from '@discarr/monitor';
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PermissionsConfig } from './config/permissions.ts';

/** A notification route: which events of which instances go to which channel. */
export interface RouteConfig {
  /** Discord channel id. */
  channel: string;
  /** Event types to send; all but `download.progress` when absent. */
  events?: MonitorEventType[];
  /** Instance names; all when absent. */
  instances?: string[];
  /** Only media carrying one of these tags: a label (`4k`) or an id, compared as text without case. */
  tags?: (number | string)[];
  /** Only downloads of these quality names (`Bluray-2160p`). */
  qualities?: string[];
  /** Role ids mentioned on each message of this route. */
  mentionRoles?: string[];
  /** Non-urgent events in this window are held and sent as one digest when it ends. `HH:MM`, local to `timezone`. */
  quietHours?: { start: string; end: string; timezone?: string };
}

/** The validated configuration (from `discarr.yml` plus the environment). */
export interface BotConfig {
  discord: {
    /** Absent only in the demo, which then prints to the terminal. */
    token?: string;
    applicationId?: string;
    /** Guilds to register commands in at start (instant). */
    guildIds: string[];
    /** Register commands globally instead (takes up to an hour to propagate). */
    globalCommands: boolean;
    /** Channels that hold a status board. */
    boardChannels: string[];
  };
  instances: InstanceConfig[];
  routes: RouteConfig[];
  notifications: {
    /** Events of one kind within this window become one message. Default 10 000. */
    burstWindowMs: number;
    /** A season pack's imports within this window edit one message. Default 600 000. */
    seasonPackWindowMs: number;
  };
  board: {
    /** At most one edit of a board message per this interval (Discord allows 5 edits / 5 s per channel). Default 5 000. */
    minEditIntervalMs: number;
    /** Downloads shown per board page. Default 10. */
    itemsPerPage: number;
  };
  http: { host: string; port: number };
  state: { path: string };
  log: { level: 'debug' | 'info' | 'warn' | 'error'; pretty: boolean };
  monitor: { progressThrottleMs?: number; stalledAfterMs?: number };
  /** Who may use the management commands, and the audit channel (defaults when absent). */
  permissions?: PermissionsConfig;
}

/** A message as the bot posts it, whatever the destination. */
export interface OutgoingMessage {
  content?: string;
  embeds: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Role ids allowed to be pinged by `content`. */
  mentionRoles?: string[];
  /** User ids allowed to be pinged by `content` (a `/notify me` message in a channel). */
  mentionUsers?: string[];
}

/** Thrown by `MessageSink.edit` when the message no longer exists (deleted by a user). */
export class MessageGoneError extends Error {
  override name = 'MessageGoneError';
}

/** Where messages go: Discord in production, the terminal in the demo, a recorder in tests. */
export interface MessageSink {
  send(channelId: string, message: OutgoingMessage): Promise<{ messageId: string }>;
  /** Throws `MessageGoneError` when the message was deleted. */
  edit(channelId: string, messageId: string, message: OutgoingMessage): Promise<void>;
}

/** Every metric the bot exports at `/metrics`. */
export interface BotMetrics {
  registry: Registry;
  eventsTotal: Counter<'type' | 'instance'>;
  notificationsSent: Counter<'channel'>;
  notificationsFailed: Counter<'reason'>;
  notificationsPending: Gauge;
  /** Notifications set aside for good (never deliverable), by reason: `render`, `rejected`. */
  notificationsDeadLettered: Counter<'reason'>;
  discordRateLimited: Counter<'route'>;
  sdkRequests: Counter<'instance' | 'route' | 'status'>;
  sdkRequestSeconds: Histogram<'instance' | 'route'>;
  sdkCacheHits: Counter<'instance'>;
  boardEdits: Counter<'channel'>;
}
