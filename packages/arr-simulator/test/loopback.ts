/** Test helper: real node:http servers on free loopback ports, closed together after each test. */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const open = new Set<Server>();

/** Closes one server, dropping its open connections; resolves once it stopped (or was not running). */
export function closeServer(server: Server): Promise<void> {
  open.delete(server);
  server.closeAllConnections();
  return new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
}

/** Starts a server on a free loopback port; {@link closeLoopbackServers} (in `afterEach`) closes it. */
export async function listenOnLoopback(handler?: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  open.add(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

/** Closes every server {@link listenOnLoopback} started and that is still open. */
export async function closeLoopbackServers(): Promise<void> {
  await Promise.all([...open].map((server) => closeServer(server)));
}
