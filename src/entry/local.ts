/**
 * `npm start`: the whole stack in one process, offline. The Bedrock emulator and an in-memory DynamoDB
 * (dynalite, with the tables created) on loopback, a dev API key, then the gateway on 127.0.0.1:8080 and a
 * ready-to-paste curl.
 * `npm start -- --real-bedrock` (or BEDROCK_MODE=aws) uses real Bedrock through the default AWS credential chain
 * and region instead of the emulator. GATEWAY_AUTH=none turns keys off (with a warning).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEmulator } from '../../emulator/index.js';
// @ts-expect-error: a plain ESM build script without types (it is what npm run build uses too).
import { buildConsole } from '../../scripts/build-console.mjs';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { startLocalDynamo } from '../tenancy/local-dynamo.js';
import { createGateway } from './create-gateway.js';
import { shutDownOnSignals } from './shut-down-on-signals.js';
import { startServer } from './start-server.js';

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

const { values } = parseArgs({ options: { 'real-bedrock': { type: 'boolean', default: false } } });
const realBedrock = values['real-bedrock'] || process.env.BEDROCK_MODE === 'aws';

async function main(): Promise<void> {
  const baseConfig = loadConfig();
  const emulator = realBedrock ? undefined : createEmulator({ seed: Number(process.env.EMULATOR_SEED ?? 0) });
  const emulatorAddress = await emulator?.listen(Number(process.env.EMULATOR_PORT ?? 0), '127.0.0.1');
  const dynamo =
    baseConfig.auth.mode === 'api-key' ? await startLocalDynamo({ tables: baseConfig.tables }) : undefined;

  const config = loadConfig({
    overrides: {
      ...(emulatorAddress ? { bedrock: { endpoint: emulatorAddress.url } } : {}),
      ...(dynamo ? { dynamodb: { endpoint: dynamo.endpoint } } : {}),
    },
  });
  // The console is built fresh on every start (about a second), into a folder removed on exit.
  const consoleDirectory = mkdtempSync(join(tmpdir(), 'bgw-console-'));
  await buildConsole(consoleDirectory);
  const gateway = createGateway(config, {
    consoleDirectory,
    // The emulator and dynalite check no signatures; real Bedrock uses the default credential chain.
    ...(emulator ? { bedrockCredentials: LOCAL_CREDENTIALS } : {}),
    dynamoCredentials: LOCAL_CREDENTIALS,
    settlementBatchMs: config.server.settlementBatchMs,
  });
  const devKey = await gateway.tenancy?.keyStore.create({ name: 'dev', models: ['*'] });
  const adminKey = await gateway.tenancy?.keyStore.create({ name: 'dev admin', models: [], role: 'admin' });
  const server = await startServer(gateway, config.server);

  const auth = devKey ? ` \\\n    -H 'authorization: Bearer ${devKey.key}'` : '';
  const lines = [
    '',
    `bedrock-gateway is running at ${server.url}`,
    emulatorAddress
      ? `Bedrock:  local emulator at ${emulatorAddress.url} (deterministic replies, not a language model)`
      : `Bedrock:  real Amazon Bedrock in ${config.bedrock.region} (default AWS credential chain)`,
    dynamo
      ? `DynamoDB: in-memory dynalite at ${dynamo.endpoint} (data is lost on exit)`
      : 'Auth:     off (GATEWAY_AUTH=none)',
    ...(devKey ? [`Dev key:  ${devKey.key}  (id ${devKey.record.keyId}; shown once)`] : []),
    ...(adminKey
      ? [
          `Console:  ${server.url}/console  (sign in with the admin key)`,
          `Admin key: ${adminKey.key}  (id ${adminKey.record.keyId}; admin API and console only)`,
        ]
      : []),
    '',
    'Try:',
    `  curl -s -X POST ${server.url}/v1/generate -H 'content-type: application/json'${auth} \\`,
    `    -d '{"prompt":"Explain the theory of relativity."}'`,
    ...(dynamo
      ? [
          '',
          'Manage keys in this stack (in another terminal):',
          `  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local DYNAMODB_ENDPOINT=${dynamo.endpoint} npm run cli -- keys list`,
        ]
      : []),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  // The emulator and dynalite close last: streams and settlements still use them while the server drains.
  shutDownOnSignals(server, {
    logger: gateway.logger,
    release: async () => {
      gateway.close();
      await emulator?.close();
      await dynamo?.close();
      rmSync(consoleDirectory, { recursive: true, force: true });
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String((error as Error).stack ?? error)}\n`,
  );
  process.exit(1);
});
