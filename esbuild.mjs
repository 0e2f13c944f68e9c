// Bundles the three entry points (CLI, language server, VS Code client) with esbuild.
// `node esbuild.mjs --watch` rebuilds on change; `--production` minifies for packaging.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

const entries = [
  { entryPoints: ['server/src/cli/bin.ts'], outfile: 'dist/cli.js' },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' },
].filter((e) => fs.existsSync(e.entryPoints[0]));

// re2-wasm (the linear-time engine for the repository's own regular expressions) loads its
// WebAssembly from the folder of the script that runs it: the bundles' folder.
fs.mkdirSync('dist', { recursive: true });
fs.copyFileSync('node_modules/re2-wasm/build/wasm/re2.wasm', 'dist/re2.wasm');

const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
