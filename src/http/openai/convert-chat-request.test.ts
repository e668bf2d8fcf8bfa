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

  it('refuses an input_audio part naming it', () => {
    // Act
    const error = thrownBy(() =>
      convert(withMessages([{ role: 'user', content: [{ type: 'input_audio', input_audio: {} }] }])),
    );

    // Assess
    expect(error).toMatchObject({
      statusCode: 400,
      code: 'unsupported_parameter',
      param: 'messages[0].content[0]',
    });
    expect(error.message).toContain('input_audio');
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

  it('ignores participant names on every role, as LangChain sends them on tool messages', () => {
    // Act
    const converted = convert(
      withMessages([
        { role: 'system', content: 'Be brief.', name: 'rules' },
        { ...hello, name: 'alice' },
        { role: 'assistant', content: null, tool_calls: [weatherCall], name: 'bot' },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny', name: 'get_weather' },
      ]),
    );

    // Assess
    expect(converted.request.system).toBe('Be brief.');
    expect(converted.request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: { city: 'Paris' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'call_1', content: 'Sunny' }] },
    ]);
  });

  it('refuses the legacy function role, naming the message', () => {
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
    ['logit_bias', { logit_bias: { '50256': -100 } }],
    ['presence_penalty', { presence_penalty: 0.1 }],
    ['frequency_penalty', { frequency_penalty: -0.1 }],
    ['modalities', { modalities: ['text', 'audio'] }],
    ['parallel_tool_calls', { parallel_tool_calls: false }],
    ['service_tier', { service_tier: 'scale' }],
    ['functions', { functions: [] }],
    ['function_call', { function_call: 'auto' }],
    ['audio', { audio: { voice: 'alloy', format: 'mp3' } }],
    ['prediction', { prediction: { type: 'content', content: 'x' } }],
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
          seed: 42,
          parallel_tool_calls: true,
          service_tier: 'auto',
          max_tokens: null,
          temperature: null,
          stop: null,
          user: 'u',
          metadata: { a: 'b' },
          store: true,
          prompt_cache_key: 'k',
          prompt_cache_retention: '24h',
          safety_identifier: 's',
          prompt_cache_options: { mode: 'explicit', ttl: '30m' },
          reasoning_effort: 'none',
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
    ['an unknown message field', withMessages([{ ...hello, tags: [] }])],
    ['a cache_control of another type', withMessages([{ ...hello, cache_control: { type: 'persistent' } }])],
    [
      'a cache TTL Bedrock has not',
      withMessages([{ ...hello, cache_control: { type: 'ephemeral', ttl: '24h' } }]),
    ],
    ['a response_format of an unknown type', withMessages([hello], { response_format: { type: 'yaml' } })],
    ['a reasoning_effort of an unknown level', withMessages([hello], { reasoning_effort: 'extreme' })],
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

/** The first bytes of a PNG and of a PDF: what the media checks look at. */
const PNG_BASE64 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64');
const PDF_BASE64 = Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64');

function userParts(...parts: unknown[]) {
  return withMessages([{ role: 'user', content: [{ type: 'text', text: 'Look:' }, ...parts] }]);
}

describe('convertChatRequest: images and files', () => {
  it('turns an image_url data URL into an image part with its bytes, detail being advisory', () => {
    // Act
    const converted = convert(
      userParts({
        type: 'image_url',
        image_url: { url: `data:image/png;base64,${PNG_BASE64}`, detail: 'high' },
      }),
    );

    // Assess
    const image = converted.request.messages[0]!.content[1];
    expect(image).toMatchObject({ type: 'image', format: 'png' });
    expect(Buffer.from((image as { data: Uint8Array }).data).toString('base64')).toBe(PNG_BASE64);
  });

  it.each(['https://example.com/cat.png', 'http://169.254.169.254/latest/meta-data'])(
    'refuses the remote image URL %s, naming the part and the model and saying to send a data: URL',
    (url) => {
      // Act
      const error = thrownBy(() => convert(userParts({ type: 'image_url', image_url: { url } })));

      // Assess
      expect(error).toMatchObject({
        statusCode: 400,
        code: 'unsupported_parameter',
        param: 'messages[0].content[1].image_url.url',
      });
      expect(error.message).toContain("model 'claude-haiku'");
      expect(error.message).toContain('data: URL');
    },
  );

  it.each([
    ['a data URL that is not base64', 'data:image/png,hello', 'base64 data URL'],
    ['an image type Bedrock has not', `data:image/tiff;base64,${PNG_BASE64}`, "not 'image/tiff'"],
    ['bytes of another format', `data:image/jpeg;base64,${PNG_BASE64}`, 'not a jpeg image'],
  ])('refuses %s, naming the URL', (_case, url, message) => {
    const error = thrownBy(() => convert(userParts({ type: 'image_url', image_url: { url } })));
    expect(error).toMatchObject({ statusCode: 400, param: 'messages[0].content[1].image_url.url' });
    expect(error.message).toContain(message);
  });

  it('turns a file part with a PDF data URL into a document named after the file', () => {
    // Act
    const converted = convert(
      userParts({
        type: 'file',
        file: { filename: 'report_2026.pdf', file_data: `data:application/pdf;base64,${PDF_BASE64}` },
      }),
    );

    // Assess
    expect(converted.request.messages[0]!.content[1]).toMatchObject({
      type: 'document',
      format: 'pdf',
      name: 'report 2026',
    });
  });

  it('names files sent without a name, takes bare base64 by the extension, and an image file as an image', () => {
    // Act
    const converted = convert(
      userParts(
        {
          type: 'file',
          file: { file_data: `data:text/csv;base64,${Buffer.from('a,b').toString('base64')}` },
        },
        {
          type: 'file',
          file: { filename: 'notes.md', file_data: Buffer.from('# Notes').toString('base64') },
        },
        { type: 'file', file: { filename: 'pixel.png', file_data: `data:image/png;base64,${PNG_BASE64}` } },
      ),
    );

    // Assess
    expect(converted.request.messages[0]!.content.slice(1)).toMatchObject([
      { type: 'document', format: 'csv', name: 'document 1' },
      { type: 'document', format: 'md', name: 'notes' },
      { type: 'image', format: 'png' },
    ]);
  });

  it.each([
    ['a file_id (there is no Files API)', { file_id: 'file-abc' }, 'messages[0].content[1].file.file_id'],
    ['no file_data', { filename: 'a.pdf' }, 'messages[0].content[1].file.file_data'],
    [
      'bare base64 without a known extension',
      { file_data: PDF_BASE64 },
      'messages[0].content[1].file.file_data',
    ],
    [
      'a PDF that is none',
      { filename: 'a.pdf', file_data: `data:application/pdf;base64,${PNG_BASE64}` },
      'messages[0].content[1].file.file_data',
    ],
  ])('refuses a file part with %s, naming the field', (_case, file, param) => {
    const error = thrownBy(() => convert(userParts({ type: 'file', file })));
    expect(error).toMatchObject({ statusCode: 400, param });
  });

  it('refuses a document in a message without text, as Bedrock does', () => {
    const error = thrownBy(() =>
      convert(
        withMessages([
          {
            role: 'user',
            content: [
              {
                type: 'file',
                file: { filename: 'a.pdf', file_data: `data:application/pdf;base64,${PDF_BASE64}` },
              },
            ],
          },
        ]),
      ),
    );
    expect(error).toMatchObject({ statusCode: 400, param: 'messages.0' });
  });
});

describe('convertChatRequest: cache points', () => {
  const ephemeral = { type: 'ephemeral' };

  it('puts a cache point after a part with cache_control or prompt_cache_breakpoint, and after a message with cache_control', () => {
    // Act
    const converted = convert(
      withMessages([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Long context', cache_control: { type: 'ephemeral', ttl: '1h' } },
            { type: 'text', text: 'More', prompt_cache_breakpoint: { mode: 'explicit' } },
            { type: 'text', text: 'Question' },
          ],
        },
        { role: 'assistant', content: 'Answer', cache_control: ephemeral },
        { role: 'user', content: 'Next', cache_control: { type: 'ephemeral', ttl: '5m' } },
      ]),
    );

    // Assess
    expect(converted.request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Long context' },
          { type: 'cache-point', ttl: '1h' },
          { type: 'text', text: 'More' },
          { type: 'cache-point' },
          { type: 'text', text: 'Question' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Answer' }, { type: 'cache-point' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Next' },
          { type: 'cache-point', ttl: '5m' },
        ],
      },
    ]);
    expect(converted.request.cachePoints).toBeUndefined();
  });

  it('caches the whole system prompt for a breakpoint on any system part, with the longest TTL asked', () => {
    // Act
    const converted = convert(
      withMessages([
        { role: 'system', content: [{ type: 'text', text: 'Rules', cache_control: ephemeral }] },
        { role: 'developer', content: 'More rules', cache_control: { type: 'ephemeral', ttl: '1h' } },
        hello,
      ]),
    );

    // Assess
    expect(converted.request.system).toBe('Rules\n\nMore rules');
    expect(converted.request.cachePoints).toEqual({ system: { type: 'cache-point', ttl: '1h' } });
    expect(converted.request.messages[0]!.content).toEqual([{ type: 'text', text: 'Hello' }]);
  });

  it('caches the tool definitions for cache_control on a tool, and a tool result for one on its message', () => {
    // Act
    const converted = convert(
      withMessages(
        [
          hello,
          { role: 'assistant', tool_calls: [weatherCall] },
          { role: 'tool', tool_call_id: 'call_1', content: 'Sunny', cache_control: ephemeral },
        ],
        {
          tools: [
            { type: 'function', function: { name: 'get_weather' } },
            { type: 'function', function: { name: 'get_time' }, cache_control: ephemeral },
          ],
        },
      ),
    );

    // Assess
    expect(converted.request.cachePoints).toEqual({ tools: { type: 'cache-point' } });
    expect(converted.request.messages[2]!.content).toEqual([
      { type: 'tool-result', toolCallId: 'call_1', content: 'Sunny' },
      { type: 'cache-point' },
    ]);
  });
});

describe('convertChatRequest: reasoning sent back', () => {
  it('puts thinking_blocks, signed and redacted, before the text and tool calls of their assistant message', () => {
    // Act
    const converted = convert(
      withMessages([
        hello,
        {
          role: 'assistant',
          content: 'Checking.',
          reasoning_content: 'The user wants the weather.',
          thinking_blocks: [
            { type: 'thinking', thinking: 'The user wants the weather.', signature: 'sig-1' },
            { type: 'redacted_thinking', data: 'ZW5jcnlwdGVk' },
          ],
          tool_calls: [weatherCall],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
      ]),
    );

    // Assess
    expect(converted.request.messages[1]!.content).toEqual([
      { type: 'reasoning', text: 'The user wants the weather.', signature: 'sig-1' },
      { type: 'redacted-reasoning', data: 'ZW5jcnlwdGVk' },
      { type: 'text', text: 'Checking.' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: { city: 'Paris' } },
    ]);
  });

  it('sends reasoning_content alone back as unsigned reasoning, and nothing for an empty one', () => {
    // Act
    const converted = convert(
      withMessages([
        hello,
        { role: 'assistant', content: 'Hi', reasoning_content: 'Greet back.' },
        hello,
        { role: 'assistant', content: 'Hi again', reasoning_content: '', thinking_blocks: [] },
        hello,
      ]),
    );

    // Assess
    expect(converted.request.messages[1]!.content).toEqual([
      { type: 'reasoning', text: 'Greet back.' },
      { type: 'text', text: 'Hi' },
    ]);
    expect(converted.request.messages[3]!.content).toEqual([{ type: 'text', text: 'Hi again' }]);
  });

  it('still refuses an assistant message that carries only reasoning', () => {
    const error = thrownBy(() =>
      convert(withMessages([hello, { role: 'assistant', content: '', reasoning_content: 'Hmm.' }, hello])),
    );
    expect(error).toMatchObject({ statusCode: 400, param: 'messages[1].content' });
  });
});

describe('convertChatRequest: output format, reasoning effort and service tier', () => {
  it.each([
    [{ type: 'text' }, undefined],
    [{ type: 'json_object' }, { type: 'json-object' }],
    [
      {
        type: 'json_schema',
        json_schema: { name: 'person', description: 'A person.', schema: { type: 'object' }, strict: true },
      },
      {
        type: 'json-schema',
        name: 'person',
        description: 'A person.',
        schema: { type: 'object' },
        strict: true,
      },
    ],
    [{ type: 'json_schema', json_schema: { name: 'free' } }, { type: 'json-object' }],
  ])('maps response_format %j to the output format %j', (responseFormat, outputFormat) => {
    const converted = convert(withMessages([hello], { response_format: responseFormat }));
    expect(converted.request.outputFormat).toEqual(outputFormat);
  });

  it.each([
    ['minimal', { effort: 'low' }],
    ['low', { effort: 'low' }],
    ['medium', { effort: 'medium' }],
    ['high', { effort: 'high' }],
    ['xhigh', { effort: 'xhigh' }],
    ['max', { effort: 'max' }],
    ['none', undefined],
    [null, undefined],
  ])('maps reasoning_effort %j to the reasoning request %j', (effort, reasoning) => {
    const converted = convert(withMessages([hello], { reasoning_effort: effort }));
    expect(converted.request.reasoning).toEqual(reasoning);
  });

  it.each([
    ['auto', undefined],
    ['default', 'default'],
    ['flex', 'flex'],
    ['priority', 'priority'],
  ])("maps service_tier '%s' to Bedrock's tier %j", (tier, serviceTier) => {
    const converted = convert(withMessages([hello], { service_tier: tier }));
    expect(converted.request.serviceTier).toEqual(serviceTier);
  });
});
