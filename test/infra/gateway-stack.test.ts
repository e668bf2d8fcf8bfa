import { describe, expect, it } from 'vitest';
import { evaluateAttribute, moduleScope } from './evaluate-hcl.js';
import { ACCOUNT_ID, child, evaluateStack, REGION } from './evaluate-stack.js';
import { type Body, loadAllModules } from './load-terraform.js';

const stack = await evaluateStack();
const apiGateway = child(stack, 'api_gateway');
const lambda = child(stack, 'lambda');
const dynamodb = child(stack, 'dynamodb');

function resource(
  module: { resources: Record<string, Record<string, Body>> },
  type: string,
  name: string,
): Body {
  const body = module.resources[type]?.[name];
  if (!body) throw new Error(`No resource ${type}.${name}.`);
  return body;
}

function block(body: Body, name: string): Body {
  const blocks = body[name] as Body[] | undefined;
  if (blocks?.length !== 1) throw new Error(`Expected one "${name}" block.`);
  return blocks[0] as Body;
}

describe('API Gateway', () => {
  const module = apiGateway.module;

  it('proxies the root and {proxy+} paths with ANY, leaving authentication to the function', async () => {
    const method = resource(module, 'aws_api_gateway_method', 'this');
    const proxy = resource(module, 'aws_api_gateway_resource', 'this');

    expect(await evaluateAttribute(method.for_each, apiGateway.scope)).toEqual({
      root: 'r00t',
      proxy: 'pr0xy',
    });
    expect(method.http_method).toBe('ANY');
    expect(method.authorization).toBe('NONE');
    expect(proxy.path_part).toBe('{proxy+}');
    expect(
      block(resource(module, 'aws_api_gateway_rest_api', 'this'), 'endpoint_configuration').types,
    ).toEqual(['REGIONAL']);
  });

  it('streams through an AWS_PROXY integration that calls the function’s response-streaming invoke ARN', async () => {
    // Prepare
    const integration = resource(module, 'aws_api_gateway_integration', 'this');

    // Act
    const uri = await evaluateAttribute(integration.uri, apiGateway.scope);

    // Assess
    expect(integration.for_each).toBe(`\${aws_api_gateway_method.this}`);
    expect(integration.type).toBe('AWS_PROXY');
    expect(integration.integration_http_method).toBe('POST');
    expect(integration.response_transfer_mode).toBe('STREAM');
    expect(integration.uri).toBe(`\${var.lambda_response_streaming_invoke_arn}`);
    expect(lambda.module.outputs.response_streaming_invoke_arn?.value).toBe(
      `\${try(aws_lambda_function.this.response_streaming_invoke_arn, null)}`,
    );
    expect(uri).toBe(
      `arn:aws:apigateway:${REGION}:lambda:path/2021-11-15/functions/arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:bedrock-gateway/response-streaming-invocations`,
    );
    expect(integration.timeout_milliseconds).toBe(`\${var.integration_timeout_ms}`);
  });

  it('allows the integration timeout up to the 15 minutes STREAM mode permits, and no further', async () => {
    const rules = module.variables.integration_timeout_ms?.validation as Body[];
    const accepts = async (value: number) => {
      const scope = { ...apiGateway.scope, var: { integration_timeout_ms: value } };
      return (await Promise.all(rules.map((rule) => evaluateAttribute(rule.condition, scope)))).every(
        Boolean,
      );
    };

    expect(await accepts(900_000)).toBe(true);
    expect(await accepts(29_000)).toBe(true);
    expect(await accepts(900_001)).toBe(false);
    expect(await accepts(49)).toBe(false);
  });

  it('redeploys when the routes change and replaces the deployment before destroying the old one', () => {
    const deployment = resource(module, 'aws_api_gateway_deployment', 'this');
    const triggers = (deployment.triggers ?? {}) as Body;

    expect(String(triggers.redeployment)).toMatch(/^\$\{sha1\(jsonencode\(\[/);
    for (const part of [
      'aws_api_gateway_resource.this',
      'aws_api_gateway_method.this',
      'aws_api_gateway_integration.this',
    ]) {
      expect(String(triggers.redeployment)).toContain(part);
    }
    expect(block(deployment, 'lifecycle').create_before_destroy).toBe(true);
  });

  it('traces the stage with X-Ray and writes JSON access logs without headers or bodies', async () => {
    // Prepare
    const stage = resource(module, 'aws_api_gateway_stage', 'this');
    const accessLog = block(stage, 'access_log_settings');

    // Act
    const format = await evaluateAttribute(accessLog.format, apiGateway.scope);
    const fields = JSON.parse(String(format)) as Record<string, string>;

    // Assess
    expect(stage.xray_tracing_enabled).toBe(true);
    expect(accessLog.destination_arn).toBe(`\${aws_cloudwatch_log_group.access.arn}`);
    expect(fields).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(
      Object.values(fields).filter((value) => /header|body|requestOverride|authorizer/i.test(value)),
    ).toEqual([]);
  });

  it('throttles every method of the stage and turns on metrics, never data tracing', () => {
    const methodSettings = resource(module, 'aws_api_gateway_method_settings', 'this');
    const settings = block(methodSettings, 'settings');

    expect(methodSettings.method_path).toBe('*/*');
    expect(methodSettings.stage_name).toBe(`\${aws_api_gateway_stage.this.stage_name}`);
    expect(settings.throttling_burst_limit).toBe(`\${var.throttling_burst_limit}`);
    expect(settings.throttling_rate_limit).toBe(`\${var.throttling_rate_limit}`);
    expect(settings.metrics_enabled).toBe(true);
    expect(settings.data_trace_enabled).toBe(false);
  });

  it('rejects throttling limits of zero', async () => {
    const root = stack.root;
    for (const name of ['throttling_burst_limit', 'throttling_rate_limit']) {
      const rules = root.variables[name]?.validation as Body[];
      const scope = { ...stack.scope, var: { [name]: 0 } };
      const results = await Promise.all(rules.map((rule) => evaluateAttribute(rule.condition, scope)));
      expect(results, name).toContain(false);
    }
  });

  it('lets only this API invoke the function, on any stage, method and path', async () => {
    const permission = resource(module, 'aws_lambda_permission', 'this');

    expect(permission.principal).toBe('apigateway.amazonaws.com');
    expect(permission.action).toBe('lambda:InvokeFunction');
    expect(await evaluateAttribute(permission.source_arn, apiGateway.scope)).toBe(
      `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:a1b2c3d4e5/*/*`,
    );
    expect(await evaluateAttribute(permission.function_name, apiGateway.scope)).toBe('bedrock-gateway');
  });

  it('associates a WAF web ACL and maps a custom domain only when they are given', async () => {
    const waf = resource(module, 'aws_wafv2_web_acl_association', 'this');
    const domain = resource(module, 'aws_api_gateway_domain_name', 'this');
    // A fresh scope: locals such as custom_domain_enabled must see the new variables.
    const withBoth = moduleScope(module, {
      variables: {
        ...apiGateway.inputs,
        waf_web_acl_arn: `arn:aws:wafv2:${REGION}:${ACCOUNT_ID}:regional/webacl/gw/1`,
        custom_domain: { domain_name: 'llm.example.com', certificate_arn: 'arn:aws:acm:x', base_path: '' },
      },
    });

    expect(await evaluateAttribute(waf.count, apiGateway.scope)).toBe(0);
    expect(await evaluateAttribute(domain.count, apiGateway.scope)).toBe(0);
    expect(await evaluateAttribute(waf.count, withBoth)).toBe(1);
    expect(await evaluateAttribute(domain.count, withBoth)).toBe(1);
    expect(domain.security_policy).toBe('TLS_1_2');
  });
});

describe('outputs', () => {
  it('publishes the stage URL as api_endpoint, or the custom domain and base path when one is set', async () => {
    const endpoint = async (customDomain: unknown) => {
      const scope = moduleScope(apiGateway.module, {
        variables: { ...apiGateway.inputs, custom_domain: customDomain },
        resources: {
          aws_api_gateway_stage: {
            this: { invoke_url: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod' },
          },
        },
      });
      return evaluateAttribute(apiGateway.module.outputs.api_endpoint?.value, scope);
    };
    const domain = { domain_name: 'llm.example.com', certificate_arn: 'arn:aws:acm:x' };

    expect(await evaluateAttribute(stack.root.outputs.api_endpoint?.value, stack.scope)).toBe(
      `https://a1b2c3d4e5.execute-api.${REGION}.amazonaws.com/prod`,
    );
    expect(await endpoint(null)).toBe('https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod');
    expect(await endpoint({ ...domain, base_path: '' })).toBe('https://llm.example.com');
    expect(await endpoint({ ...domain, base_path: 'llm' })).toBe('https://llm.example.com/llm');
  });
});

describe('Lambda', () => {
  const module = lambda.module;
  const lambdaFunction = resource(module, 'aws_lambda_function', 'this');

  it('runs the Node.js 22 bundle on arm64 with X-Ray tracing', () => {
    expect(lambdaFunction.runtime).toBe('nodejs22.x');
    expect(lambdaFunction.architectures).toEqual(['arm64']);
    expect(lambdaFunction.handler).toBe('index.handler');
    expect(block(lambdaFunction, 'tracing_config').mode).toBe('Active');
    expect(lambdaFunction.filename).toBe(`\${data.archive_file.this.output_path}`);
    expect(lambdaFunction.source_code_hash).toBe(`\${data.archive_file.this.output_base64sha256}`);
  });

  it('zips every file of the bundle directory and refuses to plan without index.mjs', () => {
    const archive = module.data.archive_file?.this as Body;
    const dynamicSource = ((archive.dynamic as Body).source as Body[])[0] as Body;
    const precondition = (block(archive, 'lifecycle').precondition as Body[])[0] as Body;

    expect(archive.type).toBe('zip');
    expect(dynamicSource.for_each).toBe(`\${local.bundle_files}`);
    expect(String(module.locals.bundle_files)).toContain('fileset(var.source_dir,');
    expect(String(precondition.condition)).toContain('"index.mjs"');
  });

  it('finds the bundle at dist/lambda relative to the root module’s own path by default', async () => {
    const sourceDir = await lambda.inputs.source_dir?.get();

    expect(stack.root.locals.lambda_source_dir).toBe(
      `\${coalesce(var.lambda_source_dir, "\${path.module}/../../dist/lambda")}`,
    );
    expect(sourceDir).toBe('./../../dist/lambda');
  });

  it('exports the table names, the config path and the Powertools settings', async () => {
    const variables = await evaluateAttribute(block(lambdaFunction, 'environment').variables, lambda.scope);

    expect(variables).toEqual({
      GATEWAY_CONFIG_FILE: '/var/task/gateway.config.json',
      GATEWAY_KEYS_TABLE: 'bedrock-gateway-keys',
      GATEWAY_USAGE_TABLE: 'bedrock-gateway-usage',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_SERVICE_NAME: 'bedrock-gateway',
      POWERTOOLS_METRICS_NAMESPACE: 'BedrockGateway',
    });
  });

  it('leaves concurrency unreserved for null and -1, and reserves it for a number', async () => {
    const reserved = async (value: number | null) =>
      evaluateAttribute(lambdaFunction.reserved_concurrent_executions, {
        ...lambda.scope,
        var: { reserved_concurrency: value },
      });

    expect(await reserved(null)).toBe(-1);
    expect(await reserved(-1)).toBe(-1);
    expect(await reserved(20)).toBe(20);
  });

  it('logs to /aws/lambda/<name>, a group Terraform creates (with retention) before the function', async () => {
    const logGroup = resource(module, 'aws_cloudwatch_log_group', 'this');
    const logging = block(lambdaFunction, 'logging_config');

    expect(await evaluateAttribute(logGroup.name, lambda.scope)).toBe('/aws/lambda/bedrock-gateway');
    expect(logging.log_group).toBe(`\${aws_cloudwatch_log_group.this.name}`);
    expect(logging.log_format).toBe('JSON');
  });
});

describe('CloudWatch log groups', () => {
  it('gives every log group a retention from a validated input', async () => {
    const modules = await loadAllModules();
    const groups = Object.values(modules).flatMap((module) =>
      Object.entries(module.resources.aws_cloudwatch_log_group ?? {}).map(([name, body]) => ({
        module,
        name,
        body,
      })),
    );

    expect(groups.map(({ module, name }) => `${module.name}:${name}`).sort()).toEqual([
      'infra/terraform/modules/api_gateway:access',
      'infra/terraform/modules/api_gateway:execution',
      'infra/terraform/modules/lambda:this',
    ]);
    for (const { module, name, body } of groups) {
      expect(body.retention_in_days, `${module.name}:${name}`).toBe(`\${var.log_retention_in_days}`);
      const rules = module.variables.log_retention_in_days?.validation as Body[];
      expect(String(rules[0]?.condition)).toContain('3653');
    }
  });

  it('creates the execution log group that API Gateway would otherwise create without retention', async () => {
    const execution = resource(apiGateway.module, 'aws_cloudwatch_log_group', 'execution');

    expect(await evaluateAttribute(execution.name, apiGateway.scope)).toBe(
      'API-Gateway-Execution-Logs_a1b2c3d4e5/prod',
    );
    expect(resource(apiGateway.module, 'aws_api_gateway_method_settings', 'this').depends_on).toEqual([
      `\${aws_cloudwatch_log_group.execution}`,
    ]);
  });
});

describe('DynamoDB', () => {
  const keys = resource(dynamodb.module, 'aws_dynamodb_table', 'keys');
  const usage = resource(dynamodb.module, 'aws_dynamodb_table', 'usage');

  it('keys API key records by keyHash, with a keyId index projecting everything', async () => {
    const index = block(keys, 'global_secondary_index');

    expect(keys.hash_key).toBe('keyHash');
    expect(keys.attribute).toEqual(
      expect.arrayContaining([
        { name: 'keyHash', type: 'S' },
        { name: 'keyId', type: 'S' },
      ]),
    );
    expect(await evaluateAttribute(index.name, dynamodb.scope)).toBe('keyId-index');
    expect(index.hash_key).toBe('keyId');
    expect(index.projection_type).toBe('ALL');
  });

  it('keys usage counters by pk and expires them through TTL on expiresAt', () => {
    expect(usage.hash_key).toBe('pk');
    expect(usage.attribute).toEqual([{ name: 'pk', type: 'S' }]);
    expect(block(usage, 'ttl')).toEqual({ attribute_name: 'expiresAt', enabled: true });
  });

  it('bills both tables on demand, with point-in-time recovery, encryption and deletion protection', async () => {
    for (const table of [keys, usage]) {
      expect(table.billing_mode).toBe('PAY_PER_REQUEST');
      expect(block(table, 'point_in_time_recovery').enabled).toBe(true);
      expect(block(table, 'server_side_encryption')).toEqual({
        enabled: true,
        kms_key_arn: `\${var.kms_key_arn}`,
      });
      expect(await evaluateAttribute(table.deletion_protection_enabled, dynamodb.scope)).toBe(true);
    }
  });
});
