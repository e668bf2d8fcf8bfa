import OpenAI from 'openai';
import { zodTextFormat } from 'openai/helpers/zod';
import type {
  FunctionTool,
  ResponseFunctionToolCall,
  ResponseInputItem,
  ResponseReasoningItem,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPdfBase64, PNG_BASE64 } from './support/media-fixtures.js';
import { collectSse } from './support/read-sse.js';
import { startStack, type TestStack } from './support/start-stack.js';
import { waitFor } from './support/wait-for.js';

/**
 * The OpenAI Responses API (`POST /v1/responses`) through the real openai SDK: `responses.create`,
 * `responses.stream`, a function-tool round trip, reasoning, structured output, media, and the honest 400s for
 * what a stateless gateway on Bedrock cannot do.
 */

let stack: TestStack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack({ config: { reliability: { maxAttemptsPerModel: 1 } } });
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: stack.key!, maxRetries: 0 });
});
afterAll(async () => {
  await stack.close();
});

/** Claude Haiku 4.5: vision, documents, budget reasoning, forced tool use, no native structured output. */
const CLAUDE = 'claude-haiku';
/** Native structured output (Converse `outputConfig.textFormat`). */
const NATIVE_JSON = 'claude-opus-4-6';
/** Text only, no reasoning. */
const NOVA_MICRO = 'nova-micro';

const weatherTool: FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
  strict: true,
};

/** The 400 a call fails with, as the SDK reports it. */
async function refusalOf(act: () => Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await act();
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** The function call a response made. */
function functionCallOf(response: OpenAI.Responses.Response): ResponseFunctionToolCall {
  const call = response.output.find((item) => item.type === 'function_call');
  if (!call) throw new Error('expected a function_call item');
  return call;
}

/**
 * The next request's input in a tool loop, as a stateless client builds it: the input sent, the output items as
 * they came back (or `returned`, changed), and the function's output.
 */
function answerCall(
  input: ResponseInputItem[],
  response: OpenAI.Responses.Response,
  output: string,
  returned: ResponseInputItem[] = response.output as ResponseInputItem[],
): ResponseInputItem[] {
  return [
    ...input,
    ...returned,
    { type: 'function_call_output', call_id: functionCallOf(response).call_id, output },
  ];
}

function postResponses(body: Record<string, unknown>): Promise<Response> {
  return stack.fetch('/v1/responses', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('responses.create', () => {
  it('answers a plain prompt with a message item, completed, and the usage the simple API reports', async () => {
    // Prepare
    const prompt = 'Write about mountains [[emulator:tokens=15]]';
    const simple = await stack.postJson('/v1/generate', { prompt, model: CLAUDE });

    // Act
    const response = await client.responses.create({ model: CLAUDE, input: prompt });

    // Assess
    expect(response).toMatchObject({
      id: expect.stringMatching(/^resp_/),
      object: 'response',
      status: 'completed',
      model: CLAUDE,
      error: null,
      incomplete_details: null,
    });
    expect(response.output).toEqual([
      {
        type: 'message',
        id: expect.stringMatching(/^msg_/),
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: simple.body.output, annotations: [], logprobs: [] }],
      },
    ]);
    expect(response.output_text).toBe(simple.body.output);
    expect(response.usage).toEqual({
      input_tokens: simple.body.usage.input_tokens,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: 15,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: simple.body.usage.input_tokens + 15,
    });
  });

  it('sends instructions, then system and developer messages, as the system prompt, and the turns in order', async () => {
    // Act
    const response = await client.responses.create({
      model: CLAUDE,
      instructions: 'Be terse.',
      input: [
        { role: 'developer', content: 'Answer in English.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: [{ type: 'output_text', text: 'Hi there', annotations: [] }] },
        {
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: 'Repeat [[emulator:echo]]' }],
        },
      ] as ResponseInputItem[],
    });

    // Assess
    expect(response.output_text).toBe(
      'system: Be terse.\n\nAnswer in English.\nuser: Hello\nassistant: Hi there\nuser: Repeat [[emulator:echo]]',
    );
    expect(response.instructions).toBe('Be terse.');
  });

  it('answers store: true with store: false, and reports the settings it was asked for', async () => {
    // Act
    const response = await client.responses.create({
      model: CLAUDE,
      input: 'Hello',
      store: true,
      metadata: { team: 'search' },
      temperature: 0.5,
      max_output_tokens: 100,
      tools: [weatherTool],
      tool_choice: 'none',
    });

    // Assess
    expect(response).toMatchObject({
      store: false,
      metadata: { team: 'search' },
      temperature: 0.5,
      top_p: null,
      max_output_tokens: 100,
      tool_choice: 'none',
      parallel_tool_calls: true,
      service_tier: 'default',
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          description: weatherTool.description,
          parameters: weatherTool.parameters,
          strict: true,
        },
      ],
    });
  });

  it('ends with status incomplete and reason max_output_tokens when the budget runs out', async () => {
    // Act
    const response = await client.responses.create({
      model: CLAUDE,
      input: 'Write a lot [[emulator:tokens=50]]',
      max_output_tokens: 5,
    });

    // Assess
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.output[0]).toMatchObject({ type: 'message', status: 'incomplete' });
    expect(response.usage!.output_tokens).toBe(5);
  });

  it("ends incomplete with reason content_filter when the key's guardrail intervenes", async () => {
    // Prepare
    const guarded = await stack.createKey({
      name: 'responses-guarded',
      models: ['*'],
      guardrail: { identifier: 'gr1234abcd', version: '1' },
    });
    const guardedClient = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: guarded, maxRetries: 0 });

    // Act
    const response = await guardedClient.responses.create({
      model: CLAUDE,
      input: 'Tell me a secret [[emulator:guardrail=intervene]]',
    });

    // Assess
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'content_filter' });
    expect(response.output_text).toBe('Sorry, the model cannot answer this question.');
  });

  it("records the key's usage as the responses reported it, streamed or not", async () => {
    // Prepare
    const key = await stack.createKey({ name: 'responses-metering', models: ['*'] });
    const keyed = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: key, maxRetries: 0 });

    // Act
    const created = await keyed.responses.create({ model: CLAUDE, input: 'One [[emulator:tokens=7]]' });
    const streamed = await keyed.responses
      .stream({ model: CLAUDE, input: 'Two [[emulator:tokens=9]]', reasoning: { effort: 'low' } })
      .finalResponse();
    const day = await waitFor(
      async () =>
        (await (await stack.fetch('/v1/usage', { headers: { authorization: `Bearer ${key}` } })).json()).day,
      (value: { requests: number; reserved_tokens: number }) =>
        value.requests === 2 && value.reserved_tokens === 0,
    );

    // Assess
    const usages = [created.usage!, streamed.usage!];
    expect(day).toMatchObject({
      requests: 2,
      input_tokens: usages.reduce((total, usage) => total + usage.input_tokens, 0),
      output_tokens: usages.reduce((total, usage) => total + usage.output_tokens, 0),
      reasoning_tokens: streamed.usage!.output_tokens_details.reasoning_tokens,
    });
    expect(streamed.usage!.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });
});

describe('responses.stream', () => {
  it('streams text deltas that add up to the created answer, then completes with the usage', async () => {
    // Prepare
    const input = 'Write about rivers [[emulator:tokens=20]]';
    const whole = await client.responses.create({ model: CLAUDE, input });

    // Act
    const stream = client.responses.stream({ model: CLAUDE, input });
    const deltas: string[] = [];
    const types: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    stream.on('event', (event) => types.push(event.type));
    const final = await stream.finalResponse();

    // Assess
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(whole.output_text);
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe(whole.output_text);
    expect(final.usage).toEqual(whole.usage);
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
  });

  it('numbers every event in order, from 0, with the event name of its type', async () => {
    // Act
    const response = await postResponses({
      model: CLAUDE,
      input: 'Count [[emulator:tokens=9]]',
      stream: true,
    });
    const events = await collectSse(response);

    // Assess
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const data = events.map((event) => JSON.parse(event.data) as ResponseStreamEvent);
    expect(data.map((event) => event.sequence_number)).toEqual(data.map((_, index) => index));
    expect(events.map((event) => event.event)).toEqual(data.map((event) => event.type));
  });

  it('ends with response.incomplete when the budget runs out', async () => {
    // Act
    const final = await client.responses
      .stream({ model: CLAUDE, input: 'Write a lot [[emulator:tokens=50]]', max_output_tokens: 6 })
      .finalResponse();

    // Assess
    expect(final.status).toBe('incomplete');
    expect(final.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(final.output[0]).toMatchObject({ type: 'message', status: 'incomplete' });
  });

  it('makes the SDK throw when the stream fails mid-way, after the text already sent', async () => {
    // Prepare
    const stream = await client.responses.create({
      model: CLAUDE,
      input: 'Cut me [[emulator:tokens=40]] [[emulator:cut_after=2]]',
      stream: true,
    });
    let text = '';

    // Act
    const iterate = async () => {
      for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    };
    const error = await iterate().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    // Assess
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ code: 'model_stream_error', type: 'api_error' });
    expect(text.length).toBeGreaterThan(0);
  });

  it('ends a failed stream with one error event, OpenAI-shaped, and no response.completed', async () => {
    // Act
    const response = await postResponses({
      model: CLAUDE,
      input: 'Cut me [[emulator:tokens=40]] [[emulator:cut_after=2]]',
      stream: true,
    });
    const events = await collectSse(response);

    // Assess
    expect(response.status).toBe(200);
    const last = JSON.parse(events.at(-1)!.data);
    expect(events.at(-1)!.event).toBe('error');
    expect(last).toMatchObject({
      type: 'error',
      code: 'model_stream_error',
      message: expect.any(String),
      param: null,
      sequence_number: events.length - 1,
      error: {
        type: 'api_error',
        code: 'model_stream_error',
        request_id: response.headers.get('x-request-id'),
      },
    });
    expect(events.some((event) => event.event === 'response.completed')).toBe(false);
  });

  it('turns a failure before the first event into a real HTTP error the SDK raises', async () => {
    // Act
    const error = await refusalOf(() =>
      client.responses.create({
        model: CLAUDE,
        input: 'Fail [[emulator:fail=ThrottlingException]]',
        stream: true,
      }),
    );

    // Assess
    expect(error.status).toBe(429);
    expect(error.code).toBe('upstream_throttled');
  });
});

describe('function tools', () => {
  const question = 'What is the weather in Paris? [[emulator:tool=get_weather]]';

  it('completes a round trip: function_call, function_call_output, then an answer that uses it', async () => {
    // Prepare
    const input: ResponseInputItem[] = [{ role: 'user', content: question }];

    // Act: the model asks for the tool.
    const first = await client.responses.create({ model: CLAUDE, input, tools: [weatherTool] });
    const call = functionCallOf(first);

    // Assess
    expect(first.status).toBe('completed');
    expect(call).toMatchObject({
      type: 'function_call',
      id: expect.stringMatching(/^fc_/),
      call_id: expect.any(String),
      name: 'get_weather',
      status: 'completed',
    });
    expect(JSON.parse(call.arguments)).toEqual({ city: expect.any(String) });

    // Act: the output items go back as they came, with the function's output.
    const second = await client.responses.create({
      model: CLAUDE,
      input: answerCall(input, first, 'Sunny, 21 degrees'),
      tools: [weatherTool],
    });

    // Assess
    expect(second.status).toBe('completed');
    expect(second.output_text).toContain('Sunny, 21 degrees');
  });

  it('streams a function call: arguments deltas that add up to the done arguments, in the final response', async () => {
    // Act
    const stream = client.responses.stream({ model: CLAUDE, input: question, tools: [weatherTool] });
    const deltas: string[] = [];
    let done: string | undefined;
    stream.on('response.function_call_arguments.delta', (event) => deltas.push(event.delta));
    stream.on('response.function_call_arguments.done', (event) => {
      done = event.arguments;
    });
    const final = await stream.finalResponse();

    // Assess
    expect(deltas.join('')).toBe(done);
    expect(JSON.parse(done!)).toEqual({ city: expect.any(String) });
    expect(final.output).toEqual([
      expect.objectContaining({
        type: 'function_call',
        name: 'get_weather',
        arguments: done,
        status: 'completed',
      }),
    ]);
  });

  it('forces the named function with tool_choice', async () => {
    // Act
    const response = await client.responses.create({
      model: CLAUDE,
      input: 'Hello',
      tools: [weatherTool],
      tool_choice: { type: 'function', name: 'get_weather' },
    });

    // Assess
    expect(response.output).toEqual([
      expect.objectContaining({ type: 'function_call', name: 'get_weather' }),
    ]);
  });

  it('parses the arguments with responses.parse and a zod function tool', async () => {
    // Prepare
    const { zodFunction } = await import('openai/helpers/zod');
    const tool = zodFunction({ name: 'get_weather', parameters: z.object({ city: z.string() }) });

    // Act
    const response = await client.responses.parse({
      model: CLAUDE,
      input: question,
      tools: [
        {
          type: 'function',
          name: tool.function.name,
          parameters: tool.function.parameters ?? null,
          strict: true,
        },
      ],
    });

    // Assess
    expect(functionCallOf(response)).toMatchObject({ name: 'get_weather' });
  });
});

describe('reasoning', () => {
  it('returns a reasoning item before the message, and reasoning tokens within the output tokens', async () => {
    // Act
    const response = await client.responses.create({
      model: CLAUDE,
      input: 'What is 17 times 23?',
      reasoning: { effort: 'low' },
    });

    // Assess
    const [reasoning, message] = response.output;
    expect(reasoning).toEqual({
      type: 'reasoning',
      id: expect.stringMatching(/^rs_/),
      summary: [{ type: 'summary_text', text: expect.stringMatching(/\S/) }],
    });
    expect(message).toMatchObject({ type: 'message', status: 'completed' });
    const reasoningTokens = response.usage!.output_tokens_details.reasoning_tokens;
    expect(reasoningTokens).toBeGreaterThan(0);
    expect(reasoningTokens).toBeLessThanOrEqual(response.usage!.output_tokens);
    expect(response.reasoning).toEqual({ effort: 'low', summary: null });
  });

  it('streams reasoning summary deltas that add up to the reasoning item, with its encrypted_content when included', async () => {
    // Act
    const stream = client.responses.stream({
      model: CLAUDE,
      input: 'What is 17 times 23?',
      reasoning: { effort: 'low', summary: 'auto' },
      include: ['reasoning.encrypted_content'],
    });
    const deltas: string[] = [];
    stream.on('response.reasoning_summary_text.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();

    // Assess
    const reasoning = final.output[0] as ResponseReasoningItem;
    expect(reasoning.type).toBe('reasoning');
    expect(reasoning.summary).toEqual([{ type: 'summary_text', text: deltas.join('') }]);
    expect(reasoning.encrypted_content).toEqual(expect.stringMatching(/^bgw-reasoning-1\./));
    expect(final.output[1]).toMatchObject({ type: 'message', status: 'completed' });
  });

  it("keeps Claude's signed thinking through a tool loop when the reasoning item goes back with its encrypted_content", async () => {
    // Prepare
    const input: ResponseInputItem[] = [
      { role: 'user', content: 'What is the weather in Rome? [[emulator:tool=get_weather]]' },
    ];
    const first = await client.responses.create({
      model: CLAUDE,
      input,
      tools: [weatherTool],
      reasoning: { effort: 'low' },
      include: ['reasoning.encrypted_content'],
    });
    expect(first.output[0]).toMatchObject({ type: 'reasoning', encrypted_content: expect.any(String) });

    // Act
    const second = await client.responses.create({
      model: CLAUDE,
      input: answerCall(input, first, 'Rain'),
      tools: [weatherTool],
      reasoning: { effort: 'low' },
      include: ['reasoning.encrypted_content'],
    });

    // Assess
    expect(second.status).toBe('completed');
    expect(second.output_text).toContain('Rain');
  });

  it('sends the thinking back to Bedrock as it is: a tampered block is refused upstream', async () => {
    // Prepare
    const input: ResponseInputItem[] = [
      { role: 'user', content: 'What is the weather in Oslo? [[emulator:tool=get_weather]]' },
    ];
    const first = await client.responses.create({
      model: CLAUDE,
      input,
      tools: [weatherTool],
      reasoning: { effort: 'low' },
      include: ['reasoning.encrypted_content'],
    });
    const reasoning = first.output[0] as ResponseReasoningItem;
    const block = JSON.parse(
      Buffer.from(reasoning.encrypted_content!.replace('bgw-reasoning-1.', ''), 'base64url').toString(),
    );
    const tampered = `bgw-reasoning-1.${Buffer.from(JSON.stringify({ ...block, text: `${block.text} (edited)` })).toString('base64url')}`;

    // Act
    const error = await refusalOf(() =>
      client.responses.create({
        model: CLAUDE,
        input: answerCall(input, first, 'Snow', [
          { ...reasoning, encrypted_content: tampered },
          ...(first.output.slice(1) as ResponseInputItem[]),
        ]),
        tools: [weatherTool],
        reasoning: { effort: 'low' },
      }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.code).toBe('upstream_validation');
  });

  it('refuses reasoning on a model that does not reason, naming reasoning.effort', async () => {
    // Act
    const error = await refusalOf(() =>
      client.responses.create({ model: NOVA_MICRO, input: 'Think', reasoning: { effort: 'high' } }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.param).toBe('reasoning.effort');
    expect(error.message).toContain(`'${NOVA_MICRO}'`);
  });
});

const Person = z.object({
  name: z.string(),
  age: z.number().int(),
  languages: z.array(z.enum(['en', 'fr', 'de'])),
});

describe('structured output', () => {
  it.each([
    ['a forced tool call', NOVA_MICRO],
    ['native structured output', NATIVE_JSON],
  ])(
    'answers text.format json_schema with text that validates, by %s, and parses it',
    async (_how, model) => {
      // Act
      const response = await client.responses.parse({
        model,
        input: 'Describe a person.',
        text: { format: zodTextFormat(Person, 'person') },
      });

      // Assess
      expect(response.status).toBe('completed');
      expect(response.output).toHaveLength(1);
      expect(Person.parse(JSON.parse(response.output_text))).toEqual(response.output_parsed);
    },
  );

  it('answers text.format json_object with a JSON object', async () => {
    // Act
    const response = await client.responses.create({
      model: NOVA_MICRO,
      input: 'Answer in JSON.',
      text: { format: { type: 'json_object' } },
    });

    // Assess
    const value = JSON.parse(response.output_text);
    expect(typeof value).toBe('object');
    expect(Array.isArray(value)).toBe(false);
  });

  it('streams a json_schema answer whose text parses and validates', async () => {
    // Act
    const final = await client.responses
      .stream({
        model: NOVA_MICRO,
        input: 'Describe a person.',
        text: { format: zodTextFormat(Person, 'person') },
      })
      .finalResponse();

    // Assess
    expect(Person.safeParse(final.output_parsed).success).toBe(true);
  });

  it('refuses text.format on a model that can be held to no JSON format, naming it', async () => {
    // Act
    const error = await refusalOf(() =>
      client.responses.create({
        model: 'llama3-8b',
        input: 'Describe a person.',
        text: { format: zodTextFormat(Person, 'person') },
      }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.param).toBe('text.format');
  });
});

describe('images and files', () => {
  it('sends a data-URL input_image to a vision model as an image', async () => {
    // Act
    const response = await client.responses.create({
      model: CLAUDE,
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is in the picture? [[emulator:echo]]' },
            { type: 'input_image', image_url: `data:image/png;base64,${PNG_BASE64}`, detail: 'low' },
          ],
        },
      ],
    });

    // Assess: the emulator echoes the prompt as Bedrock got it, the image as an image block.
    expect(response.output_text).toBe('user: What is in the picture? [[emulator:echo]]\n[image]');
  });

  it('sends a base64 input_file as a named document', async () => {
    // Act
    const response = await client.responses.create({
      model: CLAUDE,
      input: [
        {
          role: 'user',
          content: [
            {
              type: 'input_file',
              filename: 'q3-report.pdf',
              file_data: `data:application/pdf;base64,${createPdfBase64()}`,
            },
            { type: 'input_text', text: 'Summarise it. [[emulator:echo]]' },
          ],
        },
      ],
    });

    // Assess
    expect(response.output_text).toBe('user: [document q3-report]\nSummarise it. [[emulator:echo]]');
  });

  it('refuses an https: image URL without fetching it, saying to send a data: URL', async () => {
    // Act
    const error = await refusalOf(() =>
      client.responses.create({
        model: CLAUDE,
        input: [
          {
            role: 'user',
            content: [
              { type: 'input_text', text: 'What is this?' },
              { type: 'input_image', image_url: 'https://example.com/cat.png', detail: 'auto' },
            ],
          },
        ],
      }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.param).toBe('input[0].content[1].image_url');
    expect(error.message).toContain('https: URL');
    expect(error.message).toContain('data: URL');
  });

  it('refuses an image to a text-only model, naming the part', async () => {
    // Act
    const error = await refusalOf(() =>
      client.responses.create({
        model: NOVA_MICRO,
        input: [
          {
            role: 'user',
            content: [
              { type: 'input_text', text: 'What is this?' },
              { type: 'input_image', image_url: `data:image/png;base64,${PNG_BASE64}`, detail: 'auto' },
            ],
          },
        ],
      }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.param).toBe('input[0].content[1]');
  });
});

describe('what a stateless gateway on Bedrock refuses', () => {
  it.each([
    ['web_search', { type: 'web_search' }],
    ['file_search', { type: 'file_search', vector_store_ids: ['vs_1'] }],
    ['code_interpreter', { type: 'code_interpreter', container: { type: 'auto' } }],
    ['image_generation', { type: 'image_generation' }],
    ['mcp', { type: 'mcp', server_label: 'docs', server_url: 'https://example.com/mcp' }],
  ])('refuses the hosted tool %s with a 400 naming its type', async (type, tool) => {
    // Act
    const error = await refusalOf(() =>
      client.responses.create({
        model: CLAUDE,
        input: 'Search for news',
        tools: [weatherTool, tool as OpenAI.Responses.Tool],
      }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.code).toBe('unsupported_parameter');
    expect(error.param).toBe('tools[1]');
    expect(error.message).toContain(`'${type}'`);
  });

  it('refuses previous_response_id, saying that storage is off', async () => {
    // Act
    const error = await refusalOf(() =>
      client.responses.create({ model: CLAUDE, input: 'And then?', previous_response_id: 'resp_123' }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.param).toBe('previous_response_id');
    expect(error.message).toContain('does not store responses');
  });

  it('answers GET /v1/responses/{id} with a 404 saying that nothing is stored', async () => {
    // Prepare
    const created = await client.responses.create({ model: CLAUDE, input: 'Hello' });

    // Act
    const error = await refusalOf(() => client.responses.retrieve(created.id));

    // Assess
    expect(error.status).toBe(404);
    expect(error.code).toBe('response_not_found');
    expect(error.message).toContain('does not store responses');
  });

  it.each([
    ['DELETE', '/v1/responses/resp_1'],
    ['POST', '/v1/responses/resp_1/cancel'],
    ['GET', '/v1/responses/resp_1/input_items'],
  ])('answers %s %s with the same 404', async (method, path) => {
    // Act
    const response = await stack.fetch(path, { method });

    // Assess
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('response_not_found');
  });

  it('refuses an item_reference, saying how to send the item instead', async () => {
    // Act
    const error = await refusalOf(() =>
      client.responses.create({
        model: CLAUDE,
        input: [
          { role: 'user', content: 'Hello' },
          { type: 'item_reference', id: 'msg_123' },
          { role: 'user', content: 'And then?' },
        ],
      }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.param).toBe('input[1]');
    expect(error.message).toContain('store');
  });

  it('refuses a function_call_output that answers no function_call before it', async () => {
    // Act
    const error = await refusalOf(() =>
      client.responses.create({
        model: CLAUDE,
        input: [
          { role: 'user', content: 'Hello' },
          { type: 'function_call_output', call_id: 'call_nowhere', output: 'x' },
        ],
      }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.param).toBe('input[1].call_id');
  });

  it('refuses an unknown field, naming it', async () => {
    // Act
    const response = await postResponses({ model: CLAUDE, input: 'Hello', frobnicate: true });

    // Assess
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      code: 'invalid_body',
      message: expect.stringContaining('frobnicate'),
    });
  });

  it.each([
    ['temperature above 1', { temperature: 1.5 }, 'temperature'],
    ['top_logprobs', { top_logprobs: 3 }, 'top_logprobs'],
    ['background', { background: true }, 'background'],
    ['truncation auto', { truncation: 'auto' }, 'truncation'],
    ['parallel_tool_calls false', { parallel_tool_calls: false }, 'parallel_tool_calls'],
    ['max_output_tokens above the model', { max_output_tokens: 10_000_000 }, 'max_output_tokens'],
  ])('refuses %s with a 400 naming the field', async (_case, fields, param) => {
    // Act
    const response = await postResponses({ model: CLAUDE, input: 'Hello', ...fields });

    // Assess
    expect(response.status).toBe(400);
    expect((await response.json()).error.param).toBe(param);
  });
});
