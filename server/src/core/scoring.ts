/**
 * Scoring: category scores weight checks by severity, the overall score weights categories by the
 * manifest, levels are reached when every check a level requires passes, and next steps are ranked by
 * the points each one is worth.
 */
import { CATEGORIES, CATEGORY_TITLES, LEVELS, SEVERITY_WEIGHT } from './types';
import type { CategoryId, CategoryResult, CheckResult, CheckStatus, Coverage, Finding, Level, NextStep, ProjectSummary, ReachedLevel, Report } from './types';
import type { Facts } from './facts';
import type { RoleMap } from './roles';
import type { Workspace } from './workspace';
import type { Manifest } from '../manifest/schema';
import { TOOL_VERSION } from '../version';

/** Default weight of each category in the overall score. */
export const DEFAULT_CATEGORY_WEIGHT: Record<CategoryId, number> = {
  security: 1.5,
  'ci-cd': 1.25,
  testing: 1.25,
  containers: 1,
  observability: 1,
  reliability: 1,
  operations: 0.75,
  documentation: 0.75,
  quality: 0.75,
  performance: 0.5,
  // Roadmap accuracy is reported beside the score, not in it, so that a roadmap's claims are held to
  // the same number the report shows; a manifest may give it a weight.
  roadmap: 0,
  manifest: 0,
};

/** Default category target (percent) for each target level. */
export const DEFAULT_TARGET: Record<Level, number> = { prototype: 50, mvp: 75, production: 90 };

/** Inputs of `buildReport`. */
export interface ReportInput {
  ws: Workspace;
  manifest: Manifest;
  facts: Facts;
  checks: CheckResult[];
  meta: Finding[];
  started: number;
  /** The product and helper trees (absent for the provisional report `post` rules see). */
  roles?: RoleMap;
}

/**
 * Whether a check counts in its category's score. Not-applicable and waived checks never do; a guard
 * (an absence check) counts only when it fails: finding no secret in a repository earns nothing,
 * finding one costs the check's full weight.
 */
export function countsInScore(c: CheckResult): boolean {
  if (c.status === 'not-applicable' || c.status === 'waived') return false;
  if (c.guard && c.status === 'pass') return false;
  return true;
}

/** The credit a counted check earns: a guard never earns, it only costs. */
function creditOf(c: CheckResult): number {
  return c.guard ? 0 : c.credit;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Scores checks and assembles the report. */
export function buildReport(input: ReportInput): Report {
  const { manifest, checks } = input;
  const categories: CategoryResult[] = [];
  const denom = new Map<CategoryId, number>();
  for (const id of CATEGORIES) {
    const conf = manifest.categories[id as keyof Manifest['categories']];
    const enabled = conf?.enabled !== false;
    const mine = checks.filter((c) => c.category === id);
    const counts: Record<CheckStatus, number> = { pass: 0, partial: 0, fail: 0, waived: 0, 'not-applicable': 0 };
    for (const c of mine) counts[c.status]++;
    let total = 0;
    let earned = 0;
    for (const c of mine) {
      if (!countsInScore(c)) continue;
      const w = SEVERITY_WEIGHT[c.severity];
      total += w;
      earned += w * creditOf(c);
    }
    denom.set(id, total);
    const score = total > 0 ? round1((100 * earned) / total) : null;
    const target = conf?.target ?? DEFAULT_TARGET[manifest.level];
    const gap = score === null ? null : round1(Math.max(0, target - score));
    categories.push({
      id,
      title: CATEGORY_TITLES[id],
      score,
      target,
      gap,
      priority: gap === 0 ? 'done' : conf?.priority ?? priorityOf(gap, mine),
      weight: conf?.weight ?? DEFAULT_CATEGORY_WEIGHT[id],
      enabled,
      counts,
    });
  }

  const scored = categories.filter((c) => c.enabled && c.score !== null && c.weight > 0);
  const weightSum = scored.reduce((s, c) => s + c.weight, 0);
  const overall = weightSum > 0 ? round1(scored.reduce((s, c) => s + c.weight * (c.score as number), 0) / weightSum) : 0;

  const { level, nextLevel, blockers } = levelOf(checks);
  const blockerSet = new Set(blockers);
  const nextSteps: NextStep[] = [];
  for (const c of checks) {
    if (c.status !== 'fail' && c.status !== 'partial') continue;
    // A check folded into its failing prerequisite is done through that prerequisite's step first.
    if (c.blockedBy) continue;
    // Checks outside the scored categories (project/example, in `manifest`) are worth no points.
    const cat = categories.find((x) => x.id === c.category);
    const d = denom.get(c.category) ?? 0;
    if (!cat || !cat.enabled || d === 0 || weightSum === 0 || cat.weight === 0) continue;
    const points = round1(((cat.weight / weightSum) * (100 * SEVERITY_WEIGHT[c.severity] * (1 - creditOf(c)))) / d);
    const first = c.findings.find((f) => !f.waived);
    nextSteps.push({
      ruleId: c.ruleId,
      title: c.title,
      category: c.category,
      severity: c.severity,
      points,
      status: c.status,
      ...(first?.fix ? { fix: first.fix.title } : {}),
      file: first?.file ?? null,
      ...(first?.range ? { line: first.range.start.line + 1 } : {}),
      ...(blockerSet.has(c.ruleId) && nextLevel ? { blocksLevel: nextLevel } : {}),
    });
  }
  nextSteps.sort((a, b) => Number(Boolean(b.blocksLevel)) - Number(Boolean(a.blocksLevel)) || b.points - a.points || a.ruleId.localeCompare(b.ruleId));

  const findings = [...checks.flatMap((c) => c.findings), ...input.meta];
  findings.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.range?.start.line ?? -1) - (b.range?.start.line ?? -1) || a.ruleId.localeCompare(b.ruleId));

  return {
    schemaVersion: 1,
    tool: { name: 'readiness', version: TOOL_VERSION },
    root: input.ws.root,
    score: overall,
    level,
    targetLevel: manifest.level,
    nextLevel,
    blockers,
    categories,
    checks,
    findings,
    nextSteps,
    facts: input.facts,
    notes: [...input.ws.notes],
    stats: {
      files: input.ws.size,
      analysedFiles: input.ws.readCount,
      rules: checks.length,
      durationMs: Date.now() - input.started,
    },
    coverage: coverageOf(input),
    project: projectOf(input),
  };
}

/** How much of the repository the audit could judge (principle 7: the score says how much it saw). */
function coverageOf(input: ReportInput): Coverage {
  const unreadable = new Set(input.ws.notes.filter((n) => n.path && (n.kind === 'skipped-large' || n.kind === 'skipped-binary' || n.kind === 'unreadable' || n.kind === 'vanished')).map((n) => n.path));
  return {
    applicableChecks: input.checks.filter((c) => c.status !== 'not-applicable').length,
    checks: input.checks.length,
    scoredChecks: input.checks.filter(countsInScore).length,
    analysedFiles: input.ws.readCount,
    files: input.ws.size,
    unreadableFiles: unreadable.size,
  };
}

/** The project's kind and its product and helper trees, as the report lists them. */
function projectOf(input: ReportInput): ProjectSummary {
  return {
    kind: input.facts.kind,
    kindWhy: input.facts.evidence.kind ?? [],
    product: input.roles?.product ?? [],
    helpers: input.roles?.helpers ?? [],
  };
}

function priorityOf(gap: number | null, checks: CheckResult[]): CategoryResult['priority'] {
  if (gap === null || gap <= 0) return 'done';
  if (checks.some((c) => c.status === 'fail' && c.severity === 'critical') || gap >= 40) return 'critical';
  if (gap >= 20) return 'high';
  if (gap >= 5) return 'medium';
  return 'low';
}

/**
 * The highest level whose required checks all pass, and what blocks the next one. Nothing earns
 * nothing here too: a level is reached only when at least one check it requires passed on evidence
 * (not a guard that found nothing to object to), so an empty repository reaches no level.
 */
export function levelOf(checks: CheckResult[]): { level: ReachedLevel; nextLevel: Level | null; blockers: string[] } {
  let level: ReachedLevel = 'none';
  for (const l of LEVELS) {
    const rank = LEVELS.indexOf(l);
    const required = checks.filter((c) => LEVELS.indexOf(c.level) <= rank);
    const blockers = required
      .filter((c) => c.status === 'fail' || c.status === 'partial')
      .sort((a, b) => SEVERITY_WEIGHT[b.severity] - SEVERITY_WEIGHT[a.severity] || a.ruleId.localeCompare(b.ruleId))
      .map((c) => c.ruleId);
    if (blockers.length > 0) return { level, nextLevel: l, blockers };
    if (!required.some((c) => c.status === 'pass' && !c.guard)) return { level, nextLevel: l, blockers: [] };
    level = l;
  }
  return { level, nextLevel: null, blockers: [] };
}
