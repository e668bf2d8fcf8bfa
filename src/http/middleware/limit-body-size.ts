import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PayloadTooLargeError } from '../../core/errors.js';
import type { GatewayEnv } from '../gateway-env.js';

/**
 * Refuses a body over `maxBytes` with PayloadTooLargeError (413). A request that declares its length
 * (`content-length`, no `transfer-encoding`) is judged by that header alone, as Hono's bodyLimit judges it, but
 * without touching `request.body` first: on the Node server that access turns @hono/node-server's lightweight
 * request into a full Web Request with a ReadableStream over the socket, which then also costs the body read
 * its direct path (about 0.1 ms of CPU a request, from the bench's profile). Bodies of unknown length (chunked)
 * go through Hono's bodyLimit, which counts them as they arrive.
 */
export function limitBodySize(maxBytes: number): MiddlewareHandler<GatewayEnv> {
  const countChunked = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(maxBytes);
    },
  });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number.parseInt(declared, 10) > maxBytes) throw new PayloadTooLargeError(maxBytes);
      return next();
    }
    return countChunked(c, next);
  };
}
