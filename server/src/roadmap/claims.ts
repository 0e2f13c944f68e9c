/**
 * Claims a roadmap makes about its own readiness: "Current: 85% MVP Production Ready", "70.4/100",
 * "Security readiness: 40%", "Status: production ready", and the Current column of a scorecard
 * table. Targets, goals and plans ("Target: 100%", "to reach 90%") and other metrics (coverage,
 * uptime, latency) are not claims.
 */
import { categoryOfLabel } from './mapping';
import { cleanText } from './marks';
import type { Span } from './items';

export type { Span } from './items';


/** A number the document asserts about its own readiness. */
export interface RoadmapClaim {
  line: number;
  /** Where the claimed number is on the line. */
  span: Span;
  /** The claim as written, repaired, for messages ("85% MVP Production Ready"). */
  text: string;
  /** Percent (0-100) for score claims. */
  value?: number;
  /** The level a "Status: production ready" claim asserts. */
  level?: 'mvp' | 'production';
  /** The label of the claimed thing ("Monitoring", "Overall"), or null for the whole project. */
  subject: string | null;
}

/**
 * Splits a table row into cells with their offsets in the line. The row may open with a pipe or
 * not (GitHub accepts both), and may sit in a block quote.
 */
export function cells(line: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  if (!line.includes('|')) return out;
  const lead = /^\s*(?:>\s*)*/.exec(line)![0].length;
  let start = line[lead] === '|' ? lead + 1 : lead;
  for (let i = start; i <= line.length; i++) {
    if (i === line.length || (line[i] === '|' && line[i - 1] !== '\\')) {
      const raw = line.slice(start, i);
      const pad = raw.length - raw.trimStart().length;
      if (i < line.length || raw.trim()) out.push({ text: raw.trim(), start: start + pad, end: start + pad + raw.trim().length });
      start = i + 1;
    }
  }
  return out;
}

const NUM = String.raw`(\d{1,3}(?:\.\d+)?)\s*(%|\/\s*100\b)`;
const GAP = String.raw`(?:\s|[*_:=~≈(\-–—]|\p{Extended_Pictographic}|\uFE0F|\b(?:status|score|progress|level|readiness|production|prod|mvp|ready|of|is|at|now|overall)\b)*`;
const CLAIM_A = new RegExp(String.raw`\b(current(?:ly)?|completed?|overall|readiness|score|progress|status)\b` + GAP + NUM, 'giu');
const CLAIM_B = new RegExp(String.raw`[~≈]?(\d{1,3}(?:\.\d+)?)\s*%\s+(?:(?:mvp|production|prod|overall|launch)[\s-]+)*(?:ready|readiness|complete|completed|done)\b`, 'giu');
const NOT_A_CLAIM = /\b(target|goal|aim|aiming|reach|reaching|achieve|to|towards?|from|need|needs|required?|at least|minimum|expected|plan(ned)?|until|by|coverage|uptime|availability|sla|latency|error rate|cpu|memory|disk|budget|week|weeks)\b|[>≥]/i;
const LEVEL_CLAIM = /\bstatus\b[^|]*?:\**\s*(?:\p{Extended_Pictographic}\uFE0F?\s*)*\**\s*(mvp[- ]|)production[- ]ready\b/iu;

/** The claims in one (repaired, comment-blanked) line; spans map back to the original through `map`. */
export function claimsIn(line: string, lineNo: number, map: number[]): RoadmapClaim[] {
  const out: RoadmapClaim[] = [];
  const seen = new Set<number>();
  const push = (idx: number, len: number, numIdx: number, numLen: number, value: number) => {
    if (seen.has(numIdx) || value > 100) return;
    // Only the clause the number sits in decides: "Current: 85% · Target: 100%" holds one claim.
    const clauseStart = Math.max(line.lastIndexOf('|', idx), line.lastIndexOf('·', idx), line.lastIndexOf(';', idx), 0);
    const before = line.slice(clauseStart, numIdx);
    if (NOT_A_CLAIM.test(before.replace(/\b(current(ly)?|completed?|overall|readiness|score|progress|status)\b/gi, ''))) return;
    seen.add(numIdx);
    const subject = subjectOf(line.slice(clauseStart, idx));
    out.push({ line: lineNo, span: { start: map[numIdx], end: map[numIdx + numLen] }, text: cleanText(line.slice(idx, idx + len)), value, subject });
  };
  for (const m of line.matchAll(CLAIM_A)) {
    const numIdx = m.index! + m[0].lastIndexOf(m[2], m[0].length - m[3].length);
    push(m.index!, m[0].length, numIdx, m[0].length - (numIdx - m.index!), Number(m[2]));
  }
  for (const m of line.matchAll(CLAIM_B)) {
    const numIdx = m.index! + m[0].indexOf(m[1]);
    push(m.index!, m[0].length, numIdx, m[0].indexOf('%') - m[0].indexOf(m[1]) + 1, Number(m[1]));
  }
  if (out.length === 0) {
    const l = LEVEL_CLAIM.exec(line);
    if (l && !/\b(not|needed|needs|towards?|path|until|before|hardening|roadmap|plan)\b/i.test(line)) {
      const idx = l.index! + l[0].toLowerCase().lastIndexOf('production');
      out.push({ line: lineNo, span: { start: map[idx], end: map[idx + 'production-ready'.length] }, text: cleanText(line), level: l[1] ? 'mvp' : 'production', subject: null });
    }
  }
  return out;
}

/** The label before a claim, when it names something narrower than the whole project ("Security readiness: 40%"). */
function subjectOf(prefix: string): string | null {
  const t = cleanText(prefix).replace(/\b(current(ly)?|completed?|overall|readiness|score|progress|status|production|mvp|ready)\b/gi, '').replace(/[^\p{L}\p{N}/& -]/gu, ' ').trim();
  return t.length >= 2 && categoryOfLabel(t) ? t : null;
}
