/**
 * Queue records normalised: one `QueueItem` per record, and the records of one download (a season
 * pack is one record per episode, all sharing a `downloadId`) gathered into a `QueueGroup`.
 */
import { parseTimeSpan } from '@discarr/arr-sdk';
import type { QueueRecord } from './arr-records.ts';
import type { DownloadFacts, DownloadState, MediaFacts } from './events.ts';
import { compact, mergeMedia, movieFacts, qualityNameOf, seriesFacts } from './media-facts.ts';
import type { TagLabeler } from './tag-labels.ts';

export interface QueueItem {
  queueId: number;
  /** The download's stable key; `queue-<id>` for a record without a download id (pending release). */
  downloadId: string;
  title: string;
  media: MediaFacts;
  download: DownloadFacts;
  state: DownloadState;
  size: number;
  sizeleft: number;
  /** The app's own estimate, from `timeleft`. */
  timeleftMs?: number;
  messages: string[];
  errorMessage?: string;
  /** The app's words when it leaves a failed download to the user (see {@link unhandledFailureReason}). */
  failureReason?: string;
  /** The app did not grab it (see {@link grabbedByApp}). */
  notGrabbed?: true;
}

export interface QueueGroup {
  downloadId: string;
  items: QueueItem[];
  state: DownloadState;
  size: number;
  sizeleft: number;
  timeleftMs?: number;
  media: MediaFacts;
  download: DownloadFacts;
  messages: string[];
  errorMessage?: string;
  /** The app's words when it leaves a failed download to the user. */
  failureReason?: string;
  /** The app did not grab it: put in the download client directly. */
  notGrabbed?: true;
}

/**
 * A client's own report of a stall. qBittorrent reports `stalledDL` as status `warning` with the
 * message "The download is stalled with no connections" in `errorMessage`, tracked status `ok`
 * and no status messages (Radarr master: src/NzbDrone.Core/Download/Clients/QBittorrent/QBittorrent.cs,
 * Localization/Core/en.json DownloadClientQbittorrentTorrentStateStalled); its other warnings
 * (missing files, an error, DHT disabled) are not stalls.
 */
const STALL_MESSAGE = /\bstalled\b/i;

/** How the app's record fields map to the monitor's state; the tracked state wins over the client status. */
export function stateOf(record: Pick<QueueRecord, 'status' | 'trackedDownloadState' | 'errorMessage' | 'statusMessages'>): DownloadState {
  switch (record.trackedDownloadState) {
    case 'failed':
    case 'failedPending':
      return 'failed';
    case 'importBlocked':
      return 'importBlocked';
    case 'importPending':
      return 'importPending';
    case 'importing':
      return 'importing';
    case 'imported':
      return 'completed';
    default:
      break;
  }
  switch (record.status?.toLowerCase()) {
    case 'downloading':
      return 'downloading';
    case 'queued':
      return 'queued';
    case 'paused':
      return 'paused';
    case 'delay':
      return 'delay';
    case 'completed':
      return 'completed';
    case 'failed':
      return 'failed';
    // A warning is a stall only when the client says so; otherwise no progress over stalledAfterMs decides.
    case 'warning':
      return messagesOf(record).some((message) => STALL_MESSAGE.test(message)) ? 'stalled' : 'warning';
    case 'downloadclientunavailable':
      return 'warning';
    default:
      return 'unknown';
  }
}

/** The app's messages of a record: texts only, whatever shape a server sends. */
function messagesOf(record: Pick<QueueRecord, 'statusMessages' | 'errorMessage'>): string[] {
  const out = statusTextsOf(record);
  const error = record.errorMessage;
  if (typeof error === 'string' && error !== '' && !out.includes(error)) out.push(error);
  return out;
}

/**
 * Why the app leaves a failed download to the user, in its words. A download the app never grabbed
 * (put in the client by hand) that the client reports failed is not processed: the app only warns,
 * its state stays downloading and it stays in the queue, with no downloadFailed history and no
 * webhook, until someone removes it (Radarr master and Sonarr main:
 * src/NzbDrone.Core/Download/FailedDownloadService.cs Check, "Download wasn't grabbed by sonarr,
 * skipping"). Undefined for any other record.
 */
export function unhandledFailureReason(record: Pick<QueueRecord, 'status' | 'trackedDownloadStatus' | 'trackedDownloadState' | 'statusMessages'>): string | undefined {
  if (record.status?.toLowerCase() !== 'failed' || record.trackedDownloadStatus?.toLowerCase() !== 'warning') return undefined;
  if (record.trackedDownloadState !== undefined && record.trackedDownloadState !== 'downloading') return undefined;
  const texts = statusTextsOf(record);
  return texts.length > 0 ? texts.join('; ') : undefined;
}

/** The texts of a record's status messages (a message's title when it has no texts). */
function statusTextsOf(record: Pick<QueueRecord, 'statusMessages'>): string[] {
  const out: string[] = [];
  const statuses: readonly unknown[] = Array.isArray(record.statusMessages) ? record.statusMessages : [];
  for (const status of statuses) {
    if (typeof status !== 'object' || status === null) continue;
    const { title, messages } = status as { title?: unknown; messages?: unknown };
    const texts = Array.isArray(messages) ? (messages as unknown[]).filter((m): m is string => typeof m === 'string') : [];
    if (texts.length === 0 && typeof title === 'string' && title !== '') out.push(title);
    out.push(...texts);
  }
  return out;
}

/** One queue record as the monitor sees it; `labels` resolves the media's tag ids (none when absent). */
export function toQueueItem(record: QueueRecord, kind: 'radarr' | 'sonarr', labels?: TagLabeler): QueueItem {
  const queueId = record.id ?? 0;
  const title = record.title ?? '';
  const media =
    kind === 'radarr'
      ? movieFacts(record.movie, record.movieId, title, labels?.(record.movie?.tags))
      : seriesFacts(record.series, [record.episode], record.seriesId, title, labels?.(record.series?.tags));
  const size = record.size ?? 0;
  const timeleftMs = record.timeleft ? parseTimeSpan(record.timeleft) : undefined;
  return compact<QueueItem>({
    queueId,
    downloadId: record.downloadId ?? `queue-${queueId}`,
    title,
    media,
    download: compact<DownloadFacts>({
      downloadId: record.downloadId ?? `queue-${queueId}`,
      releaseTitle: record.title ?? undefined,
      quality: qualityNameOf(record.quality),
      size,
      indexer: record.indexer ?? undefined,
      downloadClient: record.downloadClient ?? undefined,
      protocol: record.protocol ?? undefined,
    }),
    state: stateOf(record),
    size,
    sizeleft: Math.max(0, record.sizeleft ?? 0),
    timeleftMs: timeleftMs ?? undefined,
    messages: messagesOf(record),
    errorMessage: record.errorMessage ?? undefined,
    failureReason: unhandledFailureReason(record),
    notGrabbed: grabbedByApp(record) ? undefined : true,
  });
}

/**
 * Whether the app grabbed the download of a queue record. The app fills a record's `indexer` and
 * `added` from the download's grab in its history (Radarr master and Sonarr main:
 * src/NzbDrone.Core/Download/TrackedDownloads/TrackedDownloadService.cs TrackDownload,
 * `Indexer = grabbedEvent?.Data["indexer"]`, `Added = grabbedEvent?.Date`); a download put in the
 * client by hand, in the app's category, has neither. A pending release (delayed) has both.
 */
export function grabbedByApp(record: Pick<QueueRecord, 'indexer' | 'added'>): boolean {
  return (typeof record.indexer === 'string' && record.indexer !== '') || (typeof record.added === 'string' && record.added !== '');
}

/** When the records of one download disagree, the one that needs attention decides. */
const STATE_PRIORITY: readonly DownloadState[] = [
  'failed',
  'importBlocked',
  'stalled',
  'warning',
  'downloading',
  'paused',
  'queued',
  'delay',
  'importing',
  'importPending',
  'completed',
  'unknown',
];

export function groupState(states: readonly DownloadState[]): DownloadState {
  for (const state of STATE_PRIORITY) if (states.includes(state)) return state;
  return 'unknown';
}

/** Gathers records by download, keeping the app's queue order of first appearance. */
export function groupQueue(items: readonly QueueItem[]): QueueGroup[] {
  const byId = new Map<string, QueueItem[]>();
  for (const item of items) {
    const list = byId.get(item.downloadId);
    if (list) list.push(item);
    else byId.set(item.downloadId, [item]);
  }
  const groups: QueueGroup[] = [];
  for (const [downloadId, list] of byId) {
    const first = list[0] as QueueItem;
    if (list.length === 1) {
      groups.push(compact<QueueGroup>({ downloadId, items: list, state: first.state, size: first.size, sizeleft: first.sizeleft, timeleftMs: first.timeleftMs, media: first.media, download: first.download, messages: first.messages, errorMessage: first.errorMessage, failureReason: first.failureReason, notGrabbed: first.notGrabbed }));
      continue;
    }
    // The records of a pack each carry the whole download's size (Sonarr reports the release per episode).
    const messages = [...new Set(list.flatMap((i) => i.messages))];
    groups.push(
      compact<QueueGroup>({
        downloadId,
        items: list,
        state: groupState(list.map((i) => i.state)),
        size: first.size,
        sizeleft: Math.max(...list.map((i) => i.sizeleft)),
        timeleftMs: first.timeleftMs,
        media: mergeMedia(list.map((i) => i.media)),
        download: first.download,
        messages,
        errorMessage: list.find((i) => i.errorMessage)?.errorMessage,
        failureReason: list.find((i) => i.failureReason)?.failureReason,
        notGrabbed: list.every((i) => i.notGrabbed === true) ? true : undefined,
      }),
    );
  }
  return groups;
}
