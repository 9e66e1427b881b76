/** `discarr start`: the bot until SIGTERM or SIGINT, then a graceful stop. */
import { startBot } from '../app.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import type { Logger } from '../logging.ts';
import type { CliIo } from './cli-io.ts';

export async function runStart(loaded: LoadedConfig, logger: Logger, io: CliIo): Promise<number> {
  logger.info({ file: loaded.file ?? 'environment only', instances: loaded.config.instances.map((instance) => instance.name) }, 'starting Discarr');
  let bot;
  try {
    // DISCARR_DISCORD_REST_API points discord.js at another REST base (a proxy, or a fake Discord in tests).
    const restApi = io.env.DISCARR_DISCORD_REST_API;
    bot = await startBot({ config: loaded.config, logger, ...(restApi ? { restApi } : {}) });
  } catch (error) {
    logger.error({ err: error }, 'Discarr could not start');
    return 1;
  }
  const signal = await io.shutdownSignal();
  logger.info({ signal, healthz: `${bot.http.url}/healthz` }, 'stop requested');
  await bot.stop();
  return 0;
}
