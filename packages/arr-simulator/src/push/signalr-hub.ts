/**
 * The SignalR hub Radarr and Sonarr serve at `{urlBase}/signalr/messages`: negotiate over HTTP, then
 * a WebSocket speaking the JSON hub protocol, on which the server invokes `receiveMessage` for every
 * change the web UI should see. Only the WebSockets transport is offered; the official clients pick
 * it on their own.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { attachConnection, invocation, type Connection, type SignalRBroadcast } from './hub-connection.ts';

export type { SignalRBroadcast } from './hub-connection.ts';
import { frame, MessageType } from './hub-protocol.ts';


/** A SignalR hub that answers on a host server's HTTP requests and upgrades. */
export interface SignalRHub {
  /** Handles negotiate (POST {base}/signalr/messages/negotiate[?negotiateVersion=1]) for an HTTP request; returns true when it answered. */
  handleHttp(req: IncomingMessage, res: ServerResponse, pathname: string): boolean;
  /** Handles the WebSocket upgrade for {base}/signalr/messages; returns true when it took the socket. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, pathname: string): boolean;
  /** Broadcasts receiveMessage({name, body}) to every connected client. */
  broadcast(message: SignalRBroadcast): void;
  /** How many WebSocket connections are open. */
  connectionCount(): number;
  /**
   * Disconnects every client with a close message that allows reconnecting, as ASP.NET Core does
   * on a graceful shutdown. The hub stays usable: clients may connect again afterwards, which is how
   * an instance that went down comes back up.
   */
  close(): void;
}

/** Options of {@link createSignalRHub}. */
export interface SignalRHubOptions {
  /** The instance's URL base (`''`, `/radarr`, `radarr/`): the hub lives under it. */
  urlBase: string;
  /** The API key clients must present as `access_token`, `X-Api-Key` or a bearer token. */
  apiKey: string;
  /** Interval of the server's keep-alive pings; ASP.NET Core's `KeepAliveInterval` is 15 s. */
  pingIntervalMs?: number;
  /**
   * What the hub sends every connected client once a client's handshake is done: Radarr's and
   * Sonarr's MessageHub sends `{name: 'version', body: {version}}` to `Clients.All` from
   * `OnConnectedAsync`. Nothing when absent.
   */
  greeting?: () => SignalRBroadcast | undefined;
}


// ASP.NET Core keeps a negotiated token until the client connects; a bound keeps a client that
// negotiates in a loop from growing the map without end.
const MAX_PENDING_NEGOTIATIONS = 1000;

/**
 * Creates a hub. The host server routes requests and upgrades to it:
 *
 * @example
 * const hub = createSignalRHub({ urlBase: '', apiKey });
 * server.on('request', (req, res) => hub.handleHttp(req, res, pathOf(req)) || routeApi(req, res));
 * server.on('upgrade', (req, socket, head) => hub.handleUpgrade(req, socket, head, pathOf(req)) || socket.destroy());
 * hub.broadcast({ name: 'queue', body: { action: 'sync' } });
 */
export function createSignalRHub(options: SignalRHubOptions): SignalRHub {
  const hubPath = `${normalizeUrlBase(options.urlBase)}/signalr/messages`.toLowerCase();
  const negotiatePath = `${hubPath}/negotiate`;
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  // The hub tracks its own connections (it needs the handshake state beside each socket).
  const server = new WebSocketServer({ noServer: true, clientTracking: false });
  /** Negotiated connection tokens not yet used by a WebSocket. */
  const pending = new Set<string>();
  const connections = new Set<Connection>();

  function authorized(req: IncomingMessage): boolean {
    return presentedKey(req) === options.apiKey;
  }

  function negotiate(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST') {
      // ASP.NET Core maps negotiate to POST only.
      res.writeHead(405, { Allow: 'POST', 'Content-Length': '0' }).end();
      return;
    }
    if (!authorized(req)) {
      // Radarr's API key handler challenges with a bare 401.
      res.writeHead(401, { 'Content-Length': '0' }).end();
      return;
    }
    const connectionId = newId();
    // negotiateVersion 1 separates the public connectionId from the secret token the WebSocket URL
    // carries as `id`; version 0 clients (and clients that omit the parameter) use the id itself.
    const version = Number(queryOf(req).get('negotiateVersion') ?? '0') >= 1 ? 1 : 0;
    const connectionToken = version === 1 ? newId() : connectionId;
    remember(connectionToken);
    const body = JSON.stringify({
      negotiateVersion: version,
      connectionId,
      ...(version === 1 ? { connectionToken } : {}),
      availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }],
    });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
  }

  function remember(token: string): void {
    pending.add(token);
    if (pending.size > MAX_PENDING_NEGOTIATIONS) {
      const oldest = pending.values().next().value;
      if (oldest !== undefined) pending.delete(oldest);
    }
  }

  const attach = (socket: WebSocket): void => {
    attachConnection(socket, connections, { pingIntervalMs, greeting: options.greeting });
  };

  return {
    handleHttp(req, res, pathname) {
      const path = normalizePath(pathname);
      if (path === negotiatePath) {
        negotiate(req, res);
        return true;
      }
      if (path !== hubPath) return false;
      if (!authorized(req)) {
        res.writeHead(401, { 'Content-Length': '0' }).end();
        return true;
      }
      // Plain HTTP on the hub path is how long polling and server-sent events connect; negotiate
      // never offers them here.
      const body = 'Only the WebSockets transport is available.';
      res.writeHead(400, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) }).end(body);
      return true;
    },

    handleUpgrade(req, socket, head, pathname) {
      if (normalizePath(pathname) !== hubPath) return false;
      if (!authorized(req)) {
        rejectUpgrade(socket, 401, 'Unauthorized');
        return true;
      }
      const id = queryOf(req).get('id');
      // With `id` the client negotiated first and the token is single-use; without it the client
      // skipped negotiation, which ASP.NET Core allows for WebSockets.
      if (id !== null) {
        if (!pending.delete(id)) {
          rejectUpgrade(socket, 404, 'Not Found', 'No Connection with that ID');
          return true;
        }
      }
      server.handleUpgrade(req, socket, head, attach);
      return true;
    },

    broadcast(message) {
      const record = invocation(message);
      for (const { socket, handshaken } of connections) {
        if (handshaken && socket.readyState === socket.OPEN) socket.send(record);
      }
    },

    connectionCount() {
      return connections.size;
    },

    close() {
      pending.clear();
      for (const { socket, handshaken, pingTimer } of connections) {
        clearInterval(pingTimer);
        if (handshaken && socket.readyState === socket.OPEN) {
          socket.send(frame({ type: MessageType.Close, allowReconnect: true }));
        }
        socket.close(1001);
      }
    },
  };
}

/** `''`, `/`, `radarr`, `/radarr/` → `''`, `''`, `/radarr`, `/radarr`. */
function normalizeUrlBase(urlBase: string): string {
  const trimmed = urlBase.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}

/** ASP.NET Core routing ignores case and a trailing slash. */
function normalizePath(pathname: string): string {
  return pathname.replace(/\/+$/, '').toLowerCase();
}

function queryOf(req: IncomingMessage): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

/**
 * The key as Radarr's and Sonarr's SignalR auth scheme reads it: the `access_token` query parameter
 * (browsers cannot set WebSocket headers), the `X-Api-Key` header, or `Authorization: Bearer`,
 * which is what @microsoft/signalr sends from Node.
 */
function presentedKey(req: IncomingMessage): string | undefined {
  const fromQuery = queryOf(req).get('access_token');
  if (fromQuery !== null) return fromQuery;
  const header = req.headers['x-api-key'];
  if (typeof header === 'string') return header;
  return req.headers.authorization?.replace(/^Bearer /, '');
}

function newId(): string {
  // ASP.NET Core ids are 16 random bytes, base64url encoded.
  return randomBytes(16).toString('base64url');
}


function rejectUpgrade(socket: Duplex, status: number, reason: string, body = ''): void {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
