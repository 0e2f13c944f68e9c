/**
 * Builds LSP workspace edits from the engine's fixes, and the two suppression edits: an inline
 * `readiness-ignore` comment in the file's own comment syntax, and a waiver appended to readiness.yaml
 * (creating the manifest when there is none). A `create` never overwrites: a file that exists (on disk,
 * even when the walk did not list it) is left out of the edit, and the creation itself carries
 * `ignoreIfExists`; a target the safe writer would refuse (a link leading outside) is left out too.
 */
import { isMap, isSeq } from 'yaml';
import type { CreateFile, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { Fix, FileKind } from '../core/types';
import { SourceFile } from '../core/source';
import { WAIVER_REASONS } from '../manifest/schema';

/** What edit building needs to know about the folder. */
export interface EditTarget {
  /** The URI of a workspace-relative path. */
  uriOf(rel: string): string;
  /** True when the file exists (on disk or as an open buffer). */
  exists(rel: string): boolean;
  /** The version of an open document, or null. */
  versionOf(rel: string): number | null;
  /**
   * Why the file may not be created or edited (a link leading outside the folder, a special file), or
   * undefined when it may; the editor applies what the server proposes, so the server checks first.
   */
  refusal?(rel: string, mode: 'create' | 'replace'): string | undefined;
}

/** Converts engine fixes to one workspace edit; returns the created files' URIs too. */
export function fixToWorkspaceEdit(fixes: Fix[], target: EditTarget): { edit: WorkspaceEdit; created: string[] } {
  const changes: (TextDocumentEdit | CreateFile)[] = [];
  const created: string[] = [];
  const editsByFile = new Map<string, TextEdit[]>();
  for (const fix of fixes) {
    for (const ch of fix.changes) {
      if (ch.kind === 'create') {
        if (target.exists(ch.file) || created.includes(target.uriOf(ch.file)) || target.refusal?.(ch.file, 'create')) continue;
        const uri = target.uriOf(ch.file);
        created.push(uri);
        changes.push({ kind: 'create', uri, options: { ignoreIfExists: true, overwrite: false } });
        changes.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: ch.content }] });
      } else {
        if (target.refusal?.(ch.file, 'replace')) continue;
        const list = editsByFile.get(ch.file) ?? [];
        list.push({ range: ch.range, newText: ch.newText });
        editsByFile.set(ch.file, list);
      }
    }
  }
  for (const [file, edits] of editsByFile) {
    changes.push({ textDocument: { uri: target.uriOf(file), version: target.versionOf(file) }, edits });
  }
  return { edit: { documentChanges: changes }, created };
}

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

/** The edit inserting `readiness-ignore <rule> -- <reason>` above a line, indented like it. */
export function inlineSuppressionEdit(file: SourceFile, uri: string, version: number | null, ruleId: string, line: number, reason: string): WorkspaceEdit | null {
  const style = commentStyle(file.kind, file.path);
  if (!style) return null;
  const l = Math.max(0, Math.min(line, file.lines.length - 1));
  const indent = /^\s*/.exec(file.lines[l] ?? '')?.[0] ?? '';
  const clean = reason.replace(/[\r\n]+/g, ' ').replace(/-->/g, '').trim() || 'reviewed and accepted';
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const text = `${indent}${style.open} readiness-ignore ${ruleId} -- ${clean}${style.close}${eol}`;
  const at = { line: l, character: 0 };
  return { documentChanges: [{ textDocument: { uri, version }, edits: [{ range: { start: at, end: at }, newText: text }] }] };
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
 * the edit creates `readiness.yaml`.
 */
export function waiverEdit(manifest: SourceFile | undefined, uriOf: (rel: string) => string, version: number | null, w: WaiverSpec): WorkspaceEdit {
  if (!manifest) {
    const uri = uriOf('readiness.yaml');
    const content = ['# Production readiness manifest: the level the team aims for, overrides and waivers.', 'version: 1', 'level: production', 'waivers:', ...waiverLines(w, '  '), ''].join('\n');
    return { documentChanges: [{ kind: 'create', uri, options: { ignoreIfExists: true } }, { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: content }] }] };
  }
  const uri = uriOf(manifest.path);
  const eol = manifest.text.includes('\r\n') ? '\r\n' : '\n';
  const edit = (range: { start: { line: number; character: number }; end: { line: number; character: number } }, newText: string): WorkspaceEdit => ({
    documentChanges: [{ textDocument: { uri, version }, edits: [{ range, newText }] }],
  });
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
