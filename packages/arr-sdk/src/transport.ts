/**
 * The one request pipeline every call of a client goes through, typed helpers and raw typed calls
 * alike: coalescing and the cache, the per-client p-queue (with priorities), the deadline, retries
 * with backoff, and one report per call. It knows no endpoint: the caller says which cache group a
 * read belongs to and for how long, what a write makes stale, and how long an attempt may take.
 */
import { createAttempt, errorContext, type AttemptInput, type Deadline } from './attempt.ts';
import { ArrBaseUrlError, ArrResponseTooLargeError, ArrTimeoutError } from './errors.ts';
import type { Logger } from './logger.ts';
import { redactPath } from './redact.ts';
import type { RequestLimiter } from './request-limiter.ts';
import type { CapturedResponse, ResponseCache } from './response-cache.ts';
import { backoffDelay, isRetryableStatus, parseRetryAfter, type ResolvedRetryPolicy } from './retry.ts';

/** What the client reports of every request it made, for logs and metrics. */
export interface ArrRequestEvent {
  /** The instance name of the client. */
  instance: string;
  /** The HTTP method (`GET`). */
  method: string;
  /** Path template of the operation: `/api/v3/queue/{id}`. */
  route: string;
  /** Final status, or undefined when no answer came. */
  status: number | undefined;
  /** Time the call took in milliseconds, retries included. */
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

/** One call as the pipeline takes it. */
export interface SendInput extends AttemptInput {
  /** Path template of the operation, for reports. */
  route: string;
  /** Total time this call may take, queue and retries included, instead of the client's `deadlineMs`. */
  deadlineMs?: number | undefined;
  /** Place in this client's queue among waiting requests: higher goes first. Default 0. */
  priority?: number | undefined;
  /** Cache group and TTL of a read (a TTL of 0 still coalesces identical reads in flight). */
  cache?: { resource: string; ttlMs: number } | undefined;
  /** Cache groups a successful write makes stale. */
  invalidates?: readonly string[] | undefined;
}

/** One answer: its JSON already parsed once (`json`), its text kept for errors. */
export interface Answer extends CapturedResponse {
  /** The parsed body when it was JSON; every caller gets its own copy. */
  json: unknown;
}

export interface Transport {
  send: (input: SendInput) => Promise<Answer>;
}

export function createTransport(options: TransportOptions): Transport {
  const secrets = [options.apiKey];
  const reporting = options.onRequest !== undefined || options.logger?.debug !== undefined;
  const attempt = createAttempt(options);

  async function send(input: SendInput): Promise<Answer> {
    const started = reporting ? options.now() : 0;
    let attempts = 0;
    // The deadline runs from the call, so time spent waiting in the queue counts too.
    const deadlineMs = input.deadlineMs ?? options.deadlineMs;
    const deadline = deadlineMs === undefined ? undefined : { at: options.now() + deadlineMs, ms: deadlineMs };
    const count = () => ++attempts;
    const load = deadline === undefined ? () => options.queue.run(() => attemptLoop(input, undefined, count), { priority: input.priority }) : () => queued(input, deadline, count);

    let captured: CapturedResponse;
    let cached = false;
    try {
      if (input.method === 'GET' && input.cache !== undefined) {
        ({ response: captured, cached } = await options.cache.get(input.cache.resource, input.url, input.cache.ttlMs, load));
      } else {
        captured = await load();
        if (input.invalidates !== undefined && captured.status < 400) options.cache.invalidate(input.invalidates);
      }
    } catch (error) {
      if (reporting) report(input, undefined, started, attempts, false, error);
      throw error;
    }
    if (reporting) report(input, captured.status, started, attempts, cached, undefined);
    // A cached or shared answer is parsed again so that no two callers share one object.
    const json = cached || captured.parsed === undefined ? parseOrUndefined(captured) : captured.parsed;
    captured.parsed = undefined;
    return { ...captured, json };
  }

  /** The attempts of a call once its turn in the queue has come; out of the queue at the deadline. */
  async function queued(input: SendInput, deadline: Deadline, countAttempt: () => number): Promise<CapturedResponse> {
    const unqueue = new AbortController();
    const timer = setTimeout(() => {
      unqueue.abort();
    }, deadline.ms);
    const turn = { started: false };
    try {
      return await options.queue.run(
        () => {
          turn.started = true;
          return attemptLoop(input, deadline, countAttempt);
        },
        { priority: input.priority, signal: unqueue.signal },
      );
    } catch (error) {
      if (!turn.started && unqueue.signal.aborted) {
        throw new ArrTimeoutError(deadline.ms, errorContext(options.instance, input.method, input.url, secrets), { attempts: 0, limit: 'deadline' });
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  function report(input: SendInput, status: number | undefined, started: number, attempts: number, cached: boolean, error: unknown): void {
    const event: ArrRequestEvent = {
      instance: options.instance,
      method: input.method,
      route: input.route,
      status,
      durationMs: options.now() - started,
      attempts: Math.max(attempts, cached ? 0 : 1),
      cached,
    };
    if (error instanceof Error) event.error = error.name;
    options.onRequest?.(event);
    options.logger?.debug?.({ ...event, path: redactPath(new URL(input.url)) }, 'arr request');
  }

  async function attemptLoop(input: SendInput, deadline: Deadline | undefined, countAttempt: () => number): Promise<CapturedResponse> {
    const retryable = (options.retry.methods as string[]).includes(input.method);
    const first = options.now();
    /** Whether waiting `delay` before another attempt stays within maxTotalMs and the deadline. */
    const mayWait = (delay: number): boolean =>
      options.now() - first + delay <= options.retry.maxTotalMs && (deadline === undefined || options.now() + delay < deadline.at);
    const warn = (data: Record<string, unknown>, message: string) => {
      options.logger?.warn?.({ instance: options.instance, path: redactPath(new URL(input.url)), ...data }, message);
    };
    for (;;) {
      const number = countAttempt();
      const canRetry = retryable && number < options.retry.attempts;
      let captured: CapturedResponse;
      try {
        captured = await attempt(input, number, deadline);
      } catch (error) {
        const final = error instanceof ArrBaseUrlError || error instanceof ArrResponseTooLargeError || (error instanceof ArrTimeoutError && error.limit === 'deadline');
        if (final || !canRetry || options.signal?.aborted || input.signal?.aborted) throw error;
        const delay = backoffDelay(options.retry, number, options.random);
        if (!mayWait(delay)) throw error;
        warn({ attempt: number, delayMs: delay, error: (error as Error).name }, 'arr request failed, retrying');
        await options.sleep(delay);
        continue;
      }
      if (canRetry && isRetryableStatus(captured.status, captured.body)) {
        const retryAfter = parseRetryAfter(captured.headers.get('retry-after'), options.now());
        const delay = retryAfter ?? backoffDelay(options.retry, number, options.random);
        // A server asking for more than maxDelayMs gets its answer passed on rather than a retry
        // before the time it asked for.
        if (delay <= options.retry.maxDelayMs && mayWait(delay)) {
          warn({ status: captured.status, attempt: number, delayMs: delay }, 'arr request answered with a transient status, retrying');
          await options.sleep(delay);
          continue;
        }
      }
      return captured;
    }
  }

  return { send };
}

function parseOrUndefined(captured: CapturedResponse): unknown {
  if (captured.body.length === 0) return undefined;
  try {
    return JSON.parse(captured.body);
  } catch {
    return captured.body;
  }
}
