/** Runs `node scripts/build.mjs` when a bundle is missing or older than a file under src/. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const BUNDLES = ['dist/lambda/index.mjs', 'dist/server.mjs'] as const;

function newestModificationMs(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export interface BuildOutcome {
  /** False when the bundles were already newer than src/. */
  built: boolean;
  durationMs: number;
}

export function ensureBuild(): BuildOutcome {
  const sourceMs = Math.max(newestModificationMs('src'), statSync('scripts/build.mjs').mtimeMs);
  const stale = BUNDLES.some((bundle) => !existsSync(bundle) || statSync(bundle).mtimeMs < sourceMs);
  if (!stale) return { built: false, durationMs: 0 };
  const started = performance.now();
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`node scripts/build.mjs failed (exit ${result.status})`);
  return { built: true, durationMs: performance.now() - started };
}
