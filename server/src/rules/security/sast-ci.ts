/**
 * security/sast-ci: a static application security testing tool runs in CI: CodeQL, Semgrep, gosec,
 * Bandit, Brakeman, SonarCloud/SonarQube, Snyk Code, njsscan or GitLab SAST.
 */
import type { WorkspaceRule } from '../../core/types';
import { ciEvidence, findCiTools, hasCi, type CiTool } from '../lib/ci-scan';

/** SAST tools, by what their CI step says. */
export const SAST_TOOLS: CiTool[] = [
  { name: 'CodeQL', pattern: /github\/codeql-action\/(init|analyze|autobuild)|\bcodeql\s+database\b/ },
  { name: 'Semgrep', pattern: /\bsemgrep\b|returntocorp\/semgrep/ },
  { name: 'gosec', pattern: /\bgosec\b|securego\/gosec/ },
  { name: 'Bandit', pattern: /\bbandit\b/ },
  { name: 'Brakeman', pattern: /\bbrakeman\b/ },
  { name: 'SonarQube', pattern: /sonar-scanner|SonarSource\/sonar|sonarcloud-github-action|sonarqube-scan-action|\bsonar:sonar\b/ },
  { name: 'Snyk Code', pattern: /\bsnyk\s+code\s+test\b/ },
  { name: 'njsscan', pattern: /\bnjsscan\b/ },
  { name: 'GitLab SAST', pattern: /(?:^|\/)SAST\.gitlab-ci\.yml|\bsast:\s*$/ },
  { name: 'Horusec', pattern: /\bhorusec\b/ },
  { name: 'SpotBugs', pattern: /find-sec-bugs|findsecbugs/ },
];

export const rule: WorkspaceRule = {
  id: 'security/sast-ci',
  category: 'security',
  severity: 'medium',
  level: 'production',
  title: 'CI runs static security analysis (SAST)',
  rationale: 'Injection, path traversal and unsafe deserialisation are patterns a SAST tool finds in the diff that introduces them; code review alone misses most of them.',
  related: [{ tool: 'scorecard', id: 'SAST' }],
  scope: 'workspace',
  requires: ['ci/workflow-present'],
  applies(facts) {
    return facts.stacks.length > 0 ? true : 'no application code detected';
  },
  check({ ws, facts }) {
    const hits = findCiTools(ws, SAST_TOOLS);
    if (hits.length > 0) return { status: 'pass', findings: [], evidence: ciEvidence(hits) };
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
