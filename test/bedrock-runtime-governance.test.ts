import { ListInferenceProfilesCommand } from '@aws-sdk/client-bedrock';
import {
  type BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ThrottlingException,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  claudeBody,
  converseInput,
  createGatewayControlClient,
  createGatewayRuntimeClient,
  failureOf,
  HAIKU_PROFILE,
} from './support/bedrock-clients.js';
import { startStack, type TestStack } from './support/start-stack.js';
import { waitFor } from './support/wait-for.js';
import { waitForRoomInMinute } from './support/wait-for-room-in-minute.js';

/*
 * The key's governance on the Bedrock Runtime surface, seen through @aws-sdk/client-bedrock-runtime: usage
 * counters equal what the answers reported, the key's limits refuse as Bedrock's ThrottlingException, a
 * fallback answers before the first byte and names itself in a header, and the surface moves under a
 * configured base path.
 */

/** The id the gateway calls Haiku 4.5 by (the catalogue's), which the emulator counts calls under. */
const HAIKU_CALLED = 'global.anthropic.claude-haiku-4-5-20251001-v1:0';

interface UsageDay {
  requests: number;
  input_tokens: number;
  output_tokens: number;
  reserved_tokens: number;
}

/**
 * Records the raw HTTP headers of each answer the client gets: the SDK models none of the gateway's own
 * (nor Bedrock's invocation-metrics headers), so an app reads them at the deserialize step, as here.
 */
function recordResponseHeaders(client: BedrockRuntimeClient): Array<Record<string, string>> {
  const seen: Array<Record<string, string>> = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      seen.push((result.response as { headers: Record<string, string> }).headers);
      return result;
    },
    { step: 'deserialize', name: 'recordResponseHeaders' },
  );
  return seen;
}

describe('usage and limits on the Bedrock Runtime surface', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ config: { reliability: { maxAttemptsPerModel: 1 } } });
  });
  afterAll(() => stack.close());

  async function readDay(key: string, requests: number): Promise<UsageDay> {
    return waitFor(
      async () =>
        (await (await stack.fetch('/v1/usage', { headers: { authorization: `Bearer ${key}` } })).json()).day,
      (day: UsageDay) => day.requests === requests && day.reserved_tokens === 0,
    );
  }

  it('records exactly the usage the four operations reported, streamed or not', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'bedrock-metering', models: ['*'] });
    const client = createGatewayRuntimeClient(stack.url, key, 'http2');
    const headers = recordResponseHeaders(client);

    // Act
    const converse = await client.send(new ConverseCommand(converseInput('One [[emulator:tokens=11]]')));
    const converseStream = await client.send(
      new ConverseStreamCommand(converseInput('Two [[emulator:tokens=13]]')),
    );
    let streamedUsage = { inputTokens: 0, outputTokens: 0 };
    for await (const event of converseStream.stream ?? []) {
      if (event.metadata?.usage) {
        streamedUsage = {
          inputTokens: event.metadata.usage.inputTokens ?? 0,
          outputTokens: event.metadata.usage.outputTokens ?? 0,
        };
      }
    }
    await client.send(
      new InvokeModelCommand({
        modelId: HAIKU_PROFILE,
        contentType: 'application/json',
        body: claudeBody('Three [[emulator:tokens=17]]'),
      }),
    );
    const invokeHeaders = headers.at(-1)!;
    const invokeStream = await client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId: HAIKU_PROFILE,
        contentType: 'application/json',
        body: claudeBody('Four [[emulator:tokens=19]]'),
      }),
    );
    let metrics = { inputTokenCount: 0, outputTokenCount: 0 };
    for await (const event of invokeStream.body ?? []) {
      if (!event.chunk?.bytes) continue;
      const chunk = JSON.parse(Buffer.from(event.chunk.bytes).toString('utf8'));
      if (chunk['amazon-bedrock-invocationMetrics']) metrics = chunk['amazon-bedrock-invocationMetrics'];
    }
    client.destroy();
    const day = await readDay(key, 4);

    // Assess: what each answer said it used, from Converse usage, the InvokeModel headers and the final chunk.
    const reported = [
      { input: converse.usage!.inputTokens!, output: converse.usage!.outputTokens! },
      { input: streamedUsage.inputTokens, output: streamedUsage.outputTokens },
      {
        input: Number(invokeHeaders['x-amzn-bedrock-input-token-count']),
        output: Number(invokeHeaders['x-amzn-bedrock-output-token-count']),
      },
      { input: metrics.inputTokenCount, output: metrics.outputTokenCount },
    ];
    expect(reported.map((usage) => usage.output)).toEqual([11, 13, 17, 19]);
    expect(reported.every((usage) => usage.input > 0)).toBe(true);
    expect(day).toMatchObject({
      requests: 4,
      input_tokens: reported.reduce((total, usage) => total + usage.input, 0),
      output_tokens: 11 + 13 + 17 + 19,
      reserved_tokens: 0,
    });
  });

  it("refuses a call over the key's rpm with Bedrock's ThrottlingException shape", async () => {
    await waitForRoomInMinute();
    // Prepare
    const key = await stack.createKey({ name: 'bedrock-rpm', models: ['*'], limits: { rpm: 1 } });
    const client = createGatewayRuntimeClient(stack.url, key, 'http1');
    await client.send(new ConverseCommand(converseInput('First [[emulator:tokens=2]]')));

    // Act
    const whole = await failureOf(client.send(new ConverseCommand(converseInput('Second'))));
    const streamed = await failureOf(client.send(new ConverseStreamCommand(converseInput('Third'))));
    const raw = await stack.fetch(`/model/${encodeURIComponent(HAIKU_PROFILE)}/converse`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Fourth' }] }] }),
    });
    client.destroy();

    // Assess
    expect(whole).toBeInstanceOf(ThrottlingException);
    expect((whole as ThrottlingException).$metadata.httpStatusCode).toBe(429);
    expect((whole as Error).message).toMatch(/rpm|requests per minute/i);
    expect(streamed).toBeInstanceOf(ThrottlingException);
    expect(raw.status).toBe(429);
    expect(raw.headers.get('x-amzn-errortype')).toBe('ThrottlingException');
    expect(raw.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(Object.keys(await raw.json())).toEqual(['message']);
  });

  it("refuses a call that would pass the key's daily tokens with ThrottlingException, before calling Bedrock", async () => {
    // Prepare: the first call uses most of the day's tokens; the second would fit an empty day, not this one.
    const key = await stack.createKey({ name: 'bedrock-daily', models: ['*'], limits: { dailyTokens: 400 } });
    const client = createGatewayRuntimeClient(stack.url, key, 'http2');
    await client.send(
      new ConverseCommand({
        ...converseInput('First [[emulator:tokens=250]]'),
        inferenceConfig: { maxTokens: 250 },
      }),
    );
    const before = stack.emulator.stats.requestsByModel.get(HAIKU_CALLED);

    // Act
    const error = await failureOf(
      client.send(new ConverseCommand({ ...converseInput('Second'), inferenceConfig: { maxTokens: 250 } })),
    );
    client.destroy();

    // Assess
    expect(error).toBeInstanceOf(ThrottlingException);
    expect((error as ThrottlingException).$metadata.httpStatusCode).toBe(429);
    expect(before).toBeGreaterThan(0);
    expect(stack.emulator.stats.requestsByModel.get(HAIKU_CALLED)).toBe(before);
  });

  it('refuses a call that no day of the key could hold with ValidationException naming the limit', async () => {
    // Prepare
    const key = await stack.createKey({ name: 'bedrock-tiny', models: ['*'], limits: { dailyTokens: 50 } });
    const client = createGatewayRuntimeClient(stack.url, key, 'http1');

    // Act
    const error = await failureOf(
      client.send(new ConverseCommand({ ...converseInput('Hi'), inferenceConfig: { maxTokens: 500 } })),
    );
    client.destroy();

    // Assess: retrying can never help, so it is no throttle (the SDK would retry one).
    expect((error as Error).name).toBe('ValidationException');
    expect((error as Error).message).toMatch(/^This request needs .* more than API key .* allows at all/);
  });
});

describe('fallbacks on the Bedrock Runtime surface', () => {
  let stack: TestStack;
  let client: BedrockRuntimeClient;
  let headers: Array<Record<string, string>>;
  beforeAll(async () => {
    stack = await startStack({
      config: {
        models: { 'claude-sonnet': { fallbacks: ['claude-haiku'] } },
        reliability: { maxAttemptsPerModel: 1, fallbackOnThrottle: 'immediately' },
      },
    });
    client = createGatewayRuntimeClient(stack.url, stack.key!, 'http2');
    headers = recordResponseHeaders(client);
  });
  afterAll(async () => {
    client.destroy();
    await stack.close();
  });

  it('answers a throttled Converse from the fallback, naming it in x-bedrock-gateway-model', async () => {
    // Act
    const response = await client.send(
      new ConverseCommand(
        converseInput('Hi [[emulator:fail=ThrottlingException@claude-sonnet-5-5]]', 'claude-sonnet'),
      ),
    );

    // Assess
    expect(response.output?.message?.content?.[0]?.text).toMatch(
      /^Emulated reply from global\.anthropic\.claude-haiku/,
    );
    expect(headers.at(-1)).toMatchObject({
      'x-bedrock-gateway-model': 'claude-haiku',
      'x-bedrock-gateway-attempts': '2',
    });
  });

  it('answers a throttled stream from the fallback before the first byte, naming it in the header', async () => {
    // Act
    const response = await client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId: 'claude-sonnet',
        contentType: 'application/json',
        body: claudeBody('Hi [[emulator:fail=ThrottlingException@claude-sonnet-5-5]] [[emulator:tokens=4]]'),
      }),
    );
    const streamHeaders = headers.at(-1)!;
    let outputTokens = 0;
    for await (const event of response.body ?? []) {
      if (!event.chunk?.bytes) continue;
      const chunk = JSON.parse(Buffer.from(event.chunk.bytes).toString('utf8'));
      outputTokens = chunk['amazon-bedrock-invocationMetrics']?.outputTokenCount ?? outputTokens;
    }

    // Assess
    expect(streamHeaders['x-bedrock-gateway-model']).toBe('claude-haiku');
    expect(streamHeaders['content-type']).toBe('application/vnd.amazon.eventstream');
    expect(outputTokens).toBe(4);
  });
});

describe('the Bedrock Runtime surface under a configured base path', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({
      config: { bedrockRuntime: { basePath: '/bedrock/' }, reliability: { maxAttemptsPerModel: 1 } },
    });
  });
  afterAll(() => stack.close());

  it('serves the runtime and the control plane under the prefix, for an SDK whose endpoint ends with it', async () => {
    // Prepare
    const runtime = createGatewayRuntimeClient(`${stack.url}/bedrock`, stack.key!, 'http1');
    const control = createGatewayControlClient(`${stack.url}/bedrock`, stack.key!, 'http1');

    // Act
    const answer = await runtime.send(new ConverseCommand(converseInput('Hi [[emulator:tokens=3]]')));
    const profiles = await control.send(new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED' }));
    runtime.destroy();
    control.destroy();

    // Assess
    expect(answer.usage?.outputTokens).toBe(3);
    expect(profiles.inferenceProfileSummaries?.length).toBeGreaterThan(0);
  });

  it('no longer answers at the root, in the gateway error shape of an unknown route', async () => {
    // Act
    const response = await stack.fetch(`/model/${encodeURIComponent(HAIKU_PROFILE)}/converse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }),
    });

    // Assess
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('route_not_found');
  });
});
