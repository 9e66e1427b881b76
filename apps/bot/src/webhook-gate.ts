/** Webhooks that arrive before the monitor runs: held, never accepted and lost. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '@discarr/monitor';
import type { WebhookHandler } from './http-server.ts';

/** How long a webhook that arrives while the bot starts is held for the monitor before a 503. */
export const WEBHOOK_HOLD_MS = 30_000;

/**
 * A webhook that arrives after the HTTP server is up but before the monitor runs is held until it
 * does (never accepted and dropped); after `holdMs`, a 503 with `Retry-After`, so Radarr or Sonarr sends it again.
 */
export function heldUntil(running: Promise<void>, handler: WebhookHandler, clock: Clock, holdMs = WEBHOOK_HOLD_MS): WebhookHandler {
  let isRunning = false;
  void running.then(() => {
    isRunning = true;
  });
  return (req: IncomingMessage, res: ServerResponse, instanceName?: string) => {
    if (isRunning) {
      handler(req, res, instanceName);
      return;
    }
    // Unread, the body waits in the socket's buffers (TCP pushes back) until the receiver reads it.
    const timer = clock.setTimeout(() => {
      if (isRunning) return;
      // Discarded: the app sends it again.
      req.resume();
      res.writeHead(503, { 'retry-after': '30', 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: 'the bot is starting; send the webhook again in 30 s' }));
    }, holdMs);
    void running.then(() => {
      clock.clearTimeout(timer);
      if (!res.headersSent) handler(req, res, instanceName);
    });
  };
}
