export { createRadarrClient, type RadarrClient, type RadarrSchemas, type RadarrPaths, type RadarrHistorySinceOptions } from './radarr-client.ts';
export { createSonarrClient, type SonarrClient, type SonarrSchemas, type SonarrPaths, type SonarrHistorySinceOptions } from './sonarr-client.ts';
export type { ArrClientOptions } from './options.ts';
export { ArrOptionsError } from './options.ts';
export type { ArrInfo } from './app-info.ts';
export type { ClientStats } from './client-core.ts';
export type { CallOptions } from './call-types.ts';
export type { SharedHelpers } from './shared-helpers.ts';
export type { CommandApi, CommandArgs, WaitOptions } from './commands.ts';
export type { QueueApi, QueueRemoveOptions } from './queue-api.ts';
export type { RadarrDomains, RadarrExclusionApi, MovieEditorApi } from './domains/radarr-domains.ts';
export type { SonarrDomains, SonarrExclusionApi, SeriesEditorApi } from './domains/sonarr-domains.ts';
export type { ManagementApis, TagUsageApi, CustomFormatApi, QualityDefinitionApi } from './domains/management.ts';
export type { MaintenanceApis, BackupApi, UpdateApi } from './domains/maintenance.ts';
export type { PagedListApis, PagedList, LogApi, BlocklistApi } from './domains/paged-lists.ts';
export type { BodyOf, ListQuery, RecordsOf } from './domains/raw-result.ts';
export { ArrCommandFailedError } from './domains/command-failed-error.ts';
export type { RetryPolicy } from './retry.ts';
export type { CacheOptions, CacheStats } from './response-cache.ts';
export type { ArrRequestEvent } from './transport.ts';
export type { Logger } from './logger.ts';
export { maskSecret, redactSecrets } from './redact.ts';
export {
  ArrError,
  ArrHttpError,
  ArrValidationError,
  ArrNotFoundError,
  ArrAuthError,
  ArrBaseUrlError,
  ArrTimeoutError,
  ArrCommandTimeoutError,
  ArrNetworkError,
  ArrResponseTooLargeError,
  ArrCompatibilityError,
  type ArrErrorContext,
  type ArrValidationFailure,
} from './errors.ts';
export {
  parseRadarrWebhook,
  parseSonarrWebhook,
  ArrWebhookError,
  RADARR_WEBHOOK_EVENTS,
  SONARR_WEBHOOK_EVENTS,
  type RadarrWebhookPayload,
  type SonarrWebhookPayload,
} from './webhooks.ts';
export { parseTimeSpan, formatTimeSpan } from './timespan.ts';
