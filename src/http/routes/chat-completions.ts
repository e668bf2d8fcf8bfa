import { Hono } from 'hono';
import type { AppDependencies, GatewayEnv } from '../gateway-env.js';
import { createGeneration } from '../generation.js';
import { chatCompletionRequestSchema } from '../openai/chat-request-schema.js';
import { convertChatRequest } from '../openai/convert-chat-request.js';
import { convertToChatChunks } from '../openai/convert-to-chat-chunks.js';
import { convertToChatCompletion } from '../openai/convert-to-chat-completion.js';
import { readJsonBody } from '../read-json-body.js';
import { createSseResponse } from '../sse-response.js';

/**
 * `POST /v1/chat/completions`, OpenAI-compatible, streaming or not. The body is converted to the canonical
 * request and goes through the same policy, metering and Bedrock path as every other route; parameters the
 * gateway cannot honour are a 400 naming them, never dropped.
 */
export function createChatCompletionRoutes(dependencies: AppDependencies): Hono<GatewayEnv> {
  const now = dependencies.now ?? Date.now;
  const generation = createGeneration(dependencies);

  return new Hono<GatewayEnv>().post('/v1/chat/completions', async (c) => {
    const started = now();
    const body = await readJsonBody(c, chatCompletionRequestSchema);
    const chat = convertChatRequest(body);
    const prepared = generation.prepare(c, {
      model: chat.model,
      maxTokens: chat.maxTokens,
      maxTokensParam: chat.maxTokensParam,
      request: chat.request,
    });
    const answer = { id: `chatcmpl-${c.var.requestId}`, created: Math.floor(started / 1000) };

    if (chat.stream) {
      const { events, model } = await generation.stream(c, prepared);
      c.var.log.ttfb_ms = now() - started;
      c.var.log.stream = true;
      const writeLog = c.var.deferLog();
      const chunks = convertToChatChunks(events, {
        ...answer,
        model: model.alias,
        includeUsage: chat.includeUsage,
        requestId: c.var.requestId,
      });
      return createSseResponse(c, chunks, writeLog);
    }

    const { result, model } = await generation.generate(c, prepared);
    return c.json(convertToChatCompletion(result, { ...answer, model: model.alias }));
  });
}
