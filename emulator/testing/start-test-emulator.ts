import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import {
  BedrockRuntimeClient,
  ConverseStreamCommand,
  type ConverseStreamCommandInput,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createEmulator, type Emulator, type EmulatorOptions } from '../create-emulator.js';

/** The two transports the SDK can use; the emulator must serve both. */
export type Transport = 'http2' | 'http1';
export const TRANSPORTS: readonly Transport[] = ['http2', 'http1'];

/** A running emulator with one real SDK client per transport. */
export interface TestEmulator {
  emulator: Emulator;
  url: string;
  clients: Record<Transport, BedrockRuntimeClient>;
  close(): Promise<void>;
}

/** Creates a real Bedrock Runtime client for the emulator: dummy credentials, no retries. */
export function createTestClient(url: string, transport: Transport): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
    ...(transport === 'http1' ? { requestHandler: new NodeHttpHandler() } : {}),
  });
}

/** Starts an emulator on an ephemeral loopback port, with a client per transport. */
export async function startTestEmulator(options?: EmulatorOptions): Promise<TestEmulator> {
  const emulator = createEmulator(options);
  const { url } = await emulator.listen();
  const clients = { http2: createTestClient(url, 'http2'), http1: createTestClient(url, 'http1') };
  return {
    emulator,
    url,
    clients,
    async close() {
      clients.http2.destroy();
      clients.http1.destroy();
      await emulator.close();
    },
  };
}

/** Calls InvokeModel with a JSON body and parses the JSON response. */
export async function invokeJson(
  client: BedrockRuntimeClient,
  modelId: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const response = await client.send(
    new InvokeModelCommand({ modelId, body: JSON.stringify(body), contentType: 'application/json' }),
  );
  return JSON.parse(Buffer.from(response.body).toString('utf8'));
}

/** Calls InvokeModelWithResponseStream and collects the native chunks, decoded from `bytes`. */
export async function collectInvokeStream(
  client: BedrockRuntimeClient,
  modelId: string,
  body: unknown,
): Promise<Record<string, unknown>[]> {
  const response = await client.send(
    new InvokeModelWithResponseStreamCommand({
      modelId,
      body: JSON.stringify(body),
      contentType: 'application/json',
    }),
  );
  const chunks: Record<string, unknown>[] = [];
  for await (const event of response.body ?? []) {
    if (event.chunk?.bytes) chunks.push(JSON.parse(Buffer.from(event.chunk.bytes).toString('utf8')));
  }
  return chunks;
}

/** What a ConverseStream delivered, gathered. */
export interface CollectedConverseStream {
  text: string;
  toolInput: string;
  eventTypes: string[];
  stopReason?: string;
  usage?: { inputTokens?: number; outputTokens?: number; totalTokens?: number };
  textDeltas: number;
}

/** Calls ConverseStream and gathers its events. */
export async function collectConverseStream(
  client: BedrockRuntimeClient,
  input: ConverseStreamCommandInput,
): Promise<CollectedConverseStream> {
  const response = await client.send(new ConverseStreamCommand(input));
  const collected: CollectedConverseStream = { text: '', toolInput: '', eventTypes: [], textDeltas: 0 };
  for await (const event of response.stream ?? []) {
    const [eventType] = Object.keys(event).filter((key) => event[key as keyof typeof event] !== undefined);
    collected.eventTypes.push(eventType ?? 'unknown');
    if (event.contentBlockDelta?.delta?.text !== undefined) {
      collected.text += event.contentBlockDelta.delta.text;
      collected.textDeltas++;
    }
    if (event.contentBlockDelta?.delta?.toolUse?.input !== undefined) {
      collected.toolInput += event.contentBlockDelta.delta.toolUse.input;
    }
    if (event.messageStop) collected.stopReason = event.messageStop.stopReason;
    if (event.metadata) collected.usage = event.metadata.usage;
  }
  return collected;
}

/** Polls until a condition holds, failing after a timeout; for state that settles asynchronously. */
export async function waitFor(condition: () => boolean, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A real Anthropic Bedrock client for the emulator: dummy SigV4 credentials, no retries. */
export function createTestAnthropicClient(url: string): AnthropicBedrock {
  return new AnthropicBedrock({
    baseURL: url,
    awsRegion: 'us-east-1',
    awsAccessKey: 'test',
    awsSecretKey: 'test',
    maxRetries: 0,
  });
}

/** Awaits a call that must fail with a Bedrock exception of the given class, and returns its message. */
export async function readRefusal(
  call: Promise<unknown>,
  exception: abstract new (...args: never[]) => Error = ValidationException,
): Promise<string> {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof exception)) {
    throw new Error(
      `Expected a ${exception.name}, got ${error instanceof Error ? error.name : String(error)}`,
    );
  }
  return error.message;
}
