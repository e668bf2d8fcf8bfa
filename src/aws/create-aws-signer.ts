import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from '@smithy/core';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { NodeSha256 } from './node-sha256.js';

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
 * The SigV4 signer of the gateway's hand-made AWS clients (Bedrock Runtime on the hot path, DynamoDB for
 * metering): @smithy/signature-v4, the SDK's own signer, with node:crypto's SHA-256 and credentials from the
 * SDK's default chain (or the ones given), resolved on the first call rather than at start-up.
 * `applyChecksum: false` leaves out `x-amz-content-sha256`, which services other than S3 do not need.
 */
export function createAwsSigner(options: {
  service: string;
  region: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  applyChecksum?: boolean;
}): SignatureV4 {
  return new SignatureV4({
    service: options.service,
    region: options.region,
    credentials: memoiseCredentials(options.credentials),
    sha256: NodeSha256,
    ...(options.applyChecksum === undefined ? {} : { applyChecksum: options.applyChecksum }),
  });
}
