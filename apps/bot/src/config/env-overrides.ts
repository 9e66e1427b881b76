/**
 * Environment variables over the config file. Precedence, lowest first: `discarr.yml`, the older
 * Discarr's variables (`DISCORD_TOKEN`, `RADARR_URL`, ...), then `DISCARR_*` variables. A secret may
 * come from a file instead (`*_FILE`, for Docker secrets); setting both forms in one layer is an error.
 *
 * `ENVIRONMENT_VARIABLES` is the one list: each variable carries its config path and parser (or,
 * for the few that set several keys, its own `apply`), applying is a loop over it, and the README's
 * tables are checked against it by a test.
 */
import type { ConfigIssue } from './config-error.ts';
import { formatPath } from './config-error.ts';

export type Environment = Readonly<Record<string, string | undefined>>;

type Raw = Record<string, unknown>;
type Path = readonly (string | number)[];

/** A variable's text → its config value, or what is wrong with it. */
export type EnvironmentParser = (value: string, name: string) => { value: unknown } | { problem: string; fix: string };

/** One documented variable, as the README's tables show it and as it is applied. */
export interface EnvironmentVariable {
  name: string;
  /** `discarr` (`DISCARR_*`) or `legacy` (the older Discarr's), the README's two tables. */
  layer: 'discarr' | 'legacy';
  /** The README's second column: the key it sets, in words. */
  key: string;
  /** Where its parsed value goes, for a variable that sets one key. */
  path?: Path;
  parse?: EnvironmentParser;
  /** A secret: `<name>_FILE` names a file holding it instead; setting both is an error. */
  secret?: boolean;
  /** For a variable that sets several keys, or none (read elsewhere): how it is applied. */
  apply?: (context: ApplyContext) => void;
}

export interface EnvironmentResult {
  /** Key path → where its value came from. */
  sources: Map<string, string>;
  warnings: string[];
  issues: ConfigIssue[];
}

/** What an `apply` gets: the raw config (changed in place), the variables, and helpers that record sources and problems. */
export interface ApplyContext {
  raw: Raw;
  env: Environment;
  result: EnvironmentResult;
  /** The variable's trimmed value; undefined when unset or blank. */
  get(name: string): string | undefined;
  /** Sets the value at `path` (creating the objects on the way) and records where it came from. */
  set(path: Path, value: unknown, source: string): void;
  /** Applies a secret variable (or its `_FILE` form) to `path`. */
  secret(path: Path, name: string): void;
  /** Parses a variable; a problem is reported and gives undefined. */
  parsed(name: string, parse: EnvironmentParser): unknown;
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

const text: EnvironmentParser = (value) => ({ value });
const lowerCase: EnvironmentParser = (value) => ({ value: value.toLowerCase() });
const list: EnvironmentParser = (value) => ({ value: value.split(',').map((part) => part.trim()).filter(Boolean) });
const bool: EnvironmentParser = (value, name) => {
  const lower = value.toLowerCase();
  if (TRUE.has(lower)) return { value: true };
  if (FALSE.has(lower)) return { value: false };
  return { problem: 'is not true or false', fix: `set ${name}=true or ${name}=false` };
};
const port: EnvironmentParser = (value) => {
  const parsed = Number(value);
  if (Number.isInteger(parsed) && parsed >= 0 && parsed <= 65_535) return { value: parsed };
  return { problem: 'is not a port number', fix: 'set it to a port between 0 and 65535, e.g. DISCARR_HTTP_PORT=8080' };
};
const seconds: EnvironmentParser = (value, name) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) return { problem: 'is not a number of seconds above 0', fix: `write it in seconds, e.g. ${name}=300` };
  return { value: Math.round(parsed * 1000) };
};

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `key` of `parent`, created when absent (a wrong type is left for the schema to report). */
function child(parent: Raw, key: string | number): Raw {
  const existing = parent[key];
  if (isRecord(existing)) return existing;
  const created: Raw = {};
  if (existing === undefined || existing === null) parent[key] = created;
  return created;
}

/** The file's instances (the list created when absent); undefined when `instances` is not a list. */
function instanceList(raw: Raw): Raw[] | undefined {
  if (raw.instances === undefined || raw.instances === null) raw.instances = [];
  return Array.isArray(raw.instances) ? (raw.instances as unknown[]).filter(isRecord) : undefined;
}

/** `radarr-4k` → `RADARR_4K`. */
export function envNameOf(instanceName: string): string {
  return instanceName.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** `DISCORD_CHANNEL_ID`: a status board in the channel, and a route of every event (but progress) to it. */
function applyLegacyChannel(context: ApplyContext): void {
  const channelId = context.get('DISCORD_CHANNEL_ID');
  if (channelId === undefined) return;
  const discord = child(context.raw, 'discord');
  const boards = Array.isArray(discord.boardChannels) ? (discord.boardChannels as unknown[]) : [];
  if (!boards.map(String).includes(channelId)) boards.push(channelId);
  context.set(['discord', 'boardChannels'], boards, 'DISCORD_CHANNEL_ID');
  if (context.raw.routes === undefined || context.raw.routes === null) context.raw.routes = [];
  if (!Array.isArray(context.raw.routes)) return;
  const routes = context.raw.routes as unknown[];
  if (!routes.some((route) => isRecord(route) && String(route.channel) === channelId)) {
    routes.push({ channel: channelId });
    context.result.sources.set(formatPath(['routes', routes.length - 1]), 'env DISCORD_CHANNEL_ID');
  }
}

/** `RADARR_URL` and `RADARR_API_KEY` (or Sonarr's): an instance named `radarr`, added or overridden. */
function applyLegacyInstance(kind: 'radarr' | 'sonarr'): (context: ApplyContext) => void {
  const prefix = kind.toUpperCase();
  return (context) => {
    const url = context.get(`${prefix}_URL`);
    const hasKey = context.get(`${prefix}_API_KEY`) !== undefined || context.get(`${prefix}_API_KEY_FILE`) !== undefined;
    const instances = instanceList(context.raw);
    if ((url === undefined && !hasKey) || instances === undefined) return;
    const all = context.raw.instances as unknown[];
    // Instance names are compared without case everywhere: `radarr` overrides the file's `Radarr`.
    let target = instances.find((instance) => typeof instance.name === 'string' && instance.name.toLowerCase() === kind);
    if (target === undefined) {
      if (url === undefined || !hasKey) {
        const missing = url === undefined ? `${prefix}_URL` : `${prefix}_API_KEY`;
        context.result.issues.push({
          path: missing,
          problem: `is missing while ${url === undefined ? `${prefix}_API_KEY` : `${prefix}_URL`} is set`,
          fix: `set ${missing}${missing.endsWith('KEY') ? ` (or ${missing}_FILE)` : ''} too, e.g. ${prefix}_URL=http://${kind}:${kind === 'radarr' ? 7878 : 8989}`,
        });
        return;
      }
      target = { name: kind, kind };
      all.push(target);
      context.result.sources.set(formatPath(['instances', all.length - 1]), `env ${prefix}_URL`);
    }
    const index = all.indexOf(target);
    if (url !== undefined) context.set(['instances', index, 'baseUrl'], url, `${prefix}_URL`);
    context.secret(['instances', index, 'apiKey'], `${prefix}_API_KEY`);
  };
}

/** `DISCARR_INSTANCE_<NAME>_*`: overrides of the file's instance `<name>`; a name matching none is an error. */
function applyInstanceOverrides(context: ApplyContext): void {
  const instances = instanceList(context.raw);
  if (instances === undefined) return;
  const all = context.raw.instances as unknown[];
  const known = new Set<string>();
  for (const instance of instances) {
    if (typeof instance.name !== 'string') continue;
    const prefix = `DISCARR_INSTANCE_${envNameOf(instance.name)}`;
    known.add(prefix);
    const index = all.indexOf(instance);
    const url = context.get(`${prefix}_URL`);
    if (url !== undefined) context.set(['instances', index, 'baseUrl'], url, `${prefix}_URL`);
    context.secret(['instances', index, 'apiKey'], `${prefix}_API_KEY`);
    context.secret(['instances', index, 'push', 'webhook', 'secret'], `${prefix}_WEBHOOK_SECRET`);
  }
  for (const name of Object.keys(context.env)) {
    const match = /^(DISCARR_INSTANCE_.+?)_(URL|API_KEY|API_KEY_FILE|WEBHOOK_SECRET|WEBHOOK_SECRET_FILE)$/.exec(name);
    if (match && context.get(name) !== undefined && ![...known].some((prefix) => name.startsWith(`${prefix}_`))) {
      context.result.issues.push({
        path: name,
        problem: 'names no instance of the config file',
        fix: `define the instance under instances: in discarr.yml (DISCARR_INSTANCE_<NAME>_* only overrides one), or use ${name.endsWith('_URL') ? 'RADARR_URL / SONARR_URL' : 'RADARR_API_KEY / SONARR_API_KEY'}`,
      });
    }
  }
}

/** The older Discarr's intervals (seconds), set on every instance. */
function applyLegacyInterval(name: string, keys: readonly string[]): (context: ApplyContext) => void {
  return (context) => {
    const value = context.parsed(name, seconds);
    const instances = instanceList(context.raw);
    if (value === undefined || instances === undefined) return;
    for (const instance of instances) {
      const index = (context.raw.instances as unknown[]).indexOf(instance);
      for (const key of keys) context.set(['instances', index, 'intervals', key], value, name);
    }
  };
}

/** Read elsewhere (`loadConfig`, `discarr start`), listed so the README's table is complete. */
const readElsewhere = (): void => undefined;

/** Every variable, in the order they are applied: later ones win. */
export const ENVIRONMENT_VARIABLES: readonly EnvironmentVariable[] = [
  // 1. The older Discarr's variables.
  { name: 'DISCORD_TOKEN', layer: 'legacy', key: '`discord.token`', path: ['discord', 'token'], secret: true },
  { name: 'DISCORD_CLIENT_ID', layer: 'legacy', key: '`discord.applicationId`', path: ['discord', 'applicationId'], parse: text },
  { name: 'DISCORD_CHANNEL_ID', layer: 'legacy', key: 'a status board in that channel and a route of every event (but progress) to it', apply: applyLegacyChannel },
  { name: 'RADARR_URL', layer: 'legacy', key: '`baseUrl` of an instance named `radarr` (added, or overriding the file\'s `radarr`), with `RADARR_API_KEY`', apply: applyLegacyInstance('radarr') },
  { name: 'RADARR_API_KEY', layer: 'legacy', key: 'its `apiKey`', secret: true, apply: readElsewhere },
  { name: 'SONARR_URL', layer: 'legacy', key: '`baseUrl` of an instance named `sonarr` (added, or overriding the file\'s `sonarr`), with `SONARR_API_KEY`', apply: applyLegacyInstance('sonarr') },
  { name: 'SONARR_API_KEY', layer: 'legacy', key: 'its `apiKey`', secret: true, apply: readElsewhere },
  { name: 'VERBOSE', layer: 'legacy', key: '`true`: `log.level: debug`', apply: (context) => {
    if (TRUE.has(context.get('VERBOSE')?.toLowerCase() ?? '')) context.set(['log', 'level'], 'debug', 'VERBOSE');
  } },
  { name: 'PLEX_URL', layer: 'legacy', key: 'ignored, with a warning', apply: (context) => {
    if (context.get('PLEX_URL') !== undefined) context.result.warnings.push('PLEX_URL is ignored: Discarr no longer talks to Plex; remove it from the environment.');
  } },
  // 2. DISCARR_* variables.
  { name: 'DISCARR_CONFIG', layer: 'discarr', key: 'the config file', apply: readElsewhere },
  { name: 'DISCARR_DISCORD_TOKEN', layer: 'discarr', key: '`discord.token`', path: ['discord', 'token'], secret: true },
  { name: 'DISCARR_DISCORD_APPLICATION_ID', layer: 'discarr', key: '`discord.applicationId`', path: ['discord', 'applicationId'], parse: text },
  { name: 'DISCARR_DISCORD_GUILD_IDS', layer: 'discarr', key: '`discord.guildIds` (comma-separated)', path: ['discord', 'guildIds'], parse: list },
  { name: 'DISCARR_DISCORD_GLOBAL_COMMANDS', layer: 'discarr', key: '`discord.globalCommands` (`true`/`false`)', path: ['discord', 'globalCommands'], parse: bool },
  { name: 'DISCARR_DISCORD_BOARD_CHANNELS', layer: 'discarr', key: '`discord.boardChannels` (comma-separated)', path: ['discord', 'boardChannels'], parse: list },
  { name: 'DISCARR_HTTP_HOST', layer: 'discarr', key: '`http.host`', path: ['http', 'host'], parse: text },
  { name: 'DISCARR_HTTP_PORT', layer: 'discarr', key: '`http.port`', path: ['http', 'port'], parse: port },
  { name: 'DISCARR_STATE_PATH', layer: 'discarr', key: '`state.path`', path: ['state', 'path'], parse: text },
  { name: 'DISCARR_LOG_LEVEL', layer: 'discarr', key: '`log.level`', path: ['log', 'level'], parse: lowerCase },
  { name: 'DISCARR_LOG_PRETTY', layer: 'discarr', key: '`log.pretty`', path: ['log', 'pretty'], parse: bool },
  { name: 'DISCARR_INSTANCE_<NAME>_URL', layer: 'discarr', key: '`baseUrl` of the file\'s instance `<name>` (upper case, other characters as `_`: `radarr-4k` → `RADARR_4K`)', apply: applyInstanceOverrides },
  { name: 'DISCARR_INSTANCE_<NAME>_API_KEY', layer: 'discarr', key: 'its `apiKey`', secret: true, apply: readElsewhere },
  { name: 'DISCARR_INSTANCE_<NAME>_WEBHOOK_SECRET', layer: 'discarr', key: 'its `push.webhook.secret`', secret: true, apply: readElsewhere },
  { name: 'DISCARR_DISCORD_REST_API', layer: 'discarr', key: 'Discord REST base URL for `start` and `register-commands` (a proxy; the tests\' fake Discord); Discord\'s rate limits still apply', apply: readElsewhere },
  // 3. The older Discarr's intervals, on every instance (the file's and those added above).
  { name: 'CHECK_INTERVAL', layer: 'legacy', key: 'every instance\'s `intervals.queueActiveMs` and `queueIdleMs` (seconds)', apply: applyLegacyInterval('CHECK_INTERVAL', ['queueActiveMs', 'queueIdleMs']) },
  { name: 'MIN_REFRESH_INTERVAL', layer: 'legacy', key: '`queueActiveMs` (seconds)', apply: applyLegacyInterval('MIN_REFRESH_INTERVAL', ['queueActiveMs']) },
  { name: 'MAX_REFRESH_INTERVAL', layer: 'legacy', key: '`queueIdleMs` (seconds)', apply: applyLegacyInterval('MAX_REFRESH_INTERVAL', ['queueIdleMs']) },
  { name: 'HEALTH_CHECK_INTERVAL', layer: 'legacy', key: 'every instance\'s `intervals.healthMs` (seconds)', apply: applyLegacyInterval('HEALTH_CHECK_INTERVAL', ['healthMs']) },
];

/**
 * Applies the environment to the raw config object (in place). Secrets read from files are set as
 * `tokenFile` / `apiKeyFile` / `secretFile` for the secret pass to read.
 */
export function applyEnvironment(raw: Raw, env: Environment): EnvironmentResult {
  const context = applyContext(raw, env);
  for (const variable of ENVIRONMENT_VARIABLES) {
    if (variable.apply) variable.apply(context);
    else if (variable.path && variable.secret) context.secret(variable.path, variable.name);
    else if (variable.path && variable.parse) {
      const value = context.parsed(variable.name, variable.parse);
      if (value !== undefined) context.set(variable.path, value, variable.name);
    }
  }
  return context.result;
}

function applyContext(raw: Raw, env: Environment): ApplyContext {
  const result: EnvironmentResult = { sources: new Map(), warnings: [], issues: [] };
  const get = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  /** The object holding the last segment of `path`, objects created on the way (lists are walked, never created). */
  const parentOf = (path: Path): Raw =>
    path.slice(0, -1).reduce<Raw>((target, segment) => {
      const next = target[segment];
      return Array.isArray(next) ? (next as unknown as Raw) : child(target, segment);
    }, raw);
  const set = (path: Path, value: unknown, source: string): void => {
    parentOf(path)[String(path.at(-1))] = value;
    result.sources.set(formatPath(path), `env ${source}`);
  };
  const secret = (path: Path, name: string): void => {
    const direct = get(name);
    const file = get(`${name}_FILE`);
    if (direct === undefined && file === undefined) return;
    if (direct !== undefined && file !== undefined) {
      result.issues.push({ path: name, problem: `is set together with ${name}_FILE`, fix: `set only one of ${name} and ${name}_FILE` });
      return;
    }
    const key = String(path.at(-1));
    const parent = parentOf(path);
    if (direct !== undefined) {
      Reflect.deleteProperty(parent, `${key}File`);
      set(path, direct, name);
    } else {
      Reflect.deleteProperty(parent, key);
      set([...path.slice(0, -1), `${key}File`], file, `${name}_FILE`);
      result.sources.set(formatPath(path), `env ${name}_FILE`);
    }
  };
  const parsed = (name: string, parse: EnvironmentParser): unknown => {
    const value = get(name);
    if (value === undefined) return undefined;
    const outcome = parse(value, name);
    if ('value' in outcome) return outcome.value;
    result.issues.push({ path: name, value: JSON.stringify(value), problem: outcome.problem, fix: outcome.fix });
    return undefined;
  };
  return { raw, env, result, get, set, secret, parsed };
}
