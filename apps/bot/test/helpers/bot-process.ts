/**
 * For tests that run `discarr start` as a process against a config file: a free loopback port for
 * its HTTP server, a wait until `/healthz` answers 200, and the config file of a bot whose instances
 * push by webhook only.
 */
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { GUILD, NOTIFY } from './bot-config.ts';

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Resolves once the bot's `/healthz` on `port` answers 200; throws after `timeoutMs`. */
export async function healthy(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`the bot did not become healthy within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** An instance of the config written by {@link writeWebhookConfig}. */
export interface WebhookInstance {
  name: string;
  kind: 'radarr' | 'sonarr';
  url: string;
  apiKey: string;
  /** Its `push.webhook.secret`. */
  secret: string;
}

/**
 * Writes `<dir>/discarr.yml`: the guild of the tests, the instances (no SignalR, webhooks with their
 * secrets), one route of `events` to the notification channel, the burst window, the state path, the
 * HTTP server on 127.0.0.1:`port` and JSON logs at `logLevel`.
 */
export function writeWebhookConfig(dir: string, config: { instances: WebhookInstance[]; events: string[]; burstWindowMs: number; statePath: string; port: number; logLevel: 'debug' | 'info' }): void {
  writeFileSync(
    join(dir, 'discarr.yml'),
    [
      'discord:',
      `  guildIds: ["${GUILD}"]`,
      'instances:',
      ...config.instances.map((one) => `  - { name: ${one.name}, kind: ${one.kind}, baseUrl: "${one.url}", apiKey: "${one.apiKey}", push: { signalr: false, webhook: { secret: "${one.secret}" } } }`),
      'routes:',
      `  - { channel: "${NOTIFY}", events: [${config.events.map((event) => JSON.stringify(event)).join(', ')}] }`,
      `notifications: { burstWindowMs: ${String(config.burstWindowMs)} }`,
      `state: { path: "${config.statePath}" }`,
      `http: { host: 127.0.0.1, port: ${String(config.port)} }`,
      `log: { level: ${config.logLevel}, pretty: false }`,
    ].join('\n'),
  );
}
