import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Body,
  collectStrings,
  loadAllModules,
  MODULE_META_ARGUMENTS,
  resolveModuleSource,
  type TerraformModule,
  terraformRoot,
} from './load-terraform.js';

const modules = await loadAllModules();
/** The two roots (the Lambda target and the container target) and the local modules: not the examples. */
const reusableModules = Object.entries(modules).filter(([path]) => !path.startsWith('examples/'));

/** A call of a terraform-aws-modules registry module (the container root's vpc, alb, ecs, ecr, s3-bucket). */
const isRegistryCall = (call: Body) =>
  typeof call.source === 'string' && call.source.startsWith('terraform-aws-modules/');
/** The calls of a module to the repository's own modules, by name. */
const localCalls = (module: TerraformModule) =>
  Object.entries(module.modules).filter(([, call]) => !isRegistryCall(call));

function moduleAt(path: string): TerraformModule {
  const module = modules[path];
  if (!module) throw new Error(`No Terraform module at infra/terraform/${path}.`);
  return module;
}

/** The text inside each top-level "${...}" of a string: the expression parts, never literal text. */
function interpolations(text: string): string[] {
  const found: string[] = [];
  let start = text.indexOf(`\${`);
  while (start !== -1) {
    if (text[start - 1] === '$') {
      start = text.indexOf(`\${`, start + 2);
      continue;
    }
    let depth = 0;
    let end = start;
    for (; end < text.length; end += 1) {
      if (text[end] === '{') depth += 1;
      else if (text[end] === '}') {
        depth -= 1;
        if (depth === 0) break;
      }
    }
    found.push(text.slice(start + 2, end));
    start = text.indexOf(`\${`, end + 1);
  }
  return found;
}

/** Every reference of the form var.x, local.x, module.x.y, data.t.n and <resource type>.n in a module. */
function references(module: TerraformModule) {
  const expressions = collectStrings([
    module.variables,
    module.outputs,
    module.locals,
    module.resources,
    module.data,
    module.modules,
  ]).flatMap(interpolations);
  const all = (pattern: RegExp) => expressions.flatMap((expression) => [...expression.matchAll(pattern)]);
  return {
    variables: all(/(?<![\w.-])var\.([A-Za-z_][\w-]*)/g).map((match) => match[1] as string),
    locals: all(/(?<![\w.-])local\.([A-Za-z_][\w-]*)/g).map((match) => match[1] as string),
    moduleOutputs: all(/(?<![\w.-])module\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)/g).map((match) => [
      match[1] as string,
      match[2] as string,
    ]),
    data: all(/(?<![\w.-])data\.([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)/g).map((match) => [
      match[1] as string,
      match[2] as string,
    ]),
    resources: all(/(?<![\w.-])((?:aws|archive)_[a-z0-9_]+)\.([A-Za-z_][\w-]*)/g).map((match) => [
      match[1] as string,
      match[2] as string,
    ]),
  };
}

describe('module layout (terraform-aws-modules conventions)', () => {
  it('gives the roots and every module main.tf, variables.tf, outputs.tf, versions.tf and a README', () => {
    const expected = [
      '.',
      'container',
      'modules/api_gateway',
      'modules/dynamodb',
      'modules/iam',
      'modules/lambda',
      'modules/observability',
    ];

    expect(reusableModules.map(([path]) => path)).toEqual(expected);
    for (const [path] of reusableModules) {
      for (const file of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'README.md']) {
        expect(existsSync(join(terraformRoot, path, file)), `${path}/${file}`).toBe(true);
      }
    }
  });

  it('has examples/complete calling the root module with a us. and a global. inference profile', () => {
    const example = moduleAt('examples/complete');
    const call = example.modules.gateway;

    expect(call?.source).toBe('../..');
    const models = Object.values((call?.models ?? {}) as Record<string, { id: string }>).map(
      (model) => model.id,
    );
    expect(models.some((id) => id.startsWith('us.'))).toBe(true);
    expect(models.some((id) => id.startsWith('global.'))).toBe(true);
    expect(existsSync(join(terraformRoot, 'examples/complete/README.md'))).toBe(true);
  });

  it('calls the iam, lambda, api_gateway, dynamodb and observability modules from the root', () => {
    const root = moduleAt('.');

    expect(
      Object.fromEntries(Object.entries(root.modules).map(([name, call]) => [name, call.source])),
    ).toEqual({
      api_gateway: './modules/api_gateway',
      dynamodb: './modules/dynamodb',
      iam: './modules/iam',
      lambda: './modules/lambda',
      observability: './modules/observability',
    });
  });

  it('pins Terraform >= 1.10, the AWS provider >= 6.28 and the archive provider where it is used', () => {
    // The container target needs what its registry modules need: s3-bucket 5.15.4 requires hashicorp/aws
    // >= 6.42, the highest of the pinned versions (their versions.tf).
    const containerTarget = (path: string) => path === 'container' || path === 'examples/container';
    for (const [path, module] of Object.entries(modules)) {
      const settings = module.terraform[0] ?? {};
      const providers = ((settings.required_providers as Body[] | undefined)?.[0] ?? {}) as Record<
        string,
        Body
      >;

      expect(settings.required_version, path).toBe('>= 1.10');
      expect(providers.aws, path).toEqual({
        source: 'hashicorp/aws',
        version: containerTarget(path) ? '>= 6.42' : '>= 6.28',
      });
      const usesArchive =
        Object.keys(module.data).includes('archive_file') || path === '.' || path === 'examples/complete';
      if (usesArchive)
        expect(providers.archive, path).toEqual({ source: 'hashicorp/archive', version: '>= 2.7' });
      else expect(providers.archive, path).toBeUndefined();
    }
  });

  it('names a lone resource of its type "this"', () => {
    for (const [path, module] of Object.entries(modules)) {
      for (const [type, byName] of Object.entries(module.resources)) {
        const names = Object.keys(byName);
        if (names.length === 1) expect(`${type}.${names[0]}`, path).toBe(`${type}.this`);
      }
    }
  });
});

describe('variables and outputs', () => {
  it('gives every variable of every module a description and a type', () => {
    let count = 0;
    for (const [path, module] of Object.entries(modules)) {
      for (const [name, variable] of Object.entries(module.variables)) {
        count += 1;
        expect(
          typeof variable.description === 'string' && variable.description.length > 10,
          `${path}: ${name}`,
        ).toBe(true);
        expect(typeof variable.type === 'string' && variable.type.length > 0, `${path}: ${name} type`).toBe(
          true,
        );
      }
    }
    expect(count).toBeGreaterThan(50);
  });

  it('orders each variable description, type, default, then validation', () => {
    for (const [path, module] of Object.entries(modules)) {
      const text = module.files['variables.tf'] ?? '';
      const blocks = text.split(/^variable "/m).slice(1);
      expect(blocks.length, path).toBe(Object.keys(module.variables).length);
      for (const block of blocks) {
        const name = block.slice(0, block.indexOf('"'));
        const order = ['description', 'type', 'default', 'nullable', 'validation']
          .map((key) => [key, block.search(new RegExp(`^  ${key}\\b`, 'm'))] as const)
          .filter(([, index]) => index !== -1);
        const positions = order.map(([, index]) => index);
        expect(positions, `${path}: ${name} has ${order.map(([key]) => key).join(', ')}`).toEqual(
          [...positions].sort((a, b) => a - b),
        );
      }
    }
  });

  it('gives every output a description and a null-safe try() value', () => {
    for (const [path, module] of Object.entries(modules)) {
      for (const [name, output] of Object.entries(module.outputs)) {
        expect(typeof output.description, `${path}: output ${name}`).toBe('string');
        expect(String(output.value), `${path}: output ${name}`).toMatch(/^\$\{try\(/);
      }
    }
  });

  it('puts a validation on every root variable that is an enum, a range or a pattern', () => {
    const root = moduleAt('.');
    const validated = [
      'region',
      'name_prefix',
      'models',
      'default_model',
      'bedrock_region',
      'lambda_memory_size',
      'lambda_timeout',
      'lambda_reserved_concurrency',
      'log_level',
      'log_retention_in_days',
      'logs_kms_key_arn',
      'stage_name',
      'throttling_burst_limit',
      'throttling_rate_limit',
      'integration_timeout_ms',
      'execution_logging_level',
      'waf_web_acl_arn',
      'custom_domain',
      'kms_key_arn',
    ];

    for (const name of validated) {
      const rules = root.variables[name]?.validation as Body[] | undefined;
      expect(rules?.length ?? 0, name).toBeGreaterThan(0);
    }
  });

  it('declares the root inputs the deployment needs', () => {
    const root = moduleAt('.');

    expect(Object.keys(root.variables)).toEqual(
      expect.arrayContaining([
        'region',
        'name_prefix',
        'tags',
        'models',
        'default_model',
        'lambda_memory_size',
        'lambda_timeout',
        'lambda_reserved_concurrency',
        'log_retention_in_days',
        'log_level',
        'throttling_burst_limit',
        'throttling_rate_limit',
        'integration_timeout_ms',
        'waf_web_acl_arn',
        'custom_domain',
        'lambda_source_dir',
        'kms_key_arn',
      ]),
    );
    expect(root.variables.lambda_reserved_concurrency?.default).toBeNull();
    expect(root.variables.custom_domain?.default).toBeNull();
    expect(root.variables.waf_web_acl_arn?.default).toBeNull();
  });

  it('outputs the endpoint, table names, log group names and function name', () => {
    expect(Object.keys(moduleAt('.').outputs)).toEqual(
      expect.arrayContaining([
        'api_endpoint',
        'keys_table_name',
        'usage_table_name',
        'lambda_log_group_name',
        'access_log_group_name',
        'function_name',
      ]),
    );
  });
});

describe('wiring', () => {
  it('passes every module only variables it declares, and all of its required ones', () => {
    let calls = 0;
    for (const caller of Object.values(modules)) {
      for (const [name, call] of localCalls(caller)) {
        calls += 1;
        const target = relative(terraformRoot, resolveModuleSource(caller, call)) || '.';
        const callee = moduleAt(target);
        const passed = Object.keys(call).filter((argument) => !MODULE_META_ARGUMENTS.has(argument));
        const declared = Object.keys(callee.variables);
        const required = Object.entries(callee.variables)
          .filter(([, variable]) => !Object.hasOwn(variable, 'default'))
          .map(([variable]) => variable);

        expect(
          passed.filter((argument) => !declared.includes(argument)),
          `${caller.name}: module "${name}" passes undeclared variables`,
        ).toEqual([]);
        expect(
          required.filter((variable) => !passed.includes(variable)),
          `${caller.name}: module "${name}" misses required variables`,
        ).toEqual([]);
      }
    }
    // The Lambda root's five, examples/complete's one, the container root's two, examples/container's one.
    expect(calls).toBe(9);
  });

  it('refers only to outputs that the called module declares', () => {
    let checked = 0;
    for (const caller of Object.values(modules)) {
      for (const [name, output] of references(caller).moduleOutputs) {
        const call = caller.modules[name as string];
        expect(call, `${caller.name}: module.${name} is not called`).toBeDefined();
        // Registry modules' outputs are checked by the terraform-schema tool against their pinned checkouts.
        if (isRegistryCall(call as Body)) continue;
        const callee = moduleAt(relative(terraformRoot, resolveModuleSource(caller, call as Body)) || '.');
        expect(Object.keys(callee.outputs), `${caller.name}: module.${name}.${output}`).toContain(output);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('refers only to variables, locals, data sources and resources that exist in the same module', () => {
    for (const [path, module] of Object.entries(modules)) {
      const found = references(module);
      for (const name of found.variables)
        expect(Object.keys(module.variables), `${path}: var.${name}`).toContain(name);
      for (const name of found.locals)
        expect(Object.keys(module.locals), `${path}: local.${name}`).toContain(name);
      for (const [type, name] of found.data) {
        expect(Object.keys(module.data[type as string] ?? {}), `${path}: data.${type}.${name}`).toContain(
          name,
        );
      }
      for (const [type, name] of found.resources) {
        expect(Object.keys(module.resources[type as string] ?? {}), `${path}: ${type}.${name}`).toContain(
          name,
        );
      }
    }
  });

  it('uses every variable, local and data source it declares (tflint terraform_unused_declarations)', () => {
    for (const [path, module] of Object.entries(modules)) {
      const found = references(module);
      for (const name of Object.keys(module.variables))
        expect(found.variables, `${path}: var.${name}`).toContain(name);
      for (const name of Object.keys(module.locals))
        expect(found.locals, `${path}: local.${name}`).toContain(name);
      for (const [type, byName] of Object.entries(module.data)) {
        for (const name of Object.keys(byName)) {
          expect(
            found.data.some(([t, n]) => t === type && n === name),
            `${path}: data.${type}.${name}`,
          ).toBe(true);
        }
      }
    }
  });
});

describe('READMEs', () => {
  /** Names in the first column of the rows of the table under a "## <heading>" section. */
  function tableNames(readme: string, heading: string): string[] {
    const section = readme.split(/^## /m).find((part) => part.startsWith(heading)) ?? '';
    return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1] as string);
  }

  it('documents exactly the inputs and outputs of each module in its README tables', () => {
    for (const [path, module] of reusableModules) {
      const readme = readFileSync(join(terraformRoot, path, 'README.md'), 'utf8');

      expect(tableNames(readme, 'Inputs').sort(), `${path} README inputs`).toEqual(
        Object.keys(module.variables).sort(),
      );
      expect(tableNames(readme, 'Outputs').sort(), `${path} README outputs`).toEqual(
        Object.keys(module.outputs).sort(),
      );
    }
  });
});
