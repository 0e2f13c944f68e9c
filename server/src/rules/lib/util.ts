/**
 * Small helpers shared by rules: finding documents, scanning source files for evidence, and building
 * the common shapes of fixes (insert a line, append to a file, create a file).
 */
import type { Evidence, Fix, Range, RuleFinding, RuleOutcome } from '../../core/types';
import type { SourceFile } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { markdownView, sectionFilled, type MarkdownView } from '../../core/markdown';
import { isTemplatePath } from '../../core/paths';

export { isTemplatePath, isTestPath } from '../../core/paths';

/** Finds the first existing Markdown document among candidate paths (case-insensitive), then by a path pattern. */
export function findDoc(ws: Workspace, candidates: string[], pathPattern?: RegExp): SourceFile | undefined {
  const hit = ws.findFile(candidates);
  if (hit) return ws.read(hit);
  if (pathPattern) {
    for (const p of ws.pathsOfKind('markdown')) {
      if (pathPattern.test(p) && !isTemplatePath(p)) {
        const f = ws.read(p);
        if (f) return f;
      }
    }
  }
  return undefined;
}

/**
 * Which of the required sections a Markdown document has (by heading, matched case-insensitively).
 * A section still marked TODO is thin; with `concrete`, so is one without concrete content (see
 * `sectionFilled`): operational documents earn credit for commands, numbers, owners and contacts.
 */
export function sectionCoverage(view: MarkdownView, required: { name: string; pattern: RegExp }[], minWords = 15, concrete = false): { found: { name: string; line: number }[]; missing: string[]; thin: string[]; vague: string[] } {
  const found: { name: string; line: number }[] = [];
  const missing: string[] = [];
  const thin: string[] = [];
  const vague: string[] = [];
  for (const r of required) {
    const candidates = view.sections.filter((x) => r.pattern.test(x.title));
    const s = candidates.find((x) => sectionFilled(x, minWords).filled || (!concrete && x.todos === 0 && x.words >= minWords)) ?? candidates[0];
    if (!s) missing.push(r.name);
    else if (s.words < minWords || s.todos > 0) thin.push(r.name);
    else if (concrete && s.concrete === 0) vague.push(r.name);
    else found.push({ name: r.name, line: s.line + 1 });
  }
  return { found, missing, thin, vague };
}

/** True when a file's name already says what it is (README.md for "the README"), so a message need not say both. */
function namesItself(path: string, what: string): boolean {
  const base = (path.split('/').pop() ?? '').replace(/\.[^.]*$/, '').toLowerCase();
  return base.length > 2 && what.toLowerCase().includes(base);
}

/**
 * Grades a Markdown document on its required sections: pass when all are there with content, partial
 * otherwise. With `concrete`, a section earns credit only for concrete content (operational documents).
 */
export function gradeDocument(file: SourceFile, required: { name: string; pattern: RegExp }[], what: string, minWords = 15, concrete = false): RuleOutcome {
  const view = markdownView(file);
  const cov = sectionCoverage(view, required, minWords, concrete);
  const evidence: Evidence[] = cov.found.map((f) => ({ message: `section "${f.name}"`, file: file.path, line: f.line }));
  // A section left marked TODO or without concrete content earns nothing: headings over template prose are not a document.
  const score = cov.found.length / required.length;
  if (cov.missing.length === 0 && cov.thin.length === 0 && cov.vague.length === 0) return { status: 'pass', findings: [], evidence };
  const parts: string[] = [];
  if (cov.missing.length) parts.push(`missing ${cov.missing.join(', ')}`);
  if (cov.thin.length) parts.push(`empty or still marked TODO: ${cov.thin.join(', ')}`);
  if (cov.vague.length) parts.push(`no concrete content (commands, numbers, owners, contacts, dates) in ${cov.vague.join(', ')}`);
  return {
    status: score > 0 ? 'partial' : 'fail',
    score,
    evidence,
    findings: [{ message: `${namesItself(file.path, what) ? file.path : `${what} ${file.path}`} is incomplete: ${parts.join('; ')}`, file: file.path, range: file.lineRange(0), data: { missing: cov.missing, thin: [...cov.thin, ...cov.vague] } }],
  };
}

/** A fix that creates a file (never overwriting one). */
export function createFileFix(title: string, file: string, content: string): Fix {
  return { title, changes: [{ kind: 'create', file, content }] };
}

/** A fix that inserts text at the start of a zero-based line. */
export function insertAtLineFix(title: string, file: SourceFile, line: number, text: string): Fix {
  const l = Math.max(0, Math.min(line, file.lines.length));
  const at = l >= file.lines.length ? { line: file.lines.length - 1, character: file.lines[file.lines.length - 1]?.length ?? 0 } : { line: l, character: 0 };
  const newText = l >= file.lines.length ? (file.text.endsWith('\n') || file.text === '' ? text : '\n' + text) : text;
  return { title, changes: [{ kind: 'edit', file: file.path, range: { start: at, end: at }, newText }] };
}

/** A fix that appends lines at the end of a file. */
export function appendFix(title: string, file: SourceFile, text: string): Fix {
  const end = file.positionAt(file.text.length);
  const sep = file.text === '' || file.text.endsWith('\n') ? '' : '\n';
  return { title, changes: [{ kind: 'edit', file: file.path, range: { start: end, end }, newText: sep + text }] };
}

/** A fix that replaces a range with new text. */
export function replaceFix(title: string, file: SourceFile, range: Range, newText: string): Fix {
  return { title, changes: [{ kind: 'edit', file: file.path, range, newText }] };
}

/** Outcome helpers for workspace rules. */
export const outcome = {
  pass: (evidence: Evidence[] = [], reason?: string): RuleOutcome => ({ status: 'pass', findings: [], evidence, ...(reason ? { reason } : {}) }),
  fail: (findings: RuleFinding[], evidence: Evidence[] = []): RuleOutcome => ({ status: 'fail', findings, evidence }),
  partial: (score: number, findings: RuleFinding[], evidence: Evidence[] = []): RuleOutcome => ({ status: 'partial', score, findings, evidence }),
  na: (reason: string): RuleOutcome => ({ status: 'not-applicable', findings: [], reason }),
};

/**
 * The text of a call or literal from its opening bracket (at `open`) to the bracket that closes it, counting
 * `()`, `{}` and `[]` alike, at most `max` characters (the rest of that span when nothing closes it).
 */
export function bracketed(text: string, open: number, max: number): string {
  let depth = 0;
  const end = Math.min(text.length, open + max);
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if ((c === ')' || c === '}' || c === ']') && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open, end);
}
