import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2Server } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { createAdaptorServer, type HttpBindings } from '@hono/node-server';
import { SERVER_DEFAULTS, type ServerConfig } from '../config/config-schema.js';
import type { Gateway } from './create-gateway.js';
import { serveBothProtocols } from './serve-both-protocols.js';

/** Where the server listens; every other field of the `server` config section defaults as in the schema. */
export type StartServerOptions = Pick<ServerConfig, 'host' | 'port'> &
  Partial<Omit<ServerConfig, 'host' | 'port' | 'bodyLimitBytes'>>;

/** What a shutdown did, for its closing log line. Counts only: nothing about callers or keys. */
export interface DrainReport {
  /** Requests in flight (streams included) when the shutdown began. */
  inFlightAtStart: number;
  /** Requests still running at the drain deadline, whose streams were cut with `server_shutting_down`. */
  cutAtDeadline: number;
  /** Connections still open after the grace period, closed by force. */
  closedByForce: number;
  /** Requests that had not ended even after their connections were closed (their settlement may be late). */
  unfinished: number;
  /** Settlements (deferred usage writes) awaited before the shutdown completed. */
  settlementsFlushed: number;
  durationMs: number;
}

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Graceful shutdown: stops accepting connections at once and closes idle keep-alive ones, lets in-flight
   * requests and streams finish until `drainTimeoutMs`, then cuts the streams still live (each ends with a
   * `server_shutting_down` error event and its usage settled), gives them `cutoffGraceMs` to write it, closes
   * what is left, and resolves once every settlement is flushed. Calling it again returns the same promise.
   */
  close(context?: { signal?: string }): Promise<DrainReport>;
  /** Ends the drain wait now (a second signal): the streams still live are cut as at the deadline. */
  endDrainNow(): void;
}

/**
 * Responses the app keeps producing after its handler returned. Their request is done only when the body is:
 * the stream's `finally` (which settles its usage) has run by then.
 */
const STREAMED_CONTENT_TYPES = ['text/event-stream', 'application/vnd.amazon.eventstream'];

/**
 * How often Node checks `headersTimeout` and `requestTimeout`. Its default (30 s) would let a request overrun
 * a short timeout by that much; a quarter of the shorter timeout keeps the overrun within 25 %.
 */
function computeConnectionsCheckingInterval(headersTimeoutMs: number, requestTimeoutMs: number): number {
  return Math.max(10, Math.min(30_000, Math.floor(Math.min(headersTimeoutMs, requestTimeoutMs) / 4)));
}

/** Resolves true when `done` settles first, false after `ms` or when `interrupt` aborts. */
async function waitAtMost(done: Promise<unknown>, ms: number, interrupt?: AbortSignal): Promise<boolean> {
  if (interrupt?.aborted) return false;
  let timer: NodeJS.Timeout | undefined;
  let onInterrupt: (() => void) | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    onInterrupt = () => resolve(false);
    interrupt?.addEventListener('abort', onInterrupt, { once: true });
  });
  try {
    return await Promise.race([done.then(() => true), expired]);
  } finally {
    clearTimeout(timer);
    if (onInterrupt) interrupt?.removeEventListener('abort', onInterrupt);
  }
}

/** A body that reports when it has ended: read to its end, failed, or cancelled (after the source's cancel). */
function trackBody(body: ReadableStream<Uint8Array>, onEnd: () => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            controller.close();
            onEnd();
          } else {
            controller.enqueue(value);
          }
        } catch (error) {
          controller.error(error);
          onEnd();
        }
      },
      async cancel(reason) {
        try {
          await reader.cancel(reason);
        } finally {
          onEnd();
        }
      },
    },
    // Pull only when the socket asks: no event waits in this stream.
    { highWaterMark: 0 },
  );
}

/**
 * Serves the gateway over HTTP/1.1 with Node's http server, and over HTTP/2 (prior knowledge) on the same port. Streams are written as they are produced.
 * Work the app defers past a response (`waitUntil`) is tracked, so a graceful shutdown loses none of it, and
 * every request carries the `streamCutoff` signal that ends live streams honestly at the drain deadline.
 */
export function startServer(gateway: Gateway, options: StartServerOptions): Promise<RunningServer> {
  const settings = { ...SERVER_DEFAULTS, ...options };
  const pending = new Set<Promise<unknown>>();
  let settlementsSinceShutdown = 0;
  const waitUntil = (promise: Promise<unknown>) => {
    const tracked = promise.finally(() => pending.delete(tracked));
    pending.add(tracked);
    if (shuttingDown) settlementsSinceShutdown++;
  };
  const cutoff = new AbortController();
  const endDrain = new AbortController();
  let shuttingDown = false;
  let closing: Promise<DrainReport> | undefined;

  /** Requests from arrival until their response is written and, for streams, their body has ended. */
  const inFlight = new Set<ServerResponse>();
  const idleWaiters = new Set<() => void>();
  const untilNoneInFlight = () =>
    inFlight.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.add(resolve));
  const sockets = new Set<Socket>();

  function trackRequest(outgoing: ServerResponse): () => void {
    inFlight.add(outgoing);
    // A request that arrives on a kept-alive connection during the drain is served, then its connection closes.
    if (shuttingDown) outgoing.shouldKeepAlive = false;
    let parts = 2;
    const endPart = () => {
      if (--parts > 0) return;
      inFlight.delete(outgoing);
      // Keep closing connections as they become idle; Node marks them idle just after the response.
      if (shuttingDown) setImmediate(() => server.closeIdleConnections());
      if (inFlight.size > 0) return;
      for (const resolve of idleWaiters) resolve();
      idleWaiters.clear();
    };
    outgoing.once('close', endPart);
    let bodyEnded = false;
    return () => {
      if (bodyEnded) return;
      bodyEnded = true;
      endPart();
    };
  }

  const fetchAnswer = async (request: Request, bindings: unknown): Promise<Response> => {
    const { outgoing } = bindings as HttpBindings;
    const endBody = trackRequest(outgoing);
    let response: Response;
    try {
      response = await gateway.app.fetch(request, {
        ...(bindings as object),
        waitUntil,
        streamCutoff: cutoff.signal,
      });
    } catch (error) {
      endBody();
      throw error;
    }
    const type = response.headers.get('content-type') ?? '';
    if (!response.body || !STREAMED_CONTENT_TYPES.some((streamed) => type.startsWith(streamed))) {
      endBody();
      return response;
    }
    return new Response(trackBody(response.body, endBody), response);
  };
  const server = createAdaptorServer({
    fetch: fetchAnswer,
    hostname: settings.host,
    serverOptions: {
      keepAliveTimeout: settings.keepAliveTimeoutMs,
      headersTimeout: settings.headersTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      connectionsCheckingInterval: computeConnectionsCheckingInterval(
        settings.headersTimeoutMs,
        settings.requestTimeoutMs,
      ),
    },
  }) as Server<typeof IncomingMessage, typeof ServerResponse>;
  // The same app over HTTP/2 (prior knowledge), on the same port: the AWS SDK for JavaScript's default.
  const http2Server = createAdaptorServer({
    fetch: fetchAnswer,
    hostname: settings.host,
    createServer: createHttp2Server,
  }) as Http2Server;
  const http2Sessions = serveBothProtocols(server, http2Server, {
    firstByteTimeoutMs: settings.headersTimeoutMs,
    idleTimeoutMs: settings.keepAliveTimeoutMs,
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function shutDown(context: { signal?: string }): Promise<DrainReport> {
    const started = Date.now();
    shuttingDown = true;
    const inFlightAtStart = inFlight.size;
    settlementsSinceShutdown = pending.size;
    // Stop accepting now; Node also closes the idle keep-alive connections (and stops checking the header and
    // request timeouts: a connection still sending its request by the end is closed by force below).
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // HTTP/2 sessions refuse new streams (GOAWAY) and close once their open streams have finished.
    for (const session of http2Sessions) session.close();
    for (const outgoing of inFlight) if (!outgoing.headersSent) outgoing.shouldKeepAlive = false;
    // Logged once no connection can be accepted any more, so the line means what it says.
    gateway.logger.info('drain started', {
      ...(context.signal ? { signal: context.signal } : {}),
      in_flight: inFlightAtStart,
      connections: sockets.size,
      drain_timeout_ms: settings.drainTimeoutMs,
    });

    let cutAtDeadline = 0;
    if (!(await waitAtMost(untilNoneInFlight(), settings.drainTimeoutMs, endDrain.signal))) {
      cutAtDeadline = inFlight.size;
      cutoff.abort();
      await waitAtMost(untilNoneInFlight(), settings.cutoffGraceMs);
    }
    // Connections close as their last response ends; what stays open is a hung client or a request that
    // ignores the cutoff (a call that does not stream), and is closed by force.
    let closedByForce = 0;
    if (!(await waitAtMost(serverClosed, inFlight.size === 0 ? settings.cutoffGraceMs : 0))) {
      closedByForce = sockets.size;
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await serverClosed;
    }
    // Closed connections abort their requests, whose settlements are registered as they unwind.
    await waitAtMost(untilNoneInFlight(), settings.cutoffGraceMs);
    // Batched settlements are written now rather than at the end of their interval; each pass also takes
    // those registered while the last one was written.
    while (pending.size > 0) {
      void gateway.tenancy?.meter.flush();
      await Promise.allSettled([...pending]);
    }
    await gateway.tenancy?.meter.flush();

    const report: DrainReport = {
      inFlightAtStart,
      cutAtDeadline,
      closedByForce,
      unfinished: inFlight.size,
      settlementsFlushed: settlementsSinceShutdown,
      durationMs: Date.now() - started,
    };
    gateway.logger.info('drain finished', {
      in_flight_at_start: report.inFlightAtStart,
      cut_at_deadline: report.cutAtDeadline,
      closed_by_force: report.closedByForce,
      unfinished: report.unfinished,
      settlements_flushed: report.settlementsFlushed,
      duration_ms: report.durationMs,
    });
    return report;
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: (context = {}) => {
          closing ??= shutDown(context);
          return closing;
        },
        endDrainNow: () => endDrain.abort(),
      });
    });
    server.listen(settings.port, settings.host);
  });
}
