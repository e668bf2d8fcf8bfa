import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { type ChatCompletionRequest, chatCompletionRequestSchema } from './chat-request-schema.js';
import { convertChatRequest } from './convert-chat-request.js';

/** Validates like the route does, then converts. */
function convert(body: Record<string, unknown>) {
  return convertChatRequest(chatCompletionRequestSchema.parse(body) as ChatCompletionRequest);
}

function withMessages(messages: unknown[], extra: Record<string, unknown> = {}) {
  return { model: 'claude-haiku', messages, ...extra };
}

const hello = { role: 'user', content: 'Hello' };

/** The GatewayError `act` throws. */
function thrownBy(act: () => unknown): GatewayError {
  try {
    act();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

const weatherCall = {
  id: 'call_1',
  type: 'function',
  function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
};

describe('convertChatRequest: messages', () => {
  it('joins system and developer messages, wherever they stand, into one system prompt in order', () => {
    // Act
    const converted = convert(
      withMessages([
        { role: 'system', content: 'Be brief.' },
        hello,
        { role: 'developer', content: [{ type: 'text', text: 'Use English.' }] },
      ]),
    );

    // Assess
    expect(converted.request.system).toBe('Be brief.\n\nUse English.');
    expect(converted.request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
    ]);
  });

  it('keeps each user text part as a text part', () => {
    const converted = convert(
      withMessages([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'one' },
            { type: 'text', text: 'two' },
          ],
        },
      ]),
    );
    expect(converted.request.messages[0]!.content).toEqual([
      { type: 'text', text: 'one' },
      { type: 'text', text: 'two' },
    ]);
  });

  it.each(['image_url', 'input_audio', 'file'])('refuses a %s part naming messages[i].content', (type) => {
    // Act
    const error = thrownBy(() => convert(withMessages([{ role: 'user', content: [{ type, [type]: {} }] }])));

    // Assess
    expect(error).toMatchObject({
      statusCode: 400,
      code: 'unsupported_parameter',
      param: 'messages[0].content',
    });
    expect(error.message).toContain(type);
  });

  it('turns assistant tool_calls into tool-call parts with parsed arguments', () => {
    // Act
    const converted = convert(
      withMessages([
        hello,
        { role: 'assistant', content: null, tool_calls: [weatherCall] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
      ]),
    );

    // Assess
    expect(converted.request.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: { city: 'Paris' } },
      ],
    });
  });

  it('puts consecutive tool messages into one user turn of tool-result parts', () => {
    // Act
    const converted = convert(
      withMessages([
        hello,
        {
          role: 'assistant',
          content: 'Checking both.',
          tool_calls: [weatherCall, { ...weatherCall, id: 'call_2' }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'Rain' }] },
        { role: 'user', content: 'Thanks' },
      ]),
    );

    // Assess
    expect(converted.request.messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'user',
      'user',
    ]);
    expect(converted.request.messages[1]!.content[0]).toEqual({ type: 'text', text: 'Checking both.' });
    expect(converted.request.messages[2]).toEqual({
      role: 'user',
      content: [
        { type: 'tool-result', toolCallId: 'call_1', content: 'Sunny' },
        { type: 'tool-result', toolCallId: 'call_2', content: 'Rain' },
      ],
    });
  });

  it('takes empty tool-call arguments as no arguments', () => {
    const converted = convert(
      withMessages([
        hello,
        { role: 'assistant', tool_calls: [{ ...weatherCall, function: { name: 'now', arguments: '' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '12:00' },
      ]),
    );
    expect(converted.request.messages[1]!.content[0]).toMatchObject({ type: 'tool-call', input: {} });
  });

  it.each([
    ['not JSON', '{"city":', 'is not valid JSON'],
    ['not an object', '[1,2]', 'must be a JSON object'],
  ])('refuses tool-call arguments that are %s, naming the field', (_case, text, message) => {
    // Act
    const error = thrownBy(() =>
      convert(
        withMessages([
          hello,
          { role: 'assistant', tool_calls: [{ ...weatherCall, function: { name: 'f', arguments: text } }] },
        ]),
      ),
    );

    // Assess
    expect(error).toMatchObject({
      statusCode: 400,
      code: 'invalid_tool_arguments',
      param: 'messages[1].tool_calls[0].function.arguments',
    });
    expect(error.message).toContain(message);
  });

  it('refuses a tool message that answers no call of the assistant message before it', () => {
    const error = thrownBy(() =>
      convert(
        withMessages([
          hello,
          { role: 'assistant', tool_calls: [weatherCall] },
          { role: 'tool', tool_call_id: 'call_9', content: 'x' },
        ]),
      ),
    );
    expect(error).toMatchObject({ statusCode: 400, param: 'messages[2].tool_call_id' });
  });

  it('refuses an assistant message with neither content nor tool calls, and an empty user message', () => {
    expect(thrownBy(() => convert(withMessages([hello, { role: 'assistant', content: '' }])))).toMatchObject({
      param: 'messages[1].content',
    });
    expect(thrownBy(() => convert(withMessages([{ role: 'user', content: '' }])))).toMatchObject({
      param: 'messages[0].content',
    });
  });

  it('refuses participant names and the legacy function role, naming the message', () => {
    expect(thrownBy(() => convert(withMessages([{ ...hello, name: 'alice' }])))).toMatchObject({
      param: 'messages[0].name',
    });
    expect(
      thrownBy(() => convert(withMessages([hello, { role: 'function', name: 'f', content: 'x' }]))),
    ).toMatchObject({
      param: 'messages[1].role',
    });
  });

  it("accepts what SDKs echo back on an assistant message: refusal null, annotations, the SDK's parsed fields", () => {
    const converted = convert(
      withMessages([
        hello,
        {
          role: 'assistant',
          content: 'Hi',
          refusal: null,
          annotations: [],
          parsed: null,
          audio: null,
          function_call: null,
        },
        hello,
      ]),
    );
    expect(converted.request.messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: 'Hi' }],
    });
  });
});

describe('convertChatRequest: parameters', () => {
  it('converts the supported parameters to canonical ones', () => {
    // Act
    const converted = convert(
      withMessages([hello], {
        max_completion_tokens: 100,
        temperature: 0.2,
        top_p: 0.9,
        stop: 'END',
        tools: [{ type: 'function', function: { name: 'now', description: 'The time.' } }],
        tool_choice: 'required',
        stream: true,
        stream_options: { include_usage: true },
      }),
    );

    // Assess
    expect(converted).toEqual({
      model: 'claude-haiku',
      maxTokens: 100,
      maxTokensParam: 'max_completion_tokens',
      stream: true,
      includeUsage: true,
      request: {
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
        temperature: 0.2,
        topP: 0.9,
        stopSequences: ['END'],
        tools: [{ name: 'now', description: 'The time.', inputSchema: { type: 'object', properties: {} } }],
        toolChoice: { type: 'any' },
      },
    });
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    ['required', { type: 'any' }],
    [
      { type: 'function', function: { name: 'now' } },
      { type: 'tool', name: 'now' },
    ],
  ])('maps tool_choice %j to %j', (choice, canonical) => {
    const converted = convert(
      withMessages([hello], {
        tools: [{ type: 'function', function: { name: 'now' } }],
        tool_choice: choice,
      }),
    );
    expect(converted.request.toolChoice).toEqual(canonical);
  });

  it('passes the max_tokens field name on, and accepts both fields when they agree', () => {
    expect(convert(withMessages([hello], { max_tokens: 10 }))).toMatchObject({
      maxTokens: 10,
      maxTokensParam: 'max_tokens',
    });
    expect(convert(withMessages([hello], { max_tokens: 10, max_completion_tokens: 10 }))).toMatchObject({
      maxTokens: 10,
    });
    expect(convert(withMessages([hello]))).toMatchObject({ maxTokens: undefined });
  });

  it('refuses max_tokens and max_completion_tokens that disagree', () => {
    const error = thrownBy(() =>
      convert(withMessages([hello], { max_tokens: 10, max_completion_tokens: 20 })),
    );
    expect(error).toMatchObject({ statusCode: 400, code: 'conflicting_parameters' });
    expect(error.message).toContain('max_tokens (10) and max_completion_tokens (20)');
  });

  it('refuses a temperature above 1 rather than clamping it, and accepts 1', () => {
    const error = thrownBy(() => convert(withMessages([hello], { temperature: 1.2 })));
    expect(error).toMatchObject({ statusCode: 400, param: 'temperature', code: 'unsupported_value' });
    expect(convert(withMessages([hello], { temperature: 1 })).request.temperature).toBe(1);
  });

  it('refuses stream_options without stream: true', () => {
    const error = thrownBy(() => convert(withMessages([hello], { stream_options: { include_usage: true } })));
    expect(error).toMatchObject({ param: 'stream_options' });
  });

  it.each([
    ['n', { n: 2 }],
    ['logprobs', { logprobs: true }],
    ['top_logprobs', { top_logprobs: 3 }],
    ['response_format', { response_format: { type: 'json_schema', json_schema: { name: 'x' } } }],
    ['logit_bias', { logit_bias: { '50256': -100 } }],
    ['presence_penalty', { presence_penalty: 0.1 }],
    ['frequency_penalty', { frequency_penalty: -0.1 }],
    ['modalities', { modalities: ['text', 'audio'] }],
    ['seed', { seed: 0 }],
    ['parallel_tool_calls', { parallel_tool_calls: false }],
    ['service_tier', { service_tier: 'flex' }],
    ['functions', { functions: [] }],
    ['function_call', { function_call: 'auto' }],
    ['audio', { audio: { voice: 'alloy', format: 'mp3' } }],
    ['prediction', { prediction: { type: 'content', content: 'x' } }],
    ['reasoning_effort', { reasoning_effort: 'low' }],
    ['verbosity', { verbosity: 'low' }],
    ['web_search_options', { web_search_options: {} }],
    ['moderation', { moderation: { model: 'omni-moderation-latest' } }],
  ])('refuses %s with a 400 unsupported_parameter naming it', (param, overrides) => {
    // Act
    const error = thrownBy(() => convert(withMessages([hello], overrides)));

    // Assess
    expect(error).toMatchObject({ statusCode: 400, code: 'unsupported_parameter', param });
    expect(error.message).toContain(param);
  });

  it('accepts default values of refused parameters, nulls, and the advisory fields', () => {
    // Act
    const act = () =>
      convert(
        withMessages([hello], {
          n: 1,
          logprobs: false,
          top_logprobs: 0,
          response_format: { type: 'text' },
          logit_bias: {},
          presence_penalty: 0,
          frequency_penalty: 0,
          modalities: ['text'],
          seed: null,
          parallel_tool_calls: true,
          service_tier: 'default',
          max_tokens: null,
          temperature: null,
          stop: null,
          user: 'u',
          metadata: { a: 'b' },
          store: true,
          prompt_cache_key: 'k',
          prompt_cache_retention: '24h',
          safety_identifier: 's',
        }),
      );

    // Assess
    expect(act).not.toThrow();
    expect(act().request).toEqual({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
    });
  });
});

describe('chatCompletionRequestSchema', () => {
  it.each([
    ['an unknown top-level field', withMessages([hello], { top_k: 3 })],
    ['an unknown message field', withMessages([{ ...hello, cache_control: {} }])],
    ['a temperature above 2', withMessages([hello], { temperature: 2.5 })],
    ['no messages', withMessages([])],
    [
      'a tool name Bedrock refuses',
      withMessages([hello], { tools: [{ type: 'function', function: { name: 'a b' } }] }),
    ],
    ['more than 4 stop sequences', withMessages([hello], { stop: ['a', 'b', 'c', 'd', 'e'] })],
  ])('rejects %s', (_case, body) => {
    expect(chatCompletionRequestSchema.safeParse(body).success).toBe(false);
  });
});
