/**
 * Applies fixes to file texts: the CLI's `--fix`, the tests' golden files and the scaffolding commands
 * use this one implementation. Creating a file never overwrites an existing one, and overlapping
 * edits are skipped rather than merged. Edits apply to the exact text the audit measured (a byte-order
 * mark removed) and take the file's line endings; `writeFixes` writes the result through the safe
 * writer, putting the byte-order mark back and replacing each file atomically.
 */
import { SafeWriter, WriteError } from './fsafe';
import type { Fix, Position } from './types';
import type { Workspace } from './workspace';

/** The indentation of the first non-blank line of an inserted text. */
function indentOf(text: string): number {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return line.length - line.trimStart().length;
}

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

/** The line ending a text mostly uses: CRLF when more lines end so than with a bare LF. */
export function dominantEol(text: string): '\r\n' | '\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** Inserted text written with LF line endings, converted to the line endings of the text it goes into. */
export function matchLineEndings(into: string, inserted: string): string {
  if (!inserted.includes('\n') || dominantEol(into) === '\n') return inserted;
  return inserted.replace(/\r?\n/g, '\r\n');
}

/**
 * Applies fixes in order. `read` returns a file's current text, or undefined when it does not exist;
 * `exists` (by default: `read` gives a text) says whether anything is at a path, so that a file the
 * audit did not read (git-ignored, a link) is never "created" over.
 */
export function applyFixes(fixes: Fix[], read: (path: string) => string | undefined, exists?: (path: string) => boolean): AppliedFixes {
  const files = new Map<string, string>();
  const created: string[] = [];
  const skipped: string[] = [];
  const current = (p: string) => (files.has(p) ? files.get(p) : read(p));
  const taken = new Map<string, [number, number][]>();
  for (const fix of fixes) {
    for (const ch of fix.changes) {
      if (ch.kind === 'create') {
        if (current(ch.file) !== undefined || (!files.has(ch.file) && exists?.(ch.file))) {
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
      if (list.some((x) => x.s === s && x.e === e && (x.text === matchLineEndings(orig, ch.newText) || s !== e))) continue;
      list.push({ s, e, text: matchLineEndings(orig, ch.newText), order: order++ });
      editsByFile.set(ch.file, list);
    }
  }
  for (const [file, edits] of editsByFile) {
    let text = read(file)!;
    // From the end backwards; of two insertions at one point the later fix goes in first, so that the
    // earlier fix's text ends up first. An insertion that continues the block before the point (it is
    // more indented, like a key added to a YAML map) goes before one that starts a new block, whatever
    // the fix order: `pull_request:` must stay under `on:` when `permissions:` is added at the same point.
    edits.sort((a, b) => b.s - a.s || b.e - a.e || (a.s === a.e && b.s === b.e ? indentOf(a.text) - indentOf(b.text) : 0) || b.order - a.order);
    for (const ed of edits) text = text.slice(0, ed.s) + ed.text + text.slice(ed.e);
    files.set(file, text);
  }
  return { files, created, skipped };
}

/** What `writeFixes` did: lines for the user, failures, and how many files were written. */
export interface WrittenFixes {
  done: string[];
  failed: string[];
  written: number;
}

/**
 * Writes applied fixes through the safe writer: created files exclusively (never over anything),
 * edited files atomically, with their byte-order mark put back and only when the file on disk still
 * holds the text the audit measured. A file whose bytes were not valid UTF-8 is not edited (the text
 * holds replacement characters). Nothing throws; every failure is listed.
 */
export function writeFixes(applied: AppliedFixes, ws: Workspace, writer: SafeWriter, opts: { dryRun?: boolean } = {}): WrittenFixes {
  const out: WrittenFixes = { done: [], failed: [], written: 0 };
  for (const [rel, text] of applied.files) {
    const created = applied.created.includes(rel);
    const original = created ? undefined : ws.read(rel);
    if (!created && (!original || original.lossy)) {
      out.failed.push(original ? `${rel} is not valid UTF-8; it is not edited (the fix would change bytes you cannot see)` : `${rel} could not be read again; it is not edited`);
      continue;
    }
    if (opts.dryRun) {
      out.done.push(`would ${created ? 'create' : 'edit'} ${rel}`);
      out.written++;
      continue;
    }
    try {
      if (created) writer.create(rel, text);
      else {
        const bom = original!.bom ? '\uFEFF' : '';
        writer.replace(rel, bom + text, Buffer.from(bom + original!.text, 'utf8'));
      }
      out.done.push(`${created ? 'create' : 'edit'} ${rel}`);
      out.written++;
    } catch (e) {
      out.failed.push(e instanceof WriteError ? e.message : `could not write ${rel}: ${(e as Error).message}`);
    }
  }
  return out;
}
