import { z } from 'zod';
import { converseInputSchema } from './converse.js';
import { checkConversation, readConversation, readToolChoice, readTools } from './converse-messages.js';
import { countInputTokens } from './count-input-tokens.js';
import { createValidationError } from './errors.js';
import { countEmbeddingTokens } from './families/embedding-family.js';
import { EMBEDDING_FAMILIES, TEXT_FAMILIES } from './families/family-registry.js';
import { CONVERSE_UNSUPPORTED_MESSAGE } from './handle-converse.js';
import { sendJson } from './http-exchange.js';
import type { OperationContext } from './operation-context.js';
import { loadFamilyTokenizer } from './tokenizers/load-tokenizer.js';
import type { Tokenizer } from './tokenizers/tokenizer.js';
import { parseJsonBody, validateBody } from './validate-body.js';

const countTokensRequestSchema = z.looseObject({
  input: z.looseObject({
    converse: converseInputSchema.optional(),
    invokeModel: z.looseObject({ body: z.base64() }).optional(),
  }),
});

/**
 * CountTokens: the input tokens a Converse or InvokeModel request would be billed, counted exactly as the
 * replies count them (countInputTokens, with the family's tokenizer). Directives in the prompt are not acted on.
 */
export async function handleCountTokens(context: OperationContext): Promise<void> {
  const request = validateBody(countTokensRequestSchema, parseJsonBody(context.body), 'constraint');
  const { converse, invokeModel } = request.input;
  if ((converse === undefined) === (invokeModel === undefined)) {
    throw createValidationError('CountTokens input must have exactly one of converse or invokeModel set.');
  }
  const tokenizer = await loadFamilyTokenizer(context.model.family);
  const inputTokens = converse
    ? countConverseTokens(context, converse, tokenizer)
    : countInvokeTokens(context, invokeModel!.body, tokenizer);
  sendJson(context.response, 200, { inputTokens }, { 'x-amzn-RequestId': context.requestId });
}

function countConverseTokens(
  context: OperationContext,
  converse: z.output<typeof converseInputSchema>,
  tokenizer: Tokenizer,
): number {
  if (context.model.kind === 'embedding') throw createValidationError(CONVERSE_UNSUPPORTED_MESSAGE);
  checkConversation(converse.messages, converse.toolConfig);
  const { prompt } = readConversation(converse.system, converse.messages);
  const tools = readTools(converse.toolConfig);
  const toolChoice = readToolChoice(converse.toolConfig);
  return countInputTokens({ prompt, tools, toolChoice }, tokenizer, context.model.family);
}

function countInvokeTokens(context: OperationContext, base64Body: string, tokenizer: Tokenizer): number {
  const body = parseJsonBody(Buffer.from(base64Body, 'base64'));
  const { model } = context;
  if (model.kind === 'embedding')
    return countEmbeddingTokens(EMBEDDING_FAMILIES[model.family].readInvokeBody(body).texts, tokenizer);
  return countInputTokens(TEXT_FAMILIES[model.family].readInvokeBody(body), tokenizer, model.family);
}
