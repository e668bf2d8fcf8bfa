import type { MiddlewareHandler } from 'hono';
import { PermissionDeniedError, RateLimitError } from '../../core/errors.js';
import type { Authenticate } from '../../tenancy/authenticate.js';
import type { GatewayEnv } from '../gateway-env.js';
import { readPresentedKey } from '../middleware/authenticate-request.js';
import type { AdminRateLimiter } from './admin-rate-limiter.js';

/**
 * Lets only admin keys through to the admin API: 401 without a valid key, 403 `admin_role_required` for an
 * API key (whatever its models), 429 past the admin key's own rate. The key record goes to `c.var.apiKey`.
 */
export function requireAdminKey(
  authenticate: Authenticate,
  limiter: AdminRateLimiter,
): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const record = await authenticate(readPresentedKey(c.req.raw.headers));
    c.set('apiKey', record);
    c.var.log.key_id = record.keyId;
    if (record.role !== 'admin') {
      throw new PermissionDeniedError(
        'admin_role_required',
        'This key is not an admin key: the admin API takes keys created with `keys create --admin`.',
      );
    }
    const retryAfterSeconds = limiter.take(record.keyId);
    if (retryAfterSeconds !== undefined) {
      throw new RateLimitError(
        'admin_rate_limit_exceeded',
        `Admin key ${record.keyId} has made more than ${limiter.requestsPerMinute} admin requests in a minute.`,
        retryAfterSeconds,
      );
    }
    await next();
  };
}
