/**
 * What every client is built on: an openapi-fetch client whose `fetch` is our transport, with its
 * own p-queue and response cache, and the unwrapping of answers into data or typed errors.
 */
import createClient, { type Client } from 'openapi-fetch';
import PQueue from 'p-queue';
import { ArrAuthError, ArrHttpError, ArrNotFoundError, ArrValidationError, type ArrErrorContext, type ArrValidationFailure } from './errors.ts';
import { DEFAULTS, validateOptions, type ArrClientOptions } from './options.ts';
import { ResponseCache, type CacheStats } from './response-cache.ts';
import { resolveRetryPolicy } from './retry.ts';
import { createRequestLimiter } from './request-limiter.ts';
import { createTransport } from './transport.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Parameters of a request made through `ClientCore.request`. */
export interface RequestInput {
  path?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | readonly (string | number)[] | undefined>;
  body?: unknown;
}

/** Options of one call: how it waits for its turn and how long it may take. */
export interface CallOptions {
  /**
   * Place among this client's waiting requests: higher goes first (default 0). Give a request a
   * person is waiting for (a Discord command) a higher priority than background polling.
   */
  priority?: number;
  /** Timeout of one attempt of this call, instead of the client's `timeoutMs`/`longTimeoutMs`. */
  timeoutMs?: number;
  /** Total time this call may take (queue, attempts, retries), instead of the client's `deadlineMs`. */
  deadlineMs?: number;
}

/** Counters of one client, for metrics and `/status` pages. */
export interface ClientStats {
  /** Requests waiting in this client's queue. */
  queued: number;
  /** Requests in flight. */
  pending: number;
  cache: CacheStats;
}

export interface ClientCore<Paths extends object> {
  readonly name: string;
  readonly baseUrl: URL;
  readonly api: Client<Paths>;
  request: <T>(method: HttpMethod, path: string, input?: RequestInput, call?: CallOptions) => Promise<T>;
  stats: () => ClientStats;
  clearCache: () => void;
}


export function createClientCore<Paths extends object>(options: ArrClientOptions, app: 'Radarr' | 'Sonarr'): ClientCore<Paths> {
  const { baseUrl, name } = validateOptions(options, app);
  const now = options.now ?? Date.now;
  const concurrency = options.concurrency ?? DEFAULTS.concurrency;
  const queue = createRequestLimiter(
    new PQueue({
      concurrency,
      ...(options.rateLimit ? { intervalCap: options.rateLimit.requests, interval: options.rateLimit.intervalMs } : {}),
    }),
    concurrency,
    options.rateLimit !== undefined,
  );
  const cache = new ResponseCache(options.cache, now);
  const transport = createTransport({
    instance: name,
    apiKey: options.apiKey,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    longTimeoutMs: options.longTimeoutMs ?? DEFAULTS.longTimeoutMs,
    deadlineMs: options.deadlineMs,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
    retry: resolveRetryPolicy(options.retry),
    queue,
    cache,
    userAgent: options.userAgent ?? DEFAULTS.userAgent,
    signal: options.signal,
    logger: options.logger,
    onRequest: options.onRequest,
    now,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
  });
  const basePath = baseUrl.pathname.replace(/\/$/, '');
  const api = createClient<Paths>({ baseUrl: baseUrl.href.replace(/\/$/, ''), fetch: transport.fetch });

  async function request<T>(method: HttpMethod, path: string, input: RequestInput = {}, call: CallOptions = {}): Promise<T> {
    const url = new URL(`${basePath}${fillPath(path, input.path)}`, baseUrl);
    for (const [key, value] of Object.entries(input.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value as (string | number)[]) url.searchParams.append(key, String(item));
      else url.searchParams.set(key, String(value));
    }
    const body = input.body === undefined ? undefined : JSON.stringify(input.body);
    const answer = await transport.send({ method, url, body, priority: call.priority, timeoutMs: call.timeoutMs, deadlineMs: call.deadlineMs });
    if (answer.status >= 200 && answer.status < 300) return answer.json as T;
    throw errorFromStatus(answer.status, answer.json, { instance: name, method, path: `${basePath}${path}` });
  }

  return {
    name,
    baseUrl,
    api,
    request,
    stats: () => ({ queued: queue.size, pending: queue.pending, cache: cache.stats() }),
    clearCache: () => {
      cache.clear();
    },
  };
}

function fillPath(template: string, params: Record<string, string | number> | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(String(params[key] ?? '')));
}

/** Turns a non-2xx answer into the matching error class. */
export function errorFromStatus(status: number, body: unknown, context: ArrErrorContext): ArrHttpError {
  if (status === 401 || status === 403) return new ArrAuthError(status, context);
  if (status === 404) return new ArrNotFoundError(body, context);
  if (status === 400 && Array.isArray(body) && body.every(isFailure)) {
    return new ArrValidationError(body, context);
  }
  return new ArrHttpError(status, body, context);
}

function isFailure(value: unknown): value is ArrValidationFailure {
  return typeof value === 'object' && value !== null && 'errorMessage' in value;
}
