/**
 * What differs between Radarr and Sonarr, seen from the shared model: the media a download is for,
 * its queue and history fields, its webhooks and the app's own commands.
 */
import type { QualityDefinition } from '../library/qualities.ts';
import type { Random } from '../random.ts';
import type { BlocklistEntry } from './blocklist.ts';
import type { CommandEntity } from './commands.ts';
import type { Download, DownloadTarget } from './download.ts';
import type { HistoryEntry } from './history.ts';
import type { QueueMedia } from './queue-records.ts';

export type AppKind = 'radarr' | 'sonarr';
export type Json = Record<string, unknown>;

/** What differs between Radarr and Sonarr, seen from the shared model. */
export interface MediaApp {
  readonly kind: AppKind;
  /**
   * The media parts of a target's queue records: one for a movie, one per episode for Sonarr, one
   * without media fields for an unknown download.
   */
  queueMedia(target: DownloadTarget, query: URLSearchParams): QueueMedia[];
  /** The history targets of a download: `{movieId}` or one `{seriesId, episodeId}` per episode. */
  historyTargets(target: DownloadTarget): Pick<HistoryEntry, 'movieId' | 'seriesId' | 'episodeId'>[];
  historyJson(entry: HistoryEntry, query: URLSearchParams): Json;
  /** True while the entry's movie (or series and episode) is in the library: history is read joined to it. */
  hasMedia(entry: Pick<HistoryEntry, 'movieId' | 'seriesId' | 'episodeId'>): boolean;
  blocklistJson(entry: BlocklistEntry): Json;
  /** A release name for the target, as an indexer would list it. */
  releaseTitle(target: DownloadTarget, quality: QualityDefinition, group: string): string;
  /** A realistic size for the target at that quality. */
  releaseSize(target: DownloadTarget, quality: QualityDefinition, random: Random): number;
  grabbed(download: Download, at: number): void;
  imported(download: Download, at: number): void;
  importBlocked(download: Download, at: number): void;
  /** The search command for a target (`MoviesSearch`, `EpisodeSearch`), as a failed download's redownload queues it. */
  searchCommand(target: DownloadTarget): { name: string; body: Record<string, unknown> } | undefined;
  /** Runs an app command when it starts; returns false when the name is not the app's. */
  runCommand(command: CommandEntity): boolean;
  /**
   * A random target for a scenario: not in the queue; `seasonPack` asks Sonarr for a whole season.
   * Undefined when nothing is left to grab.
   */
  pickTarget(random: Random, options: { seasonPack?: boolean }): DownloadTarget | undefined;
  /** Media kinds to signal `updated` for after an import or delete (`movie`, `series`, `episode`). */
  readonly mediaSignals: readonly string[];
}
