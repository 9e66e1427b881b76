/**
 * The `discarr` command: `start`, `demo`, `config check`, `register-commands`. Exit codes: 0 done,
 * 1 failed (bad config, Discord refused, crash), 2 wrong usage. A bad config never reaches Discord.
 */
import { parseArgs } from 'node:util';
import packageJson from '../../package.json' with { type: 'json' };
import { ConfigError } from '../config/config-error.ts';
import { summarizeConfig } from '../config/config-summary.ts';
import type { CliIo } from './cli-io.ts';
import { loadConfig, type LoadedConfig } from '../config/load-config.ts';
import { createLogger, secretsOf, type Logger } from '../logging.ts';
import { permissionRoleReport } from '../manage/role-check.ts';

export type { CliIo } from './cli-io.ts';


export const USAGE = `discarr: watch and run Radarr and Sonarr from Discord

Usage
  discarr start [--config <file>]            run the bot
  discarr demo [--duration <time>] [--speed <n>] [--seed <n>]
                                             simulated Radarr and Sonarr, the bot's messages in the
                                             terminal (or in Discord when DISCORD_TOKEN is set)
  discarr config check [--config <file>]     validate the configuration and print a summary
  discarr register-commands [--config <file>] [--global]
                                             register the slash commands now: globally, in
                                             discord.guildIds, else in every guild the bot is in
  discarr outbox [--config <file>]           list pending notifications per channel and the dead letters
  discarr --help | --version

Configuration: discarr.yml in the working directory (or --config, or DISCARR_CONFIG), then
environment variables (DISCARR_*, and the older Discarr's DISCORD_TOKEN, RADARR_URL, ...).
See apps/bot/README.md for every key.

Exit codes: 0 done, 1 failed (configuration, Discord, crash), 2 wrong usage.
`;

class UsageError extends Error {
  override name = 'UsageError';
}

/** `30`, `30s`, `2m`, `500ms`, `1h` → milliseconds (a bare number is seconds). */
export function parseDuration(text: string): number {
  const match = /^(\d+\.?\d*)(ms|s|m|h)?$/.exec(text.trim());
  if (!match?.[1]) throw new UsageError(`"${text}" is not a duration; write e.g. 30s, 2m or 500ms`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's'] ?? 1000;
  return Math.round(Number(match[1]) * unit);
}

function positiveNumber(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${name} "${text}" is not a number above 0`);
  return value;
}

/** Loads the config; a `ConfigError` is printed and becomes exit code 1. */
function tryLoad(io: CliIo, configPath: string | undefined, mode: 'start' | 'demo'): LoadedConfig | number {
  try {
    return loadConfig({ configPath, env: io.env, cwd: io.cwd, mode, isTty: io.stdout.isTTY === true });
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n\nNothing was started. Fix the configuration, then check it with: discarr config check\n`);
      return 1;
    }
    throw error;
  }
}

function loggerFor(loaded: LoadedConfig, io: CliIo): Logger {
  const logger = createLogger({ level: loaded.config.log.level, pretty: loaded.config.log.pretty, secrets: secretsOf(loaded.config), destination: io.stdout as NodeJS.WritableStream });
  for (const warning of loaded.warnings) logger.warn(warning);
  return logger;
}

/**
 * The demo, loaded only when asked for: its simulator (`@discarr/arr-simulator`) is an optional
 * dependency that a production install (the Docker image) leaves out.
 */
async function importDemo(io: CliIo): Promise<typeof import('../demo/run-demo.ts') | undefined> {
  try {
    await import('@discarr/arr-simulator');
    return await import('../demo/run-demo.ts');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && (error as Error).message.includes('@discarr/arr-simulator')) {
      io.stderr.write('The demo needs @discarr/arr-simulator, which this install leaves out (it is optional). Install it beside the bot (npm install @discarr/arr-simulator), or use the demo image (docker compose --profile demo build).\n');
      return undefined;
    }
    throw error;
  }
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      // `pnpm demo -- --duration 5s` passes the `--` through: it separates nothing here.
      args: argv.filter((arg) => arg !== '--'),
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        duration: { type: 'string' },
        speed: { type: 'string' },
        seed: { type: 'string' },
        global: { type: 'boolean' },
      },
    });
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals.join(' ');
  if (values.version) {
    io.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  if (values.help || command === '' || command === 'help') {
    io.stdout.write(USAGE);
    return command === '' && !values.help ? 2 : 0;
  }
  try {
    switch (command) {
      case 'config check':
      case 'check': {
        const loaded = tryLoad(io, values.config, 'start');
        if (typeof loaded === 'number') return loaded;
        io.stdout.write(`${summarizeConfig(loaded)}\n`);
        io.stdout.write(await permissionRoleReport(loaded.config, io.env.DISCARR_DISCORD_REST_API));
        return 0;
      }
      case 'start': {
        const loaded = tryLoad(io, values.config, 'start');
        if (typeof loaded === 'number') return loaded;
        const { runStart } = await import('./start-command.ts');
        return await runStart(loaded, loggerFor(loaded, io), io);
      }
      case 'demo': {
        const duration = values.duration === undefined ? undefined : parseDuration(values.duration);
        const speed = positiveNumber(values.speed, 'speed');
        const seed = positiveNumber(values.seed, 'seed');
        const loaded = tryLoad(io, values.config, 'demo');
        if (typeof loaded === 'number') return loaded;
        const demo = await importDemo(io);
        if (demo === undefined) return 1;
        const { runDemo } = demo;
        return await runDemo({ loaded, io, durationMs: duration, speed, seed });
      }
      case 'outbox': return await (await import('./outbox-command.ts')).runOutbox(io, values.config);
      case 'register-commands': {
        const loaded = tryLoad(io, values.config, 'demo');
        if (typeof loaded === 'number') return loaded;
        const { runRegisterCommands } = await import('./register-command.ts');
        return await runRegisterCommands(loaded, loggerFor(loaded, io), io, values.global === true);
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
