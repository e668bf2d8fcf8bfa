/**
 * `npm start`: the whole stack in one process, offline. The Bedrock emulator on loopback, then the gateway on
 * 127.0.0.1:8080 pointed at it, then a ready-to-paste curl.
 * `npm start -- --real-bedrock` (or BEDROCK_MODE=aws) uses real Bedrock through the default AWS credential chain
 * and region instead of the emulator.
 */
import { parseArgs } from 'node:util';
import { createEmulator } from '../../emulator/index.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { createGateway } from './create-gateway.js';
import { startServer } from './start-server.js';

const { values } = parseArgs({ options: { 'real-bedrock': { type: 'boolean', default: false } } });
const realBedrock = values['real-bedrock'] || process.env.BEDROCK_MODE === 'aws';

async function main(): Promise<void> {
  const emulator = realBedrock ? undefined : createEmulator({ seed: Number(process.env.EMULATOR_SEED ?? 0) });
  const emulatorAddress = await emulator?.listen(Number(process.env.EMULATOR_PORT ?? 0), '127.0.0.1');

  const config = loadConfig(
    emulatorAddress ? { overrides: { bedrock: { endpoint: emulatorAddress.url } } } : {},
  );
  const gateway = createGateway(config, {
    // The emulator does not check signatures, so any credentials will do; real Bedrock uses the default chain.
    ...(emulator ? { bedrockCredentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  const server = await startServer(gateway, config.server);

  const lines = [
    '',
    `bedrock-gateway is running at ${server.url}`,
    emulatorAddress
      ? `Bedrock: local emulator at ${emulatorAddress.url} (deterministic replies, not a language model)`
      : `Bedrock: real Amazon Bedrock in ${config.bedrock.region} (default AWS credential chain)`,
    '',
    'Try:',
    `  curl -s -X POST ${server.url}/v1/generate -H 'content-type: application/json' \\`,
    `    -d '{"prompt":"Explain the theory of relativity."}'`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, async () => {
      await server.close();
      gateway.close();
      await emulator?.close();
      process.exit(0);
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String((error as Error).stack ?? error)}\n`,
  );
  process.exit(1);
});
