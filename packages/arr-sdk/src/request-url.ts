/** The URL of one call: a path template filled with its path parameters, and its query string. */

type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

/**
 * `template` with `{name}` replaced by the encoded path parameter, then the query: arrays repeat
 * their key (`movieIds=1&movieIds=2`, how ASP.NET binds lists), `undefined` and `null` are left out.
 */
export function buildPath(template: string, path: Record<string, unknown> | undefined, query: Record<string, unknown> | undefined): string {
  let out = path === undefined ? template : template.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(String(Object.hasOwn(path, key) ? path[key] : '')));
  if (query === undefined) return out;
  let separator = '?';
  for (const key of Object.keys(query)) {
    const value = query[key] as QueryValue;
    if (value === undefined || value === null) continue;
    const name = encodeURIComponent(key);
    if (Array.isArray(value)) {
      for (const item of value as readonly (string | number | boolean)[]) {
        out += `${separator}${name}=${encodeURIComponent(String(item))}`;
        separator = '&';
      }
    } else {
      out += `${separator}${name}=${encodeURIComponent(String(value))}`;
      separator = '&';
    }
  }
  return out;
}

/**
 * The cache group a path belongs to by its structure alone: the first segment after `/api/v3/`
 * (`qualityprofile` for `/api/v3/qualityprofile/{id}`), `api` for `/api`. A helper may name another.
 */
export function resourceOfPath(template: string): string {
  const match = /^\/api\/v3\/([^/?]+)/.exec(template);
  if (match?.[1] !== undefined) return match[1];
  return template === '/api' ? 'api' : template;
}
