import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSse } from './support/read-sse.js';
import { startStack, type TestStack } from './support/start-stack.js';

let stack: TestStack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack();
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: stack.key!, maxRetries: 0 });
});
afterAll(async () => {
  await stack.close();
});

const MODEL = 'claude-haiku';

const weatherTool: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city.',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['city', 'unit'],
    },
  },
};

function postChat(body: Record<string, unknown>): Promise<Response> {
  return stack.fetch('/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('POST /v1/chat/completions through the OpenAI SDK', () => {
  it('answers with content, finish_reason stop and the usage the emulator counted', async () => {
    // Prepare
    const prompt = 'Tell me about the sea [[emulator:tokens=12]]';
    const simple = await stack.postJson('/v1/generate', { prompt, model: MODEL });

    // Act
    const { data: completion, response } = await client.chat.completions
      .create({ model: MODEL, messages: [{ role: 'user', content: prompt }] })
      .withResponse();

    // Assess
    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toBe(`chatcmpl-${response.headers.get('x-request-id')}`);
    expect(completion.model).toBe(MODEL);
    expect(response.headers.get('x-bedrock-gateway-model')).toBe(MODEL);
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0]!.message).toMatchObject({ role: 'assistant', refusal: null });
    expect(completion.choices[0]!.message.content).toBe(simple.body.output);
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage).toEqual({
      prompt_tokens: simple.body.usage.input_tokens,
      completion_tokens: 12,
      total_tokens: simple.body.usage.input_tokens + 12,
      prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect(completion.service_tier).toBe('default');
    expect(Math.abs(completion.created - Date.now() / 1000)).toBeLessThan(60);
  });

  it('sends system and developer messages as the system prompt, joined in order', async () => {
    // Act
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: 'Answer in English.' },
        { role: 'user', content: 'Repeat [[emulator:echo]]' },
      ],
    });

    // Assess: the echo is the transcript as the model saw it.
    expect(completion.choices[0]!.message.content).toContain('system: Be brief.\n\nAnswer in English.');
    expect(completion.choices[0]!.message.content).toContain('user: Repeat');
  });

  it('maps a max_tokens stop to finish_reason length, whichever max field is used', async () => {
    for (const field of ['max_tokens', 'max_completion_tokens'] as const) {
      // Act
      const completion = await client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'Long story [[emulator:tokens=50]]' }],
        [field]: 5,
      });

      // Assess
      expect(completion.choices[0]!.finish_reason).toBe('length');
      expect(completion.usage?.completion_tokens).toBe(5);
    }
  });

  it('passes stop sequences to the model and maps the stop to finish_reason stop', async () => {
    // Act
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'alpha beta gamma [[emulator:echo]]' }],
      stop: 'gamma',
    });

    // Assess
    expect(completion.choices[0]!.message.content).toBe('user: alpha beta ');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
  });
});

describe('streamed chat completions', () => {
  it('streams content deltas that concatenate to the non-streamed content, then a usage chunk', async () => {
    // Prepare
    const messages: ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Stream a story [[emulator:tokens=20]]' },
    ];
    const whole = await client.chat.completions.create({ model: MODEL, messages });

    // Act
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);

    // Assess
    const contentChunks = chunks.filter((chunk) => chunk.choices[0]?.delta.content);
    expect(contentChunks.length).toBeGreaterThan(1);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(
      whole.choices[0]!.message.content,
    );
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    const finishChunk = chunks.at(-2)!;
    expect(finishChunk.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    const usageChunk = chunks.at(-1)!;
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toEqual(whole.usage);
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.every((chunk) => chunk.model === MODEL && chunk.object === 'chat.completion.chunk')).toBe(
      true,
    );
  });

  it("writes OpenAI's SSE format: unnamed data events ending with [DONE], no usage without include_usage", async () => {
    // Act
    const response = await postChat({
      model: MODEL,
      messages: [{ role: 'user', content: 'Short [[emulator:tokens=6]]' }],
      stream: true,
    });
    const events = await collectSse(response);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-bedrock-gateway-model')).toBe(MODEL);
    expect(events.every((event) => event.event === undefined)).toBe(true);
    expect(events.at(-1)!.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    expect(chunks[0]).toEqual({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion.chunk',
      created: expect.any(Number),
      model: MODEL,
      system_fingerprint: null,
      service_tier: 'default',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
    });
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
    expect(chunks.at(-1).choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' });
  });

  it("makes the SDK's iteration throw when the stream fails mid-way, after the content already sent", async () => {
    // Prepare
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Cut me [[emulator:tokens=40]] [[emulator:cut_after=2]]' }],
      stream: true,
    });
    let content = '';

    // Act
    const iterate = async () => {
      for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
    };

    // Assess
    const error = await iterate().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ code: 'model_stream_error', type: 'api_error' });
    expect(content.length).toBeGreaterThan(0);
  });

  it('ends a failed stream with an error chunk and no [DONE] or finish_reason', async () => {
    // Act
    const response = await postChat({
      model: MODEL,
      messages: [{ role: 'user', content: 'Cut me [[emulator:tokens=40]] [[emulator:cut_after=2]]' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const events = await collectSse(response);

    // Assess
    expect(response.status).toBe(200);
    const last = JSON.parse(events.at(-1)!.data);
    expect(last.error).toMatchObject({ code: 'model_stream_error', type: 'api_error' });
    expect(last.error.request_id).toBe(response.headers.get('x-request-id'));
    expect(events.some((event) => event.data === '[DONE]')).toBe(false);
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason)).toBe(false);
  });

  it('turns a failure before the first event into a real HTTP error the SDK raises', async () => {
    // Act
    const act = client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Fail [[emulator:fail=ValidationException]]' }],
      stream: true,
    });

    // Assess
    await expect(act).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });
});

describe('tool calls', () => {
  const question: ChatCompletionMessageParam = {
    role: 'user',
    content: 'What is the weather in Paris? [[emulator:tool=get_weather]]',
  };

  it('completes a round trip: tool_calls with schema-fitting arguments, then a text answer', async () => {
    // Act: the model asks for the tool.
    const first = await client.chat.completions.create({
      model: MODEL,
      messages: [question],
      tools: [weatherTool],
    });

    // Assess
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls![0]!;
    expect(call.type).toBe('function');
    if (call.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('get_weather');
    const args = JSON.parse(call.function.arguments);
    expect(args).toEqual({ city: expect.any(String), unit: expect.stringMatching(/^(celsius|fahrenheit)$/) });

    // Act: the client runs the tool and sends the result back.
    const second = await client.chat.completions.create({
      model: MODEL,
      messages: [
        question,
        choice.message,
        { role: 'tool', tool_call_id: call.id, content: 'Sunny, 21 degrees' },
      ],
      tools: [weatherTool],
    });

    // Assess
    expect(second.choices[0]!.finish_reason).toBe('stop');
    expect(second.choices[0]!.message.tool_calls).toBeUndefined();
    expect(second.choices[0]!.message.content).toContain('Sunny, 21 degrees');
  });

  it('forces the named tool with tool_choice, without a directive', async () => {
    // Act
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Anything' }],
      tools: [weatherTool],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });

    // Assess
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]!.message.tool_calls).toHaveLength(1);
  });

  it('streams tool-call deltas that the SDK reassembles, then round-trips the result in a stream', async () => {
    // Act
    const stream = client.chat.completions.stream({
      model: MODEL,
      messages: [question],
      tools: [weatherTool],
      stream_options: { include_usage: true },
    });
    const first = await stream.finalChatCompletion();

    // Assess
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const call = choice.message.tool_calls![0]!;
    if (call.type !== 'function') throw new Error('expected a function call');
    expect(call.id).toEqual(expect.any(String));
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({
      city: expect.any(String),
      unit: expect.stringMatching(/^(celsius|fahrenheit)$/),
    });
    expect(first.usage?.completion_tokens).toBeGreaterThan(0);

    // Act
    const answer = await client.chat.completions
      .stream({
        model: MODEL,
        messages: [
          question,
          choice.message,
          { role: 'tool', tool_call_id: call.id, content: 'Rain, 12 degrees' },
        ],
        tools: [weatherTool],
      })
      .finalChatCompletion();

    // Assess
    expect(answer.choices[0]!.finish_reason).toBe('stop');
    expect(answer.choices[0]!.message.content).toContain('Rain, 12 degrees');
  });

  it('numbers streamed tool calls from 0 with id, type and name on the first delta', async () => {
    // Act
    const response = await postChat({
      model: MODEL,
      messages: [question],
      tools: [weatherTool],
      stream: true,
    });
    const events = await collectSse(response);

    // Assess
    const deltas = events
      .slice(0, -1)
      .map((event) => JSON.parse(event.data).choices[0].delta)
      .filter((delta) => delta.tool_calls);
    expect(deltas[0].tool_calls).toEqual([
      {
        index: 0,
        id: expect.any(String),
        type: 'function',
        function: { name: 'get_weather', arguments: '' },
      },
    ]);
    expect(deltas.length).toBeGreaterThan(1);
    for (const delta of deltas.slice(1)) {
      expect(delta.tool_calls).toEqual([{ index: 0, function: { arguments: expect.any(String) } }]);
    }
    const streamedArguments = deltas
      .slice(1)
      .map((delta) => delta.tool_calls[0].function.arguments)
      .join('');
    expect(Object.keys(JSON.parse(streamedArguments)).sort()).toEqual(['city', 'unit']);
  });
});
