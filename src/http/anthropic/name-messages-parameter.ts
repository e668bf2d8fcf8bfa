import { UnsupportedParameterError } from '../../core/errors.js';
import type { AnthropicMessage } from './messages-request-schema.js';

/** Where the first block of a kind stands in the body, as `messages.i.content.j` (Anthropic's own paths). */
function locateBlock(messages: readonly AnthropicMessage[], type: 'image' | 'document'): string | undefined {
  for (const [index, message] of messages.entries()) {
    if (typeof message.content === 'string' || message.content === undefined) continue;
    const blockIndex = message.content.findIndex((block) => block.type === type);
    if (blockIndex >= 0) return `messages.${index}.content.${blockIndex}`;
  }
  return undefined;
}

/**
 * A refusal of the pipeline's, which names canonical parameters, with the field the Messages body used instead
 * (`thinking` for reasoning, `stop_sequences` for stop, `output_config.format` for the output format, the image
 * or document block): what the client's error points at. The message stays as it is; other errors pass.
 */
export function nameMessagesParameter(error: unknown, messages: readonly AnthropicMessage[]): unknown {
  if (!(error instanceof UnsupportedParameterError) || error.param === undefined) return error;
  const names: Record<string, string | undefined> = {
    reasoning: 'thinking',
    stop: 'stop_sequences',
    response_format: 'output_config.format',
    image: locateBlock(messages, 'image'),
    document: locateBlock(messages, 'document'),
  };
  const param = names[error.param];
  return param === undefined || param === error.param
    ? error
    : new UnsupportedParameterError(param, error.message);
}
