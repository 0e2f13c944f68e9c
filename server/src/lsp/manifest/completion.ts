/**
 * Completion in readiness.yaml (keys and values from the schema, rule ids with their titles,
 * categories, waiver reasons each with its own meaning, levels, severities, an expiry date), the
 * manifest's snippets (a whole manifest, a waiver, a custom check) offered only where a key or a list
 * item can start, never inside a value, and rule ids after `readiness-ignore` in any file.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver/node';
import { CATEGORY_TITLES, type CategoryId, type Rule } from '../../core/types';
import { CATEGORY_IDS } from '../../manifest/schema';
import { describe, keysAt, schemaAt, valuesAt } from './schema-nav';
import { yamlCursor } from './yaml-path';
import { ruleDoc } from './hover';
import { isoDateAfter } from '../edits';
import { VALUE_HELP } from './values';

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
    const snippets = snippetItems(lines, line, cur, start, end, env);
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
    // Keys already written in the same mapping are not offered again.
    const present = p.length === 0 ? topLevelKeys(lines, line) : new Set<string>();
    const keys = keysAt(schemaPath)
      .filter((k) => !present.has(k.key))
      .map((k, i): CompletionItem => ({
        label: k.key,
        kind: CompletionItemKind.Property,
        ...(k.description ? { documentation: { kind: MarkupKind.Markdown, value: k.description } } : {}),
        sortText: `0${String(i).padStart(3, '0')}`,
        textEdit: { range: range(line, start, end), newText: `${k.key}: ` },
      }));
    return [...keys, ...snippets];
  }

  const key = cur.key ?? '';
  const full = [...p, key];
  if (p.length === 1 && p[0] === 'rules') return valueItems(['off', 'critical', 'high', 'medium', 'low'], line, start, end, 'severity or off', VALUE_HELP.severity);
  if ((p.length === 2 && p[0] === 'waivers' && key === 'rule')) return ruleItems(env, line, start, end, false);
  if (p.length === 2 && p[0] === 'checks' && key === 'category') return valueItems([...CATEGORY_IDS], line, start, end, 'category');
  if (key === 'expires') {
    const d = isoDateAfter(env.now, 90);
    return [{ label: `"${d}"`, kind: CompletionItemKind.Value, detail: 'in 90 days', textEdit: { range: range(line, start, end), newText: `"${d}"` } }];
  }
  const schemaPath = full[0] === 'rules' || full[0] === 'categories' ? [full[0], 'x', ...full.slice(2)] : full;
  const values = valuesAt(schemaPath);
  const doc = describe(schemaAt(schemaPath));
  const help = key === 'reason' && p[0] === 'waivers' ? VALUE_HELP.reason : key === 'level' ? VALUE_HELP.level : key === 'severity' ? VALUE_HELP.severity : undefined;
  return valueItems(values, line, start, end, doc, help);
}

/** Value items; `help` gives each value its own meaning (shown as its detail), else every item shows `detail`. */
function valueItems(values: string[], line: number, start: number, end: number, detail?: string, help?: Record<string, string>): CompletionItem[] {
  return values.map((v, i) => {
    const own = help?.[v];
    return {
      label: v,
      kind: CompletionItemKind.EnumMember,
      ...(own ? { detail: own, labelDetails: { description: own } } : detail ? { detail } : {}),
      sortText: String(i).padStart(3, '0'),
      textEdit: { range: range(line, start, end), newText: v },
    };
  });
}

/** The keys written at the top level of the manifest (other than on the cursor's line). */
function topLevelKeys(lines: string[], cursorLine: number): Set<string> {
  const out = new Set<string>();
  lines.forEach((l, i) => {
    const m = /^([A-Za-z_][\w-]*)\s*:/.exec(l);
    if (m && i !== cursorLine) out.add(m[1]);
  });
  return out;
}

/**
 * The manifest snippets, where they can start: the whole manifest in an empty file, a waiver or a
 * custom check as a new item of `waivers:` or `checks:`. Never inside a value, never in other files.
 */
function snippetItems(lines: string[], line: number, cur: ReturnType<typeof yamlCursor>, start: number, end: number, env: CompletionEnv): CompletionItem[] {
  const text = lines[line] ?? '';
  const snippet = (label: string, detail: string, body: string[]): CompletionItem => ({
    label,
    kind: CompletionItemKind.Snippet,
    detail,
    insertTextFormat: InsertTextFormat.Snippet,
    sortText: `9${label}`,
    textEdit: { range: range(line, start, end), newText: body.join('\n' + ' '.repeat(start)) },
  });
  const empty = lines.every((l, i) => i === line || l.trim() === '' || l.trim().startsWith('#'));
  if (cur.path.length === 0 && empty) {
    return [snippet('readiness-manifest', 'A complete readiness.yaml: target level, category targets, overrides and waivers', [
      'version: 1',
      'level: ${1|production,mvp,prototype|}',
      'categories:',
      '  ${2|security,ci-cd,containers,testing,observability,documentation,operations,reliability,performance,quality|}:',
      '    target: ${3:90}',
      'rules: {}',
      'waivers: []',
      '$0',
    ])];
  }
  const item = cur.path.length === 2 && cur.path[1] === '-' && /^\s*-\s*[\w-]*$/.test(text.slice(0, end));
  const expires = isoDateAfter(env.now, 90);
  if (item && cur.path[0] === 'waivers') {
    return [snippet('readiness-waiver', 'A waiver: rule, paths, reason, note, owner and expiry', ['rule: ${1:docker/healthcheck}', 'reason: ${2|accepted-risk,not-applicable,remediated-elsewhere,false-positive,planned|}', 'note: ${3:why the team decided this}', 'owner: ${4:team-or-person}', `expires: "\${5:${expires}}"`, '$0'])];
  }
  if (item && cur.path[0] === 'checks') {
    return [snippet('readiness-check', 'A custom check: files that must exist, optionally containing a pattern', ['id: ${1:changelog}', 'title: ${2:A changelog is kept}', 'category: ${3|documentation,operations,security,ci-cd,testing,observability,reliability,performance,quality,containers|}', 'severity: ${4|medium,high,critical,low|}', 'files: "${5:CHANGELOG.md}"', '$0'])];
  }
  return [];
}

/** Completion of rule ids after `readiness-ignore` in any file, or undefined when not in such a comment. */
export function suppressionCompletion(lineText: string, line: number, character: number, env: CompletionEnv): CompletionItem[] | undefined {
  const before = lineText.slice(0, character);
  const m = /readiness-ignore(?:-file)?\s+(?:[\w./*-]+\s*,\s*)*([\w./*-]*)$/.exec(before);
  if (!m) return undefined;
  const start = character - m[1].length;
  return ruleItems(env, line, start, character, true);
}
