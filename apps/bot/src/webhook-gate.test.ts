import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '@discarr/monitor';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookHandler } from './http-server.ts';
import { heldUntil } from './webhook-gate.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** The monitor's receiver as a stand-in: reads the body and answers 202 with it. */
const receiver: WebhookHandler = (req, res, instance) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ instance, body }));
  });
};

async function serve(handler: WebhookHandler): Promise<string> {
  const server = createServer((req, res) => {
    handler(req, res, 'radarr');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('heldUntil', () => {
  it('holds a webhook that arrives before the monitor runs, then hands it over whole', async () => {
    let run: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (run = resolve));
    const url = await serve(heldUntil(running, receiver, systemClock));
    const answer = fetch(url, { method: 'POST', body: '{"eventType":"Grab"}' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    run();
    const response = await answer;
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ instance: 'radarr', body: '{"eventType":"Grab"}' });
    // Once running, webhooks go straight through.
    expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(202);
  });

  it('answers 503 with Retry-After when the monitor does not run in time, so the app sends it again', async () => {
    const url = await serve(heldUntil(new Promise(() => undefined), receiver, systemClock, 200));
    const response = await fetch(url, { method: 'POST', body: '{}' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
  });
});
