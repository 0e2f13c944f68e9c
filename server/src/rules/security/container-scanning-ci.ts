/**
 * security/container-scanning-ci: when the repository builds a container image, CI scans the image
 * for vulnerable OS packages and libraries (Trivy image, Grype, Docker Scout, Snyk Container, GitLab
 * Container Scanning), directly or through what a step calls. A dependency scan of the source does not
 * see the base image's packages. A scan only on a schedule or with its failure ignored earns partial
 * credit (a nightly scan of the published image still finds new CVEs, but does not stop a change).
 */
import type { WorkspaceRule } from '../../core/types';
import { findRuns, hasCi, hitEvidence, isGating, whyNotGating } from '../lib/ci-run';
import { IMAGE_SCANNERS } from '../lib/ci-checks';
import { outcome } from '../lib/util';

export { IMAGE_SCANNERS } from '../lib/ci-checks';

export const rule: WorkspaceRule = {
  id: 'security/container-scanning-ci',
  category: 'security',
  severity: 'medium',
  level: 'production',
  title: 'CI scans the container image for vulnerabilities',
  rationale: 'A container ships an operating system too; its packages age and collect CVEs that a scan of the application dependencies never sees.',
  roadmap: [{ topic: 'container scanning', match: /(container|image|docker).*(scan|trivy|grype)|trivy|grype/, rank: 660 }],
  scope: 'workspace',
  requires: ['ci/workflow-present'],
  applies(_facts, { ws }) {
    return ws.pathsOfKind('dockerfile').length > 0 ? true : 'no Dockerfile';
  },
  check({ ws }) {
    const hits = findRuns(ws, IMAGE_SCANNERS);
    const gating = hits.filter((h) => isGating(h.run));
    if (gating.length > 0) return outcome.pass(hitEvidence(gating, 'scans the image'));
    if (hits.length > 0) {
      return outcome.partial(0.5, [{ message: `the image is scanned (${hits[0].tool}) ${whyNotGating(hits[0].run)}: scan it after the image build on pull requests too`, file: null }], hitEvidence(hits, 'scans the image'));
    }
    return {
      status: 'fail',
      findings: [{
        message: `${hasCi(ws) ? 'no CI job scans' : 'there is no CI to scan'} the container image built from ${ws.pathsOfKind('dockerfile')[0]}; add a Trivy image scan (aquasecurity/trivy-action) or Grype after the image build`,
        file: null,
      }],
    };
  },
};
