// What every esbuild bundle of the program shares about GitHub's workflow parser
// (@actions/workflow-parser), which ci/workflow-valid runs on every workflow:
//
// - `vendorPlugins`: one speed-up of the parser, found with the profiler. Its `DefinitionInfo`
//   constructor copies (and upper-cases) the parent's list of allowed expression contexts for every
//   value it reads, which was half of the time of validating a workflow. The patched constructor
//   computes the same list once per (parent list, definition) pair and shares it; the lists are only
//   read afterwards. The patch applies only to the exact source it was written for: any other version
//   of the file is bundled as it is, with a warning, so an upgrade can slow us down but never change
//   what the parser says.
// - `vendorPlugins` also loads the parser's workflow schema without reading it through the parser
//   first: `getWorkflowSchema` turned the bundled schema (a JSON object) into a string, read it back
//   event by event through a generator and validated it against the schema of schemas before
//   building the definitions, 85 ms of every process that validates a workflow. The patched function
//   builds the same tokens from the object directly (as the package's `JSONObjectReader` makes them)
//   and the same definitions from them, 35 ms; `test/workflow-schema.test.ts` checks that the
//   definitions equal those of the package's own load. Any other version of the file is bundled as it
//   is, with a warning; a schema the direct path cannot build goes the package's own way.
// - `vendorPlugins` also leaves zod's error messages in other languages out of the bundles: zod's
//   namespace (`z.locales`) re-exports 40-odd locales, 390 KB that Node compiled at every start of
//   the CLI, while zod speaks English unless told otherwise (`z.config(z.locales.xx())`, which we never
//   call). `z.locales` keeps `en` only; a zod whose locale index no longer exports `en` as this
//   expects is bundled as it is, with a warning.
// - `vendorPlugins` also gives every bundle direct bindings to the `yaml` package's exports. The package
//   is CommonJS, and esbuild reaches a CommonJS module's exports through an interop object whose
//   properties are getters, one call on every `isMap(...)` or `isScalar(...)`, which the profiler
//   showed on every YAML walk; the plugin resolves `yaml` (the package itself, not its files) to a
//   small ES module that reads each export once. The whole workflow benchmark ran 5% faster.
// - `vendorTestBundle`: the parser entry bundled on its own into out/ for the mocha tests, because
//   tsc never emits server/src/vendor/actions-workflow-parser.js (Node cannot load the package
//   directly: it is ES modules importing JSON without import attributes).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const ORIGINAL = `        if (this.definition.readerContext.length > 0) {
            this.allowedContext = [];
            // Copy parent allowed context
            const upperSeen = {};
            for (const context of parent?.allowedContext ?? []) {
                this.allowedContext.push(context);
                upperSeen[context.toUpperCase()] = true;
            }
            // Append context if unseen
            for (const context of this.definition.readerContext) {
                const upper = context.toUpperCase();
                if (!upperSeen[upper]) {
                    this.allowedContext.push(context);
                    upperSeen[upper] = true;
                }
            }
        }
        else {
            this.allowedContext = parent?.allowedContext ?? [];
        }`;

const PATCHED = `        // Patched by scripts/esbuild-vendor.mjs: the same list, computed once per (parent list, definition).
        const base = parent?.allowedContext ?? EMPTY_CONTEXT;
        if (this.definition.readerContext.length > 0) {
            let byDefinition = CONTEXT_MEMO.get(base);
            if (byDefinition === undefined) {
                byDefinition = new Map();
                CONTEXT_MEMO.set(base, byDefinition);
            }
            let list = byDefinition.get(this.definition);
            if (list === undefined) {
                list = [];
                const upperSeen = {};
                for (const context of base) {
                    list.push(context);
                    upperSeen[context.toUpperCase()] = true;
                }
                for (const context of this.definition.readerContext) {
                    const upper = context.toUpperCase();
                    if (!upperSeen[upper]) {
                        list.push(context);
                        upperSeen[upper] = true;
                    }
                }
                byDefinition.set(this.definition, list);
            }
            this.allowedContext = list;
        }
        else {
            this.allowedContext = base;
        }`;

/** esbuild plugins every bundle that contains the workflow parser uses. */
export const vendorPlugins = [
  {
    name: 'workflow-parser-definition-info',
    setup(build) {
      build.onLoad({ filter: /@actions[\\/]workflow-parser[\\/]dist[\\/]templates[\\/]schema[\\/]definition-info\.js$/ }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        if (!text.includes(ORIGINAL)) {
          return { contents: text, loader: 'js', warnings: [{ text: 'definition-info.js is not the version scripts/esbuild-vendor.mjs patches: bundled unpatched (slower, same results)' }] };
        }
        const contents = 'const EMPTY_CONTEXT = [];\nconst CONTEXT_MEMO = new WeakMap();\n' + text.replace(ORIGINAL, PATCHED);
        return { contents, loader: 'js' };
      });
    },
  },
];

const SCHEMA_ORIGINAL = `let schema;
export function getWorkflowSchema() {
    if (schema === undefined) {
        const json = JSON.stringify(WorkflowSchema);
        schema = TemplateSchema.load(new JSONObjectReader(undefined, json));
    }
    return schema;
}`;

const SCHEMA_PATCHED = `import { BooleanToken, MappingToken, NullToken, NumberToken, SequenceToken, StringToken } from "../templates/tokens/index.js";
let schema;
// Patched by scripts/esbuild-vendor.mjs: the tokens JSONObjectReader makes, built from the object directly.
function schemaTokens(value) {
    if (value === undefined || value === null) return new NullToken(undefined, undefined, undefined);
    switch (typeof value) {
        case "boolean": return new BooleanToken(undefined, undefined, value, undefined);
        case "number": return new NumberToken(undefined, undefined, value, undefined);
        case "string": return new StringToken(undefined, undefined, value, undefined);
        case "object": {
            if (Array.isArray(value)) {
                const seq = new SequenceToken(undefined, undefined, undefined);
                for (const item of value) seq.add(schemaTokens(item));
                return seq;
            }
            const map = new MappingToken(undefined, undefined, undefined);
            for (const key of Object.keys(value)) map.add(new StringToken(undefined, undefined, key, undefined), schemaTokens(value[key]));
            return map;
        }
        default: throw new Error(\`Unexpected value type '\${typeof value}' when reading object\`);
    }
}
export function getWorkflowSchema() {
    if (schema === undefined) {
        try {
            const direct = new TemplateSchema(schemaTokens(WorkflowSchema));
            direct.validate();
            schema = direct;
        }
        catch {
            const json = JSON.stringify(WorkflowSchema);
            schema = TemplateSchema.load(new JSONObjectReader(undefined, json));
        }
    }
    return schema;
}
// The package's own load, for the test that compares both.
export function loadWorkflowSchemaAsThePackageDoes() {
    return TemplateSchema.load(new JSONObjectReader(undefined, JSON.stringify(WorkflowSchema)));
}`;

/** The plugin that loads the workflow schema directly (see the header). */
const workflowSchemaDirect = {
  name: 'workflow-parser-schema-load',
  setup(build) {
    build.onLoad({ filter: /@actions[\\/]workflow-parser[\\/]dist[\\/]workflows[\\/]workflow-schema\.js$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes(SCHEMA_ORIGINAL)) {
        return { contents: text, loader: 'js', warnings: [{ text: 'workflow-schema.js is not the version scripts/esbuild-vendor.mjs patches: bundled unpatched (slower first workflow, same results)' }] };
      }
      return { contents: text.replace(SCHEMA_ORIGINAL, SCHEMA_PATCHED), loader: 'js' };
    });
  },
};
vendorPlugins.push(workflowSchemaDirect);

/**
 * The plugin that binds the `yaml` package's exports directly (see the header). A bundle that keeps
 * `yaml` external (the parser bundle of the tests) is left alone.
 */
const yamlBindings = {
  name: 'yaml-bindings',
  setup(build) {
    if ((build.initialOptions.external ?? []).includes('yaml')) return;
    const entry = require.resolve('yaml');
    const names = Object.keys(require('yaml')).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: entry, namespace: 'yaml-bindings' }));
    build.onLoad({ filter: /.*/, namespace: 'yaml-bindings' }, () => ({
      contents: `const yaml = require(${JSON.stringify(entry)});\nexport default yaml;\nexport const { ${names.join(', ')} } = yaml;\n`,
      loader: 'js',
      resolveDir: path.dirname(entry),
    }));
  },
};
vendorPlugins.push(yamlBindings);

const ZOD_EN = 'export { default as en } from "./en.js";';

/** The plugin that bundles only the English locale of zod (see the header). */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.split('\n').includes(ZOD_EN)) {
        return { contents: text, loader: 'js', warnings: [{ text: 'zod/v4/locales/index.js is not the form scripts/esbuild-vendor.mjs trims: bundled with every locale (larger, same results)' }] };
      }
      return { contents: ZOD_EN + '\n', loader: 'js' };
    });
  },
};
vendorPlugins.push(zodEnglishOnly);

/** The build options of the parser bundle the tests load from out/. */
export const vendorTestBundle = {
  entryPoints: ['server/src/vendor/actions-workflow-parser.js'],
  outfile: 'out/server/src/vendor/actions-workflow-parser.js',
  external: ['yaml'],
};
