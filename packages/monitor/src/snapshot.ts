/** `monitor.snapshot()`: the current state of every instance, cheap enough for every board render. */
import type { DiskFacts, DownloadFacts, DownloadState, HealthFacts, MediaFacts } from './events.ts';

/** One queue record of an instance, as the monitor last read it. */
export interface QueueItemSnapshot {
  /** The app's queue record id (not stable across a re-grab; use `download.downloadId`). */
  queueId: number;
  /** The release title shown in the app's queue. */
  title: string;
  /** The movie or the episodes it is for. */
  media: MediaFacts;
  /** The download it belongs to. */
  download: DownloadFacts;
  /** The monitor's view of its state. */
  state: DownloadState;
  /** 0 to 100. */
  percent: number;
  /** Total size in bytes. */
  size: number;
  /** Bytes still to download. */
  sizeleft: number;
  /** Smoothed download speed; undefined until two readings exist. */
  speedBytesPerSecond?: number;
  /** Milliseconds left, when known. */
  etaMs?: number;
  /** Status messages the app attached (stalled, import blocked). */
  messages: string[];
}

/** Whether an instance answers: `unknown` until the first status read, `authFailed` when it refuses the key. */
export type ReachabilityState = 'unknown' | 'up' | 'down' | 'authFailed';

/** The current state of one instance. */
export interface InstanceSnapshot {
  /** The instance's configured name. */
  name: string;
  /** The app of the instance. */
  kind: 'radarr' | 'sonarr';
  /** The instance's base address (`InstanceConfig.baseUrl`), without credentials or a trailing slash. */
  baseUrl: string;
  /** Whether it answers. */
  state: ReachabilityState;
  /** The app version it last reported. */
  version?: string;
  /** ISO time of the last successful request. */
  lastContact?: string;
  /** The last error, redacted. */
  lastError?: string;
  /** SignalR connection state (`off` when push is disabled). */
  push: 'connected' | 'connecting' | 'disconnected' | 'off';
  /** Records grouped by nothing: one per queue record, ordered by the app's queue order. */
  queue: QueueItemSnapshot[];
  /** The health items currently raised. */
  health: HealthFacts[];
  /** The disks from the latest disk read. */
  disks: DiskFacts[];
}

/** The result of `monitor.snapshot()`: every instance's current state. */
export interface MonitorSnapshot {
  /** ISO time of the snapshot. */
  at: string;
  /** One per configured instance, in configuration order. */
  instances: InstanceSnapshot[];
}
