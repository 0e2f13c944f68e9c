/**
 * Shared by the roadmap rules: the evaluation of the workspace's roadmaps for a post-phase context
 * (or the reason there is nothing to check), the range of an item's line, and the sentence that
 * names the evidence behind an item.
 */
import type { CheckResult, Range, RuleContext, RuleOutcome } from '../../core/types';
import { evaluateRoadmaps, type DocEvaluation, type ItemEvaluation } from '../../roadmap/evaluate';
import { outcome } from './util';

/** The evaluated roadmaps, or a not-applicable outcome when there is nothing to hold against evidence. */
export function roadmapsOrNa(ctx: RuleContext): DocEvaluation[] | RuleOutcome {
  if (!ctx.results || !ctx.measured || !ctx.catalog) return outcome.na('runs after the other checks, in a full audit');
  const docs = evaluateRoadmaps(ctx);
  if (docs.length === 0) return outcome.na('no roadmap or readiness checklist in the repository');
  return docs;
}

/** The range of a whole line of a document, without leading indentation. */
export function lineRangeOf(ctx: RuleContext, path: string, line: number): Range {
  const text = ctx.ws.read(path)?.lines[line] ?? '';
  const start = text.length - text.trimStart().length;
  return { start: { line, character: start }, end: { line, character: text.trimEnd().length } };
}

/** The first open finding of a check and where it is: "message", "rule-id at file:line". */
export function firstFinding(r: CheckResult): { message: string; where: string } {
  const f = r.findings.find((x) => !x.waived);
  if (!f) return { message: `${r.title.charAt(0).toLowerCase()}${r.title.slice(1)} is not in place`, where: r.ruleId };
  const at = f.file ? ` at ${f.file}${f.range ? `:${f.range.start.line + 1}` : ''}` : '';
  return { message: f.message.replace(/[.;]\s*$/, ''), where: `${r.ruleId}${at}` };
}

/** The checks behind an item, for evidence lines: "docker/healthcheck, docker/non-root-user". */
export function behind(ev: ItemEvaluation): string {
  if (ev.criterion) return ev.criterion;
  const ids = ev.passing.map((r) => r.ruleId);
  return ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
}
