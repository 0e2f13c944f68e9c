/**
 * GitHub's own validation of a workflow file: the workflow schema and the semantic checks of
 * @actions/workflow-parser (the parser behind GitHub's Actions language service), run on the YAML
 * document the engine already parsed. `schemaProblems` feeds that document to the parser through
 * its `ObjectReader` interface (a cursor over our `yaml` nodes), so the file is parsed once and every
 * problem keeps an exact range in our coordinates.
 *
 * What GitHub rejects and this reports: unknown keys (`branch:`, `timeout_minutes:`), duplicate keys,
 * values of the wrong type or outside an enumeration (`permissions: write`, `contents: raed`), missing
 * required keys (`schedule` without `cron`, a job without `runs-on`), an empty `on:`, invalid cron
 * expressions, `needs:` naming unknown jobs, invalid expressions, and aliases to undefined anchors.
 *
 * The parser is bundled by esbuild (see server/src/vendor/actions-workflow-parser.js); its
 * `DefinitionInfo` constructor is memoised at bundle time (scripts/esbuild-vendor.mjs), and its
 * expression check here, once per distinct expression and context list of a workflow. It is loaded
 * on the first workflow validated, never before: an audit without workflows (and the CLI's
 * `--version` or `--help`) neither loads nor compiles it (the CLI's build keeps it in a file of its own,
 * see `esbuild.mjs`).
 */
import { yamlAliasName, yamlAliasTarget, yamlItemAt, yamlKeyAt, yamlKeyText, yamlKind, yamlOffsets, yamlRoot, yamlScalarValue, yamlSize, yamlValueAt, type YamlDocument, type YamlNodeRef } from '../../core/yaml-view';
import type * as GH from '../../vendor/actions-workflow-parser';
import type { Range } from '../../core/types';
import type { SourceFile } from '../../core/source';

let parser: typeof GH | undefined;

/** GitHub's workflow parser, loaded on first use (with its expression check memoised, see below). */
function gh(): typeof GH {
  if (!parser) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    parser = require('../../vendor/actions-workflow-parser') as typeof GH;
    memoiseExpressionCheck(parser);
  }
  return parser;
}

/**
 * The expression checks of the workflow being validated: for each list of allowed contexts (the
 * parser shares one list per place in the schema), each expression checked and what the check threw
 * (null when it passed). Set only while `schemaProblems` runs, so nothing outlives one workflow.
 */
let expressionChecks: WeakMap<readonly string[], Map<string, unknown>> | undefined;

/**
 * Makes the parser's `ExpressionToken.validateExpression` (a lexer and parser run over the expression,
 * which throws on an invalid one; a pure function of the expression and the allowed contexts) check
 * each distinct expression once per workflow: a workflow repeats `${{ matrix.os }}` or
 * `${{ secrets.GITHUB_TOKEN }}` in step after step. The parser reads only the thrown error's message.
 */
function memoiseExpressionCheck(gh: typeof GH): void {
  const token = gh.ExpressionToken as unknown as { validateExpression: (expression: string, allowedContext: readonly string[]) => void };
  const original = token.validateExpression.bind(token);
  token.validateExpression = (expression, allowedContext) => {
    const checks = expressionChecks;
    if (!checks) return original(expression, allowedContext);
    let byExpression = checks.get(allowedContext);
    if (!byExpression) checks.set(allowedContext, (byExpression = new Map()));
    let outcome = byExpression.get(expression);
    if (outcome === undefined) {
      try {
        original(expression, allowedContext);
        outcome = null;
      } catch (e) {
        outcome = e ?? new Error(String(e));
      }
      byExpression.set(expression, outcome);
    }
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows exactly what the parser's check threw.
    if (outcome !== null) throw outcome;
  };
}

/** One thing GitHub would reject, with where it is. */
export interface SchemaProblem {
  message: string;
  range: Range;
}

/** Beyond this many tokens (alias expansion included) a workflow is not validated; GitHub's own limits are far lower. */
const MAX_TOKENS = 200_000;

/**
 * Where a token came from: offsets in the file, and enough context (the collection it belongs to
 * and the key or index it sits under) to name its YAML path in messages. The parser reads the line
 * numbers of every string it reads (to tell one-line strings from block scalars), the columns only to
 * report an error or to place an expression, so positions are computed on demand, and an end on the
 * start's line without a binary search.
 */
class SourceRange {
  private s?: { line: number; column: number };
  private e?: { line: number; column: number };
  constructor(
    readonly file: SourceFile,
    readonly from: number,
    readonly to: number,
    /** The range of the collection holding this node or key. */
    readonly parent: SourceRange | undefined,
    /** The key (or sequence index) this node sits under; for a key, its own name. */
    readonly at: string | number | undefined,
    readonly isKey: boolean,
  ) {}

  /** For a collection that is the value of a key: the key's offsets, where problems of the whole collection are reported. */
  key?: Readonly<[number, number, ...number[]]>;

  get start(): { line: number; column: number } {
    if (!this.s) {
      const p = this.file.positionAt(this.from);
      this.s = { line: p.line + 1, column: p.character + 1 };
    }
    return this.s;
  }

  get end(): { line: number; column: number } {
    if (!this.e) {
      // Without a line break between the offsets, the end is on the start's line (`positionAt` would say the same).
      const t = this.file.text;
      const to = Math.min(this.to, t.length);
      let i = this.from;
      while (i < to && t.charCodeAt(i) !== 10 && t.charCodeAt(i) !== 13) i++;
      if (i >= to && this.from <= to) {
        const s = this.start;
        this.e = { line: s.line, column: s.column + (to - this.from) };
      } else {
        const p = this.file.positionAt(this.to);
        this.e = { line: p.line + 1, column: p.character + 1 };
      }
    }
    return this.e;
  }

  /** The YAML path of this node (for a key, including the key), e.g. `jobs.build.steps[2]`. */
  path(): string {
    const parts: (string | number)[] = [];
    for (let r: SourceRange | undefined = this; r; r = r.parent) if (r.at !== undefined) parts.unshift(r.at);
    return parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  }
}

/** A mapping or sequence being read, and how far. */
interface Frame {
  map: boolean;
  node: YamlNodeRef;
  /** Its number of entries or items. */
  size: number;
  i: number;
  keyNext: boolean;
  range: SourceRange;
}

class TooLarge extends Error {}

/** The kind a pending value was found to be once its alias, if any, was followed. */
type PendingKind = 'map' | 'seq' | 'scalar' | 'none';

/**
 * A cursor over a parsed `yaml` document that speaks the parser's `ObjectReader` interface. The parser
 * asks each value in turn whether it is a scalar, a sequence or a mapping; the reader works out what
 * the next value is once (following an alias) and answers from that.
 */
class DocumentReader implements GH.ObjectReader {
  private readonly stack: Frame[] = [];
  /** The next value to hand out (a node, or null for an empty value), or undefined when none is pending. */
  private pending: unknown = undefined;
  /** What the pending value is, once `inspect` has followed its alias; undefined before. */
  private pendingKind: PendingKind | undefined;
  private pendingAt: string | number | undefined;
  /** The key node of the pending value, when it is the value of a map entry. */
  private pendingKeyNode: YamlNodeRef;
  /** The key node handed out next, when a mapping's key is due. */
  private pendingKey: YamlNodeRef;
  private tokens = 0;
  /** Aliases that name no anchor (`*missing`), in reading order. */
  readonly undefinedAliases: YamlNodeRef[] = [];

  constructor(
    private readonly file: SourceFile,
    private readonly doc: YamlDocument,
  ) {
    this.pending = yamlRoot(doc);
  }

  private range(n: YamlNodeRef, at: string | number | undefined, isKey = false): SourceRange | undefined {
    const r = yamlOffsets(n);
    if (!r) return undefined;
    return new SourceRange(this.file, r[0], r[1], this.stack[this.stack.length - 1]?.range, at, isKey);
  }

  private count(): void {
    if (++this.tokens > MAX_TOKENS) throw new TooLarge('too many YAML nodes (after alias expansion) to validate');
  }

  /** Moves the next key or value of the current collection into `pending` (or `pendingKey`). */
  private advance(): void {
    if (this.pending !== undefined || this.pendingKey !== undefined) return;
    const top = this.stack[this.stack.length - 1];
    if (!top || top.i >= top.size) return;
    this.pendingKind = undefined;
    if (top.map) {
      if (top.keyNext) {
        this.pendingKey = yamlKeyAt(top.node, top.i) ?? null;
        top.keyNext = false;
      } else {
        const key = yamlKeyAt(top.node, top.i);
        this.pending = yamlValueAt(top.node, top.i) ?? null;
        this.pendingAt = yamlKeyText(key);
        this.pendingKeyNode = key;
        top.i++;
        top.keyNext = true;
      }
    } else {
      this.pendingAt = top.i;
      this.pendingKeyNode = undefined;
      this.pending = yamlItemAt(top.node, top.i) ?? null;
      top.i++;
    }
  }

  /** Follows the pending value's alias, if any, and records what the value is. */
  private inspect(): PendingKind {
    if (this.pendingKind !== undefined) return this.pendingKind;
    let n = this.pending;
    let kind = yamlKind(n);
    if (kind === 'alias') {
      n = this.resolve(n);
      kind = yamlKind(n);
      this.pending = n;
    }
    return (this.pendingKind = kind === 'alias' ? 'none' : kind);
  }

  /** The node an alias stands for; an undefined or self-containing alias reads as an empty value. */
  private resolve(n: YamlNodeRef): YamlNodeRef {
    const target = yamlAliasTarget(n, this.doc);
    if (!target) {
      this.undefinedAliases.push(n);
      return null;
    }
    if (this.stack.some((f) => f.node === target)) return null;
    return target;
  }

  allowLiteral(): GH.StringToken | GH.NullToken | GH.NumberToken | GH.BooleanToken | undefined {
    this.advance();
    if (this.pendingKey !== undefined) {
      const key = this.pendingKey;
      this.pendingKey = undefined;
      this.count();
      const name = yamlKeyText(key);
      return new (gh().StringToken)(undefined, this.range(key, name, true), name, undefined);
    }
    if (this.pending === undefined) return undefined;
    const kind = this.inspect();
    if (kind === 'map' || kind === 'seq') return undefined;
    const n = this.pending;
    this.pending = undefined;
    this.count();
    const r = this.range(n, this.pendingAt);
    const v = kind === 'scalar' ? yamlScalarValue(n) : null;
    if (v === null || v === undefined) return new (gh().NullToken)(undefined, r, undefined);
    if (typeof v === 'number') return new (gh().NumberToken)(undefined, r, v, undefined);
    if (typeof v === 'boolean') return new (gh().BooleanToken)(undefined, r, v, undefined);
    return new (gh().StringToken)(undefined, r, typeof v === 'string' ? v : String(v), undefined);
  }

  private open(seq: boolean): SourceRange | undefined | false {
    this.advance();
    if (this.pending === undefined || this.pendingKey !== undefined) return false;
    if (this.inspect() !== (seq ? 'seq' : 'map')) return false;
    const n = this.pending;
    this.pending = undefined;
    this.count();
    const range = this.range(n, this.pendingAt);
    const kr = yamlOffsets(this.pendingKeyNode);
    if (range && kr) range.key = kr;
    const frame: Frame = { map: !seq, node: n, size: yamlSize(n), i: 0, keyNext: true, range: range ?? new SourceRange(this.file, 0, 0, this.stack[this.stack.length - 1]?.range, this.pendingAt, false) };
    this.stack.push(frame);
    return range;
  }

  allowSequenceStart(): GH.SequenceToken | undefined {
    const r = this.open(true);
    return r === false ? undefined : new (gh().SequenceToken)(undefined, r, undefined);
  }

  allowMappingStart(): GH.MappingToken | undefined {
    const r = this.open(false);
    return r === false ? undefined : new (gh().MappingToken)(undefined, r, undefined);
  }

  private close(seq: boolean): boolean {
    this.advance();
    const top = this.stack[this.stack.length - 1];
    if (this.pending !== undefined || this.pendingKey !== undefined || !top || top.map === seq || top.i < top.size) return false;
    this.stack.pop();
    return true;
  }

  allowSequenceEnd(): boolean {
    return this.close(true);
  }

  allowMappingEnd(): boolean {
    return this.close(false);
  }

  validateStart(): void {}

  validateEnd(): void {}
}

let vocabulary: Set<string> | undefined;

/** Every key name the workflow schema knows, for "did you mean" suggestions. */
function knownKeys(): Set<string> {
  if (vocabulary) return vocabulary;
  vocabulary = new Set<string>();
  const defs = (gh().getWorkflowSchema() as unknown as { definitions?: Record<string, { properties?: Record<string, unknown> }> }).definitions ?? {};
  for (const d of Object.values(defs)) for (const k of Object.keys(d?.properties ?? {})) vocabulary.add(k);
  return vocabulary;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** A known key close to an unknown one (`timeout_minutes` → `timeout-minutes`), if any. */
function suggestion(key: string): string | undefined {
  const keys = knownKeys();
  const norm = key.toLowerCase().replace(/_/g, '-');
  if (norm !== key && keys.has(norm)) return norm;
  if (key.length < 4) return undefined;
  let best: string | undefined;
  let bestD = 3;
  for (const k of keys) {
    const d = distance(norm, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return bestD <= 2 ? best : undefined;
}

/** Our message for one parser error: what is wrong, where in the YAML, and what GitHub does. */
function describe(raw: string, where: SourceRange | undefined): string {
  const path = where?.path();
  const parentPath = where?.parent?.path();
  const under = (p: string | undefined) => (p ? ` under \`${p}\`` : ' at the top level');
  const unexpected = /^Unexpected value '([\s\S]*)'$/.exec(raw);
  if (unexpected && where?.isKey) {
    const key = unexpected[1];
    if (parentPath && /steps\[\d+\]$/.test(parentPath) && (key === 'run' || key === 'uses')) return `a step takes either \`uses:\` or \`run:\`, not both (\`${parentPath}\`): GitHub rejects the whole workflow`;
    if (parentPath && /(^|\.)permissions$/.test(parentPath)) return `\`${key}\` is not a permission scope GitHub knows${under(parentPath)}: GitHub rejects the whole workflow`;
    const hint = suggestion(key);
    return `\`${key}\` is not a key GitHub accepts${under(parentPath)}${hint ? ` (did you mean \`${hint}\`?)` : ''}: GitHub rejects the whole workflow`;
  }
  if (unexpected) {
    const value = unexpected[1];
    if (value === '' && path === 'on') return '`on:` is empty: name at least one event (e.g. `on: [push, pull_request]`), or GitHub rejects the workflow';
    if (path && /(^|\.)permissions$/.test(path)) return `\`permissions: ${value}\` is not valid (use \`read-all\`, \`write-all\`, \`{}\` or a map of scopes such as \`contents: read\`): GitHub rejects the whole workflow`;
    if (parentPath && /(^|\.)permissions$/.test(parentPath)) return `\`${value}\` is not a permission level for \`${path}\` (use \`read\`, \`write\` or \`none\`): GitHub rejects the whole workflow`;
    return `\`${value}\` is not a value GitHub accepts for \`${path ?? 'this key'}\`: GitHub rejects the whole workflow`;
  }
  const dup = /^'([\s\S]*)' is already defined$/.exec(raw);
  if (dup) return `\`${dup[1]}\` is defined twice${under(parentPath)}: GitHub rejects duplicate keys (and other tools keep the other value)`;
  const missing = /^Required property is missing: (\S+)$/.exec(raw);
  if (missing) return `\`${path || 'the workflow'}\` lacks the required key \`${missing[1]}\`, so GitHub rejects the workflow`;
  return `the workflow does not pass GitHub's own checks${path ? ` at \`${path}\`` : ''}, so GitHub rejects it: ${raw.replace(/\s+$/, '')}`;
}

function rangeOf(file: SourceFile, r: unknown): Range | undefined {
  if (r instanceof SourceRange) {
    // A collection is reported at its key, or on its first line.
    if (r.key) return file.rangeOf(r.key[0], r.key[1]);
    const start = file.positionAt(r.from);
    const end = file.positionAt(r.to);
    if (end.line > start.line) return { start, end: { line: start.line, character: file.lines[start.line]?.length ?? start.character } };
    return { start, end };
  }
  const t = r as GH.TokenRange | undefined;
  if (t?.start && typeof t.start.line === 'number') {
    const start = { line: Math.max(0, t.start.line - 1), character: Math.max(0, t.start.column - 1) };
    const end = t.end ? { line: Math.max(0, t.end.line - 1), character: Math.max(0, t.end.column - 1) } : start;
    return { start, end: end.line > start.line || (end.line === start.line && end.character >= start.character) ? end : start };
  }
  return undefined;
}

/**
 * What GitHub would reject in a workflow document, in source order (at most `limit`). Never throws:
 * a failure of the parser itself becomes one problem on the first line. `onRaw` receives the parser's
 * own errors (`line:column message`, one-based), for the tests that compare this reader with the
 * package's.
 */
export function schemaProblems(file: SourceFile, doc: YamlDocument, limit = 20, onRaw?: (raw: string) => void): SchemaProblem[] {
  expressionChecks = new WeakMap();
  try {
    return validate(file, doc, limit, onRaw);
  } finally {
    expressionChecks = undefined;
  }
}

function validate(file: SourceFile, doc: YamlDocument, limit: number, onRaw: ((raw: string) => void) | undefined): SchemaProblem[] {
  const context = new (gh().TemplateContext)(new (gh().TemplateValidationErrors)(limit, 400), gh().getWorkflowSchema(), new (gh().NoOperationTraceWriter)());
  const reader = new DocumentReader(file, doc);
  const out: SchemaProblem[] = [];
  let root: GH.TemplateToken | undefined;
  try {
    root = gh().readTemplate(context, gh().WORKFLOW_ROOT, reader, undefined);
  } catch (e) {
    out.push({ message: `the workflow could not be validated: ${(e as Error)?.message ?? e}`, range: file.lineRange(0) });
    return out;
  }
  for (const a of reader.undefinedAliases) {
    const name = yamlAliasName(a) ?? '';
    out.push({ message: `the alias \`*${name}\` refers to no anchor \`&${name}\` defined before it: GitHub rejects the workflow`, range: file.yamlRange(a) });
  }
  const tooLarge = context.errors.getErrors().find((e) => /too many YAML nodes/.test(e.rawMessage));
  if (tooLarge) return [...out, { message: `the workflow was not validated: ${tooLarge.rawMessage}`, range: file.lineRange(0) }];
  // As GitHub's own converter does, the semantic checks run only on a workflow that fits the schema.
  const fits = context.errors.count === 0;
  if (root && fits) convert(context, root);
  for (const e of context.errors.getErrors()) {
    if (onRaw) onRaw(`${e.range ? `${e.range.start.line}:${e.range.start.column}` : '-'} ${e.rawMessage}`);
    if (fits && LENIENT.test(e.rawMessage)) continue;
    // A single activity type written as a string (`types: opened`) is accepted by GitHub (zizmor's
    // author checked it; SchemaStore/schemastore#4637), though the language service's schema wants a list.
    if (e.range instanceof SourceRange && /^on\.[\w-]+\.types$/.test(e.range.path()) && /^Unexpected value '/.test(e.rawMessage)) continue;
    const range = rangeOf(file, e.range) ?? file.lineRange(0);
    out.push({ message: describe(e.rawMessage, e.range instanceof SourceRange ? e.range : undefined), range });
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out.slice(0, limit);
}

/**
 * Converter errors GitHub's service does not raise, seen on workflows that run: a whole `env:` given as
 * an expression (`env: ${{ matrix.env }}`, evaluated at run time) and a `workflow_dispatch` input
 * default whose YAML type differs from the input's type (`default: 120` for a string input).
 */
const LENIENT = /^Unexpected type '(?:BasicExpressionToken|NumberToken|BooleanToken|StringToken|NullToken)' encountered while reading '(?:job env|step env|input default)'/;

/** The semantic checks of GitHub's converter (events, jobs, concurrency), without fetching reusable workflows. */
function convert(context: GH.TemplateContext, root: GH.TemplateToken): void {
  const guard = (token: GH.TemplateToken, f: () => unknown) => {
    try {
      f();
    } catch (err) {
      context.error(err instanceof gh().TemplateTokenError ? err.token : token, err);
    }
  };
  guard(root, () => {
    for (const item of root.assertMapping('root')) {
      const key = item.key.assertString('root key').value;
      if (key === 'on') guard(root, () => gh().convertOn(context, item.value));
      else if (key === 'jobs') guard(root, () => gh().convertJobs(context, item.value));
      else if (key === 'concurrency') guard(root, () => gh().convertConcurrency(context, item.value));
    }
  });
}
