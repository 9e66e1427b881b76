/** Client options, their defaults in one place, and their validation at the boundary. */
import type { CacheOptions } from './response-cache.ts';
import type { RetryPolicy } from './retry.ts';
import type { Logger } from './logger.ts';
import type { ArrRequestEvent } from './transport.ts';

/** Options of `createRadarrClient` and `createSonarrClient`. */
export interface ArrClientOptions {
  /** Base URL of the instance, with its URL base if it has one: `http://nas:7878/radarr`. */
  baseUrl: string;
  /** API key (Settings > General > Security). Sent only as the `X-Api-Key` header. */
  apiKey: string;
  /** Name used in errors, logs and metrics (`radarr-4k`). Defaults to the URL's host. */
  name?: string;
  /** Timeout of one attempt. Default 15 000 ms. */
  timeoutMs?: number;
  /**
   * Total time a call may take: the wait in this client's queue, every attempt and the waits between
   * retries. An attempt is cut short when it would end past the deadline, and no retry starts that
   * could not finish before it. The `ArrTimeoutError` says how many attempts were made. Default: none
   * (each attempt is bounded by `timeoutMs`, retries by `retry.maxTotalMs`).
   */
  deadlineMs?: number;
  /** Timeout of one attempt of a whole-library list (`movie`, `series`, `history/since`, ...). Default 120 000 ms. */
  longTimeoutMs?: number;
  /**
   * Largest response body accepted, in bytes, counted while it arrives (after decompression); the
   * transfer is cancelled once it passes the limit and the request fails with
   * `ArrResponseTooLargeError`. Default 256 MiB: the largest real answer is a whole-library list,
   * and a Radarr movie weighs 3–10 KiB in `GET /api/v3/movie` (alternate titles, the file and its
   * media info), so 20,000 movies, about the largest libraries users run, come to about 200 MiB
   * at the top of that range; a 1000-item queue page is under 1 MiB.
   */
  maxResponseBytes?: number;
  /** Retry policy, or `false` for none. Default: GET/HEAD, 3 attempts, exponential backoff with jitter. */
  retry?: RetryPolicy | false;
  /** Requests in flight at once for this client. Default 4. */
  concurrency?: number;
  /** At most `requests` started per `intervalMs`. Default: no limit. */
  rateLimit?: {
    /** Requests started per interval at most. */
    requests: number;
    /** The interval, in milliseconds. */
    intervalMs: number;
  };
  /** Response cache; `false` turns it off (identical GETs in flight are still coalesced). */
  cache?: CacheOptions | false;
  /** A `fetch` to use instead of the global one (called as `fetch(url, init)`). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** User-Agent header. Default `discarr-arr-sdk`. */
  userAgent?: string;
  /** Aborts every request of this client. */
  signal?: AbortSignal;
  /** Receives debug lines of requests and warnings of retries; never the key. */
  logger?: Logger;
  /** Called after every request with its route, status, duration and whether it was cached. */
  onRequest?: (event: ArrRequestEvent) => void;
  /** Clock for durations and cache TTLs (tests). Default `Date.now`. */
  now?: () => number;
  /** Waits between retries (tests). Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
  /** Random source of the retry jitter (tests). Default `Math.random`. */
  random?: () => number;
}

export const DEFAULTS = {
  timeoutMs: 15_000,
  longTimeoutMs: 120_000,
  concurrency: 4,
  maxResponseBytes: 256 * 1024 * 1024,
  userAgent: 'discarr-arr-sdk',
} as const;

/** Reference data that changes rarely: cached by default. Everything else is opt-in. */
export const DEFAULT_CACHE_TTL_MS: Readonly<Record<string, number>> = {
  qualityprofile: 300_000,
  rootfolder: 60_000,
  tag: 300_000,
  'system/status': 60_000,
  api: 300_000,
  language: 300_000,
  downloadclient: 300_000,
  indexer: 300_000,
  // Lookups answer the same for a term until the library changes (a write to `movie`/`series`
  // drops them): autocomplete asks again on every keystroke.
  'movie/lookup': 60_000,
  'series/lookup': 60_000,
};

/** Thrown when the options themselves are wrong; names the option and the fix. */
export class ArrOptionsError extends Error {
  /** Always `'ArrOptionsError'`. */
  override name = 'ArrOptionsError';
}

export interface ResolvedTarget {
  baseUrl: URL;
  name: string;
}

/** Validates the options that can be wrong before any request is made. */
export function validateOptions(options: ArrClientOptions, app: string): ResolvedTarget {
  let baseUrl: URL;
  try {
    baseUrl = new URL(options.baseUrl);
  } catch {
    throw new ArrOptionsError(`${app} client: baseUrl ${JSON.stringify(options.baseUrl)} is not a URL; use e.g. http://localhost:${app === 'Radarr' ? 7878 : 8989}`);
  }
  if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') {
    throw new ArrOptionsError(`${app} client: baseUrl must start with http:// or https://, got "${baseUrl.protocol}"`);
  }
  if (baseUrl.search || baseUrl.username || baseUrl.password) {
    throw new ArrOptionsError(`${app} client: baseUrl must not hold a query string or credentials; pass the key as apiKey`);
  }
  baseUrl.pathname = baseUrl.pathname.replace(/\/+$/, '').replace(/\/api(\/v3)?$/, '');
  if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new ArrOptionsError(`${app} client: apiKey is empty; copy it from ${app}'s Settings > General > Security`);
  }
  for (const key of ['timeoutMs', 'longTimeoutMs', 'deadlineMs', 'concurrency', 'maxResponseBytes'] as const) {
    const value = options[key];
    if (value !== undefined && (!Number.isFinite(value) || value <= 0)) {
      throw new ArrOptionsError(`${app} client: ${key} must be a positive number, got ${String(value)}`);
    }
  }
  return { baseUrl, name: options.name ?? baseUrl.host };
}
