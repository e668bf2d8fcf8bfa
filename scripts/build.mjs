// Bundles the gateway with esbuild and prints each bundle's size.
// dist/lambda/index.mjs: the Lambda (nodejs22.x), AWS SDK included, minified, with a sourcemap.
// dist/server.mjs: the Node server for containers; dist/cli.mjs: the key-management CLI.
import { rmSync, statSync } from 'node:fs';
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

const bundles = [
  // Split: what is imported only dynamically (Powertools Tracer, when tracing is on) goes to chunks/, so the
  // default cold start does not parse it. The Lambda zip holds every file of dist/lambda.
  {
    entryPoints: { index: 'src/entry/lambda.ts' },
    outdir: 'dist/lambda',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
  },
  { entryPoints: ['src/entry/server.ts'], outfile: 'dist/server.mjs' },
  {
    entryPoints: ['src/entry/cli.ts'],
    outfile: 'dist/cli.mjs',
    banner: { js: `#!/usr/bin/env node\n${requireShim}` },
  },
];

rmSync('dist', { recursive: true, force: true });
for (const bundle of bundles) {
  await build({ ...common, ...bundle });
  const outfile = bundle.outfile ?? `${bundle.outdir}/index.mjs`;
  const bytes = statSync(outfile).size;
  console.log(`${outfile.padEnd(22)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB`);
}
