// Bundles the gateway with esbuild and prints each bundle's size.
// dist/lambda/index.mjs (+ chunks/): the Lambda (nodejs22.x), minified. Its source maps go to
//   dist/sourcemaps/lambda/, outside the directory Terraform zips: modules/lambda packages the bundle through
//   archive_file `source` blocks, whose contents land in every state file and saved plan, and the map is four
//   times the bundle's size.
// dist/server.mjs (+ .map): the Node server for containers (the Dockerfile copies both); dist/cli.mjs: the CLI.
// BUILD_OUT_DIR writes somewhere other than dist/ (the tests build into a temp folder).
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

/**
 * zod re-exports all of its ~60 message locales as a namespace (`z.locales`), which defeats tree-shaking and
 * adds about 250 KiB. The gateway's messages are English, so the locales index resolves to English alone.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(builder) {
    builder.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes('/node_modules/zod/')
        ? { path: join(dirname(args.importer), '../locales/en.js') }
        : undefined,
    );
  },
};

// Some bundled CommonJS dependencies call require() for Node built-ins; ESM output needs one.
const requireShim =
  "import { createRequire as __createRequire } from 'node:module';const require = __createRequire(import.meta.url);";

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  banner: { js: requireShim },
  logLevel: 'warning',
  plugins: [zodEnglishOnly],
};

const outDir = process.env.BUILD_OUT_DIR || 'dist';

const bundles = [
  // Split: what is imported only dynamically (Powertools Tracer, when tracing is on) goes to chunks/, so the
  // default cold start does not parse it. The Lambda zip holds every .mjs file of dist/lambda.
  // Maps 'external' (no sourceMappingURL comment pointing at a file the package does not hold), moved out of
  // dist/lambda into dist/sourcemaps/lambda, so neither the archive nor the Terraform state carries them.
  {
    entryPoints: { index: 'src/entry/lambda.ts' },
    outdir: join(outDir, 'lambda'),
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'external',
    moveSourcemapsTo: join(outDir, 'sourcemaps/lambda'),
  },
  { entryPoints: ['src/entry/server.ts'], outfile: join(outDir, 'server.mjs') },
  {
    entryPoints: ['src/entry/cli.ts'],
    outfile: join(outDir, 'cli.mjs'),
    banner: { js: `#!/usr/bin/env node\n${requireShim}` },
  },
];

/** Moves every source map under `fromDir` (the bundle's and its chunks') to the same place under `toDir`. */
function moveSourcemaps(fromDir, toDir) {
  for (const file of readdirSync(fromDir, { recursive: true })) {
    if (!String(file).endsWith('.map')) continue;
    const target = join(toDir, String(file));
    mkdirSync(dirname(target), { recursive: true });
    renameSync(join(fromDir, String(file)), target);
  }
}

rmSync(outDir, { recursive: true, force: true });
for (const { moveSourcemapsTo, ...bundle } of bundles) {
  await build({ ...common, ...bundle });
  if (moveSourcemapsTo) moveSourcemaps(bundle.outdir, moveSourcemapsTo);
  const outfile = bundle.outfile ?? join(bundle.outdir, 'index.mjs');
  const bytes = statSync(outfile).size;
  console.log(`${outfile.padEnd(22)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB`);
}

// The web console (issue 19): static files, never in a bundle. <out>/console for the Node server, and a copy
// beside the Lambda bundle for its archive; the gateway reads them only when /console is requested.
const { buildConsole } = await import('./build-console.mjs');
const consoleSizes = await buildConsole(join(outDir, 'console'));
cpSync(join(outDir, 'console'), join(outDir, 'lambda/console'), { recursive: true });
const consoleBytes = Object.values(consoleSizes).reduce((sum, bytes) => sum + bytes, 0);
console.log(`${join(outDir, 'console/*').padEnd(22)} ${(consoleBytes / 1024).toFixed(1).padStart(8)} KiB`);
