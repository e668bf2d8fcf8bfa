import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';

/** The two transports Bedrock's Node clients use: HTTP/2 (the SDK's default) and HTTP/1.1. */
export type Transport = 'http2' | 'http1';
export const TRANSPORTS: readonly Transport[] = ['http2', 'http1'];

/**
 * `@aws-sdk/client-bedrock-runtime` as an app would point it at the gateway: the gateway's URL as the endpoint
 * and a gateway key as the Bedrock API key (`token` with `httpBearerAuth` preferred, what setting
 * AWS_BEARER_TOKEN_BEDROCK does), no IAM credentials at all. One attempt, so a refusal is seen as it is.
 */
export function createGatewayRuntimeClient(
  endpoint: string,
  key: string,
  transport: Transport,
): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint,
    token: { token: key },
    authSchemePreference: ['httpBearerAuth'],
    maxAttempts: 1,
    requestHandler: transport === 'http1' ? new NodeHttpHandler() : new NodeHttp2Handler(),
  });
}

/** `@aws-sdk/client-bedrock` (the control plane) pointed at the gateway the same way. */
export function createGatewayControlClient(
  endpoint: string,
  key: string,
  transport: Transport,
): BedrockClient {
  return new BedrockClient({
    region: 'us-east-1',
    endpoint,
    token: { token: key },
    authSchemePreference: ['httpBearerAuth'],
    maxAttempts: 1,
    requestHandler: transport === 'http1' ? new NodeHttpHandler() : new NodeHttp2Handler(),
  });
}
