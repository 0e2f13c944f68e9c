/**
 * The two suppression edits: an inline `readiness-ignore` comment in the file's own comment syntax
 * (above a line, or `readiness-ignore-file` at the top for the whole file), and a waiver added to
 * readiness.yaml (creating the commented starter manifest, with the waiver in it, when there is none).
 * Fixes are not applied here: they go through the one fix path, `fix-edit.ts`.
 */
import { isMap, isSeq } from 'yaml';
import type { WorkspaceEdit } from 'vscode-languageserver/node';
import type { FileKind, Range } from '../core/types';
import { SourceFile } from '../core/source';
import { WAIVER_REASONS } from '../manifest/schema';
import { DEFAULT_MANIFEST_NAME } from '../core/manifest-names';

/** The comment syntax of a file kind, or undefined when the format has no comments (JSON). */
export function commentStyle(kind: FileKind, path: string): { open: string; close: string } | undefined {
  switch (kind) {
    case 'json':
    case 'package-json':
      return undefined;
    case 'markdown':
      return { open: '<!--', close: ' -->' };
    case 'source':
      return /\.(py|rb|ex|exs)$/i.test(path) ? { open: '#', close: '' } : { open: '//', close: '' };
    case 'config':
      if (/\.(js|cjs|mjs|ts|jsonc)$/i.test(path)) return { open: '//', close: '' };
      if (/\.(xml|json)$/i.test(path)) return undefined;
      return { open: '#', close: '' };
    case 'other':
      return undefined;
    default:
      return { open: '#', close: '' };
  }
}

/**
 * The edit inserting `readiness-ignore <rule> -- <reason>` above a line, indented like it, or with
 * `wholeFile` a `readiness-ignore-file` comment at the top of the file (after a shebang, Dockerfile
 * parser directives or Markdown front matter, which must stay first).
 */
export function inlineSuppressionEdit(file: SourceFile, uri: string, version: number | null, ruleId: string, line: number, reason: string, wholeFile = false): WorkspaceEdit | null {
  const style = commentStyle(file.kind, file.path);
  if (!style) return null;
  const l = wholeFile ? headerEnd(file) : Math.max(0, Math.min(line, file.lines.length - 1));
  const indent = wholeFile ? '' : /^\s*/.exec(file.lines[l] ?? '')?.[0] ?? '';
  const clean = reason.replace(/[\r\n]+/g, ' ').replace(/-->/g, '').trim() || 'reviewed and accepted';
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const text = `${indent}${style.open} readiness-ignore${wholeFile ? '-file' : ''} ${ruleId} -- ${clean}${style.close}${eol}`;
  const at = { line: l, character: 0 };
  // A file that does not end its last line gets the comment on a line of its own.
  const newText = l >= file.lines.length && file.text !== '' && !/[\r\n]$/.test(file.text) ? eol + text : text;
  return { documentChanges: [{ textDocument: { uri, version }, edits: [{ range: { start: at, end: at }, newText }] }] };
}

/** The first line after what must stay at the top of a file: a shebang, Dockerfile parser directives, Markdown front matter. */
function headerEnd(file: SourceFile): number {
  const lines = file.lines;
  let i = 0;
  if (lines[0]?.startsWith('#!')) i = 1;
  if (file.kind === 'dockerfile') while (i < lines.length && /^#\s*(syntax|escape|check)\s*=/i.test(lines[i])) i++;
  if (file.kind === 'markdown' && lines[0]?.trim() === '---') {
    const close = lines.findIndex((x, j) => j > 0 && /^(---|\.\.\.)\s*$/.test(x));
    if (close > 0) i = close + 1;
  }
  return i;
}

/** A waiver entry to add to the manifest. */
export interface WaiverSpec {
  rule: string;
  /** The file the waiver is limited to; the whole rule when absent. */
  path?: string | null;
  reason: string;
  note?: string;
  /** YYYY-MM-DD. */
  expires: string;
}

/** The date `days` after `now`, as YYYY-MM-DD. */
export function isoDateAfter(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86400000).toISOString().slice(0, 10);
}

function yamlString(s: string): string {
  return /^[\w./*-]+$/.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s) ? s : JSON.stringify(s);
}

function waiverLines(w: WaiverSpec, indent: string): string[] {
  const reason = (WAIVER_REASONS as readonly string[]).includes(w.reason) ? w.reason : 'accepted-risk';
  const lines = [`${indent}- rule: ${yamlString(w.rule)}`];
  if (w.path) lines.push(`${indent}  paths: [${JSON.stringify(w.path)}]`);
  lines.push(`${indent}  reason: ${reason}`);
  if (w.note) lines.push(`${indent}  note: ${JSON.stringify(w.note.replace(/[\r\n]+/g, ' '))}`);
  lines.push(`${indent}  expires: ${JSON.stringify(w.expires)}`);
  return lines;
}

/**
 * The edit adding a waiver to a manifest: appended to an existing block `waivers:` list (indented like
 * its items), replacing an empty flow list, or as a new `waivers:` key at the end. Without a manifest,
 * the edit creates `readiness.yaml` with `starter` (the commented starter manifest of Create Manifest)
 * and the waiver in its `waivers:` list.
 */
export function waiverEdit(manifest: SourceFile | undefined, uriOf: (rel: string) => string, version: number | null, w: WaiverSpec, starter?: string): WorkspaceEdit {
  if (!manifest) {
    const uri = uriOf(DEFAULT_MANIFEST_NAME);
    const base = new SourceFile(DEFAULT_MANIFEST_NAME, starter ?? '# Production readiness manifest: the level the team aims for, overrides and waivers.\nversion: 1\nlevel: production\n', 'manifest');
    const e = waiverTextEdit(base, w);
    const content = applyTextEdit(base, e);
    return { documentChanges: [{ kind: 'create', uri, options: { ignoreIfExists: true } }, { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: content }] }] };
  }
  const e = waiverTextEdit(manifest, w);
  return { documentChanges: [{ textDocument: { uri: uriOf(manifest.path), version }, edits: [e] }] };
}

/** The text of a file with one edit applied. */
function applyTextEdit(file: SourceFile, e: { range: Range; newText: string }): string {
  const offset = (p: Range['start']) => {
    let o = 0;
    for (let i = 0; i < p.line && i < file.lines.length; i++) o += file.lines[i].length + (file.text.startsWith('\r\n', o + file.lines[i].length) ? 2 : 1);
    return Math.min(file.text.length, o + p.character);
  };
  return file.text.slice(0, offset(e.range.start)) + e.newText + file.text.slice(offset(e.range.end));
}

/** The one text edit that adds a waiver to a manifest's text. */
function waiverTextEdit(manifest: SourceFile, w: WaiverSpec): { range: Range; newText: string } {
  const eol = manifest.text.includes('\r\n') ? '\r\n' : '\n';
  const edit = (range: Range, newText: string) => ({ range, newText });
  const doc = manifest.yamlDocs[0];
  const root = doc?.contents;
  const pair = isMap(root) ? root.items.find((p) => String((p.key as { value?: unknown })?.value) === 'waivers') : undefined;
  const value = pair?.value;
  if (pair && isSeq(value) && value.items.length > 0 && !value.flow) {
    const first = value.items[0] as { range?: [number, number, number] };
    const firstLine = manifest.positionAt(first.range?.[0] ?? 0).line;
    const indent = /^\s*/.exec(manifest.lines[firstLine] ?? '')?.[0] ?? '  ';
    const last = value.items[value.items.length - 1] as { range?: [number, number, number] };
    const endPos = manifest.positionAt(last.range?.[1] ?? manifest.text.length);
    // Insert after the last line that holds part of the last item.
    let line = endPos.character === 0 ? endPos.line - 1 : endPos.line;
    while (line > firstLine && (manifest.lines[line] ?? '').trim() === '') line--;
    const at = { line, character: manifest.lines[line]?.length ?? 0 };
    return edit({ start: at, end: at }, eol + waiverLines(w, indent).join(eol));
  }
  if (pair && (value === null || value === undefined || (isSeq(value) && value.items.length === 0) || ((value as { value?: unknown }).value === null))) {
    const keyRange = manifest.yamlPathRange(['waivers']);
    const line = keyRange.start.line;
    const lineText = manifest.lines[line] ?? '';
    return edit({ start: { line, character: 0 }, end: { line, character: lineText.length } }, ['waivers:', ...waiverLines(w, '  ')].join(eol));
  }
  const end = manifest.positionAt(manifest.text.length);
  const sep = manifest.text === '' || manifest.text.endsWith('\n') ? '' : eol;
  return edit({ start: end, end }, sep + ['waivers:', ...waiverLines(w, '  ')].join(eol) + eol);
}
