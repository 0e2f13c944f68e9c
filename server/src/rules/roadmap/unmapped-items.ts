/**
 * roadmap/unmapped-items: every roadmap item either maps to a check or is marked as tracked by hand
 * (`<!-- readiness: manual -->`). Items no check covers are never guessed at: they stay visible as
 * manual items, are counted here, and the fix marks them manual so the choice is explicit. Naming a
 * rule id in the item (`docker/healthcheck` in backticks) maps it exactly.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import { itemEvidence } from '../../roadmap/summary';
import { lineRangeOf, roadmapsOrNa } from '../lib/roadmap-rules';

export const rule: WorkspaceRule = {
  id: 'roadmap/unmapped-items',
  category: 'roadmap',
  severity: 'low',
  level: 'production',
  title: 'Roadmap items map to checks or are marked manual',
  rationale: 'An item no check covers can only be verified by a person; saying so keeps the roadmap honest about what the measurement backs.',
  fixable: true,
  phase: 'post',
  scope: 'workspace',
  check(ctx) {
    const docs = roadmapsOrNa(ctx);
    if (!Array.isArray(docs)) return docs;
    const findings: RuleFinding[] = [];
    const evidence: Evidence[] = [];
    let total = 0;
    let unmapped = 0;
    for (const d of docs) {
      evidence.push(itemEvidence('doc', d.doc.title, d.doc.path, 0));
      const loose = d.items.filter((ev) => ev.mapping.via === 'none');
      total += d.items.length;
      unmapped += loose.length;
      for (const ev of d.items) {
        if (ev.group !== 'manual') continue;
        const why = ev.mapping.via === 'manual' ? (ev.mapping.reason ? `no program can verify it: ${ev.mapping.reason}` : 'marked manual') : ev.mapping.via === 'none' ? 'no check covers it' : `no applicable check (${ev.mapping.topics.join(', ')})`;
        evidence.push(itemEvidence('manual', ev.item.text, d.doc.path, ev.item.line, why));
      }
      if (loose.length === 0) continue;
      const file = ctx.ws.read(d.doc.path);
      const lines = loose.slice(0, 6).map((ev) => ev.item.line + 1).join(', ') + (loose.length > 6 ? ', …' : '');
      findings.push({
        message: `${loose.length} of ${d.items.length} roadmap item(s) map to no check (lines ${lines}); name the rule id in the item, or mark it \`<!-- readiness: manual -->\``,
        file: d.doc.path,
        range: lineRangeOf(ctx, d.doc.path, loose[0].item.line),
        data: { lines: loose.map((ev) => ev.item.line + 1), items: d.items.length },
        ...(file ? {
          fix: {
            title: `Mark ${loose.length} item(s) as tracked by hand`,
            changes: loose.map((ev) => {
              // In a table row the note goes inside the last cell, so the row stays a row.
              const text = (file.lines[ev.item.line] ?? '').trimEnd();
              const end = ev.item.mark === 'table' && text.endsWith('|') ? text.slice(0, -1).trimEnd().length : text.length;
              return { kind: 'edit' as const, file: d.doc.path, range: { start: { line: ev.item.line, character: end }, end: { line: ev.item.line, character: end } }, newText: ' <!-- readiness: manual -->' };
            }),
          },
        } : {}),
      });
    }
    if (total === 0) return { status: 'not-applicable', findings: [], evidence, reason: 'the roadmap has no items' };
    if (unmapped === 0) return { status: 'pass', findings, evidence, reason: `${total} item(s), each mapped or marked manual` };
    return { status: 'partial', score: 1 - unmapped / total, findings, evidence };
  },
};
