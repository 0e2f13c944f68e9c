/**
 * ci/permissions: the workflow declares least-privilege `permissions` for its GITHUB_TOKEN, at the top
 * level or in every job; `write-all` anywhere, and write scopes granted to the whole workflow, are
 * findings. Without a declaration the token gets the repository default, which is read-write on many
 * repositories. The fix adds `permissions: contents: read` after the `on:` block, unless a job looks
 * like it needs to write (then the finding says which scopes to grant by hand).
 */
import type { FileRule, RuleFinding } from '../../core/types';
import { actionSlug, insertLinesAfter, isBlock, stepScripts, workflowOf, type Workflow } from '../lib/workflow';

const WRITING_ACTIONS = /^(actions\/(github-script|stale|labeler|create-release|upload-release-asset|deploy-pages|first-interaction)|softprops\/action-gh-release|peter-evans\/[\w-]+|peaceiris\/actions-gh-pages|jamesives\/github-pages-deploy-action|github\/codeql-action\/[\w-]+|stefanzweifel\/git-auto-commit-action|release-drafter\/release-drafter|(google|googleapis|google-github-actions)\/release-please-action|actions-cool\/[\w-]+|dessant\/[\w-]+|ad-m\/github-push-action|marocchino\/sticky-pull-request-comment|thollander\/actions-comment-pull-request|changesets\/action|ncipollo\/release-action|svenstaro\/upload-release-action)$/;
const WRITING_RUN = /\bgit\s+push\b|\bgh\s+(?:release|pr|issue|api|label|workflow)\b/;

/** True when some job seems to need a write scope, so `contents: read` alone would break it. */
function seemsToWrite(wf: Workflow): boolean {
  return wf.jobs.some((j) => j.permissions === undefined && j.steps.some((s) => WRITING_ACTIONS.test(actionSlug(s)) || stepScripts(s).some((t) => WRITING_RUN.test(t))));
}

function writes(p: unknown): string[] {
  if (p === 'write-all') return ['write-all'];
  if (p === null || typeof p !== 'object' || Array.isArray(p)) return [];
  return Object.entries(p as Record<string, unknown>).filter(([, v]) => v === 'write').map(([k]) => k);
}

export const rule: FileRule = {
  id: 'ci/permissions',
  category: 'ci-cd',
  severity: 'high',
  level: 'mvp',
  title: 'Workflows grant the GITHUB_TOKEN least-privilege permissions',
  rationale: 'A workflow without `permissions` runs with the repository\'s default token, often read-write on everything; a compromised step or dependency can then push code or publish releases.',
  related: [
    { tool: 'scorecard', id: 'Token-Permissions' },
    { tool: 'zizmor', id: 'excessive-permissions' },
    { tool: 'actionlint', id: 'permissions' },
  ],
  fixable: true,
  scope: 'file',
  kinds: ['workflow'],
  checkFile(file) {
    const wf = workflowOf(file);
    if (!wf || wf.jobs.length === 0) return [];
    const findings: RuleFinding[] = [];
    if (wf.permissionsPair) {
      const w = writes(wf.permissions);
      if (w[0] === 'write-all') findings.push({ message: 'the workflow grants `write-all`: list only the scopes it needs, e.g. `permissions: { contents: read }`', range: file.yamlRange(wf.permissionsPair.value) });
      else if (w.length > 0) findings.push({ message: `the workflow grants ${w.map((s) => `${s}: write`).join(', ')} to every job: keep \`contents: read\` at the top and grant writes in the job that needs them`, range: file.yamlRange(wf.permissionsPair.key), severity: 'medium' });
    } else {
      const bare = wf.jobs.filter((j) => j.permissions === undefined);
      if (bare.length > 0) {
        const onValue = wf.onPair?.value;
        const onKey = wf.onPair?.key as { range?: number[] } | undefined;
        const writer = seemsToWrite(wf);
        const canFix = !writer && isBlock(wf.root) && onKey?.range && onValue && (onValue as { range?: number[] }).range;
        const fix = canFix ? insertLinesAfter('Add top-level `permissions: contents: read`', file, onValue, file.positionAt(onKey!.range![0]).character, ['permissions:', '  contents: read']) : undefined;
        findings.push({
          message: `no top-level \`permissions\` and ${bare.length === wf.jobs.length ? 'no job declares its own' : `job(s) ${bare.map((j) => j.id).join(', ')} declare none`}: the token gets the repository default; add \`permissions: contents: read\`${writer ? ' and grant the write scopes a job needs in that job' : ''}`,
          range: file.yamlRange(wf.onPair?.key ?? wf.root.items[0]?.key),
          ...(fix ? { fix } : {}),
        });
      }
    }
    for (const job of wf.jobs) {
      if (job.permissions === 'write-all') findings.push({ message: `job ${job.id} grants \`write-all\`: list only the scopes it needs`, range: file.yamlRange(job.permissionsNode) });
    }
    return findings;
  },
};
