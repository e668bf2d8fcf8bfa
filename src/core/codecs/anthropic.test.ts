import { describe, expect, it } from 'vitest';
import { InvalidRequestError, UnsupportedParameterError, UpstreamError } from '../errors.js';
import type { GenerateRequest, Message, ToolDefinition } from '../generate-request.js';
import nativeRequest from './__fixtures__/anthropic/request.json' with { type: 'json' };
import featuresRequest from './__fixtures__/anthropic/request-features.json' with { type: 'json' };
import nativeResponse from './__fixtures__/anthropic/response.json' with { type: 'json' };
import thinkingResponse from './__fixtures__/anthropic/response-thinking.json' with { type: 'json' };
import toolUseResponse from './__fixtures__/anthropic/response-tool-use.json' with { type: 'json' };
import streamChunks from './__fixtures__/anthropic/stream.json' with { type: 'json' };
import thinkingStreamChunks from './__fixtures__/anthropic/stream-thinking.json' with { type: 'json' };
import toolUseStreamChunks from './__fixtures__/anthropic/stream-tool-use.json' with { type: 'json' };
import {
  assistantText,
  catalogueModel,
  decodeStream,
  PDF_BYTES,
  PNG_BYTES,
  promptRequest,
  REDACTED_REASONING_DATA,
  streamedText,
  userText,
  weatherTool,
} from './__fixtures__/canonical-builders.js';
import { anthropicCodec } from './anthropic.js';

const canonicalRequest: GenerateRequest = {
  system: 'You are a weather assistant.',
  messages: [
    userText('What is the weather in Paris?'),
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool-call', toolCallId: 'toolu_bdrk_01', toolName: 'get_weather', input: { city: 'Paris' } },
      ],
    },
    {
      role: 'user',
      content: [{ type: 'tool-result', toolCallId: 'toolu_bdrk_01', content: '18°C and sunny' }],
    },
    userText('Is that warm?'),
  ],
  maxTokens: 512,
  temperature: 0.5,
  topP: 0.9,
  stopSequences: ['\n\nHuman:'],
  tools: [weatherTool],
  toolChoice: { type: 'auto' },
};

describe('anthropicCodec.toNativeBody', () => {
  it('writes the Messages body of the fixture, merging the tool result and the next user text into one turn', () => {
    expect(anthropicCodec.toNativeBody(canonicalRequest)).toEqual(nativeRequest);
  });

  it('leaves out every optional field the request does not set', () => {
    // Act
    const body = anthropicCodec.toNativeBody(promptRequest('hi'));

    // Assess
    expect(body).toStrictEqual({
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 100,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
  });

  it('marks an error tool result with is_error', () => {
    // Prepare
    const request: GenerateRequest = {
      ...canonicalRequest,
      messages: [
        ...canonicalRequest.messages.slice(0, 2),
        {
          role: 'user',
          content: [{ type: 'tool-result', toolCallId: 'toolu_bdrk_01', content: 'down', isError: true }],
        },
      ],
    };

    // Act
    const body = anthropicCodec.toNativeBody(request) as { messages: Array<{ content: unknown[] }> };

    // Assess
    expect(body.messages[2]!.content).toEqual([
      { type: 'tool_result', tool_use_id: 'toolu_bdrk_01', content: 'down', is_error: true },
    ]);
  });

  it.each([
    [{ type: 'any' } as const, { type: 'any' }],
    [{ type: 'tool', name: 'get_weather' } as const, { type: 'tool', name: 'get_weather' }],
  ])('writes tool_choice %j as %j', (toolChoice, expected) => {
    const body = anthropicCodec.toNativeBody(promptRequest('hi', { tools: [weatherTool], toolChoice }));
    expect(body.tool_choice).toEqual(expected);
  });

  it("expresses tool_choice 'none' by sending no tools when the history has no tool parts", () => {
    // Act
    const body = anthropicCodec.toNativeBody(
      promptRequest('hi', { tools: [weatherTool], toolChoice: { type: 'none' } }),
    );

    // Assess
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('tool_choice');
  });

  it('rejects a conversation that starts with an assistant turn', () => {
    expect(() =>
      anthropicCodec.toNativeBody({ messages: [assistantText('hello'), userText('hi')], maxTokens: 10 }),
    ).toThrow(expect.objectContaining({ code: 'invalid_conversation', param: 'messages' }));
  });
});

describe('anthropicCodec.checkSupported', () => {
  it('accepts tools, tool choice, stop sequences and in-range sampling', () => {
    expect(() => anthropicCodec.checkSupported(canonicalRequest)).not.toThrow();
  });

  it.each([
    ['temperature', { temperature: 1.5 }],
    ['top_p', { topP: 1.2 }],
  ])('rejects %s out of 0..1, naming the parameter', (param, overrides) => {
    // Act
    const act = () => anthropicCodec.checkSupported(promptRequest('hi', overrides));

    // Assess
    expect(act).toThrow(UnsupportedParameterError);
    expect(act).toThrow(expect.objectContaining({ param, code: 'unsupported_parameter' }));
  });
});

describe('anthropicCodec.fromNativeResponse', () => {
  it('reads text, the stop reason and usage', () => {
    expect(anthropicCodec.fromNativeResponse(nativeResponse)).toEqual({
      content: [{ type: 'text', text: 'Yes, 18°C is pleasantly warm.' }],
      stopReason: 'end_turn',
      usage: { inputTokens: 412, outputTokens: 14 },
    });
  });

  it('reads tool_use blocks as tool calls', () => {
    expect(anthropicCodec.fromNativeResponse(toolUseResponse)).toEqual({
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool-call', toolCallId: 'toolu_bdrk_01', toolName: 'get_weather', input: { city: 'Paris' } },
      ],
      stopReason: 'tool_use',
      usage: { inputTokens: 380, outputTokens: 52 },
    });
  });

  it.each([
    ['end_turn', 'end_turn'],
    ['max_tokens', 'max_tokens'],
    ['stop_sequence', 'stop_sequence'],
    ['tool_use', 'tool_use'],
    ['refusal', 'content_filtered'],
  ])('maps stop_reason %s to %s', (nativeReason, expected) => {
    const result = anthropicCodec.fromNativeResponse({ ...nativeResponse, stop_reason: nativeReason });
    expect(result.stopReason).toBe(expected);
  });

  it('skips content blocks of unknown types', () => {
    // Prepare
    const body = {
      ...nativeResponse,
      content: [
        { type: 'server_tool_use', id: 'srvtoolu_01', name: 'web_search', input: {} },
        ...nativeResponse.content,
      ],
    };

    // Act
    const result = anthropicCodec.fromNativeResponse(body);

    // Assess
    expect(result.content).toEqual([{ type: 'text', text: 'Yes, 18°C is pleasantly warm.' }]);
  });

  it('uses the header usage when the body has none', () => {
    // Prepare
    const { usage: _usage, ...body } = nativeResponse;

    // Act
    const result = anthropicCodec.fromNativeResponse(body, { inputTokens: 7, outputTokens: 8 });

    // Assess
    expect(result.usage).toEqual({ inputTokens: 7, outputTokens: 8 });
  });

  it.each([
    ['a body without content', { stop_reason: 'end_turn' }],
    ['a text block without text', { content: [{ type: 'text' }] }],
    ['a tool_use block without id', { content: [{ type: 'tool_use', name: 'f', input: {} }] }],
  ])('throws a 502 upstream_malformed_response for %s', (_case, body) => {
    const act = () => anthropicCodec.fromNativeResponse(body);
    expect(act).toThrow(UpstreamError);
    expect(act).toThrow(expect.objectContaining({ statusCode: 502, code: 'upstream_malformed_response' }));
  });
});

describe('anthropicCodec.createStreamDecoder', () => {
  it('decodes a text stream: start, deltas, stop, then usage from the invocation metrics, last', () => {
    // Act
    const events = decodeStream(anthropicCodec.createStreamDecoder, streamChunks);

    // Assess
    expect(events).toEqual([
      { type: 'message-start' },
      { type: 'text-delta', text: 'Hello' },
      { type: 'text-delta', text: ', world' },
      { type: 'message-stop', stopReason: 'end_turn' },
      { type: 'usage', usage: { inputTokens: 25, outputTokens: 5 } },
    ]);
  });

  it('decodes a tool call: start with id and name, then the JSON argument pieces', () => {
    // Act
    const events = decodeStream(anthropicCodec.createStreamDecoder, toolUseStreamChunks);

    // Assess
    expect(streamedText(events)).toBe('Let me check.');
    expect(events.filter((event) => event.type.startsWith('tool-call'))).toEqual([
      { type: 'tool-call-start', index: 1, toolCallId: 'toolu_bdrk_01', toolName: 'get_weather' },
      { type: 'tool-call-delta', index: 1, inputDelta: '{"city": ' },
      { type: 'tool-call-delta', index: 1, inputDelta: '"Paris"}' },
    ]);
    expect(events.slice(-2)).toEqual([
      { type: 'message-stop', stopReason: 'tool_use' },
      { type: 'usage', usage: { inputTokens: 380, outputTokens: 52 } },
    ]);
  });

  it("falls back to the stream's own token counts when the last chunk has no invocation metrics", () => {
    // Prepare
    const chunks = streamChunks.map((chunk) =>
      chunk.type === 'message_stop' ? { type: 'message_stop' } : chunk,
    );

    // Act
    const events = decodeStream(anthropicCodec.createStreamDecoder, chunks);

    // Assess
    expect(events.at(-1)).toEqual({ type: 'usage', usage: { inputTokens: 25, outputTokens: 5 } });
    expect(events.filter((event) => event.type === 'usage')).toHaveLength(1);
  });

  it('throws a 502 for a tool_use block start without an id', () => {
    // Prepare
    const decode = anthropicCodec.createStreamDecoder();

    // Act
    const act = () =>
      decode({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', name: 'f' } });

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'upstream_malformed_response' }));
  });
});

const lookupTool: ToolDefinition = {
  name: 'lookup_invoice',
  description: 'An invoice by its number.',
  inputSchema: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
};

const totalSchema = {
  type: 'object',
  properties: { total: { type: 'number' } },
  required: ['total'],
  additionalProperties: false,
};

/** A tool loop with every new feature: media, signed and redacted reasoning, cache points everywhere. */
const featuresCanonicalRequest: GenerateRequest = {
  system: 'You read invoices.',
  cachePoints: { system: { type: 'cache-point', ttl: '1h' }, tools: { type: 'cache-point', ttl: '1h' } },
  messages: [
    {
      role: 'user',
      content: [
        { type: 'image', format: 'png', data: PNG_BYTES },
        { type: 'document', format: 'pdf', name: 'Invoice 42', data: PDF_BYTES },
        {
          type: 'document',
          format: 'md',
          name: 'Notes',
          data: new TextEncoder().encode('# Notes\nPaid in full.'),
        },
        { type: 'cache-point', ttl: '1h' },
        { type: 'text', text: 'What is the total of invoice 42?' },
      ],
    },
    {
      role: 'assistant',
      content: [
        {
          type: 'reasoning',
          text: 'The total is on the invoice; I should look it up.',
          signature: 'EqQBCkYIBxgCKkDsignature01',
        },
        { type: 'redacted-reasoning', data: REDACTED_REASONING_DATA },
        { type: 'tool-call', toolCallId: 'toolu_bdrk_02', toolName: 'lookup_invoice', input: { id: 42 } },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool-result', toolCallId: 'toolu_bdrk_02', content: '{"total": 118.5}' },
        { type: 'cache-point' },
      ],
    },
  ],
  maxTokens: 8192,
  tools: [lookupTool],
  reasoning: { effort: 'low' },
  outputFormat: { type: 'json-schema', schema: totalSchema },
};

const SONNET_4_5 = catalogueModel('claude-sonnet-4-5');
const OPUS_4_6 = catalogueModel('claude-opus-4-6');

describe('anthropicCodec.toNativeBody with images, documents, reasoning, cache points and a schema', () => {
  it('writes the fixture body: base64 media, a plain-text document, thinking blocks as received, cache_control, a budget and output_config.format', () => {
    expect(anthropicCodec.toNativeBody(featuresCanonicalRequest, { model: SONNET_4_5 })).toEqual(
      featuresRequest,
    );
  });

  it('asks an adaptive model with thinking adaptive and the effort in output_config', () => {
    // Act
    const body = anthropicCodec.toNativeBody(promptRequest('hi', { reasoning: { effort: 'high' } }), {
      model: OPUS_4_6,
    });

    // Assess
    expect(body.thinking).toEqual({ type: 'adaptive' });
    expect(body.output_config).toEqual({ effort: 'high' });
  });

  it('turns a budget into the highest effort it covers on an adaptive model', () => {
    const body = anthropicCodec.toNativeBody(promptRequest('hi', { reasoning: { budgetTokens: 5000 } }), {
      model: OPUS_4_6,
    });
    expect(body.output_config).toEqual({ effort: 'medium' });
  });

  it('sends adaptive thinking without output_config when no effort or budget was asked', () => {
    const body = anthropicCodec.toNativeBody(promptRequest('hi', { reasoning: {} }), { model: OPUS_4_6 });
    expect(body).toMatchObject({ thinking: { type: 'adaptive' } });
    expect(body).not.toHaveProperty('output_config');
  });

  it('refuses reasoning on a model that does not reason, naming the field and the model', () => {
    // Act
    const act = () =>
      anthropicCodec.toNativeBody(promptRequest('hi', { reasoning: { effort: 'low' } }), {
        model: catalogueModel('claude-3-haiku'),
      });

    // Assess
    expect(act).toThrow(UnsupportedParameterError);
    expect(act).toThrow(expect.objectContaining({ param: 'reasoning' }));
    expect(act).toThrow(/claude-3-haiku/);
  });

  it('refuses to write a reasoning request without knowing the model, rather than drop it', () => {
    expect(() => anthropicCodec.toNativeBody(promptRequest('hi', { reasoning: { effort: 'low' } }))).toThrow(
      /needs the model/,
    );
  });

  it('refuses a turn that holds nothing but a cache point', () => {
    // Prepare
    const request: GenerateRequest = {
      messages: [
        userText('first'),
        { role: 'assistant', content: [{ type: 'cache-point' }] },
        userText('second'),
      ],
      maxTokens: 10,
    };

    // Act
    const act = () => anthropicCodec.toNativeBody(request);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'invalid_conversation', param: 'messages' }));
  });

  it('marks the last block of the previous turn when a cache point opens a turn', () => {
    // Prepare
    const request: GenerateRequest = {
      messages: [
        userText('a long document'),
        { role: 'assistant', content: [{ type: 'cache-point' }, { type: 'text', text: 'Read it.' }] },
        userText('and?'),
      ],
      maxTokens: 10,
    };

    // Act
    const body = anthropicCodec.toNativeBody(request) as { messages: Array<{ content: unknown[] }> };

    // Assess
    expect(body.messages[0]!.content).toEqual([
      { type: 'text', text: 'a long document', cache_control: { type: 'ephemeral' } },
    ]);
    expect(body.messages[1]!.content).toEqual([{ type: 'text', text: 'Read it.' }]);
  });

  it('puts a cache point that opens a merged turn on the block before it', () => {
    // Prepare
    const messages: Message[] = [
      userText('a long document'),
      { role: 'user', content: [{ type: 'cache-point' }, { type: 'text', text: 'a question' }] },
    ];

    // Act
    const body = anthropicCodec.toNativeBody({ messages, maxTokens: 10 }) as {
      messages: Array<{ content: unknown[] }>;
    };

    // Assess
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'a long document', cache_control: { type: 'ephemeral' } },
          { type: 'text', text: 'a question' },
        ],
      },
    ]);
  });

  it('refuses a cache point that opens the conversation', () => {
    // Act
    const act = () =>
      anthropicCodec.toNativeBody({
        messages: [{ role: 'user', content: [{ type: 'cache-point' }, { type: 'text', text: 'hi' }] }],
        maxTokens: 10,
      });

    // Assess
    expect(act).toThrow(InvalidRequestError);
    expect(act).toThrow(expect.objectContaining({ param: 'cache_control' }));
  });

  it('refuses a cache point right after reasoning, as Claude does', () => {
    // Prepare
    const request: GenerateRequest = {
      messages: [
        userText('hi'),
        {
          role: 'assistant',
          content: [{ type: 'reasoning', text: 'hmm', signature: 'sig' }, { type: 'cache-point' }],
        },
        userText('go on'),
      ],
      maxTokens: 10,
    };

    // Act
    const act = () => anthropicCodec.toNativeBody(request);

    // Assess
    expect(act).toThrow(UnsupportedParameterError);
    expect(act).toThrow(expect.objectContaining({ param: 'cache_control' }));
  });

  it('refuses a Word document, naming the model, the field and the formats it takes', () => {
    // Prepare
    const request = promptRequest('hi', {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', format: 'docx', name: 'Report', data: PDF_BYTES },
            { type: 'text', text: 'Summarise.' },
          ],
        },
      ],
    });

    // Act
    const act = () => anthropicCodec.checkSupported(request, { model: SONNET_4_5 });

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'unsupported_parameter', param: 'messages' }));
    expect(act).toThrow(
      "Model 'claude-sonnet-4-5' (family 'anthropic') takes pdf, txt, md, csv, html documents through the native InvokeModel API, not docx; use api 'converse'.",
    );
  });

  it('refuses a text document whose bytes are not UTF-8', () => {
    // Prepare
    const request = promptRequest('hi', {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', format: 'txt', name: 'Notes', data: Uint8Array.from([0xff, 0xfe, 0x00]) },
            { type: 'text', text: 'Read it.' },
          ],
        },
      ],
    });

    // Act
    const act = () => anthropicCodec.toNativeBody(request);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'invalid_media', param: 'messages' }));
  });

  it('refuses JSON mode without a schema, which has no native form', () => {
    expect(() =>
      anthropicCodec.toNativeBody(promptRequest('hi', { outputFormat: { type: 'json-object' } })),
    ).toThrow(expect.objectContaining({ param: 'response_format', code: 'unsupported_parameter' }));
  });

  it('refuses a schema for a model without native structured output, naming it', () => {
    // Act
    const act = () =>
      anthropicCodec.checkSupported(
        promptRequest('hi', { outputFormat: { type: 'json-schema', schema: totalSchema } }),
        { model: catalogueModel('claude-sonnet') },
      );

    // Assess
    expect(act).toThrow(expect.objectContaining({ param: 'response_format' }));
    expect(act).toThrow(/'claude-sonnet'/);
  });
});

describe('anthropicCodec.fromNativeResponse with reasoning and the cache', () => {
  it('reads signed and redacted thinking as reasoning parts, and cache reads and writes apart from the input', () => {
    expect(anthropicCodec.fromNativeResponse(thinkingResponse)).toEqual({
      content: [
        {
          type: 'reasoning',
          text: 'The tool said the total is 118.5.',
          signature: 'EqQBCkYIBxgCKkDsignature02',
        },
        { type: 'redacted-reasoning', data: REDACTED_REASONING_DATA },
        { type: 'text', text: '{"total": 118.5}' },
      ],
      stopReason: 'end_turn',
      usage: {
        inputTokens: 21,
        outputTokens: 96,
        cacheReadTokens: 2400,
        cacheWriteTokens: 1800,
        cacheWrite1hTokens: 1200,
      },
    });
  });

  it('reads the thinking tokens newer bodies report as reasoning tokens', () => {
    // Prepare
    const body = {
      ...nativeResponse,
      usage: { input_tokens: 5, output_tokens: 40, output_tokens_details: { thinking_tokens: 31 } },
    };

    // Act
    const result = anthropicCodec.fromNativeResponse(body);

    // Assess
    expect(result.usage).toEqual({ inputTokens: 5, outputTokens: 40, reasoningTokens: 31 });
  });

  it('reads null cache counts as none', () => {
    const body = {
      ...nativeResponse,
      usage: { input_tokens: 5, output_tokens: 4, cache_read_input_tokens: null, cache_creation: null },
    };
    expect(anthropicCodec.fromNativeResponse(body).usage).toEqual({ inputTokens: 5, outputTokens: 4 });
  });
});

describe('anthropicCodec.createStreamDecoder with reasoning and the cache', () => {
  it('decodes thinking deltas, the signature that ends them, a redacted block, then text, stop and cache usage', () => {
    // Act
    const events = decodeStream(anthropicCodec.createStreamDecoder, thinkingStreamChunks);

    // Assess
    expect(events).toEqual([
      { type: 'message-start' },
      { type: 'reasoning-delta', text: 'The tool said' },
      { type: 'reasoning-delta', text: ' the total is 118.5.' },
      { type: 'reasoning-signature', signature: 'EqQBCkYIBxgCKkDsignature02' },
      { type: 'redacted-reasoning', data: REDACTED_REASONING_DATA },
      { type: 'text-delta', text: '{"total": 118.5}' },
      { type: 'message-stop', stopReason: 'end_turn' },
      {
        type: 'usage',
        usage: {
          inputTokens: 21,
          outputTokens: 96,
          cacheReadTokens: 2400,
          cacheWriteTokens: 1800,
          cacheWrite1hTokens: 1200,
        },
      },
    ]);
  });

  it("keeps the stream's own cache counts when the invocation metrics carry none", () => {
    // Prepare
    const chunks = thinkingStreamChunks.map((chunk) =>
      chunk.type === 'message_stop'
        ? {
            type: 'message_stop',
            'amazon-bedrock-invocationMetrics': { inputTokenCount: 21, outputTokenCount: 96 },
          }
        : chunk,
    );

    // Act
    const events = decodeStream(anthropicCodec.createStreamDecoder, chunks);

    // Assess
    expect(events.at(-1)).toEqual({
      type: 'usage',
      usage: {
        inputTokens: 21,
        outputTokens: 96,
        cacheReadTokens: 2400,
        cacheWriteTokens: 1800,
        cacheWrite1hTokens: 1200,
      },
    });
  });

  it('takes the cumulative counts of message_delta over those of message_start', () => {
    // Prepare
    const chunks = [
      { type: 'message_start', message: { usage: { input_tokens: 3, output_tokens: 1 } } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn' },
        usage: { output_tokens: 9, cache_read_input_tokens: 700, input_tokens: null },
      },
      { type: 'message_stop' },
    ];

    // Act
    const events = decodeStream(anthropicCodec.createStreamDecoder, chunks);

    // Assess
    expect(events.at(-1)).toEqual({
      type: 'usage',
      usage: { inputTokens: 3, outputTokens: 9, cacheReadTokens: 700 },
    });
  });
});
