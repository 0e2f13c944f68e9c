/**
 * Turns engine findings into LSP diagnostics. Every diagnostic carries `source`, the rule id as
 * `code`, a `codeDescription` link to the rule's documentation and, in `data`, what its fixes need.
 */
import { DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { Finding } from '../core/types';
import type { SourceFile } from '../core/source';
import { ruleById } from '../rules';
import { ruleDocsUrl } from '../version';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from '../shared/protocol';
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
  /** Where a repository-level finding is shown instead (the manifest's category key or first line). */
  hostRange?: Range;
}

/** Converts one finding; returns null when settings turn its rule off in the editor. */
export function toDiagnostic(f: Finding, file: SourceFile | undefined, opts: ToDiagnosticOptions): Diagnostic | null {
  const severity = diagnosticSeverity(f, opts.overrides);
  if (severity === null) return null;
  const repositoryLevel = f.file === null;
  const data: DiagnosticData = {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    file: f.file,
    ...(f.fix ? { fix: f.fix } : {}),
    ...(f.data ? { extra: f.data } : {}),
    ...(repositoryLevel ? { repositoryLevel: true } : {}),
  };
  const d: Diagnostic = {
    range: repositoryLevel && opts.hostRange ? opts.hostRange : clampRange(f.range, file),
    severity,
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: { href: docsUrlOf(f.ruleId) },
    message: f.message,
    data,
  };
  if (f.ruleId === 'manifest/waiver-expired') d.tags = [DiagnosticTag.Deprecated];
  return d;
}
