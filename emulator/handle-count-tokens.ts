import { z } from 'zod';
import { COUNT_TOKENS_UNSUPPORTED } from './bedrock-messages.js';
import { converseInputSchema } from './converse.js';
import { checkConversation, readConversation, readToolChoice, readTools } from './converse-messages.js';
import { countInputTokens } from './count-input-tokens.js';
import { createValidationError } from './errors.js';
import { TEXT_FAMILIES } from './families/family-registry.js';
import { sendJson } from './http-exchange.js';
import type { OperationContext } from './operation-context.js';
import { type ResolvedModel, requireServing } from './resolve-model-id.js';
import { loadFamilyTokenizer } from './tokenizers/load-tokenizer.js';
import type { Tokenizer } from './tokenizers/tokenizer.js';
import { parseJsonBody, validateBody } from './validate-body.js';

const countTokensRequestSchema = z.looseObject({
  input: z.looseObject({
    converse: converseInputSchema.optional(),
    invokeModel: z.looseObject({ body: z.base64() }).optional(),
  }),
});

type TextModel = Extract<ResolvedModel, { kind: 'text' }>;

/**
 * CountTokens: the input tokens a Converse or InvokeModel request would be billed, counted exactly as the
 * replies count them (countInputTokens, with the family's tokenizer), images, documents and cached prefixes
 * included: a reply splits out the cached tokens, CountTokens reports the total. Directives in the prompt are not
 * acted on.
 * Only base ids count, and only for models whose catalogue entry says so: an inference-profile id or ARN, an
 * application profile or another model is refused (bedrock-validation.md §16; pydantic/pydantic-ai#4001).
 */
export async function handleCountTokens(context: OperationContext): Promise<void> {
  const request = validateBody(countTokensRequestSchema, parseJsonBody(context.body), 'constraint');
  const { converse, invokeModel } = request.input;
  if ((converse === undefined) === (invokeModel === undefined)) {
    throw createValidationError('CountTokens input must have exactly one of converse or invokeModel set.');
  }
  if (context.target.access !== 'base') throw createValidationError(COUNT_TOKENS_UNSUPPORTED);
  const model = requireServing(context.target);
  if (model.kind === 'embedding' || !model.definition.capabilities.countTokens) {
    throw createValidationError(COUNT_TOKENS_UNSUPPORTED);
  }
  const tokenizer = await loadFamilyTokenizer(model.family);
  const inputTokens = converse
    ? countConverseTokens(model, converse, tokenizer)
    : countInvokeTokens(model, invokeModel!.body, tokenizer);
  sendJson(context.response, 200, { inputTokens }, { 'x-amzn-RequestId': context.requestId });
}

function countConverseTokens(
  model: TextModel,
  converse: z.output<typeof converseInputSchema>,
  tokenizer: Tokenizer,
): number {
  checkConversation(converse.messages, converse.toolConfig);
  const { prompt, media } = readConversation(converse.system, converse.messages, converse.toolConfig);
  const tools = readTools(converse.toolConfig);
  const toolChoice = readToolChoice(converse.toolConfig);
  return countInputTokens(
    { prompt, tools, toolChoice, ...(media ? { media } : {}) },
    tokenizer,
    model.family,
  );
}

function countInvokeTokens(model: TextModel, base64Body: string, tokenizer: Tokenizer): number {
  const body = parseJsonBody(Buffer.from(base64Body, 'base64'));
  const input = TEXT_FAMILIES[model.family].readInvokeBody(body, {
    definition: model.definition,
    modelId: model.modelId,
  });
  return countInputTokens(input, tokenizer, model.family);
}
