// How the CLI is built in parts, so that starting it costs only what the command needs.
//
// Node compiles a script before running any of it, and the whole engine in one file (4.4 MB) took
// most of the CLI's start-up: `readiness --version` cost 0.3 s of CPU over an empty Node. So the CLI
// is a small front file, `dist/cli.js` (the commands and their options: commander and a few
// constants), and parts in files of their own next to it, each required the first time it is needed:
//
//   - `cli-engine.js`: the engine's half of the CLI (server/src/cli/commands.ts), loaded when a command
//     runs; `--version`, `--help` and usage errors never load it;
//   - `cli-workflow-parser.js`: GitHub's workflow parser with its schema, loaded on the first workflow
//     that ci/workflow-valid validates (server/src/rules/lib/workflow-schema.ts);
//   - `cli-dockerfile.js`: dockerfile-ast with the speed-up of core/dockerfile-perf.ts, loaded on the
//     first Dockerfile parsed (server/src/core/dockerfile-parser.ts, read by core/source.ts);
//   - `cli-secretlint.js`: secretlint and its recommended preset, loaded on the first file that might
//     hold a secret (server/src/rules/lib/secretlint.ts);
//   - `cli-re2.js`: re2-wasm, loaded on the first regular expression of the repository's own manifest
//     (server/src/core/patterns.ts); its WebAssembly, `re2.wasm`, is next to it.
//
// A part is an import the sources already make lazily (a `require` or `import()` inside a function);
// the plugin below turns every import that resolves to a part's entry into a `require('./<part>')` of
// the part's file, and `checkParts` fails the build when a library or module of ours would be bundled
// into two of the files (two copies of a module with state, or of a class that is patched or tested
// with `instanceof`, would silently disagree). The language server and the Action stay one file each:
// they start once, and the Action's bundle is committed as one file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The text without one line it must hold (so that a change of the vendor module fails the build instead of going unnoticed). */
function withoutLine(text, line) {
  if (!text.split('\n').includes(line)) throw new Error(`scripts/esbuild-cli-parts.mjs: the vendor module no longer holds: ${line}`);
  return text.split('\n').filter((l) => l !== line).join('\n');
}

/**
 * A part: the file it is built into; the module whose imports it stands for (`entry`) or the packages
 * (`imports`); and, when the part is built from other source than `entry`, that source (`contents`,
 * resolved from the folder of `entry`).
 * @typedef {{ out: string, entry?: string, contents?: string, imports?: string[] }} CliPart
 */

/** The parts of the CLI, each with its entry module (or the packages it stands for). */
export const CLI_PARTS = /** @type {CliPart[]} */ ([
  { out: 'cli-engine.js', entry: 'server/src/cli/commands.ts' },
  {
    // Everything the vendor module exports but the package's own YAML front end, which only the tests
    // use and which would bundle a second copy of `yaml`.
    out: 'cli-workflow-parser.js',
    entry: 'server/src/vendor/actions-workflow-parser.js',
    contents: withoutLine(fs.readFileSync('server/src/vendor/actions-workflow-parser.js', 'utf8'), "export { parseWorkflow } from '@actions/workflow-parser/workflows/workflow-parser';"),
  },
  { out: 'cli-dockerfile.js', entry: 'server/src/core/dockerfile-parser.ts' },
  { out: 'cli-re2.js', entry: path.relative('.', require.resolve('re2-wasm')) },
  {
    // secretlint.ts imports the three packages one by one; one part holds all three, so that the
    // profiler it switches off is the one the linter uses.
    out: 'cli-secretlint.js',
    contents: [
      "export { secretLintProfiler } from '@secretlint/profiler';",
      "export { lintSource } from '@secretlint/core';",
      "export { creator } from '@secretlint/secretlint-rule-preset-recommend';",
    ].join('\n'),
    imports: ['@secretlint/profiler', '@secretlint/core', '@secretlint/secretlint-rule-preset-recommend'],
  },
]);

/** The files of the CLI in dist/ (the front first), as package.json's `files` lists them. */
export const CLI_FILES = ['cli.js', ...CLI_PARTS.map((p) => p.out)];

/**
 * The esbuild plugin that keeps the parts out of a bundle: an import of a part (other than the one
 * being built, `self`) becomes an external `require('./<part>')`.
 * @param {CliPart | undefined} self
 */
export function cliPartsPlugin(self) {
  const entries = new Map(CLI_PARTS.filter((p) => p !== self && p.entry).map((p) => [path.resolve(/** @type {string} */ (p.entry)), p]));
  const byImport = new Map(CLI_PARTS.filter((p) => p !== self).flatMap((p) => (p.imports ?? []).map((i) => [i, p])));
  return {
    name: 'cli-parts',
    /** @param {import('esbuild').PluginBuild} build */
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === 'cli-parts' || args.kind === 'entry-point') return undefined;
        const named = byImport.get(args.path);
        if (named) return { path: `./${named.out}`, external: true };
        const r = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'cli-parts' });
        const part = r.errors.length === 0 ? entries.get(r.path) : undefined;
        return part ? { path: `./${part.out}`, external: true } : undefined;
      });
    },
  };
}

/**
 * The build options of each file of the CLI (front and parts), to merge over the common options.
 * @param {string} outdir
 * @returns {import('esbuild').BuildOptions[]}
 */
export function cliBuilds(outdir) {
  return [
    { entryPoints: ['server/src/cli/bin.ts'], outfile: path.join(outdir, 'cli.js'), plugins: [cliPartsPlugin(undefined)], metafile: true },
    ...CLI_PARTS.map((p) => ({
      ...(p.contents === undefined
        ? { entryPoints: [p.entry] }
        : { stdin: { contents: p.contents, resolveDir: p.entry ? path.dirname(p.entry) : '.', sourcefile: p.out.replace(/\.js$/, '-entry.js'), loader: /** @type {const} */ ('js') } }),
      outfile: path.join(outdir, p.out),
      plugins: [cliPartsPlugin(p)],
      metafile: true,
    })),
  ];
}

/**
 * Fails when a module is bundled into two files of the CLI. Only small leaf modules of ours without
 * state (constants and pure functions the front's option definitions share with the engine) may be in
 * both the front and the engine; the front holds no library but commander.
 * @param {{ outfile: string, metafile: import('esbuild').Metafile }[]} built
 */
export function checkParts(built) {
  const FRONT_SHARES = new Set(['server/src/version.ts', 'server/src/report/formats.ts', 'server/src/report/safe-text.ts', 'server/src/core/types.ts', 'server/src/core/vocabulary.ts']);
  const where = new Map();
  const problems = [];
  for (const b of built) {
    const name = path.basename(b.outfile);
    for (const out of Object.values(b.metafile.outputs)) {
      for (const input of Object.keys(out.inputs)) {
        if (name === 'cli.js' && input.includes('node_modules/') && !input.includes('node_modules/commander/')) problems.push(`cli.js (the front) bundles ${input}`);
        const seen = where.get(input);
        if (seen && !(FRONT_SHARES.has(input) && [seen, name].sort().join() === 'cli-engine.js,cli.js')) problems.push(`${input} is bundled into both ${seen} and ${name}`);
        where.set(input, seen ? `${seen}+${name}` : name);
      }
    }
  }
  if (problems.length) throw new Error(`the CLI's parts overlap (see scripts/esbuild-cli-parts.mjs):\n  ${problems.join('\n  ')}`);
}
