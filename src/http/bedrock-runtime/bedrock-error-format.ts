import type { ErrorFormat } from '../to-error-response.js';
import { isBedrockRuntimePath } from './bedrock-runtime-paths.js';
import { toBedrockException } from './to-bedrock-exception.js';

/**
 * Errors on the Bedrock Runtime surface in Bedrock's shape, which the AWS SDKs and the other Bedrock clients
 * parse: the exception's status, `x-amzn-ErrorType: <Name>` (read before the body) and `{"message": ...}`,
 * with `x-amzn-RequestId` (the SDKs' `$metadata.requestId`) carrying the gateway's request id.
 */
export function createBedrockErrorFormat(prefix: string): ErrorFormat {
  return {
    matches: (path) => isBedrockRuntimePath(prefix, path),
    render: (error, requestId) => {
      const { name, status, message } = toBedrockException(error);
      return {
        status,
        body: { message },
        headers: { 'x-amzn-ErrorType': name, 'x-amzn-RequestId': requestId },
      };
    },
  };
}
