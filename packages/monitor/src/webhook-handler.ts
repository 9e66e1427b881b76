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
import { MonitorNotRunningError } from './errors.ts';
import { loggerOf, type Monitor } from './monitor.ts';
import { completeLogger } from './logging.ts';

/** Options of `createWebhookHandler`. */
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

/**
 * The forms in which an app can send `secret`: as is, and, when it holds a character ISO-8859-1
 * lacks, as .NET's ISO-8859-1 encoder writes it (each such character becomes `?`).
 */
function acceptedForms(secret: string): string[] {
  // eslint-disable-next-line no-control-regex -- the whole ISO-8859-1 range, control characters included
  const lossy = secret.replace(/[^\u0000-\u00ff]/gu, '?');
  return lossy === secret ? [secret] : [secret, lossy];
}

/**
 * The secrets a request presents. Radarr and Sonarr encode the basic auth credentials as ISO-8859-1
 * (Radarr master and Sonarr main: src/NzbDrone.Common/Http/Dispatchers/ManagedHttpDispatcher.cs),
 * other clients mostly as UTF-8: the password is taken both ways.
 */
function presentedSecrets(req: IncomingMessage, url: URL): string[] {
  const out: string[] = [];
  const auth = req.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const bytes = Buffer.from(auth.slice(6), 'base64');
    for (const encoding of ['latin1', 'utf8'] as const) {
      const decoded = bytes.toString(encoding);
      const colon = decoded.indexOf(':');
      if (colon >= 0 && !out.includes(decoded.slice(colon + 1))) out.push(decoded.slice(colon + 1));
    }
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

/** Instance names are matched without case (`/webhook/Radarr` is the instance `radarr`). */
function instanceOf(monitor: Monitor, url: URL, given: string | undefined): string {
  const names = monitor.instanceNames();
  const named = (name: string): string | undefined => names.find((known) => known.toLowerCase() === name.toLowerCase());
  if (given !== undefined) return named(given) ?? notFound(given);
  const query = url.searchParams.get('instance');
  if (query !== null) return named(query) ?? notFound(query);
  const last = named(safeDecode(url.pathname.split('/').filter(Boolean).at(-1) ?? ''));
  if (last !== undefined) return last;
  const withWebhook = names.filter((name) => monitor.webhookSecret(name) !== undefined);
  const [only] = withWebhook;
  if (withWebhook.length === 1 && only !== undefined) return only;
  throw new HttpProblem(404, `say which instance sent this: end the webhook URL with its name or add ?instance=<name> (one of ${names.join(', ')})`);
}

function notFound(name: string): never {
  throw new HttpProblem(404, `no instance named ${JSON.stringify(name.slice(0, 64))}`);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
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
    const accepted = acceptedForms(configured);
    if (!presentedSecrets(req, url).some((given) => accepted.some((form) => sameSecret(given, form)))) {
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
      if (error instanceof MonitorNotRunningError) {
        send(res, 503, { error: `${error.message}; try again later` }, { 'retry-after': String(error.retryAfterSeconds) });
        return;
      }
      throw error;
    }
    if (result.eventType === 'Test') send(res, 200, { ok: true, instance: result.instance, eventType: 'Test' });
    else send(res, 202, { ok: true, instance: result.instance, eventType: result.eventType, events: result.emitted, ...(result.held ? { held: true } : {}) });
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

