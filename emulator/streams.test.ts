import {
  ConverseStreamCommand,
  InvokeModelWithResponseStreamCommand,
  ModelStreamErrorException,
  ThrottlingException,
} from '@aws-sdk/client-bedrock-runtime';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectConverseStream,
  collectInvokeStream,
  invokeJson,
  startTestEmulator,
  type TestEmulator,
  TRANSPORTS,
  waitFor,
} from './testing/start-test-emulator.js';
import { TEXT_FAMILY_FIXTURES } from './testing/text-family-fixtures.js';

let running: TestEmulator;
beforeAll(async () => {
  running = await startTestEmulator();
});
afterAll(() => running.close());

const NOVA_FIXTURE = TEXT_FAMILY_FIXTURES.find((fixture) => fixture.family === 'nova')!;

const userTurn = (text: string) => ({ role: 'user' as const, content: [{ text }] });

describe.each(TRANSPORTS)('ConverseStream over %s', (transport) => {
  it.each(TEXT_FAMILY_FIXTURES)(
    'streams a $family reply in several deltas, in order',
    async ({ modelId }) => {
      // Act
      const stream = await collectConverseStream(running.clients[transport], {
        modelId,
        messages: [userTurn('Stream please [[emulator:tokens=20]] [[emulator:reasoning_tokens=0]]')],
      });

      // Assess
      expect(stream.eventTypes[0]).toBe('messageStart');
      expect(stream.eventTypes.slice(-3)).toEqual(['contentBlockStop', 'messageStop', 'metadata']);
      expect(stream.textDeltas).toBeGreaterThan(3);
      expect(stream.text).toMatch(/^Emulated reply from /);
      expect(stream.stopReason).toBe('end_turn');
      expect(stream.usage?.outputTokens).toBe(20);
    },
  );
});

describe.each(TRANSPORTS)('InvokeModelWithResponseStream over %s', (transport) => {
  it.each(TEXT_FAMILY_FIXTURES)('streams the same $family text as InvokeModel returns', async (fixture) => {
    // Prepare
    const body = fixture.body('Same text both ways');
    const whole = await invokeJson(running.clients[transport], fixture.modelId, body);

    // Act
    const chunks = await collectInvokeStream(running.clients[transport], fixture.modelId, body);

    // Assess
    expect(chunks.length).toBeGreaterThan(3);
    expect(fixture.readStreamText(chunks)).toBe(fixture.readText(whole));
    expect(fixture.readStreamStopReason(chunks)).toBe(fixture.stopReasons.end);
  });

  it.each(TEXT_FAMILY_FIXTURES)(
    'puts the invocation metrics on the last $family chunk only',
    async (fixture) => {
      // Act
      const chunks = await collectInvokeStream(
        running.clients[transport],
        fixture.modelId,
        fixture.body('Metrics [[emulator:tokens=10]] [[emulator:reasoning_tokens=0]]'),
      );

      // Assess
      const withMetrics = chunks.filter((chunk) => 'amazon-bedrock-invocationMetrics' in chunk);
      expect(withMetrics).toEqual([chunks.at(-1)]);
      expect(chunks.at(-1)?.['amazon-bedrock-invocationMetrics']).toEqual({
        inputTokenCount: expect.any(Number),
        outputTokenCount: 10,
        invocationLatency: expect.any(Number),
        firstByteLatency: expect.any(Number),
        // Models that cache report the cached tokens too, none here.
        ...(['anthropic', 'nova'].includes(fixture.family)
          ? { cacheReadInputTokenCount: 0, cacheWriteInputTokenCount: 0 }
          : {}),
      });
    },
  );
});

describe('native stream chunks', () => {
  it('follow the Anthropic event sequence', async () => {
    // Act
    const chunks = await collectInvokeStream(
      running.clients.http2,
      'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      TEXT_FAMILY_FIXTURES[0]!.body('Events [[emulator:tokens=6]]'),
    );

    // Assess
    expect(chunks.map((chunk) => chunk.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(chunks[5]).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 6 } });
  });

  it('carry Converse-style keys for Nova', async () => {
    // Act
    const chunks = await collectInvokeStream(
      running.clients.http2,
      'amazon.nova-pro-v1:0',
      NOVA_FIXTURE.body('Nova [[emulator:tokens=4]]'),
    );

    // Assess
    expect(
      chunks.map(
        (chunk) => Object.keys(chunk).filter((key) => key !== 'amazon-bedrock-invocationMetrics')[0],
      ),
    ).toEqual([
      'messageStart',
      'contentBlockDelta',
      'contentBlockDelta',
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
  });
});

describe('the event-stream wire format', () => {
  it('uses Bedrock content types and pads every event', async () => {
    // Prepare
    const codec = new EventStreamCodec(toUtf8, fromUtf8);

    // Act
    const response = await fetch(
      `${running.url}/model/meta.llama3-8b-instruct-v1%3A0/invoke-with-response-stream`,
      {
        method: 'POST',
        body: JSON.stringify({ prompt: 'Wire [[emulator:tokens=4]]' }),
      },
    );
    const bytes = new Uint8Array(await response.arrayBuffer());

    // Assess
    expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    expect(response.headers.get('x-amzn-bedrock-content-type')).toBe('application/json');
    const messages = [];
    for (let offset = 0; offset < bytes.length; ) {
      const length = new DataView(bytes.buffer, offset, 4).getUint32(0);
      messages.push(codec.decode(bytes.subarray(offset, offset + length)));
      offset += length;
    }
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.headers[':message-type']).toEqual({ type: 'string', value: 'event' });
      expect(message.headers[':event-type']).toEqual({ type: 'string', value: 'chunk' });
      expect(JSON.parse(toUtf8(message.body))).toEqual({
        bytes: expect.any(String),
        p: expect.stringMatching(/^[a-zA-Z0-9]+$/),
      });
    }
  });
});

describe('stream faults', () => {
  it('surfaces cut_after as a ModelStreamErrorException from the Converse iterator after N deltas', async () => {
    // Prepare
    const response = await running.clients.http2.send(
      new ConverseStreamCommand({
        modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
        messages: [userTurn('Cut me [[emulator:tokens=30]] [[emulator:cut_after=2]]')],
      }),
    );
    const deltas: string[] = [];

    // Act
    const error = await (async () => {
      for await (const event of response.stream ?? []) {
        if (event.contentBlockDelta?.delta?.text) deltas.push(event.contentBlockDelta.delta.text);
      }
    })().catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ModelStreamErrorException);
    expect(deltas).toHaveLength(2);
  });

  it('surfaces cut_after from the InvokeModel stream iterator', async () => {
    // Act
    const error = await collectInvokeStream(running.clients.http1, 'mistral.mistral-7b-instruct-v0:2', {
      prompt: '<s>[INST] Cut [[emulator:cut_after=1]] [/INST]',
    }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ModelStreamErrorException);
  });

  it('sends the exception cut_after names', async () => {
    // Act
    const error = await collectConverseStream(running.clients.http2, {
      modelId: 'amazon.nova-lite-v1:0',
      messages: [userTurn('Cut [[emulator:cut_after=1:throttlingException]]')],
    }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ThrottlingException);
  });

  it('cuts before the stop events when the reply has fewer chunks than cut_after', async () => {
    // Act
    const error = await collectConverseStream(running.clients.http2, {
      modelId: 'amazon.nova-lite-v1:0',
      messages: [userTurn('Short [[emulator:tokens=3]] [[emulator:cut_after=50]]')],
    }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ModelStreamErrorException);
  });

  it('answers fail= on a stream with an HTTP error before any event', async () => {
    // Act
    const error = await running.clients.http2
      .send(
        new InvokeModelWithResponseStreamCommand({
          modelId: 'meta.llama3-8b-instruct-v1:0',
          body: JSON.stringify({ prompt: 'No [[emulator:fail=ThrottlingException]]' }),
        }),
      )
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ThrottlingException);
    expect((error as ThrottlingException).$metadata.httpStatusCode).toBe(429);
  });

  it('waits delay_ms between chunks', async () => {
    // Prepare
    const startedAt = performance.now();

    // Act
    const stream = await collectConverseStream(running.clients.http2, {
      modelId: 'meta.llama3-8b-instruct-v1:0',
      messages: [userTurn('Slow [[emulator:tokens=6]] [[emulator:delay_ms=40]]')],
    });

    // Assess: messageStart, 2 deltas, stop, messageStop, metadata = 5 pauses
    expect(stream.textDeltas).toBe(2);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(5 * 40 - 5);
  });
});

describe.each(TRANSPORTS)('a client that goes away over %s', (transport) => {
  it('brings openStreams back to 0 and stops the stream', async () => {
    // Prepare
    const abort = new AbortController();
    const response = await running.clients[transport].send(
      new ConverseStreamCommand({
        modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
        messages: [userTurn('Endless [[emulator:tokens=3000]] [[emulator:delay_ms=20]]')],
      }),
      { abortSignal: abort.signal },
    );
    const iterator = response.stream![Symbol.asyncIterator]();
    await iterator.next();
    expect(running.emulator.stats.openStreams).toBe(1);

    // Act
    abort.abort();
    await iterator.next().catch(() => undefined);

    // Assess
    await waitFor(() => running.emulator.stats.openStreams === 0, 1000);
    expect(running.emulator.stats.openStreams).toBe(0);
  });
});
