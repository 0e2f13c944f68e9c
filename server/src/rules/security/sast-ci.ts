/**
 * security/sast-ci: a static application security testing tool runs in CI: CodeQL, Semgrep, gosec,
 * Bandit, Brakeman, SonarCloud/SonarQube, Snyk Code, njsscan or GitLab SAST, directly or through what
 * a step calls. A scan that runs only on a schedule or by hand, or whose failure is ignored, earns
 * partial credit.
 */
import type { WorkspaceRule } from '../../core/types';
import { findRuns, hasCi, hitEvidence, isGating, whyNotGating } from '../lib/ci-run';
import { SAST_TOOLS } from '../lib/ci-checks';
import { outcome } from '../lib/util';

export { SAST_TOOLS } from '../lib/ci-checks';

export const rule: WorkspaceRule = {
  id: 'security/sast-ci',
  category: 'security',
  severity: 'medium',
  level: 'production',
  title: 'CI runs static security analysis (SAST)',
  rationale: 'Injection, path traversal and unsafe deserialisation are patterns a SAST tool finds in the diff that introduces them; code review alone misses most of them.',
  roadmap: [{ topic: 'static security analysis', match: /\bsast\b|codeql|semgrep|sonar(qube|cloud)?|static (security|application security) (analysis|testing)/, rank: 650 }],
  related: [{ tool: 'scorecard', id: 'SAST' }],
  scope: 'workspace',
  requires: ['ci/workflow-present'],
  applies(facts) {
    return facts.stacks.length > 0 ? true : 'no application code detected';
  },
  check({ ws, facts }) {
    const hits = findRuns(ws, SAST_TOOLS);
    const gating = hits.filter((h) => isGating(h.run));
    if (gating.length > 0) return outcome.pass(hitEvidence(gating, 'static analysis'));
    if (hits.length > 0) {
      return outcome.partial(0.5, [{ message: `${hits[0].tool} runs ${whyNotGating(hits[0].run)}: run it on pull requests too so a finding is seen in review`, file: null }], hitEvidence(hits, 'static analysis'));
    }
    const extra = facts.stacks.includes('go') ? ', gosec' : facts.stacks.includes('python') ? ', Bandit' : facts.stacks.includes('ruby') ? ', Brakeman' : '';
    return {
      status: 'fail',
      findings: [{
        message: `${hasCi(ws) ? 'no CI job runs' : 'there is no CI to run'} static security analysis; add CodeQL (github/codeql-action) or Semgrep${extra}`,
        file: null,
      }],
    };
  },
};
