import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './load-terraform.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'working-directory'?: string;
}

interface Job {
  name?: string;
  if?: string;
  needs?: string | string[];
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  defaults?: { run?: { 'working-directory'?: string } };
  env?: Record<string, string>;
  steps: Step[];
}

interface Workflow {
  name: string;
  on: Record<string, unknown>;
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  concurrency?: { group: string };
  jobs: Record<string, Job>;
}

const workflowDir = join(repoRoot, '.github/workflows');
const workflows: Record<string, Workflow> = Object.fromEntries(
  readdirSync(workflowDir)
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => [file, parse(readFileSync(join(workflowDir, file), 'utf8')) as Workflow]),
);

function workflow(file: string): Workflow {
  const found = workflows[file];
  if (!found) throw new Error(`No workflow ${file}.`);
  return found;
}

function job(file: string, name: string): Job {
  const found = workflow(file).jobs[name];
  if (!found) throw new Error(`${file} has no job ${name}.`);
  return found;
}

const runs = (steps: Step[]) => steps.map((step) => step.run ?? '').join('\n');
const uses = (steps: Step[]) => steps.map((step) => step.uses ?? '');

/** Resolves ${{ env.X }} (workflow and job env) and ${{ github.workspace }}; other expressions stay. */
function resolveExpressions(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (match, expression: string) => {
    if (expression === 'github.workspace') return repoRoot;
    const name = /^env\.(\w+)$/.exec(expression)?.[1];
    return name && env[name] !== undefined ? resolveExpressions(env[name] as string, env) : match;
  });
}

/** Every repository path a workflow names: working directories, path filters, action inputs, config files. */
function referencedPaths(file: string): string[] {
  const definition = workflow(file);
  const paths: string[] = [];
  for (const trigger of Object.values(definition.on ?? {})) {
    const filters = (trigger as { paths?: string[] } | null)?.paths ?? [];
    // A filter's fixed prefix (before any glob) must exist.
    for (const filter of filters) paths.push(filter.split(/[*?[]/)[0]?.replace(/\/$/, '') ?? '');
  }
  for (const jobDefinition of Object.values(definition.jobs)) {
    const env = { ...definition.env, ...jobDefinition.env };
    const defaultDirectory = jobDefinition.defaults?.run?.['working-directory'];
    if (defaultDirectory) paths.push(resolveExpressions(defaultDirectory, env));
    if (jobDefinition.env?.TFLINT_CONFIG_FILE)
      paths.push(resolveExpressions(jobDefinition.env.TFLINT_CONFIG_FILE, env));
    for (const step of jobDefinition.steps) {
      const directory = step['working-directory'] ?? defaultDirectory ?? '.';
      if (step['working-directory']) paths.push(resolveExpressions(step['working-directory'], env));
      for (const key of ['directory', 'config_file', 'cache-dependency-path']) {
        const value = step.with?.[key];
        if (typeof value === 'string') paths.push(resolveExpressions(value, env));
      }
      for (const match of (step.run ?? '').matchAll(/(?:-chdir=|--usage-file=|--path=)(\S+)/g)) {
        const target = match[1] as string;
        if (target.startsWith('/tmp/')) continue;
        const base = match[0].startsWith('-chdir=') ? resolveExpressions(directory, env) : '.';
        paths.push(join(base, target));
      }
    }
  }
  return paths.map((path) => (path.startsWith('/') ? path : join(repoRoot, path)));
}

describe('workflows', () => {
  it('are the three pipelines, each valid YAML with triggers and jobs', () => {
    expect(Object.keys(workflows).sort()).toEqual(['ci.yml', 'destroy.yml', 'infra.yml']);
    for (const [file, definition] of Object.entries(workflows)) {
      expect(typeof definition.name, file).toBe('string');
      expect(Object.keys(definition.on ?? {}).length, file).toBeGreaterThan(0);
      for (const [name, jobDefinition] of Object.entries(definition.jobs)) {
        expect(jobDefinition.steps.length, `${file}: ${name}`).toBeGreaterThan(0);
      }
    }
  });

  it('name only paths that exist in the repository', () => {
    for (const file of Object.keys(workflows)) {
      const paths = referencedPaths(file);
      for (const path of paths) expect(existsSync(path), `${file}: ${path}`).toBe(true);
    }
    expect(referencedPaths('infra.yml').length).toBeGreaterThan(10);
  });

  it('pin every action to at least a major version and start every job with Harden Runner', () => {
    for (const [file, definition] of Object.entries(workflows)) {
      for (const [name, jobDefinition] of Object.entries(definition.jobs)) {
        expect(jobDefinition.steps[0]?.uses, `${file}: ${name}`).toBe('step-security/harden-runner@v2');
        for (const action of uses(jobDefinition.steps).filter(Boolean)) {
          expect(action, `${file}: ${name}`).toMatch(/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
        }
      }
    }
  });

  it('grant only contents: read at the top, and never put an expression inside a run script’s GitHub token', () => {
    for (const [file, definition] of Object.entries(workflows)) {
      expect(definition.permissions, file).toEqual({ contents: 'read' });
      for (const jobDefinition of Object.values(definition.jobs)) {
        expect(runs(jobDefinition.steps), file).not.toMatch(
          /\$\{\{\s*(secrets\.|github\.token|github\.event\.)/,
        );
      }
    }
  });
});

describe('ci.yml', () => {
  it('installs with npm ci on Node 22 with the npm cache, then lints, typechecks, tests and builds', () => {
    const steps = job('ci.yml', 'test').steps;
    const setupNode = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));

    expect(uses(steps)).toContain('actions/checkout@v4');
    expect(setupNode?.with).toMatchObject({ 'node-version': 22, cache: 'npm' });
    expect(steps.map((step) => step.run).filter(Boolean)).toEqual([
      'npm ci',
      'npm run lint',
      'npm run typecheck',
      'npm test',
      'npm run build',
    ]);
    expect(Object.keys(workflow('ci.yml').on).sort()).toEqual(['pull_request', 'push']);
  });
});

describe('infra.yml', () => {
  const definition = workflow('infra.yml');

  it('runs on pull requests and pushes to main that touch the infrastructure or the application', () => {
    const on = definition.on as Record<string, { paths: string[]; branches?: string[] }>;

    expect(on.push?.branches).toEqual(['main']);
    for (const trigger of [on.pull_request, on.push]) {
      expect(trigger?.paths).toEqual(expect.arrayContaining(['infra/**', 'src/**']));
    }
  });

  it('builds the bundle once and hands it to every Terraform job', () => {
    const build = job('infra.yml', 'build');

    expect(runs(build.steps)).toContain('npm ci && npm run build');
    expect(build.steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))?.with).toMatchObject(
      {
        name: 'lambda-bundle',
        path: 'dist/lambda',
      },
    );
    for (const name of ['static', 'infracost', 'plan', 'apply']) {
      const steps = job('infra.yml', name).steps;
      const download = steps.findIndex((step) => step.uses?.startsWith('actions/download-artifact@'));
      expect(download, name).toBeGreaterThan(0);
      expect(steps[download]?.with, name).toMatchObject({ name: 'lambda-bundle', path: 'dist/lambda' });
    }
    expect(job('infra.yml', 'static').needs).toBe('build');
    expect(job('infra.yml', 'infracost').needs).toBe('build');
  });

  it('checks format, validity, tests, lint rules and security policy before any plan', () => {
    const staticJob = job('infra.yml', 'static');
    const script = runs(staticJob.steps);

    expect(script).toContain('terraform fmt -check -recursive');
    expect(script).toContain('terraform init -backend=false');
    expect(script).toContain('terraform validate');
    expect(script).toContain('terraform -chdir=modules/iam test');
    expect(script).toContain('tflint --init');
    expect(script).toContain('tflint --recursive');
    expect(uses(staticJob.steps)).toEqual(
      expect.arrayContaining([
        'hashicorp/setup-terraform@v3',
        'terraform-linters/setup-tflint@v4',
        'bridgecrewio/checkov-action@v12',
      ]),
    );
    expect(job('infra.yml', 'plan').needs).toBe('static');
    expect(job('infra.yml', 'apply').needs).toBe('static');
  });

  it('comments the Infracost estimate on pull requests only', () => {
    const infracost = job('infra.yml', 'infracost');

    expect(infracost.if).toBe("github.event_name == 'pull_request'");
    expect(infracost.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(uses(infracost.steps)).toContain('infracost/actions/setup@v3');
    expect(runs(infracost.steps)).toMatch(/infracost breakdown[\s\S]*infracost comment github/);
  });

  it('plans pull requests and applies main behind the production environment, with OIDC credentials', () => {
    const plan = job('infra.yml', 'plan');
    const apply = job('infra.yml', 'apply');

    expect(plan.if).toContain("github.event_name == 'pull_request'");
    expect(apply.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(apply.environment).toBe('production');
    expect(plan.environment).toBeUndefined();
    for (const [name, terraformJob] of [
      ['plan', plan],
      ['apply', apply],
    ] as const) {
      expect(terraformJob.permissions?.['id-token'], name).toBe('write');
      const credentials = terraformJob.steps.find((step) =>
        step.uses?.startsWith('aws-actions/configure-aws-credentials@'),
      );
      expect(String(credentials?.with?.['role-to-assume']), name).toMatch(/^\$\{\{ (vars|secrets)\./);
      expect(credentials?.with?.['aws-access-key-id'], name).toBeUndefined();
      expect(runs(terraformJob.steps), name).toContain('use_lockfile=true');
    }
    expect(runs(plan.steps)).toContain('terraform plan');
    expect(runs(plan.steps)).not.toContain('terraform apply');
    expect(runs(apply.steps)).toMatch(
      /terraform plan[\s\S]*terraform apply -input=false -lock-timeout=5m tfplan/,
    );
  });
});

describe('destroy.yml', () => {
  const definition = workflow('destroy.yml');

  it('runs only by hand, with a confirmation input', () => {
    const on = definition.on as { workflow_dispatch?: { inputs?: Record<string, { required?: boolean }> } };

    expect(Object.keys(on)).toEqual(['workflow_dispatch']);
    expect(on.workflow_dispatch?.inputs?.confirm?.required).toBe(true);
  });

  it('refuses without the exact confirmation, then destroys behind the destroy environment with OIDC', () => {
    const confirm = job('destroy.yml', 'confirm');
    const destroy = job('destroy.yml', 'destroy');

    expect(runs(confirm.steps)).toContain('"$CONFIRM" != "destroy bedrock-gateway"');
    expect(confirm.steps.some((step) => step.env?.CONFIRM === `\${{ inputs.confirm }}`)).toBe(true);
    expect(destroy.needs).toBe('confirm');
    expect(destroy.environment).toBe('destroy');
    expect(destroy.permissions?.['id-token']).toBe('write');
    expect(uses(destroy.steps)).toContain('aws-actions/configure-aws-credentials@v4');
    expect(runs(destroy.steps)).toContain('terraform destroy -input=false -auto-approve');
  });

  it('never overlaps an apply', () => {
    expect(definition.concurrency?.group).toBe('terraform-production');
    expect((job('infra.yml', 'apply') as Job & { concurrency?: { group: string } }).concurrency?.group).toBe(
      'terraform-production',
    );
  });
});
