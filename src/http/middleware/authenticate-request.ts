import type { MiddlewareHandler } from 'hono';
import type { Authenticate } from '../../tenancy/authenticate.js';
import type { GatewayEnv } from '../gateway-env.js';

/** The presented key: `Authorization: Bearer <key>` (what OpenAI SDKs send) or `x-api-key: <key>`. */
export function readPresentedKey(headers: Headers): string | undefined {
  const authorization = headers.get('authorization');
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? headers.get('x-api-key')?.trim() ?? undefined;
}

/** Authenticates the caller and puts the key record in `c.var.apiKey`; the key itself is never logged. */
export function authenticateRequest(authenticate: Authenticate): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const record = await authenticate(readPresentedKey(c.req.raw.headers));
    c.set('apiKey', record);
    c.var.log.key_id = record.keyId;
    await next();
  };
}
