import { describe, expect, it } from 'vitest';
import { PNG_BASE64 } from '../../../test/support/media-fixtures.js';
import { GatewayError } from '../../core/errors.js';
import { convertResponsesRequest } from './convert-responses-request.js';
import { encodeReasoningContent } from './encode-reasoning-content.js';
import { type ResponsesRequest, responsesRequestSchema } from './responses-request-schema.js';

/** Validates like the route does, then converts. */
function convert(body: Record<string, unknown>) {
  return convertResponsesRequest(
    responsesRequestSchema.parse({ model: 'claude-haiku', ...body }) as ResponsesRequest,
  );
}

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

const weatherTool = {
  type: 'function',
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
  strict: true,
};
const weatherCall = {
  type: 'function_call',
  call_id: 'call_1',
  name: 'get_weather',
  arguments: '{"city":"Paris"}',
};

describe('convertResponsesRequest: input', () => {
  it('takes a string input as one user message', () => {
    // Act
    const converted = convert({ input: 'Hello' });

    // Assess
    expect(converted.request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
    ]);
    expect(converted.request.system).toBeUndefined();
  });

  it('joins instructions, then system and developer messages wherever they stand, into one system prompt', () => {
    // Act
    const converted = convert({
      instructions: 'Be brief.',
      input: [
        { role: 'system', content: 'Use English.' },
        { role: 'user', content: 'Hello' },
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'No jokes.' }] },
      ],
    });

    // Assess
    expect(converted.request.system).toBe('Be brief.\n\nUse English.\n\nNo jokes.');
    expect(converted.request.messages).toHaveLength(1);
  });

  it('makes one assistant turn of reasoning, text and function calls, and one user turn of their outputs', () => {
    // Prepare
    const signed = encodeReasoningContent({ type: 'reasoning', text: 'Think', signature: 'sig' });

    // Act
    const converted = convert({
      input: [
        { role: 'user', content: 'Weather?' },
        {
          type: 'reasoning',
          id: 'rs_1',
          summary: [{ type: 'summary_text', text: 'Think' }],
          encrypted_content: signed,
        },
        {
          type: 'message',
          id: 'msg_1',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Checking.', annotations: [], logprobs: [] }],
        },
        { ...weatherCall, id: 'fc_1', status: 'completed' },
        { ...weatherCall, call_id: 'call_2' },
        { type: 'function_call_output', call_id: 'call_1', output: 'Sunny' },
        {
          type: 'function_call_output',
          call_id: 'call_2',
          output: [{ type: 'input_text', text: 'Also sunny' }],
        },
      ],
      tools: [weatherTool],
    });

    // Assess
    expect(converted.request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Think', signature: 'sig' },
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool-call', toolCallId: 'call_2', toolName: 'get_weather', input: { city: 'Paris' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool-result', toolCallId: 'call_1', content: 'Sunny' },
          { type: 'tool-result', toolCallId: 'call_2', content: 'Also sunny' },
        ],
      },
    ]);
  });

  it('takes reasoning without encrypted_content as unsigned reasoning, its raw text before its summary', () => {
    // Act
    const converted = convert({
      input: [
        { role: 'user', content: 'Hi' },
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Short' }] },
        {
          type: 'reasoning',
          summary: [{ type: 'summary_text', text: 'Short' }],
          content: [{ type: 'reasoning_text', text: 'Raw' }],
        },
        { role: 'assistant', content: 'Hello' },
      ],
    });

    // Assess
    expect(converted.request.messages[1]!.content).toEqual([
      { type: 'reasoning', text: 'Short' },
      { type: 'reasoning', text: 'Raw' },
      { type: 'text', text: 'Hello' },
    ]);
  });

  it('sends an earlier refusal back as text', () => {
    // Act
    const converted = convert({
      input: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot.' }] },
        { role: 'user', content: 'Why?' },
      ],
    });

    // Assess
    expect(converted.request.messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'text', text: 'I cannot.' }],
    });
  });

  it('puts a cache point after a part with prompt_cache_breakpoint, and after the system prompt', () => {
    // Act
    const converted = convert({
      input: [
        {
          role: 'system',
          content: [{ type: 'input_text', text: 'Rules', prompt_cache_breakpoint: { mode: 'explicit' } }],
        },
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Context', prompt_cache_breakpoint: { mode: 'explicit' } },
            { type: 'input_text', text: 'Question' },
          ],
        },
      ],
    });

    // Assess
    expect(converted.request.cachePoints).toEqual({ system: { type: 'cache-point' } });
    expect(converted.request.messages[0]!.content).toEqual([
      { type: 'text', text: 'Context' },
      { type: 'cache-point' },
      { type: 'text', text: 'Question' },
    ]);
  });

  it('takes a data-URL input_image as an image and a base64 input_file as a named document', () => {
    // Act
    const converted = convert({
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_image', image_url: `data:image/png;base64,${PNG_BASE64}`, detail: 'auto' },
            {
              type: 'input_file',
              filename: 'notes.md',
              file_data: `data:text/markdown;base64,${Buffer.from('# Notes').toString('base64')}`,
            },
            { type: 'input_text', text: 'Read these.' },
          ],
        },
      ],
    });

    // Assess
    expect(converted.request.messages[0]!.content).toMatchObject([
      { type: 'image', format: 'png' },
      { type: 'document', format: 'md', name: 'notes' },
      { type: 'text', text: 'Read these.' },
    ]);
  });

  it.each([
    [
      'an https image URL',
      { type: 'input_image', image_url: 'https://example.com/a.png' },
      'input[0].content[0].image_url',
    ],
    ['an image by file_id', { type: 'input_image', file_id: 'file-1' }, 'input[0].content[0].file_id'],
    ['an image without a URL', { type: 'input_image', detail: 'auto' }, 'input[0].content[0].image_url'],
    [
      'a file by URL',
      { type: 'input_file', file_url: 'https://example.com/a.pdf' },
      'input[0].content[0].file_url',
    ],
    ['a file by file_id', { type: 'input_file', file_id: 'file-1' }, 'input[0].content[0].file_id'],
    ['audio', { type: 'input_audio', input_audio: { data: 'AA==', format: 'wav' } }, 'input[0].content[0]'],
  ])('refuses %s, naming the field', (_case, part, param) => {
    const error = thrownBy(() =>
      convert({ input: [{ role: 'user', content: [part, { type: 'input_text', text: 'What?' }] }] }),
    );
    expect(error).toMatchObject({ statusCode: 400, param });
  });

  it('refuses an image in a system message, as the system prompt is text', () => {
    const error = thrownBy(() =>
      convert({
        input: [
          {
            role: 'system',
            content: [{ type: 'input_image', image_url: `data:image/png;base64,${PNG_BASE64}` }],
          },
          { role: 'user', content: 'Hi' },
        ],
      }),
    );
    expect(error).toMatchObject({ statusCode: 400, param: 'input[0].content[0]' });
  });

  it('refuses an image in a function output, as tool results go to Bedrock as text', () => {
    const error = thrownBy(() =>
      convert({
        input: [
          { role: 'user', content: 'Hi' },
          weatherCall,
          {
            type: 'function_call_output',
            call_id: 'call_1',
            output: [{ type: 'input_image', image_url: `data:image/png;base64,${PNG_BASE64}` }],
          },
        ],
      }),
    );
    expect(error).toMatchObject({ statusCode: 400, param: 'input[2].output[0]' });
  });

  it.each([
    [
      'an output that answers no call',
      [
        { role: 'user', content: 'Hi' },
        { type: 'function_call_output', call_id: 'x', output: '' },
      ],
      'input[1].call_id',
    ],
    [
      'arguments that are no JSON object',
      [
        { role: 'user', content: 'Hi' },
        { ...weatherCall, arguments: '[1]' },
      ],
      'input[1].arguments',
    ],
    [
      'a stored item reference',
      [
        { role: 'user', content: 'Hi' },
        { type: 'item_reference', id: 'msg_1' },
      ],
      'input[1]',
    ],
    [
      'a hosted tool call',
      [
        { role: 'user', content: 'Hi' },
        { type: 'web_search_call', id: 'ws_1', status: 'completed' },
      ],
      'input[1]',
    ],
    [
      'reasoning content the gateway did not write',
      [
        { role: 'user', content: 'Hi' },
        { type: 'reasoning', summary: [], encrypted_content: 'gAAAAB...' },
      ],
      'input[1].encrypted_content',
    ],
    ['an empty user message', [{ role: 'user', content: '' }], 'input[0].content'],
    ['no user message at all', [{ role: 'system', content: 'Rules' }], 'input'],
  ])('refuses %s, naming the field', (_case, input, param) => {
    const error = thrownBy(() => convert({ input }));
    expect(error).toMatchObject({ statusCode: 400, param });
  });

  it('says how to send the conversation when it refuses an item_reference', () => {
    const error = thrownBy(() =>
      convert({
        input: [
          { role: 'user', content: 'Hi' },
          { type: 'item_reference', id: 'rs_1' },
        ],
      }),
    );
    expect(error.message).toContain('does not store responses');
    expect(error.message).toContain('providerOptions.openai.store');
  });
});

describe('convertResponsesRequest: tools', () => {
  it('takes function tools and each tool_choice form', () => {
    // Act
    const converted = (toolChoice: unknown) =>
      convert({ input: 'Hi', tools: [weatherTool], tool_choice: toolChoice }).request.toolChoice;

    // Assess
    expect(convert({ input: 'Hi', tools: [weatherTool] }).request.tools).toEqual([
      { name: 'get_weather', inputSchema: weatherTool.parameters },
    ]);
    expect(converted('auto')).toEqual({ type: 'auto' });
    expect(converted('none')).toEqual({ type: 'none' });
    expect(converted('required')).toEqual({ type: 'any' });
    expect(converted({ type: 'function', name: 'get_weather' })).toEqual({
      type: 'tool',
      name: 'get_weather',
    });
  });

  it('narrows the tools to those allowed_tools names, required meaning Bedrock any', () => {
    // Act
    const converted = convert({
      input: 'Hi',
      tools: [weatherTool, { ...weatherTool, name: 'get_time', parameters: null }],
      tool_choice: {
        type: 'allowed_tools',
        mode: 'required',
        tools: [{ type: 'function', name: 'get_time' }],
      },
    });

    // Assess
    expect(converted.request.tools).toEqual([
      { name: 'get_time', inputSchema: { type: 'object', properties: {} } },
    ]);
    expect(converted.request.toolChoice).toEqual({ type: 'any' });
  });

  it.each([
    ['web_search', "'web_search' is a hosted tool"],
    ['code_interpreter', "'code_interpreter' is a hosted tool"],
    ['custom', 'custom tools'],
    ['shell', "'shell' is a tool OpenAI defines"],
  ])('refuses a %s tool, naming its type', (type, says) => {
    const error = thrownBy(() => convert({ input: 'Hi', tools: [weatherTool, { type }] }));
    expect(error).toMatchObject({ statusCode: 400, code: 'unsupported_parameter', param: 'tools[1]' });
    expect(error.message).toContain(says);
  });

  it('refuses a hosted tool as tool_choice, and allowed_tools naming an unknown function', () => {
    expect(
      thrownBy(() => convert({ input: 'Hi', tools: [weatherTool], tool_choice: { type: 'file_search' } })),
    ).toMatchObject({
      param: 'tool_choice',
    });
    expect(
      thrownBy(() =>
        convert({
          input: 'Hi',
          tools: [weatherTool],
          tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'nope' }] },
        }),
      ),
    ).toMatchObject({ param: 'tool_choice.tools[0]' });
  });
});

describe('convertResponsesRequest: options', () => {
  it('maps the budget, sampling, format, reasoning, tier and include', () => {
    // Act
    const converted = convert({
      input: 'Hi',
      max_output_tokens: 100,
      temperature: 0.3,
      top_p: 0.9,
      text: { format: { type: 'json_schema', name: 'person', schema: { type: 'object' }, strict: true } },
      reasoning: { effort: 'minimal', summary: 'auto' },
      service_tier: 'flex',
      include: ['reasoning.encrypted_content'],
      stream: true,
    });

    // Assess
    expect(converted).toMatchObject({ maxTokens: 100, stream: true, includeReasoningContent: true });
    expect(converted.request).toMatchObject({
      temperature: 0.3,
      topP: 0.9,
      outputFormat: { type: 'json-schema', name: 'person', schema: { type: 'object' }, strict: true },
      reasoning: { effort: 'low' },
      serviceTier: 'flex',
    });
    expect(convert({ input: 'Hi', text: { format: { type: 'json_object' } } }).request.outputFormat).toEqual({
      type: 'json-object',
    });
    expect(convert({ input: 'Hi', text: { format: { type: 'text' } } }).request.outputFormat).toBeUndefined();
  });

  it('accepts the advisory fields and default values, and they change nothing', () => {
    // Act
    const converted = convert({
      input: 'Hi',
      store: true,
      metadata: { a: 'b' },
      user: 'u1',
      safety_identifier: 's1',
      prompt_cache_key: 'k',
      prompt_cache_retention: '24h',
      max_tool_calls: 3,
      truncation: 'disabled',
      top_logprobs: 0,
      background: false,
      parallel_tool_calls: true,
      previous_response_id: null,
      reasoning: { context: 'auto', mode: 'standard' },
      include: ['web_search_call.action.sources'],
      service_tier: 'auto',
    });

    // Assess
    expect(converted.request).toEqual(convert({ input: 'Hi' }).request);
    expect(converted.includeReasoningContent).toBe(false);
  });

  it.each([
    ['previous_response_id', { previous_response_id: 'resp_1' }, 'previous_response_id'],
    ['conversation', { conversation: 'conv_1' }, 'conversation'],
    ['background', { background: true }, 'background'],
    ['prompt', { prompt: { id: 'pmpt_1' } }, 'prompt'],
    ['truncation auto', { truncation: 'auto' }, 'truncation'],
    ['top_logprobs', { top_logprobs: 2 }, 'top_logprobs'],
    ['logprobs in include', { include: ['message.output_text.logprobs'] }, 'include'],
    ['text.verbosity', { text: { verbosity: 'low' } }, 'text.verbosity'],
    ['reasoning.mode pro', { reasoning: { mode: 'pro' } }, 'reasoning.mode'],
    ['moderation', { moderation: { model: 'omni-moderation-latest' } }, 'moderation'],
    ['context_management', { context_management: [{ type: 'compaction' }] }, 'context_management'],
    ['stream_options without stream', { stream_options: { include_obfuscation: false } }, 'stream_options'],
    ['parallel_tool_calls false', { parallel_tool_calls: false }, 'parallel_tool_calls'],
    ['service_tier scale', { service_tier: 'scale' }, 'service_tier'],
    ['temperature above 1', { temperature: 1.2 }, 'temperature'],
  ])('refuses %s, naming it', (_case, fields, param) => {
    const error = thrownBy(() => convert({ input: 'Hi', ...fields }));
    expect(error).toMatchObject({ statusCode: 400, param });
  });

  it('says that storage is off when it refuses previous_response_id', () => {
    const error = thrownBy(() => convert({ input: 'Hi', previous_response_id: 'resp_1' }));
    expect(error.message).toContain('does not store responses');
  });
});
