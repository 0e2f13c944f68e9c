/**
 * A source file of the workspace with lazily built, cached views: lines, offsets, the Dockerfile
 * syntax tree and the YAML documents. Rules never parse a file themselves; they ask for the view.
 */
import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import './dockerfile-perf';
import { fastParseAllDocuments } from './yaml-fast';
import { parseAllDocuments, isMap, isSeq, isScalar, isPair, type Document, type Node as YamlNode } from 'yaml';
import type { FileKind, Position, Range } from './types';

/** YAML parser limits that keep alias bombs and pathological input from hanging the engine. */
export const YAML_OPTIONS = { maxAliasCount: 200, prettyErrors: false, strict: false, uniqueKeys: false, logLevel: 'silent' } as const;

/** A file's text with cached parsed views. */
export class SourceFile {
  private lineStartsCache?: number[];
  private linesCache?: string[];
  private dockerCache?: Dockerfile;
  private yamlCache?: Document.Parsed[];
  private yamlValueCache?: unknown[];
  /** Why YAML of this file could not be read (an alias bomb, nesting too deep); the engine reports them as notes. */
  readonly yamlProblems: string[] = [];
  /** True when the YAML fast path left this file to the `yaml` package (anchors, aliases, tags, rare syntax). */
  yamlSlowPath = false;

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

  /** The Dockerfile syntax tree (dockerfile-ast), parsed once. */
  get docker(): Dockerfile {
    if (!this.dockerCache) this.dockerCache = DockerfileParser.parse(this.text);
    return this.dockerCache;
  }

  /** All YAML documents of the file, parsed once with alias limits. */
  get yamlDocs(): Document.Parsed[] {
    if (!this.yamlCache) {
      try {
        const fast = fastParseAllDocuments(this.text, YAML_OPTIONS);
        if (!fast) this.yamlSlowPath = true;
        this.yamlCache = fast ?? (parseAllDocuments(this.text, YAML_OPTIONS) as Document.Parsed[]);
        if (!Array.isArray(this.yamlCache)) this.yamlCache = [];
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
          return d.toJS({ maxAliasCount: YAML_OPTIONS.maxAliasCount });
        } catch (e) {
          this.yamlProblems.push(`YAML document ${i + 1} could not be read (${(e as Error)?.message ?? e})`);
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
