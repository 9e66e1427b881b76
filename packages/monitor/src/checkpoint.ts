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
import type { CompleteLogger } from './logging.ts';
import { keyedRecord, type KeyedRecord } from './records.ts';
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
  /** Ids of emitted events and when they were emitted. Every record here is null-prototype (`records.ts`). */
  emitted: KeyedRecord<number>;
  /** The downloads in the queue at the last read, by download id. */
  queue: KeyedRecord<TrackedDownload>;
  /** Downloads that left the queue, waiting for history to tell their outcome. */
  pending: KeyedRecord<PendingDownload>;
  /** Imports seen for downloads still in the queue. */
  imports: KeyedRecord<ImportEvidence>;
  reachability: { state: ReachabilityState; since: number };
  appVersion?: string;
  health: KeyedRecord<HealthEntry>;
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
    health: keyedRecord(),
    disks: keyedRecord(),
  };
}

/** A checkpoint field of the wrong shape; the message names the field and what it must be. */
class CheckpointShapeError extends Error {
  override name = 'CheckpointShapeError';
}

type Check<T> = (value: unknown, field: string) => T;

function fail(field: string, expected: string, value: unknown): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new CheckpointShapeError(`checkpoint ${field} must be ${expected}, got ${got}`);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const num: Check<number> = (v, f) => (typeof v === 'number' && Number.isFinite(v) ? v : fail(f, 'a number', v));
const str: Check<string> = (v, f) => (typeof v === 'string' ? v : fail(f, 'a string', v));
const bool: Check<boolean> = (v, f) => (typeof v === 'boolean' ? v : fail(f, 'true or false', v));
const obj: Check<Record<string, unknown>> = (v, f) => (isObject(v) ? v : fail(f, 'an object', v));
const optional = <T>(check: Check<T>): Check<T | undefined> => (v, f) => (v === undefined ? undefined : check(v, f));
const arrayOf = <T>(check: Check<T>): Check<T[]> => (v, f) => (Array.isArray(v) ? v.map((item, i) => check(item, `${f}[${String(i)}]`)) : fail(f, 'an array', v));

/** A null-prototype record of `check`ed values (`absent` when the field is missing, as in older checkpoints). */
function recordOf<T>(check: Check<T>): Check<KeyedRecord<T>> {
  return (value, field) => {
    if (value === undefined) return keyedRecord();
    return keyedRecord(Object.entries(obj(value, field)).map(([key, item]) => [key, check(item, `${field}[${JSON.stringify(key)}]`)] as const));
  };
}

const media: Check<MediaFacts> = (v, f) => {
  const m = obj(v, f);
  str(m.title, `${f}.title`);
  if (m.mediaType !== 'movie' && m.mediaType !== 'series' && m.mediaType !== 'episode') fail(`${f}.mediaType`, '"movie", "series" or "episode"', m.mediaType);
  optional(arrayOf(obj))(m.episodes, `${f}.episodes`);
  optional(arrayOf((t, tf) => (typeof t === 'string' || typeof t === 'number' ? t : fail(tf, 'a tag', t))))(m.tags, `${f}.tags`);
  return m as unknown as MediaFacts;
};

const download: Check<DownloadFacts> = (v, f) => {
  const d = obj(v, f);
  str(d.downloadId, `${f}.downloadId`);
  return d as unknown as DownloadFacts;
};

const tracked: Check<TrackedDownload> = (v, f) => {
  const t = obj(v, f);
  str(t.downloadId, `${f}.downloadId`);
  str(t.state, `${f}.state`);
  media(t.media, `${f}.media`);
  download(t.download, `${f}.download`);
  for (const key of ['firstSeenAt', 'stallCount'] as const) num(t[key], `${f}.${key}`);
  for (const key of ['completed', 'failed', 'importBlocked', 'stalled'] as const) bool(t[key], `${f}.${key}`);
  // Written at every read by earlier versions and read by nothing: dropped.
  delete t.lastSeenAt;
  return t as unknown as TrackedDownload;
};

const pending: Check<PendingDownload> = (v, f) => {
  const p = obj(v, f);
  return { tracked: tracked(p.tracked, `${f}.tracked`), leftAt: num(p.leftAt, `${f}.leftAt`), historyChecked: bool(p.historyChecked, `${f}.historyChecked`) };
};

const EVENT_SOURCES = new Set(['poll', 'push', 'webhook', 'history']);

const evidence: Check<ImportEvidence> = (v, f) => {
  const e = obj(v, f);
  const source = optional(str)(e.source, `${f}.source`);
  if (source !== undefined && !EVENT_SOURCES.has(source)) fail(`${f}.source`, 'poll, push, webhook or history', source);
  const episodes = optional(arrayOf(str))(e.episodes, `${f}.episodes`);
  return compactEvidence({ at: num(e.at, `${f}.at`), media: media(e.media, `${f}.media`), download: download(e.download, `${f}.download`), isUpgrade: bool(e.isUpgrade, `${f}.isUpgrade`), episodes, source: source as EventSource | undefined });
};

function compactEvidence(e: ImportEvidence): ImportEvidence {
  if (e.episodes === undefined) delete e.episodes;
  if (e.source === undefined) delete e.source;
  return e;
}

const healthEntry: Check<HealthEntry> = (v, f) => {
  const h = obj(v, f);
  const facts = obj(h.facts, `${f}.facts`);
  str(facts.source, `${f}.facts.source`);
  str(facts.message, `${f}.facts.message`);
  num(h.firstSeenAt, `${f}.firstSeenAt`);
  num(h.seenChecks, `${f}.seenChecks`);
  num(h.missingChecks, `${f}.missingChecks`);
  bool(h.raised, `${f}.raised`);
  optional(num)(h.missingSince, `${f}.missingSince`);
  return h as unknown as HealthEntry;
};

const REACHABILITY = new Set(['unknown', 'up', 'down', 'authFailed']);

/**
 * The checkpoint in `raw` (JSON as stored), checked field by field; throws an Error naming the first
 * wrong field (`checkpoint queue must be an object, got null`). Sections an older checkpoint lacks
 * start empty. Every record comes back without a prototype, so a stored key never reaches
 * `Object.prototype`. Given to `store.get`, which sets a bad checkpoint aside: the instance then
 * starts fresh.
 */
export function parseCheckpoint(raw: unknown): Checkpoint {
  const c = obj(raw, '(root)');
  if (c.schema !== CHECKPOINT_SCHEMA) fail('schema', String(CHECKPOINT_SCHEMA), c.schema);
  const baselineAt = num(c.baselineAt, 'baselineAt');
  const historySince = str(c.historySince, 'historySince');
  if (!Number.isFinite(Date.parse(historySince))) fail('historySince', 'an ISO date', historySince);
  const reachability = c.reachability === undefined ? { state: 'unknown', since: baselineAt } : obj(c.reachability, 'reachability');
  if (!REACHABILITY.has(String(reachability.state))) fail('reachability.state', 'unknown, up, down or authFailed', reachability.state);
  const library = optional(obj)(c.library, 'library');
  const checkpoint: Checkpoint = {
    schema: CHECKPOINT_SCHEMA,
    baselineAt,
    historySince,
    emitted: recordOf(num)(c.emitted, 'emitted'),
    queue: recordOf(tracked)(c.queue, 'queue'),
    pending: recordOf(pending)(c.pending, 'pending'),
    imports: recordOf(evidence)(c.imports, 'imports'),
    reachability: { state: reachability.state as ReachabilityState, since: num(reachability.since, 'reachability.since') },
    health: recordOf(healthEntry)(c.health, 'health'),
    disks: recordOf((v, f) => {
      const d = obj(v, f);
      return { low: bool(d.low, `${f}.low`), since: num(d.since, `${f}.since`) };
    })(c.disks, 'disks'),
  };
  const appVersion = optional(str)(c.appVersion, 'appVersion');
  if (appVersion !== undefined) checkpoint.appVersion = appVersion;
  if (library) checkpoint.library = { ids: arrayOf(num)(library.ids, 'library.ids'), readAt: num(library.readAt, 'library.readAt') };
  return checkpoint;
}

/**
 * Reads the checkpoint of an instance; `undefined` when there is none (a first start) or when it has
 * the wrong shape (the store sets it aside; a store that ignores `parse` gets it checked here, and
 * the wrong one is logged): the instance then starts fresh.
 */
export async function loadCheckpoint(store: StateStore, instance: string, logger: CompleteLogger): Promise<Checkpoint | undefined> {
  const value = await store.get(checkpointKey(instance), parseCheckpoint);
  if (value === undefined) return undefined;
  try {
    return parseCheckpoint(value);
  } catch (error) {
    logger.warn({ instance, error: error instanceof Error ? error.message : String(error) }, 'the saved checkpoint has the wrong shape; starting fresh');
    return undefined;
  }
}

/** Forgets emitted ids and import evidence older than the retention window. */
export function pruneCheckpoint(checkpoint: Checkpoint, now: number, retentionMs: number): void {
  const cutoff = now - retentionMs;
  checkpoint.emitted = keyedRecord(Object.entries(checkpoint.emitted).filter(([, at]) => at >= cutoff));
  checkpoint.imports = keyedRecord(Object.entries(checkpoint.imports).filter(([, evidence]) => evidence.at >= cutoff));
}
