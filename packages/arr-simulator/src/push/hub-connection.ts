/** One client connection of the SignalR hub: the handshake, keep-alive pings, and the messages a client sends. */
import type { RawData, WebSocket } from 'ws';
import { frame, handshakeError, MessageType, parseMessage, RecordReader } from './hub-protocol.ts';

/** What the server pushes: Radarr's and Sonarr's `SignalRMessage`, camel-cased. */
export interface SignalRBroadcast {
  /** The resource kind: `queue`, `queue/status`, `health`, `command`, `movie`, `series`, ... */
  name: string;
  /**
   * `sync` carries no data (clients refetch); the other actions may carry the resource. The
   * `version` greeting has no action, only `{version}`.
   */
  body: { action: 'sync' | 'updated' | 'created' | 'deleted'; resource?: unknown } | { version: string };
}

export interface Connection {
  socket: WebSocket;
  handshaken: boolean;
  reader: RecordReader;
  pingTimer?: NodeJS.Timeout;
}

/** What every connection of a hub shares. */
export interface ConnectionSettings {
  /** Interval of the server's keep-alive pings. */
  pingIntervalMs: number;
  /** What the hub sends every connected client once a new client's handshake is done. */
  greeting?: (() => SignalRBroadcast | undefined) | undefined;
}

/** Takes a new WebSocket: reads its handshake and messages, pings it, forgets it when it closes. */
export function attachConnection(socket: WebSocket, connections: Set<Connection>, settings: ConnectionSettings): void {
  const connection: Connection = { socket, handshaken: false, reader: new RecordReader() };
  connections.add(connection);
  socket.on('message', (data) => {
    for (const record of connection.reader.push(rawText(data))) receive(connection, record, settings, connections);
  });
  socket.on('close', () => {
    clearInterval(connection.pingTimer);
    connections.delete(connection);
  });
  // A socket error is followed by 'close'; listening keeps it from crashing the process.
  socket.on('error', () => undefined);
}

function receive(connection: Connection, record: string, settings: ConnectionSettings, connections: ReadonlySet<Connection>): void {
  const { socket } = connection;
  if (socket.readyState !== socket.OPEN) return;
  if (!connection.handshaken) {
    const error = handshakeError(record);
    if (error !== undefined) {
      socket.send(frame({ error }));
      socket.close(1000);
      return;
    }
    connection.handshaken = true;
    socket.send(frame({}));
    connection.pingTimer = setInterval(() => {
      if (socket.readyState === socket.OPEN) socket.send(frame({ type: MessageType.Ping }));
    }, settings.pingIntervalMs);
    connection.pingTimer.unref();
    // MessageHub.OnConnectedAsync sends the version to Clients.All, not only to the new client
    // (Radarr master: src/NzbDrone.SignalR/MessageHub.cs).
    const greeting = settings.greeting?.();
    if (greeting !== undefined) {
      const message = invocation(greeting);
      for (const other of connections) if (other.handshaken && other.socket.readyState === other.socket.OPEN) other.socket.send(message);
    }
    return;
  }
  const message = parseMessage(record);
  if (message === undefined) {
    // ASP.NET Core ends the connection with an error close message on unparsable input.
    socket.send(frame({ type: MessageType.Close, error: 'Connection closed with an error. InvalidDataException: the message is not a hub message.' }));
    socket.close(1000);
    return;
  }
  switch (message.type) {
    case MessageType.Close:
      socket.close(1000);
      return;
    case MessageType.Invocation:
    case MessageType.StreamInvocation:
      // Radarr's and Sonarr's MessageHub has no server methods; a call expecting a result gets
      // ASP.NET Core's completion error, a fire-and-forget call is ignored.
      if (message.invocationId !== undefined) {
        socket.send(
          frame({
            type: MessageType.Completion,
            invocationId: message.invocationId,
            error: `Unknown hub method '${message.target ?? ''}'`,
          }),
        );
      }
      return;
    default:
      // Pings only reset the client timeout, which this simulator does not enforce.
      return;
  }
}

function rawText(data: RawData): string {
  // ws hands over a Buffer by default; fragmented messages and other binary types arrive otherwise.
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** The `receiveMessage` invocation that carries one message. */
export function invocation(message: SignalRBroadcast): string {
  return frame({ type: MessageType.Invocation, target: 'receiveMessage', arguments: [message] });
}
