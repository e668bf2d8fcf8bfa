import {
  AccessDeniedException,
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ModelStreamErrorException,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  claudeBody,
  converseInput,
  createGatewayRuntimeClient,
  failureOf,
  HAIKU_PROFILE,
  TRANSPORTS,
} from './support/bedrock-clients.js';
import { startStack, type TestStack } from './support/start-stack.js';

/*
 * @aws-sdk/client-bedrock-runtime 3.1163, unchanged but for its endpoint, pointed at the gateway with a gateway key
 * as its Bedrock API key (bearer auth, no IAM credentials), over HTTP/2 (its default) and HTTP/1.1.
 */

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ config: { reliability: { maxAttemptsPerModel: 1 } } });
});
afterAll(() => stack.close());

describe.each(TRANSPORTS)(
  '@aws-sdk/client-bedrock-runtime over %s, with a gateway key as the bearer token',
  (transport) => {
    let client: BedrockRuntimeClient;
    beforeAll(() => {
      client = createGatewayRuntimeClient(stack.url, stack.key!, transport);
    });
    afterAll(() => client.destroy());

    it('converses with another inference profile of a configured model, answered by that model', async () => {
      // Act
      const response = await client.send(new ConverseCommand(converseInput('Hello [[emulator:tokens=30]]')));

      // Assess
      expect(response.stopReason).toBe('end_turn');
      expect(response.usage).toMatchObject({ outputTokens: 30, totalTokens: expect.any(Number) });
      expect(response.metrics?.latencyMs).toEqual(expect.any(Number));
      const [block] = response.output?.message?.content ?? [];
      expect(block?.text).toMatch(/^Emulated reply from global\.anthropic\.claude-haiku-4-5/);
    });

    it("streams a conversation as Bedrock's events, in Bedrock's order, with the usage in metadata", async () => {
      // Act
      const response = await client.send(
        new ConverseStreamCommand(converseInput('Stream [[emulator:tokens=7]]', 'claude-haiku')),
      );
      const eventTypes: string[] = [];
      let text = '';
      let usage: { outputTokens?: number } | undefined;
      for await (const event of response.stream ?? []) {
        eventTypes.push(Object.keys(event).find((key) => event[key as keyof typeof event] !== undefined)!);
        text += event.contentBlockDelta?.delta?.text ?? '';
        if (event.metadata) usage = event.metadata.usage;
      }

      // Assess
      expect(eventTypes[0]).toBe('messageStart');
      expect(eventTypes.slice(-3)).toEqual(['contentBlockStop', 'messageStop', 'metadata']);
      expect(text).toMatch(/^Emulated reply/);
      expect(usage?.outputTokens).toBe(7);
    });

    it("invokes a native Claude body and returns the model's native response", async () => {
      // Act
      const response = await client.send(
        new InvokeModelCommand({
          modelId: HAIKU_PROFILE,
          contentType: 'application/json',
          body: claudeBody('Hi [[emulator:tokens=5]]'),
        }),
      );
      const answer = JSON.parse(Buffer.from(response.body).toString('utf8'));

      // Assess
      expect(response.contentType).toBe('application/json');
      expect(answer).toMatchObject({
        type: 'message',
        role: 'assistant',
        stop_reason: 'end_turn',
        usage: { output_tokens: 5 },
      });
    });

    it("invokes a native body sent with the SDK's default content type (application/octet-stream)", async () => {
      // Prepare: without `contentType` the SDK labels the body as bytes, as most apps leave it.
      const sentTypes: string[] = [];
      client.middlewareStack.add(
        (next) => async (args) => {
          sentTypes.push((args.request as { headers: Record<string, string> }).headers['content-type'] ?? '');
          return next(args);
        },
        { step: 'finalizeRequest', name: 'recordContentType', override: true },
      );

      // Act
      const response = await client.send(
        new InvokeModelCommand({ modelId: HAIKU_PROFILE, body: claudeBody('Hi [[emulator:tokens=4]]') }),
      );
      client.middlewareStack.remove('recordContentType');

      // Assess
      expect(sentTypes).toEqual(['application/octet-stream']);
      expect(JSON.parse(Buffer.from(response.body).toString('utf8')).usage.output_tokens).toBe(4);
    });

    it('streams a native Claude body: its chunks as sent, the last with the invocation metrics', async () => {
      // Act
      const response = await client.send(
        new InvokeModelWithResponseStreamCommand({
          modelId: 'claude-haiku',
          contentType: 'application/json',
          body: claudeBody('Hi [[emulator:tokens=5]]'),
        }),
      );
      const chunks: Array<Record<string, unknown>> = [];
      for await (const event of response.body ?? []) {
        if (event.chunk?.bytes) chunks.push(JSON.parse(Buffer.from(event.chunk.bytes).toString('utf8')));
      }

      // Assess
      expect(response.contentType).toBe('application/json');
      expect(chunks.map((chunk) => chunk.type)).toEqual([
        'message_start',
        'content_block_start',
        'content_block_delta',
        'content_block_delta',
        'content_block_stop',
        'message_delta',
        'message_stop',
      ]);
      expect(chunks.at(-1)?.['amazon-bedrock-invocationMetrics']).toMatchObject({ outputTokenCount: 5 });
    });

    it('counts the tokens of a Converse input and of a native body', async () => {
      // Act
      const converse = await client.send(
        new CountTokensCommand({
          modelId: HAIKU_PROFILE,
          input: {
            converse: { messages: [{ role: 'user', content: [{ text: 'How long is the Danube?' }] }] },
          },
        }),
      );
      const invoke = await client.send(
        new CountTokensCommand({
          modelId: 'claude-haiku',
          input: { invokeModel: { body: new TextEncoder().encode(claudeBody('How long is the Danube?')) } },
        }),
      );

      // Assess
      expect(converse.inputTokens).toBeGreaterThan(5);
      expect(invoke.inputTokens).toBeGreaterThan(5);
    });

    it('surfaces a throttled model as ThrottlingException, whole and streamed', async () => {
      // Act
      const whole = await failureOf(
        client.send(new ConverseCommand(converseInput('Hi [[emulator:fail=ThrottlingException]]'))),
      );
      const streamed = await failureOf(
        client.send(new ConverseStreamCommand(converseInput('Hi [[emulator:fail=ThrottlingException]]'))),
      );

      // Assess
      expect(whole).toBeInstanceOf(ThrottlingException);
      expect((whole as ThrottlingException).$metadata.httpStatusCode).toBe(429);
      expect(streamed).toBeInstanceOf(ThrottlingException);
    });

    it('surfaces a stream Bedrock cut midway as the exception Bedrock sent, from the iterator', async () => {
      // Prepare
      const response = await client.send(
        new ConverseStreamCommand(converseInput('Cut [[emulator:tokens=40]] [[emulator:cut_after=2]]')),
      );

      // Act
      let text = '';
      const error = await failureOf(
        (async () => {
          for await (const event of response.stream ?? []) text += event.contentBlockDelta?.delta?.text ?? '';
        })(),
      );

      // Assess
      expect(text.length).toBeGreaterThan(0);
      expect(error).toBeInstanceOf(ModelStreamErrorException);
    });

    it('refuses a key the gateway does not know with AccessDeniedException', async () => {
      // Prepare
      const stranger = createGatewayRuntimeClient(stack.url, `bgw_${'A'.repeat(43)}`, transport);

      // Act
      const error = await failureOf(stranger.send(new ConverseCommand(converseInput('Hi'))));
      stranger.destroy();

      // Assess
      expect(error).toBeInstanceOf(AccessDeniedException);
      expect((error as Error).message).toMatch(
        /^Authentication failed: Please make sure your API Key is valid\./,
      );
    });

    it("refuses a model outside the key's allow-list with AccessDeniedException", async () => {
      // Prepare
      const key = await stack.createKey({ name: `nova-only-${transport}`, models: ['nova-lite'] });
      const limited = createGatewayRuntimeClient(stack.url, key, transport);

      // Act
      const error = await failureOf(limited.send(new ConverseCommand(converseInput('Hi'))));
      limited.destroy();

      // Assess
      expect(error).toBeInstanceOf(AccessDeniedException);
      expect((error as Error).message).toBe("This API key is not allowed to use model 'claude-haiku'.");
    });

    it("refuses an unknown model id with ValidationException, in Bedrock's words", async () => {
      // Act
      const error = await failureOf(
        client.send(new ConverseCommand(converseInput('Hi', 'anthropic.claude-unknown-v9:0'))),
      );

      // Assess
      expect(error).toBeInstanceOf(ValidationException);
      expect((error as Error).message).toBe('The provided model identifier is invalid.');
    });

    it('refuses a model past its end of life with ResourceNotFoundException, before any Bedrock call', async () => {
      // Act
      const error = await failureOf(
        client.send(new ConverseCommand(converseInput('Hi', 'anthropic.claude-3-5-sonnet-20240620-v1:0'))),
      );

      // Assess
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect((error as Error).message).toMatch(
        /^This model version has reached the end of its life\. Please refer to the AWS documentation for more details\. Model 'claude-3-5-sonnet' reached its end of life on 2026-03-01.* Use 'claude-sonnet' instead\.$/,
      );
    });

    it("refuses maxTokens above the key's limit with ValidationException naming the field", async () => {
      // Prepare
      const key = await stack.createKey({
        name: `capped-${transport}`,
        models: ['*'],
        limits: { maxTokensPerRequest: 100 },
      });
      const capped = createGatewayRuntimeClient(stack.url, key, transport);

      // Act
      const error = await failureOf(
        capped.send(new ConverseCommand({ ...converseInput('Hi'), inferenceConfig: { maxTokens: 500 } })),
      );
      const defaulted = await capped.send(new ConverseCommand(converseInput('Long [[emulator:tokens=400]]')));
      capped.destroy();

      // Assess
      expect(error).toBeInstanceOf(ValidationException);
      expect((error as Error).message).toBe(
        "inferenceConfig.maxTokens is 500, above this API key's limit of 100 tokens per request.",
      );
      // An omitted maxTokens is the key's cap, never Bedrock's default.
      expect(defaulted.stopReason).toBe('max_tokens');
      expect(defaulted.usage?.outputTokens).toBe(100);
    });
  },
);

describe.each(TRANSPORTS)('@aws-sdk/client-bedrock-runtime with SigV4 credentials over %s', (transport) => {
  it('is refused with UnrecognizedClientException, saying to use a gateway key as the Bedrock API key', async () => {
    // Prepare
    const signed = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: stack.url,
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
      requestHandler: transport === 'http1' ? new NodeHttpHandler() : new NodeHttp2Handler(),
    });

    // Act
    const error = await failureOf(signed.send(new ConverseCommand(converseInput('Hi'))));
    signed.destroy();

    // Assess
    expect((error as Error).name).toBe('UnrecognizedClientException');
    expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(403);
    expect((error as Error).message).toMatch(
      /does not accept AWS Signature Version 4.*AWS_BEARER_TOKEN_BEDROCK/,
    );
  });
});

describe('@aws-sdk/client-bedrock-runtime configured by AWS_BEARER_TOKEN_BEDROCK alone', () => {
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('sends the gateway key as its bearer token and gets its answer', async () => {
    // Prepare: no credentials, no token option: the environment variable switches the SDK to bearer auth.
    vi.stubEnv('AWS_BEARER_TOKEN_BEDROCK', stack.key!);
    const client = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: stack.url, maxAttempts: 1 });

    // Act
    const response = await client.send(new ConverseCommand(converseInput('Hello [[emulator:tokens=3]]')));
    client.destroy();

    // Assess
    expect(response.usage?.outputTokens).toBe(3);
  });
});
