/**
 * The bot's HTTP server (node:http): `/healthz` for Docker and orchestrators, `/metrics` for
 * Prometheus, and `/webhook/<instance>` for Radarr and Sonarr's Connect > Webhook. Anything else
 * is a 404.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MonitorSnapshot } from '@discarr/monitor';
import type { Logger } from 'pino';
import type { BotMetrics } from './contracts.ts';

export type WebhookHandler = (req: IncomingMessage, res: ServerResponse, instanceName?: string) => void;

export interface HealthReport {
  status: 'ok' | 'down';
  discord: 'connected' | 'disconnected' | 'disabled';
  instances: Record<string, { state: string; version?: string; lastError?: string }>;
  /** What is down, in words; empty when healthy. */
  down: string[];
}

/**
 * Healthy when Discord is connected (or not used, in the demo) and every instance answered its
 * last check. An instance not contacted yet counts as down: the container's start period covers it.
 */
export function healthOf(discord: HealthReport['discord'], snapshot: MonitorSnapshot): HealthReport {
  const down: string[] = [];
  if (discord === 'disconnected') down.push('discord: not connected to the gateway');
  const instances: HealthReport['instances'] = {};
  for (const instance of snapshot.instances) {
    instances[instance.name] = {
      state: instance.state,
      ...(instance.version ? { version: instance.version } : {}),
      ...(instance.lastError ? { lastError: instance.lastError } : {}),
    };
    if (instance.state !== 'up') {
      const reason = instance.state === 'unknown' ? 'not contacted yet' : instance.state === 'authFailed' ? 'API key rejected' : 'unreachable';
      down.push(`${instance.name}: ${reason}${instance.lastError ? ` (${instance.lastError})` : ''}`);
    }
  }
  return { status: down.length === 0 ? 'ok' : 'down', discord, instances, down };
}

export interface HttpServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  metrics: BotMetrics;
  health: () => HealthReport;
  /** The monitor's webhook receiver; webhooks answer 404 without it. */
  webhook?: WebhookHandler;
  /** Names accepted after `/webhook/`. */
  instanceNames: () => readonly string[];
  logger: Logger;
}

export interface BotHttpServer {
  server: Server;
  /** `http://host:port`, with the port actually bound. */
  url: string;
  port: number;
  /** Stops accepting, lets requests in flight finish (at most `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

export async function startHttpServer(options: HttpServerOptions): Promise<BotHttpServer> {
  const { logger } = options;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    if (path === '/healthz' || path === '/metrics') {
      if (method !== 'GET' && method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        sendJson(res, 405, { error: `${method} is not allowed on ${path}; use GET` });
        return;
      }
      if (path === '/healthz') {
        const report = options.health();
        sendJson(res, report.status === 'ok' ? 200 : 503, report);
        return;
      }
      const body = await options.metrics.registry.metrics();
      res.writeHead(200, { 'content-type': options.metrics.registry.contentType, 'cache-control': 'no-store' });
      res.end(method === 'HEAD' ? undefined : body);
      return;
    }
    const webhook = /^\/webhook\/([^/]+)\/?$/.exec(path);
    if (webhook?.[1] !== undefined) {
      let name: string;
      try {
        name = decodeURIComponent(webhook[1]);
      } catch {
        sendJson(res, 400, { error: 'the instance name in the path is not valid URL encoding' });
        return;
      }
      const known = options.instanceNames();
      if (!known.includes(name) || options.webhook === undefined) {
        sendJson(res, 404, { error: `no instance named "${name}" accepts webhooks here`, instances: options.webhook ? known : [] });
        return;
      }
      // Radarr and Sonarr's webhook connection sends with POST or PUT (its Method setting).
      if (method !== 'POST' && method !== 'PUT') {
        res.setHeader('allow', 'POST, PUT');
        sendJson(res, 405, { error: `webhooks are sent with POST or PUT; got ${method}` });
        return;
      }
      options.webhook(req, res, name);
      return;
    }
    sendJson(res, 404, { error: `nothing at ${path}`, paths: ['/healthz', '/metrics', '/webhook/<instance>'] });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, path: req.url }, 'HTTP request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error; see the bot log' });
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  logger.info({ url, host: options.host, port: address.port }, 'HTTP server listening');

  return {
    server,
    url,
    port: address.port,
    close: (graceMs = 5_000) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.closeAllConnections();
        }, graceMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
