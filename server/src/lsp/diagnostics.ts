/**
 * Turns engine findings into LSP diagnostics. Every diagnostic carries `source`, the rule id as
 * `code`, a `codeDescription` link to the rule's documentation and, in `data`, what its fixes need.
 * The Problems panel shows plain text, so the Markdown code spans of rule messages become quotes.
 * Repository-level findings become one summary diagnostic per category (`summaryDiagnostic`).
 */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver/node';
import { CATEGORY_TITLES, type CategoryId, type Finding } from '../core/types';
import type { SourceFile } from '../core/source';
import { ruleById } from '../rules';
import { ruleDocsUrl } from '../version';
import { DIAGNOSTIC_SOURCE, REPOSITORY_SUMMARY_PREFIX, type DiagnosticData } from '../shared/protocol';
import { diagnosticSeverity } from './settings';

/** The largest character offset LSP allows (a uinteger). */
const MAX_CHAR = 2147483647;

/** The documentation link of a rule (its own `docs` when it declares one). */
export function docsUrlOf(ruleId: string): string {
  return ruleById(ruleId)?.docs ?? ruleDocsUrl(ruleId);
}

/** A finding's range clamped to the file, or the file's first line when it has none. */
export function clampRange(range: Finding['range'], file: SourceFile | undefined): Range {
  const lines = file?.lines;
  const clampPos = (p: { line: number; character: number }) => {
    if (!lines) return { line: Math.max(0, p.line), character: Math.max(0, Math.min(p.character, MAX_CHAR)) };
    const line = Math.max(0, Math.min(p.line, lines.length - 1));
    return { line, character: Math.max(0, Math.min(p.character, lines[line]?.length ?? 0)) };
  };
  if (!range) return { start: { line: 0, character: 0 }, end: clampPos({ line: 0, character: MAX_CHAR }) };
  return { start: clampPos(range.start), end: clampPos(range.end) };
}

/** Options of `toDiagnostic`. */
export interface ToDiagnosticOptions {
  overrides: Record<string, string>;
}

/**
 * A rule message as plain text for the places VS Code does not render Markdown (the Problems panel,
 * notifications, tree labels): code spans keep their text in quotes, other Markdown marks go.
 */
export function plainText(message: string): string {
  return message.replace(/`([^`\n]+)`/g, (_m, code: string) => (/^["'].*["']$/.test(code) ? code : `'${code}'`)).replace(/\*\*([^*]+)\*\*/g, '$1');
}

/** Converts one finding; returns null when settings turn its rule off in the editor. */
export function toDiagnostic(f: Finding, file: SourceFile | undefined, opts: ToDiagnosticOptions): Diagnostic | null {
  const severity = diagnosticSeverity(f, opts.overrides);
  if (severity === null) return null;
  const data: DiagnosticData = {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    file: f.file,
    ...(f.fix ? { fix: f.fix } : {}),
    ...(f.data ? { extra: f.data } : {}),
  };
  const folded = f.folded?.length ? ` (${f.folded.length} more check${f.folded.length === 1 ? ' fails' : 's fail'} until this is done: ${f.folded.join(', ')})` : '';
  const d: Diagnostic = {
    range: clampRange(f.range, file),
    severity,
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: { href: docsUrlOf(f.ruleId) },
    message: plainText(f.message) + folded,
    data,
  };
  if (f.ruleId === 'manifest/waiver-expired') d.tags = [DiagnosticTag.Deprecated];
  return d;
}

/**
 * The one diagnostic that stands on the manifest for a category's repository-level findings: the
 * count, the first few messages, and the most severe level among them (after the editor's overrides).
 * Null when the overrides turn every one of them off.
 */
export function summaryDiagnostic(category: CategoryId, findings: Finding[], range: Range, overrides: Record<string, string>): Diagnostic | null {
  const shown = findings.map((f) => ({ f, severity: diagnosticSeverity(f, overrides) })).filter((x): x is { f: Finding; severity: DiagnosticSeverity } => x.severity !== null);
  if (shown.length === 0) return null;
  const severity = Math.min(...shown.map((x) => x.severity)) as DiagnosticSeverity;
  const n = shown.length;
  const title = CATEGORY_TITLES[category] ?? category;
  const first = shown.slice(0, 3).map((x) => `- ${plainText(x.f.message)} (${x.f.ruleId})`);
  const more = n > 3 ? [`- and ${n - 3} more`] : [];
  const data: DiagnosticData = { ruleId: `${REPOSITORY_SUMMARY_PREFIX}${category}`, category, severity: shown[0].f.severity, file: null, summary: { category, count: n } };
  return {
    range,
    severity,
    source: DIAGNOSTIC_SOURCE,
    code: `${REPOSITORY_SUMMARY_PREFIX}${category}`,
    message: [`${title}: ${n} repository-level finding${n === 1 ? '' : 's'} (${[...new Set(shown.map((x) => x.f.ruleId))].join(', ')}), listed in the Readiness tree and the score panel:`, ...first, ...more].join('\n'),
    data,
  };
}
