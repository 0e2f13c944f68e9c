/**
 * The one set of YAML edits for fixes (workflows, compose files, Kubernetes manifests): insert lines
 * into a block mapping or after or before a node, without re-serialising the document, so comments
 * and formatting stay as the author wrote them. Every inserted line ends the way the file's lines
 * end (a fix on a CRLF file keeps CRLF).
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { SourceFile } from '../../core/source';
import type { Fix } from '../../core/types';
import { dominantEol } from '../../core/fixes';

const eolOfFile = new WeakMap<SourceFile, string>();

/** The line ending a file mostly uses (the one the fix applier converts inserted text to), counted once per file. */
export function eolOf(file: SourceFile): string {
  let eol = eolOfFile.get(file);
  if (eol === undefined) eolOfFile.set(file, (eol = dominantEol(file.text)));
  return eol;
}

/** Zero-based line of the last character of a node's value (its last content line). */
export function lastLineOf(file: SourceFile, n: unknown): number {
  const r = (n as Node | undefined)?.range;
  if (!r) return file.lines.length - 1;
  return file.positionAt(Math.max(r[0], r[1] - 1)).line;
}

/** True when a value is a YAML block collection (not flow `{}`/`[]`), so lines can be added to it. */
export function isBlock(n: unknown): boolean {
  return (isMap(n) || isSeq(n)) && !(n as { flow?: boolean }).flow;
}

/**
 * A fix that inserts `lines` (relative indentation) as new lines after the last line of a node, each
 * indented by `indent` spaces.
 */
export function insertLinesAfter(title: string, file: SourceFile, n: unknown, indent: number, lines: string[]): Fix {
  const line = lastLineOf(file, n);
  const eol = eolOf(file);
  const pad = ' '.repeat(indent);
  const text = lines.map((l) => pad + l).join(eol);
  const end = { line, character: file.lines[line]?.length ?? 0 };
  return { title, changes: [{ kind: 'edit', file: file.path, range: { start: end, end }, newText: eol + text }] };
}

/**
 * A fix that inserts lines just before the line holding a key (at the key's column), e.g. a new
 * job property above the first one. Returns undefined when the key does not start its line.
 */
export function insertLinesBefore(title: string, file: SourceFile, key: unknown, lines: string[]): Fix | undefined {
  const r = (key as Node | undefined)?.range;
  if (!r) return undefined;
  const pos = file.positionAt(r[0]);
  const before = (file.lines[pos.line] ?? '').slice(0, pos.character);
  if (before.trim() !== '') return undefined;
  const eol = eolOf(file);
  const text = lines.map((l) => before + l + eol).join('');
  const at = { line: pos.line, character: 0 };
  return { title, changes: [{ kind: 'edit', file: file.path, range: { start: at, end: at }, newText: text }] };
}

/**
 * A fix that inserts lines, indented like the mapping's keys (nested lines carry their own extra
 * indentation), after the mapping's first entry when that entry fits on one line, else before it.
 * Returns undefined for flow mappings, empty ones, or layouts where the insertion is not mechanical.
 */
export function insertIntoBlockMap(file: SourceFile, node: unknown, title: string, lines: string[]): Fix | undefined {
  if (!node || !isMap(node) || node.flow || node.items.length === 0) return undefined;
  const firstKey = node.items[0].key;
  if (!isScalar(firstKey) || !firstKey.range) return undefined;
  const pos = file.positionAt(firstKey.range[0]);
  const prefix = file.lines[pos.line]?.slice(0, pos.character) ?? '';
  if (!/^[ -]*$/.test(prefix)) return undefined;
  const indent = ' '.repeat(pos.character);
  const first = node.items[0].value;
  const oneLine = isScalar(first) && !!first.range && file.positionAt(first.range[1]).line === pos.line && pos.line + 1 < file.lines.length;
  if (!oneLine && prefix.includes('-')) return undefined;
  const eol = eolOf(file);
  const text = lines.map((l) => indent + l + eol).join('');
  const at = { line: oneLine ? pos.line + 1 : pos.line, character: 0 };
  return { title, changes: [{ kind: 'edit', file: file.path, range: { start: at, end: at }, newText: text }] };
}
