import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG_BASE64 } from './support/media-fixtures.js';
import { collectSse } from './support/read-sse.js';
import { startStack, type TestStack } from './support/start-stack.js';

/**
 * The Anthropic Messages API through the real `@anthropic-ai/sdk`, against the local stack (gateway, emulator,
 * dynalite). Both ways the SDK can carry the gateway key (`apiKey` and `authToken`) are used.
 */
let stack: TestStack;
let client: Anthropic;

beforeAll(async () => {
  stack = await startStack();
  client = new Anthropic({ baseURL: stack.url, apiKey: stack.key!, maxRetries: 0 });
});
afterAll(async () => {
  await stack.close();
});

const MODEL = 'claude-haiku-4-5';

const weatherTool: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Current weather for a city.',
  input_schema: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['city', 'unit'],
  },
};

describe('messages.create through the Anthropic SDK', () => {
  for (const credential of ['apiKey', 'authToken'] as const) {
    it(`answers with text, the stop reason and the usage Bedrock counted (${credential})`, async () => {
      // Prepare
      const sdk = new Anthropic({ baseURL: stack.url, [credential]: stack.key!, maxRetries: 0 });
      const prompt = 'Tell me about the sea [[emulator:tokens=12]]';
      const simple = await stack.postJson('/v1/generate', { prompt, model: MODEL, system: 'Be brief.' });

      // Act
      const { data: message, response } = await sdk.messages
        .create({
          model: MODEL,
          max_tokens: 256,
          system: 'Be brief.',
          messages: [{ role: 'user', content: prompt }],
        })
        .withResponse();

      // Assess
      expect(message).toMatchObject({
        type: 'message',
        role: 'assistant',
        model: MODEL,
        stop_reason: 'end_turn',
        stop_sequence: null,
        content: [{ type: 'text', text: simple.body.output }],
      });
      expect(message.id).toBe(`msg_${response.headers.get('x-request-id')!.replaceAll('-', '')}`);
      expect(response.headers.get('request-id')).toBe(response.headers.get('x-request-id'));
      expect(response.headers.get('x-bedrock-gateway-model')).toBe(MODEL);
      expect(message.usage).toEqual({
        input_tokens: simple.body.usage.input_tokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
        output_tokens: 12,
        output_tokens_details: { thinking_tokens: 0 },
      });
    });
  }

  it('sends the system prompt, as blocks too, ahead of the conversation', async () => {
    // Act
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 256,
      system: [
        { type: 'text', text: 'Be brief.' },
        { type: 'text', text: 'Answer in English.' },
      ],
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi there' },
        { role: 'user', content: [{ type: 'text', text: 'Repeat [[emulator:echo]]' }] },
      ],
    });

    // Assess: the echo is the transcript as the model saw it.
    const text = (message.content[0] as Anthropic.TextBlock).text;
    expect(text).toContain('system: Be brief.\nAnswer in English.');
    expect(text).toContain('user: Hello\nassistant: Hi there\nuser: Repeat');
  });

  it('stops at a stop sequence and names it', async () => {
    // Act
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 256,
      stop_sequences: ['STOP'],
      messages: [{ role: 'user', content: 'one two STOP three [[emulator:echo]]' }],
    });

    // Assess
    expect(message.stop_reason).toBe('stop_sequence');
    expect(message.stop_sequence).toBe('STOP');
    expect((message.content[0] as Anthropic.TextBlock).text.endsWith('one two ')).toBe(true);
  });

  it('ends with max_tokens when the answer reaches it', async () => {
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 5,
      messages: [{ role: 'user', content: 'Long story [[emulator:tokens=50]]' }],
    });
    expect(message.stop_reason).toBe('max_tokens');
    expect(message.usage.output_tokens).toBe(5);
  });

  it('maps a dated Anthropic model id to its catalogue alias, and answers with the name it was sent', async () => {
    // Act
    const { data: message, response } = await client.messages
      .create({
        model: 'claude-haiku-4-5-20251001',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'Hello [[emulator:tokens=3]]' }],
      })
      .withResponse();

    // Assess
    expect(message.model).toBe('claude-haiku-4-5-20251001');
    expect(response.headers.get('x-bedrock-gateway-model')).toBe('claude-haiku-4-5');
  });

  it('serves a model that is not Claude through Converse (Nova)', async () => {
    const message = await client.messages.create({
      model: 'nova-lite',
      max_tokens: 64,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hello [[emulator:tokens=4]]' }],
    });
    expect(message).toMatchObject({ model: 'nova-lite', stop_reason: 'end_turn' });
    expect(message.usage.output_tokens).toBe(4);
  });

  it('takes the key in x-api-key too, with the anthropic-version and anthropic-beta headers', async () => {
    // Act
    const response = await fetch(`${stack.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': stack.key!,
        'anthropic-version': '2023-06-01',
        'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14,effort-2025-11-24',
      },
      body: JSON.stringify({
        model: MODEL,
        max_tokens: 64,
        temperature: 0.5,
        messages: [{ role: 'user', content: 'Hello [[emulator:tokens=3]]' }],
      }),
    });

    // Assess
    expect(response.status).toBe(200);
    expect((await response.json()).usage.output_tokens).toBe(3);
  });
});

describe('messages.stream through the Anthropic SDK', () => {
  it('streams text deltas, then the final message with its stop reason and usage', async () => {
    // Prepare
    const prompt = 'Tell me about the sea [[emulator:tokens=12]]';
    const plain = await client.messages.create({
      model: MODEL,
      max_tokens: 256,
      messages: [{ role: 'user', content: prompt }],
    });

    // Act
    const deltas: string[] = [];
    const stream = client.messages
      .stream({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: prompt }] })
      .on('text', (text) => deltas.push(text));
    const message = await stream.finalMessage();

    // Assess
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe((plain.content[0] as Anthropic.TextBlock).text);
    expect(message).toMatchObject({
      model: MODEL,
      stop_reason: 'end_turn',
      content: [{ type: 'text', text: deltas.join('') }],
    });
    expect(message.usage).toMatchObject({
      input_tokens: plain.usage.input_tokens,
      output_tokens: 12,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    });
  });
});

describe('tools through the Anthropic SDK', () => {
  it('runs a tool round trip: tool_use, then tool_result, then the answer', async () => {
    // Act: the model calls the tool...
    const question: Anthropic.MessageParam = {
      role: 'user',
      content: 'What is the weather in Paris? [[emulator:tool=get_weather]]',
    };
    const first = await client.messages.create({
      model: MODEL,
      max_tokens: 512,
      tools: [weatherTool],
      messages: [question],
    });
    const call = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
    // ...and answers once it has the result.
    const second = await client.messages.create({
      model: MODEL,
      max_tokens: 512,
      tools: [weatherTool],
      messages: [
        question,
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: call.id,
              content: [{ type: 'text', text: '21 °C and sunny' }],
            },
          ],
        },
      ],
    });

    // Assess
    expect(first.stop_reason).toBe('tool_use');
    expect(call).toMatchObject({ name: 'get_weather', input: { city: expect.any(String) } });
    expect(['celsius', 'fahrenheit']).toContain((call.input as { unit: string }).unit);
    expect(second.stop_reason).toBe('end_turn');
    expect((second.content[0] as Anthropic.TextBlock).text).toContain('21 °C and sunny');
  });

  it('streams a tool call as input_json_delta events the SDK assembles, and takes a tool error back', async () => {
    // Act
    const question: Anthropic.MessageParam = {
      role: 'user',
      content: 'Weather in Oslo? [[emulator:tool=get_weather]]',
    };
    const jsonDeltas: string[] = [];
    const stream = client.messages
      .stream({ model: MODEL, max_tokens: 512, tools: [weatherTool], messages: [question] })
      .on('inputJson', (partial) => jsonDeltas.push(partial));
    const first = await stream.finalMessage();
    const call = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
    const second = await client.messages
      .stream({
        model: MODEL,
        max_tokens: 512,
        tools: [weatherTool],
        messages: [
          question,
          { role: 'assistant', content: first.content },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: call.id, content: 'station offline', is_error: true },
            ],
          },
        ],
      })
      .finalMessage();

    // Assess
    expect(first.stop_reason).toBe('tool_use');
    expect(jsonDeltas.join('')).toBe(JSON.stringify(call.input));
    expect(call.input).toMatchObject({ city: expect.any(String) });
    expect(second.stop_reason).toBe('end_turn');
    expect((second.content[0] as Anthropic.TextBlock).text).toContain('station offline');
  });

  it("streams a tool call over HTTP in the event sequence of Anthropic's documented stream", async () => {
    // Prepare: the tool-call part of the documented stream (its second block), as event and delta kinds, each
    // run of deltas as one; `ping` may come at any time, so it is not part of the sequence.
    const documented: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: (event) => documented.push(event) });
    parser.feed(
      readFileSync(
        new URL('../src/http/anthropic/__fixtures__/stream-tool-use.sse', import.meta.url),
        'utf8',
      ),
    );
    const kindsOf = (events: EventSourceMessage[]) =>
      events
        .filter((event) => event.event !== 'ping')
        .map((event) => {
          const data = JSON.parse(event.data);
          if (event.event === 'content_block_start') return `${event.event}:${data.content_block.type}`;
          if (event.event === 'content_block_delta') return `${event.event}:${data.delta.type}`;
          return event.event ?? 'message';
        })
        .filter(
          (kind, index, kinds) => !(kind.startsWith('content_block_delta') && kind === kinds[index - 1]),
        );
    const toolStart = documented.findIndex((event) => event.data.includes('"tool_use"'));
    const expected = kindsOf([documented[0]!, ...documented.slice(toolStart)]);

    // Act
    const response = await fetch(`${stack.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': stack.key!,
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({
        model: MODEL,
        max_tokens: 512,
        stream: true,
        tools: [weatherTool],
        messages: [{ role: 'user', content: 'Weather in Lima? [[emulator:tool=get_weather]]' }],
      }),
    });
    const events = await collectSse(response);

    // Assess
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(expected).toEqual([
      'message_start',
      'content_block_start:tool_use',
      'content_block_delta:input_json_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(kindsOf(events)).toEqual(expected);
    const data = events.filter((event) => event.event !== 'ping').map((event) => JSON.parse(event.data));
    expect(data[1]).toMatchObject({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: expect.any(String), name: 'get_weather', input: {} },
    });
    expect(data[2]).toEqual({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: '' },
    });
    const json = data
      .filter((event) => event.type === 'content_block_delta')
      .map((event) => event.delta.partial_json)
      .join('');
    expect(JSON.parse(json)).toMatchObject({ city: expect.any(String) });
    expect(data.at(-2)).toMatchObject({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { output_tokens: expect.any(Number) },
    });
    expect(data.at(-2).usage.output_tokens).toBeGreaterThan(0);
  });

  it('forces a named tool with tool_choice', async () => {
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 512,
      tools: [weatherTool],
      tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
      messages: [{ role: 'user', content: 'Anything.' }],
    });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.at(-1)).toMatchObject({ type: 'tool_use', name: 'get_weather' });
  });
});

describe('images and documents through the Anthropic SDK', () => {
  it('takes an image block as base64', async () => {
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 128,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
            { type: 'text', text: 'What is in the picture?' },
          ],
        },
      ],
    });
    expect((message.content[0] as Anthropic.TextBlock).text).toContain('about 1 image');
  });

  it('takes a plain-text document', async () => {
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 128,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'document',
              title: 'notes.txt',
              source: { type: 'text', media_type: 'text/plain', data: 'The meeting is at noon.' },
            },
            { type: 'text', text: 'When is the meeting?' },
          ],
        },
      ],
    });
    expect((message.content[0] as Anthropic.TextBlock).text).toContain('1 document');
  });
});

describe('thinking through the Anthropic SDK', () => {
  it('returns signed thinking, which the next turn of a tool loop sends back', async () => {
    // Act
    const question: Anthropic.MessageParam = {
      role: 'user',
      content: 'Is it warm in Rome? [[emulator:tool=get_weather]]',
    };
    const request = {
      model: MODEL,
      max_tokens: 4_000,
      thinking: { type: 'enabled' as const, budget_tokens: 2_000 },
      tools: [weatherTool],
    };
    const first = await client.messages.create({ ...request, messages: [question] });
    const call = first.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use')!;
    const second = await client.messages
      .stream({
        ...request,
        messages: [
          question,
          { role: 'assistant', content: first.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '30 °C' }] },
        ],
      })
      .finalMessage();

    // Assess
    const thinking = first.content[0] as Anthropic.ThinkingBlock;
    expect(thinking.type).toBe('thinking');
    expect(thinking.thinking.length).toBeGreaterThan(0);
    expect(thinking.signature.length).toBeGreaterThan(0);
    expect(first.usage.output_tokens_details?.thinking_tokens).toBeGreaterThan(0);
    expect(second.content[0]).toMatchObject({ type: 'thinking', signature: expect.any(String) });
    expect(second.content.at(-1)).toMatchObject({ type: 'text', text: expect.stringContaining('30 °C') });
  });

  it('asks an adaptive model for an effort with output_config.effort', async () => {
    const message = await client.messages.create({
      model: 'claude-opus-5-5',
      max_tokens: 4_000,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'low' },
      messages: [{ role: 'user', content: 'Think briefly. [[emulator:tokens=5]]' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'thinking', signature: expect.any(String) });
    expect(message.content.at(-1)).toMatchObject({ type: 'text' });
  });
});

describe('prompt caching through the Anthropic SDK', () => {
  it('writes the prefix up to a cache_control breakpoint, and reads it on the next call', async () => {
    // Prepare: a system prompt above Haiku 4.5's 4,096-token minimum.
    const request: Anthropic.MessageCreateParamsNonStreaming = {
      model: MODEL,
      max_tokens: 64,
      system: [
        {
          type: 'text',
          text: 'Answer from the refund handbook, citing its section, in a neutral tone. '.repeat(400),
          cache_control: { type: 'ephemeral' },
        },
      ],
      messages: [{ role: 'user', content: 'Which section covers refunds? [[emulator:tokens=5]]' }],
    };

    // Act
    const write = await client.messages.create(request);
    const read = await client.messages.stream(request).finalMessage();

    // Assess
    expect(write.usage.cache_creation_input_tokens).toBeGreaterThan(4_096);
    expect(write.usage.cache_creation?.ephemeral_5m_input_tokens).toBe(
      write.usage.cache_creation_input_tokens,
    );
    expect(read.usage.cache_read_input_tokens).toBe(write.usage.cache_creation_input_tokens);
    expect(read.usage.cache_creation_input_tokens).toBe(0);
    expect(read.usage.input_tokens).toBe(write.usage.input_tokens);
  });
});

describe('messages.countTokens through the Anthropic SDK', () => {
  it('counts with Bedrock CountTokens where the model counts, as the call bills it', async () => {
    // Prepare
    const body = {
      model: MODEL,
      system: 'Be brief.',
      tools: [weatherTool],
      messages: [{ role: 'user' as const, content: 'What is the weather in Paris?' }],
    };
    const billed = await client.messages.create({ ...body, max_tokens: 64 });

    // Act
    const { data: count, response } = await client.messages.countTokens(body).withResponse();

    // Assess
    expect(count.input_tokens).toBe(billed.usage.input_tokens);
    expect(response.headers.get('x-bedrock-gateway-token-count')).toBe('bedrock');
  });

  it('estimates where Bedrock cannot count, and says so', async () => {
    // Act
    const { data: count, response } = await client.messages
      .countTokens({ model: 'nova-lite', messages: [{ role: 'user', content: 'Hello there, how are you?' }] })
      .withResponse();

    // Assess
    expect(count.input_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-bedrock-gateway-token-count')).toBe('estimate');
  });
});

describe("Claude Code's other calls", () => {
  it('answers the warm-up probe HEAD /api/hello without a key', async () => {
    const response = await fetch(`${stack.url}/api/hello`, { method: 'HEAD' });
    expect(response.status).toBe(200);
  });

  it('lists the models in a shape the Anthropic SDK reads', async () => {
    const models = [];
    for await (const model of client.models.list({ limit: 1000 })) models.push(model);
    expect(models.map((model) => model.id)).toContain(MODEL);
    expect(models[0]).toMatchObject({
      type: 'model',
      display_name: expect.any(String),
      created_at: expect.any(String),
    });
  });
});
