/**
 * The push channel of one instance: the app's SignalR hub (`/signalr/messages`), the same one its
 * web UI listens to. The server invokes `receiveMessage` with `{name, body: {action, resource?}}`;
 * each signal becomes a targeted refetch decided by the watcher. Reconnects with backoff, forever.
 */
import { HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection, type ILogger } from '@microsoft/signalr';
import type { Clock } from './clock.ts';
import type { CompleteLogger } from './logging.ts';

export type PushState = 'connected' | 'connecting' | 'disconnected';

export interface Signal {
  name: string;
  action: string;
  resource?: unknown;
}

export interface SignalrChannelOptions {
  /** The instance's base address; the hub is at `<baseUrl>/signalr/messages`. */
  baseUrl: string;
  apiKey: string;
  instance: string;
  clock: Clock;
  logger: CompleteLogger;
  retryDelaysMs: readonly number[];
  /** Whether reconnecting makes sense now (not while the instance is down or refuses the key). */
  canConnect(): boolean;
  onSignal(signal: Signal): void;
  onState(state: PushState): void;
  /** Called after a reconnection: signals may have been missed, so the watcher resyncs. */
  onResync(): void;
}

/** What the watcher needs of a push channel: the SignalR source, or a fake in tests. */
export interface PushChannel {
  start(): void;
  /** Connects now if reconnecting was parked while the instance was unreachable. */
  wake(): void;
  stop(): Promise<void>;
}

interface SignalMessage {
  name: string;
  body: { action?: unknown; resource?: unknown };
}

export function isSignal(value: unknown): value is SignalMessage {
  if (typeof value !== 'object' || value === null) return false;
  if (!('name' in value) || typeof value.name !== 'string' || !('body' in value)) return false;
  return typeof value.body === 'object' && value.body !== null;
}

/**
 * `{name, body: {action, resource?}}` as a Signal. A body without an action is its own resource
 * (the hub greets every connection with `{name: 'version', body: {version}}`), with action `''`.
 */
export function toSignal(message: unknown): Signal | undefined {
  if (!isSignal(message)) return undefined;
  const { action, resource } = message.body;
  if (typeof action !== 'string') return { name: message.name, action: '', resource: message.body };
  return resource === undefined ? { name: message.name, action } : { name: message.name, action, resource };
}

export class SignalrChannel implements PushChannel {
  readonly #options: SignalrChannelOptions;
  #connection: HubConnection | undefined;
  #state: PushState = 'disconnected';
  #stopped = false;
  #failures = 0;
  #retryTimer: unknown;
  #parked = false;

  constructor(options: SignalrChannelOptions) {
    this.#options = options;
  }

  get state(): PushState {
    return this.#state;
  }

  /** Starts connecting in the background; never throws. */
  start(): void {
    this.#stopped = false;
    this.#connect();
  }

  /** Connects now if reconnecting was parked while the instance was unreachable. */
  wake(): void {
    if (!this.#parked || this.#stopped) return;
    this.#parked = false;
    this.#failures = 0;
    this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retryTimer !== undefined) this.#options.clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection) await connection.stop().catch(() => undefined);
    this.#setState('disconnected');
  }

  #setState(state: PushState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.#options.onState(state);
  }

  #delay(attempt: number): number {
    const delays = this.#options.retryDelaysMs;
    return delays[Math.min(attempt, delays.length - 1)] ?? 60_000;
  }

  #build(): HubConnection {
    const o = this.#options;
    const connection = new HubConnectionBuilder()
      .withUrl(`${o.baseUrl.replace(/\/+$/, '')}/signalr/messages`, {
        accessTokenFactory: () => o.apiKey,
        logger: signalrLogger(o.logger, o.instance),
      })
      // Never gives up: an instance down for a day comes back to a live push channel.
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => this.#delay(context.previousRetryCount) })
      .configureLogging(signalrLogger(o.logger, o.instance))
      .build();
    connection.on('receiveMessage', (message: unknown) => {
      const signal = toSignal(message);
      if (signal) o.onSignal(signal);
    });
    connection.onreconnecting(() => {
      this.#setState('connecting');
    });
    connection.onreconnected(() => {
      this.#setState('connected');
      o.onResync();
    });
    connection.onclose(() => {
      if (this.#connection !== connection) return;
      this.#connection = undefined;
      this.#setState('disconnected');
      this.#retry();
    });
    return connection;
  }

  #connect(): void {
    if (this.#stopped) return;
    const connection = this.#build();
    this.#connection = connection;
    this.#setState('connecting');
    connection.start().then(
      () => {
        if (this.#stopped || this.#connection !== connection) {
          void connection.stop().catch(() => undefined);
          return;
        }
        this.#failures = 0;
        this.#setState('connected');
        this.#options.onResync();
      },
      (error: unknown) => {
        if (this.#connection !== connection) return;
        this.#connection = undefined;
        this.#options.logger.debug({ instance: this.#options.instance, error: error instanceof Error ? error.message : String(error) }, 'SignalR connection failed');
        this.#setState('disconnected');
        this.#retry();
      },
    );
  }

  #retry(): void {
    if (this.#stopped) return;
    const delay = this.#delay(++this.#failures);
    this.#retryTimer = this.#options.clock.setTimeout(() => {
      this.#retryTimer = undefined;
      if (this.#connection?.state === HubConnectionState.Connected) return;
      if (!this.#options.canConnect()) {
        this.#parked = true;
        return;
      }
      this.#connect();
    }, delay);
  }
}

/** SignalR's own log lines, as debug lines of ours: an unreachable instance is reported once, as an event. */
function signalrLogger(logger: CompleteLogger, instance: string): ILogger {
  return {
    log(level: LogLevel, message: string): void {
      if (level >= LogLevel.Warning) logger.debug({ instance, signalr: true }, message);
    },
  };
}
