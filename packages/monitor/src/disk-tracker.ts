/**
 * Disk space thresholds with hysteresis: a disk is low when its free space falls below the absolute
 * or the percent threshold, and ok again only once it is `hysteresisPercent` (of its total) above
 * both, so a disk hovering at the line does not alert on every read.
 */
import type { DiskFacts } from './events.ts';
import { keyedRecord, ownValue } from './records.ts';

export interface DiskThresholds {
  minFreeBytes: number;
  minFreePercent: number;
  hysteresisPercent: number;
}

/** Per path: low since when (persisted in the checkpoint). */
export type DiskState = Record<string, { low: boolean; since: number }>;

export interface DiskChange {
  disk: DiskFacts;
  since: number;
}

export function diskFacts(path: string, freeSpace: number, totalSpace: number, label?: string): DiskFacts {
  const percentFree = totalSpace > 0 ? (freeSpace / totalSpace) * 100 : 100;
  return label ? { path, label, freeSpace, totalSpace, percentFree } : { path, freeSpace, totalSpace, percentFree };
}

export function isLow(disk: DiskFacts, t: DiskThresholds): boolean {
  return disk.freeSpace < t.minFreeBytes || disk.percentFree < t.minFreePercent;
}

export function isOk(disk: DiskFacts, t: DiskThresholds): boolean {
  const margin = (disk.totalSpace * t.hysteresisPercent) / 100;
  return disk.freeSpace >= t.minFreeBytes + margin && disk.percentFree >= t.minFreePercent + t.hysteresisPercent;
}

/** One read of the disks: which became low, which recovered, and the next state. */
export function updateDisks(
  previous: Readonly<DiskState>,
  disks: readonly DiskFacts[],
  thresholds: DiskThresholds,
  now: number,
): { next: DiskState; low: DiskChange[]; ok: DiskChange[] } {
  const next: DiskState = keyedRecord();
  const low: DiskChange[] = [];
  const ok: DiskChange[] = [];
  for (const disk of disks) {
    // A disk without a size (an unmounted share) says nothing about space.
    if (disk.totalSpace <= 0) continue;
    const before = ownValue(previous, disk.path) ?? { low: false, since: now };
    if (!before.low && isLow(disk, thresholds)) {
      next[disk.path] = { low: true, since: now };
      low.push({ disk, since: now });
    } else if (before.low && isOk(disk, thresholds)) {
      next[disk.path] = { low: false, since: now };
      ok.push({ disk, since: before.since });
    } else {
      next[disk.path] = before;
    }
  }
  return { next, low, ok };
}
