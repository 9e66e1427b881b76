/**
 * `@discarr/bot` as a library: start the bot from your own code, or reuse its config loader,
 * logger and metrics. The `discarr` command is the usual way in (see README.md).
 */
export { startBot, SHUTDOWN_FLUSH_MS, type RunningBot, type StartBotOptions } from './app.ts';
export { loadConfig, type LoadConfigOptions, type LoadedConfig } from './config/load-config.ts';
export { ConfigError, type ConfigIssue } from './config/config-error.ts';
export { summarizeConfig } from './config/config-summary.ts';
export { CONFIG_DEFAULTS } from './config/defaults.ts';
export { DISCARR_VARIABLES, LEGACY_VARIABLES } from './config/env-overrides.ts';
export { createLogger, scrubSecrets, secretsOf, type LoggerOptions } from './logging.ts';
export { createMetrics, sdkRequestRecorder } from './metrics.ts';
export { startHttpServer, healthOf, type BotHttpServer, type HealthReport, type HttpServerOptions } from './http-server.ts';
export { monitorOptionsOf } from './monitor-setup.ts';
export type { BotConfig, BotMetrics, MessageSink, OutgoingMessage, RouteConfig } from './contracts.ts';
export { MessageGoneError } from './contracts.ts';
