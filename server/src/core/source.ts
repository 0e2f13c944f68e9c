/**
 * A source file of the workspace with lazily built, cached views: lines, offsets, the Dockerfile
 * syntax tree, the YAML documents, and JSON, JSON with comments and TOML (read by the modules of
 * `core/formats/`). Rules never parse a file themselves; they ask for the view.
 */
import type { Dockerfile } from 'dockerfile-ast';
import { fastParseAllDocuments } from './yaml-fast';
import { Alias, parseAllDocuments, visit, isAlias, isCollection, isMap, isSeq, isScalar, isPair, type Document, type Node as YamlNode } from 'yaml';
import type { FileKind, Position, Range } from './vocabulary';
import { parseJson, type JsonView } from './formats/json';
import { parseJsonc, type JsoncView } from './formats/jsonc';
import { parseToml, type TomlView } from './formats/toml';

/**
 * YAML parser options. Aliases are not limited by count (a compose file may use one anchor a
 * thousand times): `guardAliases` limits what they expand to instead.
 */
export const YAML_OPTIONS = { maxAliasCount: -1, prettyErrors: false, strict: false, uniqueKeys: false, logLevel: 'silent' } as const;

/**
 * Largest YAML text handed to the `yaml` package when the fast path cannot read it (anchors, tags,
 * JSON-style flow, rare syntax): that parser takes about 2.5 s per MB, during which the language
 * server cannot answer. The default size limit, so that nothing the walk reads by default is dropped
 * (a 352 KB swagger.json in the corpus needs it); a limit raised by the manifest does not raise this.
 * Larger files are noted and not analysed.
 */
export const YAML_SLOW_PATH_MAX = 1024 * 1024;

/** Most nodes a YAML document may expand to through its aliases (a billion-laughs bomb expands to 10^12). */
export const YAML_MAX_EXPANDED_NODES = 1_000_000;

/**
 * What the alias guard learnt about one document: the anchor each alias refers to (found once, in
 * document order, as the `yaml` package would find it) and the problem, when its aliases expand past
 * the limit or refer to themselves.
 */
interface AliasTable {
  sources: Map<Alias, YamlNode | undefined>;
  problem?: string;
}

const aliasTables = new WeakMap<Document, AliasTable>();

/**
 * Checks a parsed document's aliases before anything converts it: counts, in linear time, the nodes
 * the document expands to, and records each alias's anchor so that the conversion resolves it at once
 * (the `yaml` package searches the whole document for every alias: 32,000 anchors and aliases took
 * 19 s). Returns the problem when the aliases expand past `YAML_MAX_EXPANDED_NODES` or form a cycle.
 */
export function guardAliases(doc: Document): string | undefined {
  const known = aliasTables.get(doc);
  if (known) return known.problem;
  const sources = new Map<Alias, YamlNode | undefined>();
  const last = new Map<string, YamlNode>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) sources.set(node, last.get(node.source));
      else if ((node as { anchor?: string }).anchor) last.set((node as { anchor: string }).anchor, node);
    },
  });
  const table: AliasTable = { sources };
  if (sources.size > 0) table.problem = expansionProblem(doc, sources);
  aliasTables.set(doc, table);
  return table.problem;
}

/** Counts the nodes a document expands to, iteratively (documents may nest 10,000 deep). */
function expansionProblem(doc: Document, sources: Map<Alias, YamlNode | undefined>): string | undefined {
  const memo = new Map<unknown, number>();
  const open = new Set<unknown>();
  const childrenOf = (n: unknown): unknown[] => {
    if (isAlias(n)) return sources.get(n) ? [sources.get(n)] : [];
    if (isCollection(n)) return (n.items as unknown[]).flatMap((it) => (isPair(it) ? [it.key, it.value] : [it])).filter((x) => x !== null && typeof x === 'object');
    return [];
  };
  const stack: { node: unknown; kids?: unknown[] }[] = [{ node: doc.contents }];
  if (!doc.contents) return undefined;
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (memo.has(top.node)) {
      stack.pop();
      continue;
    }
    if (!top.kids) {
      top.kids = childrenOf(top.node);
      open.add(top.node);
      for (const k of top.kids) {
        if (memo.has(k)) continue;
        if (open.has(k)) return 'a YAML alias refers to the node that contains it (a cycle)';
        stack.push({ node: k });
      }
      continue;
    }
    let total = isAlias(top.node) ? 0 : 1;
    for (const k of top.kids) total += memo.get(k) ?? 0;
    if (total > YAML_MAX_EXPANDED_NODES) return `its aliases expand to over ${YAML_MAX_EXPANDED_NODES.toLocaleString('en-US')} nodes (an alias bomb?)`;
    memo.set(top.node, total);
    open.delete(top.node);
    stack.pop();
  }
  return undefined;
}

/**
 * Resolves aliases of guarded documents from the table (in constant time) instead of searching the
 * document, and lets through documents whose expansion was checked whatever alias count a caller
 * asks for. Documents never guarded go through the `yaml` package's own resolution unchanged.
 */
// eslint-disable-next-line @typescript-eslint/unbound-method -- always called with `.call(this, ...)` below.
const originalResolve = Alias.prototype.resolve;
Alias.prototype.resolve = function resolve(this: Alias, doc: Document, ctx?: Parameters<typeof originalResolve>[1]) {
  const table = doc ? aliasTables.get(doc) : undefined;
  if (!table) return originalResolve.call(this, doc, ctx);
  // Without a conversion context the package only looks for the anchor (rules do, to follow aliases).
  if (!ctx) return table.sources.get(this) as ReturnType<typeof originalResolve>;
  if (table.problem) throw new ReferenceError(table.problem);
  const c = ctx as unknown as { aliasResolveCache?: unknown[]; maxAliasCount: number };
  const source = table.sources.get(this);
  // The package scans `aliasResolveCache` up to this alias for the last node with its anchor.
  c.aliasResolveCache = source ? [source, this] : [this];
  c.maxAliasCount = -1;
  return originalResolve.call(this, doc, ctx);
};

/** Converts a YAML document to plain JavaScript after guarding its aliases; throws with the problem. */
export function yamlToJS(doc: Document): unknown {
  const problem = guardAliases(doc) ?? depthProblem(doc);
  if (problem) throw new ReferenceError(problem);
  return doc.toJS({ maxAliasCount: -1 });
}

/** How deep a document may nest before it is not parsed or converted (no real configuration comes near it). */
const YAML_MAX_DEPTH = 1000;

/**
 * True when the flow collections of a YAML text (`[`, `{`) nest deeper than `limit`, read in one pass
 * that skips quoted scalars and comments.
 */
function flowDepthOver(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{') {
      if (++depth > limit) return true;
    } else if (c === ']' || c === '}') {
      if (depth > 0) depth--;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === "'") {
      for (i++; i < text.length; i++) if (text[i] === "'" && text[i + 1] !== "'") break; else if (text[i] === "'") i++;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++;
    }
  }
  return false;
}

/**
 * Measures a document's nesting iteratively and names the problem when it is deeper than
 * YAML_MAX_DEPTH: the package converts recursively, and a conversion that runs out of stack where a
 * regular expression is being compiled aborts the process instead of throwing (aliases are not
 * followed here; their expansion is guarded by `guardAliases`).
 */
function depthProblem(doc: Document): string | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isCollection(node)) continue;
    if (depth > YAML_MAX_DEPTH) return `its YAML nests over ${YAML_MAX_DEPTH} levels deep`;
    for (const it of node.items as unknown[]) {
      if (isPair(it)) {
        stack.push({ node: it.key, depth: depth + 1 });
        stack.push({ node: it.value, depth: depth + 1 });
      } else stack.push({ node: it, depth: depth + 1 });
    }
  }
  return undefined;
}

let dockerfileParserModule: typeof import('./dockerfile-parser') | undefined;

/** dockerfile-ast's parser (with the speed-up of `./dockerfile-perf`), loaded on the first Dockerfile parsed. */
function dockerfileParser(): typeof import('./dockerfile-parser').DockerfileParser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  dockerfileParserModule ??= require('./dockerfile-parser') as typeof import('./dockerfile-parser');
  return dockerfileParserModule.DockerfileParser;
}

/** A file's text with cached parsed views. */
export class SourceFile {
  private lineStartsCache?: number[];
  private linesCache?: string[];
  private dockerCache?: Dockerfile;
  private yamlCache?: Document.Parsed[];
  private yamlValueCache?: unknown[];
  private jsonCache?: JsonView;
  private jsoncCache?: JsoncView;
  private tomlCache?: TomlView;
  /** Why YAML of this file could not be read (an alias bomb, nesting too deep); the engine reports them as notes. */
  readonly yamlProblems: string[] = [];
  /** True when the YAML fast path left this file to the `yaml` package (anchors, aliases, tags, rare syntax). */
  yamlSlowPath = false;
  /** True when the file on disk starts with a UTF-8 byte-order mark (removed from `text`; fixes put it back). */
  bom = false;
  /** True when the bytes on disk were not valid UTF-8 (`text` holds replacement characters): fixes do not write it. */
  lossy = false;

  constructor(
    /** Workspace-relative POSIX path. */
    readonly path: string,
    /** The text, with any byte-order mark removed. */
    readonly text: string,
    readonly kind: FileKind,
  ) {}

  /** The lines of the file, without their line terminators. */
  get lines(): string[] {
    if (!this.linesCache) this.linesCache = this.text.split(/\r?\n|\r/);
    return this.linesCache;
  }

  /** Offsets at which each line starts. */
  get lineStarts(): number[] {
    if (!this.lineStartsCache) {
      const starts = [0];
      const t = this.text;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (t.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
      this.lineStartsCache = starts;
    }
    return this.lineStartsCache;
  }

  /** Converts a character offset to a position, clamped to the document. */
  positionAt(offset: number): Position {
    const starts = this.lineStarts;
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // An offset on a line break (the `\n` of `\r\n`) belongs at the end of its line's content.
    const lineEnd = lo + 1 < starts.length ? starts[lo + 1] - (this.text.charCodeAt(starts[lo + 1] - 2) === 13 && this.text.charCodeAt(starts[lo + 1] - 1) === 10 ? 2 : 1) : this.text.length;
    return { line: lo, character: Math.min(o, Math.max(lineEnd, starts[lo])) - starts[lo] };
  }

  /** Converts a position to a character offset, clamped to the document. */
  offsetAt(pos: Position): number {
    const starts = this.lineStarts;
    if (pos.line >= starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const lineEnd = pos.line + 1 < starts.length ? starts[pos.line + 1] : this.text.length;
    return Math.min(starts[pos.line] + Math.max(0, pos.character), lineEnd);
  }

  /** The range between two offsets. */
  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(Math.max(start, end)) };
  }

  /** The range covering a whole line (zero-based), without its terminator. */
  lineRange(line: number): Range {
    const l = Math.max(0, Math.min(line, this.lines.length - 1));
    return { start: { line: l, character: 0 }, end: { line: l, character: this.lines[l]?.length ?? 0 } };
  }

  /** The range of the first match of a pattern, or of the first line when it does not occur. */
  rangeOfMatch(pattern: RegExp): Range | undefined {
    const m = pattern.exec(this.text);
    if (!m) return undefined;
    return this.rangeOf(m.index, m.index + m[0].length);
  }

  /** The file read as strict JSON, once: its value, or the parser's message and offset (`core/formats/json.ts`). */
  get json(): JsonView {
    return (this.jsonCache ??= parseJson(this.text));
  }

  /** The file read as JSON with comments and trailing commas, once: value, errors and syntax tree (`core/formats/jsonc.ts`). */
  get jsonc(): JsoncView {
    return (this.jsoncCache ??= parseJsonc(this.text));
  }

  /** The file read as TOML, once: its root table, or the parser's message and line (`core/formats/toml.ts`). */
  get toml(): TomlView {
    return (this.tomlCache ??= parseToml(this.text));
  }

  /** The Dockerfile syntax tree (dockerfile-ast), parsed once. */
  get docker(): Dockerfile {
    if (!this.dockerCache) this.dockerCache = dockerfileParser().parse(this.text);
    return this.dockerCache;
  }

  /** All YAML documents of the file, parsed once with alias limits. */
  get yamlDocs(): Document.Parsed[] {
    if (!this.yamlCache) {
      try {
        const fast = fastParseAllDocuments(this.text, YAML_OPTIONS);
        if (!fast) this.yamlSlowPath = true;
        if (!fast && this.text.length > YAML_SLOW_PATH_MAX) {
          this.yamlProblems.push(`it is ${Math.round(this.text.length / 1024)} KB of YAML with anchors, tags or syntax only the full parser reads, over the ${YAML_SLOW_PATH_MAX / 1024} KB limit for that parser`);
          this.yamlCache = [];
          return this.yamlCache;
        }
        if (!fast && flowDepthOver(this.text, YAML_MAX_DEPTH)) {
          // The package parses recursively: thousands of nested brackets exhaust the stack, and where a
          // regular expression is being compiled at that moment the process aborts instead of throwing.
          this.yamlProblems.push(`its YAML nests over ${YAML_MAX_DEPTH} levels deep`);
          this.yamlCache = [];
          return this.yamlCache;
        }
        this.yamlCache = fast ?? (parseAllDocuments(this.text, YAML_OPTIONS) as Document.Parsed[]);
        if (!Array.isArray(this.yamlCache)) this.yamlCache = [];
        if (!fast) {
          this.yamlCache.forEach((d, i) => {
            const problem = guardAliases(d);
            if (problem) this.yamlProblems.push(`${this.yamlCache!.length > 1 ? `YAML document ${i + 1}` : 'its YAML'}: ${problem}`);
          });
        }
      } catch (e) {
        this.yamlCache = [];
        this.yamlProblems.push(`its YAML could not be parsed (${(e as Error)?.message ?? e})`);
      }
    }
    return this.yamlCache;
  }

  /** The plain JavaScript value of each YAML document; a document that cannot be converted is `undefined`. */
  get yamlValues(): unknown[] {
    if (!this.yamlValueCache) {
      this.yamlValueCache = this.yamlDocs.map((d, i) => {
        if (d.errors.length > 0) return undefined;
        try {
          return yamlToJS(d);
        } catch (e) {
          const message = `YAML document ${i + 1} could not be read (${(e as Error)?.message ?? e})`;
          if (!this.yamlProblems.some((p) => p.endsWith((e as Error)?.message ?? ''))) this.yamlProblems.push(message);
          return undefined;
        }
      });
    }
    return this.yamlValueCache;
  }

  /** The first YAML document's value, or undefined when it is missing or invalid. */
  get yaml(): unknown {
    return this.yamlValues[0];
  }

  /** Range of a YAML node (or of its key when `key` is true), or the first line when it has none. */
  yamlRange(node: unknown): Range {
    const r = (node as { range?: [number, number, number] } | undefined)?.range;
    if (r) return this.rangeOf(r[0], r[1]);
    return this.lineRange(0);
  }

  /**
   * Finds the node at a path in a YAML document and returns the range of its key (for maps) or
   * of the node itself, falling back to the deepest ancestor that exists.
   */
  yamlPathRange(path: (string | number)[], docIndex = 0, keyOnly = true): Range {
    const doc = this.yamlDocs[docIndex];
    if (!doc) return this.lineRange(0);
    let node: unknown = doc.contents;
    // The node whose range is the answer so far; its range is computed once, at the end.
    let best: unknown = doc.contents;
    const rangeOfBest = (): Range => (best ? this.yamlRange(best) : this.lineRange(0));
    for (const seg of path) {
      if (isMap(node)) {
        const key = String(seg);
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
        if (!pair) return rangeOfBest();
        best = keyOnly && pair.key ? pair.key : pair.value ?? pair.key;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (!item) return rangeOfBest();
        best = item;
        node = item;
      } else {
        return rangeOfBest();
      }
    }
    if (!keyOnly && node) return this.yamlRange(node);
    return rangeOfBest();
  }

  /** The YAML node at a path of the given document, or undefined. */
  yamlNode(path: (string | number)[], docIndex = 0): YamlNode | undefined {
    const doc = this.yamlDocs[docIndex];
    if (!doc) return undefined;
    const n = doc.getIn(path, true);
    return n && (isMap(n) || isSeq(n) || isScalar(n) || isPair(n)) ? (n as YamlNode) : undefined;
  }
}

/** Narrows an unknown YAML value to a plain object. */
export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Narrows an unknown YAML value to an array. */
export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
