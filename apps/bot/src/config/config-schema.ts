/**
 * The schema of the bot's configuration: what `discarr.yml` (after the environment is applied and
 * `*File` secrets are read) must look like. Its output is exactly `BotConfig`. Every check's message
 * carries the fix, after `FIX_SEPARATOR`, so the error report can say what to do.
 */
import { MONITOR_EVENT_TYPES, type MonitorEventType } from '@discarr/monitor';
import { z } from 'zod';
import { CONFIG_DEFAULTS } from './defaults.ts';
import { permissionIssues, permissionsSchema } from './permissions.ts';

/** Separates a problem from its fix in a schema message. */
export const FIX_SEPARATOR = '\u241F';

function says(problem: string, fix: string): string {
  return `${problem}${FIX_SEPARATOR}${fix}`;
}

/** A type error that tells a missing value from one of the wrong type. */
function missingOr(fixMissing: string, wrongType: string) {
  return { error: (issue: { input: unknown }) => (issue.input === undefined ? says('is missing', fixMissing) : says(`is not ${wrongType}`, `write ${wrongType} here`)) };
}

/** Discord ids are 17 to 20 digits; YAML may have read an unquoted one as a number. */
const snowflake = z
  .union([z.string(), z.number().int()])
  .transform(String)
  .pipe(z.string().regex(/^\d{17,20}$/, says('is not a Discord id (17 to 20 digits)', 'copy it with Developer Mode on: right-click the channel, role or server > Copy ID')));

const positiveMs = z.number(says('is not a number of milliseconds', 'write a whole number, e.g. 30000')).int().positive(says('must be above 0', 'write a whole number of milliseconds above 0'));
const nonNegativeMs = z.number(says('is not a number of milliseconds', 'write a whole number, e.g. 30000')).int().nonnegative(says('must be 0 or more', 'write a whole number of milliseconds'));

const httpUrl = z.string(missingOr('set baseUrl to the address of the app, e.g. http://radarr:7878', 'a string')).superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: says('is not a URL', 'write it like http://radarr:7878 (with http:// and the port)') });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: says(`uses ${url.protocol} instead of http: or https:`, 'write it like http://radarr:7878') });
  } else if (url.username || url.password) {
    ctx.addIssue({ code: 'custom', message: says('holds credentials', 'remove user:password@ from the URL; the API key goes in apiKey') });
  } else if (url.search) {
    ctx.addIssue({ code: 'custom', message: says('holds a query string', 'remove the ?... part; the API key goes in apiKey') });
  }
});

const instanceName = z
  .string(missingOr('give the instance a name such as radarr or radarr-4k', 'a string'))
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, says('is not a valid instance name', 'use letters, digits, ".", "_" and "-" only (it appears in URLs such as /webhook/<name>)'));

const intervalsSchema = z
  .strictObject({
    queueActiveMs: positiveMs,
    queueIdleMs: positiveMs,
    healthMs: positiveMs,
    statusMs: positiveMs,
    diskMs: positiveMs,
    maxBackoffMs: positiveMs,
  })
  .partial();

const percent = z.number().min(0, says('must be between 0 and 100', 'write a percentage such as 10')).max(100, says('must be between 0 and 100', 'write a percentage such as 10'));

const clientSchema = z
  .strictObject({
    timeoutMs: positiveMs,
    longTimeoutMs: positiveMs,
    concurrency: z.number().int().positive(says('must be at least 1', 'write a whole number such as 4')),
    rateLimit: z.strictObject({ requests: z.number().int().positive(), intervalMs: positiveMs }),
    retry: z.union([
      z.literal(false),
      z
        .strictObject({
          attempts: z.number().int().positive(),
          baseDelayMs: nonNegativeMs,
          maxDelayMs: nonNegativeMs,
          maxTotalMs: nonNegativeMs,
          methods: z.array(z.enum(['GET', 'HEAD', 'PUT', 'DELETE'])),
        })
        .partial(),
    ]),
    cache: z.union([z.literal(false), z.strictObject({ max: z.number().int().positive(), ttlMs: z.record(z.string(), nonNegativeMs) }).partial()]),
    userAgent: z.string().min(1),
  })
  .partial();

const instanceSchema = z.strictObject({
  name: instanceName,
  kind: z.enum(['radarr', 'sonarr'], says('must be radarr or sonarr', 'set kind: radarr or kind: sonarr')),
  baseUrl: httpUrl,
  apiKey: z
    .string(missingOr("set apiKey (or apiKeyFile) to the key in the app's Settings > General > Security", 'a string'))
    .trim()
    .min(1, says('is empty', "set apiKey (or apiKeyFile) to the key in the app's Settings > General > Security")),
  push: z
    .strictObject({
      signalr: z.boolean(),
      webhook: z.strictObject({
        secret: z.string().min(8, says('is shorter than 8 characters', 'use a long random string, e.g. from `openssl rand -hex 16`')),
      }),
    })
    .partial()
    .optional(),
  intervals: intervalsSchema.optional(),
  disk: z.strictObject({ minFreeBytes: z.number().int().nonnegative(), minFreePercent: percent, hysteresisPercent: percent }).partial().optional(),
  client: clientSchema.optional(),
});

/** `download.*` selects every download event; `*` every event. */
const eventTypes = z.array(z.string(says('is not an event type', 'write an event type such as download.failed')).superRefine((value, ctx) => {
  if (expandEventType(value).length === 0) {
    ctx.addIssue({ code: 'custom', message: says('is not an event type', `use one of ${MONITOR_EVENT_TYPES.join(', ')} (or a family such as download.*)`) });
  }
})).transform((values) => [...new Set(values.flatMap(expandEventType))]);

/** The event types a pattern selects; none when it is unknown. */
export function expandEventType(pattern: string): MonitorEventType[] {
  if (pattern === '*') return [...MONITOR_EVENT_TYPES];
  if (pattern.endsWith('.*')) {
    const family = pattern.slice(0, -1);
    return MONITOR_EVENT_TYPES.filter((type) => type.startsWith(family));
  }
  return MONITOR_EVENT_TYPES.filter((type) => type === pattern);
}

const clockTime = z
  .string(says('is not a time', 'write it as HH:MM in quotes, e.g. "22:30"'))
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, says('is not a time of day as HH:MM', 'write it as HH:MM on a 24-hour clock, e.g. "22:30" or "07:00"'));

const timezone = z.string().superRefine((value, ctx) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    ctx.addIssue({ code: 'custom', message: says('is not a time zone', 'use an IANA name such as Europe/Paris or America/New_York') });
  }
});

const routeSchema = z.strictObject({
  channel: snowflake,
  events: eventTypes.optional(),
  instances: z.array(z.string()).optional(),
  // A tag's label (`4k`) or id (`3`): the monitor reports labels from webhooks and ids from reads.
  tags: z.array(z.union([z.number().int(), z.string().min(1)])).optional(),
  qualities: z.array(z.string()).optional(),
  mentionRoles: z.array(snowflake).optional(),
  quietHours: z.strictObject({ start: clockTime, end: clockTime, timezone: timezone.optional() }).optional(),
});

export interface ConfigSchemaOptions {
  /** The token is required to start the bot; the demo runs without one. */
  requireToken: boolean;
  /** At least one instance is required to start the bot; the demo brings its own. */
  requireInstances: boolean;
  /** Default of `log.pretty`: true when stdout is a terminal. */
  isTty: boolean;
}

/** The configuration schema, for one way of running the bot. */
export function createConfigSchema(options: ConfigSchemaOptions) {
  return z
    .strictObject({
      discord: z
        .strictObject({
          token: z.string().trim().min(1, says('is empty', 'set DISCORD_TOKEN (or discord.token) to the bot token from the Discord developer portal')).optional(),
          applicationId: snowflake.optional(),
          guildIds: z.array(snowflake).default(() => [...CONFIG_DEFAULTS.discord.guildIds]),
          globalCommands: z.boolean().default(CONFIG_DEFAULTS.discord.globalCommands),
          boardChannels: z.array(snowflake).default(() => [...CONFIG_DEFAULTS.discord.boardChannels]),
        })
        .prefault({}),
      instances: z.array(instanceSchema).default(() => []),
      routes: z.array(routeSchema).default(() => []),
      notifications: z
        .strictObject({
          burstWindowMs: nonNegativeMs.default(CONFIG_DEFAULTS.notifications.burstWindowMs),
          seasonPackWindowMs: nonNegativeMs.default(CONFIG_DEFAULTS.notifications.seasonPackWindowMs),
        })
        .prefault({}),
      board: z
        .strictObject({
          minEditIntervalMs: positiveMs.default(CONFIG_DEFAULTS.board.minEditIntervalMs),
          itemsPerPage: z.number().int().min(1).max(25, says('is above 25', 'Discord shows at most 25 fields in an embed; use 25 or less')).default(CONFIG_DEFAULTS.board.itemsPerPage),
        })
        .prefault({}),
      http: z
        .strictObject({
          host: z.string().min(1).default(CONFIG_DEFAULTS.http.host),
          port: z
            .number(says('is not a port number', 'write a port between 0 and 65535, e.g. 8080'))
            .int(says('is not a port number', 'write a port between 0 and 65535, e.g. 8080'))
            .min(0, says('is not a port number', 'write a port between 0 and 65535, e.g. 8080'))
            .max(65_535, says('is not a port number', 'write a port between 0 and 65535, e.g. 8080'))
            .default(CONFIG_DEFAULTS.http.port),
        })
        .prefault({}),
      state: z.strictObject({ path: z.string().min(1).default(CONFIG_DEFAULTS.state.path) }).prefault({}),
      log: z
        .strictObject({
          level: z.enum(['debug', 'info', 'warn', 'error'], says('is not a log level', 'use debug, info, warn or error')).default(CONFIG_DEFAULTS.log.level),
          pretty: z.boolean().default(options.isTty),
        })
        .prefault({}),
      monitor: z.strictObject({ progressThrottleMs: nonNegativeMs, stalledAfterMs: positiveMs }).partial().prefault({}),
      permissions: permissionsSchema,
    });
}

type CrossIssue = { path: (string | number)[]; message: string };

/**
 * Checks across keys (unique names, routes naming instances, what starting needs). They run on the
 * raw input, even when other keys are wrong, so one run reports every problem.
 */
export function crossFieldIssues(raw: Record<string, unknown>, options: Pick<ConfigSchemaOptions, 'requireToken' | 'requireInstances'>, skip: ReadonlySet<string>): CrossIssue[] {
  const issues: CrossIssue[] = [];
  const record = (value: unknown): Record<string, unknown> | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
  const discord = record(raw.discord);
  if (options.requireToken && discord?.token === undefined && !skip.has('discord.token')) {
    issues.push({
      path: ['discord', 'token'],
      message: says('is missing', 'set DISCORD_TOKEN (or DISCORD_TOKEN_FILE, or discord.token in discarr.yml) to the bot token from https://discord.com/developers/applications; `discarr demo` runs without one'),
    });
  }
  const instances = Array.isArray(raw.instances) ? (raw.instances as unknown[]) : [];
  if (options.requireInstances && (raw.instances === undefined || (Array.isArray(raw.instances) && raw.instances.length === 0))) {
    issues.push({ path: ['instances'], message: says('has no instance', 'add one under instances: in discarr.yml, or set RADARR_URL and RADARR_API_KEY (or SONARR_URL and SONARR_API_KEY)') });
  }
  const names: string[] = [];
  const seen = new Map<string, number>();
  instances.forEach((instance, index) => {
    const name = record(instance)?.name;
    if (typeof name !== 'string') return;
    names.push(name);
    const first = seen.get(name.toLowerCase());
    if (first === undefined) seen.set(name.toLowerCase(), index);
    else issues.push({ path: ['instances', index, 'name'], message: says(`is already the name of instances[${first}]`, 'give every instance its own name (names are compared without case)') });
  });
  const routes = Array.isArray(raw.routes) ? (raw.routes as unknown[]) : [];
  routes.forEach((route, routeIndex) => {
    const wanted = record(route)?.instances;
    if (!Array.isArray(wanted)) return;
    wanted.forEach((name: unknown, index) => {
      if (typeof name === 'string' && !names.some((known) => known.toLowerCase() === name.toLowerCase())) {
        issues.push({ path: ['routes', routeIndex, 'instances', index], message: says('names no configured instance', `use one of: ${names.join(', ') || '(none configured)'}`) });
      }
    });
  });
  issues.push(...permissionIssues(raw.permissions, names));
  return issues;
}

/** What the schema produces: exactly what the bot consumes (a type test proves it is a `BotConfig`). */
export type ParsedConfig = z.output<ReturnType<typeof createConfigSchema>>;
