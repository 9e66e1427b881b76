/**
 * The counts the apps push with every `queue/status` message (`QueueStatusResource`), and the same
 * counts as the monitor's own queue read sees them. The apps refresh their downloads about once a
 * minute and send, each time, a `queue` sync and (debounced by 5 s) the status with these counts:
 * while nothing is downloading, the counts alone tell whether the queue changed.
 */
import type { RadarrSchemas, SonarrSchemas } from '@discarr/arr-sdk';
import type { QueueRecord } from './arr-records.ts';

/**
 * The counts of the apps' `QueueStatus` resource (the same fields in both documents; `count` is the
 * records matched to the library plus pending releases, what the monitor's queue read returns).
 */
export type QueueCounts = Omit<RadarrSchemas['QueueStatus'], 'id'> & Omit<SonarrSchemas['QueueStatus'], 'id'>;

/** The counts of a `queue/status` resource, or `undefined` when it carries none. */
export function queueCountsOf(resource: unknown): QueueCounts | undefined {
  if (typeof resource !== 'object' || resource === null) return undefined;
  const r = resource as Record<string, unknown>;
  if (typeof r.totalCount !== 'number') return undefined;
  const unknownCount = typeof r.unknownCount === 'number' ? r.unknownCount : 0;
  return {
    totalCount: r.totalCount,
    count: typeof r.count === 'number' ? r.count : r.totalCount - unknownCount,
    unknownCount,
    errors: r.errors === true,
    warnings: r.warnings === true,
    unknownErrors: r.unknownErrors === true,
    unknownWarnings: r.unknownWarnings === true,
  };
}

export function sameCounts(a: QueueCounts, b: QueueCounts): boolean {
  return (
    a.totalCount === b.totalCount &&
    a.count === b.count &&
    a.unknownCount === b.unknownCount &&
    a.errors === b.errors &&
    a.warnings === b.warnings &&
    a.unknownErrors === b.unknownErrors &&
    a.unknownWarnings === b.unknownWarnings
  );
}

/** What a queue read (unknown items left out) saw, in the terms of the pushed counts. */
export interface ReadCounts {
  count: number;
  errors: boolean;
  warnings: boolean;
}

export function readCountsOf(records: readonly QueueRecord[]): ReadCounts {
  return {
    count: records.length,
    errors: records.some((r) => r.trackedDownloadStatus === 'error'),
    warnings: records.some((r) => r.trackedDownloadStatus === 'warning'),
  };
}

/** Whether the pushed counts describe the queue the last read saw. */
export function countsAgree(read: ReadCounts, pushed: QueueCounts): boolean {
  return read.count === pushed.count && read.errors === pushed.errors && read.warnings === pushed.warnings;
}
