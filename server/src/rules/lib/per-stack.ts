/**
 * The shape shared by the per-stack quality rules (linter, formatter): for each detected stack, the
 * tool earns full credit when CI runs it on every change (found by the CI resolver, through make,
 * scripts, hooks and actions), half when it is only configured (or runs in CI only on a schedule or
 * with failures ignored), and nothing when neither; the message says exactly which. The credit is the
 * share over the stacks. Stacks the rule knows nothing about are left out rather than failed.
 */
import type { Evidence, RuleFinding, RuleOutcome } from '../../core/types';
import type { Facts, Stack } from '../../core/facts';
import type { Workspace } from '../../core/workspace';
import { ciRuns, findRuns, hitEvidence, isGating, whyNotGating, type CiHit, type CommandSpec } from './ci-run';
import { activeStacks } from './test-cases';

const DIFF_CHECK = /\bgit\s+diff\b[^\n]*--(?:exit-code|quiet)\b|\bgit\s+status\s+--porcelain\b|\bgit\s+diff-index\b[^\n]*--quiet|tj-actions\/verify-changed-files/;

/** True when the job of a hit fails on a changed working tree at or after the hit (write, then check the diff). */
function diffCheckedAfter(ws: Workspace, h: CiHit): boolean {
  const start = h.run.chain[0];
  return ciRuns(ws).some((r) => r.entry.job === h.run.entry.job && r.entry.file === h.run.entry.file && r.chain[0].line >= start.line && DIFF_CHECK.test(r.text));
}

/** How one stack shows the practice, and what to advise when it does not. */
export interface StackCheck {
  /** Evidence that the tool is configured or declared ("ESLint is configured (eslint.config.js)"). */
  detect: (ws: Workspace, facts: Facts) => Evidence | undefined;
  /** What running the tool in CI looks like. */
  ci: CommandSpec | ((ws: Workspace) => CommandSpec);
  /** Commands that run the tool as part of the build once it is configured there (`mvn verify` runs Checkstyle). */
  ciWhenConfigured?: CommandSpec;
  /**
   * Commands that rewrite files (`prettier --write`, `gofmt -w`, `make format`): they check only when
   * the same job then fails on a diff (`git diff --exit-code`).
   */
  ciWrite?: CommandSpec;
  /** What the tool is called in messages when nothing was detected ("ESLint or Biome"). */
  tool: string;
  advice: string;
}

/** Runs the checks of the detected stacks. */
export function checkStacks(ws: Workspace, facts: Facts, checks: Partial<Record<Stack, StackCheck>>, what: string): RuleOutcome {
  const evidence: Evidence[] = [];
  const findings: RuleFinding[] = [];
  let total = 0;
  let credit = 0;
  // Stacks with product code of their own: a manifest that only pins tools for a test harness is not judged.
  for (const s of activeStacks(ws, facts)) {
    const c = checks[s];
    if (!c) continue;
    total++;
    const configured = c.detect(ws, facts);
    const spec = typeof c.ci === 'function' ? c.ci(ws) : c.ci;
    const hits = [...findRuns(ws, spec), ...(configured && c.ciWhenConfigured ? findRuns(ws, c.ciWhenConfigured) : []), ...(c.ciWrite ? findRuns(ws, c.ciWrite).filter((h) => diffCheckedAfter(ws, h)) : [])];
    const gating = hits.filter((h) => isGating(h.run));
    if (configured) evidence.push({ ...configured, message: `${s}: ${configured.message}` });
    if (gating.length > 0) {
      credit += 1;
      evidence.push(...hitEvidence(gating, `${s}: ${what} runs in CI`, 2));
      continue;
    }
    if (hits.length > 0) {
      credit += 0.5;
      evidence.push(...hitEvidence(hits, `${s}: ${what} runs in CI`, 2));
      findings.push({ message: `the ${s} ${what} runs in CI ${whyNotGating(hits[0].run)}: run it on every push and pull request`, file: null, data: { stack: s, notRunInCi: true } });
      continue;
    }
    if (configured) {
      credit += 0.5;
      findings.push({ message: `${configured.message} but no CI job ${what === 'formatter' ? 'checks the formatting' : 'runs it'}: ${c.advice}`, file: configured.file ?? null, ...(configured.file ? { range: lineRange(configured.line) } : {}), data: { stack: s, notRunInCi: true } });
      continue;
    }
    findings.push({ message: `no ${what} for the ${s} code; ${c.advice}`, file: null, data: { stack: s } });
  }
  if (total === 0) return { status: 'not-applicable', findings: [], reason: `no stack with a known ${what}` };
  if (findings.length === 0) return { status: 'pass', findings, evidence };
  const score = credit / total;
  return score > 0 ? { status: 'partial', score, findings, evidence } : { status: 'fail', findings, evidence };
}

function lineRange(line: number | undefined) {
  const l = Math.max(0, (line ?? 1) - 1);
  return { start: { line: l, character: 0 }, end: { line: l, character: 0 } };
}

/** Applies when the project has at least one of the stacks. */
export function appliesToStacks(stacks: Stack[]) {
  return (facts: Facts): true | string => (facts.stacks.some((s) => stacks.includes(s)) ? true : `no ${stacks.join(', ')} code`);
}
