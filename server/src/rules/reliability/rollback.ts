/**
 * reliability/rollback: a bad release can be undone quickly, either automatically (`helm upgrade
 * --atomic`, `helm rollback`, `kubectl rollout undo`, Argo Rollouts or Flagger, ECS circuit breaker
 * with rollback, CodeDeploy auto-rollback, a rollback job in the deploy workflow) or by a documented
 * procedure (a Rollback section with real steps). A thin section earns partial credit.
 */
import type { Evidence, WorkspaceRule } from '../../core/types';
import { SERVICE_KINDS } from '../../core/types';
import { outcome } from '../lib/util';
import { firstHit, isOwnFile, projectDocs, sectionEvidence, sectionFilled, sectionsTitled } from '../lib/evidence';

const AUTOMATED = /helm\s+upgrade\b[^\n]*--atomic|--rollback-on-failure|helm\s+rollback\b|kubectl\s+rollout\s+undo\b|kubectl\s+argo\s+rollouts\s+(?:undo|abort)|^kind:\s*(?:Rollout|Canary)\s*$|deployment_circuit_breaker\s*\{[^}]{0,200}rollback\s*=\s*true|DeploymentCircuitBreaker[\s\S]{0,200}?Rollback["']?\s*:\s*true|auto_rollback_configuration|AutoRollbackConfiguration|flyctl\s+releases\s+rollback|fly\s+deploy[^\n]*--strategy|heroku\s+rollback|gcloud\s+run\s+services\s+update-traffic|vercel\s+rollback|aws\s+deploy[^\n]*--auto-rollback|^\s*(?:-\s*)?name:\s*[^\n]*\brollback\b|^\s{2}rollback:\s*$/im;
const SECTION = /roll(?:ing)? ?-?back|revert(?:ing)? (?:a )?(?:deploy|release)|undo(?:ing)? (?:a )?(?:deploy|release)/i;
const CANDIDATE = /\.github\/workflows\/|\.gitlab-ci\.ya?ml$|(?:^|\/)(?:deploy|k8s|kubernetes|helm|charts|infra|terraform|ops|scripts?|\.circleci|argocd|manifests)\/|(?:^|\/)(?:Makefile|Jenkinsfile|deploy[\w.-]*\.(?:sh|ya?ml))$|\.tf$/i;

export const rule: WorkspaceRule = {
  id: 'reliability/rollback',
  category: 'reliability',
  severity: 'medium',
  level: 'production',
  title: 'A bad release can be rolled back quickly',
  rationale: 'The fastest fix for a bad release is the previous release; without an automated or rehearsed rollback, outages last as long as it takes to write and ship a fix.',
  roadmap: [{ topic: 'rollback', match: /roll ?back|blue[/ -]green|canary|zero[- ]downtime/, unless: /rollback events?/, rank: 560 }],
  scope: 'workspace',
  projectKinds: SERVICE_KINDS,
  applies(facts) {
    return facts.isService || 'not a long-running service';
  },
  check({ ws }) {
    const evidence: Evidence[] = [];
    for (const p of ws.files) {
      if (!CANDIDATE.test(p) || !isOwnFile(ws, p)) continue;
      const f = ws.read(p);
      const hit = f && firstHit(f, AUTOMATED);
      if (hit) {
        evidence.push({ message: `automated rollback: ${hit.text.slice(0, 80)}`, file: p, line: hit.line });
        break;
      }
    }
    const sections = sectionsTitled(ws, projectDocs(ws, 150), SECTION);
    // A documented rollback earns credit for its concrete steps (a command, a number), not for prose.
    const doc = sections.find((d) => sectionFilled(d.section, 20).filled);
    if (doc) evidence.push(sectionEvidence(doc, `documented rollback: "${doc.section.title}"`));
    if (evidence.length) return outcome.pass(evidence);
    const thin = sections[0];
    if (thin) {
      return outcome.partial(0.1, [{
        message: `the section ${sectionFilled(thin.section, 20).why} in ${thin.file.path}, too thin to follow under pressure: give the exact command, how migrations are handled and how to verify the rollback`,
        file: thin.file.path,
        range: thin.file.lineRange(thin.section.line),
      }], [sectionEvidence(thin)]);
    }
    return outcome.fail([{ message: 'no rollback procedure: document how to redeploy the previous release (a Rollback section in the runbook) or automate it (`helm upgrade --atomic`, a rollback job in the deploy workflow, Argo Rollouts)', file: null }]);
  },
};
