import {
  AccessDeniedException,
  ConverseCommand,
  type ConverseCommandInput,
  CountTokensCommand,
  type SystemContentBlock,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from './create-emulator.js';
import {
  collectConverseStream,
  collectInvokeStream,
  createTestAnthropicClient,
  createTestClient,
  readRefusal,
  startTestEmulator,
  type TestEmulator,
  TRANSPORTS,
} from './testing/start-test-emulator.js';

/*
 * Prompt caching (claude-models.md §2.6, §6; other-models.md §3; bedrock-validation.md §14): cache points in
 * Converse and Nova bodies, `cache_control` in Claude's, a per-emulator cache keyed on the prefix, the model's
 * minimum, TTLs on an injectable clock, and the usage every API reports.
 */

let running: TestEmulator;
beforeAll(async () => {
  running = await startTestEmulator();
});
afterAll(() => running.close());
beforeEach(() => running.emulator.clearPromptCache());

const PREFIX = 'The model returned the following errors: ';
const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
/** Well over Claude Sonnet 4.5's 1,024-token minimum. */
const LONG_SYSTEM = `You answer questions about the invoice archive. ${'Every invoice lists its number, date, lines, taxes and total. '.repeat(200)}`;
const question = (text = 'Which fields does an invoice list?') => [
  { role: 'user' as const, content: [{ text }] },
];
const cachedSystem = (ttl?: '5m' | '1h'): SystemContentBlock[] => [
  { text: LONG_SYSTEM },
  { cachePoint: { type: 'default', ...(ttl ? { ttl } : {}) } },
];

function converse(
  input: Omit<ConverseCommandInput, 'modelId'>,
  transport: 'http2' | 'http1' = 'http2',
  modelId = `us.${SONNET_45}`,
) {
  return running.clients[transport].send(new ConverseCommand({ modelId, ...input }));
}

describe.each(TRANSPORTS)('Converse prompt caching over %s', (transport) => {
  it('writes the cached prefix on the first call and reads it on the next, every token accounted for', async () => {
    // Act
    const first = await converse({ system: cachedSystem(), messages: question() }, transport);
    const second = await converse({ system: cachedSystem(), messages: question() }, transport);
    const counted = await running.clients[transport].send(
      new CountTokensCommand({
        modelId: SONNET_45,
        input: { converse: { system: cachedSystem(), messages: question() } },
      }),
    );

    // Assess
    const written = first.usage?.cacheWriteInputTokens ?? 0;
    expect(written).toBeGreaterThan(1024);
    expect(first.usage).toMatchObject({
      cacheReadInputTokens: 0,
      cacheDetails: [{ ttl: '5m', inputTokens: written }],
    });
    expect(second.usage).toMatchObject({ cacheReadInputTokens: written, cacheWriteInputTokens: 0 });
    expect(second.usage?.cacheDetails).toBeUndefined();
    expect((first.usage?.inputTokens ?? 0) + written).toBe(counted.inputTokens);
    expect(second.usage?.inputTokens).toBe(first.usage?.inputTokens);
    expect(second.usage?.totalTokens).toBe(
      (second.usage?.inputTokens ?? 0) + written + (second.usage?.outputTokens ?? 0),
    );
  });

  it('reports the cache in the stream metadata', async () => {
    // Prepare
    await converse({ system: cachedSystem(), messages: question() }, transport);

    // Act
    const stream = await collectConverseStream(running.clients[transport], {
      modelId: `us.${SONNET_45}`,
      system: cachedSystem(),
      messages: question(),
    });

    // Assess
    expect((stream.usage as { cacheReadInputTokens?: number }).cacheReadInputTokens).toBeGreaterThan(1024);
  });
});

describe('what the cache keys on and when it caches', () => {
  it('caches nothing below the minimum, without an error', async () => {
    // Act
    const short = [{ text: 'Be brief.' }, { cachePoint: { type: 'default' as const } }];
    const first = await converse({ system: short, messages: question() });
    const second = await converse({ system: short, messages: question() });

    // Assess
    expect(first.usage).toMatchObject({ cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
    expect(second.usage).toMatchObject({ cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
  });

  it('misses when the prefix changes, and across models', async () => {
    // Prepare
    await converse({ system: cachedSystem(), messages: question() });

    // Act
    const otherPrefix = await converse({
      system: [{ text: `${LONG_SYSTEM} Also dates.` }, { cachePoint: { type: 'default' } }],
      messages: question(),
    });
    const otherModel = await converse(
      { system: cachedSystem(), messages: question() },
      'http2',
      'us.anthropic.claude-opus-4-8',
    );
    const sameModelOtherProfile = await converse(
      { system: cachedSystem(), messages: question() },
      'http2',
      `global.${SONNET_45}`,
    );

    // Assess
    expect(otherPrefix.usage?.cacheReadInputTokens).toBe(0);
    expect(otherModel.usage?.cacheReadInputTokens).toBe(0);
    expect(sameModelOtherProfile.usage?.cacheReadInputTokens).toBeGreaterThan(0);
  });

  it('reads the prefix of an earlier cache point when a conversation moves its cache point on', async () => {
    // Prepare
    const history = [
      {
        role: 'user' as const,
        content: [{ text: LONG_SYSTEM }, { cachePoint: { type: 'default' as const } }],
      },
    ];
    await converse({ messages: history });

    // Act
    const later = await converse({
      messages: [
        { role: 'user', content: [{ text: LONG_SYSTEM }] },
        { role: 'assistant', content: [{ text: 'Noted.' }] },
        { role: 'user', content: [{ text: 'And the taxes?' }, { cachePoint: { type: 'default' } }] },
      ],
    });

    // Assess
    expect(later.usage?.cacheReadInputTokens).toBeGreaterThan(1024);
    expect(later.usage?.cacheWriteInputTokens).toBeGreaterThan(0);
  });

  it("caches Claude's tool definitions up to a cache point after them", async () => {
    // Prepare
    const tools = Array.from({ length: 12 }, (_, index) => ({
      toolSpec: {
        name: `lookup_${index}`,
        description: `Looks up invoice records of kind ${index}. ${'It returns the number, date, lines and total. '.repeat(8)}`,
        inputSchema: { json: { type: 'object', properties: { id: { type: 'string' } } } },
      },
    }));
    const toolConfig = { tools: [...tools, { cachePoint: { type: 'default' as const } }] };

    // Act
    const first = await converse({ messages: question(), toolConfig });
    const second = await converse({ messages: question('And the taxes?'), toolConfig });

    // Assess
    expect(first.usage?.cacheWriteInputTokens).toBeGreaterThan(1024);
    expect(second.usage?.cacheReadInputTokens).toBe(first.usage?.cacheWriteInputTokens);
  });

  it('caches on Nova, from its 1,000-token minimum, with no TTL to give', async () => {
    // Act
    await converse({ system: cachedSystem(), messages: question() }, 'http2', 'amazon.nova-pro-v1:0');
    const second = await converse(
      { system: cachedSystem(), messages: question() },
      'http2',
      'amazon.nova-pro-v1:0',
    );

    // Assess
    expect(second.usage?.cacheReadInputTokens).toBeGreaterThan(1000);
  });
});

describe('cache TTLs on an injected clock', () => {
  let now = 0;
  let emulator: Emulator;
  let client: ReturnType<typeof createTestClient>;
  beforeAll(async () => {
    emulator = createEmulator({ clock: () => now });
    const { url } = await emulator.listen();
    client = createTestClient(url, 'http1');
  });
  afterAll(async () => {
    client.destroy();
    await emulator.close();
  });

  const call = (ttl?: '5m' | '1h') =>
    client.send(
      new ConverseCommand({ modelId: `us.${SONNET_45}`, system: cachedSystem(ttl), messages: question() }),
    );

  it('expires a 5-minute prefix five minutes after its last read, and keeps a 1-hour one', async () => {
    // Act
    const written = await call();
    now += 4 * 60_000;
    const read = await call();
    now += 5 * 60_000 + 1;
    const rewritten = await call();
    const longWrite = await call('1h');
    now += 50 * 60_000;
    const longRead = await call('1h');

    // Assess
    expect(written.usage?.cacheWriteInputTokens).toBeGreaterThan(0);
    expect(read.usage?.cacheReadInputTokens).toBe(written.usage?.cacheWriteInputTokens);
    expect(rewritten.usage?.cacheWriteInputTokens).toBe(written.usage?.cacheWriteInputTokens);
    expect(longWrite.usage?.cacheReadInputTokens).toBe(written.usage?.cacheWriteInputTokens);
    expect(longRead.usage?.cacheReadInputTokens).toBe(written.usage?.cacheWriteInputTokens);
  });
});

describe("cache_control in Claude's native body", () => {
  const body = () => ({
    anthropic_version: 'bedrock-2023-05-31',
    max_tokens: 50,
    system: [{ type: 'text', text: LONG_SYSTEM, cache_control: { type: 'ephemeral', ttl: '1h' } }],
    messages: [{ role: 'user', content: 'Which fields?' }],
  });

  it('reports cache creation by TTL, then cache reads, in the body, the headers and the stream metrics', async () => {
    // Act
    const invoke = () =>
      fetch(`${running.url}/model/us.${encodeURIComponent(SONNET_45)}/invoke`, {
        method: 'POST',
        body: JSON.stringify(body()),
      });
    const first = await invoke();
    const firstBody = await first.json();
    const second = await invoke();
    const secondBody = await second.json();
    const chunks = await collectInvokeStream(running.clients.http2, `us.${SONNET_45}`, body());

    // Assess
    const written = firstBody.usage.cache_creation_input_tokens;
    expect(written).toBeGreaterThan(1024);
    expect(firstBody.usage).toMatchObject({
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: written },
    });
    expect(first.headers.get('x-amzn-bedrock-cache-write-input-token-count')).toBe(String(written));
    expect(secondBody.usage).toMatchObject({
      cache_read_input_tokens: written,
      cache_creation_input_tokens: 0,
    });
    expect(second.headers.get('x-amzn-bedrock-cache-read-input-token-count')).toBe(String(written));
    expect(second.headers.get('x-amzn-bedrock-input-token-count')).toBe(
      String(secondBody.usage.input_tokens),
    );
    expect(chunks.at(-1)?.['amazon-bedrock-invocationMetrics']).toMatchObject({
      cacheReadInputTokenCount: written,
    });
  });

  it('reads with @anthropic-ai/bedrock-sdk too', async () => {
    // Prepare
    const anthropic = createTestAnthropicClient(running.url);
    const request = {
      model: 'global.anthropic.claude-opus-4-8',
      max_tokens: 50,
      system: [{ type: 'text' as const, text: LONG_SYSTEM, cache_control: { type: 'ephemeral' as const } }],
      messages: [{ role: 'user' as const, content: 'Which fields?' }],
    };

    // Act
    const first = await anthropic.messages.create(request);
    const second = await anthropic.messages.create(request);

    // Assess
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
  });
});

describe('cache point refusals', () => {
  it('refuses more than four cache points, counting tools, system and messages', async () => {
    // Act
    const message = await readRefusal(
      converse({
        system: [
          { text: 'A' },
          { cachePoint: { type: 'default' } },
          { text: 'B' },
          { cachePoint: { type: 'default' } },
        ],
        messages: [
          {
            role: 'user',
            content: [
              { text: 'C' },
              { cachePoint: { type: 'default' } },
              { text: 'D' },
              { cachePoint: { type: 'default' } },
              { text: 'E' },
              { cachePoint: { type: 'default' } },
            ],
          },
        ],
      }),
    );

    // Assess
    expect(message).toBe(`${PREFIX}A maximum of 4 blocks with cache_control may be provided. Found 5.`);
  });

  it('refuses a 1-hour cache point after a 5-minute one, naming the block it follows', async () => {
    // Act
    const message = await readRefusal(
      converse({
        system: [{ text: 'A' }, { cachePoint: { type: 'default', ttl: '5m' } }],
        messages: [
          { role: 'user', content: [{ text: 'B' }, { cachePoint: { type: 'default', ttl: '1h' } }] },
        ],
      }),
    );

    // Assess
    expect(message).toBe(
      `${PREFIX}messages.0.content.0.cache_control.ttl: a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block. Note that blocks are processed in the following order: \`tools\`, \`system\`, \`messages\`.`,
    );
  });

  it('refuses a TTL before the Claude 4.5 generation, and a cache point right after reasoning', async () => {
    // Act
    const ttl = await readRefusal(
      converse(
        { system: [{ text: 'A' }, { cachePoint: { type: 'default', ttl: '1h' } }], messages: question() },
        'http2',
        'us.anthropic.claude-opus-4-1-20250805-v1:0',
      ),
    );
    const afterReasoning = await readRefusal(
      converse({
        messages: [
          ...question(),
          {
            role: 'assistant',
            content: [
              { reasoningContent: { reasoningText: { text: 'hm', signature: 'x' } } },
              { cachePoint: { type: 'default' } },
              { text: 'Yes.' },
            ],
          },
          ...question('And then?'),
        ],
      }),
    );

    // Assess
    expect(ttl).toBe(`${PREFIX}system.0.cache_control.ttl: Extra inputs are not permitted`);
    expect(afterReasoning).toBe(
      'Cache point cannot be inserted after reasoning block. Please remove the invalid cache point and try again.',
    );
  });

  it('still refuses a cache point to a model without prompt caching as AccessDenied', async () => {
    // Act
    const message = await readRefusal(
      converse({ system: cachedSystem(), messages: question() }, 'http2', 'openai.gpt-oss-20b-1:0'),
      AccessDeniedException,
    );

    // Assess
    expect(message).toBe('You invoked an unsupported model or your request did not allow prompt caching.');
  });
});
