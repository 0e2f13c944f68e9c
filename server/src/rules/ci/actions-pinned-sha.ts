/**
 * ci/actions-pinned-sha: every `uses:` of a third-party action or reusable workflow is pinned to a
 * full 40-character commit SHA, because tags and branches can be moved to malicious code (as in the
 * tj-actions/changed-files compromise). Local actions (`./`) are fine, and `docker://` images must be
 * pinned by digest. Actions owned by GitHub (actions/*, github/*) are reported at low severity;
 * owners listed in the `allowOwners` option are not reported. A workflow that uses only local actions
 * and scripts has nothing to examine.
 */
import type { FileRule, RuleFinding, Severity } from '../../core/types';
import { parseUses, workflowOf } from '../lib/workflow';
import { z } from 'zod';

const GITHUB_OWNERS = new Set(['actions', 'github']);
const SHA = /^[0-9a-f]{40}$/i;

/** What is wrong with a `uses:` reference, or undefined when it is pinned. */
function problem(uses: string, allow: Set<string>): { message: string; severity?: Severity } | undefined {
  const ref = parseUses(uses);
  if (ref.kind === 'local') return undefined;
  if (ref.kind === 'docker') {
    return /^sha256:[0-9a-f]{64}$/i.test(ref.ref) ? undefined : { message: `\`${uses}\` uses a Docker image by tag: pin it by digest (\`docker://image@sha256:...\`)` };
  }
  if (ref.kind === 'invalid' || /\$\{\{/.test(uses)) return undefined;
  if (allow.has(ref.owner) || SHA.test(ref.ref)) return undefined;
  const what = ref.ref ? `\`@${ref.ref}\`, a tag or branch that can be moved` : 'no ref';
  const owned = GITHUB_OWNERS.has(ref.owner);
  return {
    message: `\`${ref.slug}\` is referenced by ${what}: pin it to a full commit SHA and keep the version in a comment (\`@<sha> # ${ref.ref || 'vX.Y.Z'}\`)${owned ? '; it is owned by GitHub, so the risk is lower' : ''}`,
    ...(owned ? { severity: 'low' as Severity } : {}),
  };
}

/** Options: owners whose actions may be referenced by tag (for example an organisation's own actions). */
const OPTIONS = z.strictObject({
  allowOwners: z.array(z.string()).default([]).describe('Owners (users or organisations) whose actions may be referenced by a tag instead of a commit SHA.'),
});
type Options = z.infer<typeof OPTIONS>;

export const rule: FileRule = {
  id: 'ci/actions-pinned-sha',
  category: 'ci-cd',
  severity: 'medium',
  level: 'production',
  title: 'Actions are pinned to a full commit SHA',
  rationale: 'A tag such as `@v4` can be re-pointed by whoever controls the action\'s repository; a commit SHA cannot, so a pinned workflow runs exactly the code that was reviewed.',
  roadmap: [{ topic: 'pinned actions', match: /pin.*actions?|actions?.*pinned|commit sha/, rank: 230 }],
  related: [{ tool: 'scorecard', id: 'Pinned-Dependencies' }, { tool: 'zizmor', id: 'unpinned-uses' }],
  optionsSchema: OPTIONS,
  scope: 'file',
  kinds: ['workflow'],
  examines: (file) => !!workflowOf(file)?.jobs.some((j) => [j.uses, ...j.steps.map((s) => s.uses)].some((u) => !!u && parseUses(u).kind !== 'local')),
  examinesWhat: 'a `uses:` of an action or reusable workflow from another repository or a Docker image',
  checkFile(file, ctx) {
    const wf = workflowOf(file);
    if (!wf) return [];
    const allow = new Set((ctx.options as Options).allowOwners.map((o) => o.toLowerCase()));
    const findings: RuleFinding[] = [];
    for (const job of wf.jobs) {
      const refs = [...(job.uses ? [{ uses: job.uses, node: job.usesNode }] : []), ...job.steps.filter((s) => s.uses).map((s) => ({ uses: s.uses!, node: s.usesNode }))];
      for (const r of refs) {
        const p = problem(r.uses, allow);
        if (p) findings.push({ message: p.message, range: file.yamlRange(r.node), ...(p.severity ? { severity: p.severity } : {}), data: { uses: r.uses } });
      }
    }
    return findings;
  },
};
