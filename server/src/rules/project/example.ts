/**
 * project/example: an example is not exempt from production, it is told once. A demo, a tutorial's
 * code or a collection of samples (kind `example`, see core/self-description.ts) is not asked one by
 * one for what operating and maintaining a product takes (runbooks, SLOs, CODEOWNERS, a security
 * policy...): the engine still counts each of those checks against it as failing and earning nothing
 * (an example's score measures its distance to production like any other's, so it never rises because
 * it is an example), folds them into this one finding and lists them in it (`Finding.folded`). The
 * remedy, when the repository is meant for production, is to say so with `kind:` in readiness.yaml.
 *
 * It runs last (`phase: 'post'`) because it names the checks it stands for, which the engine marks
 * with `blockedBy: 'project/example'` (core/engine.ts, `toldOnceFacts`).
 */
import type { CheckResult, RuleContext, WorkspaceRule } from '../../core/types';
import { outcome } from '../lib/util';

/** The id of the one finding that stands for the checks not asked of an example one by one. */
export const EXAMPLE_RULE_ID = 'project/example';

/** The repository file a kind's evidence names (its README, package.json, readiness.yaml), if it exists. */
function evidenceFile(ctx: RuleContext, why: string): string | null {
  for (const m of why.matchAll(/[\w./-]+\.(?:md|markdown|rst|txt|adoc|json|toml|ya?ml)\b/gi)) {
    if (ctx.ws.unfiltered.exists(m[0])) return m[0];
  }
  return null;
}

export const rule: WorkspaceRule = {
  id: EXAMPLE_RULE_ID,
  category: 'manifest',
  severity: 'medium',
  level: 'production',
  title: 'An example is told once what production asks of it',
  rationale: 'An example is not a product, so the checks of operating one are not asked of it one by one; they still count against its score (it is no closer to production for being an example), and one finding says so and lists them.',
  projectKinds: ['example'],
  phase: 'post',
  scope: 'workspace',
  check(ctx) {
    const standsFor: CheckResult[] = [...(ctx.results?.values() ?? [])].filter((c) => c.blockedBy === EXAMPLE_RULE_ID);
    if (standsFor.length === 0) return outcome.na('nothing asked of the product this example demonstrates applies to it');
    const why = (ctx.facts.evidence.kind ?? []).find((w) => !/^readiness\.yaml says/.test(w)) ?? 'it is declared one';
    const declared = (ctx.facts.evidence.kind ?? []).some((w) => /^readiness\.yaml says kind: example/.test(w));
    const reason = declared ? 'readiness.yaml says kind: example' : why.replace(/: an example, tutorial or sample collection is read and copied, not operated$/, '');
    const product = ctx.facts.productKind ?? 'service';
    // Named in the order a production checklist reads: operating, documenting and recovering first.
    const order = ['operations', 'documentation', 'reliability', 'observability', 'security', 'performance'];
    const rank = (c: CheckResult) => (order.includes(c.category) ? order.indexOf(c.category) : order.length);
    const names = [...standsFor].sort((a, b) => rank(a) - rank(b)).map((c) => c.ruleId.replace(/^[^/]+\//, '').replace(/-/g, ' '));
    const list = `${names.slice(0, 5).join(', ')}${names.length > 5 ? '...' : ''}`;
    const message = `This repository is an example (${reason}): the ${standsFor.length} check${standsFor.length === 1 ? '' : 's'} of operating and maintaining a production ${product} (${list}) ${standsFor.length === 1 ? 'is' : 'are'} not asked of it one by one and earn nothing; set \`kind:\` in readiness.yaml if it is meant for production`;
    const file = declared ? (ctx.ws.unfiltered.exists('readiness.yaml') ? 'readiness.yaml' : evidenceFile(ctx, why)) : evidenceFile(ctx, why);
    return { status: 'fail', findings: [{ message, file }], evidence: [{ message: `stands for ${standsFor.map((c) => c.ruleId).join(', ')}` }] };
  },
};
