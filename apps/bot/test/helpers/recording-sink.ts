/** A MessageSink that records every call and can be told to fail, for unit tests. */
import { MessageGoneError } from '../../src/contracts.ts';
import type { OutgoingMessage } from '../../src/contracts.ts';
import type { NotificationSink } from '../../src/notify/sink.ts';

export interface SinkCall {
  op: 'send' | 'edit';
  channelId: string;
  messageId: string;
  message: OutgoingMessage;
  at: number;
  /** The nonce a new message was sent with. */
  nonce?: string;
}

export interface RecordingSink extends NotificationSink {
  calls: SinkCall[];
  /** Current content of each message id. */
  messages: Map<string, { channelId: string; message: OutgoingMessage }>;
  /** While set, every call throws this error (after being counted in `failures`). */
  failWith?: Error | undefined;
  failures: number;
  deleteMessage(messageId: string): void;
  sends(channelId?: string): SinkCall[];
  edits(channelId?: string): SinkCall[];
}

export class HttpLikeError extends Error {
  status: number;
  constructor(status: number) {
    super(`HTTP ${status}`);
    this.status = status;
  }
}

export function createRecordingSink(now: () => number = Date.now): RecordingSink {
  let nextId = 1000;
  const sink: RecordingSink = {
    calls: [],
    messages: new Map(),
    failures: 0,
    send(channelId, message, options = {}) {
      if (sink.failWith !== undefined) {
        sink.failures += 1;
        return Promise.reject(sink.failWith);
      }
      nextId += 1;
      const messageId = String(nextId);
      const copy = structuredClone(message);
      sink.calls.push({ op: 'send', channelId, messageId, message: copy, at: now(), nonce: options.nonce });
      sink.messages.set(messageId, { channelId, message: copy });
      return Promise.resolve({ messageId });
    },
    edit(channelId, messageId, message) {
      if (sink.failWith !== undefined) {
        sink.failures += 1;
        return Promise.reject(sink.failWith);
      }
      if (!sink.messages.has(messageId)) return Promise.reject(new MessageGoneError(`message ${messageId} is gone`));
      const copy = structuredClone(message);
      sink.calls.push({ op: 'edit', channelId, messageId, message: copy, at: now() });
      sink.messages.set(messageId, { channelId, message: copy });
      return Promise.resolve();
    },
    deleteMessage(messageId) {
      sink.messages.delete(messageId);
    },
    sends: (channelId) => sink.calls.filter((call) => call.op === 'send' && (channelId === undefined || call.channelId === channelId)),
    edits: (channelId) => sink.calls.filter((call) => call.op === 'edit' && (channelId === undefined || call.channelId === channelId)),
  };
  return sink;
}
