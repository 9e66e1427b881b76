/** Every default of the monitor, in one place. Options are merged over these at the boundary. */
import type { ResolvedIntervals } from './monitor-options.ts';

/** Polling intervals without a push connection: the monitor relies on them alone. */
export const POLL_INTERVALS: Readonly<ResolvedIntervals> = {
  queueActiveMs: 5_000,
  queueIdleMs: 60_000,
  healthMs: 60_000,
  statusMs: 300_000,
  diskMs: 300_000,
  maxBackoffMs: 300_000,
  libraryMs: 21_600_000,
};

/**
 * Polling intervals while the SignalR connection is up: the app tells us of every queue and health
 * change, so polling is only reconciliation. Sized for at most 12 requests per idle hour
 * (queue 6, health 2, status 2, disk 2), plus one library read a day.
 */
export const PUSH_POLL_INTERVALS: Readonly<ResolvedIntervals> = {
  queueActiveMs: 60_000,
  queueIdleMs: 600_000,
  healthMs: 1_800_000,
  statusMs: 1_800_000,
  diskMs: 1_800_000,
  maxBackoffMs: 300_000,
  libraryMs: 86_400_000,
};

export const DEFAULTS = {
  /** Where the default file store writes. */
  statePath: './.discarr-state/monitor.json',
  progressThrottleMs: 30_000,
  stalledAfterMs: 600_000,
  bufferSize: 1000,
  health: { raiseAfterChecks: 2, raiseAfterMs: 60_000, clearAfterChecks: 2, clearAfterMs: 60_000 },
  disk: { minFreeBytes: 0, minFreePercent: 5, hysteresisPercent: 2 },
  /** Jitter of every interval: ±10%. */
  jitter: 0.1,
  /** First retry delay after a failed cycle; doubled up to `maxBackoffMs`. */
  backoffBaseMs: 5_000,
  /** Failed cycles in a row before an instance is reported down (one blip is not an outage). */
  downAfterFailures: 2,
  /** Push signals arriving within this window cause one refetch. */
  pushDebounceMs: 250,
  /**
   * A `queue` sync while no download is active waits this long for the `queue/status` message of
   * the same refresh (the apps send it debounced by 5 s, counts included) before reading the queue.
   */
  pushStatusWaitMs: 6_000,
  /**
   * While downloads are active, a sync this soon after the one read is the same refresh (the apps
   * send their syncs twice per refresh: after the refresh and after processing it).
   */
  activeSyncSettleMs: 1_000,
  /** The first disk read comes this long after the start, not in the first cycle. */
  firstDiskDelayMs: 30_000,
  /** The first start's library read (the baseline of ids) comes this long after the start. */
  firstLibraryDelayMs: 300_000,
  /** Delays between SignalR reconnection attempts; the last one repeats forever. */
  signalrRetryDelaysMs: [0, 2_000, 5_000, 10_000, 30_000, 60_000] as readonly number[],
  /** A download that left the queue without an import or failure in history is `removed` after this. */
  removedGraceMs: 120_000,
  /** Ids of emitted events are remembered this long, so nothing is emitted twice across restarts. */
  emittedRetentionMs: 14 * 24 * 3_600_000,
  /** History is read from a little before the checkpoint: the apps' clocks and ours may differ. */
  historyOverlapMs: 60_000,
  /**
   * A Sonarr pack known only from its per-file Download webhooks (never seen in the queue, no
   * import-complete webhook) is announced once they stop coming for this long: Sonarr imports the
   * files of a download in one pass, sending them seconds apart.
   */
  packSettleMs: 15_000,
  /** Largest accepted webhook body. */
  maxWebhookBodyBytes: 1_048_576,
} as const;
