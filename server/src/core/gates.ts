/**
 * Quality gates for CI: a minimum score, a maximum finding severity and a minimum level. The CLI exits
 * with 1 when any gate fails and prints why.
 */
import { LEVELS, SEVERITY_LEVEL, type Level, type Report } from './types';

/** The gates a CI job can set. */
export interface Gates {
  minScore?: number;
  /** `error` fails on critical/high findings, `warning` also on medium ones, `none` never. */
  failOn?: 'error' | 'warning' | 'none';
  level?: Level;
}

/**
 * Returns one sentence per failed gate; empty when all gates pass. Waived findings never fail a gate,
 * and neither do findings a baseline already holds (`baselineState: 'unchanged'`).
 */
export function evaluateGates(report: Report, gates: Gates): string[] {
  const failures: string[] = [];
  if (gates.minScore !== undefined && report.score < gates.minScore) failures.push(`score ${report.score} is below the minimum of ${gates.minScore}`);
  const open = report.findings.filter((f) => !f.waived && f.baselineState !== 'unchanged' && f.category !== 'roadmap');
  const baselined = report.findings.some((f) => f.baselineState !== undefined);
  const failOn = gates.failOn ?? 'none';
  if (failOn !== 'none') {
    const levels = failOn === 'error' ? ['error'] : ['error', 'warning'];
    const bad = open.filter((f) => levels.includes(SEVERITY_LEVEL[f.severity]));
    if (bad.length > 0) failures.push(`${bad.length} ${baselined ? 'new ' : ''}finding(s) at level ${levels.join(' or ')} (--fail-on ${failOn})`);
  }
  if (gates.level) {
    const reached = report.level === 'none' ? -1 : LEVELS.indexOf(report.level);
    if (reached < LEVELS.indexOf(gates.level)) failures.push(`level ${report.level} is below the required ${gates.level}`);
  }
  return failures;
}
