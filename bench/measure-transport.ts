/**
 * `npx tsx bench/measure-transport.ts [calls]`: the client CPU of one Bedrock call, AWS SDK against the gateway's
 * lean transport, against the emulator in a child process (so this process's CPU is the client's alone).
 *
 * Each client makes `calls` warm-up calls (default 5,000: the JIT settles), then `calls` measured ones, one at a
 * time; CPU is `process.cpuUsage()` (user + system) over the measured calls, divided by their number. Both a
 * Converse call (the body read whole) and a ConverseStream call (every frame read) are measured.
 */
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { readEventStreamFrames } from '../src/bedrock/read-event-stream-frames.js';
import { collectBody, createBedrockTransport } from '../src/bedrock/transport/create-bedrock-transport.js';
import { startEmulatorChild } from './bench-stack.js';
import { stopAllChildren } from './child-process.js';

const calls = Number(process.argv[2] ?? 5000);
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const modelId = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const messages = [{ role: 'user' as const, content: [{ text: 'Hello [[emulator:tokens=20]]' }] }];
const body = new TextEncoder().encode(JSON.stringify({ messages, inferenceConfig: { maxTokens: 100 } }));

type Call = () => Promise<unknown>;

async function measure(name: string, call: Call): Promise<{ name: string; cpuMs: number }> {
  for (let index = 0; index < calls; index++) await call();
  const before = process.cpuUsage();
  for (let index = 0; index < calls; index++) await call();
  const used = process.cpuUsage(before);
  const cpuMs = (used.user + used.system) / 1000 / calls;
  console.log(`${name.padEnd(44)} ${cpuMs.toFixed(3)} ms CPU/call`);
  return { name, cpuMs };
}

const emulator = await startEmulatorChild();
const { url } = emulator.info;
try {
  const http2 = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: url, credentials, maxAttempts: 1 });
  const http1 = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: url,
    credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: { keepAlive: true } }),
  });
  const lean = createBedrockTransport({
    region: 'us-east-1',
    endpoint: url,
    requestTimeoutMs: 30_000,
    credentials,
  });
  const input = { modelId, messages, inferenceConfig: { maxTokens: 100 } };
  console.log(`${calls} warm-up and ${calls} measured calls each, one at a time, against ${url}`);
  await measure('converse: AWS SDK, HTTP/2 (its default)', () => http2.send(new ConverseCommand(input)));
  await measure('converse: AWS SDK, HTTP/1.1 NodeHttpHandler', () => http1.send(new ConverseCommand(input)));
  await measure('converse: lean transport, node:http keep-alive', async () => {
    const answer = await lean.send({ operation: 'converse', modelId, body });
    return JSON.parse(Buffer.from(await collectBody(answer.body)).toString('utf8'));
  });
  await measure('converse-stream: AWS SDK, HTTP/2', async () => {
    const output = await http2.send(new ConverseStreamCommand(input));
    for await (const _event of output.stream ?? []);
  });
  await measure('converse-stream: lean transport', async () => {
    const answer = await lean.send({ operation: 'converse-stream', modelId, body });
    for await (const _frame of readEventStreamFrames(answer.body));
  });
  http2.destroy();
  http1.destroy();
  lean.close();
} finally {
  await emulator.stop();
  stopAllChildren();
}
