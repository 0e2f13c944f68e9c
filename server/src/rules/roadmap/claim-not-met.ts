/**
 * roadmap/claim-not-met: a percentage, score or level a roadmap claims ("Current: 85% MVP Production
 * Ready", "70.4/100", the Current column of its scorecard, "Status: production ready") is borne out
 * by the measurement. Claims above the measured score by more than the tolerance (option
 * `tolerance`, in points) are reported on the claim, with a fix that writes the measured number.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { DEFAULT_TOLERANCE, evaluateClaim } from '../../roadmap/evaluate';
import { lineRangeOf, roadmapsOrNa } from '../lib/roadmap-rules';
import { z } from 'zod';

const fmt = (n: number) => `${Math.round(n * 10) / 10}%`;

/** Options: how far a claimed score may be above the measured one before it is reported. */
const OPTIONS = z.strictObject({
  tolerance: z.number().min(0).max(100).default(DEFAULT_TOLERANCE).describe('Points a claimed score may exceed the measured score by before the claim is reported.'),
});
type Options = z.infer<typeof OPTIONS>;

export const rule: WorkspaceRule = {
  id: 'roadmap/claim-not-met',
  category: 'roadmap',
  severity: 'high',
  level: 'mvp',
  title: 'Readiness claims in roadmaps match the measured score',
  rationale: 'A roadmap that says "85% production ready" is read by people deciding whether to ship; the number should be the measured one.',
  fixable: true,
  optionsSchema: OPTIONS,
  phase: 'post',
  scope: 'workspace',
  guard: true,
  check(ctx) {
    const docs = roadmapsOrNa(ctx);
    if (!Array.isArray(docs)) return docs;
    const { tolerance } = ctx.options as Options;
    const findings: RuleFinding[] = [];
    const evidence: Evidence[] = [];
    let checked = 0;
    for (const d of docs) {
      const file = ctx.ws.read(d.doc.path);
      for (const claim of d.doc.claims) {
        const ev = evaluateClaim(claim, ctx.measured!, tolerance);
        if (ev.met === 'unknown') continue;
        checked++;
        if (ev.met) {
          evidence.push({ message: `claim "${claim.text}" is borne out`, file: d.doc.path, line: claim.line + 1 });
          continue;
        }
        const range = { start: { line: claim.line, character: claim.span.start }, end: { line: claim.line, character: claim.span.end } };
        if (claim.level) {
          const have = ev.measuredLevel === 'none' ? 'below prototype' : ev.measuredLevel;
          findings.push({ message: `claims ${claim.level === 'mvp' ? 'MVP' : 'production'} ready, but the measured level is ${have}; correct the status or close the gap`, file: d.doc.path, range: lineRangeOf(ctx, d.doc.path, claim.line), data: { claimed: claim.level, measured: ev.measuredLevel } });
          continue;
        }
        // The whole-project number the fix writes is the score of everything but the roadmap itself.
        const measured = ev.category === null ? ctx.measured!.score : ev.measured!;
        const what = ev.category ? ` for ${claim.subject}` : '';
        const of = ev.category && ev.category.title.toLowerCase() !== (claim.subject ?? '').toLowerCase() ? ` (${ev.category.title})` : '';
        const written = file?.lines[claim.line]?.slice(claim.span.start, claim.span.end) ?? '';
        const newText = /\/\s*100/.test(written) ? `${Math.round(measured * 10) / 10}/100` : fmt(measured);
        findings.push({
          message: `claims ${fmt(claim.value!)}${what}, measured ${fmt(measured)}${of}; write the measured number or close the gap`,
          file: d.doc.path,
          range,
          data: { claimed: claim.value, measured, subject: claim.subject, category: ev.category?.id ?? null },
          fix: { title: `Write the measured ${fmt(measured)}`, changes: [{ kind: 'edit', file: d.doc.path, range, newText }] },
        });
      }
    }
    if (checked === 0) return { status: 'not-applicable', findings: [], evidence, reason: 'the roadmap claims no score that maps to a measurement' };
    if (findings.length === 0) return { status: 'pass', findings, evidence, reason: `${checked} claim(s) borne out` };
    return { status: 'fail', findings, evidence };
  },
};
