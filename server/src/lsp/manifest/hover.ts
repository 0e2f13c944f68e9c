/**
 * Hover for rule ids (in readiness.yaml and in `readiness-ignore` comments of any file): the rule's
 * title, severity, level, rationale, equivalent checks of other tools and its documentation link.
 * In the manifest, hovering a key shows its schema description and a category its current score.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import { CATEGORY_TITLES, type CategoryId, type Report, type Rule } from '../../core/types';
import { ruleById } from '../../rules';
import { CATEGORY_IDS } from '../../manifest/schema';
import { ruleDocsUrl } from '../../version';
import { describe, schemaAt } from './schema-nav';
import { yamlCursor } from './yaml-path';
import { VALUE_HELP } from './values';

/** The Markdown documentation of a rule. */
export function ruleDoc(r: Rule): string {
  const related = (r.related ?? []).map((x) => `${x.tool} ${x.id}`).join(', ');
  return [
    `**${r.title}** \`${r.id}\``,
    '',
    `${r.severity} · ${CATEGORY_TITLES[r.category]} · required from ${r.level}${r.fixable ? ' · quick fix available' : ''}`,
    '',
    r.rationale,
    ...(related ? ['', `Equivalent checks: ${related}`] : []),
    '',
    `[Documentation](${r.docs ?? ruleDocsUrl(r.id)})`,
  ].join('\n');
}

const ID_AT = /[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*/gi;

function wordAt(text: string, character: number, re: RegExp): { word: string; start: number; end: number } | undefined {
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) {
    const start = m.index ?? 0;
    if (character >= start && character <= start + m[0].length) return { word: m[0], start, end: start + m[0].length };
  }
  return undefined;
}

/** Hover over a rule id anywhere in a line, or undefined. */
export function ruleHover(lineText: string, line: number, character: number, extraRules: readonly Rule[] = []): Hover | undefined {
  const w = wordAt(lineText, character, ID_AT);
  if (!w) return undefined;
  const rule = ruleById(w.word) ?? extraRules.find((r) => r.id === w.word);
  if (!rule) return undefined;
  return { contents: { kind: MarkupKind.Markdown, value: ruleDoc(rule) }, range: { start: { line, character: w.start }, end: { line, character: w.end } } };
}

/** Hover in the manifest: rule ids, category ids (with the current score) and keys (schema descriptions). */
export function manifestHover(lines: string[], line: number, character: number, report: Report | null, extraRules: readonly Rule[] = []): Hover | undefined {
  const text = lines[line] ?? '';
  const r = ruleHover(text, line, character, extraRules);
  if (r) return r;
  const w = wordAt(text, character, /[A-Za-z_][\w-]*/g);
  if (!w) return undefined;
  const range = { start: { line, character: w.start }, end: { line, character: w.end } };
  const afterWord = text.slice(w.end);
  const isKey = /^\s*:/.test(afterWord) || /^["']\s*:/.test(afterWord);
  if ((CATEGORY_IDS as readonly string[]).includes(w.word)) {
    const c = report?.categories.find((x) => x.id === w.word);
    const score = c ? (c.score === null ? 'no applicable check' : `score ${c.score} / target ${c.target}${c.gap ? ` (gap ${c.gap})` : ''}, priority ${c.priority}`) : 'not audited yet';
    return { contents: { kind: MarkupKind.Markdown, value: `**${CATEGORY_TITLES[w.word as CategoryId]}**: ${score}` }, range };
  }
  if (!isKey) {
    // A value with a meaning of its own: a waiver reason, a level, a severity.
    const key = /^\s*(?:-\s+)?([\w-]+)\s*:/.exec(text)?.[1];
    const help = key === 'reason' ? VALUE_HELP.reason : key === 'level' ? VALUE_HELP.level : key === 'severity' ? VALUE_HELP.severity : undefined;
    const meaning = help?.[w.word];
    return meaning ? { contents: { kind: MarkupKind.Markdown, value: `**${w.word}**: ${meaning}` }, range } : undefined;
  }
  const cur = yamlCursor(lines, line, w.start);
  const path = [...cur.path, w.word];
  const schemaPath = path[0] === 'rules' || path[0] === 'categories' ? [path[0], 'x', ...path.slice(2)] : path;
  const doc = describe(schemaAt(schemaPath));
  if (!doc) return undefined;
  return { contents: { kind: MarkupKind.Markdown, value: `\`${w.word}\`: ${doc}` }, range };
}
