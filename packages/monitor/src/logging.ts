/** The monitor's logger: the SDK's `Logger` completed, so every part can call every method. */
import type { Logger } from '@discarr/arr-sdk';

/**
 * A `Logger` with every method, as the monitor's parts call it; `completeLogger` makes one from the
 * `Logger` given in the options (a missing method drops its lines).
 */
export type CompleteLogger = Required<Logger>;

const drop = (): void => undefined;

/** Every method of `logger` (bound to it), a missing one (or a missing logger) dropping its lines. */
export function completeLogger(logger: Logger | undefined): CompleteLogger {
  const call = (method: keyof Logger): CompleteLogger[keyof Logger] => {
    if (typeof logger?.[method] !== 'function') return drop;
    return (data, message) => {
      logger[method]?.(data, message);
    };
  };
  return { debug: call('debug'), info: call('info'), warn: call('warn'), error: call('error') };
}

/** The monitor's logger as an SDK client's: routine request lines and retries as debug lines (the monitor reports outages itself). */
export function clientLoggerOf(logger: CompleteLogger): Logger {
  return { debug: logger.debug, warn: logger.debug };
}
