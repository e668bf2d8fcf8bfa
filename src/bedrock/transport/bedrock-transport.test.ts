import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { STREAM_EXCEPTION_NAMES } from '../../../emulator/directives.js';
import { EXCEPTION_NAMES } from '../../../emulator/errors.js';
import { createEmulator, type Emulator } from '../../../emulator/index.js';
import { createPng } from '../../../emulator/testing/media-files.js';
import { waitFor } from '../../../test/support/wait-for.js';
import { NodeSha256 } from '../../aws/node-sha256.js';
import { DEFAULT_MODELS } from '../../core/default-models.js';
import { GatewayError } from '../../core/errors.js';
import type { GenerateRequest } from '../../core/generate-request.js';
import type { GenerateResult } from '../../core/generate-result.js';
import { mapBedrockError } from '../../core/map-bedrock-error.js';
import {
  createModelRegistry,
  isCodecFamily,
  type ModelEntry,
  TEXT_FAMILIES,
} from '../../core/model-registry.js';
import type { StreamEvent } from '../../core/stream-event.js';
import { type BedrockInvoker, createBedrockInvoker } from '../bedrock-invoker.js';
import { readEventStreamFrames } from '../read-event-stream-frames.js';
import { type BedrockTransport, collectBody, createBedrockTransport } from './create-bedrock-transport.js';
import type { BedrockAuthOptions } from './create-request-authorizer.js';
import { BedrockResponseError } from './read-error-response.js';

/*
 * The lean transport against the emulator, over the scenarios the SDK-based invoker passed: every text family on
 * both APIs and both streams, every exception, mid-stream errors, aborts, SigV4 and bearer auth, keep-alive. A
 * recording proxy between them sees what went on the wire: the path, the headers and the socket of each call.
 */

const CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

interface RecordedCall {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The client socket's port: the same port is the same kept-alive connection. */
  socketPort: number;
}

/** A loopback proxy that records each request, then forwards it to the emulator and its answer back. */
async function startRecordingProxy(target: string) {
  const calls: RecordedCall[] = [];
  const agent = new http.Agent({ keepAlive: true });
  const targetUrl = new URL(target);
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      calls.push({
        path: request.url ?? '',
        headers: request.headers,
        body,
        socketPort: request.socket.remotePort ?? 0,
      });
      const forwarded = http.request(
        {
          agent,
          hostname: targetUrl.hostname,
          port: targetUrl.port,
          method: request.method,
          path: request.url,
          headers: request.headers,
        },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          response.on('close', () => answer.destroy());
        },
      );
      forwarded.on('error', () => response.destroy());
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const registry = createModelRegistry(DEFAULT_MODELS);

/** One current model per text family the catalogue still serves (Titan Text and Command R have none). */
const FAMILY_MODELS = TEXT_FAMILIES.flatMap((family) => {
  const model = [...registry.values()].find(
    (entry) => entry.family === family && entry.lifecycle.state !== 'eol',
  );
  return model ? [{ family, model }] : [];
});
const CODEC_FAMILY_MODELS = FAMILY_MODELS.filter(({ family }) => isCodecFamily(family));

function model(alias: string): ModelEntry {
  const entry = registry.get(alias);
  if (!entry) throw new Error(`No model '${alias}'`);
  return entry;
}

function ask(text: string, maxTokens = 200): GenerateRequest {
  return { messages: [{ role: 'user', content: [{ type: 'text', text }] }], maxTokens };
}

function textOf(result: GenerateResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const collected: StreamEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

function streamedText(events: StreamEvent[]): string {
  return events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('');
}

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(error)}`);
  return error;
}

let emulator: Emulator;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
const opened: BedrockTransport[] = [];

function openTransport(auth: BedrockAuthOptions = { credentials: CREDENTIALS }, requestTimeoutMs = 30_000) {
  const transport = createBedrockTransport({
    region: 'us-east-1',
    endpoint: proxy.url,
    requestTimeoutMs,
    ...auth,
  });
  opened.push(transport);
  return transport;
}

let invoker: BedrockInvoker;

beforeAll(async () => {
  emulator = createEmulator();
  const { url } = await emulator.listen(0, '127.0.0.1');
  proxy = await startRecordingProxy(url);
  invoker = createBedrockInvoker(openTransport());
});

afterEach(() => {
  proxy.calls.length = 0;
});

afterAll(async () => {
  for (const transport of opened) transport.close();
  await proxy.close();
  await emulator.close();
});

describe.each(FAMILY_MODELS)('the $family family through the lean transport', ({ model }) => {
  it('answers Converse, and ConverseStream with the same text', async () => {
    // Act
    const result = await invoker.generate(model, ask('Hello there'), { api: 'converse' });
    const events = await collect(await invoker.stream(model, ask('Hello there'), { api: 'converse' }));

    // Assess
    expect(textOf(result)).toMatch(/^Emulated reply from /);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(streamedText(events)).toBe(textOf(result));
    expect(events.some((event) => event.type === 'usage')).toBe(true);
    expect(proxy.calls.map((call) => call.path.split('/').at(-1))).toEqual(['converse', 'converse-stream']);
  });
});

describe.each(CODEC_FAMILY_MODELS)('the $family codec through the lean transport', ({ model }) => {
  it('answers InvokeModel, and InvokeModelWithResponseStream with the same text', async () => {
    // Act
    const result = await invoker.generate(model, ask('Hello there'), { api: 'invoke' });
    const events = await collect(await invoker.stream(model, ask('Hello there'), { api: 'invoke' }));

    // Assess
    expect(textOf(result)).toContain('Emulated reply from');
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(streamedText(events)).toBe(textOf(result));
    expect(proxy.calls[1]?.headers['x-amzn-bedrock-accept']).toBe('application/json');
  });
});

describe('the raw operations through the lean transport', () => {
  it("returns Converse's JSON byte for byte, and ConverseStream's frames as sent", async () => {
    // Prepare
    const claude = model('claude-haiku');
    const body = { messages: [{ role: 'user', content: [{ text: 'Hi' }] }] };

    // Act
    const answer = await invoker.converseRaw(claude, body);
    const stream = await invoker.openRawStream(claude, 'converse-stream', body);
    const items = [];
    for await (const item of stream.items) items.push(item);

    // Assess
    expect(JSON.parse(new TextDecoder().decode(answer.body)).output.message.role).toBe('assistant');
    expect(answer.usage?.outputTokens).toBeGreaterThan(0);
    expect(items.every((item) => item.type === 'frame')).toBe(true);
    expect(items.flatMap((item) => (item.type === 'frame' ? item.events : [])).at(-1)?.type).toBe('usage');
  });

  it('sends InvokeModel headers and reads the token counts Bedrock returns in its headers', async () => {
    // Act
    const answer = await invoker.invokeNative(
      model('llama3-8b'),
      { prompt: 'Hello', max_gen_len: 50 },
      undefined,
      { serviceTier: 'default', requestMetadata: '{"team":"a"}', performanceConfigLatency: 'standard' },
    );

    // Assess
    expect(answer.usage?.outputTokens).toBeGreaterThan(0);
    expect(answer.headers['x-amzn-bedrock-input-token-count']).toBe(String(answer.usage?.inputTokens));
    expect(proxy.calls[0]?.headers['x-amzn-bedrock-request-metadata']).toBe(
      Buffer.from('{"team":"a"}').toString('base64'),
    );
    expect(proxy.calls[0]?.headers['x-amzn-bedrock-service-tier']).toBe('default');
  });

  it('counts tokens on the base id, with the native body sent as base64', async () => {
    // Act
    const count = await invoker.countTokens(model('claude-haiku'), {
      nativeBody: {
        anthropic_version: 'bedrock-2023-05-31',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'Count me' }],
      },
    });

    // Assess
    expect(count).toBeGreaterThan(0);
    expect(proxy.calls[0]?.path).toBe('/model/anthropic.claude-haiku-4-5-20251001-v1%3A0/count-tokens');
    const sent = JSON.parse(proxy.calls[0]?.body.toString() ?? '{}');
    expect(JSON.parse(Buffer.from(sent.input.invokeModel.body, 'base64').toString()).max_tokens).toBe(10);
  });

  it("sends an image's bytes as base64 in a Converse body", async () => {
    // Prepare
    const png = createPng(2, 2);
    const request: GenerateRequest = {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', format: 'png', data: png },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
      maxTokens: 100,
    } as GenerateRequest;

    // Act
    const result = await invoker.generate(model('claude-haiku'), request, { api: 'converse' });

    // Assess
    expect(textOf(result)).toContain('1 image');
    const sent = JSON.parse(proxy.calls[0]?.body.toString() ?? '{}');
    expect(sent.messages[0].content[0].image.source.bytes).toBe(Buffer.from(png).toString('base64'));
  });
});

describe('Bedrock exceptions through the lean transport', () => {
  it.each(EXCEPTION_NAMES)(
    'maps %s as the SDK-based invoker did, before and in place of a stream',
    async (name) => {
      // Prepare
      const claude = model('claude-haiku');
      const expected = mapBedrockError({ name }, claude.alias);
      const prompt = ask(`No [[emulator:fail=${name}]]`);

      // Act
      const failed = await rejection(invoker.generate(claude, prompt, { api: 'converse' }));
      const failedStream = await rejection(invoker.stream(claude, prompt, { api: 'invoke' }));

      // Assess
      for (const error of [failed, failedStream]) {
        expect(error.constructor).toBe(expected.constructor);
        expect([error.statusCode, error.code, error.upstreamErrorName]).toEqual([
          expected.statusCode,
          expected.code,
          name,
        ]);
      }
    },
  );

  it('keeps the message Bedrock sent, redacted, for a validation error', async () => {
    // Act
    const error = await rejection(
      invoker.generate(model('claude-haiku'), ask('Hi', 1_000_000), { api: 'converse' }),
    );

    // Assess
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain('maximum tokens you requested exceeds the model limit');
  });

  it.each(STREAM_EXCEPTION_NAMES)(
    'ends a stream cut by %s with one error event after the deltas, on both stream operations',
    async (name) => {
      // Prepare
      const claude = model('claude-haiku');
      const expected = mapBedrockError({ name }, claude.alias);
      const prompt = ask(`Cut [[emulator:tokens=40]] [[emulator:cut_after=2:${name}]]`);

      // Act
      const converse = await collect(await invoker.stream(claude, prompt, { api: 'converse' }));
      const invoke = await collect(await invoker.stream(claude, prompt, { api: 'invoke' }));
      const raw = await invoker.openRawStream(claude, 'converse-stream', {
        messages: [
          {
            role: 'user',
            content: [
              {
                text:
                  prompt.messages[0]?.content[0]?.type === 'text' ? prompt.messages[0].content[0].text : '',
              },
            ],
          },
        ],
      });
      const rawItems = [];
      for await (const item of raw.items) rawItems.push(item);

      // Assess
      for (const events of [converse, invoke]) {
        expect(events.some((event) => event.type === 'text-delta')).toBe(true);
        const last = events.at(-1);
        expect(last?.type).toBe('error');
        if (last?.type === 'error')
          expect([last.error.statusCode, last.error.code]).toEqual([expected.statusCode, expected.code]);
      }
      const lastRaw = rawItems.at(-1);
      expect(lastRaw?.type === 'error' && lastRaw.error.code).toBe(expected.code);
    },
  );
});

describe('aborts and time limits of the lean transport', () => {
  it('aborts a call still waiting for its answer', async () => {
    // Prepare
    const abort = new AbortController();
    const call = invoker.generate(model('claude-haiku'), ask('Wait [[emulator:delay_ms=60000]]'), {
      api: 'converse',
      signal: abort.signal,
    });
    await waitFor(
      () => proxy.calls.length,
      (count) => count > 0,
    );

    // Act
    abort.abort();
    const error = await rejection(call);

    // Assess
    expect(error.upstreamErrorName).toBe('AbortError');
  });

  it('aborts a stream mid-answer, and the emulator stops writing it', async () => {
    // Prepare
    const abort = new AbortController();
    const events = await invoker.stream(
      model('claude-haiku'),
      ask('Slowly [[emulator:tokens=200]] [[emulator:delay_ms=50]]'),
      { api: 'converse', signal: abort.signal },
    );
    const iterator = events[Symbol.asyncIterator]();
    await iterator.next();
    expect(emulator.stats.openStreams).toBe(1);

    // Act
    abort.abort();
    const read: StreamEvent[] = [];
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      read.push(next.value);
    }
    const openStreams = await waitFor(
      () => emulator.stats.openStreams,
      (count) => count === 0,
    );

    // Assess
    expect(read.at(-1)?.type).toBe('error');
    expect(openStreams).toBe(0);
  });

  it('aborts a raw stream when its reader stops early', async () => {
    // Prepare
    const raw = await invoker.openRawStream(model('claude-haiku'), 'converse-stream', {
      messages: [
        { role: 'user', content: [{ text: 'Slowly [[emulator:tokens=200]] [[emulator:delay_ms=50]]' }] },
      ],
    });

    // Act
    for await (const item of raw.items) if (item.type === 'frame') break;
    const openStreams = await waitFor(
      () => emulator.stats.openStreams,
      (count) => count === 0,
    );

    // Assess
    expect(openStreams).toBe(0);
  });

  it('fails with a timeout when Bedrock stays silent past the request timeout', async () => {
    // Prepare
    const impatient = createBedrockInvoker(openTransport({ credentials: CREDENTIALS }, 100));

    // Act
    const error = await rejection(
      impatient.generate(model('claude-haiku'), ask('Wait [[emulator:delay_ms=30000]]'), { api: 'converse' }),
    );

    // Assess
    expect([error.statusCode, error.code]).toEqual([504, 'upstream_timeout']);
  });

  it('reports an unreachable endpoint as a network failure', async () => {
    // Prepare
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const transport = createBedrockTransport({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      requestTimeoutMs: 5_000,
      credentials: CREDENTIALS,
    });
    opened.push(transport);

    // Act
    const error = await rejection(
      createBedrockInvoker(transport).generate(model('claude-haiku'), ask('Hi'), { api: 'converse' }),
    );

    // Assess
    expect([error.statusCode, error.code]).toEqual([503, 'upstream_unreachable']);
  });
});

describe('authentication and connections of the lean transport', () => {
  it('signs with SigV4 for bedrock in the region, a signature that verifies over the bytes sent', async () => {
    // Prepare
    const transport = openTransport({ credentials: { ...CREDENTIALS, sessionToken: 'session' } });

    // Act
    const answer = await transport.send({
      operation: 'converse',
      modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      body: new TextEncoder().encode('{"messages":[{"role":"user","content":[{"text":"Hi"}]}]}'),
    });
    await collectBody(answer.body);
    const [call] = proxy.calls;
    if (!call) throw new Error('no call recorded');
    const authorization = String(call.headers.authorization);
    const date = String(call.headers['x-amz-date']);
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
    const verifier = new SignatureV4({
      service: 'bedrock',
      region: 'us-east-1',
      credentials: { ...CREDENTIALS, sessionToken: 'session' },
      sha256: NodeSha256,
    });
    const expected = await verifier.sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        path: call.path,
        query: {},
        headers: Object.fromEntries(signedHeaders.map((name) => [name, String(call.headers[name])])),
        body: call.body,
      },
      {
        signingDate: new Date(
          `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 11)}:${date.slice(11, 13)}:${date.slice(13)}`,
        ),
      },
    );

    // Assess
    expect(call.path).toBe('/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse');
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
    );
    expect(signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-security-token']));
    expect(call.headers['x-amz-security-token']).toBe('session');
    expect(expected.headers.authorization).toBe(authorization);
  });

  it('sends a Bedrock API key as a bearer token, unsigned', async () => {
    // Prepare
    const bearer = createBedrockInvoker(openTransport({ bearerToken: 'bedrock-api-key' }));

    // Act
    await bearer.generate(model('claude-haiku'), ask('Hi'), { api: 'converse' });

    // Assess
    expect(proxy.calls[0]?.headers.authorization).toBe('Bearer bedrock-api-key');
    expect(proxy.calls[0]?.headers['x-amz-date']).toBeUndefined();
  });

  it('takes AWS_BEARER_TOKEN_BEDROCK when no credentials are given, and credentials over it when they are', async () => {
    // Prepare
    const environment = { AWS_BEARER_TOKEN_BEDROCK: 'from-env' };
    const fromEnv = createBedrockInvoker(openTransport({ environment }));
    const explicit = createBedrockInvoker(openTransport({ environment, credentials: CREDENTIALS }));

    // Act
    await fromEnv.generate(model('claude-haiku'), ask('Hi'), { api: 'converse' });
    await explicit.generate(model('claude-haiku'), ask('Hi'), { api: 'converse' });

    // Assess
    expect(proxy.calls[0]?.headers.authorization).toBe('Bearer from-env');
    expect(proxy.calls[1]?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
  });

  it('never sends a gateway key found in AWS_BEARER_TOKEN_BEDROCK to Bedrock: it signs with the credential chain', async () => {
    // Prepare: the shell a client guide sets up (a bgw_ key in the variable), plus fake credentials for the chain.
    vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
    const environment = { AWS_BEARER_TOKEN_BEDROCK: `bgw_${'A'.repeat(43)}` };
    const invoker = createBedrockInvoker(openTransport({ environment }));

    try {
      // Act
      await invoker.generate(model('claude-haiku'), ask('Hi'), { api: 'converse' });
    } finally {
      vi.unstubAllEnvs();
    }

    // Assess
    expect(proxy.calls[0]?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKID/);
    expect(JSON.stringify(proxy.calls[0]?.headers)).not.toContain('bgw_');
  });

  it('resolves credentials once, and again only when they come within five minutes of expiring', async () => {
    // Prepare
    let lasting = 0;
    let expiring = 0;
    const lastingInvoker = createBedrockInvoker(
      openTransport({
        credentials: async () => {
          lasting++;
          return { ...CREDENTIALS, expiration: new Date(Date.now() + 60 * 60_000) };
        },
      }),
    );
    const expiringInvoker = createBedrockInvoker(
      openTransport({
        credentials: async () => {
          expiring++;
          return { ...CREDENTIALS, expiration: new Date(Date.now() + 60_000) };
        },
      }),
    );

    // Act
    for (let call = 0; call < 3; call++) {
      await lastingInvoker.generate(model('claude-haiku'), ask('Hi'), { api: 'converse' });
      await expiringInvoker.generate(model('claude-haiku'), ask('Hi'), { api: 'converse' });
    }

    // Assess
    expect(lasting).toBe(1);
    expect(expiring).toBeGreaterThanOrEqual(3);
  });

  it('keeps one connection alive across sequential calls, streams included', async () => {
    // Prepare
    const transport = openTransport();
    const reuser = createBedrockInvoker(transport);

    // Act
    for (let call = 0; call < 3; call++) {
      await reuser.generate(model('claude-haiku'), ask('Hi'), { api: 'converse' });
      await collect(await reuser.stream(model('claude-haiku'), ask('Hi'), { api: 'converse' }));
      await reuser.invokeNative(model('llama3-8b'), { prompt: 'Hi' });
    }

    // Assess
    expect(proxy.calls).toHaveLength(9);
    expect(new Set(proxy.calls.map((call) => call.socketPort)).size).toBe(1);
  });

  it('rejects with the exception Bedrock named in x-amzn-ErrorType, and frees the socket', async () => {
    // Prepare
    const transport = openTransport();

    // Act
    const error = await transport
      .send({
        operation: 'converse',
        modelId: 'anthropic.nope-v9',
        body: new TextEncoder().encode('{"messages":[{"role":"user","content":[{"text":"Hi"}]}]}'),
      })
      .catch((caught: unknown) => caught);
    const answer = await transport.send({
      operation: 'invoke-with-response-stream',
      modelId: 'meta.llama3-8b-instruct-v1:0',
      body: new TextEncoder().encode('{"prompt":"Hi"}'),
      headers: { 'content-type': 'application/json' },
    });
    let frames = 0;
    for await (const _frame of readEventStreamFrames(answer.body)) frames++;

    // Assess
    expect(error).toBeInstanceOf(BedrockResponseError);
    expect([(error as BedrockResponseError).name, (error as BedrockResponseError).statusCode]).toEqual([
      'ValidationException',
      400,
    ]);
    expect((error as Error).message).toBe('The provided model identifier is invalid.');
    expect(frames).toBeGreaterThan(1);
    expect(new Set(proxy.calls.map((call) => call.socketPort)).size).toBe(1);
  });

  it('sends a call again on a new connection when its kept-alive socket turns out to be closed', async () => {
    // Prepare: a server that drops a connection, unanswered, when a second request arrives on it.
    const sockets: number[] = [];
    const server = http.createServer((request, response) => {
      const port = request.socket.remotePort ?? 0;
      const seen = sockets.filter((known) => known === port).length;
      sockets.push(port);
      if (seen > 0) {
        request.socket.destroy();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const transport = createBedrockTransport({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      requestTimeoutMs: 5_000,
      credentials: CREDENTIALS,
    });
    opened.push(transport);
    const call = {
      operation: 'converse' as const,
      modelId: 'amazon.nova-lite-v1:0',
      body: new TextEncoder().encode('{}'),
    };

    // Act
    const first = await transport.send(call);
    const firstBody = Buffer.from(await collectBody(first.body)).toString();
    const second = await transport.send(call);
    const secondBody = Buffer.from(await collectBody(second.body)).toString();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));

    // Assess
    expect([firstBody, secondBody]).toEqual(['{"ok":true}', '{"ok":true}']);
    expect(sockets).toHaveLength(3);
    expect(new Set(sockets).size).toBe(2);
  });
});
