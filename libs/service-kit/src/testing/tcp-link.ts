import { connect, createServer, type Socket } from 'node:net';

/**
 * A cuttable TCP link between a client under test and a real server (a network outage between
 * two services, not a mock of either): connections pass through while the link is up; `cut()`
 * resets every open connection and refuses new ones until `restore()`.
 */
export interface TcpLink {
  /** `127.0.0.1:<port>`: give this to the client instead of the server's own address. */
  readonly address: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpLink(target: string): Promise<TcpLink> {
  const separator = target.lastIndexOf(':');
  const host = target.slice(0, separator);
  const port = Number(target.slice(separator + 1));
  const open = new Set<Socket>();
  let up = true;
  const server = createServer((client) => {
    if (!up) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(port, host);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const listening = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    address: `127.0.0.1:${listening}`,
    cut() {
      up = false;
      for (const socket of open) socket.resetAndDestroy();
    },
    restore() {
      up = true;
    },
    close() {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
