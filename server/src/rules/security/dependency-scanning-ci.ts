/**
 * security/dependency-scanning-ci: a CI job checks the dependencies for known vulnerabilities on every
 * change (npm audit, pip-audit, govulncheck, osv-scanner, Snyk, Trivy fs, dependency-review-action,
 * cargo audit, bundler-audit, OWASP dependency-check, GitLab Dependency-Scanning...), directly or
 * through what a step calls. A scan that runs only on a schedule or by hand, or whose failure is
 * ignored, earns partial credit: it reports, but it does not stop a vulnerable change.
 */
import type { WorkspaceRule } from '../../core/types';
import { findRuns, hasCi, hitEvidence, isGating, whyNotGating } from '../lib/ci-run';
import { DEPENDENCY_SCANNERS } from '../lib/ci-checks';
import { outcome } from '../lib/util';

export { DEPENDENCY_SCANNERS } from '../lib/ci-checks';

export const rule: WorkspaceRule = {
  id: 'security/dependency-scanning-ci',
  category: 'security',
  severity: 'high',
  level: 'mvp',
  title: 'CI scans dependencies for known vulnerabilities',
  rationale: 'A dependency with a published CVE is the cheapest way into a service; a scan on every change catches it before it ships rather than after a breach.',
  roadmap: [{ topic: 'dependency scanning', match: /(dependenc(y|ies)|vulnerabilit(y|ies)|npm audit|snyk|pip-audit|osv|\bcve).*(scan|audit|check)|(scan|audit)(ning)? .*(dependenc|vulnerab)|vulnerability (scan|management)/, rank: 640 }],
  related: [{ tool: 'scorecard', id: 'Vulnerabilities' }],
  scope: 'workspace',
  requires: ['ci/workflow-present'],
  applies(facts) {
    return facts.stacks.length > 0 ? true : 'no dependency manifests';
  },
  check({ ws, facts }) {
    const hits = findRuns(ws, DEPENDENCY_SCANNERS);
    const gating = hits.filter((h) => isGating(h.run));
    if (gating.length > 0) return outcome.pass(hitEvidence(gating, 'scans dependencies'));
    if (hits.length > 0) {
      return outcome.partial(0.5, [{ message: `dependencies are scanned (${hits[0].tool}) ${whyNotGating(hits[0].run)}: run the scan on pull requests too so a vulnerable dependency is stopped before it merges`, file: null }], hitEvidence(hits, 'scans dependencies'));
    }
    const hint = ({ node: 'npm audit --audit-level=high', python: 'pip-audit', go: 'govulncheck ./...', rust: 'cargo audit', ruby: 'bundle audit', java: 'OWASP dependency-check', dotnet: 'dotnet list package --vulnerable' } as Record<string, string>)[facts.stacks[0]] ?? 'osv-scanner';
    return {
      status: 'fail',
      findings: [{
        message: hasCi(ws)
          ? `no CI job scans dependencies for known vulnerabilities; add a step that runs ${hint} (or osv-scanner, or actions/dependency-review-action on pull requests)`
          : `there is no CI, so nothing scans dependencies for known vulnerabilities; add a workflow that runs ${hint}`,
        file: null,
      }],
    };
  },
};
