/**
 * ci/workflow-valid: the workflow file is one GitHub will run: valid YAML, a mapping with `on:` and
 * `jobs:`, known event names, every job with `runs-on` (or `uses:` for a reusable workflow), and every
 * step with exactly one of `uses:` and `run:`. GitHub reports an invalid workflow only in its Actions
 * tab, so a typo silently turns CI off.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { workflowOf } from '../lib/workflow';

const EVENTS = new Set([
  'branch_protection_rule', 'check_run', 'check_suite', 'create', 'delete', 'deployment', 'deployment_status', 'discussion',
  'discussion_comment', 'fork', 'gollum', 'issue_comment', 'issues', 'label', 'merge_group', 'milestone', 'page_build', 'project',
  'project_card', 'project_column', 'public', 'pull_request', 'pull_request_review', 'pull_request_review_comment',
  'pull_request_target', 'push', 'registry_package', 'release', 'repository_dispatch', 'schedule', 'status', 'watch',
  'workflow_call', 'workflow_dispatch', 'workflow_run', 'image_version',
]);

export const rule: FileRule = {
  id: 'ci/workflow-valid',
  category: 'ci-cd',
  severity: 'high',
  level: 'prototype',
  title: 'Workflow files are valid',
  rationale: 'GitHub skips a workflow it cannot parse and says so only in the Actions tab; a YAML error or a misspelt event silently turns the checks off.',
  related: [{ tool: 'actionlint', id: 'syntax-check' }, { tool: 'actionlint', id: 'events' }],
  scope: 'file',
  guard: true,
  kinds: ['workflow'],
  checkFile(file) {
    const doc = file.yamlDocs[0];
    if (!doc || file.text.trim() === '') return [{ message: 'the workflow file is empty: remove it or add `on:` and `jobs:`', range: file.lineRange(0) }];
    if (doc.errors.length > 0) {
      return doc.errors.slice(0, 3).map((e) => ({
        message: `the workflow is not valid YAML (GitHub may refuse to run it and other tools read it differently): ${e.message.split('\n')[0].replace(/^\w/, (c) => c.toLowerCase())}`,
        range: file.rangeOf(e.pos[0], e.pos[1]),
      }));
    }
    const wf = workflowOf(file);
    if (!wf) return [{ message: 'the workflow is not a YAML mapping: it needs top-level `on:` and `jobs:` keys', range: file.lineRange(0) }];
    const findings: RuleFinding[] = [];
    const top = file.yamlRange(wf.root.items[0]?.key);
    if (!wf.onPair) findings.push({ message: 'the workflow has no `on:` trigger, so it never runs: add e.g. `on: [push, pull_request]`', range: top });
    for (const t of wf.triggers) {
      if (!EVENTS.has(t)) findings.push({ message: `\`${t}\` is not a GitHub Actions event: check the spelling (events use underscores, e.g. pull_request)`, range: file.yamlPathRange(['on', t]) });
    }
    if (!wf.jobsPair) findings.push({ message: 'the workflow has no `jobs:`: add at least one job', range: top });
    else if (wf.jobs.length === 0) findings.push({ message: '`jobs:` is empty: add at least one job', range: file.yamlRange(wf.jobsPair.key) });
    for (const job of wf.jobs) {
      if (!job.node) {
        findings.push({ message: `job ${job.id} is not a mapping: give it \`runs-on:\` and \`steps:\``, range: file.yamlRange(job.keyNode) });
        continue;
      }
      if (job.uses === undefined && job.runsOn === undefined) findings.push({ message: `job ${job.id} has no \`runs-on:\`: add a runner such as \`ubuntu-latest\``, range: file.yamlRange(job.keyNode) });
      for (const step of job.steps) {
        const has = Number(step.uses !== undefined) + Number(step.run !== undefined);
        if (has !== 1) findings.push({ message: `step ${step.index + 1} of job ${job.id} has ${has === 0 ? 'neither `uses:` nor `run:`' : 'both `uses:` and `run:`'}: a step needs exactly one`, range: file.yamlRange(step.node.items[0]?.key ?? step.node) });
      }
    }
    return findings;
  },
};
