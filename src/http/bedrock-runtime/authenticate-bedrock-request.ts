import type { MiddlewareHandler } from 'hono';
import { AuthenticationError } from '../../core/errors.js';
import type { Authenticate } from '../../tenancy/authenticate.js';
import type { GatewayEnv } from '../gateway-env.js';
import { authenticateRequest } from '../middleware/authenticate-request.js';
import { SIGV4_NOT_ACCEPTED } from './to-bedrock-exception.js';

/** `Authorization: AWS4-HMAC-SHA256 Credential=...`: a request signed with IAM credentials. */
const SIGV4_AUTHORIZATION = /^\s*AWS4-HMAC-SHA256\s/i;

/**
 * Auth for the Bedrock Runtime surface: a gateway key as the Bedrock API key (`Authorization: Bearer`, what
 * `AWS_BEARER_TOKEN_BEDROCK` makes the SDKs send). A SigV4-signed request is refused with a message that says
 * so, rather than as a missing key: the gateway holds no IAM credentials to check a signature against, and the
 * client only needs its bearer-token setting.
 */
export function authenticateBedrockRequest(authenticate: Authenticate): MiddlewareHandler<GatewayEnv> {
  const byKey = authenticateRequest(authenticate);
  return async (c, next) => {
    if (SIGV4_AUTHORIZATION.test(c.req.header('authorization') ?? '')) {
      throw new AuthenticationError(
        SIGV4_NOT_ACCEPTED,
        "This gateway does not accept AWS Signature Version 4 credentials. Use a gateway API key as the Bedrock API key: set AWS_BEARER_TOKEN_BEDROCK to it (or pass it as the client's bearer token or API key), and the client sends Authorization: Bearer <key> instead of signing.",
      );
    }
    return byKey(c, next);
  };
}
