/**
 * Figure 4, cold init: in a fresh `node` process each time, import the Lambda bundle (dist/lambda/index.mjs)
 * with the runtime's `awslambda` global stubbed and a Lambda-like environment, against a minimal streaming
 * handler imported the same way. Both the whole process wall time (spawn to exit, Node's own start-up
 * included) and the in-process time to handler ready are taken; the two kinds alternate run by run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { percentile } from './percentile.js';

export const LAMBDA_BUNDLE = 'dist/lambda/index.mjs';
const LOADER = resolve('bench/cold-init/load-handler.mjs');
const MINIMAL_HANDLER = resolve('bench/cold-init/minimal-handler.mjs');

/**
 * What the Node.js runtime sets, plus the gateway's own variables. The endpoints point at a closed loopback
 * port: importing must not touch the network.
 */
const LAMBDA_ENVIRONMENT: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_LAMBDA_FUNCTION_NAME: 'bedrock-gateway',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  GATEWAY_AUTH: 'api-key',
  BEDROCK_ENDPOINT: 'http://127.0.0.1:9',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
};

export interface ColdInitSeries {
  label: string;
  /** Median spawn-to-exit time of `node load-handler.mjs <module>`. */
  wallMs: number;
  /** Median of the process's own `performance.now()` when the handler was ready. */
  readyMs: number;
  /** Median CPU time (user + system) of the process by then: less sensitive than wall time to a busy machine. */
  cpuMs: number;
}

export interface ColdInitResult {
  runs: number;
  /** What a cold start loads: index.mjs and the chunks it imports statically, transitively (no source maps). */
  bundleBytes: number;
  /** Those files, relative to dist/lambda, with their sizes. */
  coldPathFiles: Array<{ file: string; bytes: number }>;
  /** Every JavaScript file of dist/lambda, dynamically imported chunks included (no source maps). */
  allFilesBytes: number;
  minimal: ColdInitSeries;
  bundle: ColdInitSeries;
}

interface ColdInitSample {
  wallMs: number;
  readyMs: number;
  cpuMs: number;
}

function loadOnce(modulePath: string, cwd: string): Promise<ColdInitSample> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [LOADER, modulePath], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...LAMBDA_ENVIRONMENT },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`loading ${modulePath} failed (exit ${code}): ${stderr}`));
      resolvePromise({ wallMs, ...(JSON.parse(stdout) as { readyMs: number; cpuMs: number }) });
    });
  });
}

function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** Relative static imports of an esbuild ESM output file (`from"./x.mjs"` or `import"./x.mjs"`). */
function listStaticImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const match of source.matchAll(/(?:\bfrom|\bimport)\s*["'](\.{1,2}\/[^"']+\.mjs)["']/g))
    found.add(resolve(dirname(file), match[1]!));
  return [...found];
}

/** index.mjs and what it imports statically: the files a cold start parses. */
export function listColdPathFiles(entry = LAMBDA_BUNDLE): Array<{ file: string; bytes: number }> {
  const seen = new Set<string>();
  const pending = [resolve(entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    pending.push(...listStaticImports(file));
  }
  const root = dirname(resolve(entry));
  return [...seen].map((file) => ({ file: relative(root, file), bytes: statSync(file).size }));
}

function sumJavaScriptBytes(directory: string): number {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.mjs') || name.endsWith('.js'))
    .reduce((sum, name) => sum + statSync(join(directory, name)).size, 0);
}

export async function measureColdInit(runs: number): Promise<ColdInitResult> {
  // An empty working directory, so no gateway.config.json is found; the config comes from the environment.
  const cwd = mkdtempSync(join(tmpdir(), 'bgw-cold-init-'));
  const kinds = [
    {
      label: 'minimal streaming handler',
      path: MINIMAL_HANDLER,
      samples: [] as ColdInitSample[],
    },
    {
      label: `Lambda bundle (${LAMBDA_BUNDLE})`,
      path: resolve(LAMBDA_BUNDLE),
      samples: [] as ColdInitSample[],
    },
  ];
  // The first round only brings the files into the page cache.
  for (let round = 0; round <= runs; round++) {
    for (const kind of kinds) {
      const sample = await loadOnce(kind.path, cwd);
      if (round > 0) kind.samples.push(sample);
    }
  }
  const [minimal, bundle] = kinds.map(({ label, samples }) => ({
    label,
    wallMs: median(samples.map((sample) => sample.wallMs)),
    readyMs: median(samples.map((sample) => sample.readyMs)),
    cpuMs: median(samples.map((sample) => sample.cpuMs)),
  }));
  const coldPathFiles = listColdPathFiles();
  return {
    runs,
    bundleBytes: coldPathFiles.reduce((sum, entry) => sum + entry.bytes, 0),
    coldPathFiles,
    allFilesBytes: sumJavaScriptBytes(dirname(LAMBDA_BUNDLE)),
    minimal: minimal!,
    bundle: bundle!,
  };
}
