import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { evaluateAttribute, moduleScope, type Scope } from './evaluate-hcl.js';
import { ACCOUNT_ID, child, DATA_MOCKS, evaluateStack } from './evaluate-stack.js';
import { type Body, collectStrings, loadAllModules, loadModule, terraformRoot } from './load-terraform.js';

interface Statement {
  sid: unknown;
  effect: unknown;
  actions: string[];
  resources: string[];
  notActions: unknown;
  notResources: unknown;
  principals: unknown;
  conditions: unknown;
}

/** Evaluates every statement of an aws_iam_policy_document, expanding dynamic "statement" blocks. */
async function policyStatements(document: Body, scope: Scope): Promise<Statement[]> {
  const evaluateStatement = async (body: Body, statementScope: Scope): Promise<Statement> => {
    const read = (name: string) =>
      Object.hasOwn(body, name) ? evaluateAttribute(body[name], statementScope) : Promise.resolve(undefined);
    return {
      sid: await read('sid'),
      effect: (await read('effect')) ?? 'Allow',
      actions: ((await read('actions')) ?? []) as string[],
      resources: ((await read('resources')) ?? []) as string[],
      notActions: await read('not_actions'),
      notResources: await read('not_resources'),
      principals: body.principals,
      conditions: body.condition,
    };
  };
  const statements: Statement[] = [];
  for (const body of (document.statement ?? []) as Body[])
    statements.push(await evaluateStatement(body, scope));
  const dynamicBlocks = ((document.dynamic as Body | undefined)?.statement ?? []) as Body[];
  for (const dynamicBlock of dynamicBlocks) {
    const iterator = (dynamicBlock.iterator as string | undefined) ?? 'statement';
    const forEach = await evaluateAttribute(dynamicBlock.for_each, scope);
    const items = Array.isArray(forEach)
      ? forEach.map((value, key) => [key, value])
      : Object.entries(forEach as Body);
    for (const [key, value] of items) {
      for (const content of dynamicBlock.content as Body[]) {
        statements.push(await evaluateStatement(content, { ...scope, [iterator]: { key, value } }));
      }
    }
  }
  return statements;
}

function modelEntry(id: string) {
  return {
    id,
    family: 'anthropic',
    api: 'converse',
    max_output_tokens: 4096,
    context_window: 200000,
    price: { input_per_mtok: 3, output_per_mtok: 15 },
    fallbacks: [],
  };
}

/** The Bedrock statements of the deployed role, for a given model registry, computed through the real wiring. */
async function bedrockResourcesFor(models: Record<string, unknown>): Promise<string[]> {
  const stack = await evaluateStack({ models, default_model: Object.keys(models)[0] });
  const iam = child(stack, 'iam');
  const document = iam.module.data.aws_iam_policy_document?.permissions;
  if (!document) throw new Error('modules/iam has no aws_iam_policy_document.permissions');
  const statements = await policyStatements(document, iam.scope);
  return statements
    .filter((statement) => statement.actions.some((action) => action.startsWith('bedrock:')))
    .flatMap((statement) => statement.resources)
    .sort();
}

describe('IAM: Bedrock resources', () => {
  it('allows exactly the foundation model, profile and destination ARNs of a base, a us. and a global. id', async () => {
    // Prepare: the golden set follows BEDROCK_WIRE.md "Model ids and IAM resources".
    const models = {
      haiku: modelEntry('anthropic.claude-3-haiku-20240307-v1:0'),
      sonnet: modelEntry('us.anthropic.claude-3-5-sonnet-20240620-v1:0'),
      'sonnet-4-5': modelEntry('global.anthropic.claude-sonnet-4-5-20250929-v1:0'),
      'haiku-again': modelEntry('anthropic.claude-3-haiku-20240307-v1:0'),
    };

    // Act
    const resources = await bedrockResourcesFor(models);

    // Assess
    expect(resources).toEqual(
      [
        'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
        `arn:aws:bedrock:us-east-1:${ACCOUNT_ID}:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0`,
        'arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0',
        `arn:aws:bedrock:us-east-1:${ACCOUNT_ID}:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0`,
        'arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
        'arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
      ].sort(),
    );
  });

  it('treats eu. and apac. ids as geo profiles, without the region-less ARN that only global. needs', async () => {
    const resources = await bedrockResourcesFor({
      'nova-eu': modelEntry('eu.amazon.nova-lite-v1:0'),
      'nova-apac': modelEntry('apac.amazon.nova-micro-v1:0'),
    });

    expect(resources).toEqual(
      [
        `arn:aws:bedrock:us-east-1:${ACCOUNT_ID}:inference-profile/eu.amazon.nova-lite-v1:0`,
        'arn:aws:bedrock:*::foundation-model/amazon.nova-lite-v1:0',
        `arn:aws:bedrock:us-east-1:${ACCOUNT_ID}:inference-profile/apac.amazon.nova-micro-v1:0`,
        'arn:aws:bedrock:*::foundation-model/amazon.nova-micro-v1:0',
      ].sort(),
    );
  });

  it('scopes the default registry to one foundation-model ARN per model in the deployment region', async () => {
    const stack = await evaluateStack();
    const defaults = stack.root.variables.models?.default as Record<string, { id: string }>;

    const resources = await bedrockResourcesFor(defaults);

    expect(resources).toEqual(
      Object.values(defaults)
        .map((model) => `arn:aws:bedrock:us-east-1::foundation-model/${model.id}`)
        .sort(),
    );
  });

  it('agrees with the terraform test that CI runs against the real Terraform', async () => {
    // Prepare: read the module's native test (modules/iam/tests) and run its case through the evaluator.
    const path = join(terraformRoot, 'modules/iam/tests/bedrock_arns.tftest.hcl');
    const test = await parse('bedrock_arns.tftest.hcl', readFileSync(path, 'utf8'));
    const variables = (test.variables as Body[])[0] ?? {};
    const run = (test.run as Record<string, Body[]>).derives_bedrock_arns_for_base_geo_and_global_ids?.[0];
    const condition = (run?.assert as Body[] | undefined)?.[0]?.condition;
    const iam = await loadModule(join(terraformRoot, 'modules/iam'));
    const scope = moduleScope(iam, { variables, data: DATA_MOCKS });

    // Act
    const output = await evaluateAttribute(iam.outputs.bedrock_resource_arns?.value, scope);
    const passes = await evaluateAttribute(condition, {
      ...scope,
      output: { bedrock_resource_arns: output },
    });

    // Assess: same inputs as the first test here, so the same golden set.
    expect(passes).toBe(true);
    expect(variables.bedrock_model_ids).toEqual([
      'anthropic.claude-3-haiku-20240307-v1:0',
      'us.anthropic.claude-3-5-sonnet-20240620-v1:0',
      'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
    ]);
  });
});

describe('IAM: no wildcards for Bedrock', () => {
  it('builds every policy from an aws_iam_policy_document so its statements can be inspected', async () => {
    const modules = await loadAllModules();
    const policies: string[] = [];

    for (const module of Object.values(modules)) {
      for (const [type, byName] of Object.entries(module.resources)) {
        for (const [name, body] of Object.entries(byName)) {
          for (const attribute of ['policy', 'assume_role_policy', 'inline_policy']) {
            if (!Object.hasOwn(body, attribute)) continue;
            policies.push(`${module.name}: ${type}.${name}.${attribute}`);
            expect(body[attribute], `${module.name}: ${type}.${name}.${attribute}`).toMatch(
              /^\$\{data\.aws_iam_policy_document\.[a-z0-9_]+\.json\}$/,
            );
          }
          if (type === 'aws_iam_role_policy_attachment' || type === 'aws_iam_policy_attachment') {
            expect(String(body.policy_arn), `${module.name}: ${type}.${name}`).not.toMatch(
              /bedrock|FullAccess/i,
            );
          }
        }
      }
    }
    expect(policies.length).toBeGreaterThanOrEqual(3);
  });

  it('grants no bedrock action on "*" or on a wildcard model, in any policy document of any module', async () => {
    // Prepare: evaluate every statement with the default registry and with a sample registry, the KMS
    // key set and unset, so every dynamic statement is expanded at least once.
    const registries = [
      undefined,
      { sample: modelEntry('us.anthropic.claude-3-5-sonnet-20240620-v1:0') },
      { sample: modelEntry('global.anthropic.claude-sonnet-4-5-20250929-v1:0') },
    ];
    const keys = [null, `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`];
    const checked: Statement[] = [];

    for (const models of registries) {
      for (const kmsKeyArn of keys) {
        const variables = models
          ? { models, default_model: 'sample', kms_key_arn: kmsKeyArn }
          : { kms_key_arn: kmsKeyArn };
        const stack = await evaluateStack(variables);
        for (const name of Object.keys(stack.children)) {
          const module = child(stack, name);
          for (const document of Object.values(module.module.data.aws_iam_policy_document ?? {})) {
            checked.push(...(await policyStatements(document, module.scope)));
          }
        }
      }
    }

    // Assess
    const bedrock = checked.filter((statement) =>
      statement.actions.some((action) => action === '*' || action.startsWith('bedrock:')),
    );
    expect(bedrock.length).toBeGreaterThan(0);
    for (const statement of checked) {
      expect(statement.notActions, String(statement.sid)).toBeUndefined();
      expect(statement.notResources, String(statement.sid)).toBeUndefined();
      expect(statement.actions, String(statement.sid)).not.toContain('*');
      expect(statement.actions.filter((action) => /^bedrock:.*\*/.test(action))).toEqual([]);
    }
    for (const statement of bedrock) {
      expect(statement.resources.length, String(statement.sid)).toBeGreaterThan(0);
      for (const resource of statement.resources) {
        expect(resource).not.toBe('*');
        expect(resource).toMatch(
          /^arn:aws:bedrock:(\*|[a-z0-9-]+)?:(\d{12})?:(foundation-model|inference-profile)\/[^*]+$/,
        );
      }
    }
  });

  it('has no literal bedrock wildcard anywhere in the Terraform', async () => {
    const modules = await loadAllModules();
    const offending = Object.values(modules).flatMap((module) =>
      collectStrings([module.resources, module.data, module.locals]).filter((text) =>
        // A wildcard action ("bedrock:*", "bedrock:Invoke*") or a wildcard model; the region wildcard of a
        // profile's destination ARN (arn:aws:bedrock:*::foundation-model/<id>) is intended.
        /(^|")bedrock:[A-Za-z]*\*("|$)|(foundation-model|inference-profile)\/[^$"]*\*/.test(text),
      ),
    );

    expect(offending).toEqual([]);
  });
});

describe('IAM: other statements', () => {
  async function statementsBySid(variables: Record<string, unknown> = {}) {
    const stack = await evaluateStack(variables);
    const iam = child(stack, 'iam');
    const permissions = iam.module.data.aws_iam_policy_document?.permissions as Body;
    const statements = await policyStatements(permissions, iam.scope);
    return {
      stack,
      bySid: Object.fromEntries(statements.map((statement) => [String(statement.sid), statement])),
    };
  }

  it('limits DynamoDB item actions to the two tables and the keyId index', async () => {
    const { bySid } = await statementsBySid();
    const dynamodb = bySid.UseGatewayTables;

    expect(dynamodb?.resources).toEqual([
      `arn:aws:dynamodb:us-east-1:${ACCOUNT_ID}:table/bedrock-gateway-keys`,
      `arn:aws:dynamodb:us-east-1:${ACCOUNT_ID}:table/bedrock-gateway-keys/index/keyId-index`,
      `arn:aws:dynamodb:us-east-1:${ACCOUNT_ID}:table/bedrock-gateway-usage`,
    ]);
    expect(dynamodb?.actions).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:TransactWriteItems']),
    );
    expect(dynamodb?.actions.every((action) => action.startsWith('dynamodb:') && !action.includes('*'))).toBe(
      true,
    );
    expect(dynamodb?.actions).not.toContain('dynamodb:DeleteTable');
  });

  it('lets the function write only to its own log group, and X-Ray on "*" only for its write-only actions', async () => {
    const { bySid } = await statementsBySid();

    expect(bySid.WriteOwnLogs?.resources).toEqual([
      `arn:aws:logs:us-east-1:${ACCOUNT_ID}:log-group:/aws/lambda/bedrock-gateway:*`,
    ]);
    expect(bySid.WriteOwnLogs?.actions.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(bySid.WriteTraces?.actions.sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    const wildcard = Object.values(bySid).filter((statement) => statement.resources.includes('*'));
    expect(wildcard.map((statement) => statement.sid)).toEqual(['WriteTraces']);
  });

  it('adds KMS use through DynamoDB only when the tables use a customer managed key', async () => {
    const key = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

    const without = await statementsBySid();
    const withKey = await statementsBySid({ kms_key_arn: key });

    expect(without.bySid.UseTableKey).toBeUndefined();
    expect(withKey.bySid.UseTableKey?.resources).toEqual([key]);
    expect(JSON.stringify(withKey.bySid.UseTableKey?.conditions)).toContain('kms:ViaService');
  });

  it('is assumable by Lambda only', async () => {
    const { stack } = await statementsBySid();
    const iam = child(stack, 'iam');
    const trust = await policyStatements(
      iam.module.data.aws_iam_policy_document?.assume_role as Body,
      iam.scope,
    );

    expect(trust).toHaveLength(1);
    expect(trust[0]?.actions).toEqual(['sts:AssumeRole']);
    expect(trust[0]?.principals).toEqual([{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }]);
  });

  it('rejects a wildcard model id before it can reach the policy', async () => {
    const iam = await loadModule(join(terraformRoot, 'modules/iam'));
    const validations = iam.variables.bedrock_model_ids?.validation as Body[];
    const check = async (ids: string[]) => {
      const scope = moduleScope(iam, { variables: { bedrock_model_ids: ids } });
      const results = await Promise.all(validations.map((rule) => evaluateAttribute(rule.condition, scope)));
      return results.every(Boolean);
    };

    expect(await check(['anthropic.claude-3-haiku-20240307-v1:0', 'global.amazon.nova-lite-v1:0'])).toBe(
      true,
    );
    expect(await check(['*'])).toBe(false);
    expect(await check(['anthropic.*'])).toBe(false);
    expect(await check([])).toBe(false);
  });
});
