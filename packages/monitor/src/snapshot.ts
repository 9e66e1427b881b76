/** `monitor.snapshot()`: the current state of every instance, cheap enough for every board render. */
import type { DiskFacts, DownloadFacts, DownloadState, HealthFacts, MediaFacts } from './events.ts';

export interface QueueItemSnapshot {
  /** The app's queue record id (not stable across a re-grab; use `download.downloadId`). */
  queueId: number;
  title: string;
  media: MediaFacts;
  download: DownloadFacts;
  state: DownloadState;
  /** 0 to 100. */
  percent: number;
  size: number;
  sizeleft: number;
  speedBytesPerSecond?: number;
  etaMs?: number;
  /** Status messages the app attached (stalled, import blocked). */
  messages: string[];
}

export type ReachabilityState = 'unknown' | 'up' | 'down' | 'authFailed';

export interface InstanceSnapshot {
  name: string;
  kind: 'radarr' | 'sonarr';
  /** The instance URL, without credentials. */
  url: string;
  state: ReachabilityState;
  version?: string;
  /** ISO time of the last successful request. */
  lastContact?: string;
  /** The last error, redacted. */
  lastError?: string;
  /** SignalR connection state (`off` when push is disabled). */
  push: 'connected' | 'connecting' | 'disconnected' | 'off';
  /** Records grouped by nothing: one per queue record, ordered by the app's queue order. */
  queue: QueueItemSnapshot[];
  health: HealthFacts[];
  disks: DiskFacts[];
}

export interface MonitorSnapshot {
  /** ISO time of the snapshot. */
  at: string;
  instances: InstanceSnapshot[];
}
