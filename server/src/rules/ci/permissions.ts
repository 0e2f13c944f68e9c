/**
 * ci/permissions: the workflow declares least-privilege `permissions` for its GITHUB_TOKEN, at the top
 * level or in every job. Findings: no declaration (the token gets the repository default, which is
 * read-write on many repositories); `write-all` anywhere; `read-all` anywhere (every scope readable,
 * including security events and packages, when a job needs one or two); and write scopes granted at
 * the top level, which reach every job that does not declare its own (high when several jobs get
 * them, low when the workflow has a single job; nothing when every job declares its own, since then
 * the top level reaches no job). The fix adds `permissions: contents: read` after the `on:` block,
 * unless a job looks like it needs to write (then the finding says which scopes to grant by hand).
 * This is zizmor's `excessive-permissions` and Scorecard's Token-Permissions; the validity of scope
 * names and levels (actionlint's `permissions`) is ci/workflow-valid's.
 *
 * A reusable workflow (triggered only by `workflow_call`) runs with a token the caller's job caps: it
 * can never hold more than the calling job grants. So a reusable workflow without declarations is
 * not reported when the repository calls it and every calling job declares permissions (its own, or
 * its workflow's top level); it is when a caller declares none, or when nothing in the repository
 * calls it (zizmor likewise only reports reusable workflows pedantically).
 */
import type { FileRule, RuleFinding } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { actionSlug, activeWorkflows, parseUses, stepScripts, workflowOf, type Workflow } from '../lib/workflow';
import { insertLinesAfter, isBlock } from '../lib/yaml-edit';

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

/**
 * The callers of a reusable workflow in this repository, as `file: job` names, when every one of them
 * declares permissions for the token it hands down; undefined when the workflow has another trigger,
 * nothing calls it, or a caller declares none.
 */
export function cappingCallers(wf: Workflow, ws: Workspace): string[] | undefined {
  if (wf.triggers.length === 0 || wf.triggers.some((t) => t !== 'workflow_call')) return undefined;
  const callers: string[] = [];
  for (const other of activeWorkflows(ws)) {
    for (const job of other.jobs) {
      if (!job.uses) continue;
      const ref = parseUses(job.uses);
      if (ref.kind !== 'local' || ref.slug.replace(/^\.\//, '').replace(/@.*$/, '') !== wf.file.path) continue;
      if (job.permissions === undefined && !other.permissionsPair) return undefined;
      callers.push(`${other.file.path}: ${job.id}`);
    }
  }
  return callers.length > 0 ? callers : undefined;
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
  ],
  fixable: true,
  scope: 'file',
  kinds: ['workflow'],
  checkFile(file, ctx) {
    const wf = workflowOf(file);
    if (!wf || wf.jobs.length === 0) return [];
    const findings: RuleFinding[] = [];
    if (wf.permissionsPair) {
      const w = writes(wf.permissions);
      // Top-level permissions reach only the jobs that declare none of their own.
      const reached = wf.jobs.filter((j) => j.permissions === undefined && !j.uses);
      if (w[0] === 'write-all' && reached.length > 0) findings.push({ message: 'the workflow grants `write-all`: list only the scopes it needs, e.g. `permissions: { contents: read }`', range: file.yamlRange(wf.permissionsPair.value) });
      else if (wf.permissions === 'read-all' && reached.length > 0) findings.push({ message: 'the workflow grants `read-all`, read access to every scope (packages, security events, actions...): list only the scopes its jobs read, e.g. `permissions: { contents: read }`', range: file.yamlRange(wf.permissionsPair.value), severity: 'medium' });
      else if (w.length > 0 && reached.length > 0) {
        const single = wf.jobs.length === 1;
        findings.push({
          message: single
            ? `the workflow grants ${w.map((s) => `${s}: write`).join(', ')} at the top level to its single job: move the grant into the job, so a job added later does not inherit it`
            : `the workflow grants ${w.map((s) => `${s}: write`).join(', ')} to ${reached.length === wf.jobs.length ? 'every job' : `jobs ${reached.map((j) => j.id).join(', ')}`}: keep \`contents: read\` at the top and grant writes in the job that needs them`,
          range: file.yamlRange(wf.permissionsPair.key),
          severity: single ? 'low' : 'high',
        });
      }
    } else {
      const bare = wf.jobs.filter((j) => j.permissions === undefined);
      // A reusable workflow whose every caller here declares permissions gets no more than they grant.
      if (bare.length > 0 && !cappingCallers(wf, ctx.ws)) {
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
      else if (job.permissions === 'read-all') findings.push({ message: `job ${job.id} grants \`read-all\`, read access to every scope: list only the scopes it reads`, range: file.yamlRange(job.permissionsNode), severity: 'medium' });
    }
    return findings;
  },
};
