/**
 * The organisation's scorecard as data, computed once from the collected reports and rendered by
 * `org/html.ts` and `org/markdown.ts`: score statistics and distribution, the repository × category
 * heat map, the levels reached, the rules failing most often with the points each would add, and the
 * trend over time when reports carry dates. Every number the pages print comes from here.
 */
import { CATEGORIES, LEVELS } from '../core/types';
import type { OrgReport } from './collect';

/** One repository's line: its latest report. */
export interface RepoRow {
  repository: string;
  file: string;
  score: number;
  level: string;
  generatedAt: string | null;
  /** Score by category id; null when no check of the category applies. */
  categories: Record<string, number | null>;
  /** Change of the score since the repository's earliest dated report, when it has several. */
  change: number | null;
}

/** A rule that fails across the organisation. */
export interface FailingRule {
  ruleId: string;
  title: string;
  category: string;
  severity: string;
  /** Repositories where the check fails or is partial. */
  failing: number;
  /** Repositories where the check applies at all. */
  applicable: number;
  /** Points fixing it would add, summed over the failing repositories' overall scores. */
  points: number;
  /** `points` shared over every repository: how much the organisation's mean score would rise. */
  meanGain: number;
  repositories: string[];
}

/** The organisation's scorecard. */
export interface OrgSummary {
  repositories: RepoRow[];
  stats: { count: number; mean: number; median: number; min: number; max: number };
  /** Ten buckets of ten points; the last one includes 100. */
  distribution: { from: number; to: number; count: number; repositories: string[] }[];
  categories: { id: string; title: string; mean: number | null; scored: number }[];
  levels: { level: string; count: number; repositories: string[] }[];
  failingRules: FailingRule[];
  /** Mean score by day, each repository counted with its latest report up to that day; null without dates from two days. */
  trend: { date: string; repositories: number; mean: number }[] | null;
  problems: string[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const dayOf = (iso: string) => iso.slice(0, 10);

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : round1((s[m - 1] + s[m]) / 2);
}

/** Newest first; undated reports count as oldest, then by file name. */
function newestFirst(a: OrgReport, b: OrgReport): number {
  const ta = a.generatedAt ? Date.parse(a.generatedAt) : -Infinity;
  const tb = b.generatedAt ? Date.parse(b.generatedAt) : -Infinity;
  return tb - ta || b.file.localeCompare(a.file);
}

/** Computes the organisation's scorecard. `topRules` limits the failing-rule list. */
export function summarise(reports: OrgReport[], problems: string[] = [], opts: { topRules?: number } = {}): OrgSummary {
  const notes = [...problems];
  const byRepo = new Map<string, OrgReport[]>();
  for (const r of reports) byRepo.set(r.repository, [...(byRepo.get(r.repository) ?? []), r]);

  const latest: OrgReport[] = [];
  const rows: RepoRow[] = [];
  for (const [repo, rs] of byRepo) {
    rs.sort(newestFirst);
    const undated = rs.filter((r) => !r.generatedAt);
    if (rs.length > 1 && undated.length > 1) notes.push(`${repo}: ${undated.length} reports carry no date; the trend leaves them out and ${rs[0].file} is taken as the latest`);
    const last = rs[0];
    latest.push(last);
    const dated = rs.filter((r) => r.generatedAt);
    const earliest = dated[dated.length - 1];
    rows.push({
      repository: repo,
      file: last.file,
      score: last.score,
      level: last.level,
      generatedAt: last.generatedAt,
      categories: Object.fromEntries(last.categories.map((c) => [c.id, c.score])),
      change: dated.length > 1 && last.generatedAt && earliest !== last ? round1(last.score - earliest.score) : null,
    });
  }
  rows.sort((a, b) => b.score - a.score || a.repository.localeCompare(b.repository));

  const scores = rows.map((r) => r.score);
  const n = scores.length;
  const stats = {
    count: n,
    mean: n ? round1(scores.reduce((s, x) => s + x, 0) / n) : 0,
    median: median(scores),
    min: n ? Math.min(...scores) : 0,
    max: n ? Math.max(...scores) : 0,
  };

  const distribution = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i * 10 + 10, count: 0, repositories: [] as string[] }));
  for (const r of rows) {
    const b = distribution[Math.min(9, Math.max(0, Math.floor(r.score / 10)))];
    b.count++;
    b.repositories.push(r.repository);
  }

  const titles = new Map<string, string>();
  for (const r of latest) for (const c of r.categories) if (!titles.has(c.id)) titles.set(c.id, c.title);
  const order = [...CATEGORIES.filter((c) => titles.has(c)), ...[...titles.keys()].filter((c) => !(CATEGORIES as readonly string[]).includes(c)).sort()];
  const categories = order
    .map((id) => {
      const vals = rows.map((r) => r.categories[id]).filter((v): v is number => typeof v === 'number');
      return { id, title: titles.get(id) ?? id, mean: vals.length ? round1(vals.reduce((s, x) => s + x, 0) / vals.length) : null, scored: vals.length };
    })
    .filter((c) => c.scored > 0);

  const levelNames = ['none', ...LEVELS, ...new Set(rows.map((r) => r.level).filter((l) => l !== 'none' && !(LEVELS as readonly string[]).includes(l)))];
  const levels = levelNames.map((level) => {
    const repos = rows.filter((r) => r.level === level).map((r) => r.repository);
    return { level, count: repos.length, repositories: repos };
  });

  const rules = new Map<string, FailingRule>();
  for (const r of latest) {
    for (const c of r.checks) {
      let e = rules.get(c.ruleId);
      if (!e) {
        e = { ruleId: c.ruleId, title: c.title, category: c.category, severity: c.severity, failing: 0, applicable: 0, points: 0, meanGain: 0, repositories: [] };
        rules.set(c.ruleId, e);
      }
      if (c.status !== 'not-applicable') e.applicable++;
      if (c.status === 'fail' || c.status === 'partial') {
        e.failing++;
        e.points += r.points.get(c.ruleId) ?? 0;
        e.repositories.push(r.repository);
      }
    }
  }
  const failingRules = [...rules.values()]
    .filter((e) => e.failing > 0)
    .map((e) => ({ ...e, points: round1(e.points), meanGain: n ? Math.round((e.points / n) * 100) / 100 : 0, repositories: e.repositories.sort() }))
    .sort((a, b) => b.failing - a.failing || b.points - a.points || a.ruleId.localeCompare(b.ruleId))
    .slice(0, opts.topRules ?? 20);

  let trend: OrgSummary['trend'] = null;
  const days = [...new Set(reports.filter((r) => r.generatedAt).map((r) => dayOf(r.generatedAt!)))].sort();
  if (days.length >= 2) {
    trend = days.map((day) => {
      const vals: number[] = [];
      for (const rs of byRepo.values()) {
        const upTo = rs.find((r) => r.generatedAt && dayOf(r.generatedAt) <= day);
        if (upTo) vals.push(upTo.score);
      }
      return { date: day, repositories: vals.length, mean: round1(vals.reduce((s, x) => s + x, 0) / vals.length) };
    });
  }

  return { repositories: rows, stats, distribution, categories, levels, failingRules, trend, problems: notes };
}
