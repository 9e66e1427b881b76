/** When and how long to wait before trying a request again. */

/** Which requests are retried, how often and how long to wait in between. */
export interface RetryPolicy {
  /** Attempts in all, the first included. Default 3. */
  attempts?: number;
  /** First backoff delay; doubled on every attempt, with full jitter. Default 300 ms. */
  baseDelayMs?: number;
  /** Upper bound of a single delay. A `Retry-After` asking for longer is not waited for: the answer is passed on. Default 10 s. */
  maxDelayMs?: number;
  /** No retry starts once this much time has passed since the first attempt. Default 30 s. */
  maxTotalMs?: number;
  /**
   * Methods that may be retried. GET and HEAD by default; add PUT or DELETE to opt in (both are
   * idempotent in Radarr and Sonarr). POST is never retried: a command or an add could run twice.
   */
  methods?: ('GET' | 'HEAD' | 'PUT' | 'DELETE')[];
}

export type ResolvedRetryPolicy = Required<RetryPolicy>;

export const DEFAULT_RETRY: ResolvedRetryPolicy = {
  attempts: 3,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
  maxTotalMs: 30_000,
  methods: ['GET', 'HEAD'],
};

export function resolveRetryPolicy(policy: RetryPolicy | false | undefined): ResolvedRetryPolicy {
  if (policy === false) return { ...DEFAULT_RETRY, attempts: 1 };
  const resolved = { ...DEFAULT_RETRY, ...policy };
  resolved.methods = resolved.methods.filter((m) => (m as string) !== 'POST');
  return resolved;
}

const RETRYABLE_STATUS = new Set([408, 429, 502, 503, 504]);

/**
 * Whether a status (and its body) is worth another attempt. SQLite contention in Radarr and Sonarr
 * surfaces as a 500 whose message says "database is locked": transient, unlike other 500s.
 */
export function isRetryableStatus(status: number, bodyText: string): boolean {
  if (RETRYABLE_STATUS.has(status)) return true;
  return status === 500 && /database is locked/i.test(bodyText);
}

/** Milliseconds the server asked to wait (`Retry-After` as seconds or an HTTP date), if any. */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Exponential backoff with full jitter for the given (1-based) failed attempt. */
export function backoffDelay(policy: ResolvedRetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}
