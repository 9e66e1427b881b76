/**
 * Loads the configuration: `discarr.yml` (YAML or JSON), then the environment, then secrets from
 * files, validated by the schema into a `BotConfig`. Throws one `ConfigError` listing every problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import type { BotConfig } from '../contracts.ts';
import { ConfigError, type ConfigIssue, formatPath } from './config-error.ts';
import { createConfigSchema, crossFieldIssues, FIX_SEPARATOR } from './config-schema.ts';
import { CONFIG_DEFAULTS } from './defaults.ts';
import { applyEnvironment, type Environment } from './env-overrides.ts';
import { maskSecret } from '@discarr/arr-sdk';
import { applyRenamedKeys } from './renamed-keys.ts';
import { maskText, readSecretFile, SECRET_KEYS } from './secrets.ts';

export interface LoadConfigOptions {
  /** `--config`; else `DISCARR_CONFIG`; else `discarr.yml` (or `.yaml`, `.json`) in `cwd` when present. */
  configPath?: string;
  /** Default `process.env`. */
  env?: Environment;
  /** Default `process.cwd()`. */
  cwd?: string;
  /** `start` needs a token and an instance; `demo` needs neither. Default `start`. */
  mode?: 'start' | 'demo';
  /** Default of `log.pretty`. Default: whether stdout is a terminal. */
  isTty?: boolean;
}

export interface LoadedConfig {
  config: BotConfig;
  /** The file read, if any. */
  file: string | undefined;
  /** Things that work but deserve a look (ignored variables, nothing to post). */
  warnings: string[];
  /** Key path → where its value came from when not from the file. */
  sources: ReadonlyMap<string, string>;
}

const SECRET_KEY_SET: ReadonlySet<string> = new Set(SECRET_KEYS);

type Raw = Record<string, unknown>;

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const mode = options.mode ?? 'start';
  const explicit = options.configPath ?? (env.DISCARR_CONFIG?.trim() || undefined);
  // The default names are ours; the directory is the operator's working directory.
  // eslint-disable-next-line security/detect-non-literal-fs-filename
  const file = explicit === undefined ? CONFIG_DEFAULTS.configFiles.map((name) => resolve(cwd, name)).find((path) => existsSync(path)) : resolve(cwd, explicit);
  const origin = file ?? 'environment';

  const raw = file === undefined ? {} : readConfigFile(file, explicit !== undefined);
  // Former key names first, so the environment overrides a file's old `url` like its `baseUrl`.
  const renamed = applyRenamedKeys(raw);
  const applied = applyEnvironment(raw, env);
  for (const [path, source] of renamed.sources) if (!applied.sources.has(path)) applied.sources.set(path, source);
  const secretIssues = readSecretFiles(raw, applied.sources);
  const issues: ConfigIssue[] = [...renamed.issues, ...applied.issues, ...secretIssues.issues];

  const schema = createConfigSchema({ requireToken: mode === 'start', requireInstances: mode === 'start', isTty: options.isTty ?? process.stdout.isTTY });
  const parsed = schema.safeParse(raw);
  const schemaIssues: z.core.$ZodIssue[] = parsed.success ? [] : parsed.error.issues;
  const crossIssues = crossFieldIssues(raw, { requireToken: mode === 'start', requireInstances: mode === 'start' }, secretIssues.failed).map(
    (issue): z.core.$ZodIssue => ({ code: 'custom', path: issue.path, message: issue.message, input: undefined }),
  );
  // A secret whose file failed was already reported; its absence is not a second problem.
  const reported = [...schemaIssues, ...crossIssues].filter((issue) => !secretIssues.failed.has(formatPath(issue.path)));
  issues.push(...reported.flatMap((issue) => toConfigIssues(issue, raw, applied.sources)));
  if (issues.length > 0 || !parsed.success) throw new ConfigError(issues, origin);

  const config: BotConfig = withCanonicalNames(parsed.data);
  const warnings = [...renamed.warnings, ...applied.warnings];
  if (mode === 'start' && config.routes.length === 0 && config.discord.boardChannels.length === 0) {
    warnings.push('No route and no board channel: the bot will post nothing. Add routes: or discord.boardChannels (or set DISCORD_CHANNEL_ID).');
  }
  return { config, file, warnings, sources: applied.sources };
}

/**
 * Instance names are compared without case everywhere; inside the bot each route names an instance
 * as the instance itself is spelled, so the router, the commands and the monitor can compare exactly.
 */
function withCanonicalNames(config: BotConfig): BotConfig {
  const spelling = new Map(config.instances.map((instance) => [instance.name.toLowerCase(), instance.name]));
  return { ...config, routes: config.routes.map((route) => (route.instances ? { ...route, instances: route.instances.map((name) => spelling.get(name.toLowerCase()) ?? name) } : route)) };
}

/** Reads and parses the file; a missing default file is not an error, a missing named one is. */
function readConfigFile(file: string, named: boolean): Raw {
  let text: string;
  try {
    // The path is the operator's own choice (`--config`, `DISCARR_CONFIG`).
    // eslint-disable-next-line security/detect-non-literal-fs-filename
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(
      [{ path: named ? '--config / DISCARR_CONFIG' : file, value: JSON.stringify(file), problem: `cannot be read (${code})`, fix: 'check the path and that the bot may read the file, or leave it out to use environment variables only' }],
      file,
    );
  }
  // YAML is a superset of JSON, so one parser reads both. Integers are read as bigints first so an
  // unquoted Discord id (above 2^53) keeps its digits.
  const document = parseDocument(text, { intAsBigInt: true, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((error) => ({
        path: error.linePos?.[0] ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : file,
        problem: error.message.split('\n')[0] ?? error.message,
        fix: 'correct the YAML syntax (indent with spaces, quote values that contain ": " or start with a special character)',
      })),
      file,
    );
  }
  const value = normalizeNumbers(document.toJS() as unknown);
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError([{ path: '(root)', value: JSON.stringify(value), problem: 'is not a mapping of keys', fix: 'start the file with keys such as discord:, instances:, routes:' }], file);
  }
  return value as Raw;
}

/** Safe bigints become numbers; larger ones (Discord ids) become strings. */
function normalizeNumbers(value: unknown): unknown {
  if (typeof value === 'bigint') return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  if (Array.isArray(value)) return value.map(normalizeNumbers);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, normalizeNumbers(entry)]));
  }
  return value;
}

/** Replaces `tokenFile`, `apiKeyFile` and `secretFile` with the content of the file they name. */
function readSecretFiles(raw: Raw, sources: Map<string, string>): { issues: ConfigIssue[]; failed: Set<string> } {
  const issues: ConfigIssue[] = [];
  const failed = new Set<string>();
  const resolveIn = (target: unknown, key: string, path: (string | number)[]) => {
    if (typeof target !== 'object' || target === null) return;
    const record = target as Raw;
    const fileKey = `${key}File`;
    const filePath = record[fileKey];
    if (filePath === undefined) return;
    const at = formatPath([...path, fileKey]);
    const source = sources.get(formatPath([...path, key]));
    Reflect.deleteProperty(record, fileKey);
    if (record[key] !== undefined) {
      issues.push({ path: at, problem: `is set together with ${key}`, fix: `keep only one of ${key} and ${fileKey}` });
      return;
    }
    if (typeof filePath !== 'string' || filePath === '') {
      issues.push({ path: at, value: JSON.stringify(filePath), problem: 'is not a file path', fix: `set ${fileKey} to the path of a file holding the ${key}, e.g. /run/secrets/${key.toLowerCase()}` });
      failed.add(formatPath([...path, key]));
      return;
    }
    const read = readSecretFile(filePath);
    if ('error' in read) {
      issues.push({ path: at, ...(source ? { source } : {}), value: JSON.stringify(filePath), problem: read.error, fix: `check the path and that the bot's user may read it (with Docker, mount the secret), or set ${key} directly` });
      failed.add(formatPath([...path, key]));
      return;
    }
    record[key] = read.value;
    sources.set(formatPath([...path, key]), `${source ?? 'file'} ${JSON.stringify(filePath)}`);
  };
  resolveIn(raw.discord, 'token', ['discord']);
  if (Array.isArray(raw.instances)) {
    raw.instances.forEach((instance: unknown, index) => {
      resolveIn(instance, 'apiKey', ['instances', index]);
      const push = typeof instance === 'object' && instance !== null ? (instance as Raw).push : undefined;
      const webhook = typeof push === 'object' && push !== null ? (push as Raw).webhook : undefined;
      resolveIn(webhook, 'secret', ['instances', index, 'push', 'webhook']);
    });
  }
  return { issues, failed };
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let current: unknown = raw;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !(segment in current)) return { found: false, value: undefined };
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return { found: true, value: current };
}

/** Shows a value in an error: secrets masked (also credentials and `apikey=` in URLs), long values cut. */
export function showValue(path: readonly PropertyKey[], value: unknown): string {
  const last = path.at(-1);
  if (typeof last === 'string' && SECRET_KEY_SET.has(last)) return maskSecret(value);
  // JSON.stringify gives undefined for undefined and functions, whatever its declared type says.
  const shown = (JSON.stringify(value) as string | undefined) ?? String(value);
  const text = maskText(shown);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The closest of `candidates` to `word`, when close enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function toConfigIssues(issue: z.core.$ZodIssue, raw: Raw, sources: ReadonlyMap<string, string>): ConfigIssue[] {
  const path = issue.path;
  const sourceOf = (at: readonly PropertyKey[]) => {
    for (let length = at.length; length > 0; length--) {
      const source = sources.get(formatPath(at.slice(0, length)));
      if (source) return { source };
    }
    return {};
  };
  if (issue.code === 'unrecognized_keys') {
    const known = SHAPES[formatPath(path).replace(/\[\d+\]/g, '[]')] ?? [];
    return issue.keys.map((key) => {
      const suggestion = closest(key, known);
      return {
        path: formatPath([...path, key]),
        problem: 'is not a known key',
        fix: suggestion ? `did you mean ${suggestion}? Otherwise remove it` : `remove it${known.length > 0 ? ` (known keys here: ${known.join(', ')})` : ''}`,
      };
    });
  }
  const { found, value } = valueAt(raw, path);
  const [problem, fix] = issue.message.includes(FIX_SEPARATOR) ? (issue.message.split(FIX_SEPARATOR) as [string, string]) : genericMessage(issue, found);
  return [{ path: formatPath(path), ...sourceOf(path), ...(found ? { value: showValue(path, value) } : {}), problem, fix }];
}

/** Keys of each object, for "did you mean" (kept beside the schema's shape). */
const SHAPES: Record<string, string[]> = {
  '(root)': ['discord', 'instances', 'routes', 'notifications', 'board', 'http', 'state', 'log', 'monitor'],
  discord: ['token', 'tokenFile', 'applicationId', 'guildIds', 'globalCommands', 'boardChannels'],
  'instances[]': ['name', 'kind', 'baseUrl', 'apiKey', 'apiKeyFile', 'push', 'intervals', 'disk', 'client'],
  'instances[].push': ['signalr', 'webhook'],
  'instances[].intervals': ['queueActiveMs', 'queueIdleMs', 'healthMs', 'statusMs', 'diskMs', 'maxBackoffMs'],
  'instances[].disk': ['minFreeBytes', 'minFreePercent', 'hysteresisPercent'],
  'instances[].client': ['timeoutMs', 'longTimeoutMs', 'concurrency', 'rateLimit', 'retry', 'cache', 'userAgent'],
  'routes[]': ['channel', 'events', 'instances', 'tags', 'qualities', 'mentionRoles', 'quietHours'],
  'routes[].quietHours': ['start', 'end', 'timezone'],
  notifications: ['burstWindowMs', 'seasonPackWindowMs'],
  board: ['minEditIntervalMs', 'itemsPerPage'],
  http: ['host', 'port'],
  state: ['path'],
  log: ['level', 'pretty'],
  monitor: ['progressThrottleMs', 'stalledAfterMs'],
};

function genericMessage(issue: z.core.$ZodIssue, found: boolean): [string, string] {
  switch (issue.code) {
    case 'invalid_type':
      return found ? [`is not a ${issue.expected}`, `write a ${issue.expected} here`] : ['is missing', `add it (a ${issue.expected})`];
    case 'invalid_value':
      return ['is not an allowed value', `use one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`];
    case 'too_small':
      return [`is below the minimum (${String(issue.minimum)})`, `use ${String(issue.minimum)} or more`];
    case 'too_big':
      return [`is above the maximum (${String(issue.maximum)})`, `use ${String(issue.maximum)} or less`];
    case 'invalid_union':
      return ['has the wrong form', 'see the config reference in apps/bot/README.md for the allowed forms'];
    default:
      return [issue.message, 'see the config reference in apps/bot/README.md'];
  }
}
