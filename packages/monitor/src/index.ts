/**
 * `@discarr/monitor`: the framework-agnostic monitoring engine of Discarr. Radarr and Sonarr
 * instances in, typed events out: push (SignalR, webhooks) with polling as fallback and
 * reconciliation, persisted checkpoints: nothing lost, nothing repeated across a graceful restart,
 * and at least once with stable ids across a hard crash (see the README's Delivery section).
 *
 * @example
 * ```ts
 * import { createMonitor, createFileStore } from '@discarr/monitor';
 *
 * const monitor = createMonitor({
 *   instances: [{ name: 'radarr', kind: 'radarr', baseUrl: 'http://localhost:7878', apiKey: process.env.RADARR_API_KEY! }],
 *   store: createFileStore('./state/monitor.json'),
 * });
 * monitor.on('download.imported', (e) => console.log(`${e.media.title} is ready`));
 * await monitor.start();
 * ```
 *
 * @packageDocumentation
 */
export { createMonitor, type Monitor, type WebhookIngestResult } from './monitor.ts';
export { createWebhookHandler, type WebhookHandler, type WebhookHandlerOptions } from './webhook-handler.ts';
export { createFileStore, StateFileError, type FileStoreFs, type FileStoreOptions } from './file-store.ts';
export { createMemoryStore } from './memory-store.ts';
export { grabbedByApp } from './queue-item.ts';
export { MonitorConfigError, MonitorNotRunningError } from './errors.ts';
export { systemClock, type Clock } from './clock.ts';
export type { StateStore, StoreWriteStatus } from './state-store.ts';
export type { InstanceConfig, MonitorOptions, PollIntervals } from './monitor-options.ts';
export type { Logger } from '@discarr/arr-sdk';
export type { InstanceSnapshot, MonitorSnapshot, QueueItemSnapshot, ReachabilityState } from './snapshot.ts';
export type { ArrClient, InstanceClient } from './arr-reader.ts';
export * from './events.ts';
