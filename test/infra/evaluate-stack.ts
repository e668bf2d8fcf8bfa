import { relative } from 'node:path';
import { evaluateAttribute, Lazy, moduleScope, type Scope } from './evaluate-hcl.js';
import {
  loadAllModules,
  MODULE_META_ARGUMENTS,
  resolveModuleSource,
  type TerraformModule,
  terraformRoot,
} from './load-terraform.js';

/** Account and region the mocks below pretend to plan in. */
export const ACCOUNT_ID = '111122223333';
export const REGION = 'us-east-1';

/** What data sources return when Terraform plans in {@link REGION} of {@link ACCOUNT_ID}. */
export const DATA_MOCKS = {
  aws_partition: { current: { partition: 'aws' } },
  aws_caller_identity: { current: { account_id: ACCOUNT_ID } },
  aws_region: { current: { region: REGION } },
};

/** Reads one input of a child module call (evaluated in the caller's scope). */
type InputReader = (name: string) => Promise<unknown>;

/** Evaluates an argument of one of the child module's own resources (e.g. its count) in the child's scope. */
type ResourceArgumentReader = (type: string, name: string, argument: string) => Promise<unknown>;

/**
 * A resource with `count`: a list of one mocked instance when its count evaluates to 1, empty when 0, as
 * Terraform plans it. Counts other than 0 and 1 are not used in this repository's modules.
 */
function counted(
  argument: ResourceArgumentReader,
  type: string,
  name: string,
  attributes: () => Promise<Record<string, unknown>>,
): Lazy {
  return new Lazy(async () => {
    const count = await argument(type, name, 'count');
    if (count !== 0 && count !== 1) throw new Error(`${type}.${name}: count ${String(count)} is not 0 or 1.`);
    return count === 1 ? [await attributes()] : [];
  });
}

/** The alarms of modules/observability, by resource name. */
export const OBSERVABILITY_ALARMS = ['five_xx_rate', 'throttles', 'p99_latency', 'lambda_errors'] as const;

/** Attributes AWS computes on apply, derived from the module's inputs the way AWS names them. */
const RESOURCE_MOCKS: Record<
  string,
  (input: InputReader, argument: ResourceArgumentReader) => Record<string, unknown>
> = {
  dynamodb: (input) => ({
    aws_dynamodb_table: {
      keys: table(input, 'keys_table_name'),
      usage: table(input, 'usage_table_name'),
    },
  }),
  iam: (input) => ({
    aws_iam_role: {
      this: new Lazy(async () => {
        const name = await input('role_name');
        return { name, id: name, arn: `arn:aws:iam::${ACCOUNT_ID}:role/${name}` };
      }),
    },
  }),
  lambda: (input) => ({
    aws_cloudwatch_log_group: {
      this: new Lazy(async () => {
        const name = `/aws/lambda/${await input('function_name')}`;
        return { name, arn: `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${name}` };
      }),
    },
    aws_lambda_function: {
      this: new Lazy(async () => {
        const name = await input('function_name');
        const arn = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}`;
        return {
          function_name: name,
          arn,
          response_streaming_invoke_arn: `arn:aws:apigateway:${REGION}:lambda:path/2021-11-15/functions/${arn}/response-streaming-invocations`,
        };
      }),
    },
  }),
  api_gateway: (input) => ({
    aws_api_gateway_stage: {
      this: new Lazy(async () => {
        const stageName = await input('stage_name');
        return {
          stage_name: stageName,
          invoke_url: `https://a1b2c3d4e5.execute-api.${REGION}.amazonaws.com/${stageName}`,
        };
      }),
    },
    aws_api_gateway_rest_api: {
      this: {
        id: 'a1b2c3d4e5',
        root_resource_id: 'r00t',
        execution_arn: `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:a1b2c3d4e5`,
      },
    },
    aws_api_gateway_resource: { this: { id: 'pr0xy' } },
  }),
  observability: (input, argument) => ({
    aws_sns_topic: {
      this: counted(argument, 'aws_sns_topic', 'this', async () => {
        const name = await argument('aws_sns_topic', 'this', 'name');
        return { name, arn: `arn:aws:sns:${REGION}:${ACCOUNT_ID}:${String(name)}` };
      }),
    },
    aws_cloudwatch_dashboard: {
      this: counted(argument, 'aws_cloudwatch_dashboard', 'this', async () => {
        const name = await input('name');
        return {
          dashboard_name: name,
          dashboard_arn: `arn:aws:cloudwatch::${ACCOUNT_ID}:dashboard/${String(name)}`,
        };
      }),
    },
    aws_cloudwatch_metric_alarm: Object.fromEntries(
      OBSERVABILITY_ALARMS.map((alarm) => [
        alarm,
        counted(argument, 'aws_cloudwatch_metric_alarm', alarm, async () => {
          const name = await argument('aws_cloudwatch_metric_alarm', alarm, 'alarm_name');
          return {
            alarm_name: name,
            arn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:${String(name)}`,
          };
        }),
      ]),
    ),
  }),
};

function table(input: InputReader, nameInput: string): Lazy {
  return new Lazy(async () => {
    const name = await input(nameInput);
    return { name, arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/${name}` };
  });
}

/** The parsed modules, shared by every stack of a test file: parsing is the slow part. */
let loaded: Promise<Record<string, TerraformModule>> | undefined;

/** One child module call of the root, evaluated lazily. */
export interface ChildModule {
  module: TerraformModule;
  /** The arguments of the call, evaluated in the root's scope. */
  inputs: Record<string, Lazy>;
  scope: Scope;
  /** The module's outputs, evaluated in its own scope. */
  outputs: Record<string, Lazy>;
}

export interface Stack {
  modules: Record<string, TerraformModule>;
  root: TerraformModule;
  scope: Scope;
  children: Record<string, ChildModule>;
}

/** Which root to wire, and stand-ins for what Terraform would know only from a registry module or an apply. */
export interface StackOptions {
  /** The root, relative to infra/terraform: "." (the Lambda target) or "container". */
  root?: string;
  /** module.<name>.<output> of the root's registry-module calls, which are not evaluated. */
  registryOutputs?: Record<string, Record<string, unknown>>;
  /** <type>.<name>.<attribute> of the root's own resources. */
  resources?: Record<string, Record<string, Record<string, unknown>>>;
  /** data.<type>.<name>.<attribute> beyond {@link DATA_MOCKS}. */
  data?: Record<string, Record<string, Record<string, unknown>>>;
}

/**
 * Wires a root module to its child modules the way Terraform does at plan time: each call's arguments are
 * evaluated in the root's scope, become the child's variables, and the child's outputs feed module.<name>.
 * Registry modules are not evaluated: their outputs come from `options.registryOutputs`.
 * Only values something asks for are evaluated.
 */
export async function evaluateStack(
  variables: Record<string, unknown> = {},
  options: StackOptions = {},
): Promise<Stack> {
  loaded ??= loadAllModules();
  const modules = await loaded;
  const root = modules[options.root ?? '.'];
  if (!root) throw new Error(`No root module at ${options.root ?? '.'}.`);
  const moduleOutputs: Record<string, Record<string, unknown>> = { ...options.registryOutputs };
  const scope = moduleScope(root, {
    variables,
    modules: moduleOutputs,
    data: { ...DATA_MOCKS, ...options.data },
    resources: options.resources,
    path: { module: options.root ?? '.', root: options.root ?? '.' },
  });
  const children: Record<string, ChildModule> = {};

  for (const [callName, call] of Object.entries(root.modules)) {
    if (typeof call.source === 'string' && !call.source.startsWith('.')) continue;
    const path = relative(terraformRoot, resolveModuleSource(root, call));
    const module = modules[path];
    if (!module) throw new Error(`module "${callName}" points at ${path}, which is not a module.`);
    const inputs: Record<string, Lazy> = {};
    for (const [name, value] of Object.entries(call)) {
      if (!MODULE_META_ARGUMENTS.has(name)) inputs[name] = new Lazy(() => evaluateAttribute(value, scope));
    }
    const readInput: InputReader = (name) => {
      const lazy = inputs[name];
      if (!lazy) throw new Error(`module "${callName}" is not given "${name}".`);
      return lazy.get();
    };
    // Mocks may read the child's own resource arguments, which need the child's scope: filled in just below,
    // before anything is evaluated.
    const own: { scope?: Scope } = {};
    const readArgument: ResourceArgumentReader = (type, name, argument) => {
      const body = module.resources[type]?.[name];
      if (!body || !Object.hasOwn(body, argument)) {
        throw new Error(`${module.name}: ${type}.${name} has no argument "${argument}".`);
      }
      if (!own.scope) throw new Error(`${module.name}: its scope is not ready.`);
      return evaluateAttribute(body[argument], own.scope);
    };
    const childScope = moduleScope(module, {
      variables: inputs,
      data: DATA_MOCKS,
      resources: RESOURCE_MOCKS[callName]?.(readInput, readArgument) as Record<
        string,
        Record<string, Record<string, unknown>>
      >,
      path: { module: path, root: options.root ?? '.' },
    });
    own.scope = childScope;
    const outputs: Record<string, Lazy> = {};
    for (const [name, block] of Object.entries(module.outputs)) {
      outputs[name] = new Lazy(() => evaluateAttribute(block.value, childScope));
    }
    moduleOutputs[callName] = outputs;
    children[callName] = { module, inputs, scope: childScope, outputs };
  }
  return { modules, root, scope, children };
}

/** The child module call `name`, or a failure that names it. */
export function child(stack: Stack, name: string): ChildModule {
  const found = stack.children[name];
  if (!found) throw new Error(`The root module does not call module "${name}".`);
  return found;
}
