import { Hono } from 'hono';
import { answerHeaders } from '../answer-headers.js';
import { createRequestScope } from '../create-request-scope.js';
import type { AppDependencies, GatewayEnv } from '../gateway-env.js';
import { chatCompletionRequestSchema } from '../openai/chat-request-schema.js';
import { convertChatRequest } from '../openai/convert-chat-request.js';
import { convertToChatChunks } from '../openai/convert-to-chat-chunks.js';
import { convertToChatCompletion } from '../openai/convert-to-chat-completion.js';
import { nameChatParameter } from '../openai/name-chat-parameter.js';
import { createGeneration, type PreparedGeneration } from '../pipeline/generation.js';
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
    const scope = createRequestScope(c, now());
    const body = await readJsonBody(c, chatCompletionRequestSchema);
    const chat = convertChatRequest(body);
    let prepared: PreparedGeneration;
    try {
      prepared = generation.prepare(scope, {
        model: chat.model,
        maxTokens: chat.maxTokens,
        maxTokensParam: chat.maxTokensParam,
        stream: chat.stream,
        request: chat.request,
      });
    } catch (error) {
      throw nameChatParameter(error, body, chat);
    }
    const answer = {
      id: `chatcmpl-${scope.requestId}`,
      created: Math.floor(scope.started / 1000),
      serviceTier: prepared.request.serviceTier ?? 'default',
    };

    if (chat.stream) {
      const { events, ...source } = await generation.stream(scope, prepared);
      const writeLog = c.var.deferLog();
      const chunks = convertToChatChunks(events, {
        ...answer,
        model: source.model.alias,
        includeUsage: chat.includeUsage,
        requestId: scope.requestId,
      });
      return createSseResponse(c, chunks, writeLog, answerHeaders(source, now()));
    }

    const { result, ...source } = await generation.generate(scope, prepared);
    const { model } = source;
    return c.json(
      convertToChatCompletion(result, { ...answer, model: model.alias }),
      200,
      answerHeaders(source, now()),
    );
  });
}
