/**
 * Minimal, mechanical edits of YAML block mappings for fixes: insert keys into a mapping without
 * re-serialising the document, so comments and formatting stay as the author wrote them.
 */
import { isMap, isScalar } from 'yaml';
import type { SourceFile } from '../../core/source';
import type { Fix } from '../../core/types';

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
  const text = lines.map((l) => indent + l).join('\n') + '\n';
  const at = { line: oneLine ? pos.line + 1 : pos.line, character: 0 };
  return { title, changes: [{ kind: 'edit', file: file.path, range: { start: at, end: at }, newText: text }] };
}
