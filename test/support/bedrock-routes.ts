import type { APIGatewayProxyEvent } from 'aws-lambda';
import { postEvent } from './start-lambda-entry.js';

/** A gateway route that calls Bedrock, as a Lambda event whose prompt carries emulator directives. */
export interface BedrockRoute {
  name: string;
  /** True when the answer is an SSE stream. */
  stream: boolean;
  event(prompt: string): APIGatewayProxyEvent;
}

/** Every route that calls Bedrock, streamed and not: the failure paths must hold on each. */
export const BEDROCK_ROUTES: readonly BedrockRoute[] = [
  {
    name: 'POST /v1/generate',
    stream: false,
    event: (prompt) => postEvent('/v1/generate', { model: 'claude-haiku', prompt }),
  },
  {
    name: 'POST /v1/generate (stream)',
    stream: true,
    event: (prompt) => postEvent('/v1/generate', { model: 'claude-haiku', prompt, stream: true }),
  },
  {
    name: 'POST /v1/chat/completions',
    stream: false,
    event: (prompt) =>
      postEvent('/v1/chat/completions', {
        model: 'claude-haiku',
        messages: [{ role: 'user', content: prompt }],
      }),
  },
  {
    name: 'POST /v1/chat/completions (stream)',
    stream: true,
    event: (prompt) =>
      postEvent('/v1/chat/completions', {
        model: 'claude-haiku',
        messages: [{ role: 'user', content: prompt }],
        stream: true,
        stream_options: { include_usage: true },
      }),
  },
  {
    name: 'POST /v1/embeddings',
    stream: false,
    event: (prompt) => postEvent('/v1/embeddings', { model: 'titan-embed-text-v2', input: prompt }),
  },
  {
    name: 'POST /v1/models/{model}/invoke',
    stream: false,
    event: (prompt) =>
      postEvent('/v1/models/claude-haiku/invoke', {
        anthropic_version: 'bedrock-2023-05-31',
        max_tokens: 400,
        messages: [{ role: 'user', content: prompt }],
      }),
  },
];

export const STREAMED_ROUTES = BEDROCK_ROUTES.filter((route) => route.stream);
export const PLAIN_ROUTES = BEDROCK_ROUTES.filter((route) => !route.stream);
