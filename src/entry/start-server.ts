import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Gateway } from './create-gateway.js';

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting connections, then waits for work still running after responses (usage settlements). */
  close(): Promise<void>;
}

/**
 * Serves the gateway over HTTP/1.1 with Node's http server. Streams are written as they are produced.
 * Work the app defers past a response (`waitUntil`) is tracked, so a graceful shutdown loses none of it.
 */
export function startServer(
  gateway: Gateway,
  options: { host: string; port: number },
): Promise<RunningServer> {
  const pending = new Set<Promise<unknown>>();
  const waitUntil = (promise: Promise<unknown>) => {
    const tracked = promise.finally(() => pending.delete(tracked));
    pending.add(tracked);
  };
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: (request, bindings) => gateway.app.fetch(request, { ...(bindings as object), waitUntil }),
        hostname: options.host,
        port: options.port,
      },
      (info) => {
        const { port } = info as AddressInfo;
        const host = options.host.includes(':') ? `[${options.host}]` : options.host;
        resolve({
          url: `http://${host}:${port}`,
          port,
          close: async () => {
            await new Promise<void>((done) => {
              server.close(() => done());
              // Idle keep-alive sockets would otherwise hold close() open.
              if ('closeAllConnections' in server) server.closeAllConnections();
            });
            await Promise.allSettled([...pending]);
          },
        });
      },
    );
    server.once('error', reject);
  });
}
