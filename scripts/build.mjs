// Bundles the gateway with esbuild and prints each bundle's size.
// dist/lambda/index.mjs: the Lambda (nodejs22.x), AWS SDK included, minified, with a sourcemap.
// dist/server.mjs: the Node server for containers; dist/cli.mjs: the key-management CLI.
import { cpSync, rmSync, statSync } from 'node:fs';
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
  { entryPoints: ['src/entry/lambda.ts'], outfile: 'dist/lambda/index.mjs' },
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
  const bytes = statSync(bundle.outfile).size;
  console.log(`${bundle.outfile.padEnd(22)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB`);
}

// The web console (issue 19): static files, never in a bundle. dist/console for the Node server, and a copy
// beside the Lambda bundle for its archive; the gateway reads them only when /console is requested.
const { buildConsole } = await import('./build-console.mjs');
const consoleSizes = await buildConsole('dist/console');
cpSync('dist/console', 'dist/lambda/console', { recursive: true });
const consoleBytes = Object.values(consoleSizes).reduce((sum, bytes) => sum + bytes, 0);
console.log(`${'dist/console/*'.padEnd(22)} ${(consoleBytes / 1024).toFixed(1).padStart(8)} KiB`);
