/**
 * The ASP.NET Core SignalR JSON hub protocol, as far as a server that only pushes needs it.
 *
 * Every message is a JSON text followed by the ASCII record separator 0x1E; one WebSocket frame
 * may carry several records (the client batches), and a record may in principle span frames, so
 * the parser keeps the unterminated tail for the next frame.
 */

/** The record separator that ends every SignalR text message (ASP.NET Core `TextMessageFormat`). */
export const RECORD_SEPARATOR = '\u001e';

/** Message types of the hub protocol (`HubProtocolConstants` in ASP.NET Core). */
export const MessageType = {
  Invocation: 1,
  StreamItem: 2,
  Completion: 3,
  StreamInvocation: 4,
  CancelInvocation: 5,
  Ping: 6,
  Close: 7,
} as const;

/** A hub message as received from a client: only the fields the simulator reads. */
export interface HubMessage {
  type: number;
  target?: string;
  invocationId?: string;
}

/** The handshake a client sends first: `{"protocol":"json","version":1}`. */
export interface HandshakeRequest {
  protocol: string;
  version: number;
}

/** Serialises one message as a record, terminated by the separator. */
export function frame(message: unknown): string {
  return JSON.stringify(message) + RECORD_SEPARATOR;
}

/** Splits incoming text into complete records, keeping an unterminated tail between frames. */
export class RecordReader {
  #tail = '';

  /** Appends a frame and returns the complete records it finished, without separators. */
  push(text: string): string[] {
    const parts = (this.#tail + text).split(RECORD_SEPARATOR);
    this.#tail = parts.pop() ?? '';
    return parts.filter((part) => part.length > 0);
  }
}

/**
 * Validates a handshake record. Returns the error text the server answers with, or undefined when
 * the client asked for the JSON protocol version 1 (the only one Radarr and Sonarr use). The
 * wording follows ASP.NET Core's `HubConnectionHandler`.
 */
export function handshakeError(record: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(record);
  } catch {
    return 'Handshake request is not valid JSON.';
  }
  if (!isHandshake(parsed)) return 'Handshake request is missing the protocol or version.';
  if (parsed.protocol !== 'json') return `The protocol '${parsed.protocol}' is not supported.`;
  if (parsed.version !== 1) {
    return `The server does not support version ${parsed.version} of the '${parsed.protocol}' protocol.`;
  }
  return undefined;
}

/** Parses a hub message record; undefined when it is not a JSON object with a numeric `type`. */
export function parseMessage(record: string): HubMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(record);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const candidate = parsed as Partial<Record<keyof HubMessage, unknown>>;
  if (typeof candidate.type !== 'number') return undefined;
  return {
    type: candidate.type,
    ...(typeof candidate.target === 'string' ? { target: candidate.target } : {}),
    ...(typeof candidate.invocationId === 'string' ? { invocationId: candidate.invocationId } : {}),
  };
}

function isHandshake(value: unknown): value is HandshakeRequest {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof HandshakeRequest, unknown>>;
  return typeof candidate.protocol === 'string' && typeof candidate.version === 'number';
}
