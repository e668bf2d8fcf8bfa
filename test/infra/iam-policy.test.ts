import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { evaluateAttribute, moduleScope, type Scope } from './evaluate-hcl.js';
import { ACCOUNT_ID, child, DATA_MOCKS, evaluateStack } from './evaluate-stack.js';
import { type Body, collectStrings, loadAllModules, loadModule, terraformRoot } from './load-terraform.js';
import {
  type PolicyDocument,
  policyDocuments,
  policyStatements,
  renderPolicyJson,
  type Statement,
} from './policy-documents.js';

const INVOKE = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];
const profileArn = (id: string) => `arn:aws:bedrock:us-east-1:${ACCOUNT_ID}:inference-profile/${id}`;
const modelArn = (region: string, id: string) => `arn:aws:bedrock:${region}::foundation-model/${id}`;
const APPLICATION_PROFILE = `arn:aws:bedrock:us-east-1:${ACCOUNT_ID}:application-inference-profile/a1b2c3d4e5f6`;

/** IAM's quota for one managed policy, whitespace not counted (reference_iam-quotas.html). */
const MANAGED_POLICY_LIMIT = 6144;
/** IAM's quota for all inline policies of a role together. */
const ROLE_INLINE_LIMIT = 10240;

function modelEntry(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    family: 'anthropic',
    max_output_tokens: 4096,
    context_window: 200000,
    price: { input_per_mtok: 3, output_per_mtok: 15 },
    ...extra,
  };
}

/** A base id, a us. profile, a global. profile and an application profile: one of each kind of id. */
const ONE_OF_EACH = {
  'nova-micro': modelEntry('amazon.nova-micro-v1:0', { family: 'nova' }),
  'llama-3-3': modelEntry('us.meta.llama3-3-70b-instruct-v1:0', { family: 'llama3' }),
  'sonnet-4-5': modelEntry('global.anthropic.claude-sonnet-4-5-20250929-v1:0'),
  'haiku-tracked': modelEntry(APPLICATION_PROFILE, {
    foundation_model_ids: ['anthropic.claude-haiku-4-5-20251001-v1:0'],
  }),
};

/** The built-in catalogue as Terraform reads it. */
const builtIn = JSON.parse(readFileSync(join(terraformRoot, 'default-models.json'), 'utf8')) as {
  models: Record<string, { id: string; family: string }>;
};

/** The Bedrock policy documents of the deployed role, computed through the real wiring. */
async function bedrockDocuments(variables: Record<string, unknown>): Promise<PolicyDocument[]> {
  const stack = await evaluateStack(variables);
  const iam = child(stack, 'iam');
  const documents = await policyDocuments(iam.module, iam.scope);
  return documents.filter((document) => document.address.startsWith('data.aws_iam_policy_document.bedrock['));
}

const onlyModels = (models: Record<string, unknown>) => ({
  include_default_models: false,
  models,
  default_model: Object.keys(models)[0],
});

const bedrockStatements = (documents: PolicyDocument[]) =>
  documents.flatMap((document) => document.statements);
const allResources = (documents: PolicyDocument[]) =>
  [...new Set(bedrockStatements(documents).flatMap((statement) => statement.resources))].sort();
const comparable = (statement: Statement) => ({
  sid: statement.sid,
  actions: [...statement.actions].sort(),
  resources: statement.resources,
  conditions: statement.conditions,
});

describe('IAM: Bedrock statements for each kind of model id', () => {
  it('grants exactly the golden statements for a base id, a us. id, a global. id and an application profile', async () => {
    // Prepare: the statements AWS documents for each kind (inference-profiles-prereq.html,
    // geographic-cross-region-inference.html, global-cross-region-inference.html), written out by hand.
    const expected = [
      {
        sid: 'InvokeFoundationModels',
        actions: ['bedrock:CountTokens', ...INVOKE],
        resources: [modelArn('us-east-1', 'amazon.nova-micro-v1:0')],
        conditions: [],
      },
      {
        sid: 'InvokeInferenceProfiles',
        actions: INVOKE,
        resources: [
          APPLICATION_PROFILE,
          profileArn('global.anthropic.claude-sonnet-4-5-20250929-v1:0'),
          profileArn('us.meta.llama3-3-70b-instruct-v1:0'),
        ],
        conditions: [],
      },
      {
        sid: 'CountProfileModelTokens',
        actions: ['bedrock:CountTokens'],
        resources: [
          modelArn('us-east-1', 'anthropic.claude-sonnet-4-5-20250929-v1:0'),
          modelArn('us-east-1', 'meta.llama3-3-70b-instruct-v1:0'),
        ],
        conditions: [],
      },
      {
        sid: 'InvokeModelsThroughProfiles',
        actions: INVOKE,
        resources: [
          modelArn('*', 'anthropic.claude-haiku-4-5-20251001-v1:0'),
          modelArn('*', 'meta.llama3-3-70b-instruct-v1:0'),
        ],
        conditions: [
          {
            test: 'StringEquals',
            variable: 'bedrock:InferenceProfileArn',
            values: [APPLICATION_PROFILE, profileArn('us.meta.llama3-3-70b-instruct-v1:0')],
          },
        ],
      },
      {
        sid: 'InvokeSourceRegionModelsThroughGlobalProfiles',
        actions: INVOKE,
        resources: [modelArn('us-east-1', 'anthropic.claude-sonnet-4-5-20250929-v1:0')],
        conditions: [
          { test: 'StringEquals', variable: 'aws:RequestedRegion', values: ['us-east-1'] },
          {
            test: 'StringEquals',
            variable: 'bedrock:InferenceProfileArn',
            values: [profileArn('global.anthropic.claude-sonnet-4-5-20250929-v1:0')],
          },
        ],
      },
      {
        sid: 'InvokeRegionlessModelsThroughProfiles',
        actions: INVOKE,
        resources: [
          modelArn('', 'anthropic.claude-haiku-4-5-20251001-v1:0'),
          modelArn('', 'anthropic.claude-sonnet-4-5-20250929-v1:0'),
        ],
        conditions: [
          { test: 'StringEquals', variable: 'aws:RequestedRegion', values: ['unspecified'] },
          {
            test: 'StringEquals',
            variable: 'bedrock:InferenceProfileArn',
            values: [APPLICATION_PROFILE, profileArn('global.anthropic.claude-sonnet-4-5-20250929-v1:0')],
          },
        ],
      },
    ];

    // Act
    const documents = await bedrockDocuments(onlyModels(ONE_OF_EACH));

    // Assess
    expect(documents.map((document) => document.address)).toEqual([
      'data.aws_iam_policy_document.bedrock["1"]',
    ]);
    expect(documents[0]?.statements.map(comparable)).toEqual(expected);
  });

  it('treats eu., apac., jp., au. and us-gov. ids as geo profiles, without what only global. needs', async () => {
    const ids = [
      'eu.amazon.nova-lite-v1:0',
      'apac.amazon.nova-micro-v1:0',
      'jp.amazon.nova-2-lite-v1:0',
      'au.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'us-gov.anthropic.claude-3-haiku-20240307-v1:0',
    ];
    const models = Object.fromEntries(ids.map((id, index) => [`model-${index}`, modelEntry(id)]));

    const statements = bedrockStatements(await bedrockDocuments(onlyModels(models)));
    const bySid = Object.fromEntries(statements.map((statement) => [String(statement.sid), statement]));

    expect(Object.keys(bySid).sort()).toEqual([
      'CountProfileModelTokens',
      'InvokeInferenceProfiles',
      'InvokeModelsThroughProfiles',
    ]);
    expect(bySid.InvokeInferenceProfiles?.resources).toEqual(ids.map(profileArn).sort());
    expect(bySid.InvokeModelsThroughProfiles?.resources).toEqual(
      ids.map((id) => modelArn('*', id.slice(id.indexOf('.') + 1))).sort(),
    );
    expect(bySid.InvokeModelsThroughProfiles?.conditions).toEqual([
      { test: 'StringEquals', variable: 'bedrock:InferenceProfileArn', values: ids.map(profileArn).sort() },
    ]);
  });

  it('uses an inference-profile ARN as given, and never counts tokens with an ARN', async () => {
    const arn = profileArn('us.amazon.nova-lite-v1:0');

    const statements = bedrockStatements(await bedrockDocuments(onlyModels({ nova: modelEntry(arn) })));
    const bySid = Object.fromEntries(statements.map((statement) => [String(statement.sid), statement]));

    expect(bySid.InvokeInferenceProfiles?.resources).toEqual([arn]);
    expect(bySid.InvokeModelsThroughProfiles?.resources).toEqual([modelArn('*', 'amazon.nova-lite-v1:0')]);
    expect(bySid.InvokeModelsThroughProfiles?.conditions[0]?.values).toEqual([arn]);
    // The gateway passes an ARN to CountTokens unchanged, and CountTokens takes foundation models only.
    expect(bySid.CountProfileModelTokens).toBeUndefined();
  });
});

describe('IAM: the built-in catalogue and var.models', () => {
  it('allows by default exactly the built-in models of default-models.json', async () => {
    // Prepare: which ARN each built-in id must appear as, by kind. A stable and a pinned alias share an id,
    // which is granted once.
    const ids = [...new Set(Object.values(builtIn.models).map((model) => model.id))];
    const isProfile = (id: string) => /^(us|us-gov|eu|apac|jp|au|ca|global)\./.test(id);

    // Act
    const documents = await bedrockDocuments({});
    const statements = bedrockStatements(documents);
    const invokable = (sid: string) => [
      ...new Set(statements.filter((s) => s.sid === sid).flatMap((s) => s.resources)),
    ];

    // Assess
    expect(documents).toHaveLength(Math.ceil(ids.length / 6));
    expect(invokable('InvokeFoundationModels').sort()).toEqual(
      ids
        .filter((id) => !isProfile(id))
        .map((id) => modelArn('us-east-1', id))
        .sort(),
    );
    expect(invokable('InvokeInferenceProfiles').sort()).toEqual(ids.filter(isProfile).map(profileArn).sort());
    const profileGrants = statements
      .filter((s) => s.sid === 'InvokeInferenceProfiles')
      .flatMap((s) => s.resources);
    expect(profileGrants).toHaveLength(new Set(profileGrants).size);
    const named = allResources(documents).map((arn) => arn.slice(arn.indexOf('/') + 1));
    const baseIds = ids.map((id) => (isProfile(id) ? id.slice(id.indexOf('.') + 1) : id));
    expect(named.every((id) => ids.includes(id) || baseIds.includes(id))).toBe(true);
  });

  it('adds var.models to the built-in models, and drops the id of a built-in alias it overrides', async () => {
    // Prepare: override a built-in alias with a profile, add a new alias.
    const [overridden, builtInModel] = Object.entries(builtIn.models)[0] as [string, { id: string }];
    const models = {
      [overridden]: modelEntry('us.anthropic.claude-haiku-4-5-20251001-v1:0'),
      'sonnet-4-5': modelEntry('global.anthropic.claude-sonnet-4-5-20250929-v1:0'),
    };

    // Act
    const resources = allResources(await bedrockDocuments({ models }));

    // Assess
    expect(resources).toContain(profileArn('us.anthropic.claude-haiku-4-5-20251001-v1:0'));
    expect(resources).toContain(profileArn('global.anthropic.claude-sonnet-4-5-20250929-v1:0'));
    const stillServed = Object.entries(builtIn.models).filter(([alias]) => alias !== overridden);
    for (const [, model] of stillServed)
      expect(resources.some((arn) => arn.endsWith(`/${model.id}`))).toBe(true);
    if (!stillServed.some(([, model]) => model.id === builtInModel.id)) {
      expect(resources.some((arn) => arn.endsWith(`/${builtInModel.id}`))).toBe(false);
    }
  });

  it('allows only var.models when include_default_models is false', async () => {
    const resources = allResources(
      await bedrockDocuments(onlyModels({ nova: modelEntry('amazon.nova-pro-v1:0') })),
    );

    expect(resources).toEqual([modelArn('us-east-1', 'amazon.nova-pro-v1:0')]);
  });

  it('agrees with the terraform test that CI runs against the real Terraform', async () => {
    // Prepare: read the module's native test (modules/iam/tests) and run its case through the evaluator.
    const path = join(terraformRoot, 'modules/iam/tests/bedrock_arns.tftest.hcl');
    const test = await parse('bedrock_arns.tftest.hcl', readFileSync(path, 'utf8'));
    const variables = (test.variables as Body[])[0] ?? {};
    const run = (test.run as Record<string, Body[]>)
      .derives_bedrock_arns_for_base_geo_global_and_application_profile_ids?.[0];
    const condition = (run?.assert as Body[] | undefined)?.[0]?.condition;
    const iam = await loadModule(join(terraformRoot, 'modules/iam'));
    const scope = moduleScope(iam, { variables, data: DATA_MOCKS });

    // Act
    const output = await evaluateAttribute(iam.outputs.bedrock_resource_arns?.value, scope);
    const passes = await evaluateAttribute(condition, {
      ...scope,
      output: { bedrock_resource_arns: output },
    });

    // Assess: the same ids as the golden test above, so the same resources.
    expect(passes).toBe(true);
    expect(output).toEqual(allResources(await bedrockDocuments(onlyModels(ONE_OF_EACH))));
  });
});

/** Every configuration the invariants below are checked on. */
const CONFIGURATIONS: Array<[string, Record<string, unknown>]> = [
  ['one model of each kind', onlyModels(ONE_OF_EACH)],
  ['the built-in catalogue', {}],
  ['the built-in catalogue and one of each kind', { models: ONE_OF_EACH }],
  [
    'fourteen profiles over three policies',
    onlyModels(
      Object.fromEntries(
        Array.from({ length: 14 }, (_, index) => [
          `model-${index}`,
          modelEntry(`${index % 2 === 0 ? 'global' : 'eu'}.anthropic.claude-model-${index}-v1:0`),
        ]),
      ),
    ),
  ],
];

describe('IAM: the bedrock:InferenceProfileArn condition', () => {
  it.each(CONFIGURATIONS)(
    'is on every statement that names a foundation model behind a profile (%s)',
    async (_name, variables) => {
      // Prepare
      const documents = await bedrockDocuments(variables);
      const directIds = new Set(
        Object.values({
          ...(variables.include_default_models === false ? {} : builtIn.models),
          ...((variables.models ?? {}) as Record<string, { id: string }>),
        })
          .map((model) => model.id)
          .filter((id) => !id.startsWith('arn:') && !/^(us|us-gov|eu|apac|jp|au|ca|global)\./.test(id)),
      );
      expect(documents.length).toBeGreaterThan(0);

      for (const document of documents) {
        const allowedProfiles = document.statements
          .filter((statement) => statement.sid === 'InvokeInferenceProfiles')
          .flatMap((statement) => statement.resources);
        for (const statement of document.statements) {
          const where = `${document.address} ${String(statement.sid)}`;
          const invokes = statement.actions.some((action) => action.startsWith('bedrock:Invoke'));
          const profileCondition = statement.conditions.find(
            (c) => c.variable === 'bedrock:InferenceProfileArn',
          );
          const names = statement.resources.map((arn) => ({
            arn,
            profile: /:(application-)?inference-profile\//.test(arn),
            region: arn.split(':')[3],
            id: arn.slice(arn.indexOf('/') + 1),
          }));

          if (!invokes) {
            // CountTokens alone: foundation models in the Bedrock region, called directly.
            expect(statement.actions, where).toEqual(['bedrock:CountTokens']);
            expect(
              names.every((name) => !name.profile && name.region === 'us-east-1'),
              where,
            ).toBe(true);
            expect(statement.conditions, where).toEqual([]);
          } else if (names.some((name) => name.profile)) {
            // Profiles: Bedrock does not set bedrock:InferenceProfileArn for the profile itself.
            expect(
              names.every((name) => name.profile),
              where,
            ).toBe(true);
            expect(statement.conditions, where).toEqual([]);
          } else if (profileCondition === undefined) {
            // Called directly: only base ids someone configured, in the Bedrock region.
            expect(statement.conditions, where).toEqual([]);
            for (const name of names) {
              expect(name.region, where).toBe('us-east-1');
              expect(directIds.has(name.id), `${where}: ${name.arn}`).toBe(true);
            }
          } else {
            // Behind a profile: only through profiles this same policy allows, by exact ARN.
            expect(profileCondition.test, where).toBe('StringEquals');
            expect(profileCondition.values.length, where).toBeGreaterThan(0);
            for (const value of profileCondition.values) {
              expect(allowedProfiles, where).toContain(value);
              expect(value, where).not.toContain('*');
            }
            if (names.some((name) => name.region === '')) {
              expect(statement.conditions, where).toContainEqual({
                test: 'StringEquals',
                variable: 'aws:RequestedRegion',
                values: ['unspecified'],
              });
            }
          }
        }
      }
    },
  );

  it('never lets a model that is only behind a profile be invoked directly', async () => {
    const documents = await bedrockDocuments(onlyModels(ONE_OF_EACH));
    const direct = bedrockStatements(documents).filter(
      (statement) =>
        statement.conditions.length === 0 &&
        statement.actions.some((action) => action.startsWith('bedrock:Invoke')),
    );

    const directlyInvokable = direct.flatMap((statement) => statement.resources);

    for (const id of [
      'meta.llama3-3-70b-instruct-v1:0',
      'anthropic.claude-sonnet-4-5-20250929-v1:0',
      'anthropic.claude-haiku-4-5-20251001-v1:0',
    ]) {
      expect(directlyInvokable.filter((arn) => arn.endsWith(`foundation-model/${id}`))).toEqual([]);
    }
  });
});

describe('IAM: policy size', () => {
  const long = (length: number, prefix: string) => `${prefix}${'x'.repeat(length - prefix.length)}`;

  async function renderedBedrockPolicies(
    variables: Record<string, unknown>,
    data: Scope['data'] = DATA_MOCKS,
  ) {
    const iam = await loadModule(join(terraformRoot, 'modules/iam'));
    const scope = moduleScope(iam, {
      variables: {
        role_name: 'bedrock-gateway-lambda',
        dynamodb_resource_arns: [],
        log_group_arn: `arn:aws:logs:us-east-1:${ACCOUNT_ID}:log-group:/aws/lambda/bedrock-gateway`,
        ...variables,
      },
      data: data as Record<string, Record<string, Record<string, unknown>>>,
    });
    const documents = await policyDocuments(iam, scope);
    return documents
      .filter((document) => document.address.startsWith('data.aws_iam_policy_document.bedrock['))
      .map((document) => renderPolicyJson(document.statements));
  }

  it.each([
    ['global. profiles', (index: number) => ({ id: `global.${long(64, `anthropic.model-${index}-`)}` })],
    [
      'application profiles with two foundation models',
      (index: number) => ({
        id: `arn:aws-us-gov:bedrock:ap-southeast-7:${ACCOUNT_ID}:application-inference-profile/${long(64, `p${index}`)}`,
        foundation_model_ids: [long(64, `anthropic.first-${index}-`), long(64, `anthropic.second-${index}-`)],
      }),
    ],
  ])('keeps every Bedrock policy within 6,144 characters for the longest ids: %s', async (_kind, model) => {
    // Prepare: 64-character model ids in the longest partition and a long region name.
    const bedrockModels = Array.from({ length: 20 }, (_, index) => model(index));
    const govCloud = {
      aws_partition: { current: { partition: 'aws-us-gov' } },
      aws_caller_identity: { current: { account_id: ACCOUNT_ID } },
      aws_region: { current: { region: 'ap-southeast-7' } },
    };

    // Act
    const policies = await renderedBedrockPolicies(
      { bedrock_region: 'ap-southeast-7', bedrock_models: bedrockModels },
      govCloud,
    );

    // Assess: six models per policy, each policy within the quota.
    expect(policies).toHaveLength(4);
    for (const policy of policies) expect(policy.length).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
  });

  it('fits a catalogue of today’s size (36 models, 22 of them profiles) into six policies', async () => {
    const ids = [
      ...[
        'opus-5-5',
        'sonnet-5-5',
        'haiku-5-5',
        'opus-5',
        'sonnet-5',
        'opus-4-8',
        'opus-4-7',
        'opus-4-6-v1',
        'sonnet-4-6',
        'opus-4-5-20251101-v1:0',
        'sonnet-4-5-20250929-v1:0',
        'haiku-4-5-20251001-v1:0',
      ].map((name) => `global.anthropic.claude-${name}`),
      'global.amazon.nova-2-lite-v1:0',
      'global.cohere.embed-v4:0',
      'us.anthropic.claude-opus-4-1-20250805-v1:0',
      'us.meta.llama3-3-70b-instruct-v1:0',
      'us.meta.llama4-scout-17b-instruct-v1:0',
      'us.meta.llama4-maverick-17b-instruct-v1:0',
      'us.meta.llama3-1-8b-instruct-v1:0',
      'us.meta.llama3-1-70b-instruct-v1:0',
      'us.mistral.pixtral-large-2502-v1:0',
      'us.deepseek.r1-v1:0',
      'amazon.nova-micro-v1:0',
      'amazon.nova-lite-v1:0',
      'amazon.nova-pro-v1:0',
      'meta.llama3-8b-instruct-v1:0',
      'mistral.mistral-large-3-675b-instruct',
      'mistral.mistral-7b-instruct-v0:2',
      'mistral.ministral-3-8b-instruct',
      'openai.gpt-oss-120b-1:0',
      'openai.gpt-oss-20b-1:0',
      'deepseek.v3-v1:0',
      'deepseek.v3.2',
      'amazon.titan-embed-text-v2:0',
      'cohere.embed-english-v3',
      'amazon.titan-text-express-v1',
    ];

    const policies = await renderedBedrockPolicies({
      bedrock_region: 'us-east-1',
      bedrock_models: ids.map((id) => ({ id })),
    });

    expect(ids).toHaveLength(36);
    expect(policies).toHaveLength(6);
    for (const policy of policies) expect(policy.length).toBeLessThanOrEqual(MANAGED_POLICY_LIMIT);
    // One document would not fit even the role's inline quota: why the grants are split.
    const all = policies.flatMap((policy) => JSON.parse(policy).Statement);
    expect(JSON.stringify({ Version: '2012-10-17', Statement: all }).length).toBeGreaterThan(
      ROLE_INLINE_LIMIT,
    );
  });

  it('keeps the inline policy (tables, logs, traces, key) within the role’s 10,240 characters', async () => {
    const stack = await evaluateStack({
      kms_key_arn: `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    });
    const iam = child(stack, 'iam');
    const statements = await policyStatements(
      iam.module.data.aws_iam_policy_document?.permissions as Body,
      iam.scope,
    );

    expect(renderPolicyJson(statements).length).toBeLessThanOrEqual(ROLE_INLINE_LIMIT);
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
              /^\$\{data\.aws_iam_policy_document\.[a-z0-9_]+(\[each\.key\])?\.json\}$/,
            );
          }
          if (type === 'aws_iam_role_policy_attachment' || type === 'aws_iam_policy_attachment') {
            // Never an AWS managed Bedrock or full-access policy; the module's own policies are inspected above.
            expect(String(body.policy_arn), `${module.name}: ${type}.${name}`).not.toMatch(
              /iam::aws:policy\/.*(Bedrock|FullAccess)/i,
            );
          }
        }
      }
    }
    expect(policies.length).toBeGreaterThanOrEqual(4);
  });

  it('grants no bedrock action on "*" or on a wildcard model, in any policy document of any module', async () => {
    // Prepare: evaluate every statement with several registries, the KMS key set and unset, so every dynamic
    // statement is expanded at least once.
    const keys = [null, `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`];
    const checked: Statement[] = [];
    for (const [, variables] of CONFIGURATIONS) {
      for (const kmsKeyArn of keys) {
        const stack = await evaluateStack({ ...variables, kms_key_arn: kmsKeyArn });
        for (const name of Object.keys(stack.children)) {
          const module = child(stack, name);
          for (const document of await policyDocuments(module.module, module.scope)) {
            checked.push(...document.statements);
          }
        }
      }
    }

    // Assess
    const bedrock = checked.filter((statement) =>
      statement.actions.some((action) => action === '*' || action.startsWith('bedrock:')),
    );
    expect(new Set(bedrock.map((statement) => statement.sid)).size).toBe(6);
    for (const statement of checked) {
      expect(statement.notActions, String(statement.sid)).toBeUndefined();
      expect(statement.notResources, String(statement.sid)).toBeUndefined();
      expect(statement.actions, String(statement.sid)).not.toContain('*');
      expect(statement.actions.filter((action) => /^bedrock:.*\*/.test(action))).toEqual([]);
    }
    for (const statement of bedrock) {
      expect(statement.resources.length, String(statement.sid)).toBeGreaterThan(0);
      for (const action of statement.actions) expect(INVOKE.concat('bedrock:CountTokens')).toContain(action);
      for (const resource of statement.resources) {
        expect(resource).not.toBe('*');
        expect(resource).toMatch(
          /^arn:aws:bedrock:(\*|[a-z0-9-]+)?:(\d{12})?:(foundation-model|inference-profile|application-inference-profile)\/[^*]+$/,
        );
      }
      for (const condition of statement.conditions) {
        for (const value of condition.values) expect(value, String(statement.sid)).not.toContain('*');
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
    expect(withKey.bySid.UseTableKey?.conditions).toEqual([
      { test: 'StringEquals', variable: 'kms:ViaService', values: ['dynamodb.us-east-1.amazonaws.com'] },
    ]);
  });

  it('grants bedrock:ApplyGuardrail on exactly the configured guardrails, and renders the gateway-wide one', async () => {
    // Prepare
    const arn = `arn:aws:bedrock:us-east-1:${ACCOUNT_ID}:guardrail/team7`;

    // Act
    const without = await statementsBySid();
    const withGuardrails = await statementsBySid({
      guardrail: { identifier: 'gw1a2b3c', version: '3' },
      key_guardrail_ids: [arn],
    });

    // Assess
    expect(without.bySid.ApplyGatewayGuardrails).toBeUndefined();
    expect(withGuardrails.bySid.ApplyGatewayGuardrails).toMatchObject({
      actions: ['bedrock:ApplyGuardrail'],
      resources: [`arn:aws:bedrock:us-east-1:${ACCOUNT_ID}:guardrail/gw1a2b3c`, arn],
    });
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
    const principals = trust[0]?.principals as Body[];
    expect(principals).toHaveLength(1);
    expect(principals[0]?.type).toBe('Service');
    expect(await evaluateAttribute(principals[0]?.identifiers, iam.scope)).toEqual(['lambda.amazonaws.com']);
  });
});

describe('IAM: bedrock_models validation', () => {
  async function accepts(bedrockModels: unknown[], bedrockRegion = 'us-east-1'): Promise<boolean> {
    const iam = await loadModule(join(terraformRoot, 'modules/iam'));
    const validations = iam.variables.bedrock_models?.validation as Body[];
    const scope = moduleScope(iam, {
      variables: { bedrock_models: bedrockModels, bedrock_region: bedrockRegion },
    });
    const results = await Promise.all(validations.map((rule) => evaluateAttribute(rule.condition, scope)));
    return results.every(Boolean);
  }

  it('accepts base ids, profile ids and ARNs, and an application profile with its foundation model', async () => {
    expect(
      await accepts([
        { id: 'amazon.nova-micro-v1:0' },
        { id: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0' },
        { id: profileArn('us.amazon.nova-lite-v1:0') },
        { id: APPLICATION_PROFILE, foundation_model_ids: ['anthropic.claude-haiku-4-5-20251001-v1:0'] },
      ]),
    ).toBe(true);
  });

  it.each([
    ['no model', []],
    ['a wildcard id', [{ id: '*' }]],
    ['a wildcard model', [{ id: 'anthropic.*' }]],
    ['a wildcard profile ARN', [{ id: `arn:aws:bedrock:us-east-1:${ACCOUNT_ID}:inference-profile/*` }]],
    ['an application profile without foundation_model_ids', [{ id: APPLICATION_PROFILE }]],
    [
      'an application profile with three foundation_model_ids',
      [{ id: APPLICATION_PROFILE, foundation_model_ids: ['a.one', 'a.two', 'a.three'] }],
    ],
    [
      'a profile id as a foundation model',
      [{ id: APPLICATION_PROFILE, foundation_model_ids: ['us.anthropic.claude-haiku-4-5-20251001-v1:0'] }],
    ],
    ['a wildcard foundation model', [{ id: APPLICATION_PROFILE, foundation_model_ids: ['anthropic.*'] }]],
    ['foundation_model_ids on a base id', [{ id: 'amazon.nova-micro-v1:0', foundation_model_ids: ['a.b'] }]],
    [
      'an application profile in another region',
      [
        {
          id: `arn:aws:bedrock:eu-west-1:${ACCOUNT_ID}:application-inference-profile/a1b2c3d4e5f6`,
          foundation_model_ids: ['anthropic.claude-haiku-4-5-20251001-v1:0'],
        },
      ],
    ],
  ])('rejects %s', async (_case, bedrockModels) => {
    expect(await accepts(bedrockModels)).toBe(false);
  });
});
