import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../infra/load-terraform.js';
import { lastInstruction, loadDockerfile, type Stage, stageEnv } from './parse-dockerfile.js';

const dockerfile = loadDockerfile(repoRoot);
const runtime = dockerfile.stages.at(-1) as Stage;
const build = dockerfile.stages.find((stage) => stage.name === 'build') as Stage;
const instructions = (stage: Stage, keyword: string) =>
  stage.instructions.filter((instruction) => instruction.keyword === keyword);

/** A FROM reference with the global ARGs' defaults expanded. */
function expandBase(base: string): string {
  return base.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (_, braced, plain) => dockerfile.globalArgs[braced ?? plain] ?? '',
  );
}

describe('Dockerfile', () => {
  it('builds in a separate stage and runs on a Node.js 22 base', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    expect(build).toBeDefined();
    expect(runtime.name).toBe('runtime');
    for (const stage of dockerfile.stages) expect(expandBase(stage.base)).toMatch(/^node:22[.-]/);
    const buildSteps = instructions(build, 'RUN').map((instruction) => instruction.text);
    expect(buildSteps).toEqual(expect.arrayContaining(['npm ci --no-audit --no-fund', 'npm run build']));
  });

  it('copies only the server bundle, its source map and the console’s static files into the runtime stage', () => {
    const copies = [...instructions(runtime, 'COPY'), ...instructions(runtime, 'ADD')];

    expect(copies).toHaveLength(2);
    expect(copies.map((copy) => copy.flags.from)).toEqual(['build', 'build']);
    const sources = copies[0]?.rest.split(/\s+/).slice(0, -1);
    expect(sources).toEqual(['/build/dist/server.mjs', '/build/dist/server.mjs.map']);
    expect(copies[1]?.rest).toBe('/build/dist/console ./console');
    // The bundle is self-contained: no node_modules, no npm install in the runtime stage.
    expect(
      instructions(runtime, 'RUN')
        .map((instruction) => instruction.text)
        .join('\n'),
    ).not.toMatch(/npm|node_modules/);
  });

  it('runs as the unprivileged node user, under tini, with an exec-form CMD', () => {
    const user = lastInstruction(runtime, 'USER');
    const entrypoint = lastInstruction(runtime, 'ENTRYPOINT');
    const command = lastInstruction(runtime, 'CMD');

    expect(user?.text).toBe('node');
    expect(entrypoint?.execForm).toEqual(['/usr/bin/tini', '--']);
    expect(
      instructions(runtime, 'RUN').some((instruction) => /apt-get install .*\btini\b/.test(instruction.text)),
    ).toBe(true);
    expect(command?.execForm).toEqual(['node', 'server.mjs']);
    expect(lastInstruction(runtime, 'WORKDIR')?.text).toBe('/app');
    // The user is set after every RUN, so nothing the image runs at start needs root.
    expect(runtime.instructions.findLastIndex((instruction) => instruction.keyword === 'RUN')).toBeLessThan(
      runtime.instructions.indexOf(user!),
    );
  });

  it('listens on every interface only inside the container, and bakes no configuration in', () => {
    const env = stageEnv(runtime);

    expect(env).toMatchObject({ HOST: '0.0.0.0', PORT: '8080', NODE_ENV: 'production' });
    expect(stageEnv(build).HOST).toBeUndefined();
    expect(Object.keys(env).filter((name) => name.startsWith('GATEWAY_CONFIG'))).toEqual([]);
    expect(Object.keys(env).some((name) => /KEY|SECRET|TOKEN|PASSWORD/.test(name))).toBe(false);
    expect(lastInstruction(runtime, 'EXPOSE')?.text).toBe(env.PORT);
    // Read-only root filesystem: no VOLUME to write to, nothing copied that the process would rewrite.
    expect(instructions(runtime, 'VOLUME')).toEqual([]);
  });

  it('checks /health with Node itself, in exec form (a slim image has no curl)', () => {
    const healthcheck = lastInstruction(runtime, 'HEALTHCHECK');
    const command = healthcheck?.rest.replace(/^CMD\s+/, '') ?? '';

    expect(healthcheck?.flags).toMatchObject({ interval: '15s', timeout: '5s', retries: '3' });
    const exec = JSON.parse(command) as string[];
    expect(exec.slice(0, 2)).toEqual(['node', '-e']);
    expect(exec[2]).toContain("'http://127.0.0.1:'+process.env.PORT+'/health'");
  });
});

describe('.dockerignore', () => {
  it('sends only what the build stage copies: no node_modules, dist, .git, tests or local config', () => {
    const lines = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    const copied = instructions(build, 'COPY').flatMap((instruction) =>
      instruction.rest.split(/\s+/).slice(0, -1),
    );

    expect(lines[0]).toBe('*');
    const allowed = lines
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).replace(/\/$/, ''));
    expect(allowed.sort()).toEqual([...new Set(copied)].sort());
    expect(lines).toContain('src/**/*.test.ts');
  });
});
