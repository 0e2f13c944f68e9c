/**
 * `readiness diff before.json after.json`: what changed between two audits (JSON reports or
 * baselines): the score and level, each category, and the findings that are new or fixed, matched by
 * rule, file and fingerprint. Rendered as text for a terminal, Markdown for a pull request comment or
 * a job summary, and JSON for other tools. Repository text is escaped in every format.
 */
import { matchKey, type Comparable, type ComparableFinding } from './baseline';
import { escapeMarkdown, markdownCode, terminalLine } from './safe-text';
import type { DiffFormat } from './formats';

export { DIFF_FORMATS, type DiffFormat } from './formats';

/** The change of one category. */
export interface CategoryDelta {
  id: string;
  title: string;
  before: number | null;
  after: number | null;
  /** After minus before, or null when either side has no score. */
  delta: number | null;
}

/** The difference between two audits. */
export interface ReportDiff {
  before: { score: number; level: string; generatedAt: string | null };
  after: { score: number; level: string; generatedAt: string | null };
  scoreDelta: number;
  categories: CategoryDelta[];
  newFindings: ComparableFinding[];
  fixedFindings: ComparableFinding[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Findings of `a` not matched by one of `b` (each finding of `b` matches at most one). */
function unmatched(a: ComparableFinding[], b: ComparableFinding[]): ComparableFinding[] {
  const pool = new Map<string, number>();
  for (const f of b) pool.set(matchKey(f), (pool.get(matchKey(f)) ?? 0) + 1);
  const out: ComparableFinding[] = [];
  for (const f of a) {
    const k = matchKey(f);
    const n = pool.get(k) ?? 0;
    if (n > 0) pool.set(k, n - 1);
    else out.push(f);
  }
  return out;
}

/** Compares two audits. */
export function diffReports(before: Comparable, after: Comparable): ReportDiff {
  const ids = [...new Set([...before.categories.map((c) => c.id), ...after.categories.map((c) => c.id)])];
  const categories: CategoryDelta[] = [];
  for (const id of ids) {
    const b = before.categories.find((c) => c.id === id);
    const a = after.categories.find((c) => c.id === id);
    const bs = b?.score ?? null;
    const as = a?.score ?? null;
    if (bs === null && as === null) continue;
    categories.push({ id, title: a?.title ?? b?.title ?? id, before: bs, after: as, delta: bs !== null && as !== null ? round1(as - bs) : null });
  }
  return {
    before: { score: before.score, level: before.level, generatedAt: before.generatedAt },
    after: { score: after.score, level: after.level, generatedAt: after.generatedAt },
    scoreDelta: round1(after.score - before.score),
    categories,
    newFindings: unmatched(after.findings, before.findings),
    fixedFindings: unmatched(before.findings, after.findings),
  };
}

/** A signed number with one decimal: `+4.1`, `-0.5`, `±0`. */
export function signed(n: number): string {
  if (n === 0) return '±0';
  return `${n > 0 ? '+' : ''}${round1(n)}`;
}

const levelName = (l: string) => (l === 'none' ? 'below prototype' : l);
const pct = (n: number | null) => (n === null ? 'n/a' : `${n}%`);

function whereOf(f: ComparableFinding): string {
  if (!f.file) return 'repository';
  return f.line ? `${f.file}:${f.line}` : f.file;
}

/** Renders a diff as text for a terminal. */
function renderText(d: ReportDiff): string {
  const out: string[] = [];
  out.push(`Score ${d.before.score} → ${d.after.score} (${signed(d.scoreDelta)})`);
  out.push(d.before.level === d.after.level ? `Level ${levelName(d.after.level)} (unchanged)` : `Level ${levelName(d.before.level)} → ${levelName(d.after.level)}`);
  const changed = d.categories.filter((c) => c.delta !== 0);
  if (changed.length > 0) {
    out.push('', 'Categories');
    const w = Math.max(...changed.map((c) => c.title.length));
    for (const c of changed) out.push(`  ${terminalLine(c.title).padEnd(w)}  ${pct(c.before).padStart(6)} → ${pct(c.after).padStart(6)}  ${c.delta === null ? '' : signed(c.delta)}`);
  }
  const list = (title: string, fs: ComparableFinding[]) => {
    out.push('', `${title} (${fs.length})`);
    for (const f of fs) out.push(`  ${f.severity.padEnd(8)} ${terminalLine(whereOf(f))}  ${terminalLine(f.message)} [${terminalLine(f.ruleId)}]`);
  };
  list('New findings', d.newFindings);
  list('Fixed findings', d.fixedFindings);
  return out.join('\n') + '\n';
}

const ARROW = (n: number) => (n > 0 ? '▲' : n < 0 ? '▼' : '■');

function findingsTable(fs: ComparableFinding[], limit: number): string[] {
  const out = ['| Severity | Rule | Where | Message |', '|---|---|---|---|'];
  for (const f of fs.slice(0, limit)) out.push(`| ${escapeMarkdown(f.severity)} | ${markdownCode(f.ruleId)} | ${escapeMarkdown(whereOf(f))} | ${escapeMarkdown(f.message)} |`);
  if (fs.length > limit) out.push(`| | | | …and ${fs.length - limit} more |`);
  return out;
}

/**
 * Renders a diff as Markdown for a pull request comment or a job summary. `heading` replaces the
 * default title; lists longer than `limit` findings are cut with a count.
 */
export function renderDiffMarkdown(d: ReportDiff, opts: { heading?: string; limit?: number } = {}): string {
  const limit = opts.limit ?? 50;
  const out: string[] = [];
  out.push(`### ${opts.heading ?? 'Production readiness change'}`, '');
  out.push(`**Score:** ${d.after.score}/100 (${ARROW(d.scoreDelta)} ${signed(d.scoreDelta)} from ${d.before.score}) · **Level:** ${d.before.level === d.after.level ? levelName(d.after.level) : `${levelName(d.before.level)} → ${levelName(d.after.level)}`}`, '');
  out.push(`**${d.newFindings.length}** new finding(s), **${d.fixedFindings.length}** fixed.`, '');
  const changed = d.categories.filter((c) => c.delta !== 0);
  if (changed.length > 0) {
    out.push('| Category | Before | After | Change |', '|---|---:|---:|---:|');
    for (const c of changed) out.push(`| ${escapeMarkdown(c.title)} | ${pct(c.before)} | ${pct(c.after)} | ${c.delta === null ? 'n/a' : `${ARROW(c.delta)} ${signed(c.delta)}`} |`);
    out.push('');
  }
  if (d.newFindings.length > 0) out.push(`#### New findings (${d.newFindings.length})`, '', ...findingsTable(d.newFindings, limit), '');
  if (d.fixedFindings.length > 0) {
    out.push(`<details><summary>Fixed findings (${d.fixedFindings.length})</summary>`, '', ...findingsTable(d.fixedFindings, limit), '', '</details>', '');
  }
  return out.join('\n');
}

/** Renders a diff in one of the formats. */
export function renderDiff(d: ReportDiff, format: DiffFormat): string {
  if (format === 'json') return JSON.stringify({ kind: 'readiness-diff', version: 1, ...d }, null, 2) + '\n';
  if (format === 'markdown') return renderDiffMarkdown(d);
  return renderText(d);
}
