import type { Server as HttpServer } from 'node:http';
import type { Http2Server, Http2Session } from 'node:http2';
import type { Socket } from 'node:net';

/** The start of the HTTP/2 connection preface (RFC 9113 §3.4); no HTTP/1.1 request line begins with it. */
const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0');

/**
 * Makes one listening port serve HTTP/1.1 and HTTP/2 with prior knowledge (h2c), as Bedrock's endpoints do: the
 * AWS SDK for JavaScript speaks HTTP/2 by default (`NodeHttp2Handler`), and most other clients HTTP/1.1. Each
 * new connection of `http1` is read just far enough to tell the preface from a request line, the bytes are put
 * back, and the socket goes to Node's own HTTP/1.1 connection handling or to `http2`. A connection that sends
 * nothing within `firstByteTimeoutMs` is closed, as the HTTP/1.1 server's header timeout would have.
 *
 * HTTP/2 sessions idle for `idleTimeoutMs` are closed gracefully (streams still open finish first). Returns the
 * live sessions, which a shutdown closes with a GOAWAY.
 */
export function serveBothProtocols(
  http1: HttpServer,
  http2: Http2Server,
  options: { firstByteTimeoutMs: number; idleTimeoutMs: number },
): ReadonlySet<Http2Session> {
  const sessions = new Set<Http2Session>();
  http2.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
    session.setTimeout(options.idleTimeoutMs, () => session.close());
  });
  // Node's HTTP/1.1 server installs its connection handling as its first `connection` listener.
  const parseHttp1 = http1.listeners('connection')[0] as (socket: Socket) => void;
  http1.removeListener('connection', parseHttp1);
  http1.prependListener('connection', (socket: Socket) => {
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), options.firstByteTimeoutMs);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const compared = Math.min(received.length, HTTP2_PREFACE.length);
      const looksLikeHttp2 = received.subarray(0, compared).equals(HTTP2_PREFACE.subarray(0, compared));
      if (looksLikeHttp2 && compared < HTTP2_PREFACE.length) return;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.pause();
      socket.unshift(received);
      if (looksLikeHttp2) {
        // The session reads what is already buffered on the socket.
        http2.emit('connection', socket);
      } else {
        parseHttp1.call(http1, socket);
        socket.resume();
      }
    };
    const onClose = () => clearTimeout(timer);
    socket.on('data', onData);
    socket.once('close', onClose);
  });
  return sessions;
}
