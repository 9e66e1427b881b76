import { HttpTransportType, HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection } from '@microsoft/signalr';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { closeLoopbackServers, listenOnLoopback } from '../../test/loopback.ts';
import { createSignalRHub, type SignalRBroadcast, type SignalRHub, type SignalRHubOptions } from './signalr-hub.ts';

const apiKey = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const RS = '\u001e';

interface Harness {
  url: string;
  hub: SignalRHub;
}

const clients: HubConnection[] = [];
const sockets: WebSocket[] = [];

/** Keeps a raw socket for cleanup; a refused socket's late error is expected, not a failure. */
function track(socket: WebSocket): WebSocket {
  socket.on('error', () => undefined);
  sockets.push(socket);
  return socket;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.stop()));
  for (const socket of sockets.splice(0)) socket.terminate();
  await closeLoopbackServers();
});

/** A bare node:http server that routes to the hub and answers 404 otherwise. */
async function startHub(options: Partial<SignalRHubOptions> = {}): Promise<Harness> {
  const hub = createSignalRHub({ urlBase: '', apiKey, ...options });
  const { server, url } = await listenOnLoopback((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (!hub.handleHttp(req, res, pathname)) res.writeHead(404).end();
  });
  server.on('upgrade', (req, socket, head) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (!hub.handleUpgrade(req, socket, head, pathname)) socket.destroy();
  });
  const onClose = hub.close.bind(hub);
  server.on('close', onClose);
  return { url, hub };
}

function connect(hubUrl: string, options: { key?: string; skipNegotiation?: boolean } = {}): HubConnection {
  const client = new HubConnectionBuilder()
    .withUrl(hubUrl, {
      accessTokenFactory: () => options.key ?? apiKey,
      transport: HttpTransportType.WebSockets,
      skipNegotiation: options.skipNegotiation ?? false,
    })
    .configureLogging(LogLevel.None)
    .build();
  clients.push(client);
  return client;
}

function nextMessage(client: HubConnection): Promise<SignalRBroadcast> {
  return new Promise((resolve) => {
    const handler = (message: SignalRBroadcast): void => {
      client.off('receiveMessage', handler);
      resolve(message);
    };
    client.on('receiveMessage', handler);
  });
}

/** Opens a raw WebSocket on the hub and collects every text frame it receives. */
async function rawSocket(url: string): Promise<{ socket: WebSocket; frames: string[]; next: () => Promise<string> }> {
  const socket = track(new WebSocket(`${url.replace('http', 'ws')}/signalr/messages?access_token=${apiKey}`));
  const frames: string[] = [];
  const waiters: ((frame: string) => void)[] = [];
  socket.on('message', (data: Buffer) => {
    const text = data.toString('utf8');
    const waiter = waiters.shift();
    if (waiter) waiter(text);
    else frames.push(text);
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const next = (): Promise<string> => {
    const queued = frames.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => waiters.push(resolve));
  };
  return { socket, frames, next };
}

function closed(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', resolve));
}

describe('createSignalRHub with the official @microsoft/signalr client', () => {
  it('connects and receives a broadcast with its name and body', async () => {
    const { url, hub } = await startHub();
    const client = connect(`${url}/signalr/messages`);
    await client.start();
    expect(client.state).toBe(HubConnectionState.Connected);
    expect(hub.connectionCount()).toBe(1);

    const received = nextMessage(client);
    hub.broadcast({ name: 'queue', body: { action: 'sync' } });
    expect(await received).toEqual({ name: 'queue', body: { action: 'sync' } });

    const updated = nextMessage(client);
    hub.broadcast({ name: 'movie', body: { action: 'updated', resource: { id: 7, title: 'Heat' } } });
    expect(await updated).toEqual({ name: 'movie', body: { action: 'updated', resource: { id: 7, title: 'Heat' } } });
  });

  it('rejects a client presenting the wrong API key', async () => {
    const { url, hub } = await startHub();
    await expect(connect(`${url}/signalr/messages`, { key: 'wrong' }).start()).rejects.toThrow(/401/);
    expect(hub.connectionCount()).toBe(0);
  });

  it('accepts a client that skips negotiation and goes straight to the WebSocket', async () => {
    const { url, hub } = await startHub();
    const client = connect(`${url}/signalr/messages`, { skipNegotiation: true });
    await client.start();
    const received = nextMessage(client);
    hub.broadcast({ name: 'health', body: { action: 'sync' } });
    expect(await received).toEqual({ name: 'health', body: { action: 'sync' } });
  });

  it('rejects a skipped-negotiation WebSocket with the wrong key', async () => {
    const { url } = await startHub();
    await expect(connect(`${url}/signalr/messages`, { key: 'wrong', skipNegotiation: true }).start()).rejects.toThrow();
  });

  it('serves the hub under the URL base', async () => {
    const { url, hub } = await startHub({ urlBase: '/radarr/' });
    const client = connect(`${url}/radarr/signalr/messages`);
    await client.start();
    const received = nextMessage(client);
    hub.broadcast({ name: 'command', body: { action: 'updated', resource: { name: 'RssSync', status: 'completed' } } });
    expect((await received).name).toBe('command');

    await expect(connect(`${url}/signalr/messages`).start()).rejects.toThrow(/404/);
  });

  it('delivers the same broadcast to several clients and counts them', async () => {
    const { url, hub } = await startHub();
    const all = [connect(`${url}/signalr/messages`), connect(`${url}/signalr/messages`), connect(`${url}/signalr/messages`)];
    await Promise.all(all.map((client) => client.start()));
    expect(hub.connectionCount()).toBe(3);

    const received = all.map(nextMessage);
    hub.broadcast({ name: 'queue/status', body: { action: 'updated', resource: { totalCount: 2 } } });
    for (const message of await Promise.all(received)) {
      expect(message).toEqual({ name: 'queue/status', body: { action: 'updated', resource: { totalCount: 2 } } });
    }

    await all[0]!.stop();
    await expect.poll(() => hub.connectionCount()).toBe(2);
  });

  it('disconnects every client on close() and lets them connect again', async () => {
    const { url, hub } = await startHub();
    const client = connect(`${url}/signalr/messages`);
    const other = connect(`${url}/signalr/messages`);
    await Promise.all([client.start(), other.start()]);
    const onClose = new Promise<Error | undefined>((resolve) => {
      client.onclose(resolve);
    });

    hub.close();
    expect(await onClose).toBeUndefined();
    await expect.poll(() => other.state).toBe(HubConnectionState.Disconnected);
    await expect.poll(() => hub.connectionCount()).toBe(0);

    await client.start();
    expect(hub.connectionCount()).toBe(1);
  });
});

describe('createSignalRHub negotiate over HTTP', () => {
  it('answers negotiateVersion 1 with a connection token and only the WebSockets transport', async () => {
    const { url } = await startHub();
    const res = await fetch(`${url}/signalr/messages/negotiate?negotiateVersion=1&access_token=${apiKey}`, { method: 'POST' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      negotiateVersion: 1,
      connectionId: expect.any(String) as unknown,
      connectionToken: expect.any(String) as unknown,
      availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }],
    });
    expect(body['connectionToken']).not.toBe(body['connectionId']);
  });

  it('answers negotiateVersion 0 without a connection token', async () => {
    const { url } = await startHub();
    const res = await fetch(`${url}/signalr/messages/negotiate`, { method: 'POST', headers: { 'X-Api-Key': apiKey } });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['negotiateVersion']).toBe(0);
    expect(body).not.toHaveProperty('connectionToken');
    expect(body['connectionId']).toEqual(expect.any(String));
  });

  it('answers 401 to negotiate without a valid key and 405 to a GET', async () => {
    const { url } = await startHub();
    expect((await fetch(`${url}/signalr/messages/negotiate?negotiateVersion=1`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${url}/signalr/messages/negotiate?access_token=nope`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${url}/signalr/messages/negotiate?access_token=${apiKey}`)).status).toBe(405);
  });

  it('refuses plain HTTP transports on the hub path and leaves other paths to the server', async () => {
    const { url } = await startHub();
    expect((await fetch(`${url}/signalr/messages`)).status).toBe(401);
    expect((await fetch(`${url}/signalr/messages?access_token=${apiKey}`)).status).toBe(400);
    expect((await fetch(`${url}/api/v3/queue`)).status).toBe(404);
  });

  it('accepts a negotiated token once and refuses an unknown one', async () => {
    const { url } = await startHub();
    const res = await fetch(`${url}/signalr/messages/negotiate?negotiateVersion=1&access_token=${apiKey}`, { method: 'POST' });
    const { connectionToken } = (await res.json()) as { connectionToken: string };
    const wsUrl = `${url.replace('http', 'ws')}/signalr/messages?id=${connectionToken}&access_token=${apiKey}`;

    const first = track(new WebSocket(wsUrl));
    await new Promise((resolve) => first.once('open', resolve));

    const second = track(new WebSocket(wsUrl));
    const status = await new Promise<number | undefined>((resolve) => {
      second.once('unexpected-response', (_req, response) => {
        resolve(response.statusCode);
      });
    });
    expect(status).toBe(404);
  });
});

describe('createSignalRHub wire protocol', () => {
  it('answers the handshake with {} and ends every record with 0x1E', async () => {
    const { url, hub } = await startHub();
    const { socket, next } = await rawSocket(url);
    socket.send(`{"protocol":"json","version":1}${RS}`);
    expect(await next()).toBe(`{}${RS}`);

    hub.broadcast({ name: 'queue', body: { action: 'sync' } });
    expect(await next()).toBe(`{"type":1,"target":"receiveMessage","arguments":[{"name":"queue","body":{"action":"sync"}}]}${RS}`);
  });

  it('sends keep-alive pings at the configured interval', async () => {
    const { url } = await startHub({ pingIntervalMs: 20 });
    const { socket, next } = await rawSocket(url);
    socket.send(`{"protocol":"json","version":1}${RS}`);
    expect(await next()).toBe(`{}${RS}`);
    expect(await next()).toBe(`{"type":6}${RS}`);
    expect(await next()).toBe(`{"type":6}${RS}`);
  });

  it('reads a handshake and messages batched in one frame and split across frames', async () => {
    const { url, hub } = await startHub();
    const { socket, next } = await rawSocket(url);
    socket.send(`{"protocol":"json","version":1}${RS}{"type":6}${RS}{"type":1,"target":"Sub`);
    expect(await next()).toBe(`{}${RS}`);
    socket.send(`scribe","invocationId":"4","arguments":[]}${RS}{"type":1,"target":"fire","arguments":[]}${RS}`);
    expect(JSON.parse((await next()).slice(0, -1))).toEqual({
      type: 3,
      invocationId: '4',
      error: "Unknown hub method 'Subscribe'",
    });
    // The fire-and-forget invocation got no answer: the next frame is the broadcast.
    hub.broadcast({ name: 'queue', body: { action: 'sync' } });
    expect(await next()).toContain('"target":"receiveMessage"');
  });

  it('refuses another protocol with an error and closes', async () => {
    const { url } = await startHub();
    const { socket, next } = await rawSocket(url);
    const whenClosed = closed(socket);
    socket.send(`{"protocol":"messagepack","version":1}${RS}`);
    expect(await next()).toBe(`{"error":"The protocol 'messagepack' is not supported."}${RS}`);
    await whenClosed;
  });

  it.each([
    ['an unsupported version', `{"protocol":"json","version":2}`, "The server does not support version 2 of the 'json' protocol."],
    ['invalid JSON', `{"protocol":`, 'Handshake request is not valid JSON.'],
    ['a handshake without a version', `{"protocol":"json"}`, 'Handshake request is missing the protocol or version.'],
  ])('refuses a handshake with %s', async (_case, handshake, error) => {
    const { url } = await startHub();
    const { socket, next } = await rawSocket(url);
    socket.send(handshake + RS);
    expect(await next()).toBe(`${JSON.stringify({ error })}${RS}`);
  });

  it('closes the connection when the client sends a close message', async () => {
    const { url, hub } = await startHub();
    const { socket, next } = await rawSocket(url);
    const whenClosed = closed(socket);
    socket.send(`{"protocol":"json","version":1}${RS}`);
    await next();
    expect(hub.connectionCount()).toBe(1);
    socket.send(`{"type":7}${RS}`);
    await whenClosed;
    await expect.poll(() => hub.connectionCount()).toBe(0);
  });

  it('ends the connection with an error close message on a record that is not a hub message', async () => {
    const { url } = await startHub();
    const { socket, next } = await rawSocket(url);
    const whenClosed = closed(socket);
    socket.send(`{"protocol":"json","version":1}${RS}`);
    await next();
    socket.send(Buffer.from(`[1,2]${RS}`));
    const close = JSON.parse((await next()).slice(0, -1)) as { type: number; error: string };
    expect(close.type).toBe(7);
    expect(close.error).toMatch(/InvalidDataException/);
    await whenClosed;
  });

  it('sends a close message that allows reconnecting on close()', async () => {
    const { url, hub } = await startHub();
    const { socket, next } = await rawSocket(url);
    socket.send(`{"protocol":"json","version":1}${RS}`);
    await next();
    const whenClosed = closed(socket);
    hub.close();
    expect(await next()).toBe(`{"type":7,"allowReconnect":true}${RS}`);
    expect(await whenClosed).toBe(1001);
  });

  it('does not broadcast to a socket that has not completed the handshake', async () => {
    const { url, hub } = await startHub();
    const { frames } = await rawSocket(url);
    hub.broadcast({ name: 'queue', body: { action: 'sync' } });
    const { socket, next } = await rawSocket(url);
    socket.send(`{"protocol":"json","version":1}${RS}`);
    await next();
    expect(frames).toEqual([]);
  });
});
