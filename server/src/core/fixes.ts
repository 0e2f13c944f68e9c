/**
 * Applies fixes to file texts: the CLI's `--fix`, the tests' golden files and the scaffolding commands
 * use this one implementation. Creating a file never overwrites an existing one, and overlapping
 * edits are skipped rather than merged.
 */
import type { Fix, Position } from './types';

/** Result of applying fixes: the new texts of changed files and what was skipped. */
export interface AppliedFixes {
  /** Path → new text, for every file edited or created. */
  files: Map<string, string>;
  /** Paths of the created files. */
  created: string[];
  /** Human-readable reasons for changes that were not applied. */
  skipped: string[];
}

/** Converts a position to an offset in a text. */
export function offsetIn(text: string, pos: Position): number {
  let line = 0;
  let i = 0;
  while (line < pos.line && i < text.length) {
    const c = text.charCodeAt(i++);
    if (c === 10) line++;
    else if (c === 13) {
      if (text.charCodeAt(i) === 10) i++;
      line++;
    }
  }
  if (line < pos.line) return text.length;
  let end = i;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return Math.min(i + pos.character, end);
}

/**
 * Applies fixes in order. `read` returns a file's current text, or undefined when it does not exist.
 */
export function applyFixes(fixes: Fix[], read: (path: string) => string | undefined): AppliedFixes {
  const files = new Map<string, string>();
  const created: string[] = [];
  const skipped: string[] = [];
  const current = (p: string) => (files.has(p) ? files.get(p) : read(p));
  const taken = new Map<string, [number, number][]>();
  for (const fix of fixes) {
    for (const ch of fix.changes) {
      if (ch.kind === 'create') {
        if (current(ch.file) !== undefined) {
          skipped.push(`${fix.title}: ${ch.file} already exists and is never overwritten`);
          continue;
        }
        files.set(ch.file, ch.content);
        created.push(ch.file);
        continue;
      }
      const text = current(ch.file);
      if (text === undefined) {
        skipped.push(`${fix.title}: ${ch.file} does not exist`);
        continue;
      }
      const orig = read(ch.file) ?? text;
      const s = offsetIn(orig, ch.range.start);
      const e = offsetIn(orig, ch.range.end);
      const spans = taken.get(ch.file) ?? [];
      // Insertions at the same point are all kept (in fix order); anything else that overlaps is skipped.
      if (spans.some(([a, b]) => (s < b && e > a) || (s === e && s > a && s < b))) {
        skipped.push(`${fix.title}: overlaps another fix in ${ch.file}`);
        continue;
      }
      spans.push([s, e]);
      taken.set(ch.file, spans);
    }
  }
  // Apply edits per file from the end so that earlier offsets stay valid.
  const editsByFile = new Map<string, { s: number; e: number; text: string; order: number }[]>();
  let order = 0;
  for (const fix of fixes) {
    for (const ch of fix.changes) {
      if (ch.kind !== 'edit') continue;
      const orig = read(ch.file);
      if (orig === undefined) continue;
      const s = offsetIn(orig, ch.range.start);
      const e = offsetIn(orig, ch.range.end);
      if (!(taken.get(ch.file) ?? []).some(([a, b]) => a === s && b === e)) continue;
      const list = editsByFile.get(ch.file) ?? [];
      if (list.some((x) => x.s === s && x.e === e && (x.text === ch.newText || s !== e))) continue;
      list.push({ s, e, text: ch.newText, order: order++ });
      editsByFile.set(ch.file, list);
    }
  }
  for (const [file, edits] of editsByFile) {
    let text = read(file)!;
    // From the end backwards; of two insertions at one point the later fix goes in first, so that the
    // earlier fix's text ends up first.
    edits.sort((a, b) => b.s - a.s || b.e - a.e || b.order - a.order);
    for (const ed of edits) text = text.slice(0, ed.s) + ed.text + text.slice(ed.e);
    files.set(file, text);
  }
  return { files, created, skipped };
}
