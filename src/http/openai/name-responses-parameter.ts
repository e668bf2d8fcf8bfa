import { UnsupportedParameterError } from '../../core/errors.js';
import type { ResponsesRequest } from './responses-request-schema.js';

/** Where the first part of a kind stands in the input, as `input[i].content[j]`. */
function locatePart(body: ResponsesRequest, kind: 'image' | 'document' | 'cache point'): string | undefined {
  if (typeof body.input === 'string') return undefined;
  for (const [index, item] of body.input.entries()) {
    if ((item.type !== undefined && item.type !== 'message') || typeof item.content === 'string') continue;
    for (const [partIndex, part] of item.content.entries()) {
      const isImageFile = part.type === 'input_file' && /^data:image\//i.test(part.file_data ?? '');
      const matches =
        kind === 'cache point'
          ? 'prompt_cache_breakpoint' in part && Boolean(part.prompt_cache_breakpoint)
          : kind === 'image'
            ? part.type === 'input_image' || isImageFile
            : part.type === 'input_file' && !isImageFile;
      if (matches) return `input[${index}].content[${partIndex}]`;
    }
  }
  return undefined;
}

/**
 * A refusal of the pipeline's, which names canonical parameters, with the field the Responses body used instead
 * (`reasoning.effort`, `max_output_tokens`, `text.format`, `instructions`, the image, file or cache breakpoint
 * part): what the client's `error.param` should point at. The message stays as it is; other errors pass
 * unchanged.
 */
export function nameResponsesParameter(error: unknown, body: ResponsesRequest): unknown {
  if (!(error instanceof UnsupportedParameterError) || error.param === undefined) return error;
  const names: Record<string, string | undefined> = {
    reasoning: 'reasoning.effort',
    max_tokens: 'max_output_tokens',
    response_format: 'text.format',
    system: 'instructions',
    image: locatePart(body, 'image'),
    document: locatePart(body, 'document'),
    cache_control: locatePart(body, 'cache point'),
  };
  const param = names[error.param];
  return param === undefined || param === error.param
    ? error
    : new UnsupportedParameterError(param, error.message);
}
