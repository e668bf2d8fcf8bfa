import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadAllModules, repoRoot } from './load-terraform.js';

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
  concurrency?: { group: string; 'cancel-in-progress'?: boolean | string };
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
  it('are the four pipelines, each valid YAML with triggers and jobs', () => {
    expect(Object.keys(workflows).sort()).toEqual(['app-cd.yml', 'app-ci.yml', 'destroy.yml', 'infra.yml']);
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

describe('app-ci.yml', () => {
  it('installs with npm ci on Node 22 with the npm cache, then lints, typechecks, tests and builds', () => {
    const steps = job('app-ci.yml', 'test').steps;
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
    const on = workflow('app-ci.yml').on as Record<string, { branches?: string[] } | null>;
    expect(Object.keys(on).sort()).toEqual(['pull_request', 'push']);
    expect(on.push?.branches).toEqual(['main']);
  });

  it('pushes the image only from main, after the tests, tagged with the commit SHA and never a moving tag', () => {
    const image = job('app-ci.yml', 'image');
    const script = runs(image.steps);

    expect(image.needs).toBe('test');
    expect(image.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(image.env?.IMAGE_TAG).toBe(`\${{ github.sha }}`);
    expect(uses(image.steps)).toEqual(
      expect.arrayContaining(['aws-actions/configure-aws-credentials@v4', 'aws-actions/amazon-ecr-login@v2']),
    );
    expect(script).toContain('image="$REGISTRY/$ECR_REPOSITORY:$IMAGE_TAG"');
    expect(script).toMatch(/docker build [^\n]*-t "\$image" \./);
    expect(script).toContain('docker push "$image"');
    expect(script).not.toMatch(/:latest|--tag[= ]latest/);
    // A re-run keeps the pushed image instead of failing on the immutable tag.
    expect(script).toMatch(/if aws ecr describe-images [^\n]*imageTag="\$IMAGE_TAG"/);
  });

  it('pushes to a repository whose tags are immutable', async () => {
    const container = (await loadAllModules()).container;

    expect(container?.modules.ecr?.repository_image_tag_mutability).toBe('IMMUTABLE');
  });
});

describe('app-cd.yml', () => {
  const definition = workflow('app-cd.yml');
  const deploy = job('app-cd.yml', 'deploy');
  const script = runs(deploy.steps);

  it('runs after a successful app-ci on main, or by hand, one deployment at a time', () => {
    const on = definition.on as {
      workflow_run?: { workflows: string[]; types: string[]; branches: string[] };
      workflow_dispatch?: { inputs?: Record<string, unknown> };
    };

    expect(Object.keys(on).sort()).toEqual(['workflow_dispatch', 'workflow_run']);
    expect(on.workflow_run).toEqual({
      workflows: [workflow('app-ci.yml').name],
      types: ['completed'],
      branches: ['main'],
    });
    expect(on.workflow_dispatch?.inputs).toHaveProperty('image_tag');
    expect(deploy.if).toContain("github.event.workflow_run.conclusion == 'success'");
    expect(deploy.if).toContain("github.event.workflow_run.event == 'push'");
    expect(deploy.if).toContain("github.event_name == 'workflow_dispatch'");
    expect(definition.concurrency).toMatchObject({ group: 'app-cd-production', 'cancel-in-progress': false });
  });

  it('deploys behind the production environment the commit app-ci built', () => {
    expect(deploy.environment).toBe('production');
    expect(deploy.env?.IMAGE_TAG).toBe(
      `\${{ inputs.image_tag || github.event.workflow_run.head_sha || github.sha }}`,
    );
  });

  it('resolves the tag to its digest and registers the task definition with image@digest', () => {
    expect(script).toMatch(
      /aws ecr describe-images [^\n]*imageTag="\$IMAGE_TAG" --query 'imageDetails\[0\]\.imageDigest'/,
    );
    expect(script).toContain('echo "image=$repository@$digest"');
    expect(script).toContain('case "$digest" in sha256:*)');
    expect(script).toContain('.image = $image');
    expect(script).toContain('aws ecs register-task-definition --cli-input-json file://next.json');
    const register = deploy.steps.find((step) => step.run?.includes('register-task-definition'));
    expect(register?.env?.IMAGE).toBe(`\${{ steps.image.outputs.image }}`);
    expect(script).not.toMatch(/:\$IMAGE_TAG/);
  });

  it('waits for service stability and fails when the circuit breaker rolled the deployment back', () => {
    expect(script).toContain(
      'aws ecs update-service --cluster "$ECS_CLUSTER" --service "$ECS_SERVICE" --task-definition "$TASK_DEFINITION"',
    );
    expect(script).toContain(
      'aws ecs wait services-stable --cluster "$ECS_CLUSTER" --services "$ECS_SERVICE"',
    );
    expect(script).toMatch(/if \[ "\$running" != "\$TASK_DEFINITION" \]; then[\s\S]*exit 1/);
  });
});

describe('OIDC in every workflow', () => {
  it('gives each job that assumes an AWS role id-token: write and a role from a variable, never access keys', () => {
    let assuming = 0;
    for (const [file, definition] of Object.entries(workflows)) {
      for (const [name, jobDefinition] of Object.entries(definition.jobs)) {
        const credentials = jobDefinition.steps.filter((step) =>
          step.uses?.startsWith('aws-actions/configure-aws-credentials@'),
        );
        if (credentials.length === 0) {
          expect(jobDefinition.permissions?.['id-token'], `${file}: ${name}`).toBeUndefined();
          continue;
        }
        assuming += 1;
        expect(jobDefinition.permissions?.['id-token'], `${file}: ${name}`).toBe('write');
        for (const step of credentials) {
          expect(String(step.with?.['role-to-assume']), `${file}: ${name}`).toMatch(
            /^\$\{\{ vars\.\w+ \}\}$/,
          );
          expect(step.with?.['aws-access-key-id'], `${file}: ${name}`).toBeUndefined();
          expect(step.with?.['aws-secret-access-key'], `${file}: ${name}`).toBeUndefined();
        }
      }
    }
    // infra plan and apply, destroy, the image push, the deployment.
    expect(assuming).toBe(5);
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

    expect(script).toContain('terraform -chdir=container validate');
    expect(script).toContain('terraform -chdir=examples/container validate');
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

  it('plans pull requests with the read-only plan role only, never falling back to the deploy role', () => {
    const credentials = (name: string) =>
      job('infra.yml', name).steps.find((step) =>
        step.uses?.startsWith('aws-actions/configure-aws-credentials@'),
      );

    expect(credentials('plan')?.with?.['role-to-assume']).toBe(`\${{ vars.AWS_PLAN_ROLE_TO_ASSUME }}`);
    expect(credentials('apply')?.with?.['role-to-assume']).toBe(`\${{ vars.AWS_ROLE_TO_ASSUME }}`);
  });

  it('documents the plan role trusted for pull_request, and a deploy role that is not', () => {
    const guide = readFileSync(join(repoRoot, 'docs/deploy.md'), 'utf8');
    const policies = [...guide.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1] as string);
    const subjects = (policy: string) =>
      [...policy.matchAll(/"repo:OWNER\/REPO:([^"]+)"/g)].map((match) => match[1] as string);
    const trustPolicies = policies.filter((policy) => policy.includes('sts:AssumeRoleWithWebIdentity'));

    expect(trustPolicies.map(subjects)).toEqual(
      expect.arrayContaining([['environment:production', 'environment:destroy'], ['pull_request']]),
    );
    expect(guide).toMatch(/AWS_PLAN_ROLE_TO_ASSUME/);
    expect(guide).toMatch(/ReadOnlyAccess/);
    expect(guide).toMatch(/<state key>\.tflock/);
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
