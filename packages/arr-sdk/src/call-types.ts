/**
 * The types of one call through a client's pipeline, derived from the generated `paths` of a
 * document: which paths take a method, which parameters and body an operation takes, and what its
 * success answer holds. The named helpers call with path literals typed by these, so `tsc` checks
 * every path, parameter and result of every helper against our documents.
 */
import type { FetchOptions } from 'openapi-fetch';
import type { paths as RadarrPaths } from './generated/radarr.ts';
import type { paths as SonarrPaths } from './generated/sonarr.ts';

/** The methods our documents use. */
export type Method = 'get' | 'post' | 'put' | 'delete';

/** Options of one call: how it waits for its turn and how long it may take. */
export interface CallOptions {
  /**
   * Place among this client's waiting requests: higher goes first (default 0). Give a request a
   * person is waiting for (a Discord command) a higher priority than background polling. A request
   * that finds a free slot and nobody waiting starts at once, whatever its priority.
   */
  priority?: number;
  /** Timeout of one attempt of this call, instead of the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Total time this call may take (queue, attempts, retries), instead of the client's `deadlineMs`. */
  deadlineMs?: number;
}

/**
 * What a helper knows about the endpoint it calls, and the transport and the cache do not: the
 * cache group of a read (`resource`, whose TTL the client options give), the groups a write makes
 * stale besides its own, and whether a read lists a whole library (it then gets `longTimeoutMs`).
 */
export interface EndpointOptions {
  /** Cache group of a read; default: the first path segment after `/api/v3/`. */
  resource?: string;
  /** Cache groups a successful write makes stale besides its own path's. */
  invalidates?: readonly string[];
  /** A whole-library list: one attempt may take `longTimeoutMs`. */
  long?: boolean;
}

/** The paths of a document that take `method`. */
export type PathsWithMethod<Paths, M extends Method> = {
  [P in keyof Paths]: Paths[P] extends { [K in M]: object } ? P : never;
}[keyof Paths];

/** The operation behind a path and a method. */
export type OperationOf<Paths, P extends keyof Paths, M extends Method> = Paths[P] extends { [K in M]: infer Op } ? Op : never;

type RequiredKeysOf<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/** The second argument of a call: the operation's parameters and body (openapi-fetch's shape) and call options. */
export type CallInit<Op> = Omit<FetchOptions<Op>, keyof CallOptions> & CallOptions;

/** The init argument, required when the operation requires a parameter or a body. */
export type CallArgs<Op> = RequiredKeysOf<CallInit<Op>> extends never ? [init?: CallInit<Op> & EndpointOptions] : [init: CallInit<Op> & EndpointOptions];

/** The statuses of a success. */
type OkStatus = 200 | 201 | 202 | 203 | 204 | 206 | '2XX';
type ContentOf<Response> = Response extends { content: infer C } ? (C extends Record<string, unknown> ? C[keyof C] : never) : never;

/**
 * What a successful answer of the operation holds: the content of its 2xx responses, read from the
 * generated types as they are (openapi-fetch's `Readable` would rebuild open enums as objects).
 */
export type DataOf<Op> = Op extends { responses: infer R } ? ContentOf<R[Extract<keyof R, OkStatus>]> : never;

/**
 * A typed call that answers the data of a success and throws the matching `ArrError` otherwise:
 * `call('get', '/api/v3/queue', { params: { query: { page: 1 } } })`.
 */
export type TypedCall<Paths> = <M extends Method, P extends PathsWithMethod<Paths, M>>(method: M, path: P, ...init: CallArgs<OperationOf<Paths, P, M>>) => Promise<DataOf<OperationOf<Paths, P, M>>>;

/** The paths both documents declare, each with either app's operation (the shared helpers' view). */
export type CommonPaths = { [P in keyof RadarrPaths & keyof SonarrPaths]: RadarrPaths[P] | SonarrPaths[P] };

/** What a successful call of `P` answers, by the document of `Paths`. */
export type Data<Paths, P extends string, M extends Method = 'get'> = P extends keyof Paths ? DataOf<OperationOf<Paths, P, M>> : never;
