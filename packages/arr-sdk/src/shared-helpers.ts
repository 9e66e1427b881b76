/**
 * The helpers both clients offer the same way. They call through a view of the client's pipeline
 * typed by the paths both documents share (`CommonPaths`), so `tsc` checks each path and its
 * parameters against the Radarr and the Sonarr document at once; each result is typed by the
 * calling app's own document (`Data<Paths, path>`).
 */
import { readInfo, type ArrInfo } from './app-info.ts';
import type { CommonPaths, Data, OperationOf, PathsWithMethod, TypedCall } from './call-types.ts';
import type { ClientCore, ClientStats, RawMethods } from './client-core.ts';
import { createCommandApi, type CommandApi } from './commands.ts';
import type { ArrClientOptions } from './options.ts';
import { collect, paginate, type PageEnvelope } from './paginate.ts';

/** The schemas the shared helpers are typed by; both documents define them. */
export interface SharedSchemaSet {
  CommandRequest: { name: string };
  Command: { id: number; status: string };
}

/** What every client offers, whatever the app. */
export interface SharedHelpers<S extends SharedSchemaSet, Paths extends object> extends RawMethods<Paths> {
  /** The instance name used in errors, logs and metrics. */
  readonly name: string;
  /** App, version, instance name, URL base and API versions; throws `ArrCompatibilityError` for the other app's URL or an unsupported version. */
  info(): Promise<ArrInfo>;
  /** `GET /system/status`: the app's version, start time, OS and URL base. */
  status(): Promise<Data<Paths, '/api/v3/system/status'>>;
  /** `GET /health`: the items of the app's health check list. */
  health(): Promise<Data<Paths, '/api/v3/health'>>;
  /** `GET /diskspace`: free and total space of each disk the app sees. */
  diskSpace(): Promise<Data<Paths, '/api/v3/diskspace'>>;
  /** Typed commands: run one, read its state, wait until it ends. */
  command: CommandApi<S['CommandRequest'], S['Command']>;
  /** `GET /qualityprofile`: every quality profile. */
  qualityProfiles(): Promise<Data<Paths, '/api/v3/qualityprofile'>>;
  /** `GET /rootfolder`: every root folder, with its free space. */
  rootFolders(): Promise<Data<Paths, '/api/v3/rootfolder'>>;
  /** `GET /tag`: every tag (id and label). */
  tags(): Promise<Data<Paths, '/api/v3/tag'>>;
  /** `GET /downloadclient`: every configured download client. */
  downloadClients(): Promise<Data<Paths, '/api/v3/downloadclient'>>;
  /** `GET /indexer`: every configured indexer. */
  indexers(): Promise<Data<Paths, '/api/v3/indexer'>>;
  /** This client's queue and cache figures now (for metrics). */
  stats(): ClientStats;
}

/** Building blocks the app clients use for their own helpers. */
export interface HelperKit<Paths> {
  /** Every record of a paged list, 1000 a page, de-duplicated (see `paginate`). */
  allPages<P extends PathsWithMethod<Paths, 'get'>>(path: P, query: PageQuery<Paths, P>): Promise<PageRecords<Data<Paths, P & string>>>;
}

/** The query of a paged list, without the paging the helper does itself. */
export type PageQuery<Paths, P extends keyof Paths> = OperationOf<Paths, P, 'get'> extends { parameters: { query?: infer Q } } ? Omit<NonNullable<Q>, 'page' | 'pageSize'> : never;

/** The records of a page envelope type. */
export type PageRecords<Page> = Page extends { records?: (infer R)[] | null } ? R[] : never;

/** The view of a client's pipeline that the shared helpers call through. */
export function commonView<Paths extends object>(core: ClientCore<Paths>): ClientCore<CommonPaths> {
  // Sound: every operation of CommonPaths is the app's own or the other app's twin.
  return core as unknown as ClientCore<CommonPaths>;
}

/** A result typed by the calling app's document (the shared view types it by both). */
const typed = <R>(promise: Promise<unknown>): Promise<R> => promise as Promise<R>;

export function createSharedHelpers<S extends SharedSchemaSet, Paths extends object>(
  core: ClientCore<Paths>,
  app: 'Radarr' | 'Sonarr',
  options: ArrClientOptions,
): { shared: SharedHelpers<S, Paths>; kit: HelperKit<Paths> } {
  const common = commonView(core);
  const call: TypedCall<CommonPaths> = common.call;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const shared: SharedHelpers<S, Paths> = {
    name: core.name,
    ...core.raw,
    info: () => readInfo(common, app),
    status: () => typed(call('get', '/api/v3/system/status', { resource: 'system/status' })),
    health: () => typed(call('get', '/api/v3/health')),
    diskSpace: () => typed(call('get', '/api/v3/diskspace')),
    command: createCommandApi<S['CommandRequest'], S['Command']>(common, sleep, now),
    qualityProfiles: () => typed(call('get', '/api/v3/qualityprofile')),
    rootFolders: () => typed(call('get', '/api/v3/rootfolder')),
    tags: () => typed(call('get', '/api/v3/tag')),
    downloadClients: () => typed(call('get', '/api/v3/downloadclient')),
    indexers: () => typed(call('get', '/api/v3/indexer')),
    stats: core.stats,
  };
  const loose = core.call as unknown as (method: 'get', path: string, init: { params: { query: Record<string, unknown> }; long: boolean }) => Promise<PageEnvelope<{ id?: number }>>;
  const kit: HelperKit<Paths> = {
    allPages: (path, query) =>
      typed(collect(paginate((page, pageSize) => loose('get', path as string, { params: { query: { ...(query as object), page, pageSize } }, long: true }), 1000))),
  };
  return { shared, kit };
}

/** An ISO date for a query. */
export const iso = (d: Date | string): string => (typeof d === 'string' ? d : d.toISOString());
