import { describe, expect, it } from 'vitest';
import { evaluateAttribute, moduleScope } from './evaluate-hcl.js';
import { type Body, loadAllModules } from './load-terraform.js';

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

const defaultModels = root.variables.models?.default as Record<string, Record<string, unknown>>;

function withModel(alias: string, changes: Record<string, unknown>) {
  return { ...defaultModels, [alias]: { ...defaultModels[alias], ...changes } };
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
    ['a wildcard model id', withModel('claude-3-haiku', { id: '*' })],
    ['an ARN wildcard', withModel('claude-3-haiku', { id: 'anthropic.*' })],
    ['an unknown family', withModel('claude-3-haiku', { family: 'gpt' })],
    ['an unknown api', withModel('claude-3-haiku', { api: 'chat' })],
    ['an embedding model on converse', withModel('titan-embed-text-v2', { api: 'converse' })],
    ['a text model without output tokens', withModel('claude-3-haiku', { max_output_tokens: 0 })],
    ['a negative price', withModel('claude-3-haiku', { price: { input_per_mtok: -1, output_per_mtok: 1 } })],
    ['a fallback that is not configured', withModel('claude-3-haiku', { fallbacks: ['gpt-4'] })],
    ['a model that falls back to itself', withModel('claude-3-haiku', { fallbacks: ['claude-3-haiku'] })],
    ['an empty registry', {}],
  ])('reject models with %s', async (_case, models) => {
    expect(await accepts('models', { models })).toBe(false);
  });

  it('accept a registry of inference profiles', async () => {
    const models = {
      sonnet: {
        ...defaultModels['claude-3-5-sonnet'],
        id: 'us.anthropic.claude-3-5-sonnet-20240620-v1:0',
        fallbacks: [],
      },
      'sonnet-4-5': {
        ...defaultModels['claude-3-5-sonnet'],
        id: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
        fallbacks: ['sonnet'],
      },
    };

    expect(await accepts('models', { models })).toBe(true);
    expect(await accepts('default_model', { models, default_model: 'sonnet' })).toBe(true);
    expect(await accepts('default_model', { models, default_model: 'claude-3-5-sonnet' })).toBe(false);
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
