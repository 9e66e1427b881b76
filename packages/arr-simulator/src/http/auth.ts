/** API key authentication as Radarr and Sonarr accept it. */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The key a request presents, in the order the apps read it: the `apikey` query parameter (any case)
 * when present, else the `X-Api-Key` header, else `Authorization: Bearer`
 * (Radarr master: src/Radarr.Http/Authentication/ApiKeyAuthenticationHandler.cs, ParseApiKey).
 */
export function presentedApiKey(req: IncomingMessage, query: URLSearchParams): string | undefined {
  for (const [name, value] of query) if (name.toLowerCase() === 'apikey') return value;
  const header = req.headers['x-api-key'];
  if (typeof header === 'string') return header;
  const authorization = req.headers.authorization;
  if (authorization?.toLowerCase().startsWith('bearer ') === true) return authorization.slice(7).trim();
  return undefined;
}

export function isAuthorized(req: IncomingMessage, query: URLSearchParams, apiKey: string): boolean {
  const presented = presentedApiKey(req, query);
  if (presented === undefined) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(apiKey);
  return a.length === b.length && timingSafeEqual(a, b);
}
