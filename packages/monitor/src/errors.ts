/** Errors of the monitor. Each names what is wrong and how to fix it. */

/** The options given to `createMonitor` are wrong; `field` names the culprit (`instances[1].url`). */
export class MonitorConfigError extends Error {
  override name = 'MonitorConfigError';
  readonly field: string;
  constructor(field: string, problem: string) {
    super(`monitor options: ${field} ${problem}`);
    this.field = field;
  }
}
