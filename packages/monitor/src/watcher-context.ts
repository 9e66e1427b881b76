/**
 * What the parts of one instance's watcher share: who the instance is, its resolved settings,
 * time, logging, its reads, the emitter and the read scheduler, and its checkpoint. Each part owns
 * its own state; the checkpoint is the one state they all write, each in its own fields.
 */
import type { ArrReader } from './arr-reader.ts';
import type { Checkpoint } from './checkpoint.ts';
import type { Clock } from './clock.ts';
import type { DiskThresholds } from './disk-tracker.ts';
import type { InstanceEmitter } from './event-emitter.ts';
import type { HealthTrackerOptions } from './health-tracker.ts';
import type { CompleteLogger } from './logging.ts';
import type { InstanceConfig, ResolvedIntervals } from './monitor-options.ts';
import type { ReadScheduler } from './read-scheduler.ts';
import type { TagLabels } from './tag-labels.ts';

/** Everything a watcher needs, resolved from the monitor options (defaults applied). */
export interface WatcherSettings {
  config: InstanceConfig;
  intervals: ResolvedIntervals;
  pushIntervals: ResolvedIntervals;
  disk: DiskThresholds;
  health: HealthTrackerOptions;
  progressThrottleMs: number;
  stalledAfterMs: number;
  signalr: boolean;
  signalrRetryDelaysMs: readonly number[];
  pushDebounceMs: number;
  pushStatusWaitMs: number;
  /** While downloads are active, a sync this soon after the one read is the same refresh. */
  activeSyncSettleMs: number;
  firstDiskDelayMs: number;
  firstLibraryDelayMs: number;
  backoffBaseMs: number;
  downAfterFailures: number;
  removedGraceMs: number;
  emittedRetentionMs: number;
  historyOverlapMs: number;
  /** A pack known only from per-file webhooks is announced once they stop coming for this long. */
  packSettleMs: number;
  jitter: number;
}

export interface WatcherContext {
  readonly name: string;
  readonly kind: 'radarr' | 'sonarr';
  readonly settings: WatcherSettings;
  readonly clock: Clock;
  readonly logger: CompleteLogger;
  /** Jitter source. */
  readonly random: () => number;
  readonly reader: ArrReader;
  readonly emitter: InstanceEmitter;
  readonly scheduler: ReadScheduler;
  /** Tag ids to labels, for the media of REST records. */
  readonly tags: TagLabels;
  /** The instance's checkpoint: a fresh one until `start` loads the saved one. */
  checkpoint(): Checkpoint;
  /** Saves the checkpoint soon (writes coalesce). */
  requestSave(): void;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
