/**
 * The CLI commands for pipelines and organisations (their options are defined with the program in
 * `main.ts`, which calls these through `commands.ts`):
 *
 *   readiness baseline [path] [-o readiness-baseline.json]   records today's open findings
 *   readiness diff before.json after.json [--format text|markdown|json]
 *   readiness org REPORTS_DIR [-o folder]                    the organisation's scorecard (HTML + Markdown)
 *
 * and `applyBaselineFile`, which `audit --baseline` and the GitHub Action use to mark findings as new
 * or already known.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { audit } from '../core/engine';
import type { Report } from '../core/types';
import type { Workspace } from '../core/workspace';
import { applyBaseline, ComparableError, createBaseline, isBaseline, readComparable, renderBaseline, type BaselineOutcome } from '../report/baseline';
import { diffReports, renderDiff, type DiffFormat } from '../report/diff';
import { BASELINE_FILE } from '../report/formats';
import { collectReports } from '../org/collect';
import { renderOrgHtml } from '../org/html';
import { renderOrgMarkdown } from '../org/markdown';
import { summarise } from '../org/summary';
import { terminalLine } from '../report/safe-text';

/** What the pipeline commands need from the program: its output and its workspace opener. */
export interface PipelineDeps {
  io: { out: (s: string) => void; err: (s: string) => void };
  openWorkspace: (target: string, extraIgnore?: string[]) => Workspace;
  /** Makes the error that exits with 2 and prints its message. */
  usageError: (message: string) => Error;
}

export { BASELINE_FILE } from '../report/formats';

function readText(file: string, what: string, deps: PipelineDeps): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw deps.usageError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function writeText(file: string, text: string, deps: PipelineDeps): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (e) {
    throw deps.usageError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Marks the report's findings against a baseline file and returns what it found. Bad input (a missing
 * file, something that is not a baseline or a report) becomes the dependency's usage error.
 */
export function applyBaselineFile(report: Report, file: string, deps: Pick<PipelineDeps, 'usageError'>): BaselineOutcome {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw deps.usageError(`cannot read baseline ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} (create it with \`readiness baseline\`)`);
  }
  try {
    return applyBaseline(report, readComparable(text, file));
  } catch (e) {
    if (e instanceof ComparableError) throw deps.usageError(e.message);
    throw e;
  }
}

/** One line about a baseline comparison, for standard error and job logs. */
export function baselineSummary(file: string, o: BaselineOutcome): string {
  const fixed = o.fixed.length > 0 ? `, ${o.fixed.length} baseline entr${o.fixed.length === 1 ? 'y is' : 'ies are'} fixed (run \`readiness baseline\` to shrink it)` : '';
  return `baseline ${file}: ${o.added} new finding(s), ${o.unchanged} already in the baseline${fixed}`;
}

/** `readiness baseline [path]`: records the open findings of today. */
export async function baselineCommand(deps: PipelineDeps, target: string, o: { output?: string; ignore?: string[] }): Promise<void> {
  const { io } = deps;
  const ws = deps.openWorkspace(target, o.ignore ?? []);
  const out = o.output ?? path.join(target, BASELINE_FILE);
  // A baseline is ours to rewrite; any other file is the user's and is never overwritten.
  if (fs.existsSync(out)) {
    let ours = false;
    try {
      ours = isBaseline(JSON.parse(fs.readFileSync(out, 'utf8')));
    } catch {
      ours = false;
    }
    if (!ours) throw deps.usageError(`${out} exists and is not a readiness baseline; it is never overwritten (choose another --output)`);
  }
  const report = await audit({ ws });
  const baseline = createBaseline(report);
  writeText(out, renderBaseline(baseline), deps);
  io.out(`wrote ${out}: ${baseline.findings.length} open finding(s), score ${baseline.score}/100; commit it and run \`readiness audit --baseline ${out}\`\n`);
}

/** `readiness diff before.json after.json`: compares two audits. */
export function diffCommand(deps: PipelineDeps, before: string, after: string, o: { format: DiffFormat; output?: string }): void {
  const { io } = deps;
  let d;
  try {
    d = diffReports(readComparable(readText(before, 'report', deps), before), readComparable(readText(after, 'report', deps), after));
  } catch (e) {
    if (e instanceof ComparableError) throw deps.usageError(e.message);
    throw e;
  }
  const text = renderDiff(d, o.format);
  if (o.output) {
    writeText(o.output, text, deps);
    io.err(`readiness: wrote ${o.format} diff to ${o.output} (score ${d.before.score} → ${d.after.score}, ${d.newFindings.length} new, ${d.fixedFindings.length} fixed)\n`);
  } else io.out(text);
}

/** `readiness org REPORTS_DIR`: the organisation's scorecard. */
export function orgCommand(deps: PipelineDeps, dir: string, o: { output: string; title?: string; top?: number }): void {
  const { io } = deps;
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (e) {
    throw deps.usageError(`cannot read ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!st.isDirectory()) throw deps.usageError(`${dir} is not a folder of JSON reports`);
  const { reports, problems } = collectReports(dir);
  if (reports.length === 0) throw deps.usageError(`no readiness JSON reports in ${dir}${problems.length ? ` (${terminalLine(problems.slice(0, 3).join('; '))})` : ''}`);
  const summary = summarise(reports, problems, { ...(o.top ? { topRules: o.top } : {}) });
  const opts = { ...(o.title ? { title: o.title } : {}), generatedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC' };
  writeText(path.join(o.output, 'index.html'), renderOrgHtml(summary, opts), deps);
  writeText(path.join(o.output, 'summary.md'), renderOrgMarkdown(summary, opts), deps);
  for (const p of problems) io.err(`readiness: ${terminalLine(p)}\n`);
  io.out(`wrote ${path.join(o.output, 'index.html')} and ${path.join(o.output, 'summary.md')}: ${summary.stats.count} repositories, mean score ${summary.stats.mean}\n`);
}
