import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Gateway } from './create-gateway.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the gateway over HTTP/1.1 with Node's http server. Streams are written as they are produced. */
export function startServer(
  gateway: Gateway,
  options: { host: string; port: number },
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: gateway.app.fetch, hostname: options.host, port: options.port }, (info) => {
      const { port } = info as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Idle keep-alive sockets would otherwise hold close() open.
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
