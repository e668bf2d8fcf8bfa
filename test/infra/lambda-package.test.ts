import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAttribute, moduleScope } from './evaluate-hcl.js';
import { loadModule, repoRoot, terraformRoot } from './load-terraform.js';

const run = promisify(execFile);
let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'bgw-build-'));
  await run(process.execPath, ['scripts/build.mjs'], {
    cwd: repoRoot,
    env: { ...process.env, BUILD_OUT_DIR: outDir },
  });
}, 60_000);
afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the Lambda package keeps state small', () => {
  it('has npm run build write the Lambda source maps outside dist/lambda, with no comment pointing at them', () => {
    const bundle = readFileSync(join(outDir, 'lambda/index.mjs'), 'utf8');
    const files = (readdirSync(join(outDir, 'lambda'), { recursive: true }) as string[]).sort();
    // The split build's chunks (what only a dynamic import loads, e.g. the Tracer) are bundle files too.
    const chunks = files.filter((file) => file.startsWith('chunks/'));

    expect(readdirSync(join(outDir, 'lambda')).sort()).toEqual(['chunks', 'console', 'index.mjs']);
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.every((file) => file.endsWith('.mjs'))).toBe(true);
    for (const chunk of chunks) {
      expect(existsSync(join(outDir, 'sourcemaps/lambda', `${chunk}.map`))).toBe(true);
      expect(readFileSync(join(outDir, 'lambda', chunk), 'utf8')).not.toContain('sourceMappingURL');
    }
    expect(readdirSync(join(outDir, 'lambda/console')).sort()).toEqual([
      'console.css',
      'console.js',
      'index.html',
    ]);
    expect(existsSync(join(outDir, 'sourcemaps/lambda/index.mjs.map'))).toBe(true);
    expect(bundle).not.toContain('sourceMappingURL');
    // The server bundle keeps its map beside it: the Dockerfile copies both.
    expect(existsSync(join(outDir, 'server.mjs.map'))).toBe(true);
  });

  it('packages the bundle and never a *.map, even when one sits in the bundle directory', async () => {
    // Prepare: the build output, plus a stray map and a local config in the bundle directory.
    const module = await loadModule(join(terraformRoot, 'modules/lambda'));
    const strayDir = mkdtempSync(join(tmpdir(), 'bgw-bundle-'));
    for (const file of ['index.mjs', 'index.mjs.map', 'chunk.js', 'gateway.config.json']) {
      copyFileSync(join(outDir, 'lambda/index.mjs'), join(strayDir, file));
    }

    try {
      // Act
      const built = await evaluateAttribute(
        module.locals.bundle_files,
        moduleScope(module, { variables: { source_dir: join(outDir, 'lambda') } }),
      );
      const stray = await evaluateAttribute(
        module.locals.bundle_files,
        moduleScope(module, { variables: { source_dir: strayDir } }),
      );

      // Assess: what archive_file reads with file() and keeps in the state.
      const chunks = (readdirSync(join(outDir, 'lambda/chunks')) as string[]).map((file) => `chunks/${file}`);
      expect(built).toEqual(
        [...chunks, 'console/console.css', 'console/console.js', 'console/index.html', 'index.mjs'].sort(),
      );
      expect((built as string[]).some((file) => file.endsWith('.map'))).toBe(false);
      expect(stray).toEqual(['chunk.js', 'index.mjs']);
      const stateBytes = statSync(join(outDir, 'lambda/index.mjs')).size;
      expect(stateBytes).toBeLessThan(statSync(join(outDir, 'sourcemaps/lambda/index.mjs.map')).size);
    } finally {
      rmSync(strayDir, { recursive: true, force: true });
    }
  });
});
