/**
 * security/container-scanning-ci: when the repository builds a container image, CI scans the image
 * for vulnerable OS packages and libraries (Trivy image, Grype, Docker Scout, Snyk Container, GitLab
 * Container Scanning). A dependency scan of the source does not see the base image's packages.
 */
import type { WorkspaceRule } from '../../core/types';
import { ciEvidence, findCiTools, hasCi, type CiTool } from '../lib/ci-scan';

/** Image scanners, by what their CI step says. */
export const IMAGE_SCANNERS: CiTool[] = [
  { name: 'Trivy', pattern: /\btrivy\s+(image|i)\b|aquasecurity\/trivy-action(?!\S*.*with\.scan-type=(fs|repo|rootfs|config|sbom))/ },
  { name: 'Grype', pattern: /\bgrype\s+(?!dir:|sbom:|\.\s|\.$)\S+|anchore\/scan-action\S*.*with\.image=/ },
  { name: 'Docker Scout', pattern: /\bdocker\s+scout\s+(cves|quickview|recommendations)\b|docker\/scout-action/ },
  { name: 'Snyk Container', pattern: /\bsnyk\s+container\b|snyk\/actions\/docker/ },
  { name: 'GitLab Container Scanning', pattern: /Container-Scanning\.gitlab-ci\.yml|container_scanning/ },
  { name: 'Clair', pattern: /\bclair(ctl)?\b/ },
  { name: 'Anchore', pattern: /\banchore-cli\b|anchore\/scan-action/ },
];

export const rule: WorkspaceRule = {
  id: 'security/container-scanning-ci',
  category: 'security',
  severity: 'medium',
  level: 'production',
  title: 'CI scans the container image for vulnerabilities',
  rationale: 'A container ships an operating system too; its packages age and collect CVEs that a scan of the application dependencies never sees.',
  scope: 'workspace',
  requires: ['ci/workflow-present'],
  applies(_facts, { ws }) {
    return ws.pathsOfKind('dockerfile').length > 0 ? true : 'no Dockerfile';
  },
  check({ ws }) {
    const hits = findCiTools(ws, IMAGE_SCANNERS);
    if (hits.length > 0) return { status: 'pass', findings: [], evidence: ciEvidence(hits) };
    return {
      status: 'fail',
      findings: [{
        message: `${hasCi(ws) ? 'no CI job scans' : 'there is no CI to scan'} the container image built from ${ws.pathsOfKind('dockerfile')[0]}; add a Trivy image scan (aquasecurity/trivy-action) or Grype after the image build`,
        file: null,
      }],
    };
  },
};
