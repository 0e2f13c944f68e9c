/**
 * Quick fixes for the manifest's own diagnostics: replace an unknown rule id, or a misspelt key or
 * value, with the "did you mean" suggestion, and renew (90 days) or remove an expired waiver.
 */
import { isMap, isSeq } from 'yaml';
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver/node';
import { isoDateAfter } from '../edits';
import type { FixProvider } from './types';

export const unknownRuleProvider: FixProvider = {
  name: 'unknown-rule',
  codes: ['manifest/unknown-rule'],
  provide(ctx, diagnostic) {
    const extra = diagnostic.data.extra ?? {};
    const id = typeof extra.id === 'string' ? extra.id : undefined;
    const suggestion = typeof extra.suggestion === 'string' ? extra.suggestion : undefined;
    if (!id || !suggestion || !ctx.file) return [];
    // The id sits inside the diagnostic's range (a key, a value or a comment line).
    const r = diagnostic.range;
    const edits: { range: Range; newText: string }[] = [];
    for (let line = r.start.line; line <= r.end.line; line++) {
      const text = ctx.file.lines[line] ?? '';
      const lo = line === r.start.line ? r.start.character : 0;
      const hi = line === r.end.line ? r.end.character : text.length;
      for (let i = text.indexOf(id, lo); i >= 0 && i + id.length <= hi; i = text.indexOf(id, i + id.length)) {
        edits.push({ range: { start: { line, character: i }, end: { line, character: i + id.length } }, newText: suggestion });
      }
    }
    if (edits.length === 0) return [];
    return [{
      title: `Change to '${suggestion}'`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { documentChanges: [{ textDocument: { uri: ctx.uri, version: ctx.target.versionOf(ctx.rel) }, edits }] },
    }];
  },
};

export const schemaErrorProvider: FixProvider = {
  name: 'schema-error',
  codes: ['manifest/schema-error'],
  provide(ctx, diagnostic) {
    const suggestion = diagnostic.data.extra?.suggestion;
    if (typeof suggestion !== 'string' || !ctx.file) return [];
    const r = diagnostic.range;
    if (r.start.line !== r.end.line) return [];
    // The range holds the misspelt key or value, possibly quoted.
    const text = (ctx.file.lines[r.start.line] ?? '').slice(r.start.character, r.end.character);
    const quote = /^(["']).*\1$/.exec(text)?.[1] ?? '';
    return [{
      title: `Change to '${suggestion}'`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { documentChanges: [{ textDocument: { uri: ctx.uri, version: ctx.target.versionOf(ctx.rel) }, edits: [{ range: r, newText: `${quote}${suggestion}${quote}` }] }] },
    }];
  },
};

export const expiredWaiverProvider: FixProvider = {
  name: 'waiver-expired',
  codes: ['manifest/waiver-expired'],
  provide(ctx, diagnostic) {
    const extra = diagnostic.data.extra ?? {};
    const index = typeof extra.index === 'number' ? extra.index : -1;
    if (!ctx.file || index < 0) return [];
    const version = ctx.target.versionOf(ctx.rel);
    const renewed = isoDateAfter(ctx.project.now(), 90);
    const out: CodeAction[] = [{
      title: `Renew the waiver until ${renewed}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { documentChanges: [{ textDocument: { uri: ctx.uri, version }, edits: [{ range: diagnostic.range, newText: JSON.stringify(renewed) }] }] },
    }];
    // Removing the waiver deletes the lines of its list item.
    const seq = ctx.file.yamlDocs[0]?.contents;
    const waivers = isMap(seq) ? seq.get('waivers', true) : undefined;
    const item = isSeq(waivers) ? (waivers.items[index] as { range?: [number, number, number] } | undefined) : undefined;
    if (item?.range) {
      const startLine = ctx.file.positionAt(item.range[0]).line;
      const end = ctx.file.positionAt(item.range[1]);
      const endLine = end.character === 0 ? end.line : end.line + 1;
      // The last waiver leaves an empty list behind, not a null `waivers:`.
      const only = isSeq(waivers) && waivers.items.length === 1;
      const indent = /^\s*/.exec(ctx.file.lines[startLine] ?? '')?.[0] ?? '  ';
      out.push({
        title: 'Remove the expired waiver (fix the findings instead)',
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { documentChanges: [{ textDocument: { uri: ctx.uri, version }, edits: [{ range: { start: { line: startLine, character: 0 }, end: { line: endLine, character: 0 } }, newText: only ? `${indent}[]\n` : '' }] }] },
      });
    }
    return out;
  },
};
