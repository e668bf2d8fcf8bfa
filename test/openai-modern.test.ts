import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { computeCostMicroUsd } from '../src/core/usage-cost.js';
import { createPdfBase64, PNG_BASE64 } from './support/media-fixtures.js';
import { startStack, type TestStack } from './support/start-stack.js';
import { waitFor } from './support/wait-for.js';

/**
 * What a 2026 app sends through the openai SDK: images and PDFs, structured outputs, reasoning, prompt
 * caching, service tiers; and the honest 400s for what a model cannot do.
 */

let stack: TestStack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack();
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: stack.key!, maxRetries: 0 });
});
afterAll(async () => {
  await stack.close();
});

/** Claude Haiku 4.5: vision, documents, budget reasoning, forced tool use, no native structured output. */
const CLAUDE = 'claude-haiku';
/** Text only, no reasoning, no native structured output; forced tool use. */
const NOVA_MICRO = 'nova-micro';
/** Native structured output (Converse `outputConfig.textFormat`). */
const NATIVE_JSON = 'claude-opus-4-6';

/** Reasoning fields the gateway adds to OpenAI's message and delta, which the SDK passes through untyped. */
interface ReasoningFields {
  reasoning_content?: string;
  thinking_blocks?: Array<
    { type: 'thinking'; thinking: string; signature?: string } | { type: 'redacted_thinking'; data: string }
  >;
}

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

describe('images and documents', () => {
  it('sends a data-URL image to a vision model as an image', async () => {
    // Act
    const completion = await client.chat.completions.create({
      model: CLAUDE,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in the picture? [[emulator:echo]]' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}`, detail: 'low' } },
          ],
        },
      ],
    });

    // Assess: the emulator echoes the prompt as Bedrock got it, the image as an image block.
    expect(completion.choices[0]!.message.content).toBe(
      'user: What is in the picture? [[emulator:echo]]\n[image]',
    );
  });

  it('sends a base64 PDF file part as a named document', async () => {
    // Act
    const completion = await client.chat.completions.create({
      model: CLAUDE,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'file',
              file: {
                filename: 'q3-report.pdf',
                file_data: `data:application/pdf;base64,${createPdfBase64()}`,
              },
            },
            { type: 'text', text: 'Summarise it. [[emulator:echo]]' },
          ],
        },
      ],
    });

    // Assess
    expect(completion.choices[0]!.message.content).toBe(
      'user: [document q3-report]\nSummarise it. [[emulator:echo]]',
    );
  });
});

const Person = z.object({
  name: z.string(),
  age: z.number().int(),
  languages: z.array(z.enum(['en', 'fr', 'de'])),
});

describe('structured outputs', () => {
  const jsonSchemaFormat = {
    type: 'json_schema',
    json_schema: { name: 'person', schema: z.toJSONSchema(Person), strict: true },
  } as const;

  it.each([
    ['a forced tool call', NOVA_MICRO],
    ['native structured output', NATIVE_JSON],
  ])('answers response_format json_schema with content that validates, by %s', async (_how, model) => {
    // Act
    const completion = await client.chat.completions.create({
      model,
      messages: [{ role: 'user', content: 'Describe a person.' }],
      response_format: jsonSchemaFormat,
    });

    // Assess
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('stop');
    expect(choice.message.tool_calls).toBeUndefined();
    expect(Person.safeParse(JSON.parse(choice.message.content!)).success).toBe(true);
  });

  it('streams a json_schema answer whose text parses and validates', async () => {
    // Act
    const stream = await client.chat.completions.create({
      model: NOVA_MICRO,
      messages: [{ role: 'user', content: 'Describe a person.' }],
      response_format: jsonSchemaFormat,
      stream: true,
    });
    let text = '';
    let finishReason: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
    }

    // Assess
    expect(finishReason).toBe('stop');
    expect(Person.safeParse(JSON.parse(text)).success).toBe(true);
  });

  it('parses the answer with chat.completions.parse and a zod schema', async () => {
    // Act
    const completion = await client.chat.completions.parse({
      model: NOVA_MICRO,
      messages: [{ role: 'user', content: 'Describe a person.' }],
      response_format: zodResponseFormat(Person, 'person'),
    });

    // Assess
    const parsed = completion.choices[0]!.message.parsed;
    expect(parsed).not.toBeNull();
    expect(Person.parse(parsed)).toEqual(parsed);
  });

  it('answers response_format json_object with a JSON object', async () => {
    // Act
    const completion = await client.chat.completions.create({
      model: NOVA_MICRO,
      messages: [{ role: 'user', content: 'Answer in JSON.' }],
      response_format: { type: 'json_object' },
    });

    // Assess
    const value = JSON.parse(completion.choices[0]!.message.content!);
    expect(typeof value).toBe('object');
    expect(Array.isArray(value)).toBe(false);
  });
});

describe('reasoning', () => {
  const weatherTool: ChatCompletionTool = {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Current weather for a city.',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
      },
    },
  };

  it('returns reasoning_content, signed thinking_blocks and reasoning tokens for reasoning_effort low', async () => {
    // Act
    const completion = await client.chat.completions.create({
      model: CLAUDE,
      messages: [{ role: 'user', content: 'What is 17 times 23?' }],
      reasoning_effort: 'low',
    });

    // Assess
    const message = completion.choices[0]!.message as (typeof completion.choices)[0]['message'] &
      ReasoningFields;
    expect(message.content).toEqual(expect.any(String));
    expect(message.reasoning_content).toEqual(expect.stringMatching(/\S/));
    expect(message.thinking_blocks).toEqual([
      { type: 'thinking', thinking: message.reasoning_content, signature: expect.stringMatching(/\S/) },
    ]);
    const reasoningTokens = completion.usage!.completion_tokens_details!.reasoning_tokens!;
    expect(reasoningTokens).toBeGreaterThan(0);
    expect(reasoningTokens).toBeLessThanOrEqual(completion.usage!.completion_tokens);
  });

  it('streams reasoning_content deltas, the signed block at its end, and reasoning tokens in the usage', async () => {
    // Act
    const stream = await client.chat.completions.create({
      model: CLAUDE,
      messages: [{ role: 'user', content: 'What is 17 times 23?' }],
      reasoning_effort: 'low',
      stream: true,
      stream_options: { include_usage: true },
    });
    let reasoning = '';
    let content = '';
    const blocks: NonNullable<ReasoningFields['thinking_blocks']> = [];
    let usage: ChatCompletionChunk['usage'] | undefined;
    for await (const chunk of stream) {
      const delta = (chunk.choices[0]?.delta ?? {}) as ChatCompletionChunk.Choice.Delta & ReasoningFields;
      reasoning += delta.reasoning_content ?? '';
      content += delta.content ?? '';
      blocks.push(...(delta.thinking_blocks ?? []));
      usage = chunk.usage ?? usage;
    }

    // Assess
    expect(reasoning).toMatch(/\S/);
    expect(content).toMatch(/\S/);
    expect(blocks).toEqual([
      { type: 'thinking', thinking: reasoning, signature: expect.stringMatching(/\S/) },
    ]);
    expect(usage!.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);
  });

  it('keeps the signed thinking through a tool loop: the message sent back as it came is accepted', async () => {
    // Prepare
    const question: ChatCompletionMessageParam = {
      role: 'user',
      content: 'What is the weather in Paris? [[emulator:tool=get_weather]]',
    };
    const first = await client.chat.completions.create({
      model: CLAUDE,
      messages: [question],
      tools: [weatherTool],
      reasoning_effort: 'low',
    });
    const called = first.choices[0]!;
    expect(called.finish_reason).toBe('tool_calls');
    const call = called.message.tool_calls![0]!;
    expect((called.message as ReasoningFields).thinking_blocks?.[0]).toMatchObject({
      type: 'thinking',
      signature: expect.stringMatching(/\S/),
    });

    // Act: the SDK's message goes back unchanged, thinking_blocks included.
    const second = await client.chat.completions.create({
      model: CLAUDE,
      messages: [
        question,
        called.message,
        { role: 'tool', tool_call_id: call.id, content: 'Sunny, 21 degrees' },
      ],
      tools: [weatherTool],
      reasoning_effort: 'low',
    });

    // Assess
    expect(second.choices[0]!.finish_reason).toBe('stop');
    expect(second.choices[0]!.message.content).toContain('Sunny, 21 degrees');
  });

  it('sends the thinking back to Bedrock as it is: a tampered signature is refused upstream', async () => {
    // Prepare
    const question: ChatCompletionMessageParam = {
      role: 'user',
      content: 'What is the weather in Rome? [[emulator:tool=get_weather]]',
    };
    const first = await client.chat.completions.create({
      model: CLAUDE,
      messages: [question],
      tools: [weatherTool],
      reasoning_effort: 'low',
    });
    const message = first.choices[0]!.message as (typeof first.choices)[0]['message'] & ReasoningFields;
    const tampered = {
      ...message,
      thinking_blocks: message.thinking_blocks!.map((block) =>
        block.type === 'thinking' ? { ...block, signature: `${block.signature}x` } : block,
      ),
    };

    // Act
    const error = await refusalOf(() =>
      client.chat.completions.create({
        model: CLAUDE,
        messages: [
          question,
          tampered as ChatCompletionMessageParam,
          { role: 'tool', tool_call_id: message.tool_calls![0]!.id, content: 'Cloudy' },
        ],
        tools: [weatherTool],
        reasoning_effort: 'low',
      }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.code).toBe('upstream_validation');
  });
});

describe('prompt caching', () => {
  /** A system prompt well above Claude Haiku 4.5's 4,096-token cache minimum, different per test. */
  function longSystemPrompt(topic: string): string {
    const sentence = `Rule about ${topic}: answer precisely, cite the handbook section, and keep a neutral tone. `;
    return sentence.repeat(400);
  }

  interface UsageDay {
    requests: number;
    reserved_tokens: number;
    cost_micro_usd: number;
    cache_read_tokens: number;
    cache_write_tokens: number;
  }

  /** The key's usage today, once `requests` calls have settled. */
  async function readUsageDay(key: string, requests: number): Promise<UsageDay> {
    return waitFor(
      async () =>
        (await (await stack.fetch('/v1/usage', { headers: { authorization: `Bearer ${key}` } })).json()).day,
      (day: UsageDay) => day.requests === requests && day.reserved_tokens === 0,
    );
  }

  it('reads the cache on the second identical call, and charges it less by exactly the cache price difference', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'cache-cost', models: ['*'] });
    const keyed = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: key, maxRetries: 0 });
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: CLAUDE,
      messages: [
        {
          role: 'system',
          content: [
            { type: 'text', text: longSystemPrompt('invoices'), cache_control: { type: 'ephemeral' } },
          ],
        } as unknown as ChatCompletionMessageParam,
        { role: 'user', content: 'Which section covers refunds? [[emulator:tokens=10]]' },
      ],
    };
    const price = (await (await stack.fetch(`/v1/models/${CLAUDE}`)).json()).price;
    const costOf = (usage: OpenAI.CompletionUsage) => {
      const details = usage.prompt_tokens_details as { cached_tokens: number; cache_write_tokens: number };
      return computeCostMicroUsd(
        {
          inputTokens: usage.prompt_tokens - details.cached_tokens - details.cache_write_tokens,
          outputTokens: usage.completion_tokens,
          cacheReadTokens: details.cached_tokens,
          cacheWriteTokens: details.cache_write_tokens,
        },
        {
          inputPerMTok: price.input_per_mtok,
          outputPerMTok: price.output_per_mtok,
          cacheReadPerMTok: price.cache_read_per_mtok,
          cacheWritePerMTok: price.cache_write_per_mtok,
        },
      );
    };

    // Act
    const first = await keyed.chat.completions.create(body);
    const afterFirst = await readUsageDay(key, 1);
    const second = await keyed.chat.completions.create(body);
    const afterSecond = await readUsageDay(key, 2);

    // Assess
    const firstDetails = first.usage!.prompt_tokens_details as {
      cached_tokens: number;
      cache_write_tokens: number;
    };
    const secondDetails = second.usage!.prompt_tokens_details as {
      cached_tokens: number;
      cache_write_tokens: number;
    };
    expect(firstDetails.cache_write_tokens).toBeGreaterThan(0);
    expect(firstDetails.cached_tokens).toBe(0);
    expect(secondDetails.cached_tokens).toBe(firstDetails.cache_write_tokens);
    expect(secondDetails.cache_write_tokens).toBe(0);
    expect(second.usage!.prompt_tokens).toBe(first.usage!.prompt_tokens);
    const firstCost = afterFirst.cost_micro_usd;
    const secondCost = afterSecond.cost_micro_usd - afterFirst.cost_micro_usd;
    expect(firstCost).toBe(costOf(first.usage!));
    expect(secondCost).toBe(costOf(second.usage!));
    expect(firstCost - secondCost).toBe(costOf(first.usage!) - costOf(second.usage!));
    expect(secondCost).toBeLessThan(firstCost);
    expect(afterSecond).toMatchObject({
      cache_read_tokens: secondDetails.cached_tokens,
      cache_write_tokens: firstDetails.cache_write_tokens,
    });
  });

  it('caches nothing for a prompt below the model minimum, cache point or not', async () => {
    // Prepare
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: CLAUDE,
      messages: [
        {
          role: 'system',
          content: 'Short rules.',
          cache_control: { type: 'ephemeral' },
        } as ChatCompletionMessageParam,
        { role: 'user', content: 'Hello' },
      ],
    };

    // Act
    const first = await client.chat.completions.create(body);
    const second = await client.chat.completions.create(body);

    // Assess
    for (const completion of [first, second]) {
      expect(completion.usage!.prompt_tokens_details).toEqual({ cached_tokens: 0, cache_write_tokens: 0 });
    }
  });

  it('refuses cache_control on a model that caches nothing, naming the field and the model', async () => {
    // Act
    const error = await refusalOf(() =>
      client.chat.completions.create({
        model: 'llama-3-3-70b',
        messages: [
          {
            role: 'user',
            content: 'Hello',
            cache_control: { type: 'ephemeral' },
          } as ChatCompletionMessageParam,
        ],
      }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.param).toBe('cache_control');
    expect(error.message).toContain('llama-3-3-70b');
  });
});

describe('guardrails and service tiers', () => {
  it("ends with finish_reason content_filter when the key's guardrail intervenes, and a key without one is unaffected", async () => {
    // Prepare
    const guarded = await stack.createKey({
      name: 'guarded',
      models: ['*'],
      guardrail: { identifier: 'gr1234abcd', version: '1' },
    });
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: CLAUDE,
      messages: [{ role: 'user', content: 'Tell me a secret [[emulator:guardrail=intervene]]' }],
    };

    // Act
    const blocked = await new OpenAI({
      baseURL: `${stack.url}/v1`,
      apiKey: guarded,
      maxRetries: 0,
    }).chat.completions.create(body);
    const free = await client.chat.completions.create(body);

    // Assess
    expect(blocked.choices[0]!.finish_reason).toBe('content_filter');
    expect(blocked.choices[0]!.message.content).toBe('Sorry, the model cannot answer this question.');
    expect(free.choices[0]!.finish_reason).toBe('stop');
  });

  it('answers in the flex tier asked for, on a model that offers it', async () => {
    // Act
    const completion = await client.chat.completions.create({
      model: 'nova-2-lite',
      messages: [{ role: 'user', content: 'Hello' }],
      service_tier: 'flex',
    });

    // Assess
    expect(completion.service_tier).toBe('flex');
  });

  it('answers in the default tier for service_tier auto and when none is asked', async () => {
    // Act
    const auto = await client.chat.completions.create({
      model: CLAUDE,
      messages: [{ role: 'user', content: 'Hello' }],
      service_tier: 'auto',
    });
    const none = await client.chat.completions.create({
      model: CLAUDE,
      messages: [{ role: 'user', content: 'Hello' }],
    });

    // Assess
    expect(auto.service_tier).toBe('default');
    expect(none.service_tier).toBe('default');
  });

  it.each([
    ['priority', CLAUDE, `Model '${CLAUDE}'`],
    ['scale', 'nova-2-lite', "'scale'"],
  ] as const)("refuses service_tier '%s' on %s, naming the field", async (tier, model, named) => {
    // Act
    const error = await refusalOf(() =>
      client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Hello' }],
        service_tier: tier,
      }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.param).toBe('service_tier');
    expect(error.message).toContain(named);
  });

  it('accepts messages[].name, seed and the other advisory fields', async () => {
    // Act
    const completion = await client.chat.completions.create({
      model: CLAUDE,
      messages: [{ role: 'user', content: 'Hello', name: 'alice' }],
      seed: 7,
      user: 'user-1',
      safety_identifier: 'hash-1',
      prompt_cache_key: 'app-1',
      prompt_cache_retention: 'in_memory',
    });

    // Assess
    expect(completion.choices[0]!.finish_reason).toBe('stop');
  });
});

describe('what a model cannot do is a 400 naming the field and the model', () => {
  it('refuses an image to a text-only model, pointing at the image part', async () => {
    // Act
    const error = await refusalOf(() =>
      client.chat.completions.create({
        model: NOVA_MICRO,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
            ],
          },
        ],
      }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.code).toBe('unsupported_parameter');
    expect(error.param).toBe('messages[0].content[1]');
    expect(error.message).toContain(`'${NOVA_MICRO}'`);
  });

  it('refuses reasoning_effort to a model that does not reason', async () => {
    // Act
    const error = await refusalOf(() =>
      client.chat.completions.create({
        model: NOVA_MICRO,
        messages: [{ role: 'user', content: 'Think hard.' }],
        reasoning_effort: 'high',
      }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.param).toBe('reasoning_effort');
    expect(error.message).toContain(`'${NOVA_MICRO}'`);
  });

  it('refuses response_format to a model with neither structured output nor forced tool use', async () => {
    // Act
    const error = await refusalOf(() =>
      client.chat.completions.create({
        model: 'llama3-8b',
        messages: [{ role: 'user', content: 'Describe a person.' }],
        response_format: zodResponseFormat(Person, 'person'),
      }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.param).toBe('response_format');
    expect(error.message).toContain("'llama3-8b'");
  });

  it('refuses an https: image URL without fetching it, saying to send a data: URL', async () => {
    // Act
    const error = await refusalOf(() =>
      client.chat.completions.create({
        model: CLAUDE,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
            ],
          },
        ],
      }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.param).toBe('messages[0].content[1].image_url.url');
    expect(error.message).toContain(`'${CLAUDE}'`);
    expect(error.message).toContain('data: URL');
  });

  it('refuses a file_id, as there is no Files API', async () => {
    // Act
    const error = await refusalOf(() =>
      client.chat.completions.create({
        model: CLAUDE,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Read this.' },
              { type: 'file', file: { file_id: 'file-abc123' } },
            ],
          },
        ],
      }),
    );

    // Assess
    expect(error.status).toBe(400);
    expect(error.param).toBe('messages[0].content[1].file.file_id');
  });
});
