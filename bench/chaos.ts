/**
 * `npm run chaos`: the local stack with seeded faults on the primary model, under load.
 *
 *   npm run chaos -- --requests 5000 --concurrency 50 --throttle 0.3 --server-error 0.05
 *
 * Starts the emulator (faults on the default model, claude-sonnet, whose fallbacks claude-sonnet-5 and
 * claude-haiku stay healthy), dynalite and the gateway in this process, sends the requests (half streaming) and
 * prints the success rate, latency percentiles, the distribution of attempts and fallbacks, and every error by
 * code. Exits 1 when fewer than --min-success of the requests succeed or any took longer than the deadline.
 */
import { parseArgs } from 'node:util';
import { Logger } from '@aws-lambda-powertools/logger';
import { createEmulator } from '../emulator/index.js';
import { loadConfig } from '../src/config/load-config.js';
import { createGateway } from '../src/entry/create-gateway.js';
import { startServer } from '../src/entry/start-server.js';
import { startLocalDynamo } from '../src/tenancy/local-dynamo.js';
import { percentile } from './percentile.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '50' },
    'stream-ratio': { type: 'string', default: '0.5' },
    throttle: { type: 'string', default: '0.3' },
    'server-error': { type: 'string', default: '0.05' },
    'deadline-ms': { type: 'string', default: '10000' },
    'min-success': { type: 'string', default: '0.999' },
    seed: { type: 'string', default: '1' },
  },
});
const requests = Number(values.requests);
const concurrency = Number(values.concurrency);
const streamRatio = Number(values['stream-ratio']);
const deadlineMs = Number(values['deadline-ms']);
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

interface Outcome {
  ok: boolean;
  status: number;
  code: string | undefined;
  latencyMs: number;
  attempts: number;
  model: string | undefined;
  stream: boolean;
}

// The report is the output: the gateway's EMF metrics would drown it.
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const emulator = createEmulator({
  seed: Number(values.seed),
  faults: {
    // A substring of the default model's id (global.anthropic.claude-sonnet-5-5), not of its fallbacks' ids.
    'claude-sonnet-5-5': { throttle: Number(values.throttle), serverError: Number(values['server-error']) },
  },
});
const { url: emulatorUrl } = await emulator.listen(0, '127.0.0.1');
const dynamo = await startLocalDynamo({ tables: { keys: 'chaos-keys', usage: 'chaos-usage' } });
const config = loadConfig({
  env: {},
  overrides: {
    bedrock: { endpoint: emulatorUrl },
    dynamodb: { endpoint: dynamo.endpoint },
    tables: dynamo.tables,
    reliability: { deadlineMs, baseDelayMs: 20, maxDelayMs: 500, minAttemptMs: 200 },
  },
});
const gateway = createGateway(config, {
  bedrockCredentials: credentials,
  dynamoCredentials: credentials,
  logger: new Logger({ serviceName: 'bedrock-gateway', logLevel: 'SILENT' }),
});
const server = await startServer(gateway, { host: '127.0.0.1', port: 0 });
const { key } = await gateway.tenancy!.keyStore.create({ name: 'chaos', models: ['*'] });

async function send(index: number): Promise<Outcome> {
  const stream = (index % 100) / 100 < streamRatio;
  const started = performance.now();
  const response = await fetch(`${server.url}/v1/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ prompt: `Chaos request ${index} [[emulator:tokens=20]]`, max_tokens: 64, stream }),
  });
  const body = await response.text();
  const latencyMs = performance.now() - started;
  const attempts = Number(response.headers.get('x-bedrock-gateway-attempts') ?? 0);
  const model = response.headers.get('x-bedrock-gateway-model') ?? undefined;
  let code: string | undefined;
  if (response.status !== 200) code = JSON.parse(body).error?.code;
  else if (stream && !/event: done\n/.test(body))
    code = body.match(/"code":"([^"]+)"/)?.[1] ?? 'stream_incomplete';
  return { ok: code === undefined, status: response.status, code, latencyMs, attempts, model, stream };
}

const outcomes: Outcome[] = [];
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < requests) outcomes.push(await send(next++));
  }),
);
const elapsedSeconds = (performance.now() - started) / 1000;

const latencies = outcomes.map((outcome) => outcome.latencyMs).sort((a, b) => a - b);
const succeeded = outcomes.filter((outcome) => outcome.ok).length;
const countBy = (key: (outcome: Outcome) => string) => {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(key(outcome), (counts.get(key(outcome)) ?? 0) + 1);
  return Object.fromEntries([...counts].sort());
};
const slowest = latencies.at(-1) ?? 0;
const successRate = succeeded / outcomes.length;

console.log(
  JSON.stringify(
    {
      requests: outcomes.length,
      concurrency,
      streaming: outcomes.filter((outcome) => outcome.stream).length,
      faults: {
        model: 'claude-sonnet',
        throttle: Number(values.throttle),
        serverError: Number(values['server-error']),
      },
      success_rate: Number((successRate * 100).toFixed(3)),
      latency_ms: {
        p50: Number(percentile(latencies, 0.5).toFixed(1)),
        p99: Number(percentile(latencies, 0.99).toFixed(1)),
        max: Number(slowest.toFixed(1)),
      },
      deadline_ms: deadlineMs,
      attempts: countBy((outcome) => String(outcome.attempts)),
      answered_by: countBy((outcome) => outcome.model ?? '(none)'),
      errors: countBy((outcome) => outcome.code ?? 'ok'),
      requests_per_second: Number((outcomes.length / elapsedSeconds).toFixed(1)),
    },
    null,
    2,
  ),
);

await server.close();
gateway.close();
await emulator.close();
await dynamo.close();

const passed = successRate >= Number(values['min-success']) && slowest <= deadlineMs;
console.log(passed ? 'chaos run: PASS' : 'chaos run: FAIL');
process.exitCode = passed ? 0 : 1;
