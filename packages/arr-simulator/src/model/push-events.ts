/**
 * Fans model changes out to the push channels, as the apps do: SignalR `receiveMessage` broadcasts
 * for the web UI and webhooks for Connect targets. Queue changes are coalesced so a burst of
 * transitions sends one `queue` sync.
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

export interface PushEvents {
  signal(name: string, action: SignalAction, resource?: unknown): void;
  /** Schedules one `queue` sync and `queue/status` update for every change in this turn. */
  queueChanged(): void;
  /** Sends a webhook with the fields every payload carries. */
  webhook(eventType: string, fields: Record<string, unknown>): void;
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
  let broadcasts = 0;
  const signal = (name: string, action: SignalAction, resource?: unknown): void => {
    broadcasts++;
    options.hub.broadcast({ name, body: resource === undefined ? { action } : { action, resource } });
  };
  return {
    signal,
    queueChanged() {
      if (queueSyncPending) return;
      queueSyncPending = true;
      queueMicrotask(() => {
        queueSyncPending = false;
        signal('queue', 'sync');
        signal('queue/status', 'updated', options.queueStatus());
      });
    },
    webhook(eventType, fields) {
      void options.webhooks.send({ eventType, instanceName: options.instanceName, applicationUrl: options.applicationUrl(), ...fields });
    },
    broadcastCount: () => broadcasts,
  };
}
