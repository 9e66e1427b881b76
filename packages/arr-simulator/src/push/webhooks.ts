/**
 * Webhook delivery as Radarr's and Sonarr's Webhook connection does it (Settings, Connect, Webhook):
 * the event as JSON, POST or PUT, to each configured URL, with basic auth when a username or password
 * is set. A failed delivery is recorded, never thrown: the real apps log it and carry on.
 */

/** One configured Webhook connection. */
export interface WebhookTarget {
  /** Where the app posts (the connection's URL). */
  url: string;
  /** Basic auth user name (the connection's Username). */
  username?: string;
  /** Basic auth password (the connection's Password). */
  password?: string;
  /** The connection's method setting; the real apps default to POST. */
  method?: 'POST' | 'PUT';
  /** Extra headers (Radarr 5 and Sonarr 4 let a connection add its own). */
  headers?: Record<string, string>;
}

/** The outcome of one delivery: the HTTP status, or `'error'` when no response came back. */
export interface WebhookDelivery {
  url: string;
  eventType: string;
  status: number | 'error';
  /** Why a delivery failed without a response (refused, timed out). */
  error?: string;
}

/** Sends webhook payloads to the configured targets and remembers what happened. */
export interface WebhookDispatcher {
  /** Replaces the targets (the app's webhook connections). */
  setTargets(targets: WebhookTarget[]): void;
  /** The current targets. */
  targets(): WebhookTarget[];
  /** Sends the payload to every target; never throws; records deliveries. */
  send(payload: { eventType: string } & Record<string, unknown>): Promise<void>;
  /** Every delivery attempted so far, oldest first, with its outcome. */
  deliveries(): WebhookDelivery[];
  /** Resolves when every send in flight has settled. */
  idle(): Promise<void>;
}

/** Options of {@link createWebhookDispatcher}. */
export interface WebhookDispatcherOptions {
  /** The fetch to send with; tests and proxies may inject their own. */
  fetch?: typeof fetch;
  /** How long one delivery may take before it counts as an error. Defaults to 10 s. */
  timeoutMs?: number;
  /**
   * Sent as `User-Agent`; the real apps send `Radarr/<version> (<os> <os version>)`. A function is
   * asked at every delivery (the version changes after an update).
   */
  userAgent?: string | (() => string);
}

/**
 * Creates a dispatcher with no targets.
 *
 * @example
 * const webhooks = createWebhookDispatcher();
 * webhooks.setTargets([{ url: 'http://127.0.0.1:9000/hook', username: 'bot', password: 's3cret' }]);
 * await webhooks.send({ eventType: 'Test', instanceName: 'Radarr', applicationUrl: '' });
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions = {}): WebhookDispatcher {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const userAgentOption = options.userAgent ?? 'Radarr/6.0.3';
  const userAgent = (): string => (typeof userAgentOption === 'function' ? userAgentOption() : userAgentOption);
  let configured: WebhookTarget[] = [];
  const recorded: WebhookDelivery[] = [];
  const inFlight = new Set<Promise<void>>();

  async function deliver(target: WebhookTarget, eventType: string, body: string): Promise<void> {
    const headers: Record<string, string> = {
      ...target.headers,
      'Content-Type': 'application/json',
      'User-Agent': userAgent(),
    };
    // The real apps attach credentials when either field is filled, the other one empty.
    if ((target.username ?? '') !== '' || (target.password ?? '') !== '') {
      const credentials = `${target.username ?? ''}:${target.password ?? ''}`;
      headers['Authorization'] = `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
    }
    try {
      const response = await doFetch(target.url, {
        method: target.method ?? 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Drain the body so the connection can be reused or closed.
      await response.arrayBuffer().catch(() => undefined);
      recorded.push({ url: target.url, eventType, status: response.status });
    } catch (error) {
      recorded.push({ url: target.url, eventType, status: 'error', error: errorText(error) });
    }
  }

  return {
    setTargets(targets) {
      configured = targets.map((target) => ({ ...target }));
    },

    targets() {
      return configured.map((target) => ({ ...target }));
    },

    async send(payload) {
      let body: string;
      try {
        body = JSON.stringify(payload);
      } catch (error) {
        // A payload that cannot be serialised (a cycle, a bigint) is a failed delivery, not a throw.
        for (const target of configured) {
          recorded.push({ url: target.url, eventType: payload.eventType, status: 'error', error: errorText(error) });
        }
        return;
      }
      const sending = Promise.all(configured.map((target) => deliver(target, payload.eventType, body))).then(() => undefined);
      inFlight.add(sending);
      try {
        await sending;
      } finally {
        inFlight.delete(sending);
      }
    },

    deliveries() {
      return recorded.map((delivery) => ({ ...delivery }));
    },

    async idle() {
      // A send may start while we wait, so loop until nothing is left.
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch wraps the socket error (ECONNREFUSED, ...) in `cause`, which says more than "fetch failed".
  const cause: unknown = error.cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}
