/**
 * security/dependency-scanning-ci: a CI job checks the dependencies for known vulnerabilities on every
 * change (npm audit, pip-audit, govulncheck, osv-scanner, Snyk, Trivy fs, dependency-review-action,
 * cargo audit, bundler-audit, OWASP dependency-check, GitLab Dependency-Scanning...).
 */
import type { WorkspaceRule } from '../../core/types';
import { ciEvidence, findCiTools, hasCi, type CiTool } from '../lib/ci-scan';

/** Tools that look for known-vulnerable dependencies, by what their CI step says. */
export const DEPENDENCY_SCANNERS: CiTool[] = [
  { name: 'npm audit', pattern: /\b(npm|pnpm|bun)\s+audit\b|\byarn\s+(npm\s+)?audit\b|\baudit-ci\b|\bbetter-npm-audit\b/ },
  { name: 'pip-audit', pattern: /\bpip-audit\b|pypa\/gh-action-pip-audit/ },
  { name: 'safety', pattern: /\bsafety\s+(check|scan)\b|pyupio\/safety/ },
  { name: 'govulncheck', pattern: /\bgovulncheck\b/ },
  { name: 'osv-scanner', pattern: /\bosv-scanner\b/ },
  { name: 'Snyk', pattern: /\bsnyk\s+test\b|snyk\/actions\/(?!.*\bcontainer\b)/ },
  { name: 'Trivy', pattern: /\btrivy\s+(fs|filesystem|repo|repository|rootfs)\b|aquasecurity\/trivy-action\S*.*with\.scan-type=(fs|repo|rootfs)/ },
  { name: 'Grype', pattern: /\bgrype\s+(dir:|\.|sbom:)|anchore\/scan-action\S*.*with\.path=/ },
  { name: 'dependency-review-action', pattern: /actions\/dependency-review-action/ },
  { name: 'cargo audit', pattern: /\bcargo\s+(audit|deny)\b|rustsec\/audit-check|EmbarkStudios\/cargo-deny-action/ },
  { name: 'bundler-audit', pattern: /\bbundle(r)?[-\s]audit\b/ },
  { name: 'OWASP dependency-check', pattern: /dependency-check|dependencyCheckAnalyze|org\.owasp/ },
  { name: 'dotnet vulnerable packages', pattern: /dotnet\s+list\s+\S*\s*package\s+--vulnerable/ },
  { name: 'composer audit', pattern: /\bcomposer\s+audit\b/ },
  { name: 'GitLab Dependency Scanning', pattern: /Dependency-Scanning\.gitlab-ci\.yml|dependency_scanning/ },
  { name: 'Socket', pattern: /\bsocket\s+(ci|scan)\b|SocketDev\// },
];

export const rule: WorkspaceRule = {
  id: 'security/dependency-scanning-ci',
  category: 'security',
  severity: 'high',
  level: 'mvp',
  title: 'CI scans dependencies for known vulnerabilities',
  rationale: 'A dependency with a published CVE is the cheapest way into a service; a scan on every change catches it before it ships rather than after a breach.',
  related: [{ tool: 'scorecard', id: 'Vulnerabilities' }],
  scope: 'workspace',
  requires: ['ci/workflow-present'],
  applies(facts) {
    return facts.stacks.length > 0 ? true : 'no dependency manifests';
  },
  check({ ws, facts }) {
    const hits = findCiTools(ws, DEPENDENCY_SCANNERS);
    if (hits.length > 0) return { status: 'pass', findings: [], evidence: ciEvidence(hits) };
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
