/** The workspace's one logger hook, in pino's argument order: structured data first, then the message. */

/**
 * A structured logger: any object with some of these methods works (a pino logger as is, or
 * `console` wrapped). Every method is optional; a missing one drops its lines. What the SDK hands
 * to it never holds an API key.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * const radarr = createRadarrClient({ baseUrl, apiKey, logger: pino() });
 * ```
 */
export interface Logger {
  /** Detail: every request (the SDK), every read (the monitor). */
  debug?(data: Record<string, unknown>, message: string): void;
  /** Things an operator wants to see: starts, stops, recoveries. */
  info?(data: Record<string, unknown>, message: string): void;
  /** Something went wrong and is being handled: retries, outages. */
  warn?(data: Record<string, unknown>, message: string): void;
  /** Something failed and needs the operator. */
  error?(data: Record<string, unknown>, message: string): void;
}
