import { describe, expect, it } from 'vitest';
import { InvalidRequestError, UnsupportedParameterError } from '../../core/errors.js';
import { type ChatCompletionRequest, chatCompletionRequestSchema } from './chat-request-schema.js';
import { nameChatParameter } from './name-chat-parameter.js';

const body = chatCompletionRequestSchema.parse({
  model: 'nova-micro',
  messages: [
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Look' },
        { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERg==' } },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw==' } },
      ],
    },
  ],
}) as ChatCompletionRequest;

describe('nameChatParameter', () => {
  it.each([
    ['reasoning', 'reasoning_effort'],
    ['max_tokens', 'max_completion_tokens'],
    ['image', 'messages[2].content[2]'],
    ['document', 'messages[2].content[1]'],
    ['tools', 'tools'],
  ])('names the canonical %s as the chat field %s, keeping the message', (canonical, chatField) => {
    // Act
    const renamed = nameChatParameter(
      new UnsupportedParameterError(canonical, "Model 'nova-micro' cannot."),
      body,
      { maxTokensParam: 'max_completion_tokens' },
    );

    // Assess
    expect(renamed).toBeInstanceOf(UnsupportedParameterError);
    expect(renamed).toMatchObject({ param: chatField, message: "Model 'nova-micro' cannot." });
  });

  it('passes other errors through unchanged', () => {
    const error = new InvalidRequestError('invalid_body', 'Bad.', { param: 'reasoning' });
    expect(nameChatParameter(error, body, { maxTokensParam: 'max_tokens' })).toBe(error);
  });
});
