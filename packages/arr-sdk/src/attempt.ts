/**
 * One HTTP attempt: the key and headers, a timer (the attempt's timeout or the call's deadline,
 * whichever ends first), the body read within `maxResponseBytes`, and the classification of
 * answers that are not the API (redirects, HTML, cut-off JSON) into typed errors. No key leaves it
 * in an error body, a message or a Location.
 */
import { BodyTooLarge, readBodyBytes, readBodyText } from './body-reader.ts';
import { ArrBaseUrlError, ArrNetworkError, ArrResponseTooLargeError, ArrTimeoutError, type ArrErrorContext } from './errors.ts';
import { redactPath, redactSecrets } from './redact.ts';
import type { CapturedResponse } from './response-cache.ts';
import { isRetryableStatus } from './retry.ts';

/** When a call must be over: `at` on the client's clock, `ms` as configured (for messages). */
export interface Deadline {
  at: number;
  ms: number;
}

/** What one attempt sends. */
export interface AttemptInput {
  method: string;
  /** The absolute URL. */
  url: string;
  body?: string | undefined;
  /** Extra headers, such as a content type other than JSON. */
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | null | undefined;
  /** Timeout of this attempt; the client's `timeoutMs` when absent. */
  timeoutMs?: number | undefined;
  /** Keep the body as bytes (a file, an image) rather than text. */
  binary?: boolean | undefined;
}

export interface AttemptOptions {
  instance: string;
  apiKey: string;
  userAgent: string;
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  timeoutMs: number;
  maxResponseBytes: number;
  signal: AbortSignal | undefined;
  now: () => number;
}

const NO_SIGNALS: readonly AbortSignal[] = [];

export type Attempt = (input: AttemptInput, attempt: number, deadline: Deadline | undefined) => Promise<CapturedResponse>;

/** The error context of a call: instance, method and the path with every secret removed. */
export function errorContext(instance: string, method: string, url: string, secrets: readonly string[]): ArrErrorContext {
  return { instance, method, path: redactSecrets(redactPath(new URL(url)), secrets) };
}

export function createAttempt(options: AttemptOptions): Attempt {
  const secrets = [options.apiKey];
  const baseHeaders: Record<string, string> = { 'X-Api-Key': options.apiKey, Accept: 'application/json', 'User-Agent': options.userAgent };
  const contextOf = (input: AttemptInput) => errorContext(options.instance, input.method, input.url, secrets);

  return async function attempt(input, attemptNumber, deadline) {
    const attemptMs = input.timeoutMs ?? options.timeoutMs;
    const remaining = deadline === undefined ? Number.POSITIVE_INFINITY : deadline.at - options.now();
    if (deadline !== undefined && remaining <= 0) throw new ArrTimeoutError(deadline.ms, contextOf(input), { attempts: attemptNumber - 1, limit: 'deadline' });
    // The attempt ends at its own timeout or at the deadline, whichever comes first.
    const byDeadline = remaining < attemptMs;
    // One controller and one timer per attempt: much cheaper than AbortSignal.timeout + any.
    const controller = new AbortController();
    const timeout = { fired: false };
    const timer = setTimeout(
      () => {
        timeout.fired = true;
        controller.abort();
      },
      byDeadline ? remaining : attemptMs,
    );
    const abort = () => {
      controller.abort();
    };
    // Most calls carry no signal: no array, no listeners.
    const outer = input.signal == null && options.signal === undefined ? NO_SIGNALS : [input.signal, options.signal].filter((s): s is AbortSignal => s != null);
    for (const signal of outer) {
      if (signal.aborted) controller.abort();
      else signal.addEventListener('abort', abort, { once: true });
    }
    // The shared base headers are never mutated: a body gets its own copy with a content type.
    let headers = baseHeaders;
    if (input.headers !== undefined || input.body !== undefined) {
      headers = { ...baseHeaders, ...input.headers };
      if (input.body !== undefined && headers['Content-Type'] === undefined && headers['content-type'] === undefined) headers['Content-Type'] = 'application/json';
    }

    let response: Response;
    let body: string | Uint8Array;
    try {
      response = await options.fetch(input.url, { method: input.method, headers, body: input.body ?? null, redirect: 'manual', signal: controller.signal });
      body = input.binary === true && response.status < 300 ? await readBodyBytes(response, options.maxResponseBytes) : await readBodyText(response, options.maxResponseBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) throw new ArrResponseTooLargeError(options.maxResponseBytes, error.receivedBytes, contextOf(input));
      if (timeout.fired) {
        throw byDeadline && deadline !== undefined
          ? new ArrTimeoutError(deadline.ms, contextOf(input), { attempts: attemptNumber, limit: 'deadline' })
          : new ArrTimeoutError(attemptMs, contextOf(input), { attempts: attemptNumber });
      }
      if (outer.some((s) => s.aborted) && error instanceof Error) throw error;
      const code = networkCode(error);
      const detail = redactSecrets(error instanceof Error ? networkMessage(error) : String(error), secrets);
      throw new ArrNetworkError(`connection failed (${code ?? detail}); check that the instance runs and the URL is right`, code, contextOf(input), error);
    } finally {
      clearTimeout(timer);
      for (const signal of outer) signal.removeEventListener('abort', abort);
    }
    return classify(response, body, () => contextOf(input), secrets);
  };
}

/** The answer as the pipeline keeps it, or the typed error of an answer that is not the API's. */
function classify(response: Response, body: string | Uint8Array, contextOf: () => ArrErrorContext, secrets: readonly string[]): CapturedResponse {
  const { status } = response;
  const contentType = response.headers.get('content-type') ?? undefined;
  if (status >= 300 && status < 400) {
    const location = redactSecrets(redactLocation(response.headers.get('location')), secrets);
    throw new ArrBaseUrlError(`redirected (HTTP ${status}) to ${location}`, status, contentType, contextOf());
  }
  if (typeof body !== 'string') return { status, statusText: response.statusText, headers: response.headers, body: '', bytes: body };
  // A server may echo the key in an error ("Invalid API key: ..."): no error body leaves the
  // pipeline with it, whether it ends in an ArrHttpError or in the `error` of a typed call.
  const text = status >= 400 ? redactSecrets(body, secrets) : body;
  // A proxy's own 502/503/504 page is HTML too, but it is a transient failure to retry, not a
  // wrong URL; so is a 408 or 429. Only other statuses with HTML mean "not the API".
  if (looksLikeHtml(contentType, text) && !isRetryableStatus(status, '')) {
    throw new ArrBaseUrlError(`HTML page instead of JSON (HTTP ${status})`, status, contentType, contextOf());
  }
  let parsed: unknown;
  if (text.length > 0 && isJson(contentType)) {
    try {
      parsed = JSON.parse(text);
    } catch {
      if (status < 300) throw new ArrNetworkError('the response body was cut off (invalid JSON)', 'INVALID_BODY', contextOf());
    }
  }
  return { status, statusText: response.statusText, headers: response.headers, body: text, parsed };
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
