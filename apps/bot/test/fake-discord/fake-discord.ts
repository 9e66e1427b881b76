/**
 * A fake Discord on 127.0.0.1 for end-to-end tests with the real discord.js: a REST server that
 * records every call and answers like Discord (messages with snowflake ids, 404 code 10008 for a
 * deleted message, 429 with `retry_after` and the rate-limit headers, 503 outages, 404 code 10062
 * for an interaction acknowledged after 3 s, command registration: global and per guild, 403 code
 * 50001 in a guild the bot is not in; the bot's guilds, paged) and a gateway WebSocket (HELLO,
 * heartbeat ACK, READY, GUILD_CREATE, RESUMED, INTERACTION_CREATE dispatches; GUILD_CREATE and
 * GUILD_DELETE when the bot joins or leaves a guild later). Interactions carry a member of the test's
 * choosing (user id, roles, permissions) and a guild; select menus; DM channels (`POST
 * /users/@me/channels`: the existing one again on a repeat) that take messages like a guild channel
 * (nonces, `afterCreate`), a user's DMs can be closed (403 code 50007); 5xx answers on demand
 * (`failNext`); the guilds' roles are listed.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { snowflake } from './snowflake.ts';

export interface RecordedRequest {
  method: string;
  /** Path after `/api/v10`, decoded (`/channels/1/messages`). */
  path: string;
  body: unknown;
  status: number;
  at: number;
  authorization?: string;
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  edits: number;
  /** The nonce it was created with, if any. */
  nonce?: string;
}

export interface FakeGuild {
  id: string;
  channels: { id: string; name: string }[];
  /** Roles besides @everyone (sent in GUILD_CREATE, listed by `GET /guilds/{id}/roles`). */
  roles?: { id: string; name: string }[];
}

/** Who clicks or types in a dispatched interaction. Default: alice, no role, without Manage Server. */
export interface FakeMember {
  id?: string;
  username?: string;
  roles?: string[];
  /** Permission bits as Discord sends them (a decimal string). */
  permissions?: string;
}

/** A command option as Discord sends it; subcommands (type 1) and groups nest `options`. */
export interface FakeCommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: FakeCommandOption[];
}

export interface FakeDiscordOptions {
  applicationId?: string;
  botUserId?: string;
  guilds?: FakeGuild[];
  /** Enforce a per-channel message bucket like Discord's (5 per 5 s), with headers and 429s. */
  channelLimit?: { limit: number; windowMs: number };
  /** Like Discord, an interaction whose callback comes later than this after its dispatch is unknown (404, code 10062). Default 3000. */
  interactionDeadlineMs?: number;
  /**
   * How long a nonce sent with `enforce_nonce: true` is remembered per channel: Discord checks it
   * "for uniqueness in the past few minutes" and answers a repeat with the first message. Default 5 min.
   */
  nonceWindowMs?: number;
  /** Runs after a message was created and before Discord's answer is sent (a test may kill the client there). */
  afterCreate?: (message: StoredMessage) => Promise<void> | void;
}

export interface InteractionRecord {
  id: string;
  token: string;
  /** When INTERACTION_CREATE was sent (ms). */
  dispatchedAt: number;
  /** Callback bodies (`POST /interactions/{id}/{token}/callback`). */
  callbacks: { type: number; data?: Record<string, unknown> }[];
  /** Bodies of `PATCH /webhooks/{app}/{token}/messages/@original`. */
  edits: Record<string, unknown>[];
  /** Follow-up messages. */
  followUps: Record<string, unknown>[];
}

interface RateLimitRule {
  match: (method: string, path: string) => boolean;
  remaining: number;
  retryAfterSeconds: number;
  global: boolean;
}

export interface FakeDiscord {
  restApi: string;
  gatewayUrl: string;
  applicationId: string;
  botUserId: string;
  guilds: FakeGuild[];
  requests: RecordedRequest[];
  /** channel id → message id → message. */
  messages: Map<string, Map<string, StoredMessage>>;
  interactions: Map<string, InteractionRecord>;
  /** Tokens sent in IDENTIFY. */
  identifies: string[];
  /** Registered commands by scope: `global` or a guild id → the names of the last bulk PUT. */
  commands: Map<string, string[]>;
  /** The bodies of the last bulk PUT per scope (options included). */
  commandBodies: Map<string, Record<string, unknown>[]>;
  /** user id → the id of the DM channel opened with them. */
  dmChannels: Map<string, string>;
  /** Closes (or opens again) a user's DMs: messages to their DM channel answer 403 code 50007. */
  setDmsClosed(userId: string, closed: boolean): void;
  /** The bot joins a guild: added to `guilds`, GUILD_CREATE dispatched on every connection. */
  joinGuild(guild: FakeGuild): void;
  /** The bot is removed from a guild: GUILD_DELETE dispatched on every connection. */
  leaveGuild(guildId: string): void;
  /** REST answers 503 (and the gateway drops and refuses connections) while true. */
  setOutage(down: boolean): void;
  /** The next `count` requests matching answer `status` (a 5xx Discord has a bad moment with), the gateway untouched. */
  failNext(count: number, options?: { status?: number; method?: string; pathPattern?: RegExp }): void;
  /** Number of answers served by `failNext`. */
  failedCount(): number;
  /** The next `count` requests matching answer 429 with `retry_after`. */
  rateLimitNext(count: number, options?: { retryAfterSeconds?: number; global?: boolean; method?: string; pathPattern?: RegExp }): void;
  /** Number of 429 answers served. */
  rateLimitedCount(): number;
  deleteMessage(channelId: string, messageId: string): void;
  /** Messages of a channel in creation order. */
  channelMessages(channelId: string): StoredMessage[];
  /** Closes every gateway connection (discord.js resumes). */
  dropGateway(code?: number): void;
  gatewayConnections(): number;
  /** Sends an INTERACTION_CREATE; returns its record, filled as discord.js answers. */
  dispatchInteraction(data: InteractionInput): InteractionRecord;
  /** Resolves when the interaction got its callback and, when `edited`, an edit of the original response. */
  waitForResponse(record: InteractionRecord, options?: { edited?: boolean; timeoutMs?: number }): Promise<InteractionRecord>;
  close(): Promise<void>;
}

interface InteractionCommon {
  channelId?: string;
  member?: FakeMember;
  /** Default: the first guild. */
  guildId?: string;
}

export type InteractionInput =
  | (InteractionCommon & { type: 'command'; name: string; options?: FakeCommandOption[] })
  | (InteractionCommon & { type: 'autocomplete'; name: string; options: FakeCommandOption[] })
  | (InteractionCommon & { type: 'button'; customId: string; messageId?: string })
  | (InteractionCommon & { type: 'select'; customId: string; values: string[]; messageId?: string });

const JSON_HEADERS = { 'content-type': 'application/json' };

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const applicationId = options.applicationId ?? '100000000000000001';
  const botUserId = options.botUserId ?? applicationId;
  const interactionDeadlineMs = options.interactionDeadlineMs ?? 3000;
  const guilds = options.guilds ?? [{ id: '200000000000000001', channels: [{ id: '300000000000000001', name: 'status' }, { id: '400000000000000001', name: 'notifications' }] }];
  const requests: RecordedRequest[] = [];
  const messages = new Map<string, Map<string, StoredMessage>>();
  const interactions = new Map<string, InteractionRecord>();
  const identifies: string[] = [];
  const commands = new Map<string, string[]>();
  const commandBodies = new Map<string, Record<string, unknown>[]>();
  const dmChannels = new Map<string, string>();
  const closedDms = new Set<string>();
  const rules: RateLimitRule[] = [];
  const failures: { match: (method: string, path: string) => boolean; remaining: number; status: number }[] = [];
  let failed = 0;
  const buckets = new Map<string, { windowStart: number; used: number }>();
  /** `<channel>:<nonce>` → the message created with it (enforce_nonce), and when. */
  const nonces = new Map<string, { id: string; at: number }>();
  const sockets = new Set<WebSocket>();
  const waiters = new Set<() => void>();
  let outage = false;
  let rateLimited = 0;
  let sequence = 0;
  let port = 0;

  const botUser = { id: botUserId, username: 'Discarr', discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 };
  const wss = new WebSocketServer({ noServer: true });

  function notify(): void {
    for (const waiter of waiters) waiter();
  }

  function messageObject(message: StoredMessage): Record<string, unknown> {
    return {
      id: message.id,
      channel_id: message.channel_id,
      author: botUser,
      content: message.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: message.edits > 0 ? new Date().toISOString() : null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: message.embeds,
      components: message.components,
      pinned: false,
      type: 0,
      flags: 0,
    };
  }

  function send(response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): number {
    if (body === undefined) {
      response.writeHead(status, headers);
      response.end();
    } else {
      response.writeHead(status, { ...JSON_HEADERS, ...headers });
      response.end(JSON.stringify(body));
    }
    return status;
  }

  function tooMany(response: ServerResponse, retryAfterSeconds: number, global: boolean, bucket: string): number {
    rateLimited += 1;
    const headers: Record<string, string> = {
      'retry-after': String(Math.ceil(retryAfterSeconds)),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(retryAfterSeconds),
      'x-ratelimit-bucket': bucket,
      'x-ratelimit-scope': global ? 'global' : 'user',
    };
    if (global) headers['x-ratelimit-global'] = 'true';
    return send(response, 429, { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global }, headers);
  }

  /** Discord's per-channel message bucket, when enabled: headers on every answer, 429 past the limit. */
  function channelBucket(method: string, path: string): { headers: Record<string, string>; limitedFor?: number } | undefined {
    const limit = options.channelLimit;
    const match = /^\/channels\/(\d+)\/messages/.exec(path);
    if (limit === undefined || match === null || method === 'GET') return undefined;
    const key = match[1] ?? '';
    const now = Date.now();
    let bucket = buckets.get(key);
    if (bucket === undefined || now - bucket.windowStart >= limit.windowMs) {
      bucket = { windowStart: now, used: 0 };
      buckets.set(key, bucket);
    }
    const resetAfter = Math.max(0, bucket.windowStart + limit.windowMs - now) / 1000;
    if (bucket.used >= limit.limit) return { headers: {}, limitedFor: resetAfter };
    bucket.used += 1;
    return {
      headers: {
        'x-ratelimit-limit': String(limit.limit),
        'x-ratelimit-remaining': String(limit.limit - bucket.used),
        'x-ratelimit-reset-after': resetAfter.toFixed(3),
        'x-ratelimit-bucket': `channel-${key}`,
      },
    };
  }

  function route(method: string, path: string, search: string, body: unknown, response: ServerResponse): number {
    if (outage) return send(response, 503, { message: 'Service Unavailable', code: 0 });
    const failure = failures.find((one) => one.remaining > 0 && one.match(method, path));
    if (failure !== undefined) {
      failure.remaining -= 1;
      failed += 1;
      return send(response, failure.status, { message: failure.status === 502 ? 'Bad Gateway' : 'Internal Server Error', code: 0 });
    }
    const rule = rules.find((one) => one.remaining > 0 && one.match(method, path));
    if (rule !== undefined) {
      rule.remaining -= 1;
      return tooMany(response, rule.retryAfterSeconds, rule.global, 'forced');
    }
    const bucket = channelBucket(method, path);
    if (bucket?.limitedFor !== undefined) return tooMany(response, bucket.limitedFor, false, 'channel');
    const headers = bucket?.headers ?? {};
    let match: RegExpExecArray | null;

    if (method === 'GET' && (path === '/gateway/bot' || path === '/gateway')) {
      return send(response, 200, { url: `ws://127.0.0.1:${port}`, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } });
    }
    if (method === 'GET' && path === '/users/@me') return send(response, 200, botUser);
    if (method === 'GET' && path === '/applications/@me') return send(response, 200, { id: applicationId, name: 'Discarr', flags: 0, bot_public: false, owner: botUser });
    if (method === 'GET' && path === '/users/@me/guilds') {
      // Paged like Discord: sorted by id, `after` an id, `limit` 1–200 (default 200).
      const query = new URLSearchParams(search);
      const after = query.get('after');
      const limit = Math.min(200, Math.max(1, Number(query.get('limit') ?? 200) || 200));
      const page = [...guilds].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)).filter((guild) => after === null || BigInt(guild.id) > BigInt(after)).slice(0, limit);
      return send(response, 200, page.map((guild) => ({ id: guild.id, name: `Guild ${guild.id}`, icon: null, banner: null, owner: false, permissions: '1071698660929', features: [] })));
    }
    if ((match = /^\/applications\/(\d+)\/commands$/.exec(path) ?? /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/.exec(path)) !== null && method === 'PUT') {
      const guildId = match[2];
      if (match[1] !== applicationId) return send(response, 403, { message: 'Missing Access', code: 50001 });
      if (guildId !== undefined && !guilds.some((guild) => guild.id === guildId)) return send(response, 403, { message: 'Missing Access', code: 50001 });
      const list = Array.isArray(body) ? (body as Record<string, unknown>[]) : [];
      commands.set(guildId ?? 'global', list.map((command) => String(command.name)));
      commandBodies.set(guildId ?? 'global', list);
      return send(response, 200, list.map((command) => ({ ...command, id: snowflake(), application_id: applicationId, guild_id: guildId, version: snowflake() })));
    }
    if ((match = /^\/channels\/(\d+)$/.exec(path)) !== null && method === 'GET') {
      const channelId = match[1] ?? '';
      const guild = guilds.find((one) => one.channels.some((channel) => channel.id === channelId));
      if (guild === undefined) return send(response, 404, { message: 'Unknown Channel', code: 10003 });
      return send(response, 200, { id: channelId, type: 0, guild_id: guild.id, name: 'channel', position: 0, permission_overwrites: [] });
    }
    if ((match = /^\/guilds\/(\d+)\/roles$/.exec(path)) !== null && method === 'GET') {
      const guild = guilds.find((one) => one.id === match?.[1]);
      if (guild === undefined) return send(response, 403, { message: 'Missing Access', code: 50001 });
      return send(response, 200, guildRoles(guild));
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const requested = (body as { recipient_id?: unknown } | undefined)?.recipient_id;
      const recipient = typeof requested === 'string' ? requested : '';
      if (!/^\d{17,20}$/.test(recipient)) return send(response, 400, { message: 'Invalid Form Body', code: 50035 });
      let channelId = dmChannels.get(recipient);
      if (channelId === undefined) {
        channelId = snowflake();
        dmChannels.set(recipient, channelId);
      }
      return send(response, 200, { id: channelId, type: 1, last_message_id: null, recipients: [{ id: recipient, username: 'user', discriminator: '0', global_name: null, avatar: null }] });
    }
    if ((match = /^\/channels\/(\d+)\/messages$/.exec(path)) !== null && method === 'POST') {
      const channelId = match[1] ?? '';
      // A DM channel takes messages like a guild channel's, unless its recipient closed their DMs to the bot.
      const recipient = [...dmChannels.entries()].find(([, id]) => id === channelId)?.[0];
      if (recipient === undefined && !guilds.some((guild) => guild.channels.some((channel) => channel.id === channelId))) return send(response, 404, { message: 'Unknown Channel', code: 10003 });
      if (recipient !== undefined && closedDms.has(recipient)) return send(response, 403, { message: 'Cannot send messages to this user', code: 50007 }, headers);
      const payload = (body ?? {}) as { content?: string; embeds?: unknown[]; components?: unknown[]; nonce?: string | number; enforce_nonce?: boolean };
      if ((payload.embeds?.length ?? 0) > 10 || JSON.stringify(payload.embeds ?? []).length > 60_000) return send(response, 400, { message: 'Invalid Form Body', code: 50035 });
      // A nonce is an integer or a string of at most 25 characters.
      const nonce = payload.nonce === undefined ? undefined : String(payload.nonce);
      if (nonce !== undefined && nonce.length > 25) return send(response, 400, { message: 'Invalid Form Body', code: 50035, errors: { nonce: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } } });
      const nonceKey = `${channelId}:${nonce ?? ''}`;
      const earlier = nonce !== undefined && payload.enforce_nonce === true ? nonces.get(nonceKey) : undefined;
      const repeated = earlier !== undefined && Date.now() - earlier.at < (options.nonceWindowMs ?? 300_000) ? messages.get(channelId)?.get(earlier.id) : undefined;
      if (repeated !== undefined) return send(response, 200, messageObject(repeated), headers);
      const message: StoredMessage = { id: snowflake(), channel_id: channelId, content: payload.content ?? '', embeds: payload.embeds ?? [], components: payload.components ?? [], edits: 0 };
      if (nonce !== undefined) message.nonce = nonce;
      if (nonce !== undefined && payload.enforce_nonce === true) nonces.set(nonceKey, { id: message.id, at: Date.now() });
      const channel = messages.get(channelId) ?? new Map<string, StoredMessage>();
      channel.set(message.id, message);
      messages.set(channelId, channel);
      const { afterCreate } = options;
      if (afterCreate === undefined) return send(response, 200, messageObject(message), headers);
      void Promise.resolve()
        .then(() => afterCreate(message))
        .finally(() => send(response, 200, messageObject(message), headers));
      return 200;
    }
    if ((match = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path)) !== null) {
      const channelId = match[1] ?? '';
      const message = messages.get(channelId)?.get(match[2] ?? '');
      if (message === undefined) return send(response, 404, { message: 'Unknown Message', code: 10008 }, headers);
      if (method === 'PATCH') {
        const payload = (body ?? {}) as { content?: string; embeds?: unknown[]; components?: unknown[] };
        if (payload.content !== undefined) message.content = payload.content;
        if (payload.embeds !== undefined) message.embeds = payload.embeds;
        if (payload.components !== undefined) message.components = payload.components;
        message.edits += 1;
        return send(response, 200, messageObject(message), headers);
      }
      if (method === 'DELETE') {
        messages.get(channelId)?.delete(message.id);
        return send(response, 204, undefined, headers);
      }
      if (method === 'GET') return send(response, 200, messageObject(message));
    }
    if ((match = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) !== null && method === 'POST') {
      const record = interactions.get(match[1] ?? '');
      if (record === undefined || Date.now() - record.dispatchedAt > interactionDeadlineMs) return send(response, 404, { message: 'Unknown interaction', code: 10062 });
      if (record.callbacks.length > 0) return send(response, 400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      record.callbacks.push(body as InteractionRecord['callbacks'][number]);
      notify();
      return send(response, 204);
    }
    if ((match = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/.exec(path)) !== null) {
      const record = [...interactions.values()].find((one) => one.token === match?.[2]);
      if (record === undefined) return send(response, 404, { message: 'Unknown Webhook', code: 10015 });
      if (method === 'PATCH') {
        record.edits.push((body ?? {}) as Record<string, unknown>);
        notify();
      }
      const last = record.edits.at(-1) ?? record.callbacks.at(-1)?.data ?? {};
      const stored: StoredMessage = { id: record.id, channel_id: guilds[0]?.channels[0]?.id ?? '0', content: typeof last.content === 'string' ? last.content : '', embeds: (last.embeds as unknown[] | undefined) ?? [], components: (last.components as unknown[] | undefined) ?? [], edits: record.edits.length };
      return send(response, 200, messageObject(stored));
    }
    if ((match = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path)) !== null && method === 'POST') {
      const record = [...interactions.values()].find((one) => one.token === match?.[2]);
      if (record === undefined) return send(response, 404, { message: 'Unknown Webhook', code: 10015 });
      record.followUps.push((body ?? {}) as Record<string, unknown>);
      notify();
      return send(response, 200, messageObject({ id: snowflake(), channel_id: '0', content: '', embeds: [], components: [], edits: 0 }));
    }
    return send(response, 404, { message: `fake Discord has no ${method} ${path}`, code: 0 });
  }

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = request.method ?? 'GET';
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const path = decodeURIComponent(url.pathname.replace(/^\/api\/v\d+/, ''));
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      if (text !== '') {
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          body = text;
        }
      }
      const status = route(method, path, url.search, body, response);
      const recorded: RecordedRequest = { method, path, body, status, at: Date.now() };
      const authorization = request.headers.authorization;
      if (authorization !== undefined) recorded.authorization = authorization;
      requests.push(recorded);
    });
  });

  server.on('upgrade', (request, socket, head) => {
    if (outage) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      wss.emit('connection', ws, request);
    });
  });

  function dispatch(ws: WebSocket, type: string, data: unknown): void {
    sequence += 1;
    ws.send(JSON.stringify({ op: 0, t: type, s: sequence, d: data }));
  }

  function guildRoles(guild: FakeGuild): Record<string, unknown>[] {
    const role = (id: string, name: string, position: number) => ({ id, name, permissions: position === 0 ? '1071698660929' : '0', position, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 });
    return [role(guild.id, '@everyone', 0), ...(guild.roles ?? []).map((one, index) => role(one.id, one.name, index + 1))];
  }

  function guildCreate(guild: FakeGuild): Record<string, unknown> {
    return {
      id: guild.id,
      name: `Guild ${guild.id}`,
      icon: null,
      owner_id: '900000000000000001',
      unavailable: false,
      member_count: 2,
      large: false,
      joined_at: new Date(0).toISOString(),
      features: [],
      channels: guild.channels.map((channel, position) => ({ id: channel.id, type: 0, name: channel.name, guild_id: guild.id, position, permission_overwrites: [], nsfw: false, parent_id: null })),
      roles: guildRoles(guild),
      members: [],
      presences: [],
      voice_states: [],
      threads: [],
      emojis: [],
      stickers: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      premium_tier: 0,
      preferred_locale: 'en-US',
      system_channel_flags: 0,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
    };
  }

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    ws.on('message', (raw: Buffer) => {
      let packet: { op: number; d?: unknown };
      try {
        packet = JSON.parse(raw.toString('utf8')) as { op: number; d?: unknown };
      } catch {
        return;
      }
      if (packet.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (packet.op === 2) {
        const identify = packet.d as { token?: string };
        identifies.push(identify.token ?? '');
        dispatch(ws, 'READY', {
          v: 10,
          user: botUser,
          session_id: `session-${snowflake()}`,
          resume_gateway_url: `ws://127.0.0.1:${port}`,
          guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
          application: { id: applicationId, flags: 0 },
          shard: [0, 1],
        });
        for (const guild of guilds) dispatch(ws, 'GUILD_CREATE', guildCreate(guild));
      }
      if (packet.op === 6) dispatch(ws, 'RESUMED', null);
    });
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;

  const memberOf = (who: FakeMember = {}) => ({
    user: { id: who.id ?? '900000000000000002', username: who.username ?? 'alice', discriminator: '0', global_name: who.username ?? 'Alice', avatar: null },
    roles: who.roles ?? [],
    joined_at: new Date(0).toISOString(),
    deaf: false,
    mute: false,
    flags: 0,
    permissions: who.permissions ?? '1071698660929',
  });

  return {
    restApi: `http://127.0.0.1:${port}/api`,
    gatewayUrl: `ws://127.0.0.1:${port}`,
    applicationId,
    botUserId,
    guilds,
    requests,
    messages,
    interactions,
    identifies,
    commands,
    commandBodies,
    dmChannels,
    setDmsClosed(userId, closed) {
      if (closed) closedDms.add(userId);
      else closedDms.delete(userId);
    },
    joinGuild(guild) {
      guilds.push(guild);
      for (const ws of sockets) dispatch(ws, 'GUILD_CREATE', guildCreate(guild));
    },
    leaveGuild(guildId) {
      const index = guilds.findIndex((guild) => guild.id === guildId);
      if (index >= 0) guilds.splice(index, 1);
      for (const ws of sockets) dispatch(ws, 'GUILD_DELETE', { id: guildId });
    },
    setOutage(down) {
      outage = down;
      if (down) for (const ws of sockets) ws.terminate();
    },
    rateLimitNext(count, rule = {}) {
      rules.push({
        remaining: count,
        retryAfterSeconds: rule.retryAfterSeconds ?? 0.2,
        global: rule.global ?? false,
        match: (method, path) => (rule.method === undefined || rule.method === method) && (rule.pathPattern === undefined || rule.pathPattern.test(path)),
      });
    },
    rateLimitedCount: () => rateLimited,
    failNext(count, fault = {}) {
      failures.push({ remaining: count, status: fault.status ?? 500, match: (method, path) => (fault.method === undefined || fault.method === method) && (fault.pathPattern === undefined || fault.pathPattern.test(path)) });
    },
    failedCount: () => failed,
    deleteMessage(channelId, messageId) {
      messages.get(channelId)?.delete(messageId);
    },
    channelMessages: (channelId) => [...(messages.get(channelId)?.values() ?? [])],
    dropGateway(code = 4000) {
      for (const ws of sockets) ws.close(code, 'test');
    },
    gatewayConnections: () => sockets.size,
    dispatchInteraction(input) {
      const id = snowflake();
      const record: InteractionRecord = { id, token: `interaction-token-${id}`, dispatchedAt: Date.now(), callbacks: [], edits: [], followUps: [] };
      interactions.set(id, record);
      const guild = input.guildId === undefined ? guilds[0] : (guilds.find((one) => one.id === input.guildId) ?? { id: input.guildId, channels: [] });
      const channelId = input.channelId ?? guild?.channels[0]?.id ?? '0';
      const base = {
        id,
        application_id: applicationId,
        token: record.token,
        version: 1,
        guild_id: guild?.id,
        channel_id: channelId,
        channel: { id: channelId, type: 0, guild_id: guild?.id, name: 'channel' },
        member: memberOf(input.member),
        locale: 'en-US',
        guild_locale: 'en-US',
        app_permissions: '1071698660929',
        entitlements: [],
        authorizing_integration_owners: { '0': guild?.id },
        context: 0,
        attachment_size_limit: 8_388_608,
      };
      let payload: Record<string, unknown>;
      if (input.type === 'button' || input.type === 'select') {
        const stored = input.messageId === undefined ? undefined : messages.get(channelId)?.get(input.messageId);
        const message = stored === undefined ? { id: input.messageId ?? snowflake(), channel_id: channelId, content: '', embeds: [], components: [], edits: 0 } : stored;
        const data = input.type === 'button' ? { custom_id: input.customId, component_type: 2 } : { custom_id: input.customId, component_type: 3, values: input.values };
        payload = { ...base, type: 3, data, message: messageObject(message) };
      } else {
        payload = { ...base, type: input.type === 'command' ? 2 : 4, data: { id: snowflake(), name: input.name, type: 1, options: input.options ?? [], guild_id: guild?.id } };
      }
      for (const ws of sockets) dispatch(ws, 'INTERACTION_CREATE', payload);
      return record;
    },
    async waitForResponse(record, { edited = false, timeoutMs = 5000 } = {}) {
      const done = (): boolean => record.callbacks.length > 0 && (!edited || record.edits.length > 0);
      if (done()) return record;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`interaction ${record.id} not answered within ${timeoutMs} ms`));
        }, timeoutMs);
        function check(): void {
          if (!done()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        }
        waiters.add(check);
      });
      return record;
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
