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
import { createTransport } from './transport.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Parameters of a request made through `ClientCore.request`. */
export interface RequestInput {
  path?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | readonly (string | number)[] | undefined>;
  body?: unknown;
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
  request: <T>(method: HttpMethod, path: string, input?: RequestInput) => Promise<T>;
  stats: () => ClientStats;
  clearCache: () => void;
}

type LooseResult = { data?: unknown; error?: unknown; response: Response };
type LooseClient = Record<HttpMethod, (path: string, init: Record<string, unknown>) => Promise<LooseResult>>;

export function createClientCore<Paths extends object>(options: ArrClientOptions, app: 'Radarr' | 'Sonarr'): ClientCore<Paths> {
  const { baseUrl, name } = validateOptions(options, app);
  const now = options.now ?? Date.now;
  const queue = new PQueue({
    concurrency: options.concurrency ?? DEFAULTS.concurrency,
    ...(options.rateLimit ? { intervalCap: options.rateLimit.requests, interval: options.rateLimit.intervalMs } : {}),
  });
  const cache = new ResponseCache(options.cache, now);
  const transport = createTransport({
    instance: name,
    apiKey: options.apiKey,
    fetch: options.fetch ?? ((request) => fetch(request)),
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    longTimeoutMs: options.longTimeoutMs ?? DEFAULTS.longTimeoutMs,
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
  const api = createClient<Paths>({ baseUrl: baseUrl.href.replace(/\/$/, ''), fetch: transport });

  async function request<T>(method: HttpMethod, path: string, input: RequestInput = {}): Promise<T> {
    const loose = api as unknown as LooseClient;
    const init: Record<string, unknown> = { params: { path: input.path, query: input.query } };
    if (input.body !== undefined) init.body = input.body;
    const result = await loose[method](path, init);
    if (result.response.ok) return result.data as T;
    throw errorFromResponse(result.response, result.error, { instance: name, method, path: `${basePath}${path}` });
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

/** Turns a non-2xx answer into the matching error class. */
export function errorFromResponse(response: Response, body: unknown, context: ArrErrorContext): ArrHttpError {
  const status = response.status;
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
