import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { convertMessagesRequest, convertPrompt } from './convert-messages-request.js';
import { countTokensRequestSchema, messagesRequestSchema } from './messages-request-schema.js';

/** A 1×1 PNG. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

function convert(body: Record<string, unknown>, version: '2023-06-01' | '2026-10-21' = '2023-06-01') {
  return convertMessagesRequest(
    messagesRequestSchema.parse({ model: 'claude-haiku-4-5', max_tokens: 1000, ...body }),
    version,
  );
}

function refusal(act: () => unknown): { param: string | undefined; message: string } {
  try {
    act();
  } catch (error) {
    if (error instanceof GatewayError) return { param: error.param, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

const hello = [{ role: 'user', content: 'Hello' }];

describe('convertMessagesRequest: the prompt', () => {
  it('joins system blocks by newlines, with one cache point after them for any block that asks', () => {
    // Act
    const { request } = convert({
      system: [
        { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.332;' },
        { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'Be careful.', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
      messages: hello,
    });

    // Assess: the attribution block stays first.
    expect(request.system).toBe(
      'x-anthropic-billing-header: cc_version=2.1.332;\nYou are Claude Code.\nBe careful.',
    );
    expect(request.cachePoints).toEqual({ system: { type: 'cache-point', ttl: '1h' } });
  });

  it('puts a cache point after each block that carries cache_control, and after the last block for a top-level one', () => {
    // Act
    const { request } = convert({
      cache_control: { type: 'ephemeral' },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Long context', cache_control: { type: 'ephemeral', ttl: '5m' } },
            { type: 'text', text: 'Question' },
          ],
        },
      ],
    });

    // Assess
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Long context' },
          { type: 'cache-point', ttl: '5m' },
          { type: 'text', text: 'Question' },
          { type: 'cache-point' },
        ],
      },
    ]);
  });

  it("turns a system turn into the user's text, marked as the system's, and drops one cleared by a later user turn", () => {
    // Act
    const { request } = convert({
      messages: [
        { role: 'user', content: 'Hello' },
        {
          role: 'system',
          content: [{ type: 'text', text: '# Environment', cache_control: { type: 'ephemeral' } }],
        },
        { role: 'assistant', content: 'Hi' },
        { role: 'system', content: 'Shown once.', clear_at: 'next_user_message' },
        { role: 'user', content: 'Again' },
        { role: 'system', content: 'Still shown.', clear_at: 'next_user_message' },
      ],
    });

    // Assess
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>\n# Environment\n</system-reminder>' },
          { type: 'cache-point' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'user', content: [{ type: 'text', text: 'Again' }] },
      {
        role: 'user',
        content: [{ type: 'text', text: '<system-reminder>\nStill shown.\n</system-reminder>' }],
      },
    ]);
  });

  it('carries tool calls, tool results (text blocks joined, is_error) and thinking sent back', () => {
    // Act
    const { request } = convert({
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Let me look.', signature: 'c2ln' },
            { type: 'redacted_thinking', data: 'ZW5j' },
            { type: 'thinking', thinking: 'Unsigned, from another model.', signature: '' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              is_error: true,
              content: [
                { type: 'text', text: 'station' },
                { type: 'text', text: 'offline' },
              ],
              cache_control: { type: 'ephemeral' },
            },
          ],
        },
      ],
    });

    // Assess
    expect(request.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Let me look.', signature: 'c2ln' },
          { type: 'redacted-reasoning', data: 'ZW5j' },
          { type: 'reasoning', text: 'Unsigned, from another model.' },
          { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'get_weather', input: { city: 'Paris' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool-result', toolCallId: 'toolu_1', content: 'station\noffline', isError: true },
          { type: 'cache-point' },
        ],
      },
    ]);
  });

  it('takes base64 images and documents, and plain-text documents named by their title', () => {
    // Act
    const { request } = convert({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            {
              type: 'document',
              title: 'minutes.txt',
              source: { type: 'text', media_type: 'text/plain', data: 'Noon.' },
            },
            { type: 'text', text: 'When?' },
          ],
        },
      ],
    });

    // Assess
    const [image, document] = request.messages[0]!.content;
    expect(image).toMatchObject({ type: 'image', format: 'png' });
    expect(document).toEqual({
      type: 'document',
      format: 'txt',
      name: 'minutes',
      data: new TextEncoder().encode('Noon.'),
    });
  });

  it('refuses sources the gateway would have to fetch, and blocks Bedrock cannot carry in a tool result', () => {
    const url = refusal(() =>
      convert({
        messages: [
          {
            role: 'user',
            content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }],
          },
        ],
      }),
    );
    const file = refusal(() =>
      convert({
        messages: [
          { role: 'user', content: [{ type: 'document', source: { type: 'file', file_id: 'file_1' } }] },
        ],
      }),
    );
    const toolImage = refusal(() =>
      convert({
        messages: [
          { role: 'user', content: 'Screenshot?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'shot', input: {} }] },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 't1',
                content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }],
              },
            ],
          },
        ],
      }),
    );
    expect(url).toEqual({
      param: 'messages.0.content.0.source',
      message: expect.stringContaining('does not fetch URLs'),
    });
    expect(file.message).toContain("Anthropic's Files API");
    expect(toolImage).toEqual({
      param: 'messages.2.content.0.content.0',
      message: expect.stringContaining('tool results to Bedrock as text'),
    });
  });

  it('refuses block types and server tools Bedrock has no counterpart for, by name', () => {
    const block = messagesRequestSchema.safeParse({
      model: 'm',
      max_tokens: 10,
      messages: [
        { role: 'user', content: [{ type: 'search_result', source: 's', title: 't', content: [] }] },
      ],
    });
    const tool = messagesRequestSchema.safeParse({
      model: 'm',
      max_tokens: 10,
      messages: hello,
      tools: [{ type: 'bash_20250124', name: 'bash' }],
    });
    expect(block.error?.issues[0]?.message).toContain(
      "'search_result' is not a content block type the gateway takes",
    );
    expect(tool.error?.issues[0]).toMatchObject({
      path: ['tools', 0, 'type'],
      message: expect.stringContaining("'bash_20250124' is a server tool"),
    });
  });
});

describe('convertMessagesRequest: tools, thinking and the other fields', () => {
  const weather = {
    name: 'get_weather',
    description: 'Weather',
    input_schema: { type: 'object', properties: { city: { type: 'string' } } },
  };

  it('sends custom tools, leaves deferred ones out, and maps the tool choice', () => {
    // Act
    const { request } = convert({
      messages: hello,
      tools: [
        { ...weather, strict: true, eager_input_streaming: true, cache_control: { type: 'ephemeral' } },
        {
          name: 'DeferredToolPlaceholder',
          input_schema: { type: 'object', properties: {} },
          defer_loading: true,
        },
      ],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
    });

    // Assess
    expect(request.tools).toEqual([
      { name: 'get_weather', description: 'Weather', inputSchema: weather.input_schema },
    ]);
    expect(request.cachePoints).toEqual({ tools: { type: 'cache-point' } });
    expect(request.toolChoice).toEqual({ type: 'any' });
    expect(
      convert({ messages: hello, tools: [weather], tool_choice: { type: 'tool', name: 'get_weather' } })
        .request.toolChoice,
    ).toEqual({ type: 'tool', name: 'get_weather' });
    expect(
      convert({ messages: hello, tools: [weather], tool_choice: { type: 'none' } }).request.toolChoice,
    ).toEqual({
      type: 'none',
    });
  });

  it('refuses tool fields Bedrock cannot take', () => {
    expect(
      refusal(() => convert({ messages: hello, tools: [{ ...weather, input_examples: [{ city: 'Oslo' }] }] }))
        .param,
    ).toBe('tools.0.input_examples');
    expect(
      refusal(() =>
        convert({ messages: hello, tools: [{ ...weather, allowed_callers: ['code_execution_20250825'] }] }),
      ).param,
    ).toBe('tools.0.allowed_callers');
  });

  it('maps thinking and effort to the canonical reasoning request', () => {
    const reasoningOf = (body: Record<string, unknown>) =>
      convert({ messages: hello, ...body }).request.reasoning;
    expect(reasoningOf({ thinking: { type: 'enabled', budget_tokens: 2000, display: 'omitted' } })).toEqual({
      budgetTokens: 2000,
    });
    expect(reasoningOf({ thinking: { type: 'adaptive' }, output_config: { effort: 'high' } })).toEqual({
      effort: 'high',
    });
    expect(reasoningOf({ thinking: { type: 'adaptive' } })).toEqual({});
    expect(reasoningOf({ output_config: { effort: 'low' } })).toEqual({ effort: 'low' });
    expect(reasoningOf({ thinking: { type: 'disabled' } })).toBeUndefined();
    expect(reasoningOf({})).toBeUndefined();
  });

  it('takes the effort of the last system turn over the top-level one (per-turn control)', () => {
    const { request } = convert({
      thinking: { type: 'adaptive' },
      output_config: { effort: 'high' },
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'system', content: 'Context', output_config: { effort: 'medium' } },
        { role: 'system', output_config: { effort: 'low' } },
      ],
    });
    expect(request.reasoning).toEqual({ effort: 'low' });
    expect(
      refusal(() => convert({ messages: [{ role: 'user', content: 'Hi' }, { role: 'system' }] })).param,
    ).toBe('messages.1');
  });

  it('refuses thinking settings that have no Bedrock counterpart', () => {
    expect(
      refusal(() =>
        convert({ messages: hello, thinking: { type: 'disabled' }, output_config: { effort: 'low' } }),
      ).param,
    ).toBe('output_config.effort');
    expect(refusal(() => convert({ messages: hello, thinking: { type: 'between_tools' } })).param).toBe(
      'thinking.type',
    );
  });

  it('maps a JSON schema format, from output_config.format or the beta output_format, but not both', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    expect(
      convert({ messages: hello, output_config: { format: { type: 'json_schema', schema } } }).request
        .outputFormat,
    ).toEqual({ type: 'json-schema', schema });
    expect(
      convert({ messages: hello, output_format: { type: 'json_schema', schema } }).request.outputFormat,
    ).toEqual({
      type: 'json-schema',
      schema,
    });
    expect(
      refusal(() =>
        convert({
          messages: hello,
          output_format: { type: 'json_schema', schema },
          output_config: { format: { type: 'json_schema', schema } },
        }),
      ).param,
    ).toBe('output_format');
  });

  it('accepts thinking clearing as advisory, and refuses the context edits that would change the prompt', () => {
    expect(() =>
      convert({
        messages: hello,
        context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      }),
    ).not.toThrow();
    expect(
      refusal(() =>
        convert({ messages: hello, context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] } }),
      ).param,
    ).toBe('context_management.edits.0.type');
  });

  it('refuses the fields of features Bedrock does not have, by name', () => {
    const params = [
      { mcp_servers: [{ type: 'url', url: 'https://mcp.example.com', name: 'x' }] },
      { container: 'container_1' },
      { inference_geo: 'us' },
      { speed: 'fast' },
      { output_config: { task_budget: { type: 'tokens', total: 1000 } } },
      { max_tokens: 0 },
    ].map((body) => refusal(() => convert({ messages: hello, ...body })).param);
    expect(params).toEqual([
      'mcp_servers',
      'container',
      'inference_geo',
      'speed',
      'output_config.task_budget',
      'max_tokens',
    ]);
  });

  it('passes sampling parameters under API version 2023-06-01 and refuses them under 2026-10-21', () => {
    expect(convert({ messages: hello, temperature: 0.3, top_p: 0.9, top_k: 40 }).request).toMatchObject({
      temperature: 0.3,
      topP: 0.9,
      topK: 40,
    });
    expect(refusal(() => convert({ messages: hello, top_k: 40 }, '2026-10-21')).param).toBe('top_k');
  });

  it('maps stop sequences, service_tier, stream and the end user', () => {
    const converted = convert({
      messages: hello,
      stop_sequences: ['END'],
      service_tier: 'standard_only',
      stream: true,
      metadata: { user_id: 'user-7' },
    });
    expect(converted).toMatchObject({
      maxTokens: 1000,
      stream: true,
      endUser: 'user-7',
      request: { stopSequences: ['END'], serviceTier: 'default' },
    });
    expect(convert({ messages: hello, service_tier: 'auto' }).request.serviceTier).toBeUndefined();
  });
});

describe('convertPrompt (count_tokens)', () => {
  it('converts the prompt of a count_tokens body, which has no max_tokens', () => {
    const prompt = convertPrompt(
      countTokensRequestSchema.parse({ model: 'claude-haiku-4-5', system: 'Be brief.', messages: hello }),
    );
    expect(prompt).toEqual({
      model: 'claude-haiku-4-5',
      request: {
        system: 'Be brief.',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
      },
    });
  });
});
