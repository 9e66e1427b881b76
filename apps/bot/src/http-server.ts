/**
 * The bot's HTTP server (node:http): `/healthz` for Docker and orchestrators, `/metrics` for
 * Prometheus, and `/webhook/<instance>` for Radarr and Sonarr's Connect > Webhook. Anything else
 * is a 404.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MonitorSnapshot, StoreWriteStatus } from '@discarr/monitor';
import type { Logger } from 'pino';
import type { BotMetrics } from './contracts.ts';

/** Instance names are compared without case everywhere (config, routes, `/webhook/<name>`). */
export function sameInstanceName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export type WebhookHandler = (req: IncomingMessage, res: ServerResponse, instanceName?: string) => void;

export interface HealthReport {
  status: 'ok' | 'down';
  discord: 'connected' | 'disconnected' | 'disabled';
  instances: Record<string, { state: string; version?: string; lastError?: string }>;
  /** Whether the state file is written; absent when the store cannot fail. */
  state?: { writable: true } | { writable: false; error: string; since: string };
  /** What is down, in words; empty when healthy. */
  down: string[];
}

/**
 * Healthy when Discord is connected (or not used, in the demo), every instance answered its last
 * check and the state file is written. An instance not contacted yet counts as down: the
 * container's start period covers it.
 */
export function healthOf(discord: HealthReport['discord'], snapshot: MonitorSnapshot, store?: StoreWriteStatus): HealthReport {
  const down: string[] = [];
  if (discord === 'disconnected') down.push('discord: not connected to the gateway');
  const instances: HealthReport['instances'] = {};
  for (const instance of snapshot.instances) {
    instances[instance.name] = { state: instance.state, version: instance.version, lastError: instance.lastError };
    if (instance.state !== 'up') {
      const reason = instance.state === 'unknown' ? 'not contacted yet' : instance.state === 'authFailed' ? 'API key rejected' : 'unreachable';
      down.push(`${instance.name}: ${reason}${instance.lastError ? ` (${instance.lastError})` : ''}`);
    }
  }
  let state: HealthReport['state'];
  if (store?.ok === false) {
    state = { writable: false, error: store.reason, since: new Date(store.since).toISOString() };
    down.push(`state: the state file cannot be written (${store.reason}) since ${state.since}; the state is kept in memory and the write retried`);
  } else if (store) state = { writable: true };
  return { status: down.length === 0 ? 'ok' : 'down', discord, instances, state, down };
}

/** The server's limits against slow or greedy clients; every one set explicitly. */
export interface HttpLimits {
  /** A client must send its whole request head within this. Default 10 000. */
  headersTimeoutMs: number;
  /** And its whole request within this. Default 30 000. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. Default 5 000. */
  keepAliveTimeoutMs: number;
  /** How often the two timeouts above are checked (Node's default, 30 s, enforces them up to 30 s late). Default 250. */
  checkIntervalMs: number;
  /** Connections open at once; more are refused. Default 256. */
  maxConnections: number;
}

export const HTTP_LIMITS: HttpLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, checkIntervalMs: 250, maxConnections: 256 };

export interface HttpServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  metrics: BotMetrics;
  health: () => HealthReport;
  /** The monitor's webhook receiver; webhooks answer 404 without it. */
  webhook?: WebhookHandler;
  /** Names accepted after `/webhook/`, compared without case (the instance's own spelling is passed on). */
  instanceNames: () => readonly string[];
  logger: Logger;
  /** Default `HTTP_LIMITS`. */
  limits?: Partial<HttpLimits>;
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
        let report: HealthReport;
        try {
          report = options.health();
        } catch (error) {
          // Never a 500: a report that cannot be made yet (the bot is starting) is a 503 that says so.
          sendJson(res, 503, { status: 'starting', down: [`the bot is starting (${error instanceof Error ? error.message : String(error)})`] });
          return;
        }
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
      const instance = known.find((candidate) => sameInstanceName(candidate, name));
      if (instance === undefined || options.webhook === undefined) {
        sendJson(res, 404, { error: `no instance named "${name}" accepts webhooks here`, instances: options.webhook ? known : [] });
        return;
      }
      // Radarr and Sonarr's webhook connection sends with POST or PUT (its Method setting).
      if (method !== 'POST' && method !== 'PUT') {
        res.setHeader('allow', 'POST, PUT');
        sendJson(res, 405, { error: `webhooks are sent with POST or PUT; got ${method}` });
        return;
      }
      options.webhook(req, res, instance);
      return;
    }
    sendJson(res, 404, { error: `nothing at ${path}`, paths: ['/healthz', '/metrics', '/webhook/<instance>'] });
  };

  const limits = { ...HTTP_LIMITS, ...options.limits };
  const serverOptions = { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, keepAliveTimeout: limits.keepAliveTimeoutMs, connectionsCheckingInterval: limits.checkIntervalMs };
  const server = createServer(serverOptions, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, path: req.url }, 'HTTP request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error; see the bot log' });
      else res.destroy();
    });
  });
  server.maxConnections = limits.maxConnections;

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
