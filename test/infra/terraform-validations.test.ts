import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateAttribute, moduleScope } from './evaluate-hcl.js';
import { type Body, loadAllModules, terraformRoot } from './load-terraform.js';

const modules = await loadAllModules();
const root = modules['.'];
if (!root) throw new Error('No root module.');

/** Whether every validation rule of `name` holds when the root module gets `overrides` (defaults otherwise). */
async function accepts(name: string, overrides: Record<string, unknown>): Promise<boolean> {
  const rules = (root?.variables[name]?.validation ?? []) as Body[];
  if (rules.length === 0) throw new Error(`Variable ${name} has no validation.`);
  const scope = moduleScope(root as NonNullable<typeof root>, { variables: overrides });
  const results = await Promise.all(rules.map((rule) => evaluateAttribute(rule.condition, scope)));
  return results.every((result) => result === true);
}

const APPLICATION_PROFILE =
  'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6';

/** Built-in aliases (default-models.json): fallbacks and default_model may name them. */
const builtIn = JSON.parse(readFileSync(join(terraformRoot, 'default-models.json'), 'utf8')) as {
  models: Record<string, { id: string; family: string }>;
};
const builtInText = Object.entries(builtIn.models).find(([, model]) => !model.family.endsWith('-embed'))?.[0];
const builtInEmbedding = Object.entries(builtIn.models).find(([, model]) =>
  model.family.endsWith('-embed'),
)?.[0];

const sample = {
  text: {
    id: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
    family: 'anthropic',
    max_output_tokens: 4096,
    context_window: 200000,
    price: { input_per_mtok: 3, output_per_mtok: 15 },
  },
  embedding: {
    id: 'amazon.titan-embed-text-v2:0',
    family: 'titan-embed',
    api: 'invoke',
    max_output_tokens: 0,
    context_window: 8192,
    price: { input_per_mtok: 0.02, output_per_mtok: 0 },
  },
};

function withModel(changes: Record<string, unknown>, base: 'text' | 'embedding' = 'text') {
  return { sample: { ...sample[base], ...changes } };
}

describe('root variable validations', () => {
  it('accept every default, in every module', async () => {
    for (const [path, module] of Object.entries(modules)) {
      const scope = moduleScope(module);
      for (const [name, variable] of Object.entries(module.variables)) {
        if (!Object.hasOwn(variable, 'default')) continue;
        for (const rule of (variable.validation ?? []) as Body[]) {
          expect(await evaluateAttribute(rule.condition, scope), `${path}: ${name}`).toBe(true);
        }
      }
    }
  });

  it.each([
    ['a wildcard model id', withModel({ id: '*' })],
    ['an ARN wildcard', withModel({ id: 'anthropic.*' })],
    [
      'a wildcard profile ARN',
      withModel({ id: 'arn:aws:bedrock:us-east-1:111122223333:inference-profile/*' }),
    ],
    ['an unknown family', withModel({ family: 'gpt' })],
    ['an unknown api', withModel({ api: 'chat' })],
    ['an embedding model on converse', withModel({ api: 'converse' }, 'embedding')],
    ['a converse-only family on invoke', withModel({ family: 'openai', api: 'invoke' })],
    ['a text model without output tokens', withModel({ max_output_tokens: 0 })],
    ['a negative price', withModel({ price: { input_per_mtok: -1, output_per_mtok: 1 } })],
    ['a fallback that is not configured', withModel({ fallbacks: ['gpt-4'] })],
    ['a model that falls back to itself', withModel({ fallbacks: ['sample'] })],
    ['a text model that falls back to an embedding model', withModel({ fallbacks: [builtInEmbedding] })],
    ['an application profile without foundation_model_ids', withModel({ id: APPLICATION_PROFILE })],
    [
      'an application profile with a profile id as foundation model',
      withModel({
        id: APPLICATION_PROFILE,
        foundation_model_ids: ['us.anthropic.claude-haiku-4-5-20251001-v1:0'],
      }),
    ],
    [
      'foundation_model_ids on a model that is not an application profile',
      withModel({ foundation_model_ids: ['anthropic.claude-sonnet-4-5-20250929-v1:0'] }),
    ],
  ])('reject models with %s', async (_case, models) => {
    expect(await accepts('models', { models })).toBe(false);
  });

  it('accept the families the gateway serves, including the Converse-only ones', async () => {
    for (const family of ['openai', 'deepseek', 'mistral-chat', 'nova', 'cohere-command-r']) {
      expect(await accepts('models', { models: withModel({ family }) }), family).toBe(true);
    }
  });

  it('accept an application profile that names the foundation model it routes to', async () => {
    const models = withModel({
      id: APPLICATION_PROFILE,
      foundation_model_ids: ['anthropic.claude-haiku-4-5-20251001-v1:0'],
    });

    expect(await accepts('models', { models })).toBe(true);
  });

  it('accept fallbacks to built-in models only while the built-in catalogue is served', async () => {
    const models = withModel({ fallbacks: [builtInText] });

    expect(builtInText).toBeDefined();
    expect(builtInEmbedding).toBeDefined();
    expect(await accepts('models', { models })).toBe(true);
    expect(await accepts('models', { models, include_default_models: false })).toBe(false);
  });

  it('need at least one model, and an explicit default_model, without the built-in catalogue', async () => {
    const models = withModel({});

    expect(await accepts('models', { models: {}, include_default_models: false })).toBe(false);
    expect(await accepts('models', { models, include_default_models: false })).toBe(true);
    expect(await accepts('default_model', { models, include_default_models: false })).toBe(false);
    expect(
      await accepts('default_model', { models, include_default_models: false, default_model: 'sample' }),
    ).toBe(true);
  });

  it('accept a default_model from models or from the built-in catalogue, and null for the gateway’s own', async () => {
    const models = withModel({});

    expect(await accepts('default_model', { models, default_model: 'sample' })).toBe(true);
    expect(await accepts('default_model', { models, default_model: builtInText })).toBe(true);
    expect(await accepts('default_model', { models, default_model: null })).toBe(true);
    expect(await accepts('default_model', { models, default_model: 'gpt-4' })).toBe(false);
  });

  it.each([
    ['name_prefix', 'bedrock-gateway', ['Bedrock_Gateway', 'ab', 'gateway-', `g${'x'.repeat(32)}`]],
    ['region', 'eu-central-1', ['europe', 'us-east', '']],
    ['log_level', 'WARN', ['TRACE', 'info', 'CRITICAL']],
    ['log_retention_in_days', 365, [0, 2, 45, 10000]],
    ['lambda_memory_size', 10240, [127, 10241, 512.5]],
    ['lambda_timeout', 900, [0, 901, 1.5]],
    ['lambda_reserved_concurrency', null, [-2, 1.5]],
    ['integration_timeout_ms', 900000, [49, 900001]],
    ['throttling_burst_limit', 1, [0, -5]],
    ['throttling_rate_limit', 0.5, [0]],
    ['execution_logging_level', 'OFF', ['DEBUG', 'off']],
    ['stage_name', 'v1', ['', 'has space']],
    ['kms_key_arn', 'arn:aws:kms:us-east-1:111122223333:key/abc', ['alias/aws/dynamodb', '*']],
    [
      'waf_web_acl_arn',
      'arn:aws:wafv2:us-east-1:111122223333:regional/webacl/gw/1',
      ['arn:aws:wafv2:us-east-1:111122223333:global/webacl/gw/1'],
    ],
  ] as const)('keep %s within its enum, range or pattern', async (name, good, bad) => {
    expect(await accepts(name, { [name]: good }), `${name} = ${JSON.stringify(good)}`).toBe(true);
    for (const value of bad) {
      expect(await accepts(name, { [name]: value }), `${name} = ${JSON.stringify(value)}`).toBe(false);
    }
  });

  it('check the custom domain name and certificate only when a custom domain is given', async () => {
    const domain = {
      domain_name: 'llm.example.com',
      certificate_arn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc',
    };

    expect(await accepts('custom_domain', { custom_domain: null })).toBe(true);
    expect(await accepts('custom_domain', { custom_domain: domain })).toBe(true);
    expect(
      await accepts('custom_domain', {
        custom_domain: { ...domain, domain_name: 'https://llm.example.com' },
      }),
    ).toBe(false);
    expect(await accepts('custom_domain', { custom_domain: { ...domain, certificate_arn: 'my-cert' } })).toBe(
      false,
    );
  });
});
