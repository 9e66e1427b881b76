/**
 * Fans model changes out to the push channels, as the apps do: SignalR `receiveMessage` broadcasts
 * for the web UI and webhooks for Connect targets. Queue changes are coalesced so a burst of
 * transitions sends one `queue` sync; `queue/status` follows debounced by 5 s of simulated time, as
 * the apps' QueueStatusController debounces it.
 */

export type SignalAction = 'sync' | 'updated' | 'created' | 'deleted';

/** The part of a SignalR hub the model needs. */
export interface BroadcastTarget {
  broadcast(message: { name: string; body: { action: SignalAction; resource?: unknown } }): void;
}

/** The part of a webhook dispatcher the model needs. */
export interface WebhookSender {
  send(payload: { eventType: string } & Record<string, unknown>): Promise<void>;
}

/** How long the apps' QueueStatusController debounces its `queue/status` broadcast. */
export const QUEUE_STATUS_DEBOUNCE_MS = 5000;

export interface PushEvents {
  signal(name: string, action: SignalAction, resource?: unknown): void;
  /**
   * The app's QueueUpdatedEvent at simulated time `at`: one `queue` and one `queue/details` sync
   * for every change in this turn (QueueController and QueueDetailsController both handle the
   * event), and `queue/status` `updated` with the counts once the 5-s debounce ends (sent by
   * {@link PushEvents.sendStatus} when the clock gets there).
   */
  queueChanged(at: number): void;
  /**
   * A QueueUpdatedEvent sent now, not coalesced with others: a refresh publishes one after reading
   * the clients and another after processing what it found.
   */
  queueRefreshed(at: number): void;
  /** When the debounced `queue/status` is due, if one is waiting. */
  statusDueAt(): number | undefined;
  /** Sends the debounced `queue/status` now (after the `queue` sync it follows). */
  sendStatus(): void;
  /** Sends a webhook with the fields every payload carries (`applicationUrl` unless the payload has none). */
  webhook(eventType: string, fields: Record<string, unknown>, options?: { applicationUrl?: boolean }): void;
  /** How many SignalR messages were broadcast. */
  broadcastCount(): number;
}

export interface PushEventsOptions {
  hub: BroadcastTarget;
  webhooks: WebhookSender;
  instanceName: string;
  applicationUrl: () => string;
  queueStatus: () => unknown;
}

export function createPushEvents(options: PushEventsOptions): PushEvents {
  let queueSyncPending = false;
  let statusDue: number | undefined;
  let broadcasts = 0;
  const signal = (name: string, action: SignalAction, resource?: unknown): void => {
    broadcasts++;
    options.hub.broadcast({ name, body: resource === undefined ? { action } : { action, resource } });
  };
  const syncQueue = (): void => {
    signal('queue', 'sync');
    signal('queue/details', 'sync');
  };
  const flushSync = (): void => {
    if (!queueSyncPending) return;
    queueSyncPending = false;
    syncQueue();
  };
  return {
    signal,
    queueChanged(at) {
      // The debouncer starts on the first event and fires once; later events ride along.
      statusDue ??= at + QUEUE_STATUS_DEBOUNCE_MS;
      if (queueSyncPending) return;
      queueSyncPending = true;
      queueMicrotask(flushSync);
    },
    queueRefreshed(at) {
      statusDue ??= at + QUEUE_STATUS_DEBOUNCE_MS;
      // A change waiting to be coalesced is covered by this sync.
      queueSyncPending = false;
      syncQueue();
    },
    statusDueAt: () => statusDue,
    sendStatus() {
      statusDue = undefined;
      flushSync();
      signal('queue/status', 'updated', options.queueStatus());
    },
    webhook(eventType, fields, webhookOptions = {}) {
      const common = webhookOptions.applicationUrl === false ? { instanceName: options.instanceName } : { instanceName: options.instanceName, applicationUrl: options.applicationUrl() };
      void options.webhooks.send({ eventType, ...common, ...fields });
    },
    broadcastCount: () => broadcasts,
  };
}
