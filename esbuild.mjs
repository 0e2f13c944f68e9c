// Bundles the three entry points (CLI, language server, VS Code client) with esbuild.
// `node esbuild.mjs --watch` rebuilds on change; `--production` minifies for packaging. It also bundles
// GitHub's workflow parser into out/ for the tests (scripts/esbuild-vendor.mjs says why).
// `node esbuild.mjs --action` builds only the GitHub Action's bundle, `action/dist/index.js`, which is
// committed (a JavaScript action runs from the repository with no install step); `--action-out FILE`
// writes it elsewhere, which the test that keeps the committed bundle fresh uses.
// The CLI is built as a small front file, dist/cli.js, and parts required when first needed
// (scripts/esbuild-cli-parts.mjs says which and why); the build fails when two of its files would
// bundle the same module.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { vendorPlugins, vendorTestBundle } from './scripts/esbuild-vendor.mjs';
import { checkParts, cliBuilds } from './scripts/esbuild-cli-parts.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const actionOut = process.argv.includes('--action-out') ? process.argv[process.argv.indexOf('--action-out') + 1] : undefined;
const actionOnly = process.argv.includes('--action') || actionOut !== undefined;

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
  // jsonc-parser's `main` is a UMD build that requires its own modules at run time, which a bundle
  // cannot follow; its ES module build bundles like any other code.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  plugins: vendorPlugins,
};

// The Action's bundle is the same however it is built (minified, no source map), so that a rebuild of
// unchanged sources is byte-for-byte the committed file.
/** @type {import('esbuild').BuildOptions} */
const action = {
  ...common,
  entryPoints: ['server/src/action/main.ts'],
  outfile: actionOut ?? 'action/dist/index.js',
  sourcemap: false,
  minify: true,
  legalComments: 'eof',
};

/** @type {import('esbuild').BuildOptions[]} */
const entries = actionOnly
  ? [action]
  : [
      ...cliBuilds('dist').map((b) => ({ ...b, plugins: [...vendorPlugins, ...b.plugins] })),
      { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
      { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' },
      // GitHub's workflow parser on its own, for the tests that run from out/ (see scripts/esbuild-vendor.mjs).
      { ...vendorTestBundle, sourcemap: false },
    ].filter((e) => !Array.isArray(e.entryPoints) || fs.existsSync(String(e.entryPoints[0])));

// re2-wasm (the linear-time engine for the repository's own regular expressions) loads its
// WebAssembly from the folder of the script that runs it: next to every bundle (the Action's too).
for (const dir of new Set(entries.map((e) => path.dirname(e.outfile)))) {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync('node_modules/re2-wasm/build/wasm/re2.wasm', path.join(dir, 're2.wasm'));
}

const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const results = await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  checkParts(entries.flatMap((e, i) => (e.metafile && results[i].metafile ? [{ outfile: String(e.outfile), metafile: results[i].metafile }] : [])));
}
