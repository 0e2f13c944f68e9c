/**
 * The text report for people: the score and level, a per-category table, the ranked next steps, then
 * the findings grouped by category with `file:line` and the fix. Colours only when asked (on a TTY).
 * Every piece of repository text (paths, messages, titles, notes) has its control characters escaped,
 * so a file name cannot clear the terminal or forge a line.
 */
import { createColors } from 'picocolors';
import { SEVERITY_LEVEL, type CheckResult, type Finding, type Report, type Severity } from '../core/types';
import { CATEGORY_TITLES } from '../core/types';
import { escapeControl as e } from './safe-text';
import { pct, scoredCategories, seenLine, where } from './markdown';

/** Options of the text report. */
export interface TextOptions {
  color?: boolean;
  /** Show every finding (default: at most 20 per category). */
  verbose?: boolean;
}

/** Renders the text report. */
export function renderText(report: Report, opts: TextOptions = {}): string {
  const c = createColors(Boolean(opts.color));
  const sevColor: Record<Severity, (s: string) => string> = { critical: (s) => c.bold(c.red(s)), high: c.red, medium: c.yellow, low: c.cyan };
  const sevLabel = (s: Severity) => (s === 'critical' ? 'critical' : SEVERITY_LEVEL[s]).padEnd(8);
  const out: string[] = [];
  const scoreColor = report.score >= 80 ? c.green : report.score >= 50 ? c.yellow : c.red;
  const level = report.level === 'none' ? 'below prototype' : report.level;
  out.push(`${c.bold('Production readiness')}  ${scoreColor(c.bold(`${report.score}/100`))}   level: ${c.bold(level)}   target: ${report.targetLevel}`);
  if (report.nextLevel) out.push(c.dim(`next level: ${report.nextLevel}, blocked by ${report.blockers.length} check(s)`));
  out.push(c.dim(seenLine(report)));
  out.push(c.dim(`project: ${report.project.kind} (${e(report.project.kindWhy.join('; ') || 'detected')}); ${report.project.helpers.length} helper tree(s) not judged as the product`));
  if (opts.verbose) {
    for (const p of report.project.product.slice(0, 20)) out.push(c.dim(`  product  ${e(p.path)}: ${e(p.why)}`));
    for (const h of report.project.helpers.slice(0, 40)) out.push(c.dim(`  ${h.role.padEnd(8)} ${e(h.path)}: ${e(h.why)}`));
  }
  out.push('');

  const cats = scoredCategories(report);
  const w = Math.max(8, ...cats.map((x) => x.title.length));
  out.push(c.bold(`${'Category'.padEnd(w)}  ${'Current'.padStart(7)}  ${'Target'.padStart(6)}  ${'Gap'.padStart(6)}  Priority`));
  for (const cat of cats) {
    const col = cat.priority === 'done' ? c.green : cat.priority === 'critical' ? c.red : cat.priority === 'high' ? c.yellow : (s: string) => s;
    out.push(`${cat.title.padEnd(w)}  ${pct(cat.score).padStart(7)}  ${pct(cat.target).padStart(6)}  ${pct(cat.gap).padStart(6)}  ${col(cat.priority)}`);
  }
  const na = report.categories.filter((x) => x.enabled && x.score === null).map((x) => x.title);
  if (na.length) out.push(c.dim(`not applicable: ${na.join(', ')}`));
  out.push('');

  if (report.nextSteps.length > 0) {
    out.push(c.bold('Next steps'));
    report.nextSteps.slice(0, 10).forEach((s, i) => {
      const loc = s.file ? `  ${c.dim(`${e(s.file)}${s.line ? `:${s.line}` : ''}`)}` : '';
      const blocks = s.blocksLevel ? c.magenta(` [blocks ${s.blocksLevel}]`) : '';
      out.push(`${String(i + 1).padStart(3)}. ${c.green(`+${s.points.toFixed(1)} pts`)}  ${e(s.title)} ${c.dim(`(${e(s.ruleId)})`)}${blocks}${loc}`);
      if (s.fix) out.push(`       ${c.dim('fix:')} ${e(s.fix)}`);
    });
    out.push('');
  }

  const open = report.findings.filter((f) => !f.waived);
  if (open.length > 0) {
    out.push(c.bold(`Findings (${open.length})`));
    const byCat = new Map<string, Finding[]>();
    for (const f of open) byCat.set(f.category, [...(byCat.get(f.category) ?? []), f]);
    for (const [cat, fs] of byCat) {
      out.push(`  ${c.bold(CATEGORY_TITLES[cat as keyof typeof CATEGORY_TITLES] ?? cat)}`);
      const shown = opts.verbose ? fs : fs.slice(0, 20);
      for (const f of shown) {
        const loc = f.file ? `${e(f.file)}${f.range ? `:${f.range.start.line + 1}:${f.range.start.character + 1}` : ''}` : '(repository)';
        out.push(`    ${sevColor[f.severity](sevLabel(f.severity))} ${loc}  ${e(f.message)} ${c.dim(`[${e(f.ruleId)}]`)}`);
        if (f.folded?.length) out.push(`             ${c.dim(`also fails until this is done: ${e(f.folded.join(', '))}`)}`);
        if (f.fix) out.push(`             ${c.dim('fix:')} ${e(f.fix.title)}`);
      }
      if (shown.length < fs.length) out.push(c.dim(`    …and ${fs.length - shown.length} more (use --verbose)`));
    }
    out.push('');
  }

  const waived = report.checks.filter((x: CheckResult) => x.status === 'waived');
  const waivedFindings = report.findings.filter((f) => f.waived);
  if (waived.length > 0 || waivedFindings.length > 0) {
    out.push(c.bold(`Waived (${waivedFindings.length} finding(s), ${waived.length} check(s))`));
    for (const f of waivedFindings.slice(0, 10)) out.push(`    ${c.dim('waived ')} ${e(where(f))}  ${e(f.ruleId)}: ${e(f.waived!.reason)}${f.waived!.note ? ` — ${e(f.waived!.note)}` : ''}`);
    out.push('');
  }

  if (report.notes.length > 0) {
    out.push(c.bold('Notes'));
    for (const n of report.notes.slice(0, 15)) out.push(`    ${c.dim('•')} ${e(n.message)}`);
    if (report.notes.length > 15) out.push(c.dim(`    …and ${report.notes.length - 15} more`));
    out.push('');
  }
  const counts = { pass: 0, partial: 0, fail: 0, waived: 0, na: 0 };
  for (const ch of report.checks) {
    if (ch.status === 'not-applicable') counts.na++;
    else counts[ch.status]++;
  }
  out.push(c.dim(`${report.stats.files} files, ${report.checks.length} checks: ${counts.pass} pass, ${counts.partial} partial, ${counts.fail} fail, ${counts.waived} waived, ${counts.na} not applicable · ${report.stats.durationMs} ms`));
  return out.join('\n') + '\n';
}
