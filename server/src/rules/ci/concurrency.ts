/**
 * ci/concurrency: workflows that a new push runs again declare `concurrency`, so that the push cancels
 * the now-stale run of the same branch instead of queueing behind it, and deploys of one ref never run
 * twice at once. A new push re-fires `push` (not a push of tags only: every tag is a new ref), and `pull_request`/`pull_request_target` when their
 * `types:` are the default or include `synchronize`; a workflow triggered only by other events
 * (comments, issues, a pull request being opened or marked ready, schedules, manual runs) leaves no
 * stale run behind, so it is not examined. The fix adds a group per workflow and ref that cancels
 * in-progress runs of pull requests only (a push to main is never cancelled mid-deploy).
 */
import type { FileRule } from '../../core/types';
import { workflowOf, type Workflow } from '../lib/workflow';
import { insertLinesBefore, isBlock } from '../lib/yaml-edit';

/**
 * The triggers of a workflow that a new push to a branch or a pull request fires again: `push`, and
 * `pull_request`/`pull_request_target` with the default types or an explicit `synchronize`.
 */
export function refiredTriggers(wf: Workflow): string[] {
  return wf.triggers.filter((t) => {
    if (t === 'push') {
      // A push of tags only: every tag is a new ref, so no later push makes a run of it stale.
      const push = wf.triggerConfig.get('push');
      const p = push !== null && typeof push === 'object' && !Array.isArray(push) ? (push as Record<string, unknown>) : undefined;
      return !(p && (p.tags !== undefined || p['tags-ignore'] !== undefined) && p.branches === undefined && p['branches-ignore'] === undefined);
    }
    if (t !== 'pull_request' && t !== 'pull_request_target') return false;
    const config = wf.triggerConfig.get(t);
    const types = config !== null && typeof config === 'object' && !Array.isArray(config) ? (config as Record<string, unknown>).types : undefined;
    if (types === undefined || types === null) return true;
    const list = Array.isArray(types) ? types : [types];
    return list.some((x) => String(x).trim() === 'synchronize');
  });
}

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
  examines: (file) => { const wf = workflowOf(file); return !!wf && wf.jobs.length > 0 && refiredTriggers(wf).length > 0; },
  examinesWhat: 'a workflow that a new push runs again (`push`, or `pull_request` with its default types or `synchronize`)',
  checkFile(file) {
    const wf = workflowOf(file);
    if (!wf || wf.jobs.length === 0 || wf.concurrency !== undefined) return [];
    const refired = refiredTriggers(wf);
    if (refired.length === 0) return [];
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
      message: `the workflow runs on ${refired.join(' and ')} without \`concurrency\`: add a group per ref so a new push cancels the stale run`,
      range: file.yamlRange(wf.onPair?.key ?? wf.root.items[0]?.key),
      ...(fix ? { fix } : {}),
    }];
  },
};
