/**
 * The bot's logger: pino, JSON lines (coloured lines in a terminal), with secrets removed twice:
 * by key (pino's redaction of `apiKey`, `token`, `x-api-key`, ... at any usual depth) and, last, by
 * value (every known secret and anything shaped like a Discord token or an `apikey=` query is
 * scrubbed from the finished line, whatever key or message carried it).
 */
import { createRequire } from 'node:module';
import { redactSecrets } from '@discarr/arr-sdk';
import pino, { type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { SECRET_KEYS } from './config/secrets.ts';

export type { Logger } from 'pino';

const SECRET_HEADERS = ['x-api-key', 'X-Api-Key', 'authorization', 'Authorization', 'cookie'];

/** pino redaction paths: each secret key at the top and up to three levels down, and in headers. */
export const REDACT_PATHS: readonly string[] = [
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
  ...SECRET_HEADERS.flatMap((header) => [`headers["${header}"]`, `*.headers["${header}"]`, `*.*.headers["${header}"]`]),
];

export interface LoggerOptions {
  level: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Coloured lines instead of JSON. */
  pretty: boolean;
  /** Values that must never appear in a line (the token, every API key and webhook secret). */
  secrets: readonly string[];
  /** Where lines go. Default stdout. */
  destination?: NodeJS.WritableStream;
}

/** A stream that removes secrets (the SDK's `redactSecrets`) from each line before passing it on. */
function scrubbing(target: NodeJS.WritableStream, secrets: readonly string[]): DestinationStream {
  return {
    write(line: string) {
      target.write(redactSecrets(line, secrets));
    },
  };
}

/**
 * pino-pretty, loaded only when coloured lines are asked for (a terminal): production (JSON) never
 * loads it. It is an optional dependency (the Docker image leaves it out): without it, JSON lines.
 */
function prettyStream(destination: NodeJS.WritableStream): NodeJS.WritableStream | undefined {
  const require = createRequire(import.meta.url);
  let pretty: typeof PinoPretty;
  try {
    pretty = require('pino-pretty') as typeof PinoPretty;
  } catch {
    return undefined;
  }
  return pretty({ destination, colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname', sync: true });
}

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? process.stdout;
  const secrets = [...new Set(options.secrets.filter((secret) => secret.length >= 6))].sort((a, b) => b.length - a.length);
  // Redaction by value runs on the JSON line, before pino-pretty formats it for a terminal.
  const output = (options.pretty ? prettyStream(destination) : undefined) ?? destination;
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

/** A logger that writes nothing (tests, `config check`). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
