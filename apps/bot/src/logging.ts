/**
 * The bot's logger: pino, JSON lines (coloured lines in a terminal), with secrets removed twice:
 * by key (pino's redaction of `apiKey`, `token`, `x-api-key`, ... at any usual depth) and, last, by
 * value (every known secret and anything shaped like a Discord token or an `apikey=` query is
 * scrubbed from the finished line, whatever key or message carried it).
 */
import type { Writable } from 'node:stream';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

const SECRET_KEYS = ['apiKey', 'apikey', 'api_key', 'token', 'secret', 'password', 'authorization', 'Authorization', 'accessToken', 'botToken'];
const SECRET_HEADERS = ['x-api-key', 'X-Api-Key', 'authorization', 'Authorization', 'cookie'];

/** pino redaction paths: each secret key at the top and up to three levels down, and in headers. */
export const REDACT_PATHS: readonly string[] = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
  ...SECRET_HEADERS.flatMap((header) => [`headers["${header}"]`, `*.headers["${header}"]`, `*.*.headers["${header}"]`]),
];

/** A Discord bot token: three base64url parts separated by dots. */
const DISCORD_TOKEN_SHAPE = /[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,40}/g;
/** `apikey=...`, `token=...` and `secret=...` in URLs and text. */
const SECRET_QUERY = /\b(api_?key|access_token|token|secret)=([^&\s"'\\]+)/gi;
/** `Bot <token>` and `Bearer <token>` authorization values. */
const AUTH_VALUE = /\b(Bot|Bearer) [\w.-]{20,}/g;

/** Removes every known secret (and anything shaped like one) from a text. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const value of secrets) {
    if (value.length < 6) continue;
    out = out.replaceAll(value, '[redacted]').replaceAll(encodeURIComponent(value), '[redacted]');
  }
  return out.replace(DISCORD_TOKEN_SHAPE, '[redacted]').replace(SECRET_QUERY, '$1=[redacted]').replace(AUTH_VALUE, '$1 [redacted]');
}

export interface LoggerOptions {
  level: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Coloured lines instead of JSON. */
  pretty: boolean;
  /** Values that must never appear in a line (the token, every API key and webhook secret). */
  secrets: readonly string[];
  /** Where lines go. Default stdout. */
  destination?: NodeJS.WritableStream;
}

/** A stream that scrubs each line before passing it on. */
function scrubbing(target: NodeJS.WritableStream, secrets: readonly string[]): DestinationStream {
  return {
    write(line: string) {
      target.write(scrubSecrets(line, secrets));
    },
  };
}

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? process.stdout;
  const secrets = [...new Set(options.secrets.filter((secret) => secret.length >= 6))].sort((a, b) => b.length - a.length);
  // Redaction by value runs on the JSON line, before pino-pretty formats it for a terminal.
  const output = options.pretty
    ? pretty({ destination: destination as Writable, colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname', sync: true })
    : destination;
  return pino(
    {
      level: options.level,
      base: { name: 'discarr' },
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    scrubbing(output, secrets),
  );
}

/** The secrets of a configuration, for `createLogger`. */
export function secretsOf(config: { discord: { token?: string }; instances: { apiKey: string; push?: { webhook?: { secret: string } } }[] }): string[] {
  return [config.discord.token, ...config.instances.flatMap((instance) => [instance.apiKey, instance.push?.webhook?.secret])].filter(
    (secret): secret is string => typeof secret === 'string' && secret !== '',
  );
}

/** Adapts pino to the SDK's logger hook, which takes (message, data). */
export function sdkLoggerOf(logger: Logger): { debug(message: string, data?: Record<string, unknown>): void; warn(message: string, data?: Record<string, unknown>): void } {
  return {
    debug: (message, data) => {
      logger.debug(data ?? {}, message);
    },
    warn: (message, data) => {
      logger.warn(data ?? {}, message);
    },
  };
}

/** A logger that writes nothing (tests, `config check`). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
