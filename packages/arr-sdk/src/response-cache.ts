/**
 * Per-client cache of GET responses (lru-cache) and coalescing of identical GETs in flight. Reads of
 * reference data are cached by default; writes invalidate cached reads of the same resource.
 */
import { LRUCache } from 'lru-cache';

/** A response captured once, replayable as many `Response`s as needed. */
export interface CapturedResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: string;
  /** The body parsed once by the transport, handed to the first caller only. */
  parsed?: unknown;
}

/** Cache settings of a client. */
export interface CacheOptions {
  /** Entries kept at most. Default 500. */
  max?: number;
  /**
   * Time to live per resource (the first path segment after `/api/v3/`, e.g. `qualityprofile`,
   * `tag`, `system/status` for the status, `queue`). A resource without a TTL is not cached.
   * Merged over the defaults; set a resource to 0 to turn it off.
   */
  ttlMs?: Record<string, number>;
}

/** Reference data that changes rarely: on by default. Everything else is opt-in. */
export const DEFAULT_CACHE_TTL_MS: Readonly<Record<string, number>> = {
  qualityprofile: 300_000,
  rootfolder: 60_000,
  tag: 300_000,
  'system/status': 60_000,
  api: 300_000,
  language: 300_000,
  downloadclient: 300_000,
  indexer: 300_000,
};

/** The resource a path belongs to: `qualityprofile` for `/api/v3/qualityprofile/3`. */
export function resourceOf(pathname: string): string {
  const match = /\/api\/v3\/([^/?]+)(?:\/(status))?/.exec(pathname);
  if (!match) return pathname.endsWith('/api') ? 'api' : pathname;
  const [, first = '', second] = match;
  if (first === 'system' && second === 'status') return 'system/status';
  if (first === 'system') return `system/${pathname.split('/').at(-1) ?? ''}`;
  return first;
}

export interface CacheStats {
  hits: number;
  misses: number;
  coalesced: number;
}

export class ResponseCache {
  readonly #cache: LRUCache<string, CapturedResponse>;
  readonly #ttl: Record<string, number>;
  readonly #inflight = new Map<string, Promise<CapturedResponse>>();
  /** Bumped by every write to a resource: a read that started before it is not cached. */
  readonly #generations = new Map<string, number>();
  readonly #stats: CacheStats = { hits: 0, misses: 0, coalesced: 0 };

  constructor(options: CacheOptions | false | undefined, now: () => number) {
    this.#ttl = options === false ? {} : { ...DEFAULT_CACHE_TTL_MS, ...options?.ttlMs };
    this.#cache = new LRUCache<string, CapturedResponse>({
      max: options === false ? 1 : (options?.max ?? 500),
      ttlAutopurge: false,
      // TTLs follow the injected clock exactly (no cached time reading between checks).
      ttlResolution: 0,
      perf: { now },
    });
  }

  stats(): CacheStats {
    return { ...this.#stats };
  }

  /**
   * Answers a GET from the cache, joins an identical GET in flight, or runs `load` and remembers
   * its answer when the resource has a TTL and the answer was a success.
   */
  async get(pathname: string, key: string, load: () => Promise<CapturedResponse>): Promise<{ response: CapturedResponse; cached: boolean }> {
    const ttl = this.#ttl[resourceOf(pathname)] ?? 0;
    if (ttl > 0) {
      const hit = this.#cache.get(key);
      if (hit) {
        this.#stats.hits++;
        return { response: hit, cached: true };
      }
    }
    const pending = this.#inflight.get(key);
    if (pending) {
      this.#stats.coalesced++;
      return { response: await pending, cached: true };
    }
    this.#stats.misses++;
    const resource = resourceOf(pathname);
    const generation = this.#generations.get(resource) ?? 0;
    const promise = load();
    this.#inflight.set(key, promise);
    try {
      const response = await promise;
      // A write to the resource while this read was in flight makes its answer possibly stale:
      // hand it to its callers, but do not keep it.
      const fresh = (this.#generations.get(resource) ?? 0) === generation;
      if (fresh && ttl > 0 && response.status >= 200 && response.status < 300) this.#cache.set(key, response, { ttl });
      return { response, cached: false };
    } finally {
      if (this.#inflight.get(key) === promise) this.#inflight.delete(key);
    }
  }

  /**
   * Drops every cached read of the resource a write touched, and detaches reads of it still in
   * flight, so that neither a later identical GET joins them nor their answers are cached.
   */
  invalidate(pathname: string): void {
    const resource = resourceOf(pathname);
    this.#generations.set(resource, (this.#generations.get(resource) ?? 0) + 1);
    const ofResource = (key: string) => resourceOf(new URL(key).pathname) === resource;
    for (const key of [...this.#cache.keys()]) if (ofResource(key)) this.#cache.delete(key);
    for (const key of [...this.#inflight.keys()]) if (ofResource(key)) this.#inflight.delete(key);
  }

  clear(): void {
    this.#cache.clear();
  }
}
