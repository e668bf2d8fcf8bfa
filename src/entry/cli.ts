/**
 * `bedrock-gateway keys create|list|revoke|usage`: manages API keys in the configured DynamoDB tables
 * (dynalite locally, DynamoDB on AWS), with the table names and region from the gateway config and env
 * (GATEWAY_KEYS_TABLE, GATEWAY_USAGE_TABLE, BEDROCK_REGION/AWS_REGION, DYNAMODB_ENDPOINT).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { buildModelRegistry, ConfigError, loadConfig } from '../config/load-config.js';
import { KEYS_COMMAND_USAGE, KeyCommandError, runKeysCommand } from '../tenancy/key-commands.js';
import { createConfiguredTenancy } from './create-gateway.js';

const USAGE = `Usage: bedrock-gateway keys <command> [options]   (see 'bedrock-gateway keys help')`;

async function main(argv: string[]): Promise<number> {
  const [group, ...rest] = argv;
  if (group !== 'keys') {
    process.stderr.write(
      `${group === undefined ? 'Missing command.' : `Unknown command '${group}'.`}\n${USAGE}\n`,
    );
    return 2;
  }
  if (rest[0] === undefined || ['help', '--help', '-h'].includes(rest[0])) {
    process.stdout.write(`${KEYS_COMMAND_USAGE}\n`);
    return 0;
  }
  const config = loadConfig({ overrides: { auth: { mode: 'api-key' } } });
  const tenancy = createConfiguredTenancy(
    config,
    new Logger({ serviceName: 'bedrock-gateway-cli', logLevel: 'ERROR' }),
  )!;
  try {
    await runKeysCommand(rest, {
      keyStore: tenancy.keyStore,
      usageMeter: tenancy.meter,
      now: Date.now,
      write: (text) => process.stdout.write(`${text}\n`),
      registry: buildModelRegistry(config),
    });
    return 0;
  } finally {
    tenancy.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof KeyCommandError || error instanceof ConfigError;
    process.stderr.write(`${known ? (error as Error).message : String((error as Error).stack ?? error)}\n`);
    process.exitCode = known ? 2 : 1;
  },
);
