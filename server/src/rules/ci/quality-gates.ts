/**
 * ci/quality-gates: CI enforces at least one quality gate that can fail a build: a coverage threshold
 * (--cov-fail-under, fail_under, --check-coverage, jest coverageThreshold, codecov fail_ci_if_error,
 * a Sonar quality gate) or a dependency vulnerability audit (npm audit, pip-audit, govulncheck, cargo
 * audit, dependency-review-action, trivy, ...), run directly or through what a step calls. Gates whose
 * failure is ignored (`continue-on-error`, `|| true`) or that run only on a schedule do not count; a
 * coverage threshold kept in configuration counts when CI runs the tests on every change, one in a
 * Makefile, script or workflow when CI reaches that file (`lib/coverage.ts`).
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { outcome } from '../lib/util';
import { ciRuns, findRuns, hasCi, hitEvidence, isGating, type CiHit } from '../lib/ci-run';
import { AUDIT_SPEC, COVERAGE_SPEC } from '../lib/ci-checks';
import { coverageThresholds, notEnforced } from '../lib/coverage';

export const rule: WorkspaceRule = {
  id: 'ci/quality-gates',
  category: 'ci-cd',
  severity: 'medium',
  level: 'production',
  title: 'CI enforces a coverage threshold or a dependency audit',
  rationale: 'Coverage thresholds and vulnerability audits only protect a codebase when they can fail the build; a report nobody reads is not a gate.',
  roadmap: [{ topic: 'CI quality gates', match: /quality gates?|coverage gate|fail(s)? the build/, rank: 210 }],
  scope: 'workspace',
  requires: ['ci/workflow-present'],
  check({ ws }) {
    if (!hasCi(ws)) return outcome.fail([{ message: 'no CI enforces a quality gate: add CI first (see ci/workflow-present)', file: null }]);
    const codecov: CiHit[] = ciRuns(ws)
      .filter((r) => r.kind === 'uses' && r.slug === 'codecov/codecov-action' && /with\.fail_ci_if_error=true\b/.test(r.text))
      .map((run) => ({ run, tool: 'codecov', what: 'codecov with fail_ci_if_error' }));
    const all = [...findRuns(ws, COVERAGE_SPEC), ...codecov, ...findRuns(ws, AUDIT_SPEC)];
    const gates = all.filter((h) => isGating(h.run));
    const evidence: Evidence[] = hitEvidence(gates, 'quality gate', 6);
    // Thresholds kept in configuration, scripts or workflows count when CI reaches them on every change
    // (lib/coverage.ts decides, as for testing/coverage-threshold).
    for (const t of coverageThresholds(ws)) {
      if (!notEnforced(ws, t.hit.file)) evidence.push({ message: `coverage threshold ${t.value}% (${t.tool} in ${t.hit.file}), enforced by CI`, file: t.hit.file, line: t.hit.line });
    }
    if (evidence.length > 0) return outcome.pass(evidence.slice(0, 8));
    const lax = all.filter((h) => !isGating(h.run));
    const note = lax.length > 0 ? ` (${lax[0].what} in ${lax[0].run.chain[0].file} is not enforced: it runs ${lax[0].run.entry.triggers.changes ? 'with its failure ignored' : 'only on ' + lax[0].run.entry.triggers.summary})` : '';
    return outcome.fail([{
      message: `no CI step enforces a coverage threshold or a dependency audit${note}: add e.g. \`npm audit --audit-level=high\`, \`pip-audit\`, \`govulncheck ./...\` or \`pytest --cov-fail-under=80\``,
      file: null,
    }], hitEvidence(lax, 'not enforced'));
  },
};
