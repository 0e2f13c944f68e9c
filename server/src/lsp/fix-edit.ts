/**
 * The editor's one fix path: every workspace edit that applies rule fixes (a quick fix, "fix all of
 * this rule in the file", "fix all in the file", `source.fixAll.readiness` on save, the tree's Apply
 * Fix, Scaffold Missing Files) is built here, on the server, by running the engine's single applier
 * (`core/fixes.ts` `applyFixes`) on the texts the server holds, and turning each changed file into one
 * minimal text edit carrying the document version those texts came from. An edit built on a version
 * the editor no longer has is refused by the editor instead of landing in the wrong place.
 * A `create` never overwrites: `applyFixes` skips it when the file exists (on disk, even when the walk
 * did not list it), and the creation itself carries `ignoreIfExists`; a target the safe writer would
 * refuse (a link leading outside the folder) is left out and said so.
 */
import type { CreateFile, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { applyFixes } from '../core/fixes';
import type { Finding, Fix, Position, Range } from '../core/types';

/** What building a fix edit needs to know about the folder. */
export interface EditTarget {
  /** The URI of a workspace-relative path. */
  uriOf(rel: string): string;
  /** The text of a file as the server sees it (the open document first), or undefined when there is none. */
  textOf(rel: string): string | undefined;
  /** The version of the open document whose text `textOf` returned, or null for a file that is not open. */
  versionOf(rel: string): number | null;
  /**
   * Why the file may not be created or edited (a link leading outside the folder, a special file), or
   * undefined when it may: the editor applies what the server proposes, so the server asks the safe
   * writer first (`SafeWriter.refusal`).
   */
  refusal?(rel: string, mode: 'create' | 'replace'): string | undefined;
}

/** A workspace edit built from fixes, and what it does. */
export interface FixEdit {
  edit: WorkspaceEdit;
  /** URIs of the files the edit creates. */
  created: string[];
  /** URIs of the existing files the edit changes. */
  changed: string[];
  /** Why some changes were left out (a file that exists, overlapping fixes). */
  skipped: string[];
  /** How many of the fixes change something. */
  applied: number;
}

/** Builds one workspace edit applying `fixes` together, as `applyFixes` applies them. */
export function fixEdit(fixes: readonly Fix[], target: EditTarget): FixEdit {
  const usable = fixes.filter(isFix);
  const result = applyFixes(usable, (p) => (safeRel(p) ? target.textOf(p) : undefined));
  const changes: (TextDocumentEdit | CreateFile)[] = [];
  const created: string[] = [];
  const changed: string[] = [];
  const refused: string[] = [];
  for (const [rel, text] of result.files) {
    if (!safeRel(rel)) continue;
    const uri = target.uriOf(rel);
    const why = target.refusal?.(rel, result.created.includes(rel) ? 'create' : 'replace');
    if (why) {
      refused.push(`${rel}: ${why}`);
      continue;
    }
    if (result.created.includes(rel)) {
      created.push(uri);
      changes.push({ kind: 'create', uri, options: { ignoreIfExists: true, overwrite: false } });
      changes.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] });
      continue;
    }
    const before = target.textOf(rel);
    if (before === undefined || before === text) continue;
    changed.push(uri);
    changes.push({ textDocument: { uri, version: target.versionOf(rel) }, edits: [minimalEdit(before, text)] });
  }
  const touched = new Set([...created, ...changed].map((u) => u));
  const applied = usable.filter((f) => f.changes.some((c) => touched.has(target.uriOf(c.file)))).length;
  const skipped = [...result.skipped, ...refused, ...fixes.filter((f) => !isFix(f)).map((f) => `${String((f as { title?: unknown })?.title ?? 'a fix')}: malformed`)];
  return { edit: { documentChanges: changes }, created, changed, skipped, applied };
}

/** The fixes of findings, each once (findings of one fix share it). */
export function fixesOf(findings: readonly Finding[]): Fix[] {
  const out: Fix[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    if (!f.fix || !isFix(f.fix)) continue;
    const key = JSON.stringify(f.fix);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f.fix);
  }
  return out;
}

/** True for a fix whose every change edits `rel` (no file created, no other file touched): what fix-all in a file may apply. */
export function editsOnly(fix: Fix, rel: string): boolean {
  return fix.changes.length > 0 && fix.changes.every((c) => c.kind === 'edit' && c.file === rel);
}

/** A fix as the engine defines it (data from a client is checked before use). */
function isFix(f: unknown): f is Fix {
  const x = f as Fix;
  return (
    x !== null &&
    typeof x === 'object' &&
    typeof x.title === 'string' &&
    Array.isArray(x.changes) &&
    x.changes.every(
      (c) =>
        c !== null &&
        typeof c === 'object' &&
        typeof c.file === 'string' &&
        ((c.kind === 'create' && typeof c.content === 'string') || (c.kind === 'edit' && typeof c.newText === 'string' && isRange(c.range))),
    )
  );
}

function isRange(r: unknown): r is Range {
  const x = r as Range;
  const pos = (p: Position | undefined) => p !== null && typeof p === 'object' && Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0;
  return x !== null && typeof x === 'object' && pos(x.start) && pos(x.end);
}

/** A workspace-relative POSIX path that stays inside the folder. */
function safeRel(rel: string): boolean {
  return rel.length > 0 && !rel.startsWith('/') && !/^[a-zA-Z]:/.test(rel) && !rel.split(/[\\/]/).includes('..') && !rel.includes('\0');
}

/** The single edit that turns `before` into `after`: the span between their common prefix and suffix. */
export function minimalEdit(before: string, after: string): { range: Range; newText: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // Never split a CRLF pair or a surrogate pair.
  while (start > 0 && (isLow(before.charCodeAt(start)) || (before[start] === '\n' && before[start - 1] === '\r'))) start--;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  while (endB < before.length && endA < after.length && (isLow(before.charCodeAt(endB)) || (before[endB] === '\n' && before[endB - 1] === '\r'))) {
    endB++;
    endA++;
  }
  return { range: { start: positionAt(before, start), end: positionAt(before, endB) }, newText: after.slice(start, endA) };
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** The LSP position of an offset (lines end at `\n`, `\r\n` or `\r`, as editors count them). */
export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: Math.min(offset, text.length) - lineStart };
}
