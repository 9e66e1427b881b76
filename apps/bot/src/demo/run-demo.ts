/**
 * `discarr demo`: a simulated Radarr and Sonarr (the `busy` scenario, sped up), the monitor, and
 * the bot's notifier and status board drawing into the terminal, so anyone can see Discarr work
 * with no Radarr, Sonarr or Discord. With `DISCORD_TOKEN` set it posts to Discord instead.
 */
import type { RadarrSimulator, SonarrSimulator } from '@discarr/arr-simulator';
import { createMemoryStore, createMonitor, systemClock, type Monitor } from '@discarr/monitor';
import { monitorOptionsOf } from '../monitor-setup.ts';
import type { CliIo } from '../cli/cli-io.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import type { BotConfig } from '../contracts.ts';
import { createLogger, secretsOf, type Logger } from '../logging.ts';
import { createMetrics } from '../metrics.ts';
import { wireMonitorToSink } from '../sink-wiring.ts';
import { startManagementStory } from './management-story.ts';
import { createTerminalSink } from './terminal-sink.ts';

export interface DemoOptions {
  loaded: LoadedConfig;
  io: CliIo;
  /** Stops by itself after this long (tests, CI); default: until Ctrl-C. */
  durationMs?: number;
  /** How much faster than real time the simulators run. Default 20. */
  speed?: number;
  /** Seed of the simulated libraries and scenario. Default 7. */
  seed?: number;
}

/** Channel ids the terminal stands for. */
export const DEMO_BOARD_CHANNEL = '100000000000000001';
export const DEMO_NOTIFICATION_CHANNEL = '100000000000000002';

export const DEMO_DEFAULTS = { speed: 20, seed: 7 } as const;

/** The bot's config for the demo: the simulators as instances, quick intervals, small windows. */
export function demoConfig(base: BotConfig, simulators: { radarr: { url: string; apiKey: string }; sonarr: { url: string; apiKey: string } }, toDiscord: boolean): BotConfig {
  const intervals = { queueActiveMs: 2_000, queueIdleMs: 5_000, healthMs: 5_000, statusMs: 10_000, diskMs: 15_000 };
  return {
    ...base,
    instances: [
      { name: 'radarr', kind: 'radarr', baseUrl: simulators.radarr.url, apiKey: simulators.radarr.apiKey, intervals },
      { name: 'sonarr', kind: 'sonarr', baseUrl: simulators.sonarr.url, apiKey: simulators.sonarr.apiKey, intervals },
    ],
    discord: toDiscord ? base.discord : { ...base.discord, boardChannels: [DEMO_BOARD_CHANNEL] },
    routes: toDiscord ? base.routes : [{ channel: DEMO_NOTIFICATION_CHANNEL }],
    notifications: { burstWindowMs: 3_000, seasonPackWindowMs: 60_000 },
    // In the terminal only the board's first page is drawn: 25 downloads an embed keeps every instance
    // on it (the terminal then fits each instance to its share of the screen).
    board: { minEditIntervalMs: toDiscord ? base.board.minEditIntervalMs : 1_000, itemsPerPage: toDiscord ? base.board.itemsPerPage : 25 },
    monitor: { progressThrottleMs: 3_000, stalledAfterMs: 60_000, ...base.monitor },
  };
}

function until(io: CliIo, durationMs: number | undefined): Promise<string> {
  const signal = io.shutdownSignal();
  if (durationMs === undefined) return signal;
  return Promise.race([
    signal,
    new Promise<string>((resolve) => {
      setTimeout(() => {
        resolve('duration');
      }, durationMs);
    }),
  ]);
}

export async function runDemo(options: DemoOptions): Promise<number> {
  const { io, loaded } = options;
  const toDiscord = loaded.config.discord.token !== undefined;
  const interactive = io.stdout.isTTY === true;
  const color = interactive ? io.env.NO_COLOR === undefined : io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0';
  // In the terminal the screen is the output: logs go to stderr, and only warnings and errors.
  const level = toDiscord ? loaded.config.log.level : loaded.config.log.level === 'debug' ? 'debug' : 'warn';
  const logger: Logger = createLogger({ level, pretty: loaded.config.log.pretty, secrets: secretsOf(loaded.config), destination: (toDiscord ? io.stdout : io.stderr) as NodeJS.WritableStream });

  if (toDiscord && loaded.config.routes.length === 0 && loaded.config.discord.boardChannels.length === 0) {
    io.stderr.write('DISCORD_TOKEN is set, so the demo posts to Discord, but no channel is configured: set DISCORD_CHANNEL_ID (or routes / discord.boardChannels).\n');
    return 1;
  }

  const speed = options.speed ?? DEMO_DEFAULTS.speed;
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const simulators: { radarr?: RadarrSimulator; sonarr?: SonarrSimulator } = {};
  let monitor: Monitor | undefined;
  const started = Date.now();
  try {
    // Loaded here, not at the top: the simulator is an optional dependency, and the built CLI is
    // one bundle whose static imports all load when `discarr start` starts.
    const { startRadarrSimulator, startSonarrSimulator } = await import('@discarr/arr-simulator');
    simulators.radarr = await startRadarrSimulator({ scenario: 'busy', speed, seed });
    simulators.sonarr = await startSonarrSimulator({ scenario: 'busy', speed, seed: seed + 1 });
    const config = demoConfig(loaded.config, { radarr: simulators.radarr, sonarr: simulators.sonarr }, toDiscord);
    const demoLogger = createLogger({ level, pretty: loaded.config.log.pretty, secrets: secretsOf(config), destination: (toDiscord ? io.stdout : io.stderr) as NodeJS.WritableStream });
    const metrics = createMetrics({ defaultMetrics: false });
    const store = createMemoryStore();
    monitor = createMonitor(monitorOptionsOf(config, { store, logger: demoLogger, metrics, clock: systemClock }));
    if (!toDiscord) io.stdout.write(`Discarr demo: simulated Radarr at ${simulators.radarr.url} and Sonarr at ${simulators.sonarr.url}, ×${speed} speed. Ctrl-C to stop.\n`);

    if (toDiscord) {
      const { startDiscordBot } = await import('../discord/discord-bot.ts');
      const bot = await startDiscordBot({ config, monitor, store, logger: demoLogger, metrics, stopFlushMs: 5_000 });
      await monitor.start();
      demoLogger.info({ boards: config.discord.boardChannels, routes: config.routes.map((route) => route.channel) }, 'demo posting to Discord');
      await until(io, options.durationMs);
      await monitor.stop();
      await bot.stop();
      return 0;
    }

    const sink = createTerminalSink({
      out: io.stdout,
      interactive,
      color,
      size: () => ({ columns: io.stdout.columns ?? 100, rows: (io.stdout as { rows?: number }).rows ?? 40 }),
      boardChannels: config.discord.boardChannels,
      now: () => Date.now(),
    });
    // The same wiring as the bot's Discord side, into the terminal.
    const delivery = await wireMonitorToSink({ config, monitor, store, sink, clock: systemClock, logger: demoLogger, metrics });
    // ETAs and speeds move between events too.
    const ticker = setInterval(() => {
      delivery.board.requestRender();
    }, 1_000);
    await monitor.start();
    startManagementStory({ monitor, radarr: simulators.radarr, sink, channel: DEMO_NOTIFICATION_CHANNEL, logger: demoLogger });

    const reason = await until(io, options.durationMs);
    clearInterval(ticker);
    await monitor.stop();
    await delivery.stop(2_000);
    sink.close();
    const stats = sink.stats();
    io.stdout.write(
      `\nDemo stopped (${reason}) after ${Math.round((Date.now() - started) / 1000)} s: ${stats.notifications} notifications (${stats.notificationEdits} edits), status board drawn ${stats.boards + stats.boardEdits} times.\n` +
        'Run it for real: see apps/bot/README.md (discarr start with DISCORD_TOKEN, RADARR_URL, RADARR_API_KEY, ...).\n',
    );
    return 0;
  } catch (error) {
    logger.error({ err: error }, 'the demo failed');
    await monitor?.stop().catch(() => undefined);
    return 1;
  } finally {
    await Promise.all([simulators.radarr?.close(), simulators.sonarr?.close()]);
  }
}
