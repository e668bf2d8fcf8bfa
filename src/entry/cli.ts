/**
 * `bedrock-gateway keys create|list|revoke|usage`: manages API keys in the configured DynamoDB tables
 * (dynalite locally, DynamoDB on AWS), with the table names and region from the gateway config and env
 * (GATEWAY_KEYS_TABLE, GATEWAY_USAGE_TABLE, BEDROCK_REGION/AWS_REGION, DYNAMODB_ENDPOINT).
 * `bedrock-gateway models check`: compares the configured catalogue with the account's Bedrock lifecycle
 * (BEDROCK_ENDPOINT, when set, serves both the runtime and the control plane, as the emulator does).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { checkModelLifecycles } from '../bedrock/check-model-lifecycles.js';
import { buildModelRegistry, ConfigError, loadConfig } from '../config/load-config.js';
import { describeModel } from '../http/routes/models.js';
import { KEYS_COMMAND_USAGE, KeyCommandError, runKeysCommand } from '../tenancy/key-commands.js';
import { createConfiguredTenancy } from './create-gateway.js';

const USAGE = `Usage: bedrock-gateway keys <command> [options]   (see 'bedrock-gateway keys help')
       bedrock-gateway models list [--json]
       bedrock-gateway models check [--json]`;

const MODELS_USAGE = `Usage: bedrock-gateway models list [--json]
       bedrock-gateway models check [--json]

list: the configured catalogue with lifecycle and capabilities (what the console's Models page shows).

Compares every configured model with Bedrock's lifecycle in this account (GetFoundationModel, and
GetInferenceProfile for profiles) and reports end-of-life, Legacy, inaccessible and outdated entries.
Exits 1 when a model the gateway serves is end-of-life, inaccessible or outdated.`;

/** `models check`: the findings as a table or JSON; exit 1 when a served model needs attention. */
async function checkModels(args: string[]): Promise<number> {
  if (args[0] !== 'check' || args.slice(1).some((arg) => arg !== '--json')) {
    process.stderr.write(`${MODELS_USAGE}\n`);
    return args[0] === 'help' || args[0] === '--help' ? 0 : 2;
  }
  const config = loadConfig();
  const client = new BedrockClient({
    region: config.bedrock.region,
    maxAttempts: 3,
    ...(config.bedrock.endpoint ? { endpoint: config.bedrock.endpoint } : {}),
  });
  try {
    const findings = await checkModelLifecycles(client, [...buildModelRegistry(config).values()], Date.now());
    if (args.includes('--json')) process.stdout.write(`${JSON.stringify(findings, null, 2)}\n`);
    else {
      const rows = findings.map((finding) =>
        [
          finding.verdict.toUpperCase(),
          finding.alias,
          finding.id,
          `${finding.catalogue}/${finding.bedrock}`,
          finding.detail,
        ].join('  '),
      );
      process.stdout.write(`${rows.join('\n')}\n`);
    }
    const attention = findings.filter(
      (finding) =>
        finding.catalogue !== 'eol' && ['eol', 'inaccessible', 'outdated'].includes(finding.verdict),
    );
    return attention.length > 0 ? 1 : 0;
  } finally {
    client.destroy();
  }
}

/** `models list`: the catalogue as the admin API describes it, as a table or JSON. */
function listModels(args: string[]): number {
  const nowMs = Date.now();
  const created = Math.floor(nowMs / 1000);
  const models = [...buildModelRegistry(loadConfig()).values()].map((model) =>
    describeModel(model, created, nowMs),
  );
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify(models, null, 2)}\n`);
    return 0;
  }
  const yes = (value: boolean) => (value ? 'yes' : '-');
  const rows = [
    ['ALIAS', 'LIFECYCLE', 'KIND', 'CONTEXT', 'MAX OUT', 'TOOLS', 'VISION', 'REASONING', 'BEDROCK ID'],
    ...models.map((model) => [
      model.id,
      model.lifecycle.state,
      model.kind,
      String(model.context_window),
      String(model.max_output_tokens),
      yes(model.capabilities.tools),
      yes(model.capabilities.vision),
      model.capabilities.reasoning.mode,
      model.model_id,
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [group, ...rest] = argv;
  if (group === 'models' && rest[0] === 'list' && rest.slice(1).every((arg) => arg === '--json')) {
    return listModels(rest);
  }
  if (group === 'models') return checkModels(rest);
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
