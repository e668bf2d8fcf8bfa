import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import { lastInstruction, loadDockerfile } from '../container/parse-dockerfile.js';
import { evaluateAttribute } from './evaluate-hcl.js';
import { ACCOUNT_ID, child, evaluateStack, REGION, type Stack } from './evaluate-stack.js';
import { type Body, loadAllModules, repoRoot } from './load-terraform.js';
import { policyDocuments, type Statement } from './policy-documents.js';

const modules = await loadAllModules();
const container = modules.container!;
const lambdaRoot = modules['.']!;

/** What the registry modules and AWS would report at plan or apply time, for the values the tests read. */
const REGISTRY_OUTPUTS = {
  ecr: {
    repository_url: `${ACCOUNT_ID}.dkr.ecr.${REGION}.amazonaws.com/bedrock-gateway`,
    repository_name: 'bedrock-gateway',
  },
  alb: {
    dns_name: 'bedrock-gateway-1234567890.us-east-1.elb.amazonaws.com',
    zone_id: 'Z35SXDOTRQ7X7K',
    arn_suffix: 'app/bedrock-gateway/50dc6c495c0c9188',
    security_group_id: 'sg-0alb',
    target_groups: {
      gateway: {
        arn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT_ID}:targetgroup/bedrock-gateway/73e2d6bc24d8a067`,
        arn_suffix: 'targetgroup/bedrock-gateway/73e2d6bc24d8a067',
      },
    },
  },
  alb_logs: { s3_bucket_id: `bedrock-gateway-alb-logs-${ACCOUNT_ID}` },
  vpc: {
    vpc_id: 'vpc-0',
    vpc_cidr_block: '10.0.0.0/16',
    public_subnets: ['subnet-a'],
    private_subnets: ['subnet-b'],
  },
  ecs_cluster: {
    arn: `arn:aws:ecs:${REGION}:${ACCOUNT_ID}:cluster/bedrock-gateway`,
    name: 'bedrock-gateway',
  },
  ecs_service: { name: 'bedrock-gateway' },
};

const containerStack = (variables: Record<string, unknown> = {}) =>
  evaluateStack(
    { image_tag: '0123456789abcdef0123456789abcdef01234567', ...variables },
    {
      root: 'container',
      registryOutputs: REGISTRY_OUTPUTS,
      resources: {
        aws_ssm_parameter: {
          this: { arn: `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter/bedrock-gateway/gateway-config` },
        },
      },
      data: { aws_availability_zones: { available: { names: ['us-east-1a', 'us-east-1b', 'us-east-1c'] } } },
    },
  );

/** An argument of one of the container root's module calls, evaluated in the root's scope. */
async function input(stack: Stack, call: string, argument: string): Promise<unknown> {
  const body = container.modules[call];
  if (!body || !Object.hasOwn(body, argument)) throw new Error(`module.${call} is not given ${argument}.`);
  return evaluateAttribute(body[argument], stack.scope);
}

type ContainerDefinition = Record<string, unknown> & {
  stopTimeout: number;
  healthCheck: { command: string[] };
  environment: Array<{ name: string; value: string }>;
  secrets: Array<{ name: string; valueFrom: string }>;
};

async function gatewayContainer(stack: Stack): Promise<ContainerDefinition> {
  const definitions = (await input(stack, 'ecs_service', 'container_definitions')) as Record<string, unknown>;
  expect(Object.keys(definitions)).toEqual(['gateway']);
  return definitions.gateway as ContainerDefinition;
}

async function renderedConfig(stack: Stack) {
  return JSON.parse(
    (await evaluateAttribute(container.resources.aws_ssm_parameter?.this?.value, stack.scope)) as string,
  );
}

const CONFIG_DEFAULTS = configSchema.parse({});

describe('container target: modules and versions', () => {
  it('uses terraform-aws-modules at the pinned versions, and the shared local modules', () => {
    const calls = Object.fromEntries(
      Object.entries(container.modules).map(([name, call]) => [
        name,
        `${call.source}${call.version ? `@${call.version}` : ''}`,
      ]),
    );

    expect(calls).toEqual({
      dynamodb: '../modules/dynamodb',
      iam: '../modules/iam',
      vpc: 'terraform-aws-modules/vpc/aws@6.6.0',
      alb_logs: 'terraform-aws-modules/s3-bucket/aws@5.15.4',
      alb: 'terraform-aws-modules/alb/aws@10.5.0',
      ecr: 'terraform-aws-modules/ecr/aws@3.2.0',
      ecs_cluster: 'terraform-aws-modules/ecs/aws//modules/cluster@7.5.0',
      ecs_service: 'terraform-aws-modules/ecs/aws//modules/service@7.5.0',
    });
  });

  it('wires the network, the logs bucket, the load balancer and the service to each other', () => {
    const raw = (call: string, argument: string) => container.modules[call]?.[argument];

    expect(raw('alb', 'subnets')).toBe(`\${module.vpc.public_subnets}`);
    expect(raw('alb', 'vpc_id')).toBe(`\${module.vpc.vpc_id}`);
    expect(raw('alb', 'access_logs')).toEqual({ bucket: `\${module.alb_logs.s3_bucket_id}`, prefix: 'alb' });
    expect(raw('alb_logs', 'attach_lb_log_delivery_policy')).toBe(true);
    expect(raw('ecs_service', 'cluster_arn')).toBe(`\${module.ecs_cluster.arn}`);
    expect(raw('ecs_service', 'subnet_ids')).toBe(`\${module.vpc.private_subnets}`);
    expect(raw('ecs_service', 'assign_public_ip')).toBeUndefined();
    expect(raw('ecs_service', 'tasks_iam_role_arn')).toBe(`\${module.iam.role_arn}`);
    expect(raw('ecs_service', 'create_tasks_iam_role')).toBe(false);
  });

  it('sends the load balancer to the gateway container, and lets only the load balancer reach the tasks', async () => {
    const stack = await containerStack();

    expect(await input(stack, 'ecs_service', 'load_balancer')).toEqual({
      service: {
        target_group_arn: REGISTRY_OUTPUTS.alb.target_groups.gateway.arn,
        container_name: 'gateway',
        container_port: 8080,
      },
    });
    expect(await input(stack, 'ecs_service', 'security_group_ingress_rules')).toEqual({
      alb: expect.objectContaining({
        from_port: 8080,
        to_port: 8080,
        referenced_security_group_id: 'sg-0alb',
      }),
    });
    const targetGroup = ((await input(stack, 'alb', 'target_groups')) as Record<string, Body>).gateway!;
    expect(targetGroup).toMatchObject({
      port: 8080,
      protocol: 'HTTP',
      target_type: 'ip',
      create_attachment: false,
    });
  });

  it('outputs the endpoint, the repository URL and the cluster and service names', async () => {
    const http = await containerStack();
    const https = await containerStack({
      certificate_arn: `arn:aws:acm:${REGION}:${ACCOUNT_ID}:certificate/0f0f0f0f-1111-2222-3333-444455556666`,
    });
    const output = (stack: Stack, name: string) =>
      evaluateAttribute(container.outputs[name]?.value, stack.scope);

    expect(await output(http, 'api_endpoint')).toBe(`http://${REGISTRY_OUTPUTS.alb.dns_name}`);
    expect(await output(https, 'api_endpoint')).toBe(`https://${REGISTRY_OUTPUTS.alb.dns_name}`);
    expect(await output(http, 'ecr_repository_url')).toBe(REGISTRY_OUTPUTS.ecr.repository_url);
    expect(await output(http, 'cluster_name')).toBe('bedrock-gateway');
    expect(await output(http, 'service_name')).toBe('bedrock-gateway');
    expect(await output(http, 'container_name')).toBe('gateway');
  });
});

describe('container target: the task role shares the Lambda role’s statements', () => {
  /** Every statement of the role's documents except the trust policy, by sid, for one root. */
  async function roleStatements(stack: Stack) {
    const iam = child(stack, 'iam');
    const documents = await policyDocuments(iam.module, iam.scope);
    const statements = documents
      .filter((document) => document.address !== 'data.aws_iam_policy_document.assume_role')
      .flatMap((document) => document.statements);
    const trust = documents.find(
      (document) => document.address === 'data.aws_iam_policy_document.assume_role',
    );
    return { statements, trust, iam };
  }
  const comparable = (statements: Statement[]) =>
    statements
      .map((statement) => ({ ...statement, actions: [...statement.actions].sort() }))
      .sort(
        (a, b) =>
          String(a.sid).localeCompare(String(b.sid)) || a.resources.join().localeCompare(b.resources.join()),
      );
  const SAMPLE = {
    guardrail: { identifier: 'gw1a2b3c', version: '3' },
    key_guardrail_ids: [`arn:aws:bedrock:us-east-1:${ACCOUNT_ID}:guardrail/team7`],
    kms_key_arn: `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    models: {
      'llama-3-3': {
        id: 'us.meta.llama3-3-70b-instruct-v1:0',
        family: 'llama3',
        max_output_tokens: 8192,
        context_window: 128000,
        price: { input_per_mtok: 0.72, output_per_mtok: 0.72 },
      },
    },
  };

  it('grants exactly the Lambda role’s Bedrock, DynamoDB, guardrail and KMS statements, without logs or X-Ray', async () => {
    // Act
    const task = await roleStatements(await containerStack(SAMPLE));
    const lambda = await roleStatements(await evaluateStack(SAMPLE));

    // Assess
    const lambdaOnly = new Set(['WriteOwnLogs', 'WriteTraces']);
    expect(comparable(task.statements)).toEqual(
      comparable(lambda.statements.filter((statement) => !lambdaOnly.has(String(statement.sid)))),
    );
    expect(task.statements.map((statement) => statement.sid)).toEqual(
      expect.arrayContaining([
        'UseGatewayTables',
        'ApplyGatewayGuardrails',
        'UseTableKey',
        'InvokeInferenceProfiles',
      ]),
    );
    expect(task.statements.some((statement) => lambdaOnly.has(String(statement.sid)))).toBe(false);
  });

  it('names no Bedrock action or resource with "*"', async () => {
    const { statements } = await roleStatements(await containerStack(SAMPLE));
    const bedrock = statements.filter((statement) =>
      statement.actions.some((action) => action.startsWith('bedrock:')),
    );

    expect(bedrock.length).toBeGreaterThan(0);
    for (const statement of bedrock) {
      expect(
        statement.actions.every((action) => !action.includes('*')),
        String(statement.sid),
      ).toBe(true);
      expect(statement.resources, String(statement.sid)).not.toContain('*');
      for (const resource of statement.resources)
        expect(resource).not.toMatch(/foundation-model\/\*|profile\/\*/);
    }
    expect(statements.flatMap((statement) => statement.resources)).not.toContain('*');
  });

  it('is assumable by ECS tasks only, under its own name', async () => {
    const { trust, iam } = await roleStatements(await containerStack());
    const principals = trust?.statements[0]?.principals as Body[];

    expect(trust?.statements).toHaveLength(1);
    expect(await evaluateAttribute(principals[0]?.identifiers, iam.scope)).toEqual([
      'ecs-tasks.amazonaws.com',
    ]);
    expect(await iam.inputs.role_name?.get()).toBe('bedrock-gateway-ecs-task');
  });
});

describe('container target: timing consistent with the gateway’s deadline and drain', () => {
  it('keeps the request deadline at the gateway’s own default', () => {
    expect(container.variables.request_deadline_seconds?.default).toBe(
      CONFIG_DEFAULTS.reliability.deadlineMs / 1000,
    );
    expect(container.variables.drain_timeout_seconds?.default).toBe(
      CONFIG_DEFAULTS.server.drainTimeoutMs / 1000,
    );
  });

  it.each([
    ['the defaults', {}],
    [
      'a 10-minute deadline and a 45 s drain (examples/container)',
      { request_deadline_seconds: 600, drain_timeout_seconds: 45 },
    ],
    ['the longest drain Fargate allows', { drain_timeout_seconds: 111 }],
  ])(
    'with %s: idle timeout >= deadline < keep-alive, stopTimeout fits the drain, deregistration >= deadline',
    async (_, variables) => {
      // Act
      const stack = await containerStack(variables);
      const config = loadConfig({
        env: { GATEWAY_CONFIG_JSON: JSON.stringify(await renderedConfig(stack)) },
      });
      const idleTimeout = (await input(stack, 'alb', 'idle_timeout')) as number;
      const { stopTimeout } = await gatewayContainer(stack);
      const targetGroup = ((await input(stack, 'alb', 'target_groups')) as Record<string, Body>).gateway!;
      const deregistrationDelay = targetGroup.deregistration_delay as number;

      // Assess: the relations docs/operations.md ("ECS and the ALB") states, with the values the gateway will run.
      const deadlineSeconds = config.reliability.deadlineMs / 1000;
      expect(idleTimeout).toBeGreaterThanOrEqual(deadlineSeconds);
      expect(idleTimeout).toBeLessThanOrEqual(4000);
      expect(config.server.keepAliveTimeoutMs).toBeGreaterThan(idleTimeout * 1000);
      expect(stopTimeout * 1000).toBeGreaterThanOrEqual(
        config.server.drainTimeoutMs + 2 * config.server.cutoffGraceMs + 5000,
      );
      expect(stopTimeout).toBeLessThanOrEqual(120);
      expect(deregistrationDelay).toBeGreaterThanOrEqual(deadlineSeconds);
      expect(deregistrationDelay).toBeLessThanOrEqual(3600);
    },
  );
});

describe('container target: the config document', () => {
  it('is the Lambda root’s config for the same inputs, plus the server timeouts and the deadline', async () => {
    // Prepare
    const variables = {
      default_model: 'claude-haiku',
      log_level: 'WARN',
      guardrail: { identifier: 'gw1', version: '2' },
    };

    // Act
    const fromContainer = await renderedConfig(await containerStack(variables));
    const lambda = child(await evaluateStack(variables), 'lambda');
    const fromLambda = JSON.parse((await lambda.inputs.gateway_config_json?.get()) as string);

    // Assess
    const { server, reliability, ...rest } = fromContainer;
    expect(rest).toEqual(fromLambda);
    expect(Object.keys(server).sort()).toEqual([
      'cutoffGraceMs',
      'drainTimeoutMs',
      'headersTimeoutMs',
      'keepAliveTimeoutMs',
      'requestTimeoutMs',
    ]);
    expect(reliability).toEqual({ deadlineMs: 300_000 });
    expect(() => configSchema.parse(fromContainer)).not.toThrow();
  });

  it('reaches the container as GATEWAY_CONFIG_JSON from the SSM parameter, which the execution role may read', async () => {
    const stack = await containerStack();
    const gateway = await gatewayContainer(stack);
    const parameterArn = `arn:aws:ssm:${REGION}:${ACCOUNT_ID}:parameter/bedrock-gateway/gateway-config`;

    expect(gateway.secrets).toEqual([{ name: 'GATEWAY_CONFIG_JSON', valueFrom: parameterArn }]);
    expect(await input(stack, 'ecs_service', 'task_exec_ssm_param_arns')).toEqual([parameterArn]);
    expect(gateway.environment.map((variable) => variable.name)).not.toContain('GATEWAY_CONFIG_FILE');
    expect(container.resources.aws_ssm_parameter?.this?.type).toBe('String');
  });

  it('declares the gateway’s own inputs exactly as the Lambda root does', () => {
    const shared = Object.keys(container.variables).filter((name) =>
      Object.hasOwn(lambdaRoot.variables, name),
    );

    expect(shared.sort()).toEqual([
      'bedrock_region',
      'default_model',
      'dynamodb_deletion_protection',
      'guardrail',
      'include_default_models',
      'key_guardrail_ids',
      'kms_key_arn',
      'log_level',
      'log_prompts',
      'log_retention_in_days',
      'logs_kms_key_arn',
      'models',
      'name_prefix',
      'region',
      'tags',
    ]);
    for (const name of shared) {
      const { description: _, ...inContainer } = container.variables[name]!;
      const { description: __, ...inLambda } = lambdaRoot.variables[name]!;
      expect(inContainer, name).toEqual(inLambda);
    }
    for (const name of ['built_in_models', 'served_models'])
      expect(container.locals[name], name).toEqual(
        String(lambdaRoot.locals[name]).replace(
          `\${path.module}/default-models.json`,
          `\${path.module}/../default-models.json`,
        ),
      );
  });
});

describe('container target: the service', () => {
  it('runs the image from its repository read-only, with the Dockerfile’s health check and a /health target check', async () => {
    const stack = await containerStack();
    const gateway = await gatewayContainer(stack);
    const runtime = loadDockerfile(repoRoot).stages.at(-1)!;
    const dockerHealthcheck = JSON.parse(
      lastInstruction(runtime, 'HEALTHCHECK')!.rest.replace(/^CMD\s+/, ''),
    );
    const targetGroup = ((await input(stack, 'alb', 'target_groups')) as Record<string, Body>).gateway!;

    expect(gateway.image).toBe(
      `${REGISTRY_OUTPUTS.ecr.repository_url}:0123456789abcdef0123456789abcdef01234567`,
    );
    expect(gateway.readonlyRootFilesystem).toBe(true);
    expect(gateway.healthCheck.command).toEqual(dockerHealthcheck);
    expect(targetGroup.health_check).toMatchObject({ enabled: true, path: '/health', matcher: '200' });
  });

  it('rolls back failed deployments, keeps at least two tasks and leaves deployments to app-cd', async () => {
    const stack = await containerStack();

    expect(await input(stack, 'ecs_service', 'deployment_circuit_breaker')).toEqual({
      enable: true,
      rollback: true,
    });
    expect(await input(stack, 'ecs_service', 'desired_count')).toBe(2);
    expect(await input(stack, 'ecs_service', 'deployment_minimum_healthy_percent')).toBe(100);
    expect(await input(stack, 'ecs_service', 'ignore_task_definition_changes')).toBe(true);
    const rules = (container.variables.desired_count!.validation as Body[]).map((rule) => rule.condition);
    const accepts = async (count: number) =>
      evaluateAttribute(rules[0], (await containerStack({ desired_count: count })).scope);
    expect(await accepts(1)).toBe(false);
    expect(await accepts(2)).toBe(true);
  });

  it('scales on ALB requests per target, from desired_count up to max_count', async () => {
    const stack = await containerStack({ desired_count: 3, max_count: 12, requests_per_target: 90 });

    expect(await input(stack, 'ecs_service', 'enable_autoscaling')).toBe(true);
    expect(await input(stack, 'ecs_service', 'autoscaling_min_capacity')).toBe(3);
    expect(await input(stack, 'ecs_service', 'autoscaling_max_capacity')).toBe(12);
    expect(await input(stack, 'ecs_service', 'autoscaling_policies')).toEqual({
      'requests-per-target': {
        policy_type: 'TargetTrackingScaling',
        target_tracking_scaling_policy_configuration: {
          predefined_metric_specification: {
            predefined_metric_type: 'ALBRequestCountPerTarget',
            resource_label: `${REGISTRY_OUTPUTS.alb.arn_suffix}/${REGISTRY_OUTPUTS.alb.target_groups.gateway.arn_suffix}`,
          },
          target_value: 90,
        },
      },
    });
  });

  it('listens on HTTPS with a certificate and redirects HTTP to it; without one, plain HTTP only', async () => {
    const certificate = `arn:aws:acm:${REGION}:${ACCOUNT_ID}:certificate/0f0f0f0f-1111-2222-3333-444455556666`;

    const http = (await input(await containerStack(), 'alb', 'listeners')) as Record<string, Body>;
    const https = (await input(
      await containerStack({ certificate_arn: certificate }),
      'alb',
      'listeners',
    )) as Record<string, Body>;

    expect(Object.keys(http)).toEqual(['http']);
    expect(http.http).toMatchObject({
      port: 80,
      protocol: 'HTTP',
      forward: { target_group_key: 'gateway' },
      redirect: null,
    });
    expect(Object.keys(https).sort()).toEqual(['http', 'https']);
    expect(https.http).toMatchObject({
      forward: null,
      redirect: { port: '443', protocol: 'HTTPS', status_code: 'HTTP_301' },
    });
    expect(https.https).toMatchObject({ port: 443, protocol: 'HTTPS', certificate_arn: certificate });
    const ingress = (variables: Record<string, unknown>) =>
      containerStack({ allowed_cidr_blocks: ['10.0.0.0/8', '192.168.0.0/16'], ...variables }).then(
        (stack) => input(stack, 'alb', 'security_group_ingress_rules') as Promise<Record<string, Body>>,
      );
    const open = (rules: Record<string, Body>) =>
      Object.values(rules)
        .map((rule) => `${rule.cidr_ipv4}:${rule.from_port}`)
        .sort();
    expect(open(await ingress({}))).toEqual(['10.0.0.0/8:80', '192.168.0.0/16:80']);
    expect(open(await ingress({ certificate_arn: certificate }))).toEqual([
      '10.0.0.0/8:443',
      '10.0.0.0/8:80',
      '192.168.0.0/16:443',
      '192.168.0.0/16:80',
    ]);
  });

  it('keeps image tags immutable and scans every push', () => {
    expect(container.modules.ecr?.repository_image_tag_mutability).toBe('IMMUTABLE');
    expect(container.modules.ecr?.repository_image_scan_on_push).toBe(true);
  });

  it('has examples/container call it on plain HTTP', () => {
    const call = modules['examples/container']?.modules.gateway;

    expect(call?.source).toBe('../../container');
    expect(call?.certificate_arn).toBeNull();
  });
});
