import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, HttpRequest } from '@smithy/types';
import { createAwsSigner } from '../../aws/create-aws-signer.js';
import { API_KEY_PREFIX } from '../../tenancy/api-key.js';

/** How the transport proves who it is to Bedrock: IAM credentials (SigV4) or a Bedrock API key (bearer). */
export interface BedrockAuthOptions {
  /**
   * A Bedrock API key, sent as `Authorization: Bearer` instead of a SigV4 signature (BEDROCK_WIRE.md: "Bearer
   * tokens"). Unset: `AWS_BEARER_TOKEN_BEDROCK`, unless `credentials` are given.
   */
  bearerToken?: string;
  /** Fixed credentials or a provider. Unset: the AWS SDK's default provider chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Where `AWS_BEARER_TOKEN_BEDROCK` is read. Default `process.env`. */
  environment?: Record<string, string | undefined>;
}

/** Adds the `Authorization` header (and, for SigV4, the date, payload hash and session token) to a request. */
export type RequestAuthorizer = (request: HttpRequest) => Promise<Record<string, string>>;

/**
 * `AWS_BEARER_TOKEN_BEDROCK` as the gateway's own Bedrock API key, unless it holds a gateway key: the client
 * guides (docs/bedrock-clients.md) have users export that variable with a `bgw_` key for their clients, and a
 * gateway started from that shell must not send the gateway key to AWS in place of its own credentials.
 */
function readBedrockApiKey(value: string | undefined): string | undefined {
  if (!value || value.startsWith(API_KEY_PREFIX)) return undefined;
  return value;
}

/**
 * The authorizer Bedrock Runtime takes: SigV4 for the `bedrock` signing name (the SDK's `signingName`), with
 * @smithy/signature-v4, the SDK's own signer; or a bearer key. Precedence: an explicit key, explicit
 * credentials, `AWS_BEARER_TOKEN_BEDROCK` (which alone switches the SDK's Bedrock clients to bearer auth), then
 * the default chain, resolved on the first call rather than at start-up.
 */
export function createRequestAuthorizer(region: string, options: BedrockAuthOptions = {}): RequestAuthorizer {
  const environment = options.environment ?? process.env;
  const token =
    options.bearerToken ??
    (options.credentials ? undefined : readBedrockApiKey(environment.AWS_BEARER_TOKEN_BEDROCK));
  if (token !== undefined) {
    const authorization = `Bearer ${token}`;
    return async () => ({ authorization });
  }
  const signer = createAwsSigner({ service: 'bedrock', region, credentials: options.credentials });
  return async (request) => (await signer.sign(request)).headers;
}
