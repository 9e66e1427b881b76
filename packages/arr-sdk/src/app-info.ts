/** Which app and version answers at a URL, and whether this SDK supports it. */
import { ArrCompatibilityError } from './errors.ts';
import type { ClientCore } from './client-core.ts';

/** What `client.info()` reports. */
export interface ArrInfo {
  app: 'Radarr' | 'Sonarr';
  /** Full version, e.g. `6.0.3.10150`. */
  version: string;
  /** Major version number. */
  major: number;
  instanceName: string;
  urlBase: string;
  /** API versions the server offers (`v3`). */
  apiVersions: string[];
  capabilities: {
    /** The SignalR hub at `/signalr/messages` (every supported version). */
    signalR: boolean;
    /** `DELETE /queue/{id}` takes `changeCategory` (Radarr 5+, Sonarr 4+). */
    queueChangeCategory: boolean;
    /** `DELETE /queue/bulk` (every supported version). */
    queueBulkDelete: boolean;
  };
}

/** Oldest major version of each app this SDK supports. */
export const MINIMUM_MAJOR: Readonly<Record<'Radarr' | 'Sonarr', number>> = { Radarr: 5, Sonarr: 4 };

interface StatusLike {
  appName?: string | null;
  version?: string | null;
  instanceName?: string | null;
  urlBase?: string | null;
}

export async function readInfo(core: ClientCore<object>, expected: 'Radarr' | 'Sonarr'): Promise<ArrInfo> {
  const [api, status] = await Promise.all([
    core.request<{ current?: string; deprecated?: string[] }>('GET', '/api'),
    core.request<StatusLike>('GET', '/api/v3/system/status'),
  ]);
  const context = { instance: core.name, method: 'GET', path: '/api/v3/system/status' };
  const appName = status.appName ?? '';
  if (appName.toLowerCase() !== expected.toLowerCase()) {
    throw new ArrCompatibilityError(
      `this URL serves ${appName || 'an unknown app'}, not ${expected}; use the ${expected} URL or a ${appName || 'matching'} client`,
      context,
    );
  }
  const version = status.version ?? '0';
  const major = Number.parseInt(version, 10);
  const minimum = MINIMUM_MAJOR[expected];
  if (!Number.isFinite(major) || major < minimum) {
    throw new ArrCompatibilityError(`${expected} ${version} is not supported; upgrade to ${expected} ${minimum} or newer`, context);
  }
  return {
    app: expected,
    version,
    major,
    instanceName: status.instanceName ?? expected,
    urlBase: status.urlBase ?? '',
    apiVersions: [api.current ?? 'v3', ...(api.deprecated ?? [])],
    capabilities: { signalR: true, queueChangeCategory: true, queueBulkDelete: true },
  };
}
