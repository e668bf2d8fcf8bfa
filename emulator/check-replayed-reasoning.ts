import { ANTHROPIC_MESSAGES, MODEL_ERRORS_PREFIX } from './bedrock-messages.js';
import type { TextModel } from './catalogue/foundation-model.js';
import { createValidationError } from './errors.js';
import type { ModelInput } from './model-input.js';
import type { ReasoningSigner } from './sign-reasoning.js';

/**
 * Claude's rules on reasoning a request sends back, in one place for Converse and InvokeModel (bare on InvokeModel,
 * after Converse's prefix): a thinking block needs its signature, the signature must be the one the model gave
 * that text (so an edited text or a foreign signature fails), redacted thinking must be the model's own, and with
 * thinking on, the last assistant turn of a tool loop must start with its thinking block. Other models sign
 * nothing, so nothing is checked for them.
 */
export function checkReplayedReasoning(
  model: TextModel,
  input: ModelInput,
  signer: ReasoningSigner,
  api: 'converse' | 'invoke',
): void {
  if (model.family !== 'anthropic') return;
  const message = findReasoningProblem(input, signer);
  if (message === undefined) return;
  throw createValidationError(api === 'converse' ? `${MODEL_ERRORS_PREFIX}${message}` : message);
}

function findReasoningProblem(input: ModelInput, signer: ReasoningSigner): string | undefined {
  for (const block of input.replayedReasoning ?? []) {
    if (block.kind === 'redacted') {
      if (!signer.open(block.data ?? '')) {
        return ANTHROPIC_MESSAGES.invalidRedactedThinking(block.messageIndex, block.blockIndex);
      }
      continue;
    }
    if (block.signature === undefined) {
      return ANTHROPIC_MESSAGES.signatureRequired(block.messageIndex, block.blockIndex);
    }
    if (!signer.verify(block.text ?? '', block.signature)) {
      return ANTHROPIC_MESSAGES.invalidSignature(block.messageIndex, block.blockIndex);
    }
  }
  const last = input.lastAssistantTurn;
  if (
    input.reasoning &&
    last?.callsTools &&
    !['thinking', 'redacted_thinking'].includes(last.firstBlockType)
  ) {
    return ANTHROPIC_MESSAGES.thinkingBlockExpected(last.messageIndex, last.firstBlockType);
  }
  return undefined;
}
