/**
 * ci/checkout-persist-credentials: actions/checkout steps set `persist-credentials: false` (or set it
 * explicitly on purpose). By default checkout writes the GITHUB_TOKEN into `.git/config`, where every
 * later step, and any artifact that uploads the workspace, can read it (zizmor artipacked). The fix
 * adds `persist-credentials: false` to the step's `with:`. A `with:` given as a single expression cannot
 * be read, so it is not judged. A workflow without a checkout step has nothing to examine.
 */
import { isMap, isScalar } from 'yaml';
import type { FileRule, RuleFinding } from '../../core/types';
import { actionSlug, keyColumn, workflowOf } from '../lib/workflow';
import { insertLinesAfter, isBlock } from '../lib/yaml-edit';

export const rule: FileRule = {
  id: 'ci/checkout-persist-credentials',
  category: 'ci-cd',
  severity: 'low',
  level: 'production',
  title: 'Checkout does not leave the token on disk',
  rationale: 'actions/checkout stores the job token in .git/config unless told not to, so every later step and any uploaded artifact of the workspace can read it.',
  related: [{ tool: 'zizmor', id: 'artipacked' }],
  fixable: true,
  scope: 'file',
  kinds: ['workflow'],
  examines: (file) => !!workflowOf(file)?.jobs.some((j) => j.steps.some((s) => actionSlug(s) === 'actions/checkout')),
  examinesWhat: 'an actions/checkout step',
  checkFile(file) {
    const wf = workflowOf(file);
    if (!wf) return [];
    const findings: RuleFinding[] = [];
    for (const job of wf.jobs) {
      for (const step of job.steps) {
        if (actionSlug(step) !== 'actions/checkout' || step.with['persist-credentials'] !== undefined) continue;
        const w = step.withNode;
        // `with:` given as one expression (`with: ${{ fromJSON(...) }}`) cannot be read: it may set the input.
        if (isScalar(w) && typeof w.value === 'string' && w.value.includes('${{')) continue;
        const title = 'Add `persist-credentials: false` to the checkout step';
        let fix;
        const col = keyColumn(file, w ?? step.node);
        if (col !== undefined && isMap(w) && isBlock(w)) fix = insertLinesAfter(title, file, w, col, ['persist-credentials: false']);
        else if (col !== undefined && (w === undefined || w === null) && isBlock(step.node)) fix = insertLinesAfter(title, file, step.node, col, ['with:', '  persist-credentials: false']);
        findings.push({
          message: 'actions/checkout keeps the job token in .git/config for every later step: set `persist-credentials: false` unless a later step must push with it',
          range: file.yamlRange(step.usesNode),
          ...(fix ? { fix } : {}),
        });
      }
    }
    return findings;
  },
};
