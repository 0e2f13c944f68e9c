/**
 * ci/checkout-persist-credentials: actions/checkout steps set `persist-credentials: false` (or set it
 * explicitly on purpose). By default checkout writes the GITHUB_TOKEN into `.git/config`, where every
 * later step, and any artifact that uploads the workspace, can read it (zizmor artipacked). The fix
 * adds `persist-credentials: false` to the step's `with:`; where a later step of the job pushes with the
 * token (`git push`, a committing action), turning it off would break the job, so the finding asks to say
 * `persist-credentials: true` explicitly, as zizmor recommends, and the fix writes that. A `with:` given as a single expression cannot
 * be read, so it is not judged. A workflow without a checkout step has nothing to examine.
 */
import { isMap, isScalar } from 'yaml';
import type { FileRule, RuleFinding } from '../../core/types';
import { actionSlug, keyColumn, stepScripts, workflowOf, type Step } from '../lib/workflow';
import { insertLinesAfter, isBlock } from '../lib/yaml-edit';
import { joinPath } from '../lib/builds';

/** Actions that commit and push with the credentials checkout left in .git/config. */
const PUSH_ACTIONS = /^(stefanzweifel\/git-auto-commit-action|endbug\/add-and-commit|ad-m\/github-push-action|actions-js\/push|github-actions-x\/commit)$/i;

/** How a step pushes with the persisted token (`git push` in a script, or a committing action), or undefined. */
function pushesWithToken(step: Step): string | undefined {
  const slug = actionSlug(step);
  if (PUSH_ACTIONS.test(slug)) return `the step using ${slug}`;
  return stepScripts(step).some((s) => /\bgit\s+(?:-\S+\s+)*push\b/.test(s)) ? 'a later `git push`' : undefined;
}

/** A workflow path input as a repository folder (`./app/` is `app`), or '' for the root or a path that is not one. */
function folderOf(v: unknown): string {
  return typeof v === 'string' ? joinPath('', v) ?? '' : '';
}

/** Whether a step works in a folder: its working directory, its `repository:` input or its script names the folder. */
function inFolder(step: Step, folder: string): boolean {
  const dir = folderOf(step.workingDirectory);
  const repo = folderOf(step.with.repository);
  if (dir === folder || dir.startsWith(`${folder}/`) || repo === folder || repo.startsWith(`${folder}/`)) return true;
  return stepScripts(step).some((s) => s.includes(folder));
}

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
      for (const [index, step] of job.steps.entries()) {
        if (actionSlug(step) !== 'actions/checkout' || step.with['persist-credentials'] !== undefined) continue;
        // A later step pushes with the persisted token: turning it off would break the job, so say so explicitly.
        // A checkout into a sub-folder (`path:`) lends its token only to pushes made in that folder.
        const into = folderOf(step.with.path);
        const pusher = job.steps.slice(index + 1).filter((later) => !into || inFolder(later, into)).map(pushesWithToken).find((p) => p !== undefined);
        const w = step.withNode;
        // `with:` given as one expression (`with: ${{ fromJSON(...) }}`) cannot be read: it may set the input.
        if (isScalar(w) && typeof w.value === 'string' && w.value.includes('${{')) continue;
        const value = pusher ? 'true' : 'false';
        const title = `Add \`persist-credentials: ${value}\` to the checkout step`;
        let fix;
        const col = keyColumn(file, w ?? step.node);
        if (col !== undefined && isMap(w) && isBlock(w)) fix = insertLinesAfter(title, file, w, col, [`persist-credentials: ${value}`]);
        else if (col !== undefined && (w === undefined || w === null) && isBlock(step.node)) fix = insertLinesAfter(title, file, step.node, col, ['with:', `  persist-credentials: ${value}`]);
        findings.push({
          message: pusher
            ? `actions/checkout keeps the job token in .git/config for every later step; ${pusher} pushes with it, so set \`persist-credentials: true\` to say so explicitly (and keep untrusted steps out of this job)`
            : 'actions/checkout keeps the job token in .git/config for every later step: set `persist-credentials: false` unless a later step must push with it',
          range: file.yamlRange(step.usesNode),
          ...(fix ? { fix } : {}),
        });
      }
    }
    return findings;
  },
};
