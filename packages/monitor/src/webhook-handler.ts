/**
 * A node:http request handler for Radarr and Sonarr webhooks (Settings > Connect > Webhook).
 * Authenticates by the basic auth password (the apps' Username/Password fields), a `?secret=`
 * query parameter or an `X-Discarr-Secret` header; limits the body; parses it with the SDK's parsers;
 * and hands it to the monitor, which emits its events with the same ids polling would use.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ArrWebhookError, redactSecrets, type Logger } from '@discarr/arr-sdk';
import { DEFAULTS } from './defaults.ts';
import { loggerOf, type Monitor } from './monitor.ts';
import { completeLogger } from './logging.ts';

export interface WebhookHandlerOptions {
  /** Secret of instances that do not configure their own (`push.webhook.secret`). */
  secret?: string;
  /** Largest body accepted; larger ones get 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Where an unexpected failure (answered 500) is logged; default: the monitor's logger. */
  logger?: Logger;
}

/** `(req, res, instanceName?)`: the instance is the argument, else `?instance=`, else the last path segment. */
export type WebhookHandler = (req: IncomingMessage, res: ServerResponse, instanceName?: string) => void;

class HttpProblem extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Compares two secrets in constant time (hashing first so lengths do not leak either). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function presentedSecrets(req: IncomingMessage, url: URL): string[] {
  const out: string[] = [];
  const auth = req.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) out.push(decoded.slice(colon + 1));
  }
  const header = req.headers['x-discarr-secret'];
  if (typeof header === 'string') out.push(header);
  const query = url.searchParams.get('secret');
  if (query !== null) out.push(query);
  return out;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpProblem(413, `body of ${declared} bytes is over the limit of ${limit} bytes`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        reject(new HttpProblem(413, `body is over the limit of ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (done) return;
      done = true;
      reject(error);
    });
  });
}

function instanceOf(monitor: Monitor, url: URL, given: string | undefined): string {
  const names = monitor.instanceNames();
  if (given !== undefined) {
    if (!names.includes(given)) throw new HttpProblem(404, `no instance named "${given}"`);
    return given;
  }
  const query = url.searchParams.get('instance');
  if (query !== null) {
    if (!names.includes(query)) throw new HttpProblem(404, `no instance named "${query}"`);
    return query;
  }
  const last = decodeURIComponent(url.pathname.split('/').filter(Boolean).at(-1) ?? '');
  if (names.includes(last)) return last;
  const withWebhook = names.filter((name) => monitor.webhookSecret(name) !== undefined);
  const [only] = withWebhook;
  if (withWebhook.length === 1 && only !== undefined) return only;
  throw new HttpProblem(404, `say which instance sent this: end the webhook URL with its name or add ?instance=<name> (one of ${names.join(', ')})`);
}

/**
 * Creates the handler.
 *
 * @example
 * ```ts
 * const handle = createWebhookHandler(monitor, { secret: process.env.WEBHOOK_SECRET });
 * http.createServer((req, res) => handle(req, res)).listen(8080);
 * // In Radarr: Settings > Connect > Webhook, URL http://bot:8080/webhook/radarr-4k, password = the secret
 * ```
 */
export function createWebhookHandler(monitor: Monitor, options: WebhookHandlerOptions = {}): WebhookHandler {
  const limit = options.maxBodyBytes ?? DEFAULTS.maxWebhookBodyBytes;
  const logger = options.logger ? completeLogger(options.logger) : loggerOf(monitor);
  const handle = async (req: IncomingMessage, res: ServerResponse, instanceName?: string): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'POST' && req.method !== 'PUT') {
      req.resume();
      send(res, 405, { error: 'use POST (or PUT), as Radarr and Sonarr do' }, { allow: 'POST, PUT' });
      return;
    }
    const name = instanceOf(monitor, url, instanceName);
    const configured = monitor.webhookSecret(name) ?? options.secret;
    if (configured === undefined) {
      throw new HttpProblem(403, `webhooks are not enabled for "${name}": set push.webhook.secret for it, or a secret in createWebhookHandler`);
    }
    if (!presentedSecrets(req, url).some((given) => sameSecret(given, configured))) {
      req.resume();
      send(
        res,
        401,
        { error: 'wrong or missing secret: put it in the webhook Password field (basic auth), or add ?secret=<secret> to the URL' },
        { 'www-authenticate': 'Basic realm="discarr", charset="UTF-8"' },
      );
      return;
    }
    const body = await readBody(req, limit);
    let result;
    try {
      result = monitor.ingestWebhook(name, body);
    } catch (error) {
      if (error instanceof ArrWebhookError) throw new HttpProblem(400, error.message);
      throw error;
    }
    if (result.eventType === 'Test') send(res, 200, { ok: true, instance: name, eventType: 'Test' });
    else send(res, 202, { ok: true, instance: name, eventType: result.eventType, events: result.emitted });
  };
  return (req, res, instanceName) => {
    handle(req, res, instanceName).catch((error: unknown) => {
      if (error instanceof HttpProblem) {
        req.resume();
        send(res, error.status, { error: error.message });
        return;
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      const secrets = [options.secret, ...monitor.instanceNames().map((n) => monitor.webhookSecret(n))].filter((x): x is string => x !== undefined && x !== '');
      logger.error(
        { instance: instanceName, method: req.method, path: url.pathname, error: redactSecrets(error instanceof Error ? error.message : String(error), secrets) },
        'webhook failed unexpectedly; answered 500',
      );
      req.resume();
      send(res, 500, { error: 'internal error while taking the webhook' });
    });
  };
}

