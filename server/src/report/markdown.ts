/**
 * Markdown report in the scorecard form teams already use in their roadmaps
 * (Category | Current | Target | Gap | Priority), with prioritised next steps, ready to paste into a
 * pull request or an issue. Repository text is escaped (`markdownText`) and paths sit in code
 * spans, so nothing from the repository becomes HTML, a link or an image where the report is pasted.
 */
import type { CategoryResult, Finding, Report } from '../core/types';
import { CATEGORY_TITLES } from '../core/types';
import { codeSpan, markdownText } from './safe-text';

const PRIORITY_MARK: Record<CategoryResult['priority'], string> = {
  critical: '🔴 Critical',
  high: '🟠 High',
  medium: '🟡 Medium',
  low: '🟢 Low',
  done: '✅ Done',
};

/** How much of the repository the audit could judge (principle 7), in one line. */
export function seenLine(report: Report): string {
  const cov = report.coverage;
  return `judged ${cov.applicableChecks} of ${cov.checks} checks (${cov.scoredChecks} scored; passing guards earn nothing), analysed ${cov.analysedFiles} of ${cov.files} files${cov.unreadableFiles ? `, ${cov.unreadableFiles} unreadable` : ''}`;
}

/** Formats a percentage for tables. */
export function pct(n: number | null): string {
  return n === null ? 'n/a' : `${Number.isInteger(n) ? n : n.toFixed(1)}%`;
}

/** Escapes text for a Markdown table cell or list item: no HTML, links, images or table breaks. */
export function cell(s: string): string {
  return markdownText(s);
}

/** A finding's location for Markdown: `file:line` in a code span, or "repository". */
export function whereMd(f: { file: string | null; range?: { start: { line: number } } }): string {
  return f.file ? codeSpan(where(f)) : 'repository';
}

/** The categories a scorecard shows: enabled ones with at least one applicable check. */
export function scoredCategories(report: Report): CategoryResult[] {
  return report.categories.filter((c) => c.enabled && c.score !== null);
}

/** The scorecard table: Category | Current | Target | Gap | Priority. */
export function scorecardTable(report: Report): string {
  const rows = scoredCategories(report).map((c) => `| **${cell(c.title)}** | ${pct(c.score)} | ${pct(c.target)} | ${pct(c.gap)} | ${PRIORITY_MARK[c.priority]} |`);
  return ['| Category | Current | Target | Gap | Priority |', '|----------|---------|--------|-----|----------|', ...rows].join('\n');
}

/** A finding's location as `file:line`, or "repository". */
export function where(f: { file: string | null; range?: { start: { line: number } } }): string {
  if (!f.file) return 'repository';
  return f.range ? `${f.file}:${f.range.start.line + 1}` : f.file;
}

/** Renders the whole Markdown report. */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  const level = report.level === 'none' ? 'below prototype' : report.level;
  out.push('# Production readiness report', '');
  out.push(`**Score:** ${report.score}/100 · **Level:** ${level} · **Target:** ${report.targetLevel}`, '');
  if (report.nextLevel) {
    out.push(`**Next level:** ${report.nextLevel}, blocked by ${report.blockers.length} check(s): ${report.blockers.slice(0, 8).map((b) => codeSpan(b)).join(', ')}${report.blockers.length > 8 ? ', …' : ''}`, '');
  }
  out.push('## Scorecard', '', scorecardTable(report), '');
  if (report.nextSteps.length > 0) {
    out.push('## Next steps', '', 'Ranked by the points each is worth in the overall score.', '');
    report.nextSteps.slice(0, 15).forEach((s, i) => {
      const loc = s.file ? ` (${codeSpan(`${s.file}${s.line ? `:${s.line}` : ''}`)})` : '';
      const blocks = s.blocksLevel ? ` — blocks **${s.blocksLevel}**` : '';
      out.push(`${i + 1}. **+${s.points} pts** ${cell(s.title)} — ${codeSpan(s.ruleId)}${loc}${blocks}${s.fix ? `  \n   Fix: ${cell(s.fix)}` : ''}`);
    });
    out.push('');
  }
  const open = report.findings.filter((f) => !f.waived);
  if (open.length > 0) {
    out.push('## Findings', '');
    const byCat = new Map<string, Finding[]>();
    for (const f of open) byCat.set(f.category, [...(byCat.get(f.category) ?? []), f]);
    for (const [cat, fs] of byCat) {
      out.push(`<details><summary><b>${markdownText(CATEGORY_TITLES[cat as keyof typeof CATEGORY_TITLES] ?? cat)}</b> (${fs.length})</summary>`, '');
      out.push('| Severity | Rule | Where | Message |', '|---|---|---|---|');
      for (const f of fs.slice(0, 100)) out.push(`| ${f.severity} | ${codeSpan(f.ruleId)} | ${whereMd(f)} | ${cell(f.message + (f.folded?.length ? ` (also fails until this is done: ${f.folded.join(', ')})` : ''))} |`);
      if (fs.length > 100) out.push(`| | | | …and ${fs.length - 100} more |`);
      out.push('', '</details>', '');
    }
  }
  const waived = report.findings.filter((f) => f.waived);
  if (waived.length > 0) {
    out.push('## Waived', '', '| Rule | Where | Reason |', '|---|---|---|');
    for (const f of waived.slice(0, 50)) out.push(`| ${codeSpan(f.ruleId)} | ${whereMd(f)} | ${cell(f.waived!.reason + (f.waived!.note ? ` — ${f.waived!.note}` : ''))} |`);
    out.push('');
  }
  if (report.notes.length > 0) {
    out.push('## Notes', '');
    for (const n of report.notes.slice(0, 20)) out.push(`- ${cell(n.message)}`);
    if (report.notes.length > 20) out.push(`- …and ${report.notes.length - 20} more`);
    out.push('');
  }
  out.push('## What was judged', '');
  out.push(`- ${cell(seenLine(report))}.`);
  out.push(`- Project kind: **${report.project.kind}** (${cell(report.project.kindWhy.join('; ') || 'detected')}).`);
  for (const p of report.project.product.slice(0, 10)) out.push(`- Product: \`${cell(p.path)}\`: ${cell(p.why)}.`);
  for (const h of report.project.helpers.slice(0, 20)) out.push(`- Helper (${h.role}): \`${cell(h.path)}\`: ${cell(h.why)}.`);
  if (report.project.helpers.length > 20) out.push(`- …and ${report.project.helpers.length - 20} more helper trees.`);
  out.push('');
  // `isExportedReport` (core/generated.ts) recognises an exported report by this footer.
  out.push(`<sub>Generated by readiness ${report.tool.version} · ${report.stats.files} files · ${report.stats.rules} checks</sub>`, '');
  return out.join('\n');
}
