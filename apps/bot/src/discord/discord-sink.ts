/**
 * The MessageSink that posts to Discord through discord.js's REST client (which queues per route
 * and waits out 429s by itself). A deleted message surfaces as `MessageGoneError`.
 */
import { DiscordAPIError, RESTJSONErrorCodes, Routes } from 'discord.js';
import type { Client, RESTPostAPIChannelMessageJSONBody, RESTPostAPIChannelMessageResult, RESTPostAPICurrentUserCreateDMChannelResult } from 'discord.js';
import { MessageGoneError } from '../contracts.ts';
import type { BotMetrics, OutgoingMessage } from '../contracts.ts';
import type { NotificationSink } from '../notify/sink.ts';

/** The JSON body Discord expects for a message; only the listed roles (and users) may be pinged. */
export function messageBody(message: OutgoingMessage): RESTPostAPIChannelMessageJSONBody {
  const body: RESTPostAPIChannelMessageJSONBody = {
    embeds: message.embeds,
    components: message.components ?? [],
    allowed_mentions: { parse: [], roles: message.mentionRoles ?? [] },
  };
  if (message.content !== undefined) body.content = message.content;
  if (message.mentionUsers !== undefined && body.allowed_mentions !== undefined) body.allowed_mentions.users = message.mentionUsers;
  return body;
}

/**
 * A new message carries the nonce given (with `enforce_nonce`, so a repeat returns the first
 * message); a stop's signal aborts a request; `openDirect` opens a user's DM channel.
 */
export function createDiscordSink(client: Client, metrics: BotMetrics): NotificationSink {
  client.rest.on('response', (request, response) => {
    if (response.status === 429) metrics.discordRateLimited.inc({ route: request.route });
  });
  return {
    async send(channelId, message, options = {}) {
      const body = messageBody(message);
      if (options.nonce !== undefined) {
        body.nonce = options.nonce;
        body.enforce_nonce = true;
      }
      const created = (await client.rest.post(Routes.channelMessages(channelId), { body, signal: options.signal })) as RESTPostAPIChannelMessageResult;
      return { messageId: created.id };
    },
    async openDirect(userId, options = {}) {
      const channel = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: userId }, signal: options.signal })) as RESTPostAPICurrentUserCreateDMChannelResult;
      return channel.id;
    },
    async edit(channelId, messageId, message, options = {}) {
      try {
        await client.rest.patch(Routes.channelMessage(channelId, messageId), { body: messageBody(message), signal: options.signal });
      } catch (error) {
        if (error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownMessage || error.status === 404)) {
          throw new MessageGoneError(`message ${messageId} in channel ${channelId} no longer exists`, { cause: error });
        }
        throw error;
      }
    },
  };
}
