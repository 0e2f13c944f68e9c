/**
 * A fast path for the YAML most CI workflows, compose files and Kubernetes manifests are written in.
 *
 * The profiler showed 62% of a workflow audit inside the `yaml` package's `parseAllDocuments` (its
 * lexer, CST parser and composer), which alone made the engine slower than actionlint. This module
 * parses the common subset of YAML (block mappings and sequences, plain and quoted one-line scalars,
 * `|`/`>` block scalars, one-line flow collections, comments, `---` separators) straight into the
 * same node classes the `yaml` package builds (Document, YAMLMap, YAMLSeq, Pair, Scalar) with the
 * same values, types and `range`s, so every rule sees exactly what it saw before. Scalars are resolved
 * by the document's own schema tags, as `yaml` does.
 *
 * Anything outside the subset (anchors, aliases, tags, directives, explicit keys, multi-line plain or
 * quoted scalars, multi-line flow collections, tabs in indentation, block scalars with indentation
 * indicators, syntax errors...) makes it give up and return undefined; the caller then uses `yaml`
 * itself. `test/robustness.test.ts` compares both, node by node, on the whole workflow corpus and on
 * generated documents.
 */
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

// The nodes are built from prototypes that carry their `yaml` node type, as `instanceof` and the
// `isMap`/`isScalar`... guards expect, instead of through the constructors, whose per-object
// `Object.defineProperty` calls were a tenth of the parse time.
const NODE_TYPE = Symbol.for('yaml.node.type');
const typedProto = <T extends object>(cls: { prototype: T }, type: string): T => Object.create(cls.prototype, { [NODE_TYPE]: { value: Symbol.for(type) } }) as T;
const SCALAR_PROTO = typedProto(Scalar, 'yaml.scalar');
const PAIR_PROTO = typedProto(Pair, 'yaml.pair');
const MAP_PROTO = typedProto(YAMLMap, 'yaml.map');
const SEQ_PROTO = typedProto(YAMLSeq, 'yaml.seq');

function newScalar(value: unknown): Scalar {
  const s = Object.create(SCALAR_PROTO) as Scalar;
  s.value = value;
  return s;
}

function newPair(key: Scalar, value: unknown): Pair {
  const p = Object.create(PAIR_PROTO) as Pair;
  p.key = key;
  p.value = value;
  return p;
}

function newCollection<T extends YAMLMap | YAMLSeq>(proto: T, schema: unknown): T {
  const c = Object.create(proto) as T;
  Object.defineProperty(c, 'schema', { value: schema, configurable: true, enumerable: false, writable: true });
  (c as { items: unknown[] }).items = [];
  return c;
}

/**
 * The fast path builds `yaml`'s nodes through that package's private node-type symbol and reads its
 * schema's private tag table, so it runs only on the version it was written and tested for
 * (package.json pins it exactly; `test/robustness.test.ts` fails when the installed version differs).
 * With any other version every text goes to `yaml` itself: slower, never different.
 */
export const YAML_FAST_VERSION = '2.9.1';
/** The `yaml` package's installed version. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the version is read from the package's own manifest.
export const YAML_INSTALLED_VERSION = (require('yaml/package.json') as { version: string }).version;
const FAST_PATH_ACTIVE = YAML_INSTALLED_VERSION === YAML_FAST_VERSION;

/** Thrown inside the parser to give up; never escapes this module. */
class Bail extends Error {}
const BAIL = new Bail('unsupported YAML for the fast path');

type Node = Scalar | YAMLMap | YAMLSeq;
/** A parsed value: the node, the first line after it, what it is, and its pending trailing comments. */
interface Parsed {
  node: Node;
  next: number;
  kind: 'scalar' | 'block' | 'empty' | 'collection';
  /** Highest indentation of trailing comments no collection claimed yet (-1 when none). */
  pending: number;
}
type Range3 = [number, number, number];

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve: (str: string, onError: (msg: string) => void, options: unknown) => unknown;
}

const MAX_DEPTH = 400;
/** First characters of the core schema's null, bool, int and float forms. */
const CORE_FIRST = new Set([...'~NntTfF0123456789+-.'].map((c) => c.charCodeAt(0)));

/**
 * Parses every document of a text into `yaml` Documents, or returns undefined when the text uses YAML
 * the fast path does not handle (the caller then uses `yaml.parseAllDocuments`).
 */
export function fastParseAllDocuments(text: string, options: Record<string, unknown>): Document.Parsed[] | undefined {
  if (!FAST_PATH_ACTIVE) return undefined;
  try {
    return new FastYaml(text, options).parse();
  } catch (e) {
    if (e instanceof Bail || e instanceof RangeError) return undefined;
    throw e;
  }
}

class FastYaml {
  /** Offset of the first character of each line. */
  private readonly starts: number[] = [];
  /** Offset just past the last character of each line (before its line break). */
  private readonly ends: number[] = [];
  /** Offset of the next line (after the line break). */
  private readonly nexts: number[] = [];
  private doc!: Document.Parsed;
  private tags!: ScalarTag[];
  private stringTag!: ScalarTag;
  private options: Record<string, unknown>;
  private depth = 0;
  private core = false;

  constructor(
    private readonly text: string,
    options: Record<string, unknown>,
  ) {
    this.options = options;
    const t = text;
    let s = 0;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 10) {
        const e = i > s && t.charCodeAt(i - 1) === 13 ? i - 1 : i;
        this.starts.push(s);
        this.ends.push(e);
        this.nexts.push(i + 1);
        s = i + 1;
      } else if (c === 13 && t.charCodeAt(i + 1) !== 10) {
        throw BAIL; // a lone CR line break
      } else if (c === 9 || c < 32 || c === 0xfeff || (c >= 0x7f && c <= 0x9f)) {
        if (c !== 9 && c !== 13) throw BAIL; // control characters, BOM: let `yaml` report them
      }
    }
    if (s < t.length) {
      this.starts.push(s);
      this.ends.push(t.length);
      this.nexts.push(t.length);
    }
  }

  parse(): Document.Parsed[] {
    const out: Document.Parsed[] = [];
    const n = this.starts.length;
    let line = 0;
    // Documents are separated by `---` lines; `...` ends one.
    let sawMarker = false;
    while (line < n) {
      // Skip blank and comment lines before a document.
      let l = line;
      while (l < n && this.isBlankOrComment(l)) l++;
      if (l >= n) break;
      const lt = this.lineText(l);
      if (lt.startsWith('%')) throw BAIL;
      let docStart = false;
      let bodyFrom = l;
      if (isMarker(lt, '---')) {
        if (lt.length > 3 && this.restIsBlankOrComment(this.starts[l] + 3, this.ends[l]) === false) throw BAIL;
        docStart = true;
        bodyFrom = l + 1;
        sawMarker = true;
      } else if (isMarker(lt, '...')) {
        throw BAIL;
      }
      // The document body runs to the next `---` or `...` line.
      let end = bodyFrom;
      while (end < n && !isMarker(this.lineText(end), '---') && !isMarker(this.lineText(end), '...')) end++;
      if (end < n && isMarker(this.lineText(end), '...')) throw BAIL;
      let first = bodyFrom;
      while (first < end && this.isBlankOrComment(first)) first++;
      if (first >= end) {
        // An empty document (`---` followed by nothing): leave these rare cases to `yaml`.
        throw BAIL;
      }
      void docStart;
      void sawMarker;
      this.newDoc(docStart);
      const { node, next } = this.parseBlockNode(first, end, -1);
      if (node instanceof Scalar) throw BAIL; // a document that is one scalar: rare, and its end differs
      if (this.nextContent(next, end) < end) throw BAIL; // content left over: a syntax `yaml` must report
      const doc = this.doc;
      (doc as unknown as { contents: Node }).contents = node;
      const contentEnd = node.range![2];
      // Trailing lines belong to the document, unless the last value is empty: they then went to it.
      const regionEnd = end < n ? this.starts[end] : this.text.length;
      (doc as unknown as { range: Range3 }).range = [docStart ? this.starts[l] : this.starts[first], contentEnd, this.lastEmpty ? contentEnd : Math.max(contentEnd, regionEnd)];
      out.push(doc);
      line = end;
    }
    if (out.length === 0) throw BAIL;
    return out;
  }

  private newDoc(docStart: boolean): void {
    const doc = new Document(undefined, this.options) as Document.Parsed;
    if (docStart) (doc.directives as unknown as { docStart: boolean }).docStart = true;
    this.doc = doc;
    this.lastEmpty = false;
    const schema = doc.schema as unknown as { tags: ScalarTag[]; compat?: unknown };
    if (schema.compat) throw BAIL;
    this.tags = schema.tags.filter((t) => t.default === true && t.test);
    this.core = (doc.schema as unknown as { name?: string }).name === 'core' && this.tags.length === 8;
    this.stringTag = (doc.schema as unknown as Record<symbol, ScalarTag>)[Symbol.for('yaml.scalar')];
    if (!this.stringTag) throw BAIL;
  }

  // ---- lines --------------------------------------------------------------------------------

  private lineText(l: number): string {
    return this.text.slice(this.starts[l], this.ends[l]);
  }

  /** Indentation (spaces) of a line; bails on a tab in the indentation. */
  private indentOf(l: number): number {
    const t = this.text;
    let i = this.starts[l];
    const e = this.ends[l];
    while (i < e && t.charCodeAt(i) === 32) i++;
    if (i < e && t.charCodeAt(i) === 9) throw BAIL;
    return i - this.starts[l];
  }

  private isBlankOrComment(l: number): boolean {
    const t = this.text;
    let i = this.starts[l];
    const e = this.ends[l];
    while (i < e && (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9)) i++;
    return i >= e || t.charCodeAt(i) === 35;
  }

  /** True when text[from, to) holds only spaces and perhaps a comment (which needs a space before it). */
  private restIsBlankOrComment(from: number, to: number): boolean {
    const t = this.text;
    let i = from;
    while (i < to && (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9)) i++;
    if (i >= to) return true;
    return t.charCodeAt(i) === 35 && i > from;
  }

  /** The next line at or after `l` (before `end`) that is not blank or a comment. */
  private nextContent(l: number, end: number): number {
    while (l < end && this.isBlankOrComment(l)) l++;
    return l;
  }

  // ---- block structure ---------------------------------------------------------------------
  //
  // Comments and blank lines between content lines change the `range` of nodes in `yaml`, following
  // its CST parser (parse/parser.js `blockMap`, `blockSequence`, `pop`), which this code mirrors:
  //  - a comment more indented than the collection right after a one-line value (with only blank
  //    lines in between) belongs to that value: the value's range[2] ends after it;
  //  - after an empty value (`key:`), the following comments belong to it (see `emptyValueEnd`);
  //  - comments left over when a collection ends stay in the innermost closing collection whose
  //    indentation they reach (not at column 0), whose range[2] then runs to the next content.

  /**
   * Parses the block node whose first content line is `l` (it must be more indented than
   * `parentIndent`). Returns the node, the first line after it and its trailing comments.
   */
  private parseBlockNode(l: number, end: number, parentIndent: number): Parsed {
    if (++this.depth > MAX_DEPTH) throw BAIL;
    try {
      const indent = this.indentOf(l);
      if (indent <= parentIndent) throw BAIL;
      const col = this.starts[l] + indent;
      if (this.isSeqEntry(col, this.ends[l])) return this.parseSeq(l, end, indent);
      if (this.keyEnd(col, this.ends[l]) >= 0) return this.parseMap(l, end, indent, col);
      // A lone scalar on its own line. After a comment line `yaml` may read it as a key: leave it to `yaml`.
      for (let k = l - 1; k > 0 && this.isBlankOrComment(k); k--) if (!this.isBlankLine(k)) throw BAIL;
      this.lastEmpty = false;
      const v = this.parseInlineValue(col, l, end, parentIndent);
      if (v.kind === 'block') throw BAIL;
      const next = this.nextContent(l + 1, end);
      if (next < end && this.indentOf(next) > parentIndent) {
        // A plain scalar going on over more lines (`if:` then a long condition); anything else is an error.
        const sc = v.node as Scalar;
        if (!(sc instanceof Scalar) || sc.type !== 'PLAIN' || sc.range![1] !== this.trimmedEnd(l) || parentIndent < 0) throw BAIL;
        return this.continuePlain(sc, l, end, parentIndent);
      }
      return { node: v.node, next: l + 1, kind: v.kind, pending: -1 };
    } finally {
      this.depth--;
    }
  }

  private isSeqEntry(col: number, e: number): boolean {
    const t = this.text;
    if (t.charCodeAt(col) !== 45) return false; // -
    return col + 1 >= e || t.charCodeAt(col + 1) === 32;
  }

  /**
   * When the text at `col` starts an implicit key (`key:` followed by a space or the end of the line),
   * returns the offset of its colon; otherwise -1. Quoted keys are accepted; a key spanning a comment
   * or a flow collection is not.
   */
  private keyEnd(col: number, e: number): number {
    const t = this.text;
    const c = t.charCodeAt(col);
    if (c === 34 || c === 39) {
      const q = this.quotedEnd(col, e);
      if (q < 0) return -1;
      let i = q;
      while (i < e && t.charCodeAt(i) === 32) i++;
      if (i < e && t.charCodeAt(i) === 58 && (i + 1 >= e || t.charCodeAt(i + 1) === 32)) return i;
      return -1;
    }
    if (!this.plainStart(col, e, false)) return -1;
    for (let i = col; i < e; i++) {
      const ch = t.charCodeAt(i);
      if (ch === 58 && (i + 1 >= e || t.charCodeAt(i + 1) === 32)) return i;
      if (ch === 35 && t.charCodeAt(i - 1) === 32) return -1; // a comment
    }
    return -1;
  }

  /** True when a plain scalar may start at `col`. */
  private plainStart(col: number, e: number, flow: boolean): boolean {
    const t = this.text;
    const c = t.charCodeAt(col);
    switch (c) {
      case 44: // ,
      case 91: // [
      case 93: // ]
      case 123: // {
      case 125: // }
      case 35: // #
      case 38: // &
      case 42: // *
      case 33: // !
      case 124: // |
      case 62: // >
      case 39: // '
      case 34: // "
      case 37: // %
      case 64: // @
      case 96: // `
        return false;
      case 45: // -
      case 63: // ?
      case 58: {
        // :
        const n = col + 1 < e ? t.charCodeAt(col + 1) : 32;
        if (n === 32 || n === 9) return false;
        if (flow && (n === 44 || n === 91 || n === 93 || n === 123 || n === 125)) return false;
        return true;
      }
      default:
        return col < e;
    }
  }

  /** Where the content of line `l` starts, or the end of the document region when `l` is past it. */
  private contentStart(l: number, end: number): number {
    if (l < end) return this.starts[l] + this.indentOf(l);
    return end < this.starts.length ? this.starts[end] : this.text.length;
  }

  /**
   * Handles the comments between an entry's value (ending before line `from`) and the next content
   * line `N` of a collection with indentation `indent`; returns the highest indentation of the
   * comments left pending (-1 when none).
   */
  private afterValue(v: Parsed, from: number, N: number, indent: number): number {
    if (v.kind === 'collection') return v.pending;
    const absorbs = v.kind === 'scalar';
    let onlyBlank = true;
    let pending = -1;
    for (let l = from; l < N; l++) {
      if (this.isBlankLine(l)) continue;
      const ic = this.indentOf(l);
      if (absorbs && onlyBlank && ic > indent) {
        const r = v.node.range!;
        r[2] = this.nexts[l];
        continue;
      }
      onlyBlank = false;
      if (ic > pending) pending = ic;
    }
    return pending;
  }

  /**
   * range[2] of an empty value (`key:` on line `keyLine`, value position `pos`) followed by the
   * comment lines before `N`: `yaml` keeps the comments up to the line after the last one that is
   * more indented than the map (when the map goes on at `N`), or all of them (when it ends there).
   */
  private emptyValueEnd(keyLine: number, pos: number, N: number, end: number, indent: number, mapGoesOn: boolean): number {
    const sameLineComment = pos < this.ends[keyLine] && this.text.charCodeAt(pos) === 35;
    let last = keyLine; // the last line whose newline starts the count
    for (let l = keyLine + 1; l < N; l++) if (!this.isBlankLine(l) && this.indentOf(l) > indent) last = l;
    let stop: number;
    let to: number;
    if (mapGoesOn && last + 1 < N) {
      to = last + 1;
      stop = this.isBlankLine(to) && this.ends[to] === this.starts[to] ? this.nexts[last] : this.ends[to];
    } else {
      to = N;
      stop = this.contentStart(N, end);
    }
    let comment = sameLineComment;
    for (let l = keyLine + 1; l <= to && l < N && !comment; l++) if (!this.isBlankLine(l)) comment = true;
    return comment ? stop : pos;
  }

  private parseSeq(l: number, end: number, indent: number): Parsed {
    const seq = newCollection(SEQ_PROTO, this.doc.schema);
    const start = this.starts[l] + indent;
    let last: Node | undefined;
    let line = l;
    let pending = -1;
    for (;;) {
      const col = this.starts[line] + indent;
      const e = this.ends[line];
      let i = col + 1;
      while (i < e && this.text.charCodeAt(i) === 32) i++;
      if (i >= e || this.text.charCodeAt(i) === 35) throw BAIL; // an empty entry
      const r = this.parseEntryValue(col + 1, line, end, indent);
      seq.items.push(r.node);
      last = r.node;
      const N = this.nextContent(r.next, end);
      pending = this.afterValue(r, r.next, N, indent);
      line = N;
      if (line >= end) break;
      const ind = this.indentOf(line);
      if (ind < indent) break;
      if (ind > indent) throw BAIL;
      if (!this.isSeqEntry(this.starts[line] + ind, this.ends[line])) break; // a key of the parent map
    }
    return this.close(seq, start, last!, line, end, indent, pending);
  }

  private parseMap(l: number, end: number, indent: number, firstCol: number): Parsed {
    const map = newCollection(MAP_PROTO, this.doc.schema);
    let last: Node | undefined;
    let line = l;
    let col = firstCol;
    let pending = -1;
    for (;;) {
      const e = this.ends[line];
      const colon = this.keyEnd(col, e);
      if (colon < 0) throw BAIL;
      const key = this.keyScalar(col, colon);
      const r = this.parseEntryValue(colon + 1, line, end, indent);
      map.items.push(newPair(key, r.node));
      last = r.node;
      const N = this.nextContent(r.next, end);
      const goesOn = N < end && this.indentOf(N) === indent;
      if (r.kind === 'empty') {
        const range = r.node.range!;
        // A `---` after the document reaches a map at column 0 like a next key would.
        const markerNext = N >= end && end < this.starts.length && indent === 0;
        range[2] = this.emptyValueEnd(line, range[0], N, end, indent, goesOn || markerNext);
        pending = -1;
      } else pending = this.afterValue(r, r.next, N, indent);
      line = N;
      if (!goesOn) {
        if (line < end && this.indentOf(line) > indent) throw BAIL;
        break;
      }
      col = this.starts[line] + indent;
      if (this.isSeqEntry(col, this.ends[line])) throw BAIL; // `- x` where a key is expected
    }
    return this.close(map, firstCol, last!, line, end, indent, pending);
  }

  /** Sets a closing collection's range; it keeps pending comments that reach its indentation. */
  private close(node: YAMLMap | YAMLSeq, start: number, last: Node, N: number, end: number, indent: number, pending: number): Parsed {
    const stop = last.range![2];
    if (pending >= indent && indent > 0) {
      node.range = [start, stop, this.contentStart(N, end)];
      return { node, next: N, kind: 'collection', pending: -1 };
    }
    node.range = [start, stop, stop];
    return { node, next: N, kind: 'collection', pending };
  }

  /**
   * Parses the value after `key:` or `-` (from offset `from` on line `l`), whose parent collection
   * has indentation `indent`. Handles values on the same line and values on the following lines.
   */
  private parseEntryValue(from: number, l: number, end: number, indent: number): Parsed {
    const t = this.text;
    const e = this.ends[l];
    let i = from;
    while (i < e && t.charCodeAt(i) === 32) i++;
    if (i < e && t.charCodeAt(i) === 9) throw BAIL;
    if (i >= e || (t.charCodeAt(i) === 35 && i > from)) {
      // Nothing on this line: the value is on the next lines, or empty.
      const next = this.nextContent(l + 1, end);
      if (next < end) {
        const ind = this.indentOf(next);
        const col = this.starts[next] + ind;
        if (ind > indent) return this.parseBlockNode(next, end, indent);
        if (ind === indent && this.isSeqEntry(col, this.ends[next]) && !this.isSeqContext(from)) return this.parseSeq(next, end, indent);
      }
      const empty = this.scalar(null, '', 'PLAIN', [i, i, i]);
      this.lastEmpty = true;
      return { node: empty, next: l + 1, kind: 'empty', pending: -1 };
    }
    // A compact mapping after `- ` (`- key: value`).
    if (this.isSeqContext(from)) {
      if (this.isSeqEntry(i, e)) throw BAIL; // `- - x`
      if (this.keyEnd(i, e) >= 0) return this.parseMap(l, end, i - this.starts[l], i);
    }
    this.lastEmpty = false;
    const v = this.parseInlineValue(i, l, end, indent);
    if (v.kind === 'block') return { node: v.node, next: this.afterBlockScalar, kind: 'block', pending: -1 };
    const next = this.nextContent(l + 1, end);
    if (next < end && this.indentOf(next) > indent) {
      // Only a plain scalar may go on over more indented lines.
      const sc = v.node as Scalar;
      if (!(sc instanceof Scalar) || sc.type !== 'PLAIN' || sc.range![1] !== this.trimmedEnd(l)) throw BAIL;
      return this.continuePlain(sc, l, end, indent);
    }
    return { node: v.node, next: l + 1, kind: 'scalar', pending: -1 };
  }

  /** The end of line `l`'s content without trailing spaces and tabs. */
  private trimmedEnd(l: number): number {
    const t = this.text;
    let e = this.ends[l];
    while (e > this.starts[l] && (t.charCodeAt(e - 1) === 32 || t.charCodeAt(e - 1) === 9)) e--;
    return e;
  }

  /**
   * A plain scalar that goes on over more indented lines (`key: some\n    text`): the lines are
   * folded (one break → a space, n blank lines → n breaks). A comment or `: ` inside gives up.
   */
  private continuePlain(first: Scalar, l: number, end: number, indent: number): Parsed {
    const t = this.text;
    let value = first.source as string;
    let last = l;
    let blanks = 0;
    for (let k = l + 1; k < end; k++) {
      if (this.isBlankLine(k)) {
        blanks++;
        continue;
      }
      const ind = this.indentOf(k);
      if (ind <= indent) break;
      const col = this.starts[k] + ind;
      const e = this.trimmedEnd(k);
      for (let j = col; j < e; j++) {
        const ch = t.charCodeAt(j);
        if (ch === 35 && (j === col || t.charCodeAt(j - 1) === 32 || t.charCodeAt(j - 1) === 9)) throw BAIL; // a comment
        if (ch === 58 && (j + 1 >= e || t.charCodeAt(j + 1) === 32 || t.charCodeAt(j + 1) === 9)) throw BAIL; // `: `
        if (ch === 9) throw BAIL;
      }
      value += (blanks === 0 ? ' ' : '\n'.repeat(blanks)) + t.slice(col, e);
      blanks = 0;
      last = k;
    }
    this.lastEmpty = false;
    const node = this.plainScalar(value, [first.range![0], this.trimmedEnd(last), this.nexts[last]]);
    return { node, next: last + 1, kind: 'scalar', pending: -1 };
  }

  /** True when `from` is just after a `-` sequence indicator. */
  private isSeqContext(from: number): boolean {
    return this.text.charCodeAt(from - 1) === 45;
  }

  private afterBlockScalar = 0;
  /** Whether the value parsed last (in document order) was empty (`key:`). */
  private lastEmpty = false;

  /**
   * Parses a value that starts on this line at offset `i`: a flow collection, a quoted or plain
   * scalar (which must end on this line) or a block scalar (whose lines follow).
   */
  private parseInlineValue(i: number, l: number, end: number, indent: number): { node: Node; kind: 'scalar' | 'block' } {
    const t = this.text;
    const e = this.ends[l];
    const c = t.charCodeAt(i);
    if (c === 91 || c === 123) {
      const { node, pos } = this.parseFlow(i, e);
      const nodeEnd = this.trailing(pos, l);
      node.range = [i, pos, nodeEnd];
      return { node, kind: 'scalar' };
    }
    if (c === 34 || c === 39) {
      const q = this.quotedEnd(i, e);
      if (q < 0) throw BAIL;
      const value = this.unquote(i, q);
      const nodeEnd = this.trailing(q, l);
      return { node: this.scalar(value, value, c === 34 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', [i, q, nodeEnd], true), kind: 'scalar' };
    }
    if (c === 124 || c === 62) return { node: this.parseBlockScalar(i, l, end, indent), kind: 'block' };
    if (!this.plainStart(i, e, false)) throw BAIL;
    // A plain scalar: up to a comment or the end of the line.
    let j = i;
    let stop = e;
    for (; j < e; j++) {
      const ch = t.charCodeAt(j);
      if (ch === 35 && (t.charCodeAt(j - 1) === 32 || t.charCodeAt(j - 1) === 9)) {
        stop = j;
        break;
      }
      if (ch === 58 && (j + 1 >= e || t.charCodeAt(j + 1) === 32 || t.charCodeAt(j + 1) === 9)) throw BAIL; // `a: b: c`
    }
    let v = stop;
    while (v > i && (t.charCodeAt(v - 1) === 32 || t.charCodeAt(v - 1) === 9)) v--;
    const source = t.slice(i, v);
    return { node: this.plainScalar(source, [i, v, this.nexts[l]]), kind: 'scalar' };
  }

  /** The end of a node's trailing spaces, comment and line break on line `l`, after offset `pos`. */
  private trailing(pos: number, l: number): number {
    if (!this.restIsBlankOrComment(pos, this.ends[l])) throw BAIL;
    return this.nexts[l];
  }

  // ---- block scalars -----------------------------------------------------------------------

  private parseBlockScalar(i: number, l: number, end: number, indent: number): Scalar {
    const t = this.text;
    const e = this.ends[l];
    const literal = t.charCodeAt(i) === 124;
    let j = i + 1;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    if (j < e && t.charCodeAt(j) === 45) {
      chomp = 'strip';
      j++;
    } else if (j < e && t.charCodeAt(j) === 43) {
      chomp = 'keep';
      j++;
    }
    if (j < e && t.charCodeAt(j) >= 48 && t.charCodeAt(j) <= 57) throw BAIL; // an indentation indicator
    if (!this.restIsBlankOrComment(j, e)) throw BAIL;
    if (chomp === 'keep') throw BAIL;
    // Content lines: the first non-blank line sets the indentation, which must exceed the parent's.
    let first = l + 1;
    while (first < end && this.isBlankLine(first)) first++;
    if (first >= end) throw BAIL;
    const ci = this.indentOf(first);
    if (ci <= indent) throw BAIL; // an empty block scalar
    for (let b = l + 1; b < first; b++) if (this.ends[b] - this.starts[b] > ci) throw BAIL;
    let lastContent = first;
    let k = first;
    for (; k < end; k++) {
      if (this.isBlankLine(k)) {
        if (this.ends[k] - this.starts[k] > ci) throw BAIL; // whitespace-only content lines
        continue;
      }
      const ind = this.indentOf(k);
      if (ind < ci) break;
      lastContent = k;
    }
    const parts: string[] = [];
    for (let b = l + 1; b <= lastContent; b++) {
      const s = this.starts[b];
      const len = this.ends[b] - s;
      parts.push(len <= ci ? '' : t.slice(s + ci, this.ends[b]));
    }
    // Leading blank lines before the first content line are part of the value.
    let value: string;
    if (literal) {
      value = parts.join('\n');
    } else {
      value = this.fold(parts);
    }
    if (chomp === 'clip') value += '\n';
    const stop = this.nexts[lastContent];
    this.afterBlockScalar = lastContent + 1;
    return this.scalar(value, value, literal ? 'BLOCK_LITERAL' : 'BLOCK_FOLDED', [i, stop, stop], true);
  }

  private isBlankLine(l: number): boolean {
    const t = this.text;
    for (let i = this.starts[l]; i < this.ends[l]; i++) if (t.charCodeAt(i) !== 32) return false;
    return true;
  }

  /**
   * Folds the lines of a `>` scalar as `yaml` does (compose/resolve-block-scalar.js): a break between
   * two text lines becomes a space, blank lines stay, more-indented lines keep their breaks.
   */
  private fold(parts: string[]): string {
    let value = '';
    let sep = '';
    let prevMoreIndented = false;
    let i = 0;
    while (i < parts.length && parts[i] === '') {
      value += '\n';
      i++;
    }
    for (; i < parts.length; i++) {
      const p = parts[i];
      const c = p.charCodeAt(0);
      if (c === 32 || c === 9) {
        if (sep === ' ') sep = '\n';
        else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
        value += sep + p;
        sep = '\n';
        prevMoreIndented = true;
      } else if (p === '') {
        if (sep === '\n') value += '\n';
        else sep = '\n';
      } else {
        value += sep + p;
        sep = ' ';
        prevMoreIndented = false;
      }
    }
    return value;
  }

  // ---- flow collections (on one line) ------------------------------------------------------

  private parseFlow(i: number, e: number): { node: YAMLMap | YAMLSeq; pos: number } {
    if (++this.depth > MAX_DEPTH) throw BAIL;
    try {
      const t = this.text;
      const isMap = t.charCodeAt(i) === 123;
      const close = isMap ? 125 : 93;
      const coll = isMap ? newCollection<YAMLMap | YAMLSeq>(MAP_PROTO, this.doc.schema) : newCollection<YAMLMap | YAMLSeq>(SEQ_PROTO, this.doc.schema);
      coll.flow = true;
      let p = this.skipSpaces(i + 1, e);
      let expectItem = true;
      for (;;) {
        if (p >= e) throw BAIL; // a flow collection over several lines
        const c = t.charCodeAt(p);
        if (c === close) {
          p++;
          break;
        }
        if (c === 44) {
          if (expectItem) throw BAIL;
          expectItem = true;
          p = this.skipSpaces(p + 1, e);
          continue;
        }
        if (!expectItem) throw BAIL;
        if (c === 35) throw BAIL;
        const item = this.parseFlowItem(p, e, isMap);
        p = item.pos;
        if (isMap) {
          if (!item.key || !item.value) throw BAIL;
          (coll as YAMLMap).items.push(newPair(item.key, item.value));
        } else {
          if (item.key) throw BAIL; // a pair in a flow sequence
          (coll as YAMLSeq).items.push(item.value!);
        }
        expectItem = false;
      }
      return { node: coll, pos: p };
    } finally {
      this.depth--;
    }
  }

  private skipSpaces(p: number, e: number): number {
    const t = this.text;
    while (p < e && t.charCodeAt(p) === 32) p++;
    if (p < e && t.charCodeAt(p) === 9) throw BAIL;
    return p;
  }

  /** One item of a flow collection: a scalar or collection, and for maps `key: value`. */
  private parseFlowItem(p: number, e: number, inMap: boolean): { key?: Scalar; value?: Node; pos: number } {
    const first = this.parseFlowNode(p, e);
    let q = this.skipSpaces(first.pos, e);
    const t = this.text;
    if (!inMap) {
      if (q < e && t.charCodeAt(q) === 58) throw BAIL;
      return { value: first.node, pos: q };
    }
    if (!(first.node instanceof Scalar)) throw BAIL;
    if (q >= e || t.charCodeAt(q) !== 58) throw BAIL; // `{ a }`
    const colon = q;
    q = this.skipSpaces(q + 1, e);
    if (q < e && (t.charCodeAt(q) === 44 || t.charCodeAt(q) === 125)) throw BAIL; // `{ a: }`
    if (q === colon + 1 && (first.node as Scalar).type === 'PLAIN') throw BAIL; // `a:b` is one scalar
    const key = first.node as Scalar;
    const kr = key.range!;
    key.range = [kr[0], kr[1], kr[1]];
    const value = this.parseFlowNode(q, e);
    return { key, value: value.node, pos: this.skipSpaces(value.pos, e) };
  }

  private parseFlowNode(p: number, e: number): { node: Node; pos: number } {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === 91 || c === 123) {
      const { node, pos } = this.parseFlow(p, e);
      const after = this.skipSpaces(pos, e);
      node.range = [p, pos, after];
      return { node, pos };
    }
    if (c === 34 || c === 39) {
      const q = this.quotedEnd(p, e);
      if (q < 0) throw BAIL;
      const value = this.unquote(p, q);
      const after = this.skipSpaces(q, e);
      return { node: this.scalar(value, value, c === 34 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', [p, q, after], true), pos: q };
    }
    if (!this.plainStart(p, e, true)) throw BAIL;
    let j = p;
    for (; j < e; j++) {
      const ch = t.charCodeAt(j);
      if (ch === 9) throw BAIL;
      if (ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125) break;
      if (ch === 58) {
        const n = j + 1 < e ? t.charCodeAt(j + 1) : 32;
        if (n === 32 || n === 44 || n === 91 || n === 93 || n === 123 || n === 125) break;
      }
      if (ch === 35 && t.charCodeAt(j - 1) === 32) throw BAIL;
    }
    let v = j;
    while (v > p && t.charCodeAt(v - 1) === 32) v--;
    if (v === p) throw BAIL;
    const after = this.skipSpaces(v, e);
    return { node: this.plainScalar(t.slice(p, v), [p, v, after]), pos: v };
  }

  // ---- scalars -----------------------------------------------------------------------------

  /** Offset just past the closing quote of a one-line quoted scalar starting at `i`, or -1. */
  private quotedEnd(i: number, e: number): number {
    const t = this.text;
    const q = t.charCodeAt(i);
    for (let j = i + 1; j < e; j++) {
      const c = t.charCodeAt(j);
      if (q === 39) {
        if (c === 39) {
          if (t.charCodeAt(j + 1) === 39 && j + 1 < e) {
            j++;
            continue;
          }
          return j + 1;
        }
      } else {
        if (c === 92) {
          j++;
          continue;
        }
        if (c === 34) return j + 1;
      }
    }
    return -1;
  }

  private unquote(i: number, q: number): string {
    const t = this.text;
    const body = t.slice(i + 1, q - 1);
    if (t.charCodeAt(i) === 39) return body.indexOf("'") >= 0 ? body.replace(/''/g, "'") : body;
    if (body.indexOf('\\') < 0) return body;
    let out = '';
    for (let j = 0; j < body.length; j++) {
      const c = body[j];
      if (c !== '\\') {
        out += c;
        continue;
      }
      const n = body[++j];
      switch (n) {
        case '0': out += '\0'; break;
        case 'a': out += '\x07'; break;
        case 'b': out += '\b'; break;
        case 'e': out += '\x1b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case 'N': out += '\u0085'; break;
        case '_': out += '\u00a0'; break;
        case 'L': out += '\u2028'; break;
        case 'P': out += '\u2029'; break;
        case ' ': out += ' '; break;
        case '"': out += '"'; break;
        case '/': out += '/'; break;
        case '\\': out += '\\'; break;
        case '\t': out += '\t'; break;
        case 'x':
        case 'u':
        case 'U': {
          const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
          const hex = body.slice(j + 1, j + 1 + len);
          if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) throw BAIL;
          out += String.fromCodePoint(parseInt(hex, 16));
          j += len;
          break;
        }
        default:
          throw BAIL;
      }
    }
    return out;
  }

  private keyScalar(col: number, colon: number): Scalar {
    const t = this.text;
    const c = t.charCodeAt(col);
    if (c === 34 || c === 39) {
      const q = this.quotedEnd(col, colon);
      const value = this.unquote(col, q);
      return this.scalar(value, value, c === 34 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', [col, q, q], true);
    }
    let v = colon;
    while (v > col && t.charCodeAt(v - 1) === 32) v--;
    const source = t.slice(col, v);
    if (source.indexOf('\t') >= 0) throw BAIL; // tabs around keys: leave the whitespace rules to `yaml`
    return this.plainScalar(source, [col, v, v]);
  }

  private plainScalar(source: string, range: Range3): Scalar {
    let tag: ScalarTag | undefined;
    // In the core schema only a scalar starting with one of these can be a null, bool or number.
    if (this.core && source.length > 0 && !CORE_FIRST.has(source.charCodeAt(0))) return this.scalar(source, source, 'PLAIN', range, true);
    for (const tg of this.tags) {
      if (tg.test!.test(source)) {
        tag = tg;
        break;
      }
    }
    if (!tag) return this.scalar(source, source, 'PLAIN', range, true);
    let failed = false;
    const res = tag.resolve(source, () => (failed = true), this.doc.options);
    if (failed) throw BAIL;
    const s = res instanceof Scalar ? res : newScalar(res);
    s.range = range;
    s.source = source;
    s.type = 'PLAIN';
    if (tag.format) s.format = tag.format;
    return s;
  }

  private scalar(value: unknown, source: string, type: Scalar.Type, range: Range3, isString = false): Scalar {
    let v = value;
    if (isString && value !== null) {
      let failed = false;
      v = this.stringTag.resolve(source, () => (failed = true), this.doc.options);
      if (failed) throw BAIL;
      if (v instanceof Scalar) v = v.value;
    }
    const s = newScalar(v);
    s.range = range;
    s.source = source;
    s.type = type;
    return s;
  }
}

function isMarker(line: string, m: string): boolean {
  if (!line.startsWith(m)) return false;
  if (line.length === 3) return true;
  const c = line.charCodeAt(3);
  return c === 32 || c === 9;
}
