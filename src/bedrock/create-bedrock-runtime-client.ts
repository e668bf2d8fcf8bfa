import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';

export interface BedrockRuntimeClientOptions {
  region: string;
  /** Unset: the real regional endpoint. Set it to reach the emulator. */
  endpoint?: string;
  requestTimeoutMs: number;
  /** Unset: the default AWS credential chain. */
  credentials?: BedrockRuntimeClientConfig['credentials'];
}

/**
 * The one Bedrock Runtime client. The SDK makes a single attempt: the gateway owns retries,
 * because it must respect the request deadline and fall back between models.
 */
export function createBedrockRuntimeClient(options: BedrockRuntimeClientOptions): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: options.region,
    maxAttempts: 1,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    requestHandler: { requestTimeout: options.requestTimeoutMs },
  });
}
