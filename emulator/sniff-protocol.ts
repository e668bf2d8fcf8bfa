import type { Server as HttpServer } from 'node:http';
import type { Http2Server } from 'node:http2';
import type { Socket } from 'node:net';

/** The start of the HTTP/2 connection preface; no HTTP/1.1 request line can begin with it. */
const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0');

/**
 * Reads just enough of a new connection to tell HTTP/2 prior knowledge (the `PRI * HTTP/2.0` preface) from
 * HTTP/1.1, puts the bytes back, and hands the socket to the matching server. This is how one port serves both
 * the SDK's default HTTP/2 handler and HTTP/1.1 clients (curl, fetch, NodeHttpHandler), as Bedrock does.
 */
export function handOffByPreface(socket: Socket, servers: { http1: HttpServer; http2: Http2Server }): void {
  let received = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    const compared = Math.min(received.length, HTTP2_PREFACE.length);
    const looksLikeHttp2 = received.subarray(0, compared).equals(HTTP2_PREFACE.subarray(0, compared));
    if (looksLikeHttp2 && compared < HTTP2_PREFACE.length) return;
    socket.off('data', onData);
    socket.pause();
    socket.unshift(received);
    if (looksLikeHttp2) {
      // The HTTP/2 session reads what is already buffered on the socket itself.
      servers.http2.emit('connection', socket);
    } else {
      servers.http1.emit('connection', socket);
      socket.resume();
    }
  };
  socket.on('data', onData);
}
