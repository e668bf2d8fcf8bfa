/**
 * The requests every figure sends: the same prompt and reply length direct to the emulator (Converse, as the
 * gateway sends it) and through the gateway (`/v1/generate`, which the gateway turns into that Converse call).
 */

/** What the gateway's default model alias, `claude-sonnet`, resolves to. */
export const MODEL_ID = 'global.anthropic.claude-sonnet-5-5';
export const MAX_TOKENS = 64;
/** A 20-token reply: small, so the figures are about the gateway rather than about moving text. */
export const PROMPT = 'Benchmark request [[emulator:tokens=20]]';

export function createConversePath(operation: 'converse' | 'converse-stream'): string {
  return `/model/${encodeURIComponent(MODEL_ID)}/${operation}`;
}

export function createConverseBody(prompt = PROMPT): string {
  return JSON.stringify({
    messages: [{ role: 'user', content: [{ text: prompt }] }],
    inferenceConfig: { maxTokens: MAX_TOKENS },
  });
}

export function createGenerateBody(
  options: { prompt?: string; stream?: boolean; maxTokens?: number } = {},
): string {
  return JSON.stringify({
    prompt: options.prompt ?? PROMPT,
    max_tokens: options.maxTokens ?? MAX_TOKENS,
    stream: options.stream ?? false,
  });
}

export function createAuthorizationHeaders(key: string | undefined): Record<string, string> {
  return key ? { authorization: `Bearer ${key}` } : {};
}

/**
 * The request every CPU and latency figure sends to the gateways (ours, Portkey's and the floor): an OpenAI
 * chat completion, the one surface both gateways serve, for the 20-token reply of `PROMPT`.
 */
export function createChatBody(options: { stream?: boolean } = {}): string {
  return JSON.stringify({
    model: MODEL_ID,
    max_tokens: MAX_TOKENS,
    messages: [{ role: 'user', content: PROMPT }],
    ...(options.stream ? { stream: true } : {}),
  });
}

/**
 * How Portkey's gateway is told to call Bedrock at the emulator: provider `bedrock`, AWS credentials and
 * region as `x-portkey-aws-*` headers, and `x-portkey-custom-host` as the Bedrock Runtime base URL (its
 * Bedrock provider builds `${customHost}/model/${model}/converse[-stream]`; 127.0.0.1 is on its default list
 * of trusted custom hosts). Read from node_modules/@portkey-ai/gateway/build/start-server.js, 1.15.2.
 */
export function createPortkeyHeaders(emulatorUrl: string): Record<string, string> {
  return {
    'x-portkey-provider': 'bedrock',
    'x-portkey-custom-host': emulatorUrl,
    'x-portkey-aws-access-key-id': 'local',
    'x-portkey-aws-secret-access-key': 'local',
    'x-portkey-aws-region': 'us-east-1',
  };
}
