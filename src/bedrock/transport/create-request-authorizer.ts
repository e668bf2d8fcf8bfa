import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from '@smithy/core';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, HttpRequest } from '@smithy/types';
import { NodeSha256 } from './create-sha256.js';

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
 * Memoised as the SDK memoises its credentials (@smithy/core's `memoizeIdentityProvider` with
 * `isIdentityExpired`): resolved once, and resolved again once they are within five minutes of expiring, so a
 * role's temporary credentials are renewed before a call could be signed with expired ones.
 */
function memoiseCredentials(
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined,
): AwsCredentialIdentityProvider {
  const provider = credentials ?? defaultProvider();
  return memoizeIdentityProvider(
    provider,
    isIdentityExpired,
    doesIdentityRequireRefresh,
  ) as AwsCredentialIdentityProvider;
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
    (options.credentials ? undefined : environment.AWS_BEARER_TOKEN_BEDROCK || undefined);
  if (token !== undefined) {
    const authorization = `Bearer ${token}`;
    return async () => ({ authorization });
  }
  const signer = new SignatureV4({
    service: 'bedrock',
    region,
    credentials: memoiseCredentials(options.credentials),
    sha256: NodeSha256,
  });
  return async (request) => (await signer.sign(request)).headers;
}
