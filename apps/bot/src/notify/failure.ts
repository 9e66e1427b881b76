/**
 * Why a delivery failed, and whether trying again can help. Permanent: the bot could not build the
 * message, or Discord refused it (a 4xx other than 408 and 429: no access, unknown channel, invalid
 * body). Transient: everything else (no answer, a timeout, 408, 429, 5xx).
 */

/** The bot could not render the notification (a fact of an unexpected type, a renderer bug). */
export class RenderError extends Error {
  override name = 'RenderError';
}

export interface Failure {
  permanent: boolean;
  /** Metric label: `render`, `rejected`, `network`, `timeout`, `http_<status>`. */
  reason: string;
  /** One line for logs and the dead-letter list. */
  detail: string;
  status?: number;
}

/** The HTTP status of a discord.js error (`DiscordAPIError`, `HTTPError`), if any. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const { status } = error;
    if (typeof status === 'number') return status;
  }
  return undefined;
}

/** Discord's JSON error code of a discord.js error (`DiscordAPIError.code`: 50007, 10003 …), if any. */
export function discordCodeOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

export function classifyFailure(error: unknown, timedOut = false): Failure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RenderError) return { permanent: true, reason: 'render', detail: `render: ${message}` };
  if (timedOut) return { permanent: false, reason: 'timeout', detail: `no answer in time: ${message}` };
  const status = statusOf(error);
  if (status === undefined) return { permanent: false, reason: 'network', detail: message };
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return { permanent: true, reason: 'rejected', detail: `discord ${status}: ${message}`, status };
  return { permanent: false, reason: `http_${status}`, detail: `discord ${status}: ${message}`, status };
}
