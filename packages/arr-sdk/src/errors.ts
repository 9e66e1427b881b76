/**
 * The SDK's one error hierarchy. Every error names the instance and the operation, and never holds
 * the API key: URLs are redacted before they reach a message.
 */

/** Where a failure happened: which instance, which operation. */
export interface ArrErrorContext {
  /** The instance name given in the client options (defaults to the host). */
  instance: string;
  /** HTTP method of the request. */
  method: string;
  /** Path of the request with the query string redacted (`/api/v3/queue?page=2&apikey=***`). */
  path: string;
}

/** Base class of every error the SDK throws. */
export class ArrError extends Error {
  /** The class name: `ArrError`, or the subclass's. */
  override name = 'ArrError';
  /** The instance name given in the client options (defaults to the host). */
  readonly instance: string;
  /** The HTTP method of the request (`GET`). */
  readonly method: string;
  /** Path of the request, its query string redacted. */
  readonly path: string;

  constructor(message: string, context: ArrErrorContext, options?: { cause?: unknown }) {
    super(`${context.instance}: ${context.method} ${context.path}: ${message}`, options);
    this.instance = context.instance;
    this.method = context.method;
    this.path = context.path;
  }
}

/** The server answered with a status the SDK does not treat more specifically. */
export class ArrHttpError extends ArrError {
  /** Always `'ArrHttpError'`. */
  override name = 'ArrHttpError';
  /** The HTTP status the server answered with. */
  readonly status: number;
  /** The parsed JSON body, or the text when it was not JSON (an `ErrorBody` `{message, description}` usually). */
  readonly body: unknown;

  constructor(status: number, body: unknown, context: ArrErrorContext, message?: string) {
    super(message ?? `HTTP ${status}${describeBody(body)}`, context);
    this.status = status;
    this.body = body;
  }
}

/** One failed validation rule, as Radarr and Sonarr report it with status 400. */
export interface ArrValidationFailure {
  /** The field that failed (`Path`, `QualityProfileId`); empty for a rule about the whole body. */
  propertyName: string;
  /** The app's message for the failure. */
  errorMessage: string;
  /** The value the request sent for the field. */
  attemptedValue?: unknown;
  /** Severity as the app reports it (`error`, `warning`, `info`). */
  severity?: string;
  /** The validator's code (`NotEmptyValidator`). */
  errorCode?: string;
}

/** The server rejected the request body (400 with a list of failures). */
export class ArrValidationError extends ArrHttpError {
  /** Always `'ArrValidationError'`. */
  override name = 'ArrValidationError';
  /** Every failed rule, in the app's order. */
  readonly failures: ArrValidationFailure[];

  constructor(failures: ArrValidationFailure[], context: ArrErrorContext) {
    super(
      400,
      failures,
      context,
      `validation failed: ${failures.map((f) => (f.propertyName ? `${f.propertyName}: ${f.errorMessage}` : f.errorMessage)).join('; ')}`,
    );
    this.failures = failures;
  }
}

/** 404: the resource does not exist (or the path is wrong for this app). */
export class ArrNotFoundError extends ArrHttpError {
  /** Always `'ArrNotFoundError'`. */
  override name = 'ArrNotFoundError';
  constructor(body: unknown, context: ArrErrorContext) {
    super(404, body, context, `not found${describeBody(body)}`);
  }
}

/** 401/403: the API key is missing or wrong. */
export class ArrAuthError extends ArrHttpError {
  /** Always `'ArrAuthError'`. */
  override name = 'ArrAuthError';
  constructor(status: number, context: ArrErrorContext) {
    super(
      status,
      undefined,
      context,
      `HTTP ${status}: the API key was refused; copy it again from Settings > General > Security`,
    );
  }
}

/**
 * The server answered with something that is not the API: a redirect or an HTML page where JSON was
 * expected. Usually a wrong URL, a missing URL base, or a reverse proxy's login page.
 */
export class ArrBaseUrlError extends ArrError {
  /** Always `'ArrBaseUrlError'`. */
  override name = 'ArrBaseUrlError';
  /** The HTTP status of the answer (a 3xx redirect, or 200 with HTML). */
  readonly status: number;
  /** The answer's `Content-Type`, when it had one. */
  readonly contentType: string | undefined;

  constructor(detail: string, status: number, contentType: string | undefined, context: ArrErrorContext) {
    super(
      `${detail}; check the URL and the URL base (Settings > General > URL Base), and that no login page or proxy sits in front of the API`,
      context,
    );
    this.status = status;
    this.contentType = contentType;
  }
}

/**
 * No answer in time: one attempt passed `timeoutMs`, or the whole call passed `deadlineMs`
 * (retries and their waits included). `attempts` says how many attempts were made.
 */
export class ArrTimeoutError extends ArrError {
  /** Always `'ArrTimeoutError'`. */
  override name = 'ArrTimeoutError';
  /** The limit that was passed: `timeoutMs` of one attempt, or `deadlineMs` of the whole call. */
  readonly timeoutMs: number;
  /** Attempts made, the last one included. */
  readonly attempts: number;
  /** Which limit was passed. */
  readonly limit: 'attempt' | 'deadline';

  constructor(timeoutMs: number, context: ArrErrorContext, details: { attempts?: number; limit?: 'attempt' | 'deadline'; message?: string } = {}) {
    const attempts = details.attempts ?? 1;
    const limit = details.limit ?? 'attempt';
    const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
    super(
      details.message ??
        (limit === 'deadline'
          ? `no answer within the deadline of ${timeoutMs} ms (deadlineMs) after ${tries}; raise deadlineMs or check that the instance is responsive`
          : `no answer within ${timeoutMs} ms (timeoutMs, per attempt) after ${tries}; raise timeoutMs or check that the instance is responsive`),
      context,
    );
    this.timeoutMs = timeoutMs;
    this.attempts = attempts;
    this.limit = limit;
  }
}

/**
 * `command.wait` gave up while the command was still running: every poll was answered, the command
 * just had not ended (`status` is `queued` or `started`).
 */
export class ArrCommandTimeoutError extends ArrTimeoutError {
  /** Always `'ArrCommandTimeoutError'`. */
  override name = 'ArrCommandTimeoutError';
  /** The id of the command waited for. */
  readonly commandId: number;
  /** The command's name (`RefreshMovie`), when known. */
  readonly commandName: string | undefined;
  /** The command's last status. */
  readonly status: string;
  constructor(command: { id: number; name?: string | undefined; status: string }, waitedMs: number, polls: number, context: ArrErrorContext) {
    const named = command.name ? ` (${command.name})` : '';
    super(waitedMs, context, {
      attempts: polls,
      message: `command ${command.id}${named} is still ${command.status} after ${waitedMs} ms (${polls} polls answered); wait longer (WaitOptions.timeoutMs) or check System > Tasks in the app`,
    });
    this.commandId = command.id;
    this.commandName = command.name;
    this.status = command.status;
  }
}

/** The connection failed (refused, reset, DNS) or the body was cut off. */
export class ArrNetworkError extends ArrError {
  /** Always `'ArrNetworkError'`. */
  override name = 'ArrNetworkError';
  /** The system error code when there was one (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`, `INVALID_BODY`). */
  readonly code: string | undefined;
  constructor(detail: string, code: string | undefined, context: ArrErrorContext, cause?: unknown) {
    super(detail, context, { cause });
    this.code = code;
  }
}

/**
 * The response body passed `maxResponseBytes`: the transfer was cancelled at the limit, so the
 * process never held more. Not retried.
 */
export class ArrResponseTooLargeError extends ArrError {
  /** Always `'ArrResponseTooLargeError'`. */
  override name = 'ArrResponseTooLargeError';
  /** The limit in force (`maxResponseBytes`). */
  readonly limitBytes: number;
  /** Bytes received, or announced by Content-Length, when the transfer was cancelled. */
  readonly receivedBytes: number;
  constructor(limitBytes: number, receivedBytes: number, context: ArrErrorContext) {
    super(
      `the response passed maxResponseBytes (${limitBytes} bytes; ${receivedBytes} received before it was cut off); if a list of this instance is really that large, raise the client option maxResponseBytes, otherwise check the URL`,
      context,
    );
    this.limitBytes = limitBytes;
    this.receivedBytes = receivedBytes;
  }
}

/** The URL points at another app (a Sonarr given to a Radarr client) or at an unsupported version. */
export class ArrCompatibilityError extends ArrError {
  /** Always `'ArrCompatibilityError'`. */
  override name = 'ArrCompatibilityError';
}

function describeBody(body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') {
    return `: ${body.message.split('\n')[0] ?? ''}`;
  }
  if (typeof body === 'string' && body.length > 0 && body.length < 200 && !body.trimStart().startsWith('<')) {
    return `: ${body}`;
  }
  return '';
}
