/**
 * ci/concurrency: workflows triggered by push or pull_request declare `concurrency`, so that a new
 * push cancels the now-stale run of the same branch instead of queueing behind it, and deploys of one
 * ref never run twice at once. The fix adds a group per workflow and ref that cancels in-progress runs
 * of pull requests only (a push to main is never cancelled mid-deploy).
 */
import type { FileRule } from '../../core/types';
import { insertLinesBefore, isBlock, workflowOf } from '../lib/workflow';

export const rule: FileRule = {
  id: 'ci/concurrency',
  category: 'ci-cd',
  severity: 'low',
  level: 'production',
  title: 'Workflows cancel superseded runs',
  rationale: 'Without a concurrency group every push starts another full run: queues grow, feedback slows, and two deploys of the same branch can race.',
  fixable: true,
  scope: 'file',
  kinds: ['workflow'],
  checkFile(file) {
    const wf = workflowOf(file);
    if (!wf || wf.jobs.length === 0 || wf.concurrency !== undefined) return [];
    if (!wf.triggers.some((t) => t === 'push' || t === 'pull_request' || t === 'pull_request_target')) return [];
    if (wf.jobs.every((j) => j.concurrency !== undefined)) return [];
    const fix = isBlock(wf.root)
      ? insertLinesBefore('Add a concurrency group that cancels superseded pull request runs', file, wf.jobsPair?.key, [
        'concurrency:',
        '  group: ${{ github.workflow }}-${{ github.ref }}',
        "  cancel-in-progress: ${{ github.event_name == 'pull_request' }}",
        '',
      ])
      : undefined;
    return [{
      message: `the workflow runs on ${wf.triggers.filter((t) => t === 'push' || t.startsWith('pull_request')).join(' and ')} without \`concurrency\`: add a group per ref so a new push cancels the stale run`,
      range: file.yamlRange(wf.onPair?.key ?? wf.root.items[0]?.key),
      ...(fix ? { fix } : {}),
    }];
  },
};
