/** `discarr start`: the bot until SIGTERM or SIGINT, then a graceful stop. */
import { StateFileError } from '@discarr/monitor';
import { startBot } from '../app.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import type { Logger } from '../logging.ts';
import type { CliIo } from './cli-io.ts';

export async function runStart(loaded: LoadedConfig, logger: Logger, io: CliIo): Promise<number> {
  logger.info({ file: loaded.file ?? 'environment only', instances: loaded.config.instances.map((instance) => instance.name) }, 'starting Discarr');
  // Listening from the start: a signal while starting stops the bot as soon as it is up.
  const stopRequested = io.shutdownSignal();
  let bot;
  try {
    // DISCARR_DISCORD_REST_API points discord.js at another REST base (a proxy, or a fake Discord in tests).
    bot = await startBot({ config: loaded.config, logger, restApi: io.env.DISCARR_DISCORD_REST_API || undefined });
  } catch (error) {
    logger.error({ err: error }, 'Discarr could not start');
    // Said plainly on stderr too: a crash loop in a container log is read there first.
    if (error instanceof StateFileError) io.stderr.write(`discarr: ${error.message}\nNothing was started.\n`);
    return 1;
  }
  const signal = await stopRequested;
  logger.info({ signal, healthz: `${bot.http.url}/healthz` }, 'stop requested');
  await bot.stop();
  return 0;
}
