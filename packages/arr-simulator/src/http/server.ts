/**
 * The HTTP side of an instance: URL base, request accounting, fault injection, API key auth, JSON
 * replies, the SignalR hub's negotiate and upgrade, and taking the port down and up again.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { isAuthorized } from './auth.ts';
import type { Reply, Router } from './router.ts';
import { problemReply } from './validation.ts';

/** The part of the fault injector the server calls before routing. */
export interface FaultGate {
  apply(req: IncomingMessage, res: ServerResponse, route: string, random: () => number): Promise<boolean>;
  releaseHanging(): void;
}

/** The part of the SignalR hub the server routes to. */
export interface HubEndpoint {
  handleHttp(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, pathname: string): boolean;
  close(): void;
}

export interface HttpServerOptions {
  urlBase: string;
  apiKey: string;
  api: Router;
  /** Routes under `/__control/`, authenticated by the API key, never faulted or counted. */
  control: Router;
  hub: HubEndpoint;
  faults: FaultGate;
  random: () => number;
  /** Called after every API request was answered (the instance flushes push events here). */
  afterRequest?: () => void;
}

export interface SimulatorHttpServer {
  listen(port: number, host: string): Promise<number>;
  readonly port: number;
  readonly listening: boolean;
  /** Closes the port and resets every open connection. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
  requestCounts(): Record<string, number>;
  resetRequestCounts(): void;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Normalises a URL base to `''` or `/base` (no trailing slash). */
export function normalizeUrlBase(urlBase: string): string {
  const trimmed = urlBase.trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > MAX_BODY_BYTES) {
        reject(new RangeError('Request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, { ...headers, 'content-length': '0' });
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

export function createSimulatorHttpServer(options: HttpServerOptions): SimulatorHttpServer {
  const base = normalizeUrlBase(options.urlBase);
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  let port = 0;
  let host = '127.0.0.1';
  let listening = false;

  const count = (key: string): void => {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };

  async function route(router: Router, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, kind: 'api' | 'control'): Promise<void> {
    const method = req.method ?? 'GET';
    const matched = router.match(method, path);
    const key = matched === undefined ? `${method} ${path}` : `${method} ${matched.route.template}`;
    if (kind === 'api') {
      count(matched === undefined ? `${method} (unmatched)` : key);
      if (await options.faults.apply(req, res, key, options.random)) return;
    }
    if (matched?.route.open !== true && !isAuthorized(req, query, options.apiKey)) {
      // The apps answer a missing or wrong key with 401 and an empty body.
      send(res, { status: 401 });
      return;
    }
    if (matched === undefined) {
      send(res, { status: 404, body: { message: 'NotFound' } });
      return;
    }
    let body: unknown;
    if (method !== 'GET' && method !== 'HEAD') {
      const text = await readBody(req);
      if (text.trim() !== '') {
        try {
          body = JSON.parse(text) as unknown;
        } catch (error) {
          // ASP.NET Core's model binding answers unparsable JSON with problem details, naming the body `$`.
          send(res, problemReply({ $: [`${error instanceof Error ? error.message : 'Invalid JSON'}. Path: $`] }));
          return;
        }
      }
    }
    const reply = await matched.route.handler({ method, params: matched.params, query, body, req });
    send(res, reply);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const pathname = url.pathname;
    if (options.hub.handleHttp(req, res, pathname)) {
      count(`${req.method ?? 'GET'} /signalr/messages/negotiate`);
      return;
    }
    if (pathname.startsWith('/__control/')) {
      await route(options.control, req, res, pathname, url.searchParams, 'control');
      return;
    }
    const lower = pathname.toLowerCase();
    if (base !== '' && !(lower === base.toLowerCase() || lower.startsWith(`${base.toLowerCase()}/`))) {
      count(`${req.method ?? 'GET'} (unmatched)`);
      send(res, { status: 404, body: { message: 'NotFound' } });
      return;
    }
    await route(options.api, req, res, pathname.slice(base.length) || '/', url.searchParams, 'api');
    options.afterRequest?.();
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      send(res, { status: 500, body: { message, description: error instanceof Error ? (error.stack ?? message) : message } });
    });
  });
  server.keepAliveTimeout = 5000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? '/', 'http://simulator.invalid').pathname;
    if (!options.hub.handleUpgrade(req, socket, head, pathname)) socket.destroy();
  });

  function listenOn(wanted: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => {
        reject(error);
      };
      server.once('error', onError);
      server.listen(wanted, host, () => {
        server.off('error', onError);
        const address = server.address();
        listening = true;
        resolve(typeof address === 'object' && address !== null ? address.port : wanted);
      });
    });
  }

  function closePort(): Promise<void> {
    listening = false;
    options.faults.releaseHanging();
    options.hub.close();
    return new Promise((resolve) => {
      server.close(() => {
        resolve();
      });
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    });
  }

  return {
    async listen(wanted, wantedHost) {
      host = wantedHost;
      port = await listenOn(wanted);
      return port;
    },
    get port() {
      return port;
    },
    get listening() {
      return listening;
    },
    down: async () => {
      if (listening) await closePort();
    },
    up: async () => {
      if (!listening) await listenOn(port);
    },
    close: async () => {
      if (listening) await closePort();
    },
    requestCounts: () => Object.fromEntries(counts),
    resetRequestCounts: () => {
      counts.clear();
    },
  };
}
