/** Test helpers: call a simulator over real HTTP. */
export interface CallResult<T = unknown> {
  status: number;
  text: string;
  body: T;
  headers: Headers;
}

export interface Target {
  url: string;
  apiKey: string;
}

/** Calls `path` (relative to the instance URL) with the API key in the header. */
export async function call<T = unknown>(target: Target, path: string, init: { method?: string; body?: unknown; key?: string | null; headers?: Record<string, string> } = {}): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key !== null) headers['X-Api-Key'] = init.key ?? target.apiKey;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${target.url}${path}`, { method: init.method ?? 'GET', headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  const text = await response.text();
  let body: unknown = undefined;
  if (text !== '' && (response.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
  return { status: response.status, text, body: body as T, headers: response.headers };
}

export type Rec = Record<string, unknown>;
