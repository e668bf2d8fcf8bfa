import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
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

  it('carries by default exactly the gateway’s built-in model registry, in camelCase', async () => {
    const { config } = await renderedConfig();

    expect(config.models).toEqual(DEFAULT_MODELS);
    expect(config.defaultModel).toBe(DEFAULT_MODEL_ALIAS);
  });

  it('serves only the configured models, and names the tables and regions of the deployment', async () => {
    const { config } = await renderedConfig({ name_prefix: 'bgw-test' });

    expect(config.includeDefaultModels).toBe(false);
    expect(config.tables).toEqual({ keys: 'bgw-test-keys', usage: 'bgw-test-usage' });
    expect(config.bedrock).toEqual({ region: REGION });
    expect(config.dynamodb).toEqual({ region: REGION });
    expect(config.logging).toEqual({ level: 'INFO', prompts: false });
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
