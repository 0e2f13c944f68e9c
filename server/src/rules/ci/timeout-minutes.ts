/**
 * ci/timeout-minutes: every job sets `timeout-minutes`. GitHub's default is six hours, so a hung test
 * or a stuck deploy holds a runner (and the merge queue) for that long and burns paid minutes. Jobs
 * that call a reusable workflow cannot set it and are skipped. The fix adds `timeout-minutes: 30`
 * right under the job key.
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { workflowOf } from '../lib/workflow';
import { insertLinesBefore } from '../lib/yaml-edit';

export const rule: FileRule = {
  id: 'ci/timeout-minutes',
  category: 'ci-cd',
  severity: 'low',
  level: 'production',
  title: 'Every job has a timeout',
  rationale: 'Without `timeout-minutes` a hung job runs for six hours before GitHub cancels it, blocking the pipeline and wasting runner time.',
  fixable: true,
  scope: 'file',
  kinds: ['workflow'],
  examines: (file) => !!workflowOf(file)?.jobs.some((j) => !j.uses && !!j.node),
  examinesWhat: 'a job that runs steps (calls of reusable workflows set their timeouts in the called workflow)',
  checkFile(file) {
    const wf = workflowOf(file);
    if (!wf) return [];
    const findings: RuleFinding[] = [];
    for (const job of wf.jobs) {
      if (job.uses || !job.node || job.timeoutMinutes !== undefined) continue;
      const first = job.node.flow ? undefined : job.node.items[0]?.key;
      const fix = insertLinesBefore(`Add \`timeout-minutes: 30\` to job ${job.id}`, file, first, ['timeout-minutes: 30']);
      findings.push({
        message: `job ${job.id} has no \`timeout-minutes\`: a hung run holds a runner for six hours; set a limit a little above its usual duration`,
        range: file.yamlRange(job.keyNode),
        ...(fix ? { fix } : {}),
      });
    }
    return findings;
  },
};
