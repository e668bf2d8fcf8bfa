import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDynalite } from '../../test/support/dynalite.js';
import { DEFAULT_MODELS } from '../core/default-models.js';
import { createModelRegistry } from '../core/model-registry.js';
import { computeCostMicroUsd, priceUsage } from '../core/usage-cost.js';
import { hashApiKey } from './api-key.js';
import { KeyCommandError, type KeysCommandDependencies, runKeysCommand } from './key-commands.js';
import { createKeyStore } from './key-store.js';
import type { LocalDynamo } from './local-dynamo.js';
import { createUsageMeter } from './usage-meter.js';

const NOW = Date.parse('2026-11-21T12:05:30Z');

let dynamo: LocalDynamo;
let dependencies: KeysCommandDependencies;
let output: string[];

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(() => dynamo.close());
beforeEach(() => {
  output = [];
  dependencies = {
    keyStore: createKeyStore({
      client: dynamo.documentClient,
      tableName: dynamo.tables.keys,
      now: () => NOW,
    }),
    usageMeter: createUsageMeter({
      client: dynamo.jsonClient,
      tableName: dynamo.tables.usage,
      now: () => NOW,
    }),
    now: () => NOW,
    write: (text) => output.push(text),
    registry: createModelRegistry(DEFAULT_MODELS),
  };
});

async function run(...argv: string[]): Promise<string> {
  const before = output.length;
  await runKeysCommand(argv, dependencies);
  return output.slice(before).join('\n');
}

async function runAndFail(...argv: string[]): Promise<KeyCommandError> {
  const error = await runKeysCommand(argv, dependencies).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(KeyCommandError);
  return error as KeyCommandError;
}

function keyIn(text: string): string {
  const match = /bgw_[A-Za-z0-9_-]{43}/.exec(text);
  expect(match).not.toBeNull();
  return match![0];
}

describe('runKeysCommand', () => {
  it('creates, lists, meters and revokes a key, printing the secret exactly once and never a hash', async () => {
    // Act
    const created = await run(
      'create',
      '--name',
      'billing-app',
      '--models',
      'claude-haiku,nova-micro',
      '--rpm',
      '60',
      '--tpm',
      '100000',
      '--max-tokens-per-request',
      '2048',
      '--daily-tokens',
      '1000000',
      '--monthly-budget-usd',
      '25.50',
      '--expires',
      '30d',
    );
    const key = keyIn(created);
    const record = (await dependencies.keyStore.getByHash(hashApiKey(key)))!;
    const meter = createUsageMeter({ client: dynamo.jsonClient, tableName: dynamo.tables.usage });
    const price = DEFAULT_MODELS['claude-haiku']!.prices.regional;
    const reservation = await meter.reserve({
      key: record,
      demand: {
        requests: 1,
        tokens: 110,
        costMicroUsd: computeCostMicroUsd({ inputTokens: 10, outputTokens: 100 }, price),
      },
      now: NOW,
    });
    await meter.settle(reservation, priceUsage({ inputTokens: 1_000, outputTokens: 400 }, price));
    const listed = await run('list');
    const usage = await run('usage', record.keyId);
    const revoked = await run('revoke', record.keyId);
    const listedAfterRevoke = await run('list');
    const json = [await run('list', '--json'), await run('usage', record.keyId, '--json')];

    // Assess
    expect(created).toContain(record.keyId);
    expect(created).toContain('only time the key is shown');
    expect(record).toMatchObject({
      name: 'billing-app',
      models: ['claude-haiku', 'nova-micro'],
      limits: {
        rpm: 60,
        tpm: 100_000,
        maxTokensPerRequest: 2048,
        dailyTokens: 1_000_000,
        monthlyBudgetUsd: 25.5,
      },
      expiresAt: '2026-12-21T12:05:30.000Z',
    });
    expect(listed).toMatch(new RegExp(`${record.keyId}\\s+billing-app\\s+active`));
    // Claude Haiku 4.5 at its regional price: 1,000 * 1.10 + 400 * 5.50 = 3,300 micro-USD
    expect(usage).toMatch(/day 2026-11-21\s+1\s+1000\s+400\s+0\.003300\s+0/);
    expect(usage).toMatch(/month 2026-11\s+1\s+1000\s+400/);
    expect(revoked).toContain(`Revoked key ${record.keyId}`);
    expect(listedAfterRevoke).toMatch(new RegExp(`${record.keyId}\\s+billing-app\\s+revoked`));
    expect(JSON.parse(json[1]!)).toMatchObject({ day: { inputTokens: 1_000, costMicroUsd: 3_300 } });
    const transcript = output.join('\n');
    expect(transcript.split(key)).toHaveLength(2);
    expect(transcript).not.toContain(record.keyHash);
  });

  it('creates an admin key with no models, updates a key’s limits and expiry, and prints usage per model', async () => {
    // Act: an admin key, then an API key updated and metered on two models
    const admin = await run('create', '--name', 'ops', '--admin', '--json');
    const created = JSON.parse(
      await run('create', '--name', 'team', '--models', '*', '--rpm', '10', '--json'),
    );
    const updated = await run(
      'update',
      created.keyId,
      '--daily-tokens',
      '5000',
      '--remove-limits',
      'rpm',
      '--expires',
      '30d',
    );
    const stored = (await dependencies.keyStore.getById(created.keyId))!;
    const meter = createUsageMeter({ client: dynamo.jsonClient, tableName: dynamo.tables.usage });
    for (const model of ['claude-haiku', 'nova-micro']) {
      const price = DEFAULT_MODELS[model]!.prices.regional;
      const reservation = await meter.reserve({
        key: stored,
        demand: { requests: 1, tokens: 200, costMicroUsd: 10_000 },
        now: NOW,
      });
      await meter.settle(reservation, priceUsage({ inputTokens: 100, outputTokens: 50 }, price), [
        { model, calls: 1, charge: priceUsage({ inputTokens: 100, outputTokens: 50 }, price) },
      ]);
    }
    const usage = await run('usage', created.keyId);
    const badLimit = await runAndFail('update', created.keyId, '--remove-limits', 'rmp');

    // Assess
    expect(JSON.parse(admin)).toMatchObject({ role: 'admin', models: [] });
    expect(updated).toContain(`Updated key ${created.keyId}`);
    expect(stored.limits).toEqual({ dailyTokens: 5000 });
    expect(stored.expiresAt).toBe('2026-12-21T12:05:30.000Z');
    expect(usage).toMatch(/2026-11-21\s+2\s+200\s+100/);
    expect(usage).toMatch(/ {2}claude-haiku\s+1\s+100\s+50/);
    expect(usage).toMatch(/ {2}nova-micro\s+1\s+100\s+50/);
    expect(badLimit.message).toContain('--remove-limits takes rpm, tpm');
  });

  it('prints the key once in --json output too, without the hash', async () => {
    // Act
    const created = JSON.parse(await run('create', '--name', 'ci', '--models', '*', '--json'));

    // Assess
    expect(created.key).toMatch(/^bgw_/);
    expect(created).toMatchObject({ name: 'ci', models: ['*'], status: 'active', limits: {} });
    expect(created).not.toHaveProperty('keyHash');
  });

  it('sets a guardrail, a service tier and its cap, and automatic cache points on the key', async () => {
    // Act
    const created = JSON.parse(
      await run(
        'create',
        ...['--name', 'governed', '--models', '*', '--json'],
        ...['--guardrail', 'arn:aws:bedrock:us-east-1:111122223333:guardrail/abc123:2'],
        ...['--service-tier', 'flex', '--max-service-tier', 'default', '--automatic-cache-points'],
      ),
    );
    const stored = await dependencies.keyStore.getById(created.keyId);

    // Assess
    expect(stored).toMatchObject({
      guardrail: { identifier: 'arn:aws:bedrock:us-east-1:111122223333:guardrail/abc123', version: '2' },
      serviceTier: { default: 'flex', max: 'default' },
      automaticCachePoints: true,
    });
  });

  it('refuses a malformed guardrail or tier, naming the flag', async () => {
    await expect(run('create', '--name', 'x', '--models', '*', '--guardrail', 'Bad Id')).rejects.toThrow(
      /--guardrail takes/,
    );
    await expect(run('create', '--name', 'x', '--models', '*', '--service-tier', 'gold')).rejects.toThrow(
      /--service-tier must be flex, default or priority/,
    );
  });

  it('accepts an ISO expiry and shows an expired key as expired', async () => {
    // Prepare
    const created = JSON.parse(
      await run(
        'create',
        '--name',
        'short-lived',
        '--models',
        '*',
        '--expires',
        '2026-11-21T12:06:00Z',
        '--json',
      ),
    );
    dependencies.now = () => Date.parse('2026-11-21T12:07:00Z');

    // Act
    const listed = await run('list');

    // Assess
    expect(created.expiresAt).toBe('2026-11-21T12:06:00.000Z');
    expect(listed).toMatch(new RegExp(`${created.keyId}\\s+short-lived\\s+expired`));
  });

  it.each([
    [['create', '--models', '*'], /--name is required/],
    [['create', '--name', 'x'], /--models is required/],
    [['create', '--name', 'x', '--models', '*,nova-micro'], /do not add aliases/],
    [['create', '--name', 'x', '--models', 'gpt-4'], /unknown model alias 'gpt-4'/],
    [['create', '--name', 'x', '--models', '*', '--rpm', 'ten'], /--rpm must be a positive whole number/],
    [['create', '--name', 'x', '--models', '*', '--tpm', '0'], /--tpm must be a positive whole number/],
    [['create', '--name', 'x', '--models', '*', '--monthly-budget-usd', '-5'], /--monthly-budget-usd/],
    [['create', '--name', 'x', '--models', '*', '--expires', 'tomorrow'], /--expires must be/],
    [['create', '--name', 'x', '--models', '*', '--expires', '2020-01-01'], /not in the future/],
    [['create', '--name', 'x', '--models', '*', '--colour', 'red'], /Unknown option '--colour'/],
    [['revoke'], /expected exactly one key id/],
    [['revoke', 'bgw_secret'], /is not a key id/],
    [['revoke', 'key_000000000000'], /No key has the id 'key_000000000000'/],
    [['usage', 'key_000000000000'], /no key has the id/],
    [['rotate'], /Unknown command 'rotate'/],
    [[], /Missing command/],
  ])('explains what is wrong with %j', async (argv, message) => {
    // Act
    const error = await runAndFail(...argv);

    // Assess
    expect(error.message).toMatch(message);
  });

  it('prints usage for help', async () => {
    expect(await run('help')).toContain('Usage: bedrock-gateway keys <command>');
  });

  it('says how to create a key when there are none', async () => {
    // Prepare: a table of its own, empty
    const empty = await startDynalite();
    dependencies.keyStore = createKeyStore({ client: empty.documentClient, tableName: empty.tables.keys });

    // Act
    const listed = await run('list').finally(() => empty.close());

    // Assess
    expect(listed).toContain('No keys yet');
  });
});
