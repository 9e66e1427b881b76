/**
 * Environment variables over the config file. Precedence, lowest first: `discarr.yml`, the older
 * Discarr's variables (`DISCORD_TOKEN`, `RADARR_URL`, ...), then `DISCARR_*` variables. A secret may
 * come from a file instead (`*_FILE`, for Docker secrets); setting both forms in one layer is an error.
 */
import type { ConfigIssue } from './config-error.ts';
import { formatPath } from './config-error.ts';

export type Environment = Readonly<Record<string, string | undefined>>;

/** One documented variable: the README's table is this list. */
export interface EnvironmentVariable {
  name: string;
  key: string;
  description: string;
}

/** `DISCARR_*` variables, each overriding one key. */
export const DISCARR_VARIABLES: readonly EnvironmentVariable[] = [
  { name: 'DISCARR_CONFIG', key: '(file)', description: 'Path of the config file (default: ./discarr.yml if present).' },
  { name: 'DISCARR_DISCORD_TOKEN', key: 'discord.token', description: 'Bot token. `_FILE` variant reads it from a file.' },
  { name: 'DISCARR_DISCORD_APPLICATION_ID', key: 'discord.applicationId', description: 'Application id (for registering commands).' },
  { name: 'DISCARR_DISCORD_GUILD_IDS', key: 'discord.guildIds', description: 'Comma-separated guild ids to register commands in.' },
  { name: 'DISCARR_DISCORD_GLOBAL_COMMANDS', key: 'discord.globalCommands', description: '`true` to register commands globally.' },
  { name: 'DISCARR_DISCORD_BOARD_CHANNELS', key: 'discord.boardChannels', description: 'Comma-separated channel ids holding a status board.' },
  { name: 'DISCARR_HTTP_HOST', key: 'http.host', description: 'Address the HTTP server listens on.' },
  { name: 'DISCARR_HTTP_PORT', key: 'http.port', description: 'Port of the HTTP server (0: any free port).' },
  { name: 'DISCARR_STATE_PATH', key: 'state.path', description: 'State file (outbox, board ids, monitor checkpoints).' },
  { name: 'DISCARR_LOG_LEVEL', key: 'log.level', description: 'debug, info, warn or error.' },
  { name: 'DISCARR_LOG_PRETTY', key: 'log.pretty', description: '`true` for coloured lines, `false` for JSON.' },
  { name: 'DISCARR_INSTANCE_<NAME>_URL', key: 'instances[name].url', description: 'URL of the instance named <name> in the file (upper case, `-` and `.` as `_`).' },
  { name: 'DISCARR_INSTANCE_<NAME>_API_KEY', key: 'instances[name].apiKey', description: 'Its API key. `_FILE` variant reads it from a file.' },
  { name: 'DISCARR_INSTANCE_<NAME>_WEBHOOK_SECRET', key: 'instances[name].push.webhook.secret', description: 'Its webhook secret. `_FILE` variant reads it from a file.' },
];

/** The older Discarr's variables, accepted so its users can switch. */
export const LEGACY_VARIABLES: readonly EnvironmentVariable[] = [
  { name: 'DISCORD_TOKEN', key: 'discord.token', description: 'Bot token (`DISCORD_TOKEN_FILE` reads it from a file).' },
  { name: 'DISCORD_CLIENT_ID', key: 'discord.applicationId', description: 'Application id.' },
  { name: 'DISCORD_CHANNEL_ID', key: 'discord.boardChannels + routes', description: 'Adds a status board in this channel and a route of every event (but progress) to it.' },
  { name: 'RADARR_URL', key: 'instances[radarr].url', description: 'Adds (or overrides) an instance named `radarr`.' },
  { name: 'RADARR_API_KEY', key: 'instances[radarr].apiKey', description: 'Its API key (`RADARR_API_KEY_FILE` reads it from a file).' },
  { name: 'SONARR_URL', key: 'instances[sonarr].url', description: 'Adds (or overrides) an instance named `sonarr`.' },
  { name: 'SONARR_API_KEY', key: 'instances[sonarr].apiKey', description: 'Its API key (`SONARR_API_KEY_FILE` reads it from a file).' },
  { name: 'CHECK_INTERVAL', key: 'instances[*].intervals.queueActiveMs + queueIdleMs', description: 'Seconds between queue checks, for every instance.' },
  { name: 'MIN_REFRESH_INTERVAL', key: 'instances[*].intervals.queueActiveMs', description: 'Seconds between queue checks while downloading.' },
  { name: 'MAX_REFRESH_INTERVAL', key: 'instances[*].intervals.queueIdleMs', description: 'Seconds between queue checks while idle.' },
  { name: 'HEALTH_CHECK_INTERVAL', key: 'instances[*].intervals.healthMs', description: 'Seconds between health checks, for every instance.' },
  { name: 'VERBOSE', key: 'log.level', description: '`true` sets the log level to debug.' },
  { name: 'PLEX_URL', key: '(ignored)', description: 'Ignored with a warning: Discarr no longer talks to Plex.' },
];

export interface EnvironmentResult {
  /** Key path → where its value came from. */
  sources: Map<string, string>;
  warnings: string[];
  issues: ConfigIssue[];
}

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `key` of `parent`, created when absent (a wrong type is left for the schema to report). */
function child(parent: Raw, key: string): Raw {
  const existing = parent[key];
  if (isRecord(existing)) return existing;
  const created: Raw = {};
  if (existing === undefined || existing === null) parent[key] = created;
  return created;
}

function instanceList(raw: Raw): Raw[] | undefined {
  if (raw.instances === undefined || raw.instances === null) raw.instances = [];
  return Array.isArray(raw.instances) ? (raw.instances as unknown[]).filter(isRecord) : undefined;
}

/** `radarr-4k` → `RADARR_4K`. */
export function envNameOf(instanceName: string): string {
  return instanceName.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

/**
 * Applies the environment to the raw config object (in place). Secrets read from files are set as
 * `tokenFile` / `apiKeyFile` / `secretFile` for the secret pass to read.
 */
export function applyEnvironment(raw: Raw, env: Environment): EnvironmentResult {
  const result: EnvironmentResult = { sources: new Map(), warnings: [], issues: [] };
  const get = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const set = (target: Raw, key: string, path: readonly (string | number)[], value: unknown, source: string) => {
    target[key] = value;
    result.sources.set(formatPath(path), `env ${source}`);
  };

  /** A secret given either directly or as a file, never both. */
  const secret = (target: Raw, key: string, path: (string | number)[], name: string) => {
    const direct = get(name);
    const file = get(`${name}_FILE`);
    if (direct !== undefined && file !== undefined) {
      result.issues.push({ path: name, problem: `is set together with ${name}_FILE`, fix: `set only one of ${name} and ${name}_FILE` });
      return;
    }
    if (direct !== undefined) {
      Reflect.deleteProperty(target, `${key}File`);
      set(target, key, path, direct, name);
    } else if (file !== undefined) {
      Reflect.deleteProperty(target, key);
      set(target, `${key}File`, [...path.slice(0, -1), `${key}File`], file, `${name}_FILE`);
      result.sources.set(formatPath(path), `env ${name}_FILE`);
    }
  };

  const list = (target: Raw, key: string, path: string[], name: string) => {
    const value = get(name);
    if (value !== undefined) set(target, key, path, value.split(',').map((part) => part.trim()).filter(Boolean), name);
  };

  const bool = (target: Raw, key: string, path: string[], name: string) => {
    const value = get(name)?.toLowerCase();
    if (value === undefined) return;
    if (TRUE.has(value)) set(target, key, path, true, name);
    else if (FALSE.has(value)) set(target, key, path, false, name);
    else result.issues.push({ path: name, value: JSON.stringify(value), problem: 'is not true or false', fix: `set ${name}=true or ${name}=false` });
  };

  const seconds = (name: string): number | undefined => {
    const value = get(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0) {
      result.issues.push({ path: name, value: JSON.stringify(value), problem: 'is not a number of seconds above 0', fix: `write it in seconds, e.g. ${name}=300` });
      return undefined;
    }
    return Math.round(parsed * 1000);
  };

  const discord = child(raw, 'discord');

  // 1. The older Discarr's variables.
  secret(discord, 'token', ['discord', 'token'], 'DISCORD_TOKEN');
  const clientId = get('DISCORD_CLIENT_ID');
  if (clientId !== undefined) set(discord, 'applicationId', ['discord', 'applicationId'], clientId, 'DISCORD_CLIENT_ID');
  const channelId = get('DISCORD_CHANNEL_ID');
  if (channelId !== undefined) {
    const boards = Array.isArray(discord.boardChannels) ? (discord.boardChannels as unknown[]) : [];
    if (!boards.map(String).includes(channelId)) boards.push(channelId);
    set(discord, 'boardChannels', ['discord', 'boardChannels'], boards, 'DISCORD_CHANNEL_ID');
    if (raw.routes === undefined || raw.routes === null) raw.routes = [];
    if (Array.isArray(raw.routes)) {
      const routes = raw.routes as unknown[];
      if (!routes.some((route) => isRecord(route) && String(route.channel) === channelId)) {
        routes.push({ channel: channelId });
        result.sources.set(formatPath(['routes', routes.length - 1]), 'env DISCORD_CHANNEL_ID');
      }
    }
  }

  const instances = instanceList(raw);
  for (const kind of ['radarr', 'sonarr'] as const) {
    const prefix = kind.toUpperCase();
    const url = get(`${prefix}_URL`);
    const hasKey = get(`${prefix}_API_KEY`) !== undefined || get(`${prefix}_API_KEY_FILE`) !== undefined;
    if (url === undefined && !hasKey) continue;
    if (instances === undefined) continue;
    let index = instances.findIndex((instance) => instance.name === kind);
    if (index === -1) {
      if (url === undefined || !hasKey) {
        const missing = url === undefined ? `${prefix}_URL` : `${prefix}_API_KEY`;
        result.issues.push({
          path: missing,
          problem: `is missing while ${url === undefined ? `${prefix}_API_KEY` : `${prefix}_URL`} is set`,
          fix: `set ${missing}${missing.endsWith('KEY') ? ` (or ${missing}_FILE)` : ''} too, e.g. ${prefix}_URL=http://${kind}:${kind === 'radarr' ? 7878 : 8989}`,
        });
        continue;
      }
      (raw.instances as unknown[]).push({ name: kind, kind });
      index = (raw.instances as unknown[]).length - 1;
      instances.push((raw.instances as Raw[])[index] as Raw);
      result.sources.set(formatPath(['instances', index]), `env ${prefix}_URL`);
    }
    const target = instances[index] as Raw;
    const rawIndex = (raw.instances as unknown[]).indexOf(target);
    if (url !== undefined) set(target, 'url', ['instances', rawIndex, 'url'], url, `${prefix}_URL`);
    secret(target, 'apiKey', ['instances', rawIndex, 'apiKey'], `${prefix}_API_KEY`);
  }

  const verbose = get('VERBOSE')?.toLowerCase();
  if (verbose !== undefined && TRUE.has(verbose)) set(child(raw, 'log'), 'level', ['log', 'level'], 'debug', 'VERBOSE');
  if (get('PLEX_URL') !== undefined) result.warnings.push('PLEX_URL is ignored: Discarr no longer talks to Plex; remove it from the environment.');

  // 2. DISCARR_* variables.
  secret(discord, 'token', ['discord', 'token'], 'DISCARR_DISCORD_TOKEN');
  const applicationId = get('DISCARR_DISCORD_APPLICATION_ID');
  if (applicationId !== undefined) set(discord, 'applicationId', ['discord', 'applicationId'], applicationId, 'DISCARR_DISCORD_APPLICATION_ID');
  list(discord, 'guildIds', ['discord', 'guildIds'], 'DISCARR_DISCORD_GUILD_IDS');
  bool(discord, 'globalCommands', ['discord', 'globalCommands'], 'DISCARR_DISCORD_GLOBAL_COMMANDS');
  list(discord, 'boardChannels', ['discord', 'boardChannels'], 'DISCARR_DISCORD_BOARD_CHANNELS');
  const host = get('DISCARR_HTTP_HOST');
  if (host !== undefined) set(child(raw, 'http'), 'host', ['http', 'host'], host, 'DISCARR_HTTP_HOST');
  const port = get('DISCARR_HTTP_PORT');
  if (port !== undefined) {
    const parsed = Number(port);
    if (Number.isInteger(parsed) && parsed >= 0 && parsed <= 65_535) set(child(raw, 'http'), 'port', ['http', 'port'], parsed, 'DISCARR_HTTP_PORT');
    else result.issues.push({ path: 'DISCARR_HTTP_PORT', value: JSON.stringify(port), problem: 'is not a port number', fix: 'set it to a port between 0 and 65535, e.g. DISCARR_HTTP_PORT=8080' });
  }
  const statePath = get('DISCARR_STATE_PATH');
  if (statePath !== undefined) set(child(raw, 'state'), 'path', ['state', 'path'], statePath, 'DISCARR_STATE_PATH');
  const level = get('DISCARR_LOG_LEVEL');
  if (level !== undefined) set(child(raw, 'log'), 'level', ['log', 'level'], level.toLowerCase(), 'DISCARR_LOG_LEVEL');
  bool(child(raw, 'log'), 'pretty', ['log', 'pretty'], 'DISCARR_LOG_PRETTY');

  if (instances !== undefined) {
    const known = new Set<string>();
    for (const instance of instances) {
      if (typeof instance.name !== 'string') continue;
      const prefix = `DISCARR_INSTANCE_${envNameOf(instance.name)}`;
      known.add(prefix);
      const index = (raw.instances as unknown[]).indexOf(instance);
      const url = get(`${prefix}_URL`);
      if (url !== undefined) set(instance, 'url', ['instances', index, 'url'], url, `${prefix}_URL`);
      secret(instance, 'apiKey', ['instances', index, 'apiKey'], `${prefix}_API_KEY`);
      if (get(`${prefix}_WEBHOOK_SECRET`) !== undefined || get(`${prefix}_WEBHOOK_SECRET_FILE`) !== undefined) {
        const webhook = child(child(instance, 'push'), 'webhook');
        secret(webhook, 'secret', ['instances', index, 'push', 'webhook', 'secret'], `${prefix}_WEBHOOK_SECRET`);
      }
    }
    for (const name of Object.keys(env)) {
      const match = /^(DISCARR_INSTANCE_.+?)_(URL|API_KEY|API_KEY_FILE|WEBHOOK_SECRET|WEBHOOK_SECRET_FILE)$/.exec(name);
      if (match && get(name) !== undefined && ![...known].some((prefix) => name.startsWith(`${prefix}_`))) {
        result.issues.push({
          path: name,
          problem: 'names no instance of the config file',
          fix: `define the instance under instances: in discarr.yml (DISCARR_INSTANCE_<NAME>_* only overrides one), or use ${/_URL$/.test(name) ? 'RADARR_URL / SONARR_URL' : 'RADARR_API_KEY / SONARR_API_KEY'}`,
        });
      }
    }

    // 3. Legacy intervals, for every instance.
    const check = seconds('CHECK_INTERVAL');
    const min = seconds('MIN_REFRESH_INTERVAL');
    const max = seconds('MAX_REFRESH_INTERVAL');
    const health = seconds('HEALTH_CHECK_INTERVAL');
    for (const instance of instances) {
      const index = (raw.instances as unknown[]).indexOf(instance);
      const at = (key: string) => ['instances', index, 'intervals', key];
      const intervals = () => child(instance, 'intervals');
      if (check !== undefined) {
        set(intervals(), 'queueActiveMs', at('queueActiveMs'), check, 'CHECK_INTERVAL');
        set(intervals(), 'queueIdleMs', at('queueIdleMs'), check, 'CHECK_INTERVAL');
      }
      if (min !== undefined) set(intervals(), 'queueActiveMs', at('queueActiveMs'), min, 'MIN_REFRESH_INTERVAL');
      if (max !== undefined) set(intervals(), 'queueIdleMs', at('queueIdleMs'), max, 'MAX_REFRESH_INTERVAL');
      if (health !== undefined) set(intervals(), 'healthMs', at('healthMs'), health, 'HEALTH_CHECK_INTERVAL');
    }
  }
  return result;
}
