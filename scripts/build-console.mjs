// Builds the web console (src/console) into static files: index.html, console.js, console.css.
// Preact + uPlot, bundled and minified by esbuild. The gateway serves these from disk (src/http/routes/console.ts),
// so they never enter the Lambda bundle.
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The files a console build holds, as the console route serves them. */
export const CONSOLE_FILES = ['index.html', 'console.js', 'console.css'];

/**
 * Writes the console into `outdir` and returns each file's size in bytes. Browsers only: ES2022 (every
 * evergreen browser), no source maps (they would be served too).
 */
export async function buildConsole(outdir) {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { console: join(root, 'src/console/app/main.tsx') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'src/console/index.html'), join(outdir, 'index.html'));
  return Object.fromEntries(CONSOLE_FILES.map((file) => [file, statSync(join(outdir, file)).size]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2] ?? join(root, 'dist/console');
  const sizes = await buildConsole(outdir);
  for (const [file, bytes] of Object.entries(sizes))
    console.log(`${join(outdir, file)}  ${(bytes / 1024).toFixed(1)} KiB`);
}
