/**
 * What the management helpers are built on: a client's public typed methods (`GET`, `POST`, `PUT`,
 * `DELETE`, typed by the generated `paths`), whose `{ data, error, response }` is turned here into the
 * data of a success or the SDK's typed error for the status (`errorFromStatus`).
 */
import type { EndpointOptions, Method, OperationOf, PathsWithMethod, Data } from '../call-types.ts';
import { errorFromStatus, type RawMethods } from '../client-core.ts';
import type { WaitOptions } from '../commands.ts';
import { buildPath } from '../request-url.ts';

/** A command as both apps report it (`GET /api/v3/command/{id}`). */
export interface CommandState {
  id: number;
  status: string;
  name?: string;
  message?: string | null;
}

/** The part of a client the management helpers use: its typed methods, its name and its command wait. */
export interface DomainClient<Paths extends object, C extends CommandState = CommandState> extends RawMethods<Paths> {
  readonly name: string;
  readonly command: { wait(command: number, options?: WaitOptions): Promise<C> };
}

/** A client as the helpers see it, with the URL base its errors name (`/radarr`, or empty). */
export interface DomainHost<Paths extends object, C extends CommandState = CommandState> extends DomainClient<Paths, C> {
  readonly basePath: string;
}

/** The host of a client's management helpers. */
export function domainHost<Paths extends object>(client: DomainClient<Paths>, baseUrl: URL): DomainHost<Paths> {
  const { name, GET, POST, PUT, DELETE, command } = client;
  return { name, GET, POST, PUT, DELETE, command, basePath: baseUrl.pathname.replace(/\/$/, '') };
}

/** What `request` reads of a typed method's answer (openapi-fetch's `{ data, error, response }`). */
interface AnswerLike {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The JSON body an operation takes. */
export type BodyOf<Paths, P extends string, M extends Method> = P extends keyof Paths
  ? OperationOf<Paths, P, M> extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B
    : never
  : never;

/** The records of the page a paged `GET` of `P` answers. */
export type RecordsOf<Paths, P extends string> = Data<Paths, P> extends { records?: (infer R)[] | null } ? R : never;

/** The query of a paged `GET` of `P`, without the paging the helpers do themselves. */
export type ListQuery<Paths, P extends string> = P extends keyof Paths
  ? OperationOf<Paths, P, 'get'> extends { parameters: { query?: infer Q } }
    ? Omit<NonNullable<Q>, 'page' | 'pageSize'>
    : never
  : never;

type Upper<M extends Method> = Uppercase<M> & keyof RawMethods<object>;

/**
 * Makes one call through the host's typed method for `method` and returns the data of a success,
 * typed by the generated `paths` (the document's own types: openapi-fetch's `Readable` would turn
 * open enums such as a command's `status` into objects), or throws the `ArrError` of its status
 * (`ArrNotFoundError` for 404, `ArrValidationError` for a 400 with the app's failure list, ...).
 * A success without a body (a delete) resolves with `undefined`. `send` receives the method and the
 * path, so the path is written once and `tsc` checks the call's parameters and body against it.
 *
 * @example
 * ```ts
 * const formats = await request(host, 'get', '/api/v3/customformat/{id}', (GET, path) => GET(path, { params: { path: { id } } }), { id });
 * ```
 */
export async function request<Paths extends object, M extends Method, P extends PathsWithMethod<Paths, M> & string>(
  host: DomainHost<Paths>,
  method: M,
  path: P,
  send: (call: RawMethods<Paths>[Upper<M>], path: P) => Promise<AnswerLike>,
  pathParams?: Record<string, string | number>,
): Promise<Data<Paths, P, M>> {
  const upper = method.toUpperCase() as Upper<M>;
  const methods: RawMethods<Paths> = host;
  const result = await send(methods[upper], path);
  if (result.data !== undefined) return result.data as Data<Paths, P, M>;
  const { status } = result.response;
  if (status >= 200 && status < 300) return undefined as Data<Paths, P, M>;
  throw errorFromStatus(status, result.error, { instance: host.name, method: upper, path: host.basePath + buildPath(path, pathParams, undefined) });
}

/**
 * Endpoint knowledge for the client's pipeline that openapi-fetch's signature does not name (the
 * cache group of a read, the groups a write makes stale): spread into a typed method's `init`.
 */
export const endpoint = (options: EndpointOptions): object => options;

/** A result typed by the calling app's own document, from a call made through the view both apps share. */
export const typed = <T>(promise: Promise<unknown>): Promise<T> => promise as Promise<T>;
