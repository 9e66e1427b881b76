/**
 * The request pipeline every client call goes through (installed as openapi-fetch's `fetch`):
 * API key header, per-client p-queue, coalescing and cache, timeout, retries, and classification of
 * answers that are not the API (redirects, HTML, cut-off JSON) into typed errors.
 */
import type PQueue from 'p-queue';
import { ArrBaseUrlError, ArrNetworkError, ArrTimeoutError, type ArrErrorContext } from './errors.ts';
import { redactPath, redactSecrets } from './redact.ts';
import type { CapturedResponse, ResponseCache } from './response-cache.ts';
import { backoffDelay, isRetryableStatus, parseRetryAfter, type ResolvedRetryPolicy } from './retry.ts';

/** What the client reports of every request it made, for logs and metrics. */
export interface ArrRequestEvent {
  instance: string;
  method: string;
  /** Path template with ids replaced: `/api/v3/queue/{id}`. */
  route: string;
  /** Final status, or undefined when no answer came. */
  status: number | undefined;
  durationMs: number;
  /** Attempts made (1 when not retried). */
  attempts: number;
  /** Answered from the cache or by joining an identical request in flight. */
  cached: boolean;
  /** Name of the error class when the request failed. */
  error?: string;
}

/** A logger hook: any object with these methods (pino, console, ...) works. Keys never reach it. */
export interface ArrLogger {
  debug?(message: string, data?: Record<string, unknown>): void;
  warn?(message: string, data?: Record<string, unknown>): void;
}

export interface TransportOptions {
  instance: string;
  apiKey: string;
  fetch: (request: Request) => Promise<Response>;
  timeoutMs: number;
  longTimeoutMs: number;
  retry: ResolvedRetryPolicy;
  queue: PQueue;
  cache: ResponseCache;
  userAgent: string;
  signal: AbortSignal | undefined;
  logger: ArrLogger | undefined;
  onRequest: ((event: ArrRequestEvent) => void) | undefined;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/** Whole-library lists can take long on a big library: they get `longTimeoutMs`. */
const LONG_LISTS = /\/api\/v3\/(movie|series|episode|moviefile|episodefile|history\/since|calendar|queue\/details|wanted\/\w+)$/;

/** Path template for metrics: numeric segments become `{id}`. */
export function routeOf(pathname: string): string {
  return pathname.replace(/\/\d+(?=\/|$)/g, '/{id}');
}

export type Transport = (request: Request) => Promise<Response>;

export function createTransport(options: TransportOptions): Transport {
  const secrets = [options.apiKey];

  return async function transport(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const context: ArrErrorContext = { instance: options.instance, method, path: redactPath(url) };
    const body = method === 'GET' || method === 'HEAD' ? undefined : await request.text();
    const started = options.now();
    let attempts = 0;

    const load = (): Promise<CapturedResponse> =>
      options.queue.add(() => attemptLoop(request, url, method, body, context, () => ++attempts));

    let captured: CapturedResponse;
    let cached = false;
    try {
      if (method === 'GET') {
        ({ response: captured, cached } = await options.cache.get(url.pathname, url.href, load));
      } else {
        captured = await load();
        if (captured.status < 400) options.cache.invalidate(url.pathname);
      }
    } catch (error) {
      report(method, url, undefined, started, attempts, false, error);
      throw error;
    }
    report(method, url, captured.status, started, attempts, cached, undefined);
    return replay(captured);
  };

  function report(method: string, url: URL, status: number | undefined, started: number, attempts: number, cached: boolean, error: unknown): void {
    const event: ArrRequestEvent = {
      instance: options.instance,
      method,
      route: routeOf(url.pathname),
      status,
      durationMs: options.now() - started,
      attempts: Math.max(attempts, cached ? 0 : 1),
      cached,
    };
    if (error instanceof Error) event.error = error.name;
    options.onRequest?.(event);
    options.logger?.debug?.('arr request', { ...event, path: redactPath(url) });
  }

  async function attemptLoop(
    request: Request,
    url: URL,
    method: string,
    body: string | undefined,
    context: ArrErrorContext,
    countAttempt: () => number,
  ): Promise<CapturedResponse> {
    const retryable = (options.retry.methods as string[]).includes(method);
    const first = options.now();
    for (;;) {
      const attempt = countAttempt();
      const canRetry = retryable && attempt < options.retry.attempts;
      let captured: CapturedResponse;
      try {
        captured = await attemptOnce(request, url, method, body, context);
      } catch (error) {
        if (error instanceof ArrBaseUrlError || !canRetry || options.signal?.aborted) throw error;
        const delay = backoffDelay(options.retry, attempt, options.random);
        if (options.now() - first + delay > options.retry.maxTotalMs) throw error;
        options.logger?.warn?.('arr request failed, retrying', { instance: options.instance, path: context.path, attempt, delayMs: delay, error: (error as Error).name });
        await options.sleep(delay);
        continue;
      }
      if (canRetry && isRetryableStatus(captured.status, captured.body)) {
        const retryAfter = parseRetryAfter(headerOf(captured, 'retry-after'), options.now());
        const delay = Math.min(options.retry.maxDelayMs, retryAfter ?? backoffDelay(options.retry, attempt, options.random));
        if (options.now() - first + delay <= options.retry.maxTotalMs) {
          options.logger?.warn?.('arr request answered with a transient status, retrying', { instance: options.instance, path: context.path, status: captured.status, attempt, delayMs: delay });
          await options.sleep(delay);
          continue;
        }
      }
      return captured;
    }
  }

  async function attemptOnce(request: Request, url: URL, method: string, body: string | undefined, context: ArrErrorContext): Promise<CapturedResponse> {
    const timeoutMs = LONG_LISTS.test(url.pathname) && method === 'GET' ? options.longTimeoutMs : options.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signals = [timeout, request.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
    const signal = AbortSignal.any(signals);
    const headers = new Headers(request.headers);
    headers.set('X-Api-Key', options.apiKey);
    headers.set('Accept', 'application/json');
    headers.set('User-Agent', options.userAgent);
    if (body !== undefined && !headers.has('content-type')) headers.set('Content-Type', 'application/json');

    let response: Response;
    let text: string;
    try {
      response = await options.fetch(new Request(url, { method, headers, body: body ?? null, redirect: 'manual', signal }));
      text = await response.text();
    } catch (error) {
      if (timeout.aborted) throw new ArrTimeoutError(timeoutMs, context);
      if ((request.signal.aborted || options.signal?.aborted) && error instanceof Error) throw error;
      const code = networkCode(error);
      const detail = redactSecrets(error instanceof Error ? networkMessage(error) : String(error), secrets);
      throw new ArrNetworkError(`connection failed (${code ?? detail}); check that the instance runs and the URL is right`, code, context, error);
    }

    const contentType = response.headers.get('content-type') ?? undefined;
    if (response.status >= 300 && response.status < 400) {
      throw new ArrBaseUrlError(`redirected (HTTP ${response.status}) to ${redactLocation(response.headers.get('location'))}`, response.status, contentType, context);
    }
    if (looksLikeHtml(contentType, text)) {
      throw new ArrBaseUrlError(`HTML page instead of JSON (HTTP ${response.status})`, response.status, contentType, context);
    }
    if (response.status >= 200 && response.status < 300 && text.length > 0 && isJson(contentType) && !parses(text)) {
      throw new ArrNetworkError('the response body was cut off (invalid JSON)', 'INVALID_BODY', context);
    }
    return {
      status: response.status,
      statusText: response.statusText,
      headers: [...response.headers.entries()],
      body: text,
    };
  }
}

function headerOf(captured: CapturedResponse, name: string): string | null {
  return captured.headers.find(([key]) => key.toLowerCase() === name)?.[1] ?? null;
}

function replay(captured: CapturedResponse): Response {
  const noBody = captured.status === 204 || captured.status === 205 || captured.status === 304;
  return new Response(noBody ? null : captured.body, {
    status: captured.status,
    statusText: captured.statusText,
    headers: captured.headers,
  });
}

function looksLikeHtml(contentType: string | undefined, text: string): boolean {
  if (contentType?.includes('text/html')) return true;
  return /^\s*<(!doctype|html)/i.test(text);
}

function isJson(contentType: string | undefined): boolean {
  return contentType === undefined || contentType.includes('json');
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function redactLocation(location: string | null): string {
  if (!location) return '(no location)';
  try {
    return redactPath(new URL(location, 'http://x'));
  } catch {
    return '(unparsable location)';
  }
}

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    if (typeof current === 'object' && 'code' in current && typeof current.code === 'string') return current.code;
    current = typeof current === 'object' && 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

function networkMessage(error: Error): string {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
