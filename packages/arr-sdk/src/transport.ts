/**
 * The request pipeline every client call goes through (installed as openapi-fetch's `fetch`):
 * API key header, per-client p-queue, coalescing and cache, timeout, retries, and classification of
 * answers that are not the API (redirects, HTML, cut-off JSON) into typed errors.
 */
import { BodyTooLarge, readBodyText } from './body-reader.ts';
import { ArrBaseUrlError, ArrNetworkError, ArrResponseTooLargeError, ArrTimeoutError, type ArrErrorContext } from './errors.ts';
import { redactPath, redactSecrets } from './redact.ts';
import type { Logger } from './logger.ts';
import type { RequestLimiter } from './request-limiter.ts';
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

export interface TransportOptions {
  instance: string;
  apiKey: string;
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  timeoutMs: number;
  longTimeoutMs: number;
  deadlineMs: number | undefined;
  maxResponseBytes: number;
  retry: ResolvedRetryPolicy;
  queue: RequestLimiter;
  cache: ResponseCache;
  userAgent: string;
  signal: AbortSignal | undefined;
  logger: Logger | undefined;
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

/** One request as the transport takes it. */
export interface SendInput {
  method: string;
  url: URL;
  body?: string | undefined;
  /** Extra headers (openapi-fetch's content type). */
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | null | undefined;
  /** Timeout of one attempt of this call, instead of the client's. */
  timeoutMs?: number | undefined;
  /** Total time this call may take, retries and queue included, instead of the client's `deadlineMs`. */
  deadlineMs?: number | undefined;
  /** Place in this client's queue among waiting requests: higher goes first. Default 0. */
  priority?: number | undefined;
}

/** When a call must be over: `at` on the client's clock, `ms` as configured (for messages). */
interface Deadline {
  at: number;
  ms: number;
}

/** One answer: its JSON already parsed once (`json`), its text kept for errors and replay. */
export interface Answer extends CapturedResponse {
  /** The parsed body when it was JSON; every caller gets its own copy. */
  json: unknown;
}

export interface Transport {
  /** The fast path of the named helpers: no `Request`/`Response` objects, JSON parsed once. */
  send: (input: SendInput) => Promise<Answer>;
  /** The same pipeline as a `fetch`, for openapi-fetch's typed methods. */
  fetch: (request: Request) => Promise<Response>;
}

export function createTransport(options: TransportOptions): Transport {
  const secrets = [options.apiKey];
  const reporting = options.onRequest !== undefined || options.logger?.debug !== undefined;
  const baseHeaders: Record<string, string> = {
    'X-Api-Key': options.apiKey,
    Accept: 'application/json',
    'User-Agent': options.userAgent,
  };

  async function send(input: SendInput): Promise<Answer> {
    const { method, url } = input;
    const started = reporting ? options.now() : 0;
    let attempts = 0;
    // The deadline runs from the call, so time spent waiting in the queue counts too.
    const deadlineMs = input.deadlineMs ?? options.deadlineMs;
    const deadline = deadlineMs === undefined ? undefined : { at: options.now() + deadlineMs, ms: deadlineMs };
    const load = async (): Promise<CapturedResponse> => {
      if (deadline === undefined) return options.queue.run(() => attemptLoop(input, undefined, () => ++attempts), { priority: input.priority });
      // A request still waiting for its turn at the deadline leaves the queue; once it runs, each
      // attempt bounds itself by the deadline.
      const unqueue = new AbortController();
      const timer = setTimeout(() => {
        unqueue.abort();
      }, deadline.ms);
      try {
        return await options.queue.run(() => attemptLoop(input, deadline, () => ++attempts), { priority: input.priority, signal: unqueue.signal });
      } catch (error) {
        if (attempts === 0 && unqueue.signal.aborted) throw new ArrTimeoutError(deadline.ms, contextOf(input), { attempts: 0, limit: 'deadline' });
        throw error;
      } finally {
        clearTimeout(timer);
      }
    };

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
      if (reporting) report(method, url, undefined, started, attempts, false, error);
      throw error;
    }
    if (reporting) report(method, url, captured.status, started, attempts, cached, undefined);
    // A cached or shared answer is parsed again so that no two callers share one object.
    const json = cached || captured.parsed === undefined ? parseOrUndefined(captured) : captured.parsed;
    captured.parsed = undefined;
    return { ...captured, json };
  }

  async function fetchAdapter(request: Request): Promise<Response> {
    const method = request.method.toUpperCase();
    const body = method === 'GET' || method === 'HEAD' ? undefined : await request.text();
    const contentType = request.headers.get('content-type');
    const answer = await send({
      method,
      url: new URL(request.url),
      body,
      headers: contentType ? { 'Content-Type': contentType } : undefined,
      signal: request.signal,
    });
    return replay(answer);
  }

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
    options.logger?.debug?.({ ...event, path: redactPath(url) }, 'arr request');
  }

  function contextOf(input: SendInput): ArrErrorContext {
    return { instance: options.instance, method: input.method, path: redactSecrets(redactPath(input.url), secrets) };
  }

  async function attemptLoop(input: SendInput, deadline: Deadline | undefined, countAttempt: () => number): Promise<CapturedResponse> {
    const retryable = (options.retry.methods as string[]).includes(input.method);
    const first = options.now();
    /** Whether waiting `delay` before another attempt stays within maxTotalMs and the deadline. */
    const mayWait = (delay: number): boolean =>
      options.now() - first + delay <= options.retry.maxTotalMs && (deadline === undefined || options.now() + delay < deadline.at);
    for (;;) {
      const attempt = countAttempt();
      const canRetry = retryable && attempt < options.retry.attempts;
      let captured: CapturedResponse;
      try {
        captured = await attemptOnce(input, attempt, deadline);
      } catch (error) {
        if (error instanceof ArrBaseUrlError || error instanceof ArrResponseTooLargeError || !canRetry || options.signal?.aborted || input.signal?.aborted) throw error;
        if (error instanceof ArrTimeoutError && error.limit === 'deadline') throw error;
        const delay = backoffDelay(options.retry, attempt, options.random);
        if (!mayWait(delay)) throw error;
        options.logger?.warn?.({ instance: options.instance, path: redactPath(input.url), attempt, delayMs: delay, error: (error as Error).name }, 'arr request failed, retrying');
        await options.sleep(delay);
        continue;
      }
      if (canRetry && isRetryableStatus(captured.status, captured.body)) {
        const retryAfter = parseRetryAfter(captured.headers.get('retry-after'), options.now());
        const delay = retryAfter ?? backoffDelay(options.retry, attempt, options.random);
        // A server asking for more than maxDelayMs gets its answer passed on rather than a retry
        // before the time it asked for.
        if (delay <= options.retry.maxDelayMs && mayWait(delay)) {
          options.logger?.warn?.(
            { instance: options.instance, path: redactPath(input.url), status: captured.status, attempt, delayMs: delay },
            'arr request answered with a transient status, retrying',
          );
          await options.sleep(delay);
          continue;
        }
      }
      return captured;
    }
  }

  async function attemptOnce(input: SendInput, attempt: number, deadline: Deadline | undefined): Promise<CapturedResponse> {
    const { method, url, body } = input;
    const attemptMs = input.timeoutMs ?? (method === 'GET' && LONG_LISTS.test(url.pathname) ? options.longTimeoutMs : options.timeoutMs);
    const remaining = deadline === undefined ? Number.POSITIVE_INFINITY : deadline.at - options.now();
    if (deadline !== undefined && remaining <= 0) {
      throw new ArrTimeoutError(deadline.ms, contextOf(input), { attempts: attempt - 1, limit: 'deadline' });
    }
    // The attempt ends at its own timeout or at the deadline, whichever comes first.
    const byDeadline = remaining < attemptMs;
    const timeoutMs = byDeadline ? remaining : attemptMs;
    // One controller and one timer per attempt: much cheaper than AbortSignal.timeout + any.
    const controller = new AbortController();
    const timeout = { fired: false };
    const timer = setTimeout(() => {
      timeout.fired = true;
      controller.abort();
    }, timeoutMs);
    const abort = () => {
      controller.abort();
    };
    const outer = [input.signal, options.signal].filter((s): s is AbortSignal => s != null);
    for (const signal of outer) {
      if (signal.aborted) controller.abort();
      else signal.addEventListener('abort', abort, { once: true });
    }
    const headers = input.headers ? { ...baseHeaders, ...input.headers } : baseHeaders;
    if (body !== undefined && !input.headers?.['Content-Type']) headers['Content-Type'] = 'application/json';

    let response: Response;
    let text: string;
    try {
      response = await options.fetch(url.href, { method, headers, body: body ?? null, redirect: 'manual', signal: controller.signal });
      text = await readBodyText(response, options.maxResponseBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) throw new ArrResponseTooLargeError(options.maxResponseBytes, error.receivedBytes, contextOf(input));
      if (timeout.fired) {
        throw byDeadline && deadline !== undefined
          ? new ArrTimeoutError(deadline.ms, contextOf(input), { attempts: attempt, limit: 'deadline' })
          : new ArrTimeoutError(attemptMs, contextOf(input), { attempts: attempt });
      }
      if (outer.some((s) => s.aborted) && error instanceof Error) throw error;
      const code = networkCode(error);
      const detail = redactSecrets(error instanceof Error ? networkMessage(error) : String(error), secrets);
      throw new ArrNetworkError(`connection failed (${code ?? detail}); check that the instance runs and the URL is right`, code, contextOf(input), error);
    } finally {
      clearTimeout(timer);
      for (const signal of outer) signal.removeEventListener('abort', abort);
    }

    const contentType = response.headers.get('content-type') ?? undefined;
    if (response.status >= 300 && response.status < 400) {
      const location = redactSecrets(redactLocation(response.headers.get('location')), secrets);
      throw new ArrBaseUrlError(`redirected (HTTP ${response.status}) to ${location}`, response.status, contentType, contextOf(input));
    }
    // A server may echo the key in an error ("Invalid API key: ..."): no error body leaves the
    // transport with it, whether it ends in an ArrHttpError or in openapi-fetch's `error`.
    if (response.status >= 400) text = redactSecrets(text, secrets);
    // A proxy's own 502/503/504 page is HTML too, but it is a transient failure to retry, not a
    // wrong URL; so is a 408 or 429. Only other statuses with HTML mean "not the API".
    if (looksLikeHtml(contentType, text) && !isRetryableStatus(response.status, '')) {
      throw new ArrBaseUrlError(`HTML page instead of JSON (HTTP ${response.status})`, response.status, contentType, contextOf(input));
    }
    let parsed: unknown;
    if (text.length > 0 && isJson(contentType)) {
      try {
        parsed = JSON.parse(text);
      } catch {
        if (response.status < 300) throw new ArrNetworkError('the response body was cut off (invalid JSON)', 'INVALID_BODY', contextOf(input));
      }
    }
    return { status: response.status, statusText: response.statusText, headers: response.headers, body: text, parsed };
  }

  return { send, fetch: fetchAdapter };
}

function parseOrUndefined(captured: CapturedResponse): unknown {
  if (captured.body.length === 0) return undefined;
  try {
    return JSON.parse(captured.body);
  } catch {
    return captured.body;
  }
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
