/**
 * Per-client cache of GET responses (lru-cache) and coalescing of identical GETs in flight. It knows
 * no endpoint: each read comes with its resource (cache group) and TTL, each write with the
 * resources it makes stale, all chosen by the caller.
 */
import { LRUCache } from 'lru-cache';

/** A response captured once, replayable as many `Response`s as needed. */
export interface CapturedResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** The body as text ('' for a binary body). */
  body: string;
  /** The body as bytes, when the call asked for a binary body. */
  bytes?: Uint8Array;
  /** The body parsed once by the transport, handed to the first caller only. */
  parsed?: unknown;
}

/** Cache settings of a client. */
export interface CacheOptions {
  /** Entries kept at most. Default 500. */
  max?: number;
  /**
   * Time to live per resource (the first path segment after `/api/v3/`, e.g. `qualityprofile`,
   * `tag`, `queue`; `system/status` for the status the helpers read). A resource without a TTL is
   * not cached. Merged over the defaults; set a resource to 0 to turn it off.
   */
  ttlMs?: Record<string, number>;
}

/** Cache counters of a client: reads answered from the cache, reads sent, reads that joined one in flight. */
export interface CacheStats {
  /** Reads answered from the cache. */
  hits: number;
  /** Reads that went to the server. */
  misses: number;
  /** Reads that joined an identical request already in flight. */
  coalesced: number;
}

/** Cache keys start with their resource, so a write can drop every read of a resource. */
const keyOf = (resource: string, url: string): string => `${resource} ${url}`;
const resourceOfKey = (key: string): string => key.slice(0, key.indexOf(' '));

export class ResponseCache {
  readonly #cache: LRUCache<string, CapturedResponse>;
  readonly #inflight = new Map<string, Promise<CapturedResponse>>();
  /** Bumped by every write to a resource: a read that started before it is not cached. */
  readonly #generations = new Map<string, number>();
  readonly #stats: CacheStats = { hits: 0, misses: 0, coalesced: 0 };

  constructor(max: number, now: () => number) {
    this.#cache = new LRUCache<string, CapturedResponse>({
      max,
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
   * Answers a GET of `url` from the cache, joins an identical GET in flight, or runs `load` and
   * remembers its answer for `ttlMs` when that is positive and the answer was a success.
   */
  async get(resource: string, url: string, ttlMs: number, load: () => Promise<CapturedResponse>): Promise<{ response: CapturedResponse; cached: boolean }> {
    const key = keyOf(resource, url);
    if (ttlMs > 0) {
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
    const generation = this.#generations.get(resource) ?? 0;
    const promise = load();
    this.#inflight.set(key, promise);
    try {
      const response = await promise;
      // A write to the resource while this read was in flight makes its answer possibly stale:
      // hand it to its callers, but do not keep it.
      const fresh = (this.#generations.get(resource) ?? 0) === generation;
      if (fresh && ttlMs > 0 && response.status >= 200 && response.status < 300) this.#cache.set(key, response, { ttl: ttlMs });
      return { response, cached: false };
    } finally {
      if (this.#inflight.get(key) === promise) this.#inflight.delete(key);
    }
  }

  /**
   * Drops every cached read of the resources a write touched, and detaches reads of them still in
   * flight, so that neither a later identical GET joins them nor their answers are cached.
   */
  invalidate(resources: readonly string[]): void {
    for (const resource of resources) this.#generations.set(resource, (this.#generations.get(resource) ?? 0) + 1);
    for (const resource of this.#generations.keys()) {
      if (resources.some((written) => resource.startsWith(`${written}/`))) this.#generations.set(resource, (this.#generations.get(resource) ?? 0) + 1);
    }
    // A resource covers the groups named under it: a write to `movie` drops `movie/lookup` too.
    const stale = (key: string) => {
      const resource = resourceOfKey(key);
      return resources.some((written) => resource === written || resource.startsWith(`${written}/`));
    };
    for (const key of [...this.#cache.keys()]) if (stale(key)) this.#cache.delete(key);
    for (const key of [...this.#inflight.keys()]) if (stale(key)) this.#inflight.delete(key);
  }

  clear(): void {
    this.#cache.clear();
  }
}
