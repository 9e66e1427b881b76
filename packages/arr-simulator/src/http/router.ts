/** A small route table: templates like `/api/v3/queue/{id}`, matched case-insensitively as ASP.NET does. */
import type { IncomingMessage } from 'node:http';

export interface Reply {
  status: number;
  /** JSON body; omitted for an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestContext {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (undefined when there was none). */
  body: unknown;
  req: IncomingMessage;
}

export type Handler = (context: RequestContext) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  template: string;
  /** Answers without an API key (`/ping`). */
  open: boolean;
  handler: Handler;
  pattern: RegExp;
  names: string[];
}

export interface Router {
  add(method: string, template: string, handler: Handler, options?: { open?: boolean }): void;
  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined;
  /** True when some route has this path with another method (for 405-like answers). */
  routes(): readonly Route[];
}

function compile(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (param?.[1] !== undefined) {
        names.push(param[1]);
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  // Templates are our own literals, never user input.
  // eslint-disable-next-line security/detect-non-literal-regexp
  return { pattern: new RegExp(`^${source}/?$`, 'i'), names };
}

export function createRouter(): Router {
  const table: Route[] = [];
  return {
    add(method, template, handler, options = {}) {
      table.push({ method, template, handler, open: options.open ?? false, ...compile(template) });
    },
    match(method, path) {
      for (const route of table) {
        if (route.method !== method) continue;
        const found = route.pattern.exec(path);
        if (found === null) continue;
        const params: Record<string, string> = {};
        route.names.forEach((name, index) => {
          params[name] = decodeURIComponent(found[index + 1] ?? '');
        });
        return { route, params };
      }
      return undefined;
    },
    routes: () => table,
  };
}

/** Reply helpers. */
export const reply = {
  json: (body: unknown, status = 200): Reply => ({ status, body }),
  created: (body: unknown): Reply => ({ status: 201, body }),
  accepted: (body: unknown): Reply => ({ status: 202, body }),
  empty: (status = 200): Reply => ({ status }),
  notFound: (message = 'NotFound'): Reply => ({ status: 404, body: { message } }),
  error: (status: number, message: string, description?: string): Reply => ({ status, body: description === undefined ? { message } : { message, description } }),
};

/** An int path or query value, or undefined when it is not one. */
export function intParam(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^-?\d+$/.test(value)) return undefined;
  return Number.parseInt(value, 10);
}

/** A boolean query flag as ASP.NET binds it ("true"/"false", case-insensitive). */
export function boolParam(query: URLSearchParams, name: string, fallback = false): boolean {
  const value = query.get(name);
  if (value === null) return fallback;
  return value.toLowerCase() === 'true';
}

/** Every value of a repeated or comma-separated query parameter (`ids=1&ids=2`, `ids=1,2`), trimmed, empties dropped. */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query.getAll(name).flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
}

/** The ints of a repeated or comma-separated query parameter; values that are not ints are dropped. */
export function intListParam(query: URLSearchParams, name: string): number[] {
  return listParam(query, name).map((value) => intParam(value)).filter((value): value is number => value !== undefined);
}

/**
 * Values of an enum query parameter as ASP.NET binds them: names (case-insensitive) or numbers, here
 * mapped through `names` (index = numeric value) and returned lower-case.
 */
export function enumListParam(query: URLSearchParams, name: string, names: readonly string[]): Set<string> {
  return new Set(listParam(query, name).map((value) => (/^\d+$/.test(value) ? (names[Number.parseInt(value, 10)] ?? value) : value).toLowerCase()));
}
