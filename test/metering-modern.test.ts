import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readUsageDay } from './support/read-usage-day.js';
import { startStack, type TestStack } from './support/start-stack.js';

/**
 * Metering with cache and reasoning tokens: what a key's counters hold equals what the responses reported,
 * streamed or not, and nothing stays reserved.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ config: { reliability: { maxAttemptsPerModel: 1 } } });
});
afterAll(() => stack.close());

type Details = { cached_tokens: number; cache_write_tokens: number };

/** The canonical counters a chat usage stands for: OpenAI counts cached tokens inside prompt_tokens. */
function countersOf(usage: OpenAI.CompletionUsage) {
  const details = usage.prompt_tokens_details as Details;
  return {
    input: usage.prompt_tokens - details.cached_tokens - details.cache_write_tokens,
    output: usage.completion_tokens,
    cacheRead: details.cached_tokens,
    cacheWrite: details.cache_write_tokens,
    reasoning: usage.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}

function sum(usages: OpenAI.CompletionUsage[]) {
  const total = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
  for (const usage of usages) {
    const counters = countersOf(usage);
    for (const name of Object.keys(total) as Array<keyof typeof total>) total[name] += counters[name];
  }
  return total;
}

describe('metering with cache and reasoning tokens', () => {
  it('counts exactly what the responses reported: a cache write, a streamed cache read, and reasoning', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'modern-metering', models: ['*'] });
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: key, maxRetries: 0 });
    const cachedMessages = [
      {
        role: 'system',
        content: [
          {
            type: 'text',
            text: 'Answer from the refund handbook, citing its section, in a neutral tone. '.repeat(400),
            cache_control: { type: 'ephemeral' },
          },
        ],
      } as unknown as ChatCompletionMessageParam,
      { role: 'user' as const, content: 'Which section covers refunds? [[emulator:tokens=12]]' },
    ];

    // Act: a cache write, the same prefix read back by a stream, and a reasoning call.
    const write = await client.chat.completions.create({ model: 'claude-haiku', messages: cachedMessages });
    const stream = await client.chat.completions.create({
      model: 'claude-haiku',
      messages: cachedMessages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let streamed: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) if (chunk.usage) streamed = chunk.usage;
    const reasoning = await client.chat.completions.create({
      model: 'claude-haiku',
      messages: [{ role: 'user', content: 'Think it over: is 91 prime? [[emulator:tokens=20]]' }],
      reasoning_effort: 'low',
      max_completion_tokens: 4_000,
    });
    const day = await readUsageDay(stack, key, 3);

    // Assess
    const reported = sum([write.usage!, streamed!, reasoning.usage!]);
    expect(countersOf(write.usage!).cacheWrite).toBeGreaterThan(0);
    expect(countersOf(streamed!).cacheRead).toBeGreaterThan(0);
    expect(countersOf(reasoning.usage!).reasoning).toBeGreaterThan(0);
    expect(day).toMatchObject({
      input_tokens: reported.input,
      output_tokens: reported.output,
      cache_read_tokens: reported.cacheRead,
      cache_write_tokens: reported.cacheWrite,
      reasoning_tokens: reported.reasoning,
      reserved_tokens: 0,
    });
  });

  it('reserves against cached and reasoning tokens too: a key stays within its daily tokens', async () => {
    // Prepare: a cacheable prefix of about 5,000 tokens (Haiku 4.5 caches from 4,096), and room for a few calls:
    // admitted by their bound or, near the limit, their exact count.
    const key = await stack.createKey({
      name: 'modern-limit',
      models: ['*'],
      limits: { dailyTokens: 30_000 },
    });
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: key, maxRetries: 0 });
    const messages = [
      {
        role: 'system',
        content: [
          {
            type: 'text',
            text: 'Policy text to cache. '.repeat(1_000),
            cache_control: { type: 'ephemeral' },
          },
        ],
      } as unknown as ChatCompletionMessageParam,
      { role: 'user' as const, content: 'Summarise. [[emulator:tokens=10]]' },
    ];

    // Act
    const outcomes = [];
    for (let index = 0; index < 8; index++) {
      outcomes.push(
        await client.chat.completions
          .create({ model: 'claude-haiku', messages, max_completion_tokens: 50 })
          .then(
            (answer) => answer.usage!,
            (error: unknown) => error,
          ),
      );
    }
    const answered = outcomes.filter((outcome) => !(outcome instanceof Error)) as OpenAI.CompletionUsage[];
    const day = await readUsageDay(stack, key, answered.length);

    // Assess: the counters hold every prompt token, cached or not, and never pass the limit.
    const reported = sum(answered);
    expect(answered.length).toBeGreaterThan(0);
    expect(outcomes.some((outcome) => outcome instanceof OpenAI.RateLimitError)).toBe(true);
    expect(day.input_tokens + day.cache_read_tokens + day.cache_write_tokens + day.output_tokens).toBe(
      reported.input + reported.cacheRead + reported.cacheWrite + reported.output,
    );
    expect(
      day.input_tokens + day.cache_read_tokens + day.cache_write_tokens + day.output_tokens,
    ).toBeLessThanOrEqual(40_000);
  });
});
