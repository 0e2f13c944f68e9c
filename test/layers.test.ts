/**
 * The architecture's layering, checked on the import graph of `server/src` and `client/src` (read
 * from the sources with the TypeScript parser: static imports and re-exports, `import type`, dynamic
 * `import()` and `require` with a literal path). It fails on
 *   - an import cycle between files (type-only imports count: a type cycle ties modules together too),
 *   - an upward import across the layers of ARCHITECTURE.md ("Layers"), a rule category importing
 *     another category, or the client importing any server module but `shared/protocol.ts`,
 *   - `vscode` or the language-server libraries imported below the front ends that own them,
 *   - `node:fs` imported below the front ends by anything but the safe reader and the walk,
 *   - a second fix applier: `applyFixes` defined outside `core/fixes.ts`, or called by other modules
 *     than the editor's one fix path (`lsp/fix-edit.ts`) and the CLI's `fix` command,
 *   - a rule that parses: `JSON.parse` under `server/src/rules`, or a rule importing a parser (the
 *     packages of `FORMAT_PARSERS`, or the parsing functions of `yaml` and `dockerfile-ast`) instead of
 *     asking the file's view (`core/source.ts`, `core/formats/`).
 * Cycles and upward imports that are not fixed yet are listed below as known; the lists can only
 * shrink: a new violation fails, and so does a listed one that no longer occurs (remove it).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { REPO } from './helpers';

/** One layer: the files it holds (first matching layer wins) and its rank (lower ranks sit below). */
interface Layer {
  name: string;
  rank: number;
  match: RegExp;
  /** For the rule categories: each folder is a layer of its own that may not import its siblings. */
  perFolder?: boolean;
}

/** The layers from the bottom up, as ARCHITECTURE.md states them. Paths are relative to the repository. */
const LAYERS: Layer[] = [
  // core: the vocabulary (types, source views, the manifest's schema and loader), the workspace and its
  // path roles, facts, fixes, scoring, safe IO. `core/engine.ts` lives in core/ but is the audit layer.
  { name: 'core', rank: 0, match: /^server\/src\/(core\/(?!engine\.ts$)|manifest\/|vendor\/|version\.ts$)/ },
  // Reading roadmap documents (rules judge them); writing roadmaps is further up.
  { name: 'roadmap reading', rank: 1, match: /^server\/src\/roadmap\/(claims|detect|discover|evaluate|items|mapping|marks|mojibake|parse|summary|tick)\.ts$/ },
  { name: 'rules/lib', rank: 2, match: /^server\/src\/rules\/lib\// },
  { name: 'rules/<category>', rank: 3, match: /^server\/src\/rules\/[^/]+\//, perFolder: true },
  { name: 'catalog', rank: 4, match: /^server\/src\/rules\/(index|custom)\.ts$/ },
  { name: 'audit', rank: 5, match: /^server\/src\/core\/engine\.ts$/ },
  { name: 'report', rank: 6, match: /^server\/src\/report\// },
  { name: 'roadmap writing', rank: 7, match: /^server\/src\/roadmap\// },
  { name: 'org', rank: 7, match: /^server\/src\/org\// },
  { name: 'protocol', rank: 7, match: /^server\/src\/shared\// },
  { name: 'cli', rank: 8, match: /^server\/src\/cli\// },
  { name: 'lsp', rank: 8, match: /^server\/src\/lsp\// },
  { name: 'action', rank: 9, match: /^server\/src\/action\// },
  { name: 'client', rank: 10, match: /^client\/src\// },
];

/**
 * Upward imports not fixed yet (`from -> to`). Each is a debt: fix it and remove the line.
 */
const KNOWN_UPWARD: string[] = [];

/** Import cycles not broken yet, each as its files sorted and joined by spaces (none today: keep it so). */
const KNOWN_CYCLES: string[] = [];

/** Which external packages each part of the code may import (the first matching entry decides). */
const EXTERNAL_OWNERS: { pkg: RegExp; allowed: RegExp; why: string }[] = [
  { pkg: /^vscode$/, allowed: /^client\/src\//, why: 'only the client runs inside VS Code' },
  { pkg: /^vscode-languageclient(\/|$)/, allowed: /^client\/src\//, why: 'the language client is the extension side' },
  { pkg: /^vscode-languageserver-protocol(\/|$)/, allowed: /^server\/src\/(lsp|shared)\//, why: 'the LSP wire types belong to the language server and the protocol module' },
  { pkg: /^vscode-languageserver(-textdocument)?(\/|$)/, allowed: /^server\/src\/lsp\//, why: 'nothing below lsp/ talks LSP' },
];

/**
 * The only modules below the front ends that may import `node:fs`: the safe reader and writer, and the
 * walk (which lists folders and stats entries; it reads files through the safe reader).
 */
const FS_BELOW_FRONT_ENDS = ['server/src/core/fsafe.ts', 'server/src/core/workspace.ts'];

/** The modules that call `applyFixes` (the editor's fix path and the CLI's `fix` command). */
const FIX_APPLIER_CALLERS = ['server/src/cli/commands.ts', 'server/src/lsp/fix-edit.ts'];

/** One import of a file: the file or package it names, and whether it only imports types. */
interface Import {
  from: string;
  to: string;
  external: boolean;
  typeOnly: boolean;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'fixtures' && e.name !== 'node_modules') sourceFiles(p, out);
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The file a relative specifier names (TypeScript's resolution for our layout), or undefined. */
function resolveRelative(fromFile: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(fromFile), spec);
  const stem = base.replace(/\.(js|ts)$/, '');
  for (const c of [`${stem}.ts`, `${stem}.d.ts`, path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  }
  return undefined;
}

/** Every import of the given files. */
function importsOf(files: string[]): Import[] {
  const out: Import[] = [];
  for (const file of files) {
    const from = path.relative(REPO, file).split(path.sep).join('/');
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const add = (spec: string, typeOnly: boolean) => {
      if (spec.startsWith('.')) {
        const hit = resolveRelative(file, spec);
        assert.ok(hit, `${from}: cannot resolve the import ${spec}`);
        out.push({ from, to: path.relative(REPO, hit).split(path.sep).join('/'), external: false, typeOnly });
      } else out.push({ from, to: spec, external: true, typeOnly });
    };
    const visit = (n: ts.Node): void => {
      if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
        let typeOnly = false;
        if (ts.isImportDeclaration(n)) {
          const c = n.importClause;
          const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
          typeOnly = !!c && (c.isTypeOnly || (!c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
        } else typeOnly = n.isTypeOnly;
        add(n.moduleSpecifier.text, typeOnly);
      } else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference) && ts.isStringLiteral(n.moduleReference.expression)) {
        add(n.moduleReference.expression.text, n.isTypeOnly);
      } else if (ts.isCallExpression(n) && n.arguments.length > 0 && ts.isStringLiteral(n.arguments[0]) && (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === 'require'))) {
        add(n.arguments[0].text, false);
      } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
        add(n.argument.literal.text, true);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

/** The layer of a file, and for the rule categories the folder that identifies it. */
function layerOf(file: string): { layer: Layer; unit: string } {
  const layer = LAYERS.find((l) => l.match.test(file));
  assert.ok(layer, `${file} is in no layer: add it to LAYERS in test/layers.test.ts and to ARCHITECTURE.md`);
  return { layer, unit: layer.perFolder ? file.split('/').slice(0, 4).join('/') : layer.name };
}

/** Why an import between two of our files breaks the layering, or undefined when it does not. */
function violation(from: string, to: string): string | undefined {
  const a = layerOf(from);
  const b = layerOf(to);
  if (a.layer.name === 'client' && b.layer.name !== 'client' && to !== 'server/src/shared/protocol.ts') return 'the client imports the server only through shared/protocol.ts';
  if (a.unit === b.unit) return undefined;
  if (b.layer.rank < a.layer.rank) return undefined;
  if (a.layer.perFolder && b.layer.perFolder) return `rule category ${a.unit} imports another category (${b.unit}); shared code goes to rules/lib`;
  return `${a.layer.name} (layer ${a.layer.rank}) imports ${b.layer.name} (layer ${b.layer.rank})`;
}

/** Strongly connected components with more than one file (Tarjan), each sorted. */
function cycles(files: string[], edges: Import[]): string[][] {
  const adj = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) if (!e.external) adj.get(e.from)!.push(e.to);
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of adj.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (adj.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const f of files) if (!index.has(f)) connect(f);
  return out;
}

/** Compares found items with a known list both ways, so that the list can only shrink. */
function ratchet(kind: string, found: Map<string, string>, known: string[]): void {
  const fresh = [...found.keys()].filter((k) => !known.includes(k));
  const gone = known.filter((k) => !found.has(k));
  assert.deepEqual(fresh.map((k) => `${k}: ${found.get(k)}`), [], `new ${kind} (fix them; the known list only shrinks)`);
  assert.deepEqual(gone, [], `these known ${kind} are gone: remove them from the list in test/layers.test.ts`);
}

/**
 * Packages that parse a whole format, with the only modules that may import them: the views of
 * `core/source.ts` and `core/formats/`, and the Markdown views (rules and the roadmap reader ask those, and never parse).
 */
const FORMAT_PARSERS: { pkg: RegExp; allowed: RegExp }[] = [
  { pkg: /^jsonc-parser$/, allowed: /^server\/src\/core\/formats\/jsonc\.ts$/ },
  { pkg: /^smol-toml$/, allowed: /^server\/src\/core\/formats\/toml\.ts$/ },
  { pkg: /^markdown-it(\/|$)/, allowed: /^server\/src\/core\/markdown\.ts$/ },
];

/** Parsing entry points of packages whose node helpers rules may use (`isMap`, `Instruction`...). */
const PARSING_NAMES: { pkg: string; names: RegExp }[] = [
  { pkg: 'yaml', names: /^(parse|parseDocument|parseAllDocuments|Parser|Lexer|Composer|LineCounter)$/ },
  { pkg: 'dockerfile-ast', names: /^DockerfileParser$/ },
];

/** Where rules break "rules never parse": `JSON.parse` calls, parser packages, parsing functions. */
function ruleParsers(files: { rel: string; text: string }[]): string[] {
  const bad: string[] = [];
  for (const { rel, text } of files) {
    if (!rel.startsWith('server/src/rules/')) continue;
    const sf = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'JSON' && n.name.text === 'parse') {
        bad.push(`${rel}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1} calls JSON.parse (read SourceFile.json, or jsonValue of core/formats/json.ts)`);
      }
      if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
        const spec = n.moduleSpecifier.text;
        if (FORMAT_PARSERS.some((p) => p.pkg.test(spec))) bad.push(`${rel} imports the parser ${spec} (ask the file's view)`);
        const guarded = PARSING_NAMES.find((p) => p.pkg === spec);
        const named = ts.isImportDeclaration(n) && n.importClause?.namedBindings && ts.isNamedImports(n.importClause.namedBindings) ? n.importClause.namedBindings.elements : [];
        if (guarded && ts.isImportDeclaration(n) && n.importClause?.namedBindings && ts.isNamespaceImport(n.importClause.namedBindings)) bad.push(`${rel} imports all of ${spec}, parser included`);
        for (const e of named) if (guarded && guarded.names.test((e.propertyName ?? e.name).text)) bad.push(`${rel} imports ${(e.propertyName ?? e.name).text} from ${spec} (ask the file's view)`);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return bad;
}

describe('architecture: rules never parse', () => {
  it('finds no JSON.parse and no parser import under server/src/rules', () => {
    const files = sourceFiles(path.join(REPO, 'server', 'src', 'rules')).map((f) => ({ rel: path.relative(REPO, f).split(path.sep).join('/'), text: fs.readFileSync(f, 'utf8') }));
    assert.ok(files.length > 100, `only ${files.length} rule files`);
    assert.deepEqual(ruleParsers(files), []);
  });

  it('would catch each way of parsing in a rule', () => {
    const sample = (text: string) => ruleParsers([{ rel: 'server/src/rules/x/y.ts', text }]);
    assert.equal(sample('const v = JSON.parse(text);').length, 1);
    assert.equal(sample("import { parse } from 'smol-toml';").length, 1);
    assert.equal(sample("import { parseTree } from 'jsonc-parser';").length, 1);
    assert.equal(sample("import { parseDocument, isMap } from 'yaml';").length, 1);
    assert.equal(sample("import { DockerfileParser } from 'dockerfile-ast';").length, 1);
    assert.equal(sample("import MarkdownIt from 'markdown-it';").length, 1);
    assert.deepEqual(sample("import { isMap, isScalar } from 'yaml';\nconst s = JSON.stringify(x);"), []);
    assert.deepEqual(ruleParsers([{ rel: 'server/src/core/formats/json.ts', text: 'JSON.parse(t)' }]), [], 'only rules are held to it');
  });

  it('keeps the format parsers in the modules that own them', () => {
    const files = [...sourceFiles(path.join(REPO, 'server', 'src')), ...sourceFiles(path.join(REPO, 'client', 'src'))];
    const bad = importsOf(files)
      .filter((i) => i.external)
      .flatMap((i) => FORMAT_PARSERS.filter((p) => p.pkg.test(i.to) && !p.allowed.test(i.from)).map(() => `${i.from} imports ${i.to}`));
    assert.deepEqual(bad, []);
  });
});

describe('architecture: layers and cycles', () => {
  const files = [...sourceFiles(path.join(REPO, 'server', 'src')), ...sourceFiles(path.join(REPO, 'client', 'src'))];
  const rel = files.map((f) => path.relative(REPO, f).split(path.sep).join('/'));
  const imports = importsOf(files);
  const internal = imports.filter((i) => !i.external && i.to.endsWith('.ts'));

  it('reads a graph big enough to mean something', () => {
    assert.ok(rel.length > 200, `only ${rel.length} files`);
    assert.ok(internal.length > 800, `only ${internal.length} imports`);
    // The checker itself: a made-up upward import and a category reaching into another are caught.
    assert.ok(violation('server/src/core/source.ts', 'server/src/rules/lib/util.ts'));
    assert.ok(violation('server/src/rules/quality/linter.ts', 'server/src/rules/security/secrets.ts'));
    assert.ok(violation('client/src/tree.ts', 'server/src/core/types.ts'));
    assert.equal(violation('server/src/rules/quality/linter.ts', 'server/src/rules/lib/util.ts'), undefined);
    assert.deepEqual(cycles(['a', 'b', 'c'], [{ from: 'a', to: 'b', external: false, typeOnly: true }, { from: 'b', to: 'a', external: false, typeOnly: false }]), [['a', 'b']]);
  });

  it('has every file in a layer', () => {
    for (const f of rel) layerOf(f);
  });

  it('has no upward import across the layers (beyond the known ones)', () => {
    const found = new Map<string, string>();
    for (const i of internal) {
      if (!i.to.startsWith('server/src/') && !i.to.startsWith('client/src/')) continue;
      const why = violation(i.from, i.to);
      if (why) found.set(`${i.from} -> ${i.to}`, why + (i.typeOnly ? ' (types only)' : ''));
    }
    ratchet('upward imports', found, KNOWN_UPWARD);
  });

  it('has no import cycle (beyond the known ones)', () => {
    const found = new Map(cycles(rel, internal).map((c) => [c.join(' '), `${c.length} files`]));
    ratchet('import cycles', found, KNOWN_CYCLES);
  });

  it('keeps vscode and the language-server libraries in the front ends that own them', () => {
    const bad: string[] = [];
    for (const i of imports.filter((x) => x.external)) {
      const owner = EXTERNAL_OWNERS.find((o) => o.pkg.test(i.to));
      if (owner && !owner.allowed.test(i.from)) bad.push(`${i.from} imports ${i.to}: ${owner.why}`);
    }
    assert.deepEqual(bad, []);
  });

  it('reads and writes files below the front ends only through core/fsafe.ts (and the walk)', () => {
    // From layer 7 up (org, roadmap writing, protocol, cli, lsp, action, client) the code reads its own
    // inputs too: the reports `readiness org` collects, baselines, files the user names.
    const frontEnds = LAYERS.find((l) => l.name === 'org')!.rank;
    const bad = imports
      .filter((i) => i.external && /^(node:)?fs(\/promises)?$/.test(i.to))
      .filter((i) => layerOf(i.from).layer.rank < frontEnds && !FS_BELOW_FRONT_ENDS.includes(i.from))
      .map((i) => `${i.from} imports ${i.to}`);
    assert.deepEqual(bad, []);
  });

  it('keeps the Dockerfile parser behind rules/lib/dockerfile.ts: no other rule file imports dockerfile-ast or reads the syntax tree', () => {
    // Rules read Dockerfiles through the stage and instruction view of rules/lib/dockerfile.ts, so that the
    // parser (and the speed-up of core/dockerfile-perf.ts) can change without touching a rule.
    const bad: string[] = [];
    for (const [i, file] of files.entries()) {
      if (!rel[i].startsWith('server/src/rules/') || rel[i] === 'server/src/rules/lib/dockerfile.ts') continue;
      const text = fs.readFileSync(file, 'utf8');
      if (/from 'dockerfile-ast'/.test(text)) bad.push(`${rel[i]} imports dockerfile-ast`);
      if (/\.docker\.get\w+\(|\bfile\.docker\b/.test(text)) bad.push(`${rel[i]} reads SourceFile.docker`);
    }
    assert.deepEqual(bad, []);
  });

  it('has one fix applier, core/fixes.ts, called by the editor fix path and the CLI only', () => {
    const defined: string[] = [];
    const callers = new Set<string>();
    for (const [i, file] of files.entries()) {
      const text = fs.readFileSync(file, 'utf8');
      if (/\bfunction applyFixes\b|\bapplyFixes\s*=/.test(text)) defined.push(rel[i]);
      if (/\bapplyFixes\(/.test(text.replace(/\bfunction applyFixes\(/g, ''))) callers.add(rel[i]);
    }
    assert.deepEqual(defined, ['server/src/core/fixes.ts']);
    assert.deepEqual([...callers].sort(), FIX_APPLIER_CALLERS);
  });
});
