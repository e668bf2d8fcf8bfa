import { z } from 'zod';
import { converseInputSchema } from './converse.js';
import { checkConversation, readConversation } from './converse-messages.js';
import { createValidationError } from './errors.js';
import { countEmbeddingTokens } from './families/embedding-family.js';
import { EMBEDDING_FAMILIES, TEXT_FAMILIES } from './families/family-registry.js';
import { CONVERSE_UNSUPPORTED_MESSAGE } from './handle-converse.js';
import { sendJson } from './http-exchange.js';
import type { OperationContext } from './operation-context.js';
import { countTokens } from './tokenize.js';
import { parseJsonBody, validateBody } from './validate-body.js';

const countTokensRequestSchema = z.looseObject({
  input: z.looseObject({
    converse: converseInputSchema.optional(),
    invokeModel: z.looseObject({ body: z.base64() }).optional(),
  }),
});

/**
 * CountTokens: the input tokens a Converse or InvokeModel request would be billed, counted exactly as the
 * replies count them. Directives in the prompt are not acted on here.
 */
export async function handleCountTokens(context: OperationContext): Promise<void> {
  const request = validateBody(countTokensRequestSchema, parseJsonBody(context.body), 'constraint');
  const { converse, invokeModel } = request.input;
  if ((converse === undefined) === (invokeModel === undefined)) {
    throw createValidationError('CountTokens input must have exactly one of converse or invokeModel set.');
  }
  const inputTokens = converse
    ? countConverseTokens(context, converse)
    : countInvokeTokens(context, invokeModel!.body);
  sendJson(context.response, 200, { inputTokens }, { 'x-amzn-RequestId': context.requestId });
}

function countConverseTokens(
  context: OperationContext,
  converse: z.output<typeof converseInputSchema>,
): number {
  if (context.model.kind === 'embedding') throw createValidationError(CONVERSE_UNSUPPORTED_MESSAGE);
  checkConversation(converse.messages, converse.toolConfig);
  return countTokens(readConversation(converse.system, converse.messages).prompt);
}

function countInvokeTokens(context: OperationContext, base64Body: string): number {
  const body = parseJsonBody(Buffer.from(base64Body, 'base64'));
  const { model } = context;
  if (model.kind === 'embedding')
    return countEmbeddingTokens(EMBEDDING_FAMILIES[model.family].readInvokeBody(body).texts);
  return countTokens(TEXT_FAMILIES[model.family].readInvokeBody(body).prompt);
}
