/**
 * Route matching for fault rules and latency. A route is the template the server matched, such as
 * `GET /api/v3/queue/{id}`; a rule names it exactly, by a path prefix (`/api/v3/queue` covers
 * `GET /api/v3/queue` and `DELETE /api/v3/queue/{id}`), by a method and prefix
 * (`GET /api/v3/queue`), or by a regular expression tested against the whole route.
 */

/** A rule's route: undefined matches every route. */
export type RoutePattern = string | RegExp | undefined;

/** True when `pattern` selects `route`. */
export function matchesRoute(pattern: RoutePattern, route: string): boolean {
  if (pattern === undefined) return true;
  // `search` ignores a global regex's lastIndex, so a shared /g pattern cannot skip matches.
  if (pattern instanceof RegExp) return route.search(pattern) !== -1;
  if (pattern === route) return true;
  const wanted = split(pattern);
  const actual = split(route);
  if (wanted.method !== undefined && wanted.method !== actual.method) return false;
  const prefix = wanted.path.endsWith('/') ? wanted.path : `${wanted.path}/`;
  // Prefixes stop at segment boundaries: `/api/v3/queue` must not select `/api/v3/queuex`.
  return actual.path === wanted.path || actual.path.startsWith(prefix);
}

/** A stable key for a pattern, so setting latency twice for the same route replaces it. */
export function patternKey(pattern: string | RegExp): string {
  return pattern instanceof RegExp ? `regexp:${pattern.source}/${pattern.flags}` : `route:${pattern}`;
}

function split(route: string): { method?: string; path: string } {
  const space = route.indexOf(' ');
  if (space === -1) return { path: route };
  return { method: route.slice(0, space).toUpperCase(), path: route.slice(space + 1) };
}
