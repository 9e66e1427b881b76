/**
 * The pure heart of the monitor: the previous view of the queue plus the current one give the
 * lifecycle transitions of every download. One download (a season pack included) is one entry,
 * keyed by `downloadId`. A download gets at most one final transition: `failed` while in the
 * queue, or `left` when it disappears (the watcher then decides imported or removed from history).
 */
import type { DownloadFacts, DownloadState, MediaFacts } from './events.ts';
import type { QueueGroup } from './queue-item.ts';
import { keyedRecord, ownValue, type KeyedRecord } from './records.ts';

/** What the monitor remembers of a download between two reads (persisted in the checkpoint). */
export interface TrackedDownload {
  downloadId: string;
  state: DownloadState;
  media: MediaFacts;
  download: DownloadFacts;
  /**
   * When it was first seen. Nothing here changes on a read that finds the download as it was (no
   * last-seen time): an unchanged queue leaves the checkpoint as it is, and the state file unwritten.
   */
  firstSeenAt: number;
  /** The client finished (`download.completed` given). */
  completed: boolean;
  /** `download.failed` given: the final event of this download. */
  failed: boolean;
  importBlocked: boolean;
  /** Stalled right now. */
  stalled: boolean;
  /** Stall episodes so far (each gets its own event id). */
  stallCount: number;
}

export type QueueTransition =
  | { kind: 'grabbed'; group: QueueGroup }
  | { kind: 'completed'; group: QueueGroup }
  | { kind: 'importBlocked'; group: QueueGroup }
  | { kind: 'stalled'; group: QueueGroup; stallCount: number }
  | { kind: 'failed'; group: QueueGroup }
  | { kind: 'left'; tracked: TrackedDownload };

export interface DiffInput {
  previous: Readonly<KeyedRecord<TrackedDownload>>;
  groups: readonly QueueGroup[];
  now: number;
  /** Downloads without progress for too long (the progress tracker decides). */
  stalledWithoutProgress?: ReadonlySet<string>;
  /** First read without a checkpoint: remember what is there, announce nothing. */
  baseline?: boolean;
}

export interface DiffResult {
  /** The downloads now in the queue, by download id (a null-prototype record). */
  next: KeyedRecord<TrackedDownload>;
  transitions: QueueTransition[];
}

const DONE: ReadonlySet<DownloadState> = new Set(['completed', 'importPending', 'importing', 'importBlocked']);

export function diffQueue(input: DiffInput): DiffResult {
  const { previous, groups, now } = input;
  const next = keyedRecord<TrackedDownload>();
  const transitions: QueueTransition[] = [];
  const emit = (t: QueueTransition): void => {
    if (!input.baseline) transitions.push(t);
  };

  for (const group of groups) {
    const before = ownValue(previous, group.downloadId);
    const tracked: TrackedDownload = before
      ? { ...before, state: group.state, media: group.media, download: { ...before.download, ...group.download } }
      : {
          downloadId: group.downloadId,
          state: group.state,
          media: group.media,
          download: group.download,
          firstSeenAt: now,
          completed: false,
          failed: false,
          importBlocked: false,
          stalled: false,
          stallCount: 0,
        };
    next[group.downloadId] = tracked;
    if (!before) emit({ kind: 'grabbed', group });
    if (tracked.failed) continue;

    if (group.state === 'failed') {
      tracked.failed = true;
      emit({ kind: 'failed', group });
      continue;
    }
    if (DONE.has(group.state) && !tracked.completed) {
      tracked.completed = true;
      emit({ kind: 'completed', group });
    }
    // Announced once per download: a retried import that is blocked again is the same problem.
    if (group.state === 'importBlocked' && !tracked.importBlocked) {
      tracked.importBlocked = true;
      emit({ kind: 'importBlocked', group });
    }
    const stalledNow = group.state === 'stalled' || (group.state === 'downloading' && input.stalledWithoutProgress?.has(group.downloadId) === true);
    if (stalledNow && !tracked.stalled) {
      tracked.stalled = true;
      tracked.stallCount += 1;
      emit({ kind: 'stalled', group, stallCount: tracked.stallCount });
    } else if (!stalledNow && tracked.stalled) {
      tracked.stalled = false;
    }
  }

  for (const [downloadId, tracked] of Object.entries(previous)) {
    if (!Object.hasOwn(next, downloadId)) transitions.push({ kind: 'left', tracked });
  }
  return { next, transitions };
}
