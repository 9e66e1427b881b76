/** Redaction of secrets in URLs: the key must never reach a log line or an error message. */

const SECRET_PARAMS = new Set(['apikey', 'api_key', 'access_token', 'token']);

/** Path and query of a URL with secret query parameters replaced by `***`. */
export function redactPath(url: URL): string {
  const params = new URLSearchParams(url.search);
  for (const key of [...params.keys()]) {
    if (SECRET_PARAMS.has(key.toLowerCase())) params.set(key, '***');
  }
  const query = params.toString();
  return `${url.pathname}${query ? `?${query.replaceAll('%2A', '*')}` : ''}`;
}

/** Removes every occurrence of the given secrets from a text. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.replaceAll(secret, '***');
  }
  return out;
}
