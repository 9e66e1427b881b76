/** The monitor's logger: the SDK's `Logger` completed, so every part can call every method. */
import type { Logger } from '@discarr/arr-sdk';
import type { MonitorLogger } from './monitor-options.ts';

const drop = (): void => undefined;

/** Every method of `logger` (bound to it), a missing one (or a missing logger) dropping its lines. */
export function completeLogger(logger: Logger | undefined): MonitorLogger {
  const call = (method: keyof Logger): MonitorLogger[keyof Logger] => {
    if (typeof logger?.[method] !== 'function') return drop;
    return (data, message) => {
      logger[method]?.(data, message);
    };
  };
  return { debug: call('debug'), info: call('info'), warn: call('warn'), error: call('error') };
}

/** The monitor's logger as an SDK client's: routine request lines and retries as debug lines (the monitor reports outages itself). */
export function clientLoggerOf(logger: MonitorLogger): Logger {
  return { debug: logger.debug, warn: logger.debug };
}
