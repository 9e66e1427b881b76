/**
 * What each instance's watcher keeps in the store between runs: where history was read up to,
 * which events were emitted (within a retention window), the queue as last seen, downloads waiting
 * for their outcome, and the reachability, health and disk states. With it, a restart neither
 * misses what happened meanwhile nor repeats what was emitted.
 */
import type { DiskState } from './disk-tracker.ts';
import type { DownloadFacts, EventSource, MediaFacts } from './events.ts';
import type { HealthEntry } from './health-tracker.ts';
import type { LibraryState } from './library-facts.ts';
import type { TrackedDownload } from './queue-diff.ts';
import type { ReachabilityState } from './snapshot.ts';
import { keyedRecord } from './records.ts';
import type { StateStore } from './state-store.ts';

export const CHECKPOINT_SCHEMA = 1;

export interface PendingDownload {
  tracked: TrackedDownload;
  /** When it left the queue. */
  leftAt: number;
  /** Whether a history read has happened since it left (only then may it be called removed). */
  historyChecked: boolean;
}

/** An import history reported for a download still in the queue, kept until the download leaves. */
export interface ImportEvidence {
  at: number;
  media: MediaFacts;
  download: DownloadFacts;
  isUpgrade: boolean;
  /** Episodes (`<season>x<episode>`) of a season pack reported imported one file at a time by webhooks. */
  episodes?: string[];
  /** Who told it (`history` when absent). */
  source?: EventSource;
}

export interface Checkpoint {
  schema: typeof CHECKPOINT_SCHEMA;
  /** When the watcher first ran: history before it is never announced. */
  baselineAt: number;
  /** ISO date of the newest history record read. */
  historySince: string;
  /** Ids of emitted events and when they were emitted. */
  emitted: Record<string, number>;
  queue: Record<string, TrackedDownload>;
  pending: Record<string, PendingDownload>;
  imports: Record<string, ImportEvidence>;
  reachability: { state: ReachabilityState; since: number };
  appVersion?: string;
  health: Record<string, HealthEntry>;
  disks: DiskState;
  /** The library ids at the last library read (absent until the first one). */
  library?: LibraryState;
}

export function checkpointKey(instance: string): string {
  return `monitor:checkpoint:${instance}`;
}

export function freshCheckpoint(now: number): Checkpoint {
  return {
    schema: CHECKPOINT_SCHEMA,
    baselineAt: now,
    historySince: new Date(now).toISOString(),
    emitted: keyedRecord(),
    queue: keyedRecord(),
    pending: keyedRecord(),
    imports: keyedRecord(),
    reachability: { state: 'unknown', since: now },
    health: {},
    disks: {},
  };
}

function isCheckpoint(value: unknown): value is Checkpoint {
  return typeof value === 'object' && value !== null && 'schema' in value && value.schema === CHECKPOINT_SCHEMA;
}

/** Reads the checkpoint of an instance; `undefined` when there is none (a first start). */
export async function loadCheckpoint(store: StateStore, instance: string): Promise<Checkpoint | undefined> {
  const value = await store.get<unknown>(checkpointKey(instance));
  if (!isCheckpoint(value)) return undefined;
  return { ...freshCheckpoint(value.baselineAt), ...value };
}

/** Forgets emitted ids and import evidence older than the retention window. */
export function pruneCheckpoint(checkpoint: Checkpoint, now: number, retentionMs: number): void {
  const cutoff = now - retentionMs;
  checkpoint.emitted = keyedRecord(Object.entries(checkpoint.emitted).filter(([, at]) => at >= cutoff));
  checkpoint.imports = keyedRecord(Object.entries(checkpoint.imports).filter(([, evidence]) => evidence.at >= cutoff));
}
