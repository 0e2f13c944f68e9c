/**
 * Baselines, the way teams adopt a linter on a large old repository: `readiness baseline` records the
 * open findings of today (by rule, file and fingerprint), and `readiness audit --baseline FILE` then
 * fails only on findings that are not in it. The same module reads JSON reports and baselines into one
 * comparable shape for `readiness diff` and for the Action's pull request comparison.
 */
import { messageFingerprint } from '../core/fingerprint';
import type { Finding, Report } from '../core/types';

/** A finding as baselines and diffs compare it. */
export interface ComparableFinding {
  ruleId: string;
  category: string;
  severity: string;
  file: string | null;
  /** One-based line, for people only; matching never uses it. */
  line: number | null;
  message: string;
  fingerprint: string;
}

/** What a baseline or a JSON report offers for comparison. */
export interface Comparable {
  score: number;
  level: string;
  generatedAt: string | null;
  categories: { id: string; title: string; score: number | null }[];
  /** Open findings only: waived findings are never part of a comparison. */
  findings: ComparableFinding[];
}

/** The baseline file written by `readiness baseline`. */
export interface BaselineFile extends Comparable {
  kind: 'readiness-baseline';
  version: 1;
  tool: { name: string; version: string };
}

/** The key a finding is matched by: rule, file and fingerprint. */
export function matchKey(f: Pick<ComparableFinding, 'ruleId' | 'file' | 'fingerprint'>): string {
  return `${f.ruleId}\u0000${f.file ?? ''}\u0000${f.fingerprint}`;
}

function comparableFinding(f: Finding): ComparableFinding {
  return {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    file: f.file,
    line: f.range ? f.range.start.line + 1 : null,
    message: f.message,
    fingerprint: f.fingerprint ?? messageFingerprint(f),
  };
}

/** Orders findings by file, line and rule, so that baselines diff well in version control. */
function byPlace(a: ComparableFinding, b: ComparableFinding): number {
  return (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint);
}

/** The comparable view of an audit. */
export function comparableOf(report: Report): Comparable {
  return {
    score: report.score,
    level: report.level,
    generatedAt: report.generatedAt ?? null,
    categories: report.categories.filter((c) => c.enabled).map((c) => ({ id: c.id, title: c.title, score: c.score })),
    findings: report.findings.filter((f) => !f.waived).map(comparableFinding).sort(byPlace),
  };
}

/** The baseline of an audit: its score, categories and open findings. */
export function createBaseline(report: Report): BaselineFile {
  return { kind: 'readiness-baseline', version: 1, tool: report.tool, ...comparableOf(report) };
}

/** Renders a baseline as the JSON text of the file. */
export function renderBaseline(baseline: BaselineFile): string {
  return JSON.stringify(baseline, null, 2) + '\n';
}

/** True when a parsed JSON document is a baseline this tool wrote. */
export function isBaseline(doc: unknown): doc is BaselineFile {
  return typeof doc === 'object' && doc !== null && (doc as { kind?: unknown }).kind === 'readiness-baseline';
}

/** Thrown when a file is not a baseline or a JSON report; the message says why. */
export class ComparableError extends Error {}

const str = (v: unknown): v is string => typeof v === 'string';
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Reads a baseline or a JSON report (`audit --format json`) into the comparable shape. `label` names
 * the file in error messages. Waived findings of a report are left out; reports of older versions
 * without fingerprints are matched by their messages.
 */
export function readComparable(text: string, label: string): Comparable {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ComparableError(`${label} is not JSON: ${(e as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new ComparableError(`${label} is neither a readiness JSON report nor a baseline`);
  const d = doc as Record<string, unknown>;
  const isReport = d.schemaVersion === 1 && d.tool !== undefined;
  if (!isBaseline(doc) && !isReport) throw new ComparableError(`${label} is neither a readiness JSON report (\`audit --format json\`) nor a baseline (\`readiness baseline\`)`);
  if (!num(d.score) || !str(d.level) || !Array.isArray(d.findings) || !Array.isArray(d.categories)) {
    throw new ComparableError(`${label} lacks a numeric score, a level, categories or findings`);
  }
  const findings: ComparableFinding[] = [];
  d.findings.forEach((raw, i) => {
    const f = raw as Record<string, unknown>;
    if (typeof f !== 'object' || f === null || !str(f.ruleId) || !str(f.message) || !(f.file === null || str(f.file))) {
      throw new ComparableError(`${label}: finding ${i + 1} lacks a rule id, a message or a file`);
    }
    if (f.status === 'waived' || (f.waived !== undefined && f.waived !== null)) return;
    const base = { ruleId: f.ruleId, file: f.file as string | null, message: f.message };
    findings.push({
      ...base,
      category: str(f.category) ? f.category : '',
      severity: str(f.severity) ? f.severity : 'medium',
      line: num(f.line) ? f.line : null,
      fingerprint: str(f.fingerprint) ? f.fingerprint : messageFingerprint(base),
    });
  });
  const categories = d.categories
    .filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null && str((c as Record<string, unknown>).id))
    .map((c) => ({ id: c.id as string, title: str(c.title) ? c.title : (c.id as string), score: num(c.score) ? c.score : null }));
  return { score: d.score, level: d.level, generatedAt: str(d.generatedAt) ? d.generatedAt : null, categories, findings: findings.sort(byPlace) };
}

/** What comparing an audit with a baseline found. */
export interface BaselineOutcome {
  /** Open findings not in the baseline. */
  added: number;
  /** Open findings the baseline already holds. */
  unchanged: number;
  /** Baseline entries no longer found (fixed, or moved to another file). */
  fixed: ComparableFinding[];
}

/**
 * Marks each open finding of the report `new` or `unchanged` against the baseline (matched by rule,
 * file and fingerprint; each baseline entry matches at most one finding). Waived findings stay unmarked.
 */
export function applyBaseline(report: Report, baseline: Comparable): BaselineOutcome {
  const left = new Map<string, ComparableFinding[]>();
  for (const f of baseline.findings) {
    const k = matchKey(f);
    left.set(k, [...(left.get(k) ?? []), f]);
  }
  let added = 0;
  let unchanged = 0;
  for (const f of report.findings) {
    if (f.waived) continue;
    const k = matchKey({ ruleId: f.ruleId, file: f.file, fingerprint: f.fingerprint ?? messageFingerprint(f) });
    const pool = left.get(k);
    if (pool && pool.length > 0) {
      pool.pop();
      f.baselineState = 'unchanged';
      unchanged++;
    } else {
      f.baselineState = 'new';
      added++;
    }
  }
  return { added, unchanged, fixed: [...left.values()].flat().sort(byPlace) };
}
