import { Hono } from 'hono';
import { NotFoundError } from '../../core/errors.js';
import { answerHeaders } from '../answer-headers.js';
import { createRequestScope } from '../create-request-scope.js';
import type { AppDependencies, GatewayEnv } from '../gateway-env.js';
import { convertResponsesRequest } from '../openai/convert-responses-request.js';
import { convertToResponse } from '../openai/convert-to-response.js';
import { convertToResponseEvents } from '../openai/convert-to-response-events.js';
import { describeResponseSettings, type ResponseAnswer } from '../openai/create-response-object.js';
import { nameResponsesParameter } from '../openai/name-responses-parameter.js';
import { responsesRequestSchema } from '../openai/responses-request-schema.js';
import { createGeneration, type PreparedGeneration } from '../pipeline/generation.js';
import { readJsonBody } from '../read-json-body.js';
import { createSseResponse } from '../sse-response.js';

/** The answer to every route that would need a stored response: there is none to find. */
function createNotStoredError(id: string): NotFoundError {
  return new NotFoundError(
    'response_not_found',
    `No stored response '${id}': this gateway does not store responses (store is always false), so none can be retrieved, cancelled, deleted or listed. Keep the response you got, and send its output items back in input.`,
  );
}

/**
 * `POST /v1/responses`, the OpenAI Responses API, streaming or not, stateless. The body is converted to the
 * canonical request and goes through the same policy, metering and Bedrock path as every other route;
 * parameters the gateway cannot honour (hosted tools, stored state) are a 400 naming them, never dropped.
 * The routes of stored responses (`GET`, `DELETE /v1/responses/{id}`, its `cancel` and `input_items`) answer
 * 404 saying that nothing is stored.
 */
export function createResponsesRoutes(dependencies: AppDependencies): Hono<GatewayEnv> {
  const now = dependencies.now ?? Date.now;
  const generation = createGeneration(dependencies);

  return new Hono<GatewayEnv>()
    .post('/v1/responses', async (c) => {
      const scope = createRequestScope(c, now());
      const body = await readJsonBody(c, responsesRequestSchema);
      const converted = convertResponsesRequest(body);
      let prepared: PreparedGeneration;
      try {
        prepared = generation.prepare(scope, {
          model: converted.model,
          maxTokens: converted.maxTokens,
          maxTokensParam: 'max_output_tokens',
          stream: converted.stream,
          request: converted.request,
        });
      } catch (error) {
        throw nameResponsesParameter(error, body);
      }
      const answer: Omit<ResponseAnswer, 'model'> = {
        id: `resp_${scope.requestId}`,
        createdAt: Math.floor(scope.started / 1000),
        serviceTier: prepared.request.serviceTier ?? 'default',
        settings: describeResponseSettings(body, prepared.request.maxTokens),
        includeReasoningContent: converted.includeReasoningContent,
      };

      if (converted.stream) {
        const { events, ...source } = await generation.stream(scope, prepared);
        const writeLog = c.var.deferLog();
        const messages = convertToResponseEvents(events, {
          ...answer,
          model: source.model.alias,
          requestId: scope.requestId,
        });
        return createSseResponse(c, messages, writeLog, answerHeaders(source, now()));
      }

      const { result, ...source } = await generation.generate(scope, prepared);
      return c.json(
        convertToResponse(result, { ...answer, model: source.model.alias }),
        200,
        answerHeaders(source, now()),
      );
    })
    .get('/v1/responses/:id', (c) => {
      throw createNotStoredError(c.req.param('id'));
    })
    .delete('/v1/responses/:id', (c) => {
      throw createNotStoredError(c.req.param('id'));
    })
    .post('/v1/responses/:id/cancel', (c) => {
      throw createNotStoredError(c.req.param('id'));
    })
    .get('/v1/responses/:id/input_items', (c) => {
      throw createNotStoredError(c.req.param('id'));
    });
}
