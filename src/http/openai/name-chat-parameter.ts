import { UnsupportedParameterError } from '../../core/errors.js';
import type { ChatCompletionRequest } from './chat-request-schema.js';
import type { ConvertedChatRequest } from './convert-chat-request.js';

/** Where the first part of a kind stands in the body, as `messages[i].content[j]`. */
function locatePart(body: ChatCompletionRequest, kind: 'image' | 'document'): string | undefined {
  for (const [index, message] of body.messages.entries()) {
    if (message.role !== 'user' || typeof message.content === 'string') continue;
    for (const [partIndex, part] of message.content.entries()) {
      const isImageFile = part.type === 'file' && /^data:image\//i.test(part.file.file_data ?? '');
      const isImage = part.type === 'image_url' || isImageFile;
      const isDocument = part.type === 'file' && !isImageFile;
      if (kind === 'image' ? isImage : isDocument) return `messages[${index}].content[${partIndex}]`;
    }
  }
  return undefined;
}

/**
 * A refusal of the pipeline's, which names canonical parameters, with the field the chat body used instead
 * (`reasoning_effort`, the max-tokens field the client sent, the image or file part): what the client's
 * `error.param` should point at. The message stays as it is; other errors pass unchanged.
 */
export function nameChatParameter(
  error: unknown,
  body: ChatCompletionRequest,
  chat: Pick<ConvertedChatRequest, 'maxTokensParam'>,
): unknown {
  if (!(error instanceof UnsupportedParameterError) || error.param === undefined) return error;
  const names: Record<string, string | undefined> = {
    reasoning: 'reasoning_effort',
    max_tokens: chat.maxTokensParam,
    image: locatePart(body, 'image'),
    document: locatePart(body, 'document'),
  };
  const param = names[error.param];
  return param === undefined || param === error.param
    ? error
    : new UnsupportedParameterError(param, error.message);
}
