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
