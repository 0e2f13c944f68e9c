/**
 * ci/deploy-uses-environment: jobs that deploy or publish (named deploy, or running kubectl apply,
 * helm upgrade, terraform apply, a cloud deploy action, a registry push from a push-triggered
 * workflow, npm publish, ...) declare an `environment:`, so that GitHub environment protection rules
 * (required reviewers, branch restrictions, environment-scoped secrets) apply to them. A job that
 * creates a throw-away cluster (kind, minikube, k3d) and deploys into it is a test, even when it is
 * named "deploy".
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { outcome } from '../lib/util';
import { activeWorkflows, actionSlug, stepScripts, type Job, type Workflow } from '../lib/workflow';
import { insertLinesBefore } from '../lib/yaml-edit';

const DEPLOY_RUN = /\bkubectl\s+(?:apply|rollout\s+restart|set\s+image|replace|create)\b|\bhelm(?:file)?\s+(?:upgrade|install|apply|sync)\b|\b(?:terraform|tofu)\s+apply\b|\bpulumi\s+up\b|\bcdk\s+deploy\b|\b(?:serverless|sls)\s+deploy\b|\baws\s+(?:ecs\s+update-service|lambda\s+update-function-code|cloudformation\s+deploy|deploy\s+create-deployment)\b|\bgcloud\s+(?:run|app|functions)\s+deploy\b|\baz\s+(?:webapp|functionapp|containerapp)\s+(?:deploy|up|update)\b|\bfly(?:ctl)?\s+deploy\b|\bvercel\b[^\n]*--prod\b|\bnetlify\s+deploy\b[^\n]*--prod\b|\bgit\s+push\s+(?:[^\n]*\s)?heroku\b|\bwrangler\s+(?:deploy|publish)\b|\bfirebase\s+deploy\b|\bargocd\s+app\s+sync\b|\bansible-playbook\b|\bcap\s+\w+\s+deploy\b/;
const PUBLISH_RUN = /\bdocker\s+(?:image\s+)?push\b|\bdocker\s+buildx\s+build\b[^\n]*--push\b|\bnpm\s+publish\b|\byarn\s+(?:npm\s+)?publish\b|\bpnpm\s+publish\b|\btwine\s+upload\b|\bpoetry\s+publish\b|\bcargo\s+publish\b|\bgem\s+push\b|\bdotnet\s+nuget\s+push\b/;
const DEPLOY_ACTIONS = /^(azure\/(webapps-deploy|functions-action|k8s-deploy|container-apps-deploy-action)|aws-actions\/amazon-ecs-deploy-task-definition|google-github-actions\/(deploy-cloudrun|deploy-appengine|deploy-cloud-functions)|appleboy\/ssh-action|superfly\/flyctl-actions|cloudflare\/(wrangler-action|pages-action)|amondnet\/vercel-action|nwtgck\/actions-netlify|akhileshns\/heroku-deploy|jamesives\/github-pages-deploy-action|peaceiris\/actions-gh-pages|pypa\/gh-action-pypi-publish)$/;

const LOCAL_CLUSTER = /\b(?:kind\s+create\s+cluster|minikube\s+start|k3d\s+cluster\s+create|microk8s)\b/;
const LOCAL_CLUSTER_ACTIONS = /^(helm\/kind-action|engineerd\/setup-kind|medyagh\/setup-minikube|manusa\/actions-setup-minikube|absaoss\/k3d-action|nolar\/setup-k3d-k3s|debianmaster\/actions-k3s)$/;

/** Why a job deploys, or undefined. Jobs that deploy to a throw-away local cluster (kind, minikube, k3d) are tests. */
export function deployReason(wf: Workflow, job: Job): string | undefined {
  if (job.uses) return undefined;
  // A job that creates its own cluster deploys into it to test the manifests, whatever its name.
  if (job.steps.some((s) => LOCAL_CLUSTER_ACTIONS.test(actionSlug(s)) || stepScripts(s).some((t) => LOCAL_CLUSTER.test(t)))) return undefined;
  if (/deploy/i.test(job.id) || /deploy/i.test(job.name ?? '')) return `job "${job.name ?? job.id}" is named as a deployment`;
  const shipping = wf.triggers.some((t) => ['push', 'release', 'workflow_dispatch', 'schedule', 'workflow_run'].includes(t));
  for (const step of job.steps) {
    const slug = actionSlug(step);
    if (slug && DEPLOY_ACTIONS.test(slug)) return `it uses ${slug}`;
    if (shipping && slug === 'docker/build-push-action' && step.with.push !== undefined && String(step.with.push) !== 'false') return 'it pushes an image to a registry';
    for (const s of stepScripts(step)) {
      const m = DEPLOY_RUN.exec(s) ?? (shipping ? PUBLISH_RUN.exec(s) : null);
      if (m) return `it runs \`${m[0].trim()}\``;
    }
  }
  return undefined;
}

function hasEnvironment(v: unknown): boolean {
  if (typeof v === 'string') return v.trim() !== '';
  return v !== null && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string';
}

export const rule: WorkspaceRule = {
  id: 'ci/deploy-uses-environment',
  category: 'ci-cd',
  severity: 'medium',
  level: 'production',
  title: 'Deployment jobs use a protected environment',
  rationale: 'A job with `environment:` can be held for required reviewers and restricted to protected branches, and only it sees the environment\'s secrets; without one any workflow change can deploy.',
  roadmap: [
    { topic: 'protected deployments', match: /approval gates?|protected environment|deploy(ment)?s? (to|in) (staging|production)|(staging|production) deploy/, rank: 220 },
    { topic: 'the staging environment', match: /staging environment|no staging|staging deployments?/, rank: 970 },
  ],
  related: [{ tool: 'scorecard', id: 'Dangerous-Workflow' }],
  fixable: true,
  scope: 'workspace',
  check({ ws }) {
    const findings: RuleFinding[] = [];
    const evidence: Evidence[] = [];
    let deploys = 0;
    for (const wf of activeWorkflows(ws)) {
      for (const job of wf.jobs) {
        const why = deployReason(wf, job);
        if (!why) continue;
        deploys++;
        const line = wf.file.yamlRange(job.keyNode).start.line + 1;
        if (hasEnvironment(job.environment)) {
          evidence.push({ message: `job ${job.id} deploys in environment ${JSON.stringify(typeof job.environment === 'string' ? job.environment : (job.environment as { name: string }).name)}`, file: wf.file.path, line });
          continue;
        }
        const first = job.node && !job.node.flow ? job.node.items[0]?.key : undefined;
        const fix = insertLinesBefore(`Add \`environment: production\` to job ${job.id}`, wf.file, first, ['environment: production']);
        findings.push({
          message: `job ${job.id} deploys (${why}) without an \`environment:\`: declare a protected environment with required reviewers`,
          file: wf.file.path,
          range: wf.file.yamlRange(job.keyNode),
          ...(fix ? { fix } : {}),
        });
      }
    }
    if (deploys === 0) return outcome.na('no workflow job deploys or publishes');
    if (findings.length === 0) return outcome.pass(evidence);
    return findings.length < deploys ? outcome.partial((deploys - findings.length) / deploys, findings, evidence) : outcome.fail(findings, evidence);
  },
};
