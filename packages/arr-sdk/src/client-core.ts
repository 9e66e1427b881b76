/**
 * What every client is built on: one pipeline (transport, p-queue, cache) per client, and the two
 * ways into it, both typed by the generated `paths` of the app's document: `call` (the data of a
 * success, or the matching `ArrError`), used by every named helper, and the raw typed methods
 * `GET`/`POST`/`PUT`/`DELETE` (openapi-fetch's `{ data, error, response }`), which take the same
 * path without building `Request`/`Response` objects or parsing a body twice.
 */
import type { Client } from 'openapi-fetch';
import PQueue from 'p-queue';
import type { CallOptions, EndpointOptions, TypedCall } from './call-types.ts';
import { ArrAuthError, ArrHttpError, ArrNotFoundError, ArrValidationError, type ArrErrorContext, type ArrValidationFailure } from './errors.ts';
import { DEFAULT_CACHE_TTL_MS, DEFAULTS, validateOptions, type ArrClientOptions } from './options.ts';
import { TypedResult } from './typed-result.ts';
import { buildPath, resourceOfPath } from './request-url.ts';
import { createRequestLimiter } from './request-limiter.ts';
import { ResponseCache, type CacheStats } from './response-cache.ts';
import { resolveRetryPolicy } from './retry.ts';
import { createTransport, type Answer } from './transport.ts';

/** Counters of one client, for metrics and `/status` pages. */
export interface ClientStats {
  /** Requests waiting in this client's queue. */
  queued: number;
  /** Requests in flight. */
  pending: number;
  /** Response cache figures since the client was created. */
  cache: CacheStats;
}

/** The raw typed methods of a client (openapi-fetch's signatures; call options ride in `init`). */
export type RawMethods<Paths extends object> = Pick<Client<Paths>, 'GET' | 'POST' | 'PUT' | 'DELETE'>;

export interface ClientCore<Paths extends object> {
  readonly name: string;
  readonly baseUrl: URL;
  /** The typed call of the named helpers. */
  readonly call: TypedCall<Paths>;
  readonly raw: RawMethods<Paths>;
  stats: () => ClientStats;
  clearCache: () => void;
  /** The same pipeline, with these call options on every call made through the view. */
  withDefaults: (defaults: CallOptions) => ClientCore<Paths>;
}

/** Everything a call may carry: the operation's parameters and body, call and endpoint options. */
interface LooseInit extends CallOptions, EndpointOptions {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  body?: unknown;
  headers?: ConstructorParameters<typeof Headers>[0] | Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal | null;
  parseAs?: 'json' | 'text' | 'blob' | 'arrayBuffer' | 'stream';
}

export function createClientCore<Paths extends object>(options: ArrClientOptions, app: 'Radarr' | 'Sonarr'): ClientCore<Paths> {
  const { baseUrl, name } = validateOptions(options, app);
  const now = options.now ?? Date.now;
  const concurrency = options.concurrency ?? DEFAULTS.concurrency;
  const rate = options.rateLimit ? { intervalCap: options.rateLimit.requests, interval: options.rateLimit.intervalMs } : {};
  const queue = createRequestLimiter(new PQueue({ concurrency, ...rate }), concurrency, options.rateLimit !== undefined);
  const cache = new ResponseCache(options.cache === false ? 1 : (options.cache?.max ?? 500), now);
  const ttls = new Map(Object.entries(options.cache === false ? {} : { ...DEFAULT_CACHE_TTL_MS, ...options.cache?.ttlMs }));
  const longTimeoutMs = options.longTimeoutMs ?? DEFAULTS.longTimeoutMs;
  const transport = createTransport({
    instance: name,
    apiKey: options.apiKey,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
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
  const root = baseUrl.href.replace(/\/$/, '');
  const basePath = baseUrl.pathname.replace(/\/$/, '');

  function execute(method: string, path: string, init: LooseInit): Promise<Answer> {
    const upper = method.toUpperCase();
    const read = upper === 'GET';
    const resource = init.resource ?? resourceOfPath(path);
    const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    return transport.send({
      method: upper,
      url: root + buildPath(path, init.params?.path, init.params?.query),
      route: path,
      body,
      headers: init.headers === undefined ? undefined : headerRecord(init.headers),
      signal: init.signal,
      timeoutMs: init.timeoutMs ?? (init.long === true ? longTimeoutMs : undefined),
      deadlineMs: init.deadlineMs,
      priority: init.priority,
      binary: init.parseAs === 'blob' || init.parseAs === 'arrayBuffer' || init.parseAs === 'stream',
      cache: read ? { resource, ttlMs: ttls.get(resource) ?? 0 } : undefined,
      invalidates: read ? undefined : [resourceOfPath(path), ...(init.invalidates ?? [])],
    });
  }

  function view(defaults: CallOptions): ClientCore<Paths> {
    const merge = (init: LooseInit | undefined): LooseInit => (init === undefined ? defaults : { ...defaults, ...init });
    async function call(method: string, path: string, init?: LooseInit): Promise<unknown> {
      const answer = await execute(method, path, merge(init));
      if (answer.status >= 200 && answer.status < 300) return answer.json;
      throw errorFromStatus(answer.status, answer.json, { instance: name, method: method.toUpperCase(), path: `${basePath}${path}` });
    }
    const rawMethod = (method: string) => async (path: string, init?: LooseInit) => new TypedResult(await execute(method, path, merge(init)), init?.parseAs);
    return {
      name,
      baseUrl,
      call: call as TypedCall<Paths>,
      raw: { GET: rawMethod('get'), POST: rawMethod('post'), PUT: rawMethod('put'), DELETE: rawMethod('delete') } as unknown as RawMethods<Paths>,
      stats: () => ({ queued: queue.size, pending: queue.pending, cache: cache.stats() }),
      clearCache: () => {
        cache.clear();
      },
      withDefaults: (more) => view({ ...defaults, ...more }),
    };
  }
  return view({});
}

function headerRecord(headers: NonNullable<LooseInit['headers']>): Record<string, string> {
  if (headers instanceof Headers || Array.isArray(headers)) return Object.fromEntries(new Headers(headers as ConstructorParameters<typeof Headers>[0]));
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined && value !== null) out[key] = String(value);
  return out;
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
