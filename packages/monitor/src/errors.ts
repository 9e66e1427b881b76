/** Errors of the monitor. Each names what is wrong and how to fix it. */

/** The options given to `createMonitor` are wrong; `field` names the culprit (`instances[1].baseUrl`). */
export class MonitorConfigError extends Error {
  /** Always `'MonitorConfigError'`. */
  override name = 'MonitorConfigError';
  /** The option at fault, as a path (`instances[1].baseUrl`). */
  readonly field: string;
  constructor(field: string, problem: string) {
    super(`monitor options: ${field} ${problem}`);
    this.field = field;
  }
}

/**
 * A webhook came while the monitor cannot take it (stopped, or too many held before its start).
 * An HTTP layer answers 503 with `Retry-After: retryAfterSeconds`, so the sender tries again.
 */
export class MonitorNotRunningError extends Error {
  /** Always `'MonitorNotRunningError'`. */
  override name = 'MonitorNotRunningError';
  /** Seconds after which the sender should try again (`Retry-After`). */
  readonly retryAfterSeconds: number;
  constructor(problem: string, retryAfterSeconds: number) {
    super(`monitor: ${problem}`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
