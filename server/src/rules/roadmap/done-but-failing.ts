/**
 * roadmap/done-but-failing: an item a roadmap marks done (`- [x]`, ✅, ~~struck~~, DONE) is backed
 * by the checks it maps to. "✅ CI runs tests" while no workflow runs them is the most expensive
 * kind of roadmap error: the team stops working on something that is not there. The finding sits on
 * the item's line, quotes the finding it rests on and names its rule and place; until the work is
 * done, the quick fix marks the item open again.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { itemEvidence } from '../../roadmap/summary';
import { untickEdit } from '../../roadmap/tick';
import { behind, firstFinding, lineRangeOf, roadmapsOrNa } from '../lib/roadmap-rules';

export const rule: WorkspaceRule = {
  id: 'roadmap/done-but-failing',
  category: 'roadmap',
  severity: 'high',
  level: 'mvp',
  title: 'Roadmap items marked done are backed by passing checks',
  rationale: 'A roadmap that ticks work the repository does not have makes a team stop on false ground; each done item should be true in the code.',
  fixable: true,
  phase: 'post',
  scope: 'workspace',
  guard: true,
  check(ctx) {
    const docs = roadmapsOrNa(ctx);
    if (!Array.isArray(docs)) return docs;
    const findings: RuleFinding[] = [];
    const evidence: Evidence[] = [];
    let checked = 0;
    for (const d of docs) {
      const file = ctx.ws.read(d.doc.path);
      evidence.push(itemEvidence('doc', d.doc.title, d.doc.path, 0));
      for (const ev of d.items) {
        if (ev.item.status !== 'done' || ev.verdict === 'unknown') continue;
        checked++;
        if (ev.verdict === 'pass') {
          evidence.push(itemEvidence('done', ev.item.text, d.doc.path, ev.item.line, behind(ev)));
          continue;
        }
        let message: string;
        if (ev.missing) message = `marked done, but the repository has no ${ev.missing}; add it or mark the item open`;
        else if (ev.criterion) message = `marked done, but the ${ev.criterion}; close the gap or mark the item open`;
        else {
          // The finding it rests on says what to do; the rule and place say where to look.
          const first = firstFinding(ev.failing[0]);
          const more = ev.failing.slice(1).map((r) => r.ruleId);
          const also = more.length ? `; also failing: ${more.slice(0, 3).join(', ')}${more.length > 3 ? ` and ${more.length - 3} more` : ''}` : '';
          message = `marked done, but ${first.message} (${first.where}${also})`;
        }
        const edit = untickEdit(ev.item, file?.lines[ev.item.markLine] ?? '');
        findings.push({
          message,
          file: d.doc.path,
          range: lineRangeOf(ctx, d.doc.path, ev.item.line),
          severity: ev.verdict === 'partial' ? 'medium' : 'high',
          data: { item: ev.item.text, status: ev.item.status, rules: ev.failing.map((r) => r.ruleId), ...(ev.missing ? { missing: ev.missing } : {}) },
          ...(edit ? { fix: { title: 'Mark this roadmap item open', changes: edit.map((e) => ({ kind: 'edit' as const, file: d.doc.path, ...e })) } } : {}),
        });
      }
    }
    if (checked === 0) return { status: 'not-applicable', findings: [], evidence, reason: 'no item marked done maps to a check' };
    if (findings.length === 0) return { status: 'pass', findings, evidence, reason: `${checked} done item(s) backed by passing checks` };
    return { status: findings.length === checked ? 'fail' : 'partial', score: 1 - findings.length / checked, findings, evidence };
  },
};
