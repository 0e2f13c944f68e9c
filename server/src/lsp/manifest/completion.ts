/**
 * Completion in readiness.yaml (keys and values from the schema, rule ids with their titles,
 * categories, waiver reasons, levels, severities, an expiry date) and of rule ids after
 * `readiness-ignore` in any file.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver/node';
import { CATEGORY_TITLES, type CategoryId, type Rule } from '../../core/types';
import { CATEGORY_IDS } from '../../manifest/schema';
import { describe, keysAt, schemaAt, valuesAt } from './schema-nav';
import { yamlCursor } from './yaml-path';
import { ruleDoc } from './hover';
import { isoDateAfter } from '../edits';

/** What completion needs besides the text. */
export interface CompletionEnv {
  rules: readonly Rule[];
  now: Date;
}

const range = (line: number, start: number, end: number) => ({ start: { line, character: start }, end: { line, character: end } });

function ruleItems(env: CompletionEnv, line: number, start: number, end: number, includeWildcards: boolean): CompletionItem[] {
  const items: CompletionItem[] = env.rules.map((r) => ({
    label: r.id,
    kind: CompletionItemKind.Value,
    detail: `${r.title} (${r.severity}, ${r.category})`,
    documentation: { kind: MarkupKind.Markdown, value: ruleDoc(r) },
    textEdit: { range: range(line, start, end), newText: r.id },
    filterText: r.id,
  }));
  if (includeWildcards) {
    const areas = [...new Set(env.rules.map((r) => r.id.split('/')[0]))].sort();
    for (const a of areas) items.push({ label: `${a}/*`, kind: CompletionItemKind.Folder, detail: `every ${a}/ rule`, textEdit: { range: range(line, start, end), newText: `${a}/*` } });
  }
  return items;
}

/** Completion items in the manifest at (line, character). */
export function manifestCompletion(lines: string[], line: number, character: number, env: CompletionEnv): CompletionItem[] {
  const cur = yamlCursor(lines, line, character);
  const start = cur.wordStart;
  const text = lines[line] ?? '';
  const end = character + (/^[\w./*@-]*/.exec(text.slice(character))?.[0].length ?? 0);
  const p = cur.path;

  if (cur.at === 'key') {
    if (p.length === 1 && p[0] === 'rules') return ruleItems(env, line, start, end, false).map((i) => ({ ...i, kind: CompletionItemKind.Property, textEdit: { range: range(line, start, end), newText: `${i.label}: ` } }));
    if (p.length === 1 && p[0] === 'categories') {
      return CATEGORY_IDS.map((c) => ({
        label: c,
        kind: CompletionItemKind.Property,
        detail: CATEGORY_TITLES[c as CategoryId],
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range: range(line, start, end), newText: `${c}:\n  ${' '.repeat(start)}target: \${1:90}` },
      }));
    }
    const schemaPath = p[0] === 'rules' || p[0] === 'categories' ? [p[0], 'x', ...p.slice(2)] : p;
    return keysAt(schemaPath).map((k) => ({
      label: k.key,
      kind: CompletionItemKind.Property,
      ...(k.description ? { documentation: k.description } : {}),
      textEdit: { range: range(line, start, end), newText: `${k.key}: ` },
    }));
  }

  const key = cur.key ?? '';
  const full = [...p, key];
  if (p.length === 1 && p[0] === 'rules') return valueItems(['off', 'critical', 'high', 'medium', 'low'], line, start, end, 'severity or off');
  if ((p.length === 2 && p[0] === 'waivers' && key === 'rule')) return ruleItems(env, line, start, end, false);
  if (p.length === 2 && p[0] === 'checks' && key === 'category') return valueItems([...CATEGORY_IDS], line, start, end, 'category');
  if (key === 'expires') {
    const d = isoDateAfter(env.now, 90);
    return [{ label: `"${d}"`, kind: CompletionItemKind.Value, detail: 'in 90 days', textEdit: { range: range(line, start, end), newText: `"${d}"` } }];
  }
  const schemaPath = full[0] === 'rules' || full[0] === 'categories' ? [full[0], 'x', ...full.slice(2)] : full;
  const values = valuesAt(schemaPath);
  const doc = describe(schemaAt(schemaPath));
  return valueItems(values, line, start, end, doc);
}

function valueItems(values: string[], line: number, start: number, end: number, detail?: string): CompletionItem[] {
  return values.map((v, i) => ({
    label: v,
    kind: CompletionItemKind.EnumMember,
    ...(detail ? { detail } : {}),
    sortText: String(i).padStart(3, '0'),
    textEdit: { range: range(line, start, end), newText: v },
  }));
}

/** Completion of rule ids after `readiness-ignore` in any file, or undefined when not in such a comment. */
export function suppressionCompletion(lineText: string, line: number, character: number, env: CompletionEnv): CompletionItem[] | undefined {
  const before = lineText.slice(0, character);
  const m = /readiness-ignore(?:-file)?\s+(?:[\w./*-]+\s*,\s*)*([\w./*-]*)$/.exec(before);
  if (!m) return undefined;
  const start = character - m[1].length;
  return ruleItems(env, line, start, character, true);
}
