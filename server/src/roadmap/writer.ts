/**
 * Writes a production-readiness roadmap in the form teams already use, from measured facts only: an
 * executive summary with the measured score and level, the scorecard (Category | Current | Target |
 * Gap | Priority), phases by priority holding a checklist of every applicable check (failing ones
 * open, ranked by the points they are worth, with the files involved and the concrete fix; passing
 * ones ticked), and success criteria from the manifest's targets.
 *
 * Every line the writer owns is recognisable again (`lineKey`), so `mergeRoadmap` can rewrite ticks
 * and numbers on a later run and keep, in place, every line the team added: notes appended to a
 * generated line stay on it, lines the team shaped like ours stay theirs, and the line endings of the
 * previous version are kept. When a team line would still be lost (a region marker deleted by hand),
 * the merge refuses with a `RoadmapMergeError` instead of writing.
 */
import type { CheckResult, Report, Severity } from '../core/types';
import { SEVERITIES } from '../core/types';
import { DEFAULT_TARGET } from '../core/scoring';
import { codeSpan } from '../report/safe-text';
import { cell, pct, scorecardTable, where } from '../report/markdown';
import { dominantEol } from '../core/fixes';
import { GENERATED_MARKER } from './parse';

/** Options of the writer. */
export interface RoadmapOptions {
  /** The document's title (kept from the previous version when merging). */
  title?: string;
  /** The date written as "Last measured" (YYYY-MM-DD); today by default. */
  date?: string;
}

const PHASE_MARK: Record<Severity, string> = { critical: '🔴 Critical', high: '🟠 High', medium: '🟡 Medium', low: '🟢 Low' };
const LEVEL_NAME = (l: string) => (l === 'none' ? 'below prototype' : l);
/** Categories whose checks are not work items of the product (its paperwork and its manifest). */
const META_CATEGORIES = new Set(['roadmap', 'manifest']);

/** The region markers around the parts the writer rewrites wholesale. */
export const region = (name: string, end = false) => `<!-- readiness:${end ? 'end' : 'begin'} ${name} -->`;

function statusMark(score: number): string {
  return score >= 90 ? '🟢' : score >= 75 ? '🟡' : score >= 50 ? '🟠' : '🔴';
}

/** The checklist line of one check, and its detail lines when it fails. */
function itemLines(c: CheckResult, report: Report): string[] {
  const done = c.status === 'pass' || c.status === 'waived';
  const step = report.nextSteps.find((s) => s.ruleId === c.ruleId);
  const extra: string[] = [];
  if (step) extra.push(`+${step.points} pts`);
  if (step?.blocksLevel) extra.push(`blocks ${step.blocksLevel}`);
  if (c.status === 'partial') extra.push(`partly (${Math.round(c.credit * 100)}%)`);
  if (c.status === 'waived') extra.push('waived');
  const head = `- [${done ? 'x' : ' '}] **${cell(c.title)}** — \`${c.ruleId}\`${extra.length ? ` · ${extra.join(' · ')}` : ''}`;
  if (done) return [head];
  const open = c.findings.filter((f) => !f.waived);
  const places = [...new Set(open.map((f) => where(f)))];
  const lines = [head];
  if (places.length > 0) lines.push(`  - Where: ${places.slice(0, 5).map((p) => (p === 'repository' ? p : codeSpan(p))).join(', ')}${places.length > 5 ? `, and ${places.length - 5} more` : ''}`);
  const withFix = open.find((f) => f.fix);
  const fix = withFix?.fix?.title ?? open[0]?.message ?? c.reason;
  if (fix) lines.push(`  - Fix: ${cell(fix)}`);
  return lines;
}

/** Renders a fresh roadmap from a report. */
export function renderRoadmap(report: Report, opts: RoadmapOptions = {}): string {
  const date = opts.date ?? new Date().toISOString().slice(0, 10);
  const checks = report.checks.filter((c) => !META_CATEGORIES.has(c.category) && c.status !== 'not-applicable');
  const pass = checks.filter((c) => c.status === 'pass' || c.status === 'waived').length;
  const partial = checks.filter((c) => c.status === 'partial').length;
  const fail = checks.filter((c) => c.status === 'fail').length;
  const overallTarget = DEFAULT_TARGET[report.targetLevel];
  const out: string[] = [];
  out.push(`# ${opts.title ?? 'Production Readiness Roadmap'}`);
  out.push(`${GENERATED_MARKER} — written by \`readiness roadmap\` from the measured state. Re-running it rewrites the ticks, the numbers and the parts between readiness markers; lines you add elsewhere are kept. -->`);
  out.push('');
  out.push(region('summary'));
  out.push(`**Status:** ${statusMark(report.score)} ${report.score}% production ready (measured) · **Level:** ${LEVEL_NAME(report.level)} · **Target:** ${report.targetLevel}  `);
  out.push(`**Last measured:** ${date} by readiness ${report.tool.version}`);
  out.push('');
  out.push('## Executive Summary');
  out.push('');
  const reach = report.level === 'none' ? 'does not reach the **prototype** level yet' : `reaches the **${report.level}** level`;
  out.push(`The measured readiness score is **${report.score}/100** and the project ${reach}; the target is **${report.targetLevel}**. Of ${checks.length} applicable checks, ${pass} pass, ${partial} pass partly and ${fail} fail.`);
  if (report.nextLevel) {
    const ids = report.blockers.filter((b) => !b.startsWith('roadmap/'));
    out.push('');
    out.push(`The next level, **${report.nextLevel}**, is blocked by ${ids.length} check(s): ${ids.slice(0, 6).map((b) => `\`${b}\``).join(', ')}${ids.length > 6 ? ', …' : ''}.`);
  }
  const gaps = report.categories.filter((c) => c.enabled && c.score !== null && (c.gap ?? 0) > 0 && !META_CATEGORIES.has(c.id)).sort((a, b) => (b.gap ?? 0) - (a.gap ?? 0));
  if (gaps.length > 0) {
    out.push('');
    out.push(`Largest gaps: ${gaps.slice(0, 3).map((c) => `${c.title} (${pct(c.score)} of ${pct(c.target)})`).join(', ')}.`);
  }
  out.push('');
  out.push('## Scorecard');
  out.push('');
  out.push(scorecardTable(report));
  const overallGap = Math.max(0, Math.round((overallTarget - report.score) * 10) / 10);
  out.push(`| **Overall** | **${pct(report.score)}** | **${pct(overallTarget)}** | **${pct(overallGap)}** | ${overallGap <= 0 ? '✅ Done' : PHASE_MARK[overallGap >= 40 ? 'critical' : overallGap >= 20 ? 'high' : overallGap >= 5 ? 'medium' : 'low']} |`);
  out.push(region('summary', true));

  let phase = 0;
  const rank = new Map(report.nextSteps.map((s, i) => [s.ruleId, i]));
  for (const sev of SEVERITIES) {
    const mine = checks.filter((c) => c.severity === sev);
    if (mine.length === 0) continue;
    phase++;
    const failing = mine.filter((c) => c.status === 'fail' || c.status === 'partial').sort((a, b) => (rank.get(a.ruleId) ?? 1e9) - (rank.get(b.ruleId) ?? 1e9));
    const passing = mine.filter((c) => c.status === 'pass' || c.status === 'waived').sort((a, b) => a.ruleId.localeCompare(b.ruleId));
    out.push('');
    out.push(`## Phase ${phase}: ${PHASE_MARK[sev]}`);
    out.push('');
    for (const c of [...failing, ...passing]) out.push(...itemLines(c, report));
  }

  out.push('');
  out.push('## Success Criteria');
  out.push('');
  out.push(`- [${report.score >= overallTarget ? 'x' : ' '}] Overall score ≥ ${overallTarget}% (now ${report.score}%)`);
  const reached = report.level !== 'none' && ['prototype', 'mvp', 'production'].indexOf(report.level) >= ['prototype', 'mvp', 'production'].indexOf(report.targetLevel);
  out.push(`- [${reached ? 'x' : ' '}] Level ${report.targetLevel} reached (now ${LEVEL_NAME(report.level)})`);
  for (const c of report.categories) {
    if (!c.enabled || c.score === null || META_CATEGORIES.has(c.id)) continue;
    out.push(`- [${c.score >= c.target ? 'x' : ' '}] ${c.title} ≥ ${c.target}% (now ${c.score}%)`);
  }
  out.push('');
  return out.join('\n');
}

/** Why a roadmap was not rewritten: a team line would be lost. */
export class RoadmapMergeError extends Error {}

/** The generated part of an item line: the checkbox, title, rule id and the writer's own annotations. */
const ITEM = /^(- \[[ xX]\] \*\*.*\*\* — `([a-z][a-z0-9-]*\/[a-z0-9-]+)`((?: · (?:\+\d+(?:\.\d+)? pts|blocks (?:prototype|mvp|production)|partly \(\d+%\)|waived))*))(.*)$/;
/** The generated part of a success criterion: up to its closing `(now …)`. */
const CRIT = /^(- \[[ xX]\] (?:Overall score ≥ \d+(?:\.\d+)?% \(now [\d.]+%\)|Level (?:prototype|mvp|production) reached \(now [\w ]+\)|(.+?) ≥ \d+(?:\.\d+)?% \(now [\d.]+%\)))(.*)$/;

/**
 * The key of a line the writer owns, or null for a line the team wrote. Region lines are keyed by
 * the caller (everything between markers is the writer's). `state` carries what the previous lines
 * were: detail lines belong to the writer only right under an open item, at most one `Where` then one
 * `Fix`; criteria only inside the Success Criteria section.
 */
export function lineKey(line: string, prevKey: string | null, state: { section?: string; details?: string[] } = {}): string | null {
  if (line.startsWith(GENERATED_MARKER)) return 'marker';
  const r = /^<!-- readiness:(begin|end) ([\w-]+) -->\s*$/.exec(line);
  if (r) return `region:${r[1]}:${r[2]}`;
  const p = /^## Phase \d+: \S+ (Critical|High|Medium|Low)\s*$/.exec(line);
  if (p) {
    state.section = 'phase';
    return `phase:${p[1].toLowerCase()}`;
  }
  if (/^## Success Criteria\s*$/.test(line)) {
    state.section = 'criteria';
    return 'criteria';
  }
  if (/^#{1,2} /.test(line)) state.section = undefined;
  const item = ITEM.exec(line);
  if (item && state.section !== 'criteria') {
    // Only open items get detail lines from the writer.
    state.details = /^- \[ \]/.test(line) ? [] : undefined;
    return `item:${item[2]}`;
  }
  const detail = /^ {2}- (Where|Fix): /.exec(line);
  if (detail && prevKey && /^(item|detail):/.test(prevKey) && state.details && !state.details.includes(detail[1]) && !(detail[1] === 'Where' && state.details.includes('Fix'))) {
    state.details.push(detail[1]);
    return `detail:${prevKey.split(':')[1]}:${detail[1]}`;
  }
  if (state.section === 'criteria') {
    const crit = CRIT.exec(line);
    if (crit) return `crit:${crit[2] ?? (line.includes('Overall score') ? 'overall' : 'level')}`;
  }
  return null;
}

interface Keyed {
  key: string | null;
  line: string;
  /** Text the team appended after the generated part of a writer's line. */
  suffix?: string;
}

/** Keys every line of a document; lines inside regions get the region's key. Refuses unbalanced markers. */
function keyLines(text: string, check = false): Keyed[] {
  const out: Keyed[] = [];
  let inRegion: string | null = null;
  let regionLine = 0;
  let prev: string | null = null;
  const state: { section?: string; details?: string[] } = {};
  text.split(/\r?\n/).forEach((line, i) => {
    const k = inRegion && !line.startsWith('<!-- readiness:') ? null : lineKey(line, prev, state);
    if (k?.startsWith('region:begin:')) {
      if (check && inRegion) throw new RoadmapMergeError(`the marker \`<!-- readiness:begin ${inRegion} -->\` (line ${regionLine}) has no end marker before line ${i + 1}; restore \`<!-- readiness:end ${inRegion} -->\` so that the lines after it are kept`);
      inRegion = k.slice('region:begin:'.length);
      regionLine = i + 1;
    } else if (k?.startsWith('region:end:')) {
      const name = k.slice('region:end:'.length);
      if (check && inRegion !== name) throw new RoadmapMergeError(`the marker \`<!-- readiness:end ${name} -->\` (line ${i + 1}) has no matching begin marker; restore \`<!-- readiness:begin ${name} -->\` or remove it`);
    }
    const key = k ?? (inRegion ? `in:${inRegion}` : null);
    if (k?.startsWith('region:end:')) inRegion = null;
    const entry: Keyed = { key, line };
    if (k?.startsWith('item:') || k?.startsWith('crit:')) {
      const m = (k.startsWith('item:') ? ITEM : CRIT).exec(line);
      const suffix = m?.[m.length - 1];
      if (suffix && suffix.trim()) entry.suffix = suffix;
    }
    out.push(entry);
    if (k) prev = k;
  });
  if (check && inRegion) throw new RoadmapMergeError(`the marker \`<!-- readiness:begin ${inRegion} -->\` (line ${regionLine}) has no end marker; restore \`<!-- readiness:end ${inRegion} -->\` so that the lines after it are kept`);
  return out;
}

/** True when a text is a roadmap this writer produced. */
export function isGeneratedRoadmap(text: string): boolean {
  return text.split(/\r?\n/, 5).some((l) => l.startsWith(GENERATED_MARKER));
}

/**
 * Merges a fresh roadmap into the previous version: the writer's lines come from `fresh` (so ticks
 * and numbers are current), the team's lines from `previous`, each placed after the writer's line it
 * followed before (or the nearest earlier one that still exists). The previous title, the notes the
 * team appended to generated lines and the previous line endings are kept. Throws a
 * `RoadmapMergeError` when the markers are unbalanced or a team line would be lost.
 */
export function mergeRoadmap(previous: string, fresh: string): string {
  const old = keyLines(previous, true);
  const next = keyLines(fresh);
  const title = old.find((l) => /^# /.test(l.line));
  if (title) {
    const t = next.findIndex((l) => /^# /.test(l.line));
    if (t >= 0) next[t] = { key: 'title', line: title.line };
  }
  // Notes appended to a generated line move to the same line of the fresh version.
  const suffixes = new Map<string, string>();
  for (const l of old) if (l.key && l.suffix) suffixes.set(l.key, l.suffix);
  const lostSuffixes: string[] = [];
  for (const [key, suffix] of suffixes) {
    const n = next.find((l) => l.key === key);
    if (n) n.line = n.line + suffix;
    else lostSuffixes.push(suffix.trim());
  }
  // The team's runs of lines, each with the writer's keys seen before it (nearest last).
  const runs: { anchors: string[]; lines: string[]; gapBefore: boolean }[] = [];
  const seen: string[] = ['title'];
  let cur: { anchors: string[]; lines: string[]; gapBefore: boolean } | undefined;
  let blank = false;
  for (const l of old) {
    if (/^# /.test(l.line) && l === title) continue;
    if (l.key !== null) {
      if (cur) runs.push(cur);
      cur = undefined;
      seen.push(l.key.startsWith('in:') ? `region:end:${l.key.slice(3)}` : l.key);
      blank = false;
      continue;
    }
    if (!l.line.trim()) {
      if (cur) cur.lines.push(l.line);
      else blank = true;
      continue;
    }
    if (!cur) cur = { anchors: [...seen], lines: [], gapBefore: blank };
    cur.lines.push(l.line);
  }
  if (cur) runs.push(cur);
  // A note appended to a line of a check that no longer applies is kept as a line of its own.
  if (lostSuffixes.length > 0) runs.push({ anchors: ['criteria'], lines: lostSuffixes.map((x) => `- ${x}`), gapBefore: true });

  const keys = next.map((l) => (l.key && l.key.startsWith('in:') ? null : l.key));
  const inserts = new Map<number, string[]>();
  for (const run of runs) {
    while (run.lines.length && !run.lines[run.lines.length - 1].trim()) run.lines.pop();
    if (run.lines.length === 0) continue;
    let at = -1;
    for (let i = run.anchors.length - 1; i >= 0 && at < 0; i--) {
      const a = run.anchors[i];
      at = a === 'title' ? next.findIndex((l) => l.key === 'title' || /^# /.test(l.line)) : keys.indexOf(a);
    }
    if (at < 0) at = 0;
    // After the anchor's own detail lines, and after the blank line that closes a heading.
    const anchorKey = next[at].key ?? '';
    const id = anchorKey.split(':')[1];
    if (id) while (at + 1 < next.length && next[at + 1].key?.startsWith(`detail:${id}:`)) at++;
    const block = run.gapBefore ? ['', ...run.lines] : run.lines;
    inserts.set(at, [...(inserts.get(at) ?? []), ...block]);
  }
  const out: string[] = [];
  next.forEach((l, i) => {
    out.push(l.line);
    const add = inserts.get(i);
    if (add) out.push(...add);
  });
  const merged = out.join('\n').replace(/\n{3,}/g, '\n\n');
  // The safety net: every line the team wrote is still there.
  const have = new Map<string, number>();
  for (const l of merged.split('\n')) have.set(l, (have.get(l) ?? 0) + 1);
  for (const l of old) {
    if (l.key !== null || !l.line.trim() || l === title) continue;
    const n = have.get(l.line) ?? 0;
    if (n === 0) throw new RoadmapMergeError(`the line "${l.line.trim().slice(0, 80)}" would be lost; the roadmap is not rewritten`);
    have.set(l.line, n - 1);
  }
  return dominantEol(previous) === '\r\n' ? merged.replace(/\n/g, '\r\n') : merged;
}

/** Writes a roadmap, merging it into the previous version when that one was written by this tool. */
export function generateRoadmap(report: Report, previous?: string, opts: RoadmapOptions = {}): string {
  const fresh = renderRoadmap(report, opts);
  return previous && isGeneratedRoadmap(previous) ? mergeRoadmap(previous, fresh) : fresh;
}
