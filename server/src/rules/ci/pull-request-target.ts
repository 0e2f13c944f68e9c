/**
 * ci/pull-request-target: a workflow triggered by `pull_request_target` (or by `workflow_run`, which
 * also runs with the base repository's secrets and a write token) never checks out and runs the pull
 * request's code: actions/checkout with a `ref:` of the PR head, `git checkout`/`gh pr checkout` of it,
 * or a fetch of `refs/pull/*`. This is the "pwn request" pattern (Scorecard Dangerous-Workflow); use
 * `pull_request` for building untrusted code. The trigger itself, as a lower-severity hazard, is
 * ci/dangerous-triggers (zizmor's dangerous-triggers). A workflow without either trigger has nothing
 * to examine: it is neither checked nor counted.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { isMap } from 'yaml';
import { actionSlug, pairOf, rangeInNode, workflowOf } from '../lib/workflow';

const HEAD_REF = /github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|github\.event\.workflow_run\.head_(?:sha|branch)|github\.event\.pull_request\.merge_commit_sha|refs\/pull\/|github\.event\.number|github\.event\.pull_request\.number/;
const RUN_CHECKOUT = /\bgh\s+pr\s+checkout\b|\bgit\s+(?:fetch|checkout|switch|pull)\b[^\n]*(?:\$\{\{[^}]*(?:head|pull_request|workflow_run)[^}]*\}\}|refs\/pull\/|\$\{?(?:GITHUB_HEAD_REF|HEAD_REF|PR_REF|PR_SHA|HEAD_SHA)\b)/;

export const rule: FileRule = {
  id: 'ci/pull-request-target',
  category: 'ci-cd',
  severity: 'critical',
  level: 'mvp',
  title: 'Privileged triggers never run pull request code',
  rationale: '`pull_request_target` and `workflow_run` jobs get secrets and a write token even for pull requests from forks; checking out and building the PR head hands both to whoever opened it.',
  related: [{ tool: 'scorecard', id: 'Dangerous-Workflow' }],
  scope: 'file',
  guard: true,
  kinds: ['workflow'],
  examines: (file) => !!workflowOf(file)?.triggers.some((t) => t === 'pull_request_target' || t === 'workflow_run'),
  examinesWhat: 'a `pull_request_target` or `workflow_run` trigger',
  checkFile(file) {
    const wf = workflowOf(file);
    if (!wf) return [];
    const trigger = wf.triggers.find((t) => t === 'pull_request_target' || t === 'workflow_run');
    if (!trigger) return [];
    const findings: RuleFinding[] = [];
    for (const job of wf.jobs) {
      for (const step of job.steps) {
        if (actionSlug(step) === 'actions/checkout' && isMap(step.withNode)) {
          const ref = pairOf(step.withNode, 'ref');
          const repo = pairOf(step.withNode, 'repository');
          const text = `${String(step.with.ref ?? '')} ${String(step.with.repository ?? '')}`;
          if (HEAD_REF.test(text) || /head\.repo\.full_name/.test(text)) {
            findings.push({
              message: `this ${trigger} workflow checks out the pull request's code (\`${String(step.with.ref ?? step.with.repository)}\`) with the base repository's secrets and token: run untrusted code in a separate pull_request workflow instead`,
              range: file.yamlRange((HEAD_REF.test(String(step.with.ref ?? '')) ? ref?.value : repo?.value) ?? step.node),
            });
          }
        }
        const m = step.run ? RUN_CHECKOUT.exec(step.run) : null;
        if (m && step.runNode) {
          findings.push({
            message: `this ${trigger} workflow fetches the pull request's code (\`${m[0].slice(0, 60)}\`) with the base repository's secrets and token: build it in a pull_request workflow instead`,
            range: rangeInNode(file, step.runNode, m[0]),
          });
        }
      }
    }
    return findings;
  },
};
