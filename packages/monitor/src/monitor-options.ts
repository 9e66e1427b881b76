/** Options of `createMonitor`. Defaults live in one place (`defaults.ts`). */
import type { ArrClientOptions, Logger } from '@discarr/arr-sdk';
import type { Clock } from './clock.ts';
import type { StateStore } from './state-store.ts';

/** Polling intervals of one instance (milliseconds). Each is jittered by ±10%. */
export interface PollIntervals {
  /** Queue while downloads are active. Default 5 000 without push, 60 000 with push connected. */
  queueActiveMs: number;
  /** Queue while idle. Default 60 000 without push, 600 000 with push connected. */
  queueIdleMs: number;
  /** Health. Default 60 000 (1 800 000 with push). */
  healthMs: number;
  /** System status (reachability, version). Default 300 000 (1 800 000 with push). */
  statusMs: number;
  /** Disk space. Default 300 000 (1 800 000 with push). */
  diskMs: number;
  /** Upper bound of the backoff while the instance is down. Default 300 000. */
  maxBackoffMs: number;
  /**
   * Whole library (`GET /movie` or `GET /series`), the reconciliation of `media.added` and
   * `media.deleted` when push missed them. One large response (a few KB per movie or series), so
   * rare: default 21 600 000 (6 h) without push, 86 400 000 (24 h) with push connected.
   */
  libraryMs?: number;
}

/** Poll intervals with every default applied. */
export type ResolvedIntervals = Required<PollIntervals>;

/** One Radarr or Sonarr instance to watch. */
export interface InstanceConfig {
  /** Unique name chosen by the user (`radarr-4k`): appears in every event. */
  name: string;
  /** Which app it is. */
  kind: 'radarr' | 'sonarr';
  /**
   * The app's base address: scheme, host, port and its URL base if any (`http://radarr:7878/radarr`),
   * without credentials or query. The same name and meaning as the SDK's `ArrClientOptions.baseUrl`.
   */
  baseUrl: string;
  /** The app's API key (Settings > General); never logged. */
  apiKey: string;
  /** Push channels that tell the monitor of changes before the next poll. Default: SignalR on, no webhook. */
  push?: {
    /** Connect to the app's SignalR hub for instant change signals. Default true. */
    signalr?: boolean;
    /** Accept webhooks for this instance (see `createWebhookHandler`); the secret authenticates them. */
    webhook?: {
      /** The secret the app sends (the webhook's Password, `?secret=` or `X-Discarr-Secret`). */
      secret: string;
    };
  };
  /** Polling intervals to override; each one left out keeps its default (see `PollIntervals`). */
  intervals?: Partial<PollIntervals>;
  /** Disk thresholds: low when free space falls below either; ok again above it plus the hysteresis. */
  disk?: {
    /** Low below this many free bytes. Default 0 (off). */
    minFreeBytes?: number;
    /** Low below this percent of the total free. Default 5. */
    minFreePercent?: number;
    /** Ok again only this many percent (of the total) above the threshold. Default 2. */
    hysteresisPercent?: number;
  };
  /**
   * Extra SDK client options (timeouts, retry, concurrency, `logger`, `onRequest`). A `logger` here
   * receives the client's own lines (requests at debug, retries at warn) instead of the monitor's logger.
   */
  client?: Partial<Omit<ArrClientOptions, 'baseUrl' | 'apiKey' | 'name'>>;
}

/** Options of `createMonitor`. */
export interface MonitorOptions {
  /** The instances to watch; names must be unique. */
  instances: InstanceConfig[];
  /** Where checkpoints live. Default: a file store at `./.discarr-state/monitor.json`. */
  store?: StateStore;
  /** Time source of every timer and timestamp. Default `systemClock`; tests pass a virtual clock. */
  clock?: Clock;
  /**
   * Where the monitor logs (pino's argument order, `(data, message)`; every method optional). The
   * SDK clients log their retries to it at debug level, unless an instance sets `client.logger`.
   */
  logger?: Logger;
  /** Minimum time between two progress events of one download. Default 30 000. */
  progressThrottleMs?: number;
  /** A downloading item without progress for this long is stalled. Default 600 000. */
  stalledAfterMs?: number;
  /** Health flap suppression: raise only after an item was seen in this many checks AND for this long; clear likewise. */
  health?: {
    /** Checks an item must be seen in before `health.raised`. Default 2. */
    raiseAfterChecks?: number;
    /** Time an item must be seen for before `health.raised`. Default 60 000. */
    raiseAfterMs?: number;
    /** Checks an item must be absent from before `health.cleared`. Default 2. */
    clearAfterChecks?: number;
    /** Time an item must be absent for before `health.cleared`. Default 60 000. */
    clearAfterMs?: number;
  };
  /** Events buffered for `events()` consumers; past it, progress events are dropped first. Default 1000. */
  bufferSize?: number;
  /** Random source for jitter, in [0, 1). Default `Math.random`; tests pass a fixed one. */
  random?: () => number;
  /** Delays between SignalR reconnection attempts; the last one repeats. Default 0, 2 s, 5 s, 10 s, 30 s, 60 s. */
  signalrRetryDelaysMs?: number[];
  /** Failed reads in a row before `instance.down`. Default 2 (one blip is not an outage). */
  downAfterFailures?: number;
  /** A download that left the queue with neither import nor failure in history is `download.removed` after this. Default 120 000. */
  removedGraceMs?: number;
}
