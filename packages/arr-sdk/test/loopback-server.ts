/**
 * A real HTTP server on 127.0.0.1 for the SDK's tests: routes are plain handlers, every request is
 * recorded (method, URL, headers, body) and the peak of concurrent requests is tracked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

export interface LoopbackServer {
  url: string;
  requests: RecordedRequest[];
  /** Highest number of requests in flight at once. */
  peakConcurrency(): number;
  route(method: string, path: string, handler: Handler): void;
  close(): Promise<void>;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export async function startLoopbackServer(): Promise<LoopbackServer> {
  const routes = new Map<string, Handler>();
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let peak = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((req, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
      const handler = routes.get(`${req.method ?? 'GET'} ${url.pathname}`);
      if (!handler) {
        json(res, 404, { message: `NotFound: ${url.pathname}` });
        return;
      }
      void Promise.resolve(handler(req, res, body)).catch((error: unknown) => {
        json(res, 500, { message: String(error) });
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    peakConcurrency: () => peak,
    route: (method, path, handler) => routes.set(`${method} ${path}`, handler),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
