/**
 * Holds a roadmap against the evidence: each item's status against the results of the checks it
 * maps to, and each claimed percentage or level against the measured score. The post-phase roadmap
 * rules and the summary both read this one evaluation, computed once per audit.
 */
import type { CategoryResult, CheckResult, FileKind, ReachedLevel, RuleContext } from '../core/types';
import { LEVELS } from '../core/types';
import { findRoadmaps } from './discover';
import { categoryOfLabel, mapItem, mappingTable, type ItemMapping, type Registry } from './mapping';
import type { RoadmapClaim, RoadmapDoc, RoadmapItem } from './parse';

/** What the evidence says about an item. `unknown`: no mapped check applies. */
export type Verdict = 'pass' | 'fail' | 'partial' | 'unknown';

/** Where an item stands once held against the evidence. */
export type ItemGroup = 'done' | 'claimed-but-failing' | 'open' | 'manual';

/** One item with its mapping and verdict. */
export interface ItemEvaluation {
  item: RoadmapItem;
  mapping: ItemMapping;
  verdict: Verdict;
  group: ItemGroup;
  /** Mapped checks that fail or pass partly, worst first. */
  failing: CheckResult[];
  passing: CheckResult[];
  /** Set when a required file kind is absent ("Dockerfile"). */
  missing?: string;
  /** Set for score and level criteria ("Overall score ≥ 90%"): what was measured. */
  criterion?: string;
}

/** One claim with the measured value it is held against. */
export interface ClaimEvaluation {
  claim: RoadmapClaim;
  /** The category the claim is about, or null for the whole project; undefined when its label names none. */
  category?: CategoryResult | null;
  /** The measured value (percent), or the measured level. */
  measured?: number;
  measuredLevel?: ReachedLevel;
  met: boolean | 'unknown';
}

/** The evaluation of one document. */
export interface DocEvaluation {
  doc: RoadmapDoc;
  items: ItemEvaluation[];
  claims: ClaimEvaluation[];
}

/** The measured overall score lies between these bounds once the roadmap category is scored. */
export function scoreBounds(categories: CategoryResult[]): { min: number; max: number } {
  let s = 0;
  let w = 0;
  let r = 0;
  for (const c of categories) {
    if (!c.enabled || c.weight <= 0) continue;
    if (c.id === 'roadmap') r = c.weight;
    else if (c.score !== null) {
      s += c.weight * c.score;
      w += c.weight;
    }
  }
  if (w + r === 0) return { min: 0, max: 100 };
  const round = (n: number) => Math.round(n * 10) / 10;
  return { min: round(s / (w + r)), max: round(w > 0 ? Math.max(s / w, (s + 100 * r) / (w + r)) : 100) };
}

const FAILING = new Set(['fail', 'partial']);

/** Evaluates an item's mapped checks into a verdict. */
function verdictOf(mapping: ItemMapping, results: ReadonlyMap<string, CheckResult>, has: (kind: FileKind) => boolean): Omit<ItemEvaluation, 'item' | 'mapping' | 'group'> {
  const failing: CheckResult[] = [];
  const passing: CheckResult[] = [];
  for (const id of mapping.rules) {
    const r = results.get(id);
    if (!r) continue;
    if (FAILING.has(r.status)) failing.push(r);
    else if (r.status === 'pass' || r.status === 'waived') passing.push(r);
  }
  // Mapping order: the first entry that matched the item's words names the check that matters most.
  failing.sort((a, b) => Number(a.status === 'partial') - Number(b.status === 'partial'));
  const missing = mapping.requires && !mapping.requires.kinds.some(has) ? mapping.requires.what : undefined;
  let verdict: Verdict;
  if (missing) verdict = 'fail';
  else if (failing.length === 0) verdict = passing.length > 0 ? 'pass' : 'unknown';
  else verdict = passing.length === 0 && failing.every((f) => f.status === 'fail') ? 'fail' : 'partial';
  return { verdict, failing, passing, ...(missing ? { missing } : {}) };
}

const CRITERION_SCORE = /(?:overall|readiness)?\s*score\s*(?:≥|>=|of at least|at least|above|over)\s*(\d{1,3}(?:\.\d+)?)\s*%?/i;
const CRITERION_LEVEL = /\blevel\s+(prototype|mvp|production)\s+(?:is\s+)?reached|\breach(?:es|ed)?\s+(?:the\s+)?(prototype|mvp|production)\s+level/i;
const CRITERION_CATEGORY = /^(.+?)\s*(?:≥|>=|at least)\s*(\d{1,3}(?:\.\d+)?)\s*%/;

/** Score and level criteria ("Overall score ≥ 90%", "Level mvp reached", "Security ≥ 90%") are checked against the measurement. */
function criterionOf(text: string, measured: NonNullable<RuleContext['measured']>): { verdict: Verdict; criterion: string } | undefined {
  const bounds = scoreBounds(measured.categories);
  let m = CRITERION_SCORE.exec(text);
  if (m) {
    const target = Number(m[1]);
    const verdict: Verdict = bounds.min >= target ? 'pass' : bounds.max < target ? 'fail' : 'unknown';
    return { verdict, criterion: `measured score ${bounds.min === bounds.max ? bounds.min : `${bounds.min}-${bounds.max}`}%` };
  }
  m = CRITERION_LEVEL.exec(text);
  if (m) {
    const want = (m[1] ?? m[2]).toLowerCase();
    const have = measured.level;
    const ok = have !== 'none' && LEVELS.indexOf(have) >= LEVELS.indexOf(want as never);
    return { verdict: ok ? 'pass' : 'fail', criterion: `measured level ${have === 'none' ? 'below prototype' : have}` };
  }
  m = CRITERION_CATEGORY.exec(text);
  if (m) {
    // Only a category's own title: "Test coverage ≥ 80%" is about coverage, not the Testing score.
    const label = m[1].trim().toLowerCase();
    const c = measured.categories.find((x) => x.title.toLowerCase() === label);
    if (c && c.score !== null && c.id !== 'roadmap') {
      return { verdict: c.score >= Number(m[2]) ? 'pass' : 'fail', criterion: `measured ${c.title} ${c.score}%` };
    }
  }
  return undefined;
}

/** Where an item goes in the summary: items no applicable check covers are tracked by hand. */
function groupOf(item: RoadmapItem, verdict: Verdict, mapped: boolean): ItemGroup {
  if (!mapped || verdict === 'unknown') return 'manual';
  if (item.status === 'done') return verdict === 'pass' ? 'done' : 'claimed-but-failing';
  return 'open';
}

/** Evaluates one claim; a claim is met unless it exceeds the measurement by more than `tolerance` points. */
export function evaluateClaim(claim: RoadmapClaim, measured: NonNullable<RuleContext['measured']>, tolerance: number): ClaimEvaluation {
  if (claim.level) {
    const have = measured.level;
    const met = have !== 'none' && LEVELS.indexOf(have) >= LEVELS.indexOf(claim.level);
    return { claim, measuredLevel: have, met };
  }
  if (claim.subject === null) {
    const b = scoreBounds(measured.categories);
    return { claim, category: null, measured: b.max, met: (claim.value ?? 0) <= b.max + tolerance };
  }
  const cat = categoryOfLabel(claim.subject);
  const c = cat ? measured.categories.find((x) => x.id === cat) : undefined;
  if (!c || c.id === 'roadmap' || !c.enabled || c.score === null) return { claim, met: 'unknown', ...(c ? { category: c } : {}) };
  return { claim, category: c, measured: c.score, met: (claim.value ?? 0) <= c.score + tolerance };
}

const cache = new WeakMap<object, DocEvaluation[]>();

/** Default number of points a claim may exceed the measurement by (rounding in documents). */
export const DEFAULT_TOLERANCE = 2;

/**
 * Evaluates every roadmap of the workspace against the results of a post-phase rule context. Items
 * are matched on the phrases of every rule the audit knows (`ctx.catalog`), and rule ids resolve
 * against the checks that ran, so a rule turned off in the manifest gives no evidence (and its
 * phrases still keep a broad one from standing in for it). Claims use the default tolerance;
 * `roadmap/claim-not-met` re-evaluates them with its own option.
 */
export function evaluateRoadmaps(ctx: Pick<RuleContext, 'ws' | 'results' | 'measured' | 'catalog'>, registry?: Registry): DocEvaluation[] {
  const key = ctx.results ?? ctx.ws;
  const hit = registry ? undefined : cache.get(key);
  if (hit) return hit;
  const results = ctx.results ?? new Map<string, CheckResult>();
  const measured = ctx.measured ?? { score: 0, level: 'none' as const, categories: [] };
  const reg: Registry = registry ?? new Map([...results.values()].map((r) => [r.ruleId, r.category]));
  const table = mappingTable(ctx.catalog ?? []);
  const tolerance = DEFAULT_TOLERANCE;
  const kinds = new Map<FileKind, boolean>();
  const has = (k: FileKind) => {
    let v = kinds.get(k);
    if (v === undefined) kinds.set(k, (v = ctx.ws.pathsOfKind(k).length > 0));
    return v;
  };
  const out: DocEvaluation[] = [];
  for (const doc of findRoadmaps(ctx.ws)) {
    const items = doc.items.map((item): ItemEvaluation => {
      const crit = ctx.measured ? criterionOf(item.text, measured) : undefined;
      if (crit) {
        const mapping: ItemMapping = { rules: [], topics: ['the measured score'], via: 'text' };
        return { item, mapping, verdict: crit.verdict, failing: [], passing: [], criterion: crit.criterion, group: groupOf(item, crit.verdict, true) };
      }
      const mapping = mapItem(item, reg, table);
      const v = verdictOf(mapping, results, has);
      return { item, mapping, ...v, group: groupOf(item, v.verdict, mapping.rules.length > 0) };
    });
    const claims = ctx.measured ? doc.claims.map((c) => evaluateClaim(c, measured, tolerance)) : [];
    out.push({ doc, items, claims });
  }
  if (!registry) cache.set(key, out);
  return out;
}
