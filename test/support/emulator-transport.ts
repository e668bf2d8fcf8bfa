import {
  type BedrockTransport,
  createBedrockTransport,
} from '../../src/bedrock/transport/create-bedrock-transport.js';
import type { BedrockAuthOptions } from '../../src/bedrock/transport/create-request-authorizer.js';

/** The gateway's Bedrock transport pointed at an emulator, with dummy credentials (or the auth given). */
export function createEmulatorTransport(url: string, auth: BedrockAuthOptions = {}): BedrockTransport {
  return createBedrockTransport({
    region: 'us-east-1',
    endpoint: url,
    requestTimeoutMs: 30_000,
    ...(auth.bearerToken || auth.credentials
      ? auth
      : { ...auth, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
  });
}
