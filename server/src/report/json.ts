/**
 * The stable JSON report (`--format json`). Its shape is documented in docs/json-report.md and only
 * grows by adding fields; positions are one-based here, unlike inside the engine.
 */
import type { CheckStatus, Finding, Report } from '../core/types';

/** A finding as the JSON report shows it. */
export interface JsonFinding {
  ruleId: string;
  category: string;
  severity: string;
  /** `fail` or `partial` (the status of its check), or `waived`. */
  status: CheckStatus;
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  fix: { title: string; changes: unknown[] } | null;
  waived: Finding['waived'] | null;
  /** Identity that survives line moves; the same value as SARIF's `partialFingerprints`. */
  fingerprint: string | null;
  /** `new` or `unchanged` when the audit was compared with a baseline, otherwise null. */
  baselineState: Finding['baselineState'] | null;
  /**
   * The checks that fail only because this one does (no CI, or an example's checks of operating a
   * service), folded under it so the report says it once; null when none.
   */
  folded: string[] | null;
}

/** Converts a report to the documented JSON shape. */
export function toJson(report: Report): Record<string, unknown> {
  const statusOf = new Map(report.checks.map((c) => [c.ruleId, c.status]));
  const findings: JsonFinding[] = report.findings.map((f) => ({
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    status: f.waived ? 'waived' : (statusOf.get(f.ruleId) ?? 'fail') === 'partial' ? 'partial' : 'fail',
    message: f.message,
    file: f.file,
    line: f.range ? f.range.start.line + 1 : null,
    column: f.range ? f.range.start.character + 1 : null,
    endLine: f.range ? f.range.end.line + 1 : null,
    endColumn: f.range ? f.range.end.character + 1 : null,
    fix: f.fix ? { title: f.fix.title, changes: f.fix.changes } : null,
    waived: f.waived ?? null,
    fingerprint: f.fingerprint ?? null,
    baselineState: f.baselineState ?? null,
    folded: f.folded?.length ? [...f.folded] : null,
  }));
  return {
    schemaVersion: report.schemaVersion,
    tool: report.tool,
    generatedAt: report.generatedAt ?? null,
    score: report.score,
    level: report.level,
    targetLevel: report.targetLevel,
    nextLevel: report.nextLevel,
    blockers: report.blockers,
    categories: report.categories
      .filter((c) => c.enabled)
      .map((c) => ({ id: c.id, title: c.title, score: c.score, target: c.target, gap: c.gap, priority: c.priority, weight: c.weight, counts: c.counts })),
    checks: report.checks.map((c) => ({
      ruleId: c.ruleId,
      category: c.category,
      severity: c.severity,
      level: c.level,
      title: c.title,
      status: c.status,
      credit: Math.round(c.credit * 1000) / 1000,
      guard: c.guard === true,
      reason: c.reason ?? null,
      evidence: c.evidence,
      findings: c.findings.length,
      blockedBy: c.blockedBy ?? null,
    })),
    findings,
    nextSteps: report.nextSteps,
    facts: report.facts,
    notes: report.notes,
    stats: report.stats,
    coverage: report.coverage,
    project: report.project,
  };
}

/** Renders the JSON report as text. */
export function renderJson(report: Report): string {
  return JSON.stringify(toJson(report), null, 2) + '\n';
}
