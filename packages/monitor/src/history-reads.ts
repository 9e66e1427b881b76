/**
 * The history read of an instance (`history/since` the checkpoint): what became of downloads that
 * left the queue (imported, failed, or, after a grace period with neither, removed), and the
 * downloads that came and went between two queue reads.
 */
import type { DownloadFacts, MediaFacts } from './events.ts';
import type { TrackedDownload } from './queue-diff.ts';
import { newestDate, outcomesOf, type HistoryOutcome } from './history-facts.ts';
import type { ReadCadence } from './read-cadence.ts';
import type { Reachability } from './reachability.ts';
import { ownValue, withoutKey } from './records.ts';
import { tagIdsOf } from './tag-labels.ts';
import { errorMessage, type WatcherContext } from './watcher-context.ts';

/** What the history read depends on, owned by other parts of the watcher. */
export interface HistoryFacts {
  /** When the last queue read finished. */
  lastQueueReadAt(): number;
  pushConnected(): boolean;
}

export class HistoryReads {
  readonly #ctx: WatcherContext;
  readonly #reachability: Reachability;
  readonly #cadence: ReadCadence;
  readonly #facts: HistoryFacts;

  constructor(ctx: WatcherContext, reachability: Reachability, cadence: ReadCadence, facts: HistoryFacts) {
    this.#ctx = ctx;
    this.#reachability = reachability;
    this.#cadence = cadence;
    this.#facts = facts;
  }

  async read(): Promise<void> {
    const { clock, settings, reader, kind } = this.#ctx;
    const checkpoint = this.#ctx.checkpoint();
    const startedAt = clock.now();
    const since = new Date(Date.parse(checkpoint.historySince) - settings.historyOverlapMs);
    const records = await reader.historySince(since);
    this.#reachability.succeeded();
    await this.#ctx.tags.learn(tagIdsOf(records));
    for (const outcome of outcomesOf(records, kind, this.#ctx.tags.label)) this.#onOutcome(outcome);
    const newest = newestDate(records);
    if (newest && Date.parse(newest) > Date.parse(checkpoint.historySince)) checkpoint.historySince = newest;
    await this.#settlePending(startedAt);
  }

  /**
   * Downloads that left the queue without an outcome in history: removed once the grace period has
   * passed, a history read happened since they left, and a queue read after the grace period
   * confirmed them gone.
   */
  async #settlePending(startedAt: number): Promise<void> {
    const { clock, settings, emitter, scheduler } = this.#ctx;
    const checkpoint = this.#ctx.checkpoint();
    const now = clock.now();
    let nextCheck: number | undefined;
    let confirm = false;
    for (const [id, pending] of Object.entries(checkpoint.pending)) {
      if (emitter.hasFinal(id)) {
        checkpoint.pending = withoutKey(checkpoint.pending, id);
        continue;
      }
      if (pending.leftAt <= startedAt) pending.historyChecked = true;
      const due = pending.leftAt + settings.removedGraceMs;
      if (pending.historyChecked && now >= due && this.#facts.lastQueueReadAt() < due) {
        // Confirm it is still gone with a queue read after the grace period before calling it removed.
        confirm = true;
        nextCheck = Math.min(nextCheck ?? now, now);
        continue;
      }
      if (pending.historyChecked && now >= due) {
        await this.#gone(id, pending.tracked);
        continue;
      }
      nextCheck = nextCheck === undefined ? due : Math.min(nextCheck, due);
    }
    if (confirm) void scheduler.run('queue', 'poll');
    if (nextCheck !== undefined) {
      scheduler.scheduleNoLaterThan('history', Math.max(1000, nextCheck - now));
    } else if (!this.#facts.pushConnected()) {
      // Without push, a download grabbed and imported between two queue reads is seen only here.
      scheduler.schedule('history', this.#cadence.jittered(this.#cadence.intervals().queueIdleMs));
    }
  }

  /**
   * A download gone from the queue with nothing in history. `history/since` inner-joins the media,
   * and the apps delete the history of a deleted movie or series with it (Radarr master:
   * src/NzbDrone.Core/History/HistoryRepository.cs Since, HistoryService.cs Handle(MoviesDeletedEvent);
   * Sonarr main: the same files, SeriesDeletedEvent); neither sends a webhook for a failed download.
   * So when the media is gone, whether the download was imported, failed or removed is unknown: it is
   * removed with `mediaDeleted`, whether the client had finished it, failed it or it simply vanished.
   * An import or failure learnt before (queue, webhook, an earlier history read) was final already.
   */
  async #gone(id: string, tracked: TrackedDownload): Promise<void> {
    const { emitter, reader, logger, name } = this.#ctx;
    const mediaId = tracked.media.movieId ?? tracked.media.seriesId;
    let mediaDeleted = false;
    if (mediaId !== undefined) {
      try {
        mediaDeleted = !(await reader.mediaExists(mediaId));
      } catch (error) {
        // Unknown for now: the next history read decides.
        logger.debug({ instance: name, downloadId: id, error: errorMessage(error) }, 'could not check the media of a download gone from the queue');
        return;
      }
    }
    const checkpoint = this.#ctx.checkpoint();
    if (emitter.hasFinal(id) || ownValue(checkpoint.pending, id) === undefined) return;
    checkpoint.pending = withoutKey(checkpoint.pending, id);
    const removed = { type: 'download.removed' as const, media: tracked.media, download: tracked.download };
    emitter.emit(mediaDeleted ? { ...removed, mediaDeleted } : removed, id, 'history');
  }

  #onOutcome(outcome: HistoryOutcome): void {
    const { emitter } = this.#ctx;
    const checkpoint = this.#ctx.checkpoint();
    const id = outcome.downloadId;
    if (emitter.hasFinal(id)) return;
    const inQueue = ownValue(checkpoint.queue, id);
    const pending = ownValue(checkpoint.pending, id);
    const known = inQueue ?? pending?.tracked;
    // Before the monitor's first run: not news, unless it concerns a download it saw.
    if (!known && outcome.at < checkpoint.baselineAt) return;
    const media = known ? known.media : outcome.media;
    const download: DownloadFacts = known ? { ...outcome.download, ...known.download } : outcome.download;
    if (outcome.kind === 'grabbed') {
      // A download that came and went between two reads is known from history alone.
      emitter.emit({ type: 'download.grabbed', media, download }, id, 'history');
      // Not seen in the queue yet: its outcome is awaited as that of a download that left (a queue
      // read that shows it resumes it), so one that comes and goes before any read is settled too.
      if (!known) checkpoint.pending[id] = { tracked: unseen(id, media, download, this.#ctx.clock.now()), leftAt: this.#ctx.clock.now(), historyChecked: false };
      return;
    }
    if (outcome.kind === 'imported') {
      if (inQueue) {
        // Announced when it leaves the queue: the app may still be importing other files of it.
        const before = ownValue(checkpoint.imports, id);
        checkpoint.imports[id] = { ...before, at: outcome.at, media, download, isUpgrade: outcome.isUpgrade || before?.isUpgrade === true };
        return;
      }
      const evidence = ownValue(checkpoint.imports, id);
      checkpoint.pending = withoutKey(checkpoint.pending, id);
      checkpoint.imports = withoutKey(checkpoint.imports, id);
      emitter.imported(media, download, outcome.isUpgrade || evidence?.isUpgrade === true, 'history');
      return;
    }
    if (inQueue) inQueue.failed = true;
    checkpoint.pending = withoutKey(checkpoint.pending, id);
    emitter.failed(media, download, outcome.reason ?? 'download failed', 'history');
  }
}

/** A download known from its grab in history, not seen in the queue. */
function unseen(downloadId: string, media: MediaFacts, download: DownloadFacts, now: number): TrackedDownload {
  return { downloadId, state: 'queued', media, download, firstSeenAt: now, completed: false, failed: false, importBlocked: false, stalled: false, stallCount: 0 };
}
