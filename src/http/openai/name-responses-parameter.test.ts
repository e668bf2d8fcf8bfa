import { describe, expect, it } from 'vitest';
import { InvalidRequestError, UnsupportedParameterError } from '../../core/errors.js';
import { nameResponsesParameter } from './name-responses-parameter.js';
import { type ResponsesRequest, responsesRequestSchema } from './responses-request-schema.js';

const body = responsesRequestSchema.parse({
  model: 'nova-micro',
  input: [
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello' },
    {
      role: 'user',
      content: [
        { type: 'input_text', text: 'Look', prompt_cache_breakpoint: { mode: 'explicit' } },
        { type: 'input_file', filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERg==' },
        { type: 'input_image', image_url: 'data:image/png;base64,iVBORw==' },
      ],
    },
  ],
}) as ResponsesRequest;

describe('nameResponsesParameter', () => {
  it.each([
    ['reasoning', 'reasoning.effort'],
    ['max_tokens', 'max_output_tokens'],
    ['response_format', 'text.format'],
    ['system', 'instructions'],
    ['image', 'input[2].content[2]'],
    ['document', 'input[2].content[1]'],
    ['cache_control', 'input[2].content[0]'],
    ['tools', 'tools'],
  ])('names the canonical %s as the Responses field %s, keeping the message', (canonical, field) => {
    // Act
    const renamed = nameResponsesParameter(
      new UnsupportedParameterError(canonical, "Model 'nova-micro' cannot."),
      body,
    );

    // Assess
    expect(renamed).toBeInstanceOf(UnsupportedParameterError);
    expect(renamed).toMatchObject({ param: field, message: "Model 'nova-micro' cannot." });
  });

  it('passes other errors through unchanged', () => {
    // Prepare
    const error = new InvalidRequestError('max_tokens_too_large', 'Too many.', {
      param: 'max_output_tokens',
    });

    // Act
    const renamed = nameResponsesParameter(error, body);

    // Assess
    expect(renamed).toBe(error);
  });
});
