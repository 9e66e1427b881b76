export { startRadarrSimulator, RADARR_VERSION, type RadarrControl, type RadarrControlExtras, type RadarrSimulator } from './radarr/index.ts';
export type { SimulatorOptions, SimulatorControl, SimulatorHandle, GrabInput, GrabbedDownload, PendingReleaseHandle } from './simulator.ts';
export { createVirtualClock, createRealtimeClock, DEFAULT_START_MS, type SimClock, type VirtualClock, type RealtimeClock, type RealtimeClockOptions } from './clock.ts';
export type { RefreshCadence } from './model/refresh-schedule.ts';
export { SCENARIO_NAMES, type ScenarioName } from './scenarios.ts';
export type { DownloadFate, DownloadTarget } from './model/download.ts';
export type { FaultInjector, FaultKind, FaultRule } from './faults/fault-injector.ts';
export type { WebhookDispatcher, WebhookTarget } from './push/webhooks.ts';
export { startSonarrSimulator, SONARR_VERSION, type SonarrControl, type SonarrControlExtras, type SonarrSimulator } from './sonarr/index.ts';
