/**
 * Delivery of events to handlers (`on`) and to async iterators (`events()`). Each iterator has its
 * own bounded buffer: past the limit, progress events are dropped first (oldest first) and
 * lifecycle events never. A handler that throws or rejects becomes a log line, never an unhandled
 * rejection.
 */
import type { EventOf, MonitorEvent, MonitorEventType } from './events.ts';
import type { CompleteLogger } from './logging.ts';

export type EventHandler<E extends MonitorEvent = MonitorEvent> = (event: E) => void | Promise<void>;

interface Subscriber {
  buffer: MonitorEvent[];
  wake: (() => void) | undefined;
  closed: boolean;
  dropped: number;
}

export class EventBus {
  readonly #handlers = new Map<MonitorEventType | '*', Set<EventHandler>>();
  readonly #subscribers = new Set<Subscriber>();
  readonly #limit: number;
  readonly #logger: CompleteLogger;

  constructor(limit: number, logger: CompleteLogger) {
    this.#limit = limit;
    this.#logger = logger;
  }

  on<T extends MonitorEventType>(type: T, handler: EventHandler<EventOf<T>>): () => void;
  on(type: '*', handler: EventHandler): () => void;
  on(type: MonitorEventType | '*', handler: EventHandler<never>): () => void {
    const generic = handler as EventHandler;
    let set = this.#handlers.get(type);
    if (!set) {
      set = new Set();
      this.#handlers.set(type, set);
    }
    set.add(generic);
    return () => {
      set.delete(generic);
    };
  }

  emit(event: MonitorEvent): void {
    for (const key of [event.type, '*'] as const) {
      for (const handler of this.#handlers.get(key) ?? []) this.#call(handler, event);
    }
    for (const subscriber of this.#subscribers) this.#enqueue(subscriber, event);
  }

  /** Events from now on, until `signal` aborts or `close()` is called. */
  events(options: { signal?: AbortSignal } = {}): AsyncIterableIterator<MonitorEvent> {
    const subscriber: Subscriber = { buffer: [], wake: undefined, closed: false, dropped: 0 };
    this.#subscribers.add(subscriber);
    const finish = (): void => {
      subscriber.closed = true;
      this.#subscribers.delete(subscriber);
      subscriber.wake?.();
    };
    if (options.signal?.aborted) finish();
    options.signal?.addEventListener('abort', finish, { once: true });
    const iterator: AsyncIterableIterator<MonitorEvent> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async (): Promise<IteratorResult<MonitorEvent>> => {
        for (;;) {
          const event = subscriber.buffer.shift();
          if (event) return { value: event, done: false };
          if (subscriber.closed) return { value: undefined, done: true };
          await new Promise<void>((resolve) => {
            subscriber.wake = resolve;
          });
          subscriber.wake = undefined;
        }
      },
      return: (): Promise<IteratorResult<MonitorEvent>> => {
        options.signal?.removeEventListener('abort', finish);
        finish();
        subscriber.buffer.length = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
    return iterator;
  }

  /** Ends every iterator (after it drained its buffer). */
  close(): void {
    for (const subscriber of [...this.#subscribers]) {
      subscriber.closed = true;
      this.#subscribers.delete(subscriber);
      subscriber.wake?.();
    }
  }

  #enqueue(subscriber: Subscriber, event: MonitorEvent): void {
    const buffer = subscriber.buffer;
    if (buffer.length >= this.#limit) {
      if (event.type === 'download.progress') {
        this.#dropped(subscriber);
        subscriber.wake?.();
        return;
      }
      const index = buffer.findIndex((e) => e.type === 'download.progress');
      if (index >= 0) {
        buffer.splice(index, 1);
        this.#dropped(subscriber);
      } else if (buffer.length === this.#limit) {
        this.#logger.warn({ limit: this.#limit }, 'event buffer full of lifecycle events; keeping them all (the consumer is slow)');
      }
    }
    buffer.push(event);
    subscriber.wake?.();
  }

  #dropped(subscriber: Subscriber): void {
    subscriber.dropped += 1;
    if (subscriber.dropped === 1 || subscriber.dropped % 100 === 0) {
      this.#logger.warn({ dropped: subscriber.dropped, limit: this.#limit }, 'slow events() consumer: dropped progress events');
    }
  }

  #call(handler: EventHandler, event: MonitorEvent): void {
    try {
      const result = handler(event);
      if (result instanceof Promise) {
        result.catch((error: unknown) => {
          this.#logError(error, event);
        });
      }
    } catch (error) {
      this.#logError(error, event);
    }
  }

  #logError(error: unknown, event: MonitorEvent): void {
    this.#logger.error({ eventType: event.type, eventId: event.id, error: error instanceof Error ? error.message : String(error) }, 'event handler failed');
  }
}
