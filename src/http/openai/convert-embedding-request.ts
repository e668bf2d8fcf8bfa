import { InvalidRequestError, UnsupportedParameterError } from '../../core/errors.js';
import type { EmbeddingRequest } from './embedding-request-schema.js';

export interface ConvertedEmbeddingRequest {
  model: string;
  texts: string[];
  /** Whether `input` was one string (it is named `input`, not `input[0]`, in messages). */
  single: boolean;
  dimensions: number | undefined;
  encodingFormat: 'float' | 'base64';
}

/** The field of the text at `index`, for messages: `input` for a single string, else `input[i]`. */
export function describeInputParam(
  request: Pick<ConvertedEmbeddingRequest, 'single'>,
  index: number,
): string {
  return request.single ? 'input' : `input[${index}]`;
}

/**
 * A validated OpenAI embeddings request -> the texts to embed and how to answer. Token arrays are refused
 * (the gateway cannot know a Bedrock model's tokenizer), and so are empty strings, which Bedrock refuses.
 * `user` is advisory and ignored. `encoding_format` defaults to `float`, as in OpenAI's API.
 */
export function convertEmbeddingRequest(body: EmbeddingRequest): ConvertedEmbeddingRequest {
  const single = typeof body.input === 'string';
  const input: unknown[] = typeof body.input === 'string' ? [body.input] : body.input;
  const texts: string[] = [];
  for (const [index, item] of input.entries()) {
    const param = describeInputParam({ single }, index);
    if (typeof item !== 'string') {
      throw new UnsupportedParameterError(
        'input',
        'input as token ids is not supported: Bedrock models use their own tokenizers. Send text.',
      );
    }
    if (item.length === 0) {
      throw new InvalidRequestError('invalid_body', `${param} is empty: send some text.`, { param });
    }
    texts.push(item);
  }
  return {
    model: body.model,
    texts,
    single,
    dimensions: body.dimensions,
    encodingFormat: body.encoding_format ?? 'float',
  };
}
