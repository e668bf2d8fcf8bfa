import type { Context } from 'hono';
import { Hono } from 'hono';
import { checkRequestForModel } from '../../core/check-request-for-model.js';
import { GatewayError } from '../../core/errors.js';
import type { GenerateRequest } from '../../core/generate-request.js';
import { keepUsableReasoning } from '../../core/keep-usable-reasoning.js';
import { resolveApi } from '../../core/model-policy.js';
import { describePromptParts, measurePrompt } from '../../core/prompt-tokens.js';
import { answerHeaders } from '../answer-headers.js';
import { ANTHROPIC_REQUEST_ID_HEADER } from '../anthropic/anthropic-error-format.js';
import { resolveAnthropicModelName } from '../anthropic/anthropic-model-names.js';
import { convertMessagesRequest, convertPrompt } from '../anthropic/convert-messages-request.js';
import { convertToMessage } from '../anthropic/convert-to-message.js';
import { convertToMessageEvents, PING_EVENT } from '../anthropic/convert-to-message-events.js';
import { countTokensRequestSchema, messagesRequestSchema } from '../anthropic/messages-request-schema.js';
import { nameMessagesParameter } from '../anthropic/name-messages-parameter.js';
import { readAnthropicHeaders } from '../anthropic/read-anthropic-headers.js';
import { createRequestScope } from '../create-request-scope.js';
import type { AppDependencies, GatewayEnv } from '../gateway-env.js';
import { type AnswerSource, createGeneration, type PreparedGeneration } from '../pipeline/generation.js';
import { resolveModelForKey } from '../pipeline/resolve-model-for-key.js';
import { readJsonBody } from '../read-json-body.js';
import { withKeepAlive } from '../sse-keep-alive.js';
import { createSseResponse } from '../sse-response.js';

/** Which count `count_tokens` answered with: Bedrock's CountTokens, or the gateway's estimate. */
export const TOKEN_COUNT_HEADER = 'x-bedrock-gateway-token-count';

/** The longest end-user id kept on the log line. */
const MAX_END_USER_LENGTH = 256;

/**
 * The model the answer names: the name the client sent when the model it named answered, so that clients keyed
 * on their own model names (Claude Code's cost and context tables) keep recognizing it; the alias of the model
 * that answered after a fallback or an operator's `replacedBy`, so that another model is never passed off as the
 * one named. `x-bedrock-gateway-model` always names the alias that answered.
 */
function nameAnsweringModel(sent: string, prepared: PreparedGeneration, source: AnswerSource): string {
  return source.model === prepared.model && !source.replaced ? sent : source.model.alias;
}

/** What a client sent, for operators who turn DEBUG on to see what a new client needs (never values of headers). */
function describeClient(c: Context<GatewayEnv>, body: Record<string, unknown>, betas: readonly string[]) {
  return {
    request_id: c.var.requestId,
    path: c.req.path,
    query: new URL(c.req.url).search,
    user_agent: c.req.header('user-agent'),
    header_names: Object.keys(c.req.header()).sort(),
    anthropic_version: c.req.header('anthropic-version'),
    anthropic_betas: betas,
    model: body.model,
    max_tokens: body.max_tokens,
    fields: Object.keys(body).sort(),
  };
}

/**
 * `POST /v1/messages` and `POST /v1/messages/count_tokens`, Anthropic's Messages API, for the Anthropic SDKs and
 * Claude Code. The body is converted to the canonical request and goes through the same policy, metering and
 * Bedrock path as every other route; what Bedrock cannot honour is a 400 naming the field. Errors are in
 * Anthropic's shape (`anthropicErrorFormat`, registered in the app). Also `GET /api/hello`, Claude Code's warm-up
 * probe, which it sends without a key: an empty 200 that reveals nothing.
 */
export function createMessagesRoutes(dependencies: AppDependencies): Hono<GatewayEnv> {
  const { config, registry, invoker, logger } = dependencies;
  const now = dependencies.now ?? Date.now;
  const generation = createGeneration(dependencies);
  const { modelNames, acceptedBetas, pingIntervalSeconds } = config.anthropic;

  return new Hono<GatewayEnv>()
    .get('/api/hello', (c) => c.body(null, 200))
    .post('/v1/messages', async (c) => {
      const scope = createRequestScope(c, now());
      c.header(ANTHROPIC_REQUEST_ID_HEADER, scope.requestId);
      const headers = readAnthropicHeaders(c.req.raw.headers, acceptedBetas);
      const body = await readJsonBody(c, messagesRequestSchema);
      logger.debug('anthropic request', describeClient(c, body, headers.betas));
      const converted = convertMessagesRequest(body, headers.version);
      if (converted.endUser) scope.log.end_user = converted.endUser.slice(0, MAX_END_USER_LENGTH);
      let prepared: PreparedGeneration;
      try {
        prepared = generation.prepare(scope, {
          model: resolveAnthropicModelName(converted.model, modelNames),
          maxTokens: converted.maxTokens,
          stream: converted.stream,
          request: converted.request,
        });
      } catch (error) {
        throw nameMessagesParameter(error, body.messages);
      }
      const answer = {
        id: `msg_${scope.requestId.replaceAll('-', '')}`,
        stopSequences: prepared.request.stopSequences,
      };

      if (converted.stream) {
        const { events, ...source } = await generation.stream(scope, prepared);
        const writeLog = c.var.deferLog();
        const messages = withKeepAlive(
          convertToMessageEvents(events, {
            ...answer,
            model: nameAnsweringModel(body.model, prepared, source),
          }),
          { intervalMs: pingIntervalSeconds * 1000, ping: PING_EVENT },
        );
        return createSseResponse(c, messages, writeLog, answerHeaders(source, now()));
      }

      const { result, ...source } = await generation.generate(scope, prepared);
      return c.json(
        convertToMessage(result, { ...answer, model: nameAnsweringModel(body.model, prepared, source) }),
        200,
        answerHeaders(source, now()),
      );
    })
    .post('/v1/messages/count_tokens', async (c) => {
      const scope = createRequestScope(c, now());
      c.header(ANTHROPIC_REQUEST_ID_HEADER, scope.requestId);
      const headers = readAnthropicHeaders(c.req.raw.headers, acceptedBetas);
      const body = await readJsonBody(c, countTokensRequestSchema);
      logger.debug('anthropic request', describeClient(c, body, headers.betas));
      const prompt = convertPrompt(body);
      const requested = resolveAnthropicModelName(prompt.model, modelNames);
      const { model } = resolveModelForKey(registry, requested, scope.key, { nowMs: now(), logger });
      resolveApi(model, undefined);
      // Counted as it would be sent: with room for any thinking budget, and the history the model can take.
      const request: GenerateRequest = keepUsableReasoning(
        { ...prompt.request, maxTokens: model.maxOutputTokens },
        model,
      );
      try {
        checkRequestForModel(model, request, false);
      } catch (error) {
        throw nameMessagesParameter(error, body.messages);
      }
      Object.assign(scope.log, { model_requested: requested, model: model.alias, model_id: model.id });
      let source: 'bedrock' | 'estimate' = 'estimate';
      let inputTokens = measurePrompt(describePromptParts(request)).estimate;
      if (model.capabilities.countTokens) {
        try {
          inputTokens = await invoker.countTokens(model, { request }, scope.signal);
          source = 'bedrock';
        } catch (error) {
          // Counting is advisory: the estimate answers, and the header and the log say so.
          if (!(error instanceof GatewayError)) throw error;
          scope.log.upstream_error = error.upstreamErrorName ?? error.code;
        }
      }
      scope.log.token_count_source = source;
      return c.json({ input_tokens: inputTokens }, 200, { [TOKEN_COUNT_HEADER]: source });
    });
}
