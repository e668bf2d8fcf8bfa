import type { GenerateRequest } from './generate-request.js';
import type { ModelCapabilities } from './model-capabilities.js';
import type { ModelFamily } from './model-registry.js';

/**
 * The request as one model can take its history of reasoning: a model that does not reason gets none of it,
 * and Claude gets only signed thinking (and redacted thinking), since Bedrock refuses a thinking block without
 * its signature ("messages.N.content.M.thinking.signature: Field required"). Clients that send reasoning text back
 * without the signature (the AI SDK does) lose nothing the model could have used.
 */
export function keepUsableReasoning(
  request: GenerateRequest,
  model: { family: ModelFamily; capabilities: ModelCapabilities },
): GenerateRequest {
  const reasons = model.capabilities.reasoning.mode !== 'none';
  const claude = model.family === 'anthropic';
  let changed = false;
  const messages = request.messages.map((message) => {
    const content = message.content.filter((part) => {
      const keep =
        part.type === 'reasoning'
          ? reasons && (!claude || part.signature !== undefined)
          : part.type === 'redacted-reasoning'
            ? reasons && claude
            : true;
      if (!keep) changed = true;
      return keep;
    });
    return content.length === message.content.length ? message : { ...message, content };
  });
  return changed
    ? { ...request, messages: messages.filter((message) => message.content.length > 0) }
    : request;
}
