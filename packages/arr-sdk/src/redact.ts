/**
 * The workspace's one redactor: secrets must never reach a log line, an error message, a health page
 * or a Discord message. The SDK owns it; the monitor and the bot use it too.
 */

/** What a removed secret is replaced with. */
export const REDACTED = '[redacted]';

/** Query parameters and `name=value` pairs whose value is a secret, in URLs and in free text. */
const SECRET_PAIR = /\b(api_?key|access_token|token|secret|password|passwd)=([^&\s"'\\<>;,]+)/gi;
/** `X-Api-Key: value` as a header line or a JSON member (`"X-Api-Key":"value"`). */
const API_KEY_HEADER = /\b(x-api-key"?\s*[:=]\s*"?)([^\s"',;]+)/gi;
/** Credentials in a URL: `//user:password@host`. */
const URL_CREDENTIALS = /(\/\/)[^/\s:@]+:[^/\s@]+@/g;
/** `Bot <token>` and `Bearer <token>` authorization values. */
const AUTH_VALUE = /\b(Bot|Bearer|Basic) [\w.+/=-]{16,}/g;
/** A Discord bot token: three base64url parts separated by dots. */
const DISCORD_TOKEN_SHAPE = /[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,40}/g;

/** Secrets shorter than this are not searched for literally: they would match ordinary text. */
const MIN_SECRET_LENGTH = 4;

/**
 * `text` without secrets: every occurrence of each given secret (as is and URL-encoded), every
 * `apikey=`, `api_key=`, `token=`, `access_token=`, `secret=` and `password=` value, `X-Api-Key`
 * header values, credentials in URLs (`//user:pass@`), `Bot`/`Bearer`/`Basic` authorization values
 * and anything shaped like a Discord bot token. Each is replaced by `[redacted]`.
 *
 * @example
 * ```ts
 * redactSecrets('Invalid API key: 0123abcd (GET /api?apikey=0123abcd)', ['0123abcd']);
 * // 'Invalid API key: [redacted] (GET /api?apikey=[redacted])'
 * ```
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    out = out.replaceAll(secret, REDACTED);
    // A no-op when encoding changes nothing.
    out = out.replaceAll(encodeURIComponent(secret), REDACTED);
  }
  return out
    .replace(SECRET_PAIR, (_, name: string) => `${name}=${REDACTED}`)
    .replace(API_KEY_HEADER, (_, name: string) => `${name}${REDACTED}`)
    .replace(URL_CREDENTIALS, `$1${REDACTED}@`)
    .replace(AUTH_VALUE, `$1 ${REDACTED}`)
    .replace(DISCORD_TOKEN_SHAPE, REDACTED);
}

const SECRET_PARAMS = new Set(['apikey', 'api_key', 'access_token', 'token', 'secret', 'password']);

/** Path and query of a URL with secret query parameters replaced by `***`. */
export function redactPath(url: URL): string {
  const params = new URLSearchParams(url.search);
  for (const key of [...params.keys()]) {
    if (SECRET_PARAMS.has(key.toLowerCase())) params.set(key, '***');
  }
  const query = params.toString();
  return `${url.pathname}${query ? `?${query.replaceAll('%2A', '*')}` : ''}`;
}

/**
 * A secret as it may be shown to its owner (a summary, a CLI banner): its first and last two
 * characters when it is long enough that this reveals nothing useful (`ab…yz`), otherwise `***`.
 * Where a secret may appear in free text, use {@link redactSecrets} instead.
 *
 * @example
 * ```ts
 * maskSecret('0123456789abcdef0123456789abcdef'); // '01…ef'
 * ```
 */
export function maskSecret(value: unknown): string {
  if (typeof value !== 'string' || value.length < 12) return '***';
  return `${value.slice(0, 2)}…${value.slice(-2)}`;
}
