import { ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectInvokeStream,
  invokeJson,
  startTestEmulator,
  type TestEmulator,
} from '../testing/start-test-emulator.js';
import { applyLlama3Template } from '../testing/text-family-fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests walk native JSON whose shape they assert
type Json = Record<string, any>;

let running: TestEmulator;
beforeAll(async () => {
  running = await startTestEmulator();
});
afterAll(() => running.close());

const weatherFunction = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('OpenAI chat completions (gpt-oss)', () => {
  it('answers a chat.completion object with usage', async () => {
    // Act
    const response = (await invokeJson(running.clients.http2, 'openai.gpt-oss-120b-1:0', {
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'user', content: 'Hi [[emulator:echo]]' },
      ],
      reasoning_effort: 'low',
    })) as Json;

    // Assess
    expect(response).toMatchObject({
      object: 'chat.completion',
      model: 'openai.gpt-oss-120b-1:0',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant' } }],
    });
    // gpt-oss's reasoning comes first, in `<reasoning>` tags (model-parameters-openai.html).
    expect(response.choices[0].message.content).toMatch(
      /^<reasoning>Reasoning about the request:[^<]+<\/reasoning>system: Be brief\.\nuser: Hi \[\[emulator:echo\]\]$/,
    );
    expect(response.usage.total_tokens).toBe(response.usage.prompt_tokens + response.usage.completion_tokens);
  });

  it('calls a function when forced, then answers its result in text', async () => {
    // Prepare
    const question = { role: 'user', content: 'Weather in Oslo?' };

    // Act
    const call = (await invokeJson(running.clients.http2, 'openai.gpt-oss-20b-1:0', {
      messages: [question],
      tools: [weatherFunction],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    })) as Json;
    const toolCall = call.choices[0].message.tool_calls[0];
    const answer = (await invokeJson(running.clients.http2, 'openai.gpt-oss-20b-1:0', {
      messages: [
        question,
        { role: 'assistant', content: null, tool_calls: [toolCall] },
        { role: 'tool', tool_call_id: toolCall.id, content: 'sunny, 21 C' },
      ],
      tools: [weatherFunction],
    })) as Json;

    // Assess
    expect(call.choices[0].finish_reason).toBe('tool_calls');
    expect(toolCall).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    expect(JSON.parse(toolCall.function.arguments)).toHaveProperty('city');
    expect(answer.choices[0].message.content).toContain('sunny, 21 C');
  });

  it('streams chat.completion.chunk objects, the last with the finish reason and usage', async () => {
    // Act
    const chunks = (await collectInvokeStream(running.clients.http1, 'openai.gpt-oss-120b-1:0', {
      messages: [{ role: 'user', content: 'Hi [[emulator:tokens=7]] [[emulator:reasoning_tokens=5]]' }],
    })) as Json[];

    // Assess
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks[0]!.choices[0].delta.role).toBe('assistant');
    expect(chunks.at(-1)).toMatchObject({
      choices: [{ finish_reason: 'stop' }],
      usage: { completion_tokens: 12 },
    });
    const content = chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join('');
    expect(content).toMatch(/^(<reasoning>[^<]*<\/reasoning>)+Emulated reply/);
  });
});

describe('Mistral chat (Mistral Large 3)', () => {
  it('answers a tool call with the 9-character id Mistral requires', async () => {
    // Act
    const response = (await invokeJson(running.clients.http2, 'mistral.mistral-large-3-675b-instruct', {
      messages: [{ role: 'user', content: 'Weather? [[emulator:tool=get_weather]]' }],
      tools: [weatherFunction],
    })) as Json;

    // Assess
    expect(response.choices[0].finish_reason).toBe('tool_calls');
    expect(response.choices[0].message.tool_calls[0].id).toMatch(/^[a-zA-Z0-9]{9}$/);
  });

  it('refuses an unknown key in the chat body', async () => {
    // Act
    const error = await invokeJson(running.clients.http2, 'mistral.mistral-large-3-675b-instruct', {
      messages: [{ role: 'user', content: 'Hi' }],
      top_k: 5,
    }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toBe(
      'Malformed input request: #: extraneous key [top_k] is not permitted, please reformat your input and try again.',
    );
  });
});

describe('DeepSeek R1', () => {
  it('refuses more than 10 stop sequences', async () => {
    // Act
    const error = await invokeJson(running.clients.http2, 'us.deepseek.r1-v1:0', {
      prompt: 'Hi',
      stop: Array.from({ length: 11 }, (_, index) => `stop${index}`),
    }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toContain('#/stop: expected maximum item count: 10, found: 11');
  });
});

describe('Llama 4 images', () => {
  it('takes images on Llama 4 and refuses them on Llama 3.3, which has no vision', async () => {
    // Prepare
    const body = { prompt: applyLlama3Template('What is this?'), images: ['iVBORw0KGgo='] };

    // Act
    const response = (await invokeJson(
      running.clients.http2,
      'us.meta.llama4-scout-17b-instruct-v1:0',
      body,
    )) as Json;
    const error = await invokeJson(running.clients.http2, 'us.meta.llama3-3-70b-instruct-v1:0', body).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect(response.stop_reason).toBe('stop');
    expect((error as Error).message).toBe(
      'Malformed input request: #: extraneous key [images] is not permitted, please reformat your input and try again.',
    );
  });
});

describe('Nova 2 reasoning', () => {
  it('takes reasoningConfig on Nova 2 Lite and refuses it on Nova Lite', async () => {
    // Prepare
    const body = {
      messages: [{ role: 'user', content: [{ text: 'Think.' }] }],
      reasoningConfig: { type: 'enabled', maxReasoningEffort: 'low' },
    };

    // Act
    const response = (await invokeJson(running.clients.http2, 'us.amazon.nova-2-lite-v1:0', body)) as Json;
    const error = await invokeJson(running.clients.http2, 'amazon.nova-lite-v1:0', body).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect(response.stopReason).toBe('end_turn');
    expect((error as Error).message).toBe(
      'Malformed input request: #: extraneous key [reasoningConfig] is not permitted, please reformat your input and try again.',
    );
  });
});

describe('Cohere Embed v4', () => {
  it('answers output_dimension vectors grouped by type, and v3 refuses output_dimension', async () => {
    // Prepare
    const body = { texts: ['a lake', 'a river'], input_type: 'search_document', output_dimension: 256 };

    // Act
    const response = (await invokeJson(running.clients.http2, 'cohere.embed-v4:0', body)) as Json;
    const defaults = (await invokeJson(running.clients.http2, 'global.cohere.embed-v4:0', {
      texts: ['a lake'],
      input_type: 'search_query',
    })) as Json;
    const error = await invokeJson(running.clients.http2, 'cohere.embed-english-v3', body).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect(response.response_type).toBe('embeddings_by_type');
    expect(response.embeddings.float).toHaveLength(2);
    expect(response.embeddings.float[0]).toHaveLength(256);
    expect(defaults.embeddings.float[0]).toHaveLength(1536);
    expect((error as Error).message).toBe(
      'Malformed input request: #: extraneous key [output_dimension] is not permitted, please reformat your input and try again.',
    );
  });
});
