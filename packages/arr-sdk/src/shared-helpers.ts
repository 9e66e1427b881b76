/** The helpers both clients offer the same way, typed by each app's own schemas. */
import type { Client } from 'openapi-fetch';
import { readInfo, type ArrInfo } from './app-info.ts';
import type { ClientCore, ClientStats } from './client-core.ts';
import { createCommandApi, type CommandApi } from './commands.ts';
import type { ArrClientOptions } from './options.ts';
import { collect, paginate } from './paginate.ts';

/** The schemas the shared helpers are typed by; both documents define them. */
export interface SharedSchemaSet {
  SystemStatus: unknown;
  HealthItem: unknown;
  DiskSpace: unknown;
  CommandRequest: { name: string };
  Command: { id: number; status: string };
  QualityProfile: unknown;
  RootFolder: unknown;
  Tag: unknown;
  DownloadClient: unknown;
  Indexer: unknown;
}

/** What every client offers, whatever the app. */
export interface SharedHelpers<S extends SharedSchemaSet, Paths extends object> extends Pick<Client<Paths>, 'GET' | 'POST' | 'PUT' | 'DELETE'> {
  /** The instance name used in errors, logs and metrics. */
  readonly name: string;
  /** App, version and capabilities; throws `ArrCompatibilityError` for the other app's URL or an unsupported version. */
  info(): Promise<ArrInfo>;
  status(): Promise<S['SystemStatus']>;
  health(): Promise<S['HealthItem'][]>;
  diskSpace(): Promise<S['DiskSpace'][]>;
  command: CommandApi<S['CommandRequest'], S['Command']>;
  qualityProfiles(): Promise<S['QualityProfile'][]>;
  rootFolders(): Promise<S['RootFolder'][]>;
  tags(): Promise<S['Tag'][]>;
  downloadClients(): Promise<S['DownloadClient'][]>;
  indexers(): Promise<S['Indexer'][]>;
  stats(): ClientStats;
}

/** Query values the helpers pass on. */
type Query = Record<string, string | number | boolean | undefined>;

/** Building blocks the app clients use for their own helpers. */
export interface HelperKit {
  /** Every record of a paged list, 1000 a page. */
  allPages<T extends { id?: number }>(path: string, query: Query): Promise<T[]>;
}

export function createSharedHelpers<S extends SharedSchemaSet, Paths extends object>(
  core: ClientCore<Paths>,
  app: 'Radarr' | 'Sonarr',
  options: ArrClientOptions,
): { shared: SharedHelpers<S, Paths>; kit: HelperKit } {
  const { request } = core;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const shared: SharedHelpers<S, Paths> = {
    name: core.name,
    GET: core.api.GET,
    POST: core.api.POST,
    PUT: core.api.PUT,
    DELETE: core.api.DELETE,
    info: () => readInfo(core, app),
    status: () => request('GET', '/api/v3/system/status'),
    health: () => request('GET', '/api/v3/health'),
    diskSpace: () => request('GET', '/api/v3/diskspace'),
    command: createCommandApi<S['CommandRequest'], S['Command']>(core, sleep, now),
    qualityProfiles: () => request('GET', '/api/v3/qualityprofile'),
    rootFolders: () => request('GET', '/api/v3/rootfolder'),
    tags: () => request('GET', '/api/v3/tag'),
    downloadClients: () => request('GET', '/api/v3/downloadclient'),
    indexers: () => request('GET', '/api/v3/indexer'),
    stats: core.stats,
  };
  const kit: HelperKit = {
    allPages: <T extends { id?: number }>(path: string, query: Query) =>
      collect(paginate<T>((page, pageSize) => request('GET', path, { query: { ...query, page, pageSize } }), 1000)),
  };
  return { shared, kit };
}

/** An ISO date for a query. */
export const iso = (d: Date | string): string => (typeof d === 'string' ? d : d.toISOString());
