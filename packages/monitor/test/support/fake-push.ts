/**
 * A push channel without a hub: tests connect it and send the messages a Radarr/Sonarr hub sends
 * (`{name, body: {action, resource?}}`), as the watcher's SignalR source would hand them over.
 */
import type { PushChannel, SignalrChannelOptions } from '../../src/signalr-channel.ts';
import { toSignal } from '../../src/signalr-channel.ts';

export class FakePush implements PushChannel {
  readonly #options: SignalrChannelOptions;
  started = false;

  constructor(options: SignalrChannelOptions) {
    this.#options = options;
  }

  start(): void {
    this.started = true;
  }

  wake(): void {
    return undefined;
  }

  stop(): Promise<void> {
    this.started = false;
    this.#options.onState('disconnected');
    return Promise.resolve();
  }

  /** The connection is up (the watcher resyncs, as after a real connection). */
  connect(): void {
    this.#options.onState('connected');
    this.#options.onResync();
  }

  /** One hub message, e.g. `send('queue', { action: 'sync' })`. */
  send(name: string, body: Record<string, unknown>): void {
    const signal = toSignal({ name, body });
    if (signal) this.#options.onSignal(signal);
  }

  /** What a refresh of the app's downloads sends: `queue` sync, then `queue/status` with its counts `statusDelayMs` later (send it yourself). */
  sync(): void {
    this.send('queue', { action: 'sync' });
  }

  status(totalCount: number, fields: Partial<Record<'errors' | 'warnings' | 'unknownErrors' | 'unknownWarnings', boolean>> & { unknownCount?: number } = {}): void {
    const unknownCount = fields.unknownCount ?? 0;
    this.send('queue/status', {
      action: 'updated',
      resource: { id: 0, totalCount, count: totalCount - unknownCount, unknownCount, errors: false, warnings: false, unknownErrors: false, unknownWarnings: false, ...fields },
    });
  }
}
