/**
 * The roadmap summary the tree view shows: per roadmap document, its items grouped into done,
 * claimed-but-failing, open and manual, each with its file and line. It is rebuilt from a report
 * alone (the roadmap rules record every item as evidence or as a finding), so the editor, the CLI's
 * JSON and the tests read the same data without re-parsing anything.
 */
import type { Evidence, Report } from '../core/types';

/** How the roadmap rules label the items they record as evidence. */
export const EVIDENCE_TAG = { doc: 'roadmap', done: 'done', open: 'open', manual: 'manual' } as const;

/** Builds an evidence entry for an item (or a document) in a form `roadmapSummary` reads back. */
export function itemEvidence(tag: keyof typeof EVIDENCE_TAG, text: string, file: string, line: number, because?: string): Evidence {
  return { message: `${EVIDENCE_TAG[tag]}: ${text}${because ? ` — ${because}` : ''}`, file, line: line + 1 };
}

/** One item in the summary. */
export interface SummaryItem {
  text: string;
  file: string;
  /** One-based line. */
  line: number;
  /** Why it is in its group (the checks behind it, or the failing finding). */
  detail?: string;
  /** For open items: the checks behind it already pass (the document could tick it). */
  passing?: boolean;
}

/** A claim of the document and whether the measurement bears it out. */
export interface SummaryClaim {
  file: string;
  line: number;
  message: string;
}

/** One roadmap document in the summary. */
export interface RoadmapDocSummary {
  file: string;
  title: string;
  done: SummaryItem[];
  claimedButFailing: SummaryItem[];
  open: SummaryItem[];
  manual: SummaryItem[];
  /** Claimed percentages or levels that the measurement does not bear out. */
  falseClaims: SummaryClaim[];
}

function parseEvidence(e: Evidence): { tag: string; text: string; detail?: string } | undefined {
  const m = /^(roadmap|done|open|manual): (.*?)(?: — (.*))?$/s.exec(e.message);
  if (!m || !e.file) return undefined;
  return { tag: m[1], text: m[2], ...(m[3] ? { detail: m[3] } : {}) };
}

/** The roadmap documents of a report, with their items grouped for display. Empty when there are none. */
export function roadmapSummary(report: Pick<Report, 'checks'>): RoadmapDocSummary[] {
  const docs = new Map<string, RoadmapDocSummary>();
  const docOf = (file: string): RoadmapDocSummary => {
    let d = docs.get(file);
    if (!d) {
      d = { file, title: file, done: [], claimedButFailing: [], open: [], manual: [], falseClaims: [] };
      docs.set(file, d);
    }
    return d;
  };
  for (const check of report.checks) {
    if (!check.ruleId.startsWith('roadmap/')) continue;
    for (const e of check.evidence) {
      const p = parseEvidence(e);
      if (!p) continue;
      const d = docOf(e.file!);
      const item: SummaryItem = { text: p.text, file: e.file!, line: e.line ?? 1, ...(p.detail ? { detail: p.detail } : {}) };
      if (p.tag === 'roadmap') d.title = p.text;
      else if (p.tag === 'done') d.done.push(item);
      else if (p.tag === 'open') d.open.push(item);
      else if (p.tag === 'manual') d.manual.push(item);
    }
    for (const f of check.findings) {
      if (!f.file || f.waived) continue;
      const d = docOf(f.file);
      const line = (f.range?.start.line ?? 0) + 1;
      const text = typeof f.data?.item === 'string' ? f.data.item : f.message;
      if (check.ruleId === 'roadmap/done-but-failing') d.claimedButFailing.push({ text, file: f.file, line, detail: f.message });
      else if (check.ruleId === 'roadmap/open-but-passing') d.open.push({ text, file: f.file, line, detail: f.message, passing: true });
      else if (check.ruleId === 'roadmap/claim-not-met') d.falseClaims.push({ file: f.file, line, message: f.message });
    }
  }
  for (const d of docs.values()) for (const g of [d.done, d.claimedButFailing, d.open, d.manual]) g.sort((a, b) => a.line - b.line);
  return [...docs.values()].sort((a, b) => a.file.localeCompare(b.file));
}
