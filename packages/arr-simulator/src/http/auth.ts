/** API key authentication as Radarr and Sonarr accept it. */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The key a request presents: `X-Api-Key` header, `apikey` query parameter, or `Authorization: Bearer`. */
export function presentedApiKey(req: IncomingMessage, query: URLSearchParams): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  const fromQuery = query.get('apikey') ?? query.get('apiKey');
  if (fromQuery !== null && fromQuery !== '') return fromQuery;
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
