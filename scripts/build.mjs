// Bundles the gateway with esbuild and prints each bundle's size.
// dist/lambda/index.mjs: the Lambda (nodejs22.x), AWS SDK included, minified. Its source map goes to
//   dist/sourcemaps/lambda/, outside the directory Terraform zips: modules/lambda packages the bundle through
//   archive_file `source` blocks, whose contents land in every state file and saved plan, and the map is four
//   times the bundle's size.
// dist/server.mjs (+ .map): the Node server for containers (the Dockerfile copies both); dist/cli.mjs: the CLI.
// BUILD_OUT_DIR writes somewhere other than dist/ (the tests build into a temp folder).
import { cpSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
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
  // 'external': no sourceMappingURL comment pointing at a file the package does not hold.
  {
    entryPoints: ['src/entry/lambda.ts'],
    outfile: join(outDir, 'lambda/index.mjs'),
    sourcemap: 'external',
    moveSourcemapTo: join(outDir, 'sourcemaps/lambda/index.mjs.map'),
  },
  { entryPoints: ['src/entry/server.ts'], outfile: join(outDir, 'server.mjs') },
  {
    entryPoints: ['src/entry/cli.ts'],
    outfile: join(outDir, 'cli.mjs'),
    banner: { js: `#!/usr/bin/env node\n${requireShim}` },
  },
];

rmSync(outDir, { recursive: true, force: true });
for (const { moveSourcemapTo, ...bundle } of bundles) {
  await build({ ...common, ...bundle });
  if (moveSourcemapTo) {
    mkdirSync(dirname(moveSourcemapTo), { recursive: true });
    renameSync(`${bundle.outfile}.map`, moveSourcemapTo);
  }
  const bytes = statSync(bundle.outfile).size;
  console.log(`${bundle.outfile.padEnd(22)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB`);
}

// The web console (issue 19): static files, never in a bundle. <out>/console for the Node server, and a copy
// beside the Lambda bundle for its archive; the gateway reads them only when /console is requested.
const { buildConsole } = await import('./build-console.mjs');
const consoleSizes = await buildConsole(join(outDir, 'console'));
cpSync(join(outDir, 'console'), join(outDir, 'lambda/console'), { recursive: true });
const consoleBytes = Object.values(consoleSizes).reduce((sum, bytes) => sum + bytes, 0);
console.log(`${join(outDir, 'console/*').padEnd(22)} ${(consoleBytes / 1024).toFixed(1).padStart(8)} KiB`);
