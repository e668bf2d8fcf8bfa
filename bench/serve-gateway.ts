/**
 * Bench child for profiling: the gateway from source (readable function names in the profile), wired as
 * `dist/server.mjs` wires it (createGateway with its settlement batching + startServer, INFO logs discarded). With
 * `--dynamo`, auth and metering are on against that dynalite; without, auth is `none`. With `--profile-to`,
 * SIGUSR2 starts the V8 CPU profiler, and the profile is written there on shutdown: so it covers the
 * measured load only, not start-up or the warm-up.
 *
 *   node --import tsx bench/serve-gateway.ts --emulator URL [--dynamo URL --keys-table T --usage-table T]
 *     [--profile-to FILE]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/load-config.js';
import { createGateway } from '../src/entry/create-gateway.js';
import { startServer } from '../src/entry/start-server.js';
import { closeWhenAsked, reportReady } from './serve-child.js';

const { values } = parseArgs({
  options: {
    emulator: { type: 'string' },
    dynamo: { type: 'string' },
    'keys-table': { type: 'string', default: 'bench-keys' },
    'usage-table': { type: 'string', default: 'bench-usage' },
    'profile-to': { type: 'string' },
  },
});
if (!values.emulator) throw new Error('serve-gateway: --emulator is required');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const config = loadConfig({
  env: {},
  // An empty directory, so no gateway.config.json of the machine is picked up.
  cwd: mkdtempSync(join(tmpdir(), 'bgw-bench-')),
  overrides: {
    bedrock: { endpoint: values.emulator },
    ...(values.dynamo
      ? {
          auth: { mode: 'api-key' },
          dynamodb: { endpoint: values.dynamo },
          tables: { keys: values['keys-table'], usage: values['usage-table'] },
        }
      : { auth: { mode: 'none' } }),
  },
});
const gateway = createGateway(config, {
  bedrockCredentials: credentials,
  dynamoCredentials: credentials,
  settlementBatchMs: config.server.settlementBatchMs,
});
const server = await startServer(gateway, { host: '127.0.0.1', port: 0 });

const PROFILE_SAMPLING_INTERVAL_US = 200;
const profileTo = values['profile-to'];
const profiler = new Session();
if (profileTo) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.setSamplingInterval', { interval: PROFILE_SAMPLING_INTERVAL_US });
  process.on('SIGUSR2', () => void profiler.post('Profiler.start'));
}

closeWhenAsked(async () => {
  if (profileTo) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(profileTo, JSON.stringify(profile));
  }
  await server.close();
  gateway.close();
});
reportReady({ url: server.url });
