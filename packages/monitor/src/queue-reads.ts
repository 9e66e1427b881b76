/**
 * The queue read of an instance: normalised records, grouped by download, diffed against what the
 * checkpoint remembers, turned into lifecycle events (grabbed, progress, stalled, completed,
 * import blocked, failed). A download that left the queue waits in `pending` until history tells
 * what became of it (or an import seen earlier settles it at once).
 */
import type { EventSource, ProgressFacts } from './events.ts';
import { progressKey, stallKey } from './event-ids.ts';
import { compact } from './media-facts.ts';
import { ProgressTracker, percentOf, type ProgressReading } from './progress-tracker.ts';
import { diffQueue, type QueueTransition, type TrackedDownload } from './queue-diff.ts';
import { groupQueue, toQueueItem, type QueueGroup, type QueueItem } from './queue-item.ts';
import { readCountsOf, type ReadCounts } from './queue-status.ts';
import type { Reachability } from './reachability.ts';
import { keyedRecord, ownValue, withoutKey } from './records.ts';
import { tagIdsOf } from './tag-labels.ts';
import type { WatcherContext } from './watcher-context.ts';

/** States in which a download is news soon: the queue is read at the active pace. */
const ACTIVE_STATES = new Set(['downloading', 'queued', 'importPending', 'importing', 'stalled', 'delay', 'warning']);

export class QueueReads {
  readonly #ctx: WatcherContext;
  readonly #reachability: Reachability;
  readonly #activeChanged: (active: boolean) => void;
  readonly #progress: ProgressTracker;
  #items: QueueItem[] = [];
  #readings = new Map<string, ProgressReading>();
  #active = false;
  #lastReadAt = Number.NEGATIVE_INFINITY;
  #readCounts: ReadCounts | undefined;
  /** No checkpoint was found at the start: the first read is a baseline, announcing nothing. */
  #baselinePending = false;

  /** `activeChanged` runs when downloads start or stop being active (the queue pace changes). */
  constructor(ctx: WatcherContext, reachability: Reachability, activeChanged: (active: boolean) => void) {
    this.#ctx = ctx;
    this.#reachability = reachability;
    this.#activeChanged = activeChanged;
    this.#progress = new ProgressTracker({ stalledAfterMs: ctx.settings.stalledAfterMs, throttleMs: ctx.settings.progressThrottleMs });
  }

  /** Called at the start: without a saved checkpoint, the first read announces nothing. */
  restore(firstStart: boolean): void {
    this.#baselinePending = firstStart;
  }

  /** Whether downloads are active (or waiting for their outcome). */
  get active(): boolean {
    return this.#active;
  }

  /** What the last read saw, in the terms of the pushed counts (undefined before the first read). */
  get readCounts(): ReadCounts | undefined {
    return this.#readCounts;
  }

  /** When the last read finished. */
  get lastReadAt(): number {
    return this.#lastReadAt;
  }

  /** The records of the last read, with their progress readings. */
  get items(): readonly QueueItem[] {
    return this.#items;
  }

  reading(downloadId: string): ProgressReading | undefined {
    return this.#readings.get(downloadId);
  }

  async read(trigger: EventSource): Promise<void> {
    const ctx = this.#ctx;
    const records = await ctx.reader.queue();
    this.#reachability.succeeded();
    await ctx.tags.learn(tagIdsOf(records));
    this.#readCounts = readCountsOf(records);
    const checkpoint = ctx.checkpoint();
    const now = ctx.clock.now();
    const items = records.map((record) => toQueueItem(record, ctx.kind, ctx.tags.label));
    const groups = groupQueue(items);
    const progress = this.#progress.update(groups, now);
    const previous = keyedRecord(Object.entries(checkpoint.queue));
    for (const group of groups) {
      const pending = ownValue(checkpoint.pending, group.downloadId);
      // Taken for gone but back (a read that missed it): resume, without a second grab.
      if (ownValue(previous, group.downloadId) === undefined && pending) {
        previous[group.downloadId] = pending.tracked;
        checkpoint.pending = withoutKey(checkpoint.pending, group.downloadId);
      }
    }
    const baseline = this.#baselinePending;
    this.#baselinePending = false;
    const { next, transitions } = diffQueue({ previous, groups, now, stalledWithoutProgress: progress.stalled, baseline });
    checkpoint.queue = next;
    this.#lastReadAt = now;
    this.#items = items;
    this.#readings = progress.readings;
    let left = false;
    for (const transition of transitions) left = this.#onTransition(transition, trigger) || left;
    const wasActive = this.#active;
    // Downloads waiting for their outcome keep the fast pace: their fate is news soon.
    this.#active = groups.some((g) => ACTIVE_STATES.has(g.state)) || Object.keys(checkpoint.pending).length > 0;
    if (!baseline) {
      for (const downloadId of progress.announce) {
        const group = groups.find((g) => g.downloadId === downloadId);
        if (!group) continue;
        const facts = progressFacts(group, progress.readings.get(downloadId));
        ctx.emitter.emit({ type: 'download.progress', media: group.media, download: group.download, progress: facts }, progressKey(downloadId, facts.percent), trigger);
      }
    }
    if (left) void ctx.scheduler.run('history', trigger);
    if (wasActive !== this.#active) this.#activeChanged(this.#active);
  }

  /** Returns true when a download left the queue and history must tell what became of it. */
  #onTransition(t: QueueTransition, trigger: EventSource): boolean {
    const { emitter } = this.#ctx;
    switch (t.kind) {
      case 'grabbed':
        emitter.emit({ type: 'download.grabbed', media: t.group.media, download: t.group.download, ...(t.group.notGrabbed === true ? { notGrabbed: true as const } : {}) }, t.group.downloadId, trigger);
        return false;
      case 'completed':
        if (emitter.hasFinal(t.group.downloadId)) return false;
        emitter.emit({ type: 'download.completed', media: t.group.media, download: t.group.download }, t.group.downloadId, trigger);
        return false;
      case 'importBlocked':
        emitter.emit({ type: 'download.importBlocked', media: t.group.media, download: t.group.download, messages: t.group.messages }, t.group.downloadId, trigger);
        return false;
      case 'stalled': {
        const progress = progressFacts(t.group, this.#readings.get(t.group.downloadId));
        const event = { type: 'download.stalled' as const, media: t.group.media, download: t.group.download, progress, messages: t.group.messages };
        emitter.emit(event, stallKey(t.group.downloadId, t.stallCount), trigger);
        return false;
      }
      case 'failed':
        // A failure the app leaves to the user is told in the app's words; otherwise the client's.
        emitter.failed(t.group.media, t.group.download, t.group.failureReason ?? t.group.errorMessage ?? t.group.messages[0] ?? 'download failed', trigger, t.group.notGrabbed === true);
        return false;
      case 'left':
        return this.#left(t.tracked);
    }
  }

  /** A download left the queue: imported when an import was seen, else pending until history tells. */
  #left(tracked: TrackedDownload): boolean {
    const { emitter, clock } = this.#ctx;
    const checkpoint = this.#ctx.checkpoint();
    const id = tracked.downloadId;
    if (tracked.failed || emitter.hasFinal(id)) return false;
    const evidence = ownValue(checkpoint.imports, id);
    if (evidence) {
      checkpoint.imports = withoutKey(checkpoint.imports, id);
      emitter.imported(tracked.media, { ...tracked.download, ...evidence.download }, evidence.isUpgrade, evidence.source ?? 'history');
      return false;
    }
    checkpoint.pending[id] = { tracked, leftAt: clock.now(), historyChecked: false };
    return true;
  }
}

/** The progress facts of a download from its group and its reading. */
export function progressFacts(group: QueueGroup, reading: ProgressReading | undefined): ProgressFacts {
  return compact<ProgressFacts>({
    percent: percentOf(group.size, group.sizeleft),
    size: group.size,
    sizeleft: group.sizeleft,
    speedBytesPerSecond: reading?.speedBytesPerSecond,
    etaMs: reading?.etaMs,
    state: group.state,
  });
}
