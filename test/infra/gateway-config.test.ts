import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
import { buildModelRegistry } from '../../src/config/load-config.js';
import { DEFAULT_MODEL_ALIAS, DEFAULT_MODELS } from '../../src/core/default-models.js';
import { evaluateAttribute } from './evaluate-hcl.js';
import { child, evaluateStack, REGION } from './evaluate-stack.js';
import type { Body } from './load-terraform.js';

/** The gateway.config.json Terraform packages with the function, for the given root variables. */
async function renderedConfig(variables: Record<string, unknown> = {}) {
  const stack = await evaluateStack(variables);
  const lambda = child(stack, 'lambda');
  const json = await lambda.inputs.gateway_config_json?.get();
  if (typeof json !== 'string')
    throw new Error('module "lambda" is not given gateway_config_json as a string.');
  return { stack, config: JSON.parse(json) as Record<string, unknown> };
}

describe('the rendered gateway.config.json', () => {
  it('is accepted by the gateway’s own strict config schema', async () => {
    // Prepare
    const { config } = await renderedConfig();

    // Act
    const result = configSchema.safeParse(config);

    // Assess
    expect(result.error?.issues ?? []).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('leaves the catalogue to the gateway by default: no models, the built-in ones included, its own default', async () => {
    // Prepare
    const { config } = await renderedConfig();

    // Act
    const registry = buildModelRegistry(configSchema.parse(config));

    // Assess: the catalogue has one home (DEFAULT_MODELS); Terraform copies none of it.
    expect(config.models).toEqual({});
    expect(config.includeDefaultModels).toBe(true);
    expect(config).not.toHaveProperty('defaultModel');
    expect([...registry.keys()].sort()).toEqual(Object.keys(DEFAULT_MODELS).sort());
    expect(configSchema.parse(config).defaultModel).toBe(DEFAULT_MODEL_ALIAS);
  });

  it('renders a gateway-wide guardrail as governance.guardrail, which the gateway accepts', async () => {
    // Act
    const { config } = await renderedConfig({ guardrail: { identifier: 'gw1a2b3c', version: 'DRAFT' } });
    const parsed = configSchema.safeParse(config);

    // Assess
    expect(config.governance).toEqual({ guardrail: { identifier: 'gw1a2b3c', version: 'DRAFT' } });
    expect(parsed.success).toBe(true);
  });

  it('names the tables and regions of the deployment', async () => {
    const { config } = await renderedConfig({ name_prefix: 'bgw-test' });

    expect(config.tables).toEqual({ keys: 'bgw-test-keys', usage: 'bgw-test-usage' });
    expect(config.bedrock).toEqual({ region: REGION });
    expect(config.dynamodb).toEqual({ region: REGION });
    expect(config.logging).toEqual({ level: 'INFO', prompts: false });
  });

  it('serves exactly var.models when include_default_models is false', async () => {
    const { config } = await renderedConfig({
      include_default_models: false,
      default_model: 'nova',
      models: {
        nova: {
          id: 'amazon.nova-pro-v1:0',
          family: 'nova',
          max_output_tokens: 5000,
          context_window: 300000,
          price: { input_per_mtok: 0.8, output_per_mtok: 3.2 },
        },
      },
    });

    const registry = buildModelRegistry(configSchema.parse(config));

    expect(config.includeDefaultModels).toBe(false);
    expect(config.defaultModel).toBe('nova');
    expect([...registry.keys()]).toEqual(['nova']);
  });

  it('renders an application profile without its foundation_model_ids, which only IAM uses', async () => {
    const arn = 'arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6';
    const { config } = await renderedConfig({
      models: {
        'haiku-tracked': {
          id: arn,
          family: 'anthropic',
          max_output_tokens: 4096,
          context_window: 200000,
          price: { input_per_mtok: 1, output_per_mtok: 5 },
          foundation_model_ids: ['anthropic.claude-haiku-4-5-20251001-v1:0'],
        },
      },
    });

    expect(config.models).toEqual({
      'haiku-tracked': {
        id: arn,
        family: 'anthropic',
        api: 'converse',
        maxOutputTokens: 4096,
        contextWindow: 200000,
        price: { inputPerMTok: 1, outputPerMTok: 5 },
        fallbacks: [],
      },
    });
    expect(configSchema.safeParse(config).success).toBe(true);
  });

  it('maps snake_case model attributes to the gateway’s camelCase and follows the other inputs', async () => {
    const { config } = await renderedConfig({
      bedrock_region: 'us-west-2',
      log_level: 'DEBUG',
      log_prompts: true,
      default_model: 'sonnet',
      models: {
        sonnet: {
          id: 'us.anthropic.claude-3-5-sonnet-20240620-v1:0',
          family: 'anthropic',
          api: 'invoke',
          max_output_tokens: 1024,
          context_window: 200000,
          price: { input_per_mtok: 3, output_per_mtok: 15 },
          fallbacks: [],
        },
      },
    });

    expect(config.models).toEqual({
      sonnet: {
        id: 'us.anthropic.claude-3-5-sonnet-20240620-v1:0',
        family: 'anthropic',
        api: 'invoke',
        maxOutputTokens: 1024,
        contextWindow: 200000,
        price: { inputPerMTok: 3, outputPerMTok: 15 },
        fallbacks: [],
      },
    });
    expect(config.bedrock).toEqual({ region: 'us-west-2' });
    expect(config.dynamodb).toEqual({ region: REGION });
    expect(config.logging).toEqual({ level: 'DEBUG', prompts: true });
    expect(configSchema.safeParse(config).success).toBe(true);
  });

  it('is packaged as gateway.config.json beside the bundle, where GATEWAY_CONFIG_FILE points', async () => {
    // Prepare
    const { stack, config } = await renderedConfig();
    const lambda = child(stack, 'lambda');
    const archive = lambda.module.data.archive_file?.this as Body;
    const sources = archive.source as Body[];
    const functionBody = lambda.module.resources.aws_lambda_function?.this as Body;
    const environment = (functionBody.environment as Body[])[0] as Body;

    // Act
    const packaged = await Promise.all(
      sources.map(async (source) => ({
        filename: await evaluateAttribute(source.filename, lambda.scope),
        content: await evaluateAttribute(source.content, lambda.scope),
      })),
    );
    const variables = (await evaluateAttribute(environment.variables, lambda.scope)) as Record<
      string,
      string
    >;

    // Assess
    expect(packaged).toHaveLength(1);
    expect(packaged[0]?.filename).toBe('gateway.config.json');
    expect(JSON.parse(String(packaged[0]?.content))).toEqual(config);
    expect(variables.GATEWAY_CONFIG_FILE).toBe('/var/task/gateway.config.json');
  });
});
