import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';

/** The two transports Bedrock's Node clients use: HTTP/2 (the SDK's default) and HTTP/1.1. */
export type Transport = 'http2' | 'http1';
export const TRANSPORTS: readonly Transport[] = ['http2', 'http1'];

/**
 * How an app points Bedrock's Node clients at the gateway: the gateway's URL as the endpoint and a gateway key as
 * the Bedrock API key (`token` with `httpBearerAuth` preferred, what setting AWS_BEARER_TOKEN_BEDROCK does), no
 * IAM credentials at all. One attempt, so a refusal is seen as it is.
 */
function gatewayClientConfig(endpoint: string, key: string, transport: Transport) {
  return {
    region: 'us-east-1',
    endpoint,
    token: { token: key },
    authSchemePreference: ['httpBearerAuth'],
    maxAttempts: 1,
    requestHandler: transport === 'http1' ? new NodeHttpHandler() : new NodeHttp2Handler(),
  };
}

/** `@aws-sdk/client-bedrock-runtime` pointed at the gateway. */
export function createGatewayRuntimeClient(
  endpoint: string,
  key: string,
  transport: Transport,
): BedrockRuntimeClient {
  return new BedrockRuntimeClient(gatewayClientConfig(endpoint, key, transport));
}

/** `@aws-sdk/client-bedrock` (the control plane) pointed at the gateway the same way. */
export function createGatewayControlClient(
  endpoint: string,
  key: string,
  transport: Transport,
): BedrockClient {
  return new BedrockClient(gatewayClientConfig(endpoint, key, transport));
}

/** Another inference profile of the catalogue's `global.` Haiku 4.5: what a client in a US Region names. */
export const HAIKU_PROFILE = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

/** A one-message Converse input. */
export function converseInput(text: string, modelId = HAIKU_PROFILE): ConverseCommandInput {
  return { modelId, messages: [{ role: 'user', content: [{ text }] }] };
}

/** A native Claude Messages body for InvokeModel, as JSON text. */
export function claudeBody(text: string): string {
  return JSON.stringify({
    anthropic_version: 'bedrock-2023-05-31',
    max_tokens: 200,
    messages: [{ role: 'user', content: text }],
  });
}

/** The error a call ends with (a resolved call is a test failure). */
export async function failureOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('the call succeeded');
    },
    (error: unknown) => error,
  );
}
