/**
 * roadmap/open-but-passing: an item a roadmap leaves open (`- [ ]`, ❌, ⚠️, TODO, an unmarked task
 * heading) whose checks all pass. The work is done and the document undersells it; the quick fix
 * ticks the item on its line. A hint, not a problem: stale good news misleads less than false news.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { itemEvidence } from '../../roadmap/summary';
import { tickEdit } from '../../roadmap/tick';
import { behind, lineRangeOf, roadmapsOrNa } from '../lib/roadmap-rules';

export const rule: WorkspaceRule = {
  id: 'roadmap/open-but-passing',
  category: 'roadmap',
  severity: 'low',
  level: 'production',
  title: 'Roadmap items left open are really still open',
  rationale: 'An item the repository already satisfies keeps a team planning work that is done; ticking it keeps the roadmap a true picture.',
  fixable: true,
  phase: 'post',
  scope: 'workspace',
  check(ctx) {
    const docs = roadmapsOrNa(ctx);
    if (!Array.isArray(docs)) return docs;
    const findings: RuleFinding[] = [];
    const evidence: Evidence[] = [];
    let checked = 0;
    for (const d of docs) {
      const file = ctx.ws.read(d.doc.path);
      for (const ev of d.items) {
        if (ev.item.status === 'done' || ev.verdict === 'unknown' || ev.mapping.rules.length + (ev.criterion ? 1 : 0) === 0) continue;
        checked++;
        if (ev.verdict !== 'pass') {
          evidence.push(itemEvidence('open', ev.item.text, d.doc.path, ev.item.line, ev.missing ? `no ${ev.missing}` : ev.failing.map((r) => r.ruleId).slice(0, 3).join(', ')));
          continue;
        }
        const lineText = file?.lines[ev.item.markLine] ?? '';
        const edit = tickEdit(ev.item, lineText);
        const state = ev.item.status === 'partial' ? 'partly done' : 'not done';
        findings.push({
          message: `marked ${state}, but the checks behind it pass (${behind(ev)}); ${edit ? 'tick it' : 'update the item'}`,
          file: d.doc.path,
          range: lineRangeOf(ctx, d.doc.path, ev.item.line),
          data: { item: ev.item.text, status: ev.item.status, rules: ev.passing.map((r) => r.ruleId) },
          ...(edit ? { fix: { title: 'Tick this roadmap item', changes: edit.map((e) => ({ kind: 'edit' as const, file: d.doc.path, ...e })) } } : {}),
        });
      }
    }
    if (checked === 0) return { status: 'not-applicable', findings: [], evidence, reason: 'no open item maps to a check' };
    if (findings.length === 0) return { status: 'pass', findings, evidence, reason: `${checked} open item(s) are still open` };
    return { status: 'partial', score: 1 - findings.length / checked, findings, evidence };
  },
};
