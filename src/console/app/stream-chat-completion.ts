import { ApiError, type GatewayErrorBody, readAnswer } from './admin-client.js';

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/**
 * Streams `/v1/chat/completions` with an API key (the playground's, never the admin key): calls `onText`
 * for every content delta as it arrives, and resolves with the usage of the final chunk. A refusal before
 * the stream is an `ApiError` with the gateway's body; an error event in the stream is one too.
 */
export async function streamChatCompletion(options: {
  apiKey: string;
  body: Record<string, unknown>;
  onText: (text: string) => void;
  signal?: AbortSignal;
}): Promise<ChatUsage | undefined> {
  const answer = await fetch('/v1/chat/completions', {
    method: 'POST',
    headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...options.body, stream: true, stream_options: { include_usage: true } }),
    credentials: 'omit',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!answer.ok || !answer.body) {
    await readAnswer(answer);
    throw new ApiError(answer.status, undefined, 'no stream');
  }
  const reader = answer.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let usage: ChatUsage | undefined;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let boundary = buffer.indexOf('\n\n');
    while (boundary !== -1) {
      const event = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      boundary = buffer.indexOf('\n\n');
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data === '' || data === '[DONE]') continue;
      const chunk = JSON.parse(data) as {
        choices?: Array<{ delta?: { content?: string | null } }>;
        usage?: ChatUsage | null;
        error?: GatewayErrorBody['error'];
      };
      if (chunk.error) throw new ApiError(answer.status, { error: chunk.error }, chunk.error.message);
      const text = chunk.choices?.[0]?.delta?.content;
      if (text) options.onText(text);
      if (chunk.usage) usage = chunk.usage;
    }
  }
  return usage;
}
