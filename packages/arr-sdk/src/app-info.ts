/** Which app and version answers at a URL, and whether this SDK supports it. */
import { ArrCompatibilityError } from './errors.ts';
import type { ClientCore } from './client-core.ts';
import type { CommonPaths } from './call-types.ts';

/** What `client.info()` reports. */
export interface ArrInfo {
  /** Which app answered, from its system status. */
  app: 'Radarr' | 'Sonarr';
  /** Full version, e.g. `6.0.3.10150`. */
  version: string;
  /** Major version number. */
  major: number;
  /** The instance name set in the app (Settings > General), `Radarr` by default. */
  instanceName: string;
  /** The app's URL base (`/radarr`), empty when none. */
  urlBase: string;
  /** API versions the server offers (`v3`). */
  apiVersions: string[];
}

/** Oldest major version of each app this SDK supports. */
export const MINIMUM_MAJOR: Readonly<Record<'Radarr' | 'Sonarr', number>> = { Radarr: 5, Sonarr: 4 };

interface StatusLike {
  appName?: string | null;
  version?: string | null;
  instanceName?: string | null;
  urlBase?: string | null;
}

export async function readInfo(core: ClientCore<CommonPaths>, expected: 'Radarr' | 'Sonarr'): Promise<ArrInfo> {
  // Typed by the documents, but checked here as unknown: a wrong URL answers anything.
  const [api, status]: unknown[] = await Promise.all([core.call('get', '/api'), core.call('get', '/api/v3/system/status', { resource: 'system/status' })]);
  const apiContext = { instance: core.name, method: 'GET', path: '/api' };
  const context = { instance: core.name, method: 'GET', path: '/api/v3/system/status' };
  // Every supported version answers `GET /api` with `{ current: "v3", deprecated: [] }`
  // (Sonarr main: src/Sonarr.Http/ApiInfoController.cs, Radarr alike); anything else is not the
  // API this SDK speaks.
  if (!isRecord(api) || typeof api.current !== 'string') {
    const got = isRecord(api) ? `an object without "current" (${Object.keys(api).slice(0, 5).join(', ') || 'empty'})` : describeValue(api);
    throw new ArrCompatibilityError(
      `GET /api answered ${got} instead of the API versions ({ current: "v3" }); check that the URL points at ${expected} itself (with its URL base), not at a proxy or another app`,
      apiContext,
    );
  }
  if (!isRecord(status)) {
    throw new ArrCompatibilityError(`GET /api/v3/system/status answered ${describeValue(status)} instead of the system status; check that the URL points at ${expected}`, context);
  }
  const { appName: rawName, version: rawVersion, instanceName, urlBase } = status as StatusLike;
  const appName = typeof rawName === 'string' ? rawName : '';
  if (appName.toLowerCase() !== expected.toLowerCase()) {
    throw new ArrCompatibilityError(
      `this URL serves ${appName || 'an unknown app'}, not ${expected}; use the ${expected} URL or a ${appName || 'matching'} client`,
      context,
    );
  }
  const version = typeof rawVersion === 'string' ? rawVersion : '0';
  const major = Number.parseInt(version, 10);
  const minimum = MINIMUM_MAJOR[expected];
  if (!Number.isFinite(major) || major < minimum) {
    throw new ArrCompatibilityError(`${expected} ${version} is not supported; upgrade to ${expected} ${minimum} or newer`, context);
  }
  const deprecated = Array.isArray(api.deprecated) ? api.deprecated.filter((v): v is string => typeof v === 'string') : [];
  return {
    app: expected,
    version,
    major,
    instanceName: typeof instanceName === 'string' ? instanceName : expected,
    urlBase: typeof urlBase === 'string' ? urlBase : '',
    apiVersions: [api.current, ...deprecated],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'an empty body';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
